"""Report -> one self-contained HTML page: verdict, findings, and the article beside its sources.

The page has no external resources (inline CSS, a few lines of inline JS to flash the target of
an in-page link). All markup comes from ``templates/report.html.j2``, rendered with autoescape
on; this module and its parts only prepare plain strings and numbers for it, so no article text
is ever marked safe.

The parts: :mod:`~unspin.render.html_parts` (plain values, text cut into segments),
:mod:`~unspin.render.html_layout` (where each change shows, and its anchor),
:mod:`~unspin.render.html_rows` (the side-by-side rows); this module builds the other sections
and renders the template. Labels and meanings come from :mod:`unspin.core.vocabulary`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from unspin.core.model import Finding, Report, is_copied
from unspin.core.serialise import SCHEMA_VERSION
from unspin.core.vocabulary import KINDS, VERDICTS, kind_info
from unspin.render.html_layout import ROW_KINDS, PageLayout, overlaps
from unspin.render.html_parts import (
    NONE,
    Badge,
    change_tooltip,
    date_text,
    kind_class,
    kind_label,
    pct,
    snippet,
    valid_span,
)
from unspin.render.html_rows import NOT_FOUND, rows

__all__ = ["ROW_KINDS", "TEMPLATES", "build_context", "render_html", "template_environment"]

TEMPLATES = Path(__file__).with_name("templates")

FINDING_INFO: dict[str, tuple[str, str]] = {
    "pass": ("Pass", "\u2713"),
    "fail": ("Fail", "\u2717"),
    "not_assessable": ("Not assessable", "?"),
}


def _title(page: PageLayout) -> dict[str, Any]:
    changes = [page.report.changes[i] for i in page.title_changes]
    anchors = [page.cid[i] for i in page.title_changes if page.cid[i] not in page.placed]
    page.placed.update(anchors)
    return {
        "text": page.report.article.title or "Untitled article",
        "untitled": not page.report.article.title,
        "classes": " ".join(
            ["chg", *dict.fromkeys(kind_class(c.kind) for c in changes)] if changes else []
        ),
        "tooltip": "\n".join(change_tooltip(c) for c in changes),
        "anchors": anchors,
        "refs": " ".join(anchors),
        "badges": [
            Badge(
                css=f"kb {kind_class(page.report.changes[i].kind)}",
                label=kind_label(page.report.changes[i].kind),
                title=change_tooltip(page.report.changes[i]),
                href=f"#row-{page.cid[i]}",
            )
            for i in page.title_changes
        ],
    }


def _changes_table(page: PageLayout) -> list[dict[str, Any]]:
    out = []
    for i, change in enumerate(page.report.changes):
        ref = page.cid[i]
        href = page.href(ref) or page.href(f"{ref}-src")
        source = page.source_of(change.source_id)
        detail = ""
        if change.from_ is not None or change.to is not None:
            detail = f"{change.from_ or NONE} \u2192 {change.to or NONE}"
        elif change.speaker is not None or change.source_speaker is not None:
            detail = (
                f"speaker {change.speaker or 'none'}; in source: {change.source_speaker or 'none'}"
            )
        text = change.text
        if valid_span(change.start, change.end, len(page.text)):
            text = page.text[change.start : change.end]
        out.append(
            {
                "number": i + 1,
                "id": f"row-{ref}",
                "kind": str(change.kind),
                "kind_class": kind_class(change.kind),
                "kind_label": kind_label(change.kind),
                "text": snippet(text) if change.start is not None or not change.source_text else "",
                "href": href,
                "src_href": page.href(f"{ref}-src"),
                "source_text": snippet(change.source_text or ""),
                "source_label": (
                    page.source_label(source, change.source_id)[0]
                    if page.multi_source and (change.source_id or change.source_text)
                    else ""
                ),
                "detail": detail,
                "confidence": pct(change.confidence),
                "low_confidence": change.confidence < 0.75,
                "tooltip": change_tooltip(change),
            }
        )
    return out


def _findings(page: PageLayout) -> list[dict[str, Any]]:
    out = []
    for f, finding in enumerate(page.report.findings, 1):
        label, icon = FINDING_INFO.get(finding.status, (finding.status, "?"))
        out.append(
            {
                "criterion": finding.criterion,
                "status": re.sub(r"[^a-z_]", "", finding.status),
                "status_label": label,
                "icon": icon,
                "weight": f"{finding.weight:g}",
                "explanation": finding.explanation,
                "evidence": _evidence(page, f, finding),
            }
        )
    return out


def _evidence(page: PageLayout, f: int, finding: Finding) -> list[dict[str, str]]:
    out = []
    for e, ev in enumerate(finding.evidence, 1):
        if valid_span(ev.start, ev.end, len(page.text)):
            text = snippet(page.text[ev.start : ev.end], 80)
        else:
            text = f"characters {ev.start}\u2013{ev.end}"
        out.append({"href": page.href(f"ev-{f}-{e}"), "text": text})
    return out


def _is_quote_kind(kind: str) -> bool:
    info = kind_info(kind)
    return info is not None and info.quote


def _quotes(page: PageLayout) -> list[dict[str, Any]]:
    out = []
    for n, quote in enumerate(page.report.quotes, 1):
        issues = [
            Badge(
                css=f"kb {kind_class(c.kind)}",
                label=kind_label(c.kind),
                title=change_tooltip(c),
                href=page.href(page.cid[i]) or page.href(f"{page.cid[i]}-src"),
            )
            for i, c in enumerate(page.report.changes)
            if _is_quote_kind(c.kind) and overlaps(c, quote)
        ]
        source_speakers = [
            c.source_speaker
            for c in page.report.changes
            if c.source_speaker and c.source_speaker != quote.speaker and overlaps(c, quote)
        ]
        out.append(
            {
                "number": n,
                "text": quote.text,
                "href": page.href(f"q-{n}"),
                "speaker": quote.speaker or "",
                "source_speaker": ", ".join(dict.fromkeys(source_speakers)),
                "cue": quote.cue or "",
                "direct": quote.direct,
                "issues": issues,
            }
        )
    return out


def _legend(page: PageLayout) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for c in page.report.changes:
        counts[str(c.kind)] = counts.get(str(c.kind), 0) + 1
    # the vocabulary's kinds in its order, then any other name a report read back carries
    kinds: list[str] = [*KINDS, *(k for k in counts if kind_info(k) is None)]
    return [
        {
            "kind": str(k),
            "class": kind_class(k),
            "label": kind_label(k),
            "meaning": info.meaning if (info := kind_info(k)) is not None else "",
            "count": counts.get(str(k), 0),
            "row_level": k in ROW_KINDS,
        }
        for k in kinds
    ]


def _sources_list(page: PageLayout) -> list[dict[str, Any]]:
    matches = {m.id: m for m in page.report.source_matches}
    out = []
    for source in page.report.sources:
        match = matches.get(source.id or "")
        out.append(
            {
                "id": source.id or "",
                "title": source.title or "",
                "byline": source.byline or "",
                "site": source.site or "",
                "published": date_text(source.published),
                "url": source.url or "",
                "coverage": pct(match.coverage) if match else "",
                "sentences": len(match.sentences) if match else 0,
                "copies": list(match.copies) if match else [],
                "versions": list(match.versions) if match else [],
                "evidence": [f"sentence {e.sentence + 1}: {e.reason}" for e in match.evidence]
                if match
                else [],
                "made_from": bool(match and is_copied(match.evidence)),
                "dated_after": page.report.dated_after_note(match)
                if match and match.sentences and page.report.dated_after(match)
                else "",
            }
        )
    return out


def _summary_bar(report: Report) -> list[dict[str, str]]:
    s = report.summary
    parts = [
        ("copied", "Copied", s.copied),
        ("spun", "Spun", s.spun),
        ("reworded", "Reworded", s.reworded),
        ("new", NOT_FOUND[0] if report.unsourced_are_not_found() else "New", s.new),
    ]
    return [
        {
            "key": key,
            "label": label,
            "pct": pct(value),
            "width": f"{max(0.0, min(1.0, value)) * 100:.2f}%",
            "title": f"{label}: {pct(value)} of the article\u2019s text",
        }
        for key, label, value in parts
    ]


def _score(score: float | None) -> dict[str, str] | None:
    if score is None:
        return None
    value = max(0.0, min(100.0, score))
    band = "low" if value < 40 else "mid" if value < 70 else "high"
    return {"text": f"{score:.1f}".removesuffix(".0"), "width": f"{value:.1f}%", "band": band}


def build_context(report: Report) -> dict[str, Any]:
    """Everything the template needs, as plain data (exposed for tests and other front ends)."""
    page = PageLayout(report)
    page_rows = rows(page)  # places the sentence anchors; the rest link to them
    title = _title(page)
    article = report.article
    verdict = str(report.verdict)
    known = VERDICTS.get(report.verdict)
    verdict_label, verdict_meaning = (
        (known.label, known.meaning)
        if known is not None
        else (verdict.replace("_", " ").capitalize(), "")
    )
    s = report.summary
    single = report.sources[0] if len(report.sources) == 1 else None
    return {
        "title": title,
        "article": {
            "byline": article.byline or "",
            "published": date_text(article.published),
            "site": article.site or "",
            "url": article.url or "",
        },
        "verdict": {
            "key": re.sub(r"[^a-z_]", "", verdict),
            "label": verdict_label,
            "meaning": verdict_meaning,
        },
        "score": _score(report.score),
        "bar": _summary_bar(report),
        "counts": {
            "sentences": s.sentences,
            "source_sentences": s.source_sentences,
            "dropped": s.dropped_source_sentences,
            "reordered": s.reordered_sentences,
            "changes": len(report.changes),
        },
        "findings": _findings(page),
        "sources": _sources_list(page),
        "multi_source": page.multi_source,
        "source_heading": (
            f"Source \u00b7 {single.id}" if single is not None and single.id else "Source"
        ),
        "legend": _legend(page),
        "rows": page_rows,
        "quotes": _quotes(page),
        "changes": _changes_table(page),
        "schema_version": SCHEMA_VERSION,
    }


@cache
def template_environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    """Jinja2 for unspin's pages: autoescaped (article text is untrusted), strict undefined."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (no external resources)."""
    return template_environment().get_template("report.html.j2").render(**build_context(report))
