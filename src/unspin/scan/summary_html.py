"""summary.html: the run at a glance (top content farms, spun share per site, counts).

One self-contained page (inline CSS and SVG, no script, no external resources), autoescaped:
site names, URLs and lines come from the crawl and are untrusted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from unspin.render.html_report import TEMPLATES, template_environment
from unspin.scan.lines import line_diff

__all__ = ["render_summary_html", "write_summary_html"]

TOP_SITES = 25
CHART_SITES = 30


def render_summary_html(
    summary: Mapping[str, Any],
    sites: Sequence[Mapping[str, Any]],
    networks: Sequence[Mapping[str, Any]],
) -> str:
    chart = [s for s in sites if s["spun_pages"] > 0][:CHART_SITES]
    return (
        template_environment(TEMPLATES)
        .get_template("scan_summary.html.j2")
        .render(
            summary=summary,
            totals=summary.get("totals", {}),
            farms=[s for s in sites if s["spun_pages"] > 0][:TOP_SITES],
            chart=chart,
            networks=[_with_diffs(n) for n in networks[:TOP_SITES]],
            bar_height=18,
        )
    )


def _with_diffs(network: Mapping[str, Any]) -> dict[str, Any]:
    """The network with each link's two lines as word diffs (what differs between sites)."""
    links = []
    for link in network.get("links") or ():
        diff = line_diff(link["text_a"], link["text_b"])
        links.append(
            {
                **link,
                "side_a": [(op, t) for op, t in diff if op != "+"],
                "side_b": [(op, t) for op, t in diff if op != "-"],
            }
        )
    return {**network, "links": links}


def write_summary_html(
    path: Path,
    summary: Mapping[str, Any],
    sites: Sequence[Mapping[str, Any]],
    networks: Sequence[Mapping[str, Any]],
) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_summary_html(summary, sites, networks), encoding="utf-8")
    tmp.replace(path)
