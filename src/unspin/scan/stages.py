"""Stages 2-4, pure functions shared by both engines: fingerprint, shortlist, trace.

    page (pages.py) --fingerprint_keys--> sentence fingerprints
        --shortlist (a join with the reference postings)--> up to SHORTLIST reference texts
        --trace_page (unspin.trace.check against just those)--> a matches row + spun lines

The shortlist is the scan's distributed join: the local engine looks the keys up in the SQLite
index, the Spark engine joins a key table exported from the same index; both count, per page
and reference text, the distinct fingerprints they share, and keep the best few by the same
order. Tracing then runs ``check()`` on an in-memory index of only the shortlisted texts (and
their identical copies), so a page's row depends on nothing but the page and its shortlist:
the same in a worker process and in a Spark executor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from unspin.corpus.fingerprints import FingerprintConfig, fingerprint
from unspin.corpus.indexer import index_articles
from unspin.corpus.retrieve import POSTING_CAP, candidates  # the cut `unspin check` makes
from unspin.corpus.store import SENT_BITS, MemoryStore
from unspin.model import Article, ChangeKind, Report, SentenceStatus, Verdict
from unspin.trace import check_candidates, contributing

__all__ = [
    "CHANGE_COLUMNS",
    "MIN_SHARED",
    "POSTING_CAP",
    "SHORTLIST",
    "fingerprint_keys",
    "is_spun_or_unattributed",
    "shortlist",
    "trace_page",
]

MIN_SHARED = 2  # one shared name pair is any two reports on one event; two is a lead
SHORTLIST = 12  # reference texts traced per page (check() keeps at most 8 sources)
CHECK_K = 10  # candidates check() weighs (its default)
LINE_MIN_WORDS = 8  # spun lines shorter than this are too generic to link two sites
CHANGE_COLUMNS = tuple(f"n_{k.value}" for k in ChangeKind)
SPUN_VERDICTS = frozenset({Verdict.SPUN_COPY.value, Verdict.COLLAGE.value})
COPY_VERDICTS = SPUN_VERDICTS | {Verdict.FAITHFUL_COPY.value}
_LINE_WORD = re.compile(r"\w+")


def fingerprint_keys(text: str, config: FingerprintConfig) -> list[int]:
    """The distinct sentence fingerprints of a page, sorted (signed 64-bit)."""
    fp = fingerprint(text, config)
    return sorted({h for s in fp.sentences for h in s.fingerprints})


def shortlist(keys: Iterable[int], postings: Mapping[int, Sequence[int]]) -> list[tuple[int, int]]:
    """``[(reference rowid, shared fingerprints)]``, best first, at most SHORTLIST.

    ``postings`` maps a fingerprint to its packed postings (rowid << SENT_BITS | sentence),
    already without the fingerprints that have more than POSTING_CAP of them.
    """
    shared: dict[int, set[int]] = {}
    for h in keys:
        for p in postings.get(h, ()):
            shared.setdefault(p >> SENT_BITS, set()).add(h)
    ranked = sorted(
        ((doc, len(hs)) for doc, hs in shared.items() if len(hs) >= MIN_SHARED),
        key=lambda x: (-x[1], x[0]),
    )
    return ranked[:SHORTLIST]


def trace_page(
    page: Mapping[str, Any], references: Sequence[Mapping[str, Any]], config: FingerprintConfig
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``matches`` row of one page and its ``spun_lines`` rows.

    ``references`` are the shortlisted reference texts and their identical copies, as dicts
    with ``id`` (row id), ``key``, ``url``, ``site``, ``title``, ``byline``, ``published``
    (ISO date or None) and ``text``. With none the page is original and nothing runs.
    """
    if not references:
        return match_row(page, None, 0), []
    _fault_point()
    store = MemoryStore(config=config)
    ordered = sorted(references, key=lambda r: int(r["id"]))
    index_articles(store, [_article(r, id_=r["key"]) for r in ordered])
    article = _article(page, id_=page.get("url") or page["page_id"])
    n_candidates = len({int(r.get("group", r["id"])) for r in references})
    found = candidates(store, article, CHECK_K)
    if not contributing(found):  # no sentence evidence: original, no need to parse it
        return match_row(page, None, n_candidates), []
    report = check_candidates(article, found)
    return match_row(page, report, n_candidates), spun_lines(page, report)


def match_row(page: Mapping[str, Any], report: Report | None, n_candidates: int) -> dict[str, Any]:
    """One row of the ``matches`` table (see ``tables.MATCHES``)."""
    row: dict[str, Any] = {
        "page_id": page["page_id"],
        "file": page["file"],
        "url": page.get("url"),
        "site": page.get("site"),
        "title": page.get("title"),
        "published": _date(page.get("published")),
        "words": int(page["words"]),
        "candidates": n_candidates,
    }
    counts = dict.fromkeys(CHANGE_COLUMNS, 0)
    if report is None or not report.sources:
        row.update(
            sentences=None if report is None else report.summary.sentences,
            verdict=Verdict.ORIGINAL.value,
            coverage=0.0,
            copied=0.0,
            spun=0.0,
            reworded=0.0,
            score=None,
            source_credited="not_assessable",
            n_sources=0,
            sources=[],
            source_urls=[],
            top_source=None,
            quotes=None if report is None else sum(q.direct for q in report.quotes),
        )
    else:
        for c in report.changes:
            counts[f"n_{c.kind.value}"] += 1
        s = report.summary
        matches = sorted(report.source_matches, key=lambda m: (-m.coverage, m.id))
        credited = next(
            (f.status for f in report.findings if f.criterion == "source_credited"),
            "not_assessable",
        )
        row.update(
            sentences=s.sentences,
            verdict=report.verdict.value,
            coverage=round(min(1.0, s.copied + s.spun + s.reworded), 4),
            copied=round(s.copied, 4),
            spun=round(s.spun, 4),
            reworded=round(s.reworded, 4),
            score=None if report.score is None else round(report.score, 2),
            source_credited=credited,
            n_sources=len(matches),
            sources=[m.id for m in matches],
            source_urls=[m.url or "" for m in matches],
            top_source=matches[0].id,
            quotes=sum(q.direct for q in report.quotes),
        )
    row.update(counts)
    row["spun_or_unattributed"] = is_spun_or_unattributed(row)
    return row


def is_spun_or_unattributed(row: Mapping[str, Any]) -> bool:
    """A spun copy or collage, or a verbatim copy that does not credit its source."""
    verdict = row["verdict"]
    return verdict in SPUN_VERDICTS or (
        verdict in COPY_VERDICTS and row["source_credited"] == "fail"
    )


def spun_lines(page: Mapping[str, Any], report: Report) -> list[dict[str, Any]]:
    """Sentences of a traced page that the reference does not explain word for word.

    Spun, reworded and inserted sentences: two sites publishing the same one are likely run
    by one operator (the same "Russian Federation" rewrite of a wire line, the same filler).
    """
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for s in report.sentences:
        if s.status is SentenceStatus.COPIED:
            continue
        words = _LINE_WORD.findall(s.text.lower())
        if len(words) < LINE_MIN_WORDS:
            continue
        h = line_hash(words)
        if h in seen:
            continue
        seen.add(h)
        out.append(
            {
                "line": h,
                "page_id": page["page_id"],
                "site": page.get("site"),
                "published": _date(page.get("published")),
                "status": s.status.value,
                "text": s.text,
            }
        )
    return out


def line_hash(words: Sequence[str]) -> int:
    """Signed 64-bit hash of a sentence's lower-cased words (punctuation and case ignored)."""
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _fault_point() -> None:
    """Fault injection for the tests: with UNSPIN_SCAN_KILL_ONCE=<path>, the first worker to
    get here creates <path> and dies on the spot (as if killed mid-partition); later ones pass.
    """
    marker = os.environ.get("UNSPIN_SCAN_KILL_ONCE")
    if not marker:
        return
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.close(fd)
    os._exit(137)


def _article(d: Mapping[str, Any], *, id_: str) -> Article:
    return Article(
        text=d["text"],
        title=d.get("title"),
        byline=d.get("byline"),
        published=_date(d.get("published")),
        url=d.get("url"),
        site=d.get("site"),
        id=id_,
    )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
