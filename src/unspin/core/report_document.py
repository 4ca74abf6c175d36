"""Reports as a store keeps them, and back (the service's report pages, the watcher's alerts).

The stored document is the public report JSON plus the full articles it was made from, since
the side-by-side page needs every source's text and the report JSON carries only metadata:

    {"created": "2026-11-05T10:00:00+00:00",
     "report": {... unspin/schema/report.schema.json ...},
     "articles": {"article": Article.to_dict(), "sources": [Article.to_dict(), ...]}}

:func:`report_from_document` rebuilds the exact ``Report``, so a report page rendered after a
restart is the page the analyst first saw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, TypeVar

from unspin.core.model import (
    AlignedSentence,
    Article,
    Change,
    ChangeKind,
    CopyEvidence,
    Evidence,
    Finding,
    Quote,
    Report,
    SentenceStatus,
    SourceMatch,
    Summary,
    Verdict,
)
from unspin.core.serialise import report_to_dict

T = TypeVar("T")


def report_document(report: Report) -> dict[str, Any]:
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "report": report_to_dict(report),
        "articles": {
            "article": report.article.to_dict(),
            "sources": [source.to_dict() for source in report.sources],
        },
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def report_from_document(document: dict[str, Any]) -> Report:
    data = document["report"]
    articles = document["articles"]
    return Report(
        article=Article.from_dict(articles["article"]),
        sources=tuple(Article.from_dict(a) for a in articles["sources"]),
        source_matches=tuple(_source_match(s) for s in data["sources"]),
        sentences=tuple(_sentence(s) for s in data["sentences"]),
        changes=tuple(_change(c) for c in data["changes"]),
        summary=_build(Summary, data["summary"]),
        verdict=Verdict(data["verdict"]),
        quotes=tuple(_build(Quote, q) for q in data["quotes"]),
        findings=tuple(_finding(f) for f in data["findings"]),
        score=data["score"],
    )


def _build(cls: type[T], values: dict[str, Any]) -> T:
    """``cls(**values)`` for the keys ``cls`` knows (a newer document may carry more)."""
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in values.items() if k in known})


def _source_match(s: dict[str, Any]) -> SourceMatch:
    # JSON lists are the model's tuples (sentences, copies, and any added later).
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in s.items()}
    values["id"] = s["id"] or ""
    values["published"] = dt.date.fromisoformat(s["published"]) if s["published"] else None
    values["evidence"] = tuple(_build(CopyEvidence, e) for e in s.get("evidence", ()))
    return _build(SourceMatch, values)


def _sentence(s: dict[str, Any]) -> AlignedSentence:
    values = {**s, "status": SentenceStatus(s["status"]),
              "source_sentences": tuple(s["source_sentences"])}  # fmt: skip
    return _build(AlignedSentence, values)


def _change(c: dict[str, Any]) -> Change:
    values = {**c, "kind": ChangeKind(c["kind"]), "from_": c.get("from")}
    return _build(Change, values)


def _finding(f: dict[str, Any]) -> Finding:
    evidence = tuple(_build(Evidence, e) for e in f.get("evidence", ()))
    return _build(Finding, {**f, "evidence": evidence})


__all__ = ["dumps", "report_document", "report_from_document"]
