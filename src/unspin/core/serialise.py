"""Report -> the JSON document described in ``unspin/schema/report.schema.json``.

Keys follow the contract in docs/design.md; fields are only ever added.
"""

from __future__ import annotations

import json
from typing import Any

from unspin.core.model import Article, Change, Report, plain_dict

# 1.1: sources[].copies; 1.2: sources[].evidence, syndication_edit; 1.3: sources[].versions
SCHEMA_VERSION = "1.3"


def article_info(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "site": article.site,
        "boilerplate": list(article.boilerplate),
    }


def change_to_dict(change: Change) -> dict[str, Any]:
    out = plain_dict(change)
    out["from"] = out.pop("from_")
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    by_id = {m.id: m for m in report.source_matches}
    sources = []
    for source in report.sources:
        match = by_id.get(source.id or "")
        info = article_info(source)
        info["coverage"] = round(match.coverage, 4) if match else 0.0
        info["sentences"] = list(match.sentences) if match else []
        info["copies"] = list(match.copies) if match else []
        info["evidence"] = [plain_dict(e) for e in match.evidence] if match else []
        info["versions"] = list(match.versions) if match else []
        sources.append(info)
    return {
        "schema_version": SCHEMA_VERSION,
        "article": article_info(report.article),
        "sources": sources,
        "summary": plain_dict(report.summary),
        "sentences": [plain_dict(s) for s in report.sentences],
        "changes": [change_to_dict(c) for c in report.changes],
        "quotes": [plain_dict(q) for q in report.quotes],
        "findings": [plain_dict(f) for f in report.findings],
        "score": report.score,
        "verdict": report.verdict.value,
    }


def render_json(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False)
