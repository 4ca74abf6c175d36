"""The HTML every serve module may need: the templates, a message page, its security headers.

A leaf (it imports no other ``serve`` module), so the error handlers and the service can
render a page without importing the routes that import them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import jinja2

from unspin.render.html_report import template_environment

TEMPLATES = Path(__file__).with_name("templates")
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def environment() -> jinja2.Environment:
    return template_environment(TEMPLATES)


def render_message(title: str, message: str, *, code: str | None = None) -> str:
    return (
        environment()
        .get_template("message.html.j2")
        .render(title=title, message=message, code=code)
    )


def page_headers(html: str) -> dict[str, str]:
    """Security headers; the CSP names the page's own inline scripts by hash.

    Article text is escaped, so a ``<script>`` in the page can only come from a template.
    """
    scripts = (
        " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in _SCRIPT.findall(html)
        )
        or "'none'"
    )
    csp = (
        f"default-src 'none'; script-src {scripts}; "
        "style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


__all__ = ["TEMPLATES", "environment", "page_headers", "render_message"]
