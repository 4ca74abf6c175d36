"""``unspin serve``: the web API and the analyst's page over one index.

    from unspin.serve import ServeSettings, create_app
    app = create_app(ServeSettings(db="news.db", api_key="..."))

Modules: ``app`` (assembly), ``api`` (/v1 routes), ``pages`` (HTML), ``service`` (the work,
without HTTP), ``gate`` (the analysis queue), ``stores`` (a store per request), ``worker`` (the
analysis process), ``page_html`` (templates, message pages), ``limits`` (body size, JSON
only), ``errors`` (one error shape), ``schemas`` (request/response bodies), ``settings``.
Stored reports are :mod:`unspin.core.report_document`; the analysis is :mod:`unspin.app`.
"""

from __future__ import annotations

from unspin.serve.app import create_app
from unspin.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
