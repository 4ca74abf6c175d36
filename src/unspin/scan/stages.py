"""Stages 2-4, pure functions shared by both engines: fingerprint, shortlist, trace.

    page (pages.py) --fingerprint_keys--> sentence fingerprints
        --shortlist (a join with the reference postings)--> up to SHORTLIST reference texts
        --trace_page (unspin.app.check against just those)--> a matches row + spun lines

The shortlist is the scan's distributed join: the local engine looks the keys up in the SQLite
index, the Spark engine joins a key table exported from the same index; both count, per page
and reference text, the distinct fingerprints they share, and keep the best few by the same
order. Tracing then runs ``check()`` on an in-memory index of only the shortlisted texts (and
their identical copies), so a page's row depends on nothing but the page and its shortlist:
the same in a worker process and in a Spark executor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from unspin.app import check_candidates, parsed_texts, retrieve
from unspin.core.model import Article, ChangeKind, Report, SentenceStatus, Verdict
from unspin.index.fingerprints import DocFingerprints, FingerprintConfig, fingerprint
from unspin.index.indexer import index_articles
from unspin.index.retrieve import POSTING_CAP  # the cut `unspin check` makes
from unspin.index.store import SENT_BITS, MemoryStore, PreparedArticle, article_key
from unspin.scan.lines import LINE_MIN_WORDS, line_bands, line_hash, line_words, split_lines

__all__ = [
    "CHANGE_COLUMNS",
    "MIN_SHARED",
    "POSTING_CAP",
    "SHORTLIST",
    "TRACE_BATCH",
    "fingerprint_keys",
    "is_spun_or_unattributed",
    "shortlist",
    "trace_page",
    "trace_pages",
]

MIN_SHARED = 2  # one shared name pair is any two reports on one event; two is a lead
SHORTLIST = 12  # reference texts traced per page (check() keeps at most 8 sources)
TRACE_BATCH = 16  # pages traced together: their parse is one nlp.pipe batch
# Parsed texts a worker keeps across batches: the wire stories its pages copy come back
# batch after batch (a few hundred KB each).
KEEP_PARSES = 512
KEEP_FINGERPRINTS = 4096  # reference texts' fingerprints a worker keeps (tens of KB each)
CHANGE_COLUMNS = tuple(f"n_{k.value}" for k in ChangeKind)
SPUN_VERDICTS = frozenset({Verdict.SPUN_COPY.value, Verdict.COLLAGE.value})
COPY_VERDICTS = SPUN_VERDICTS | {Verdict.FAITHFUL_COPY.value}
_SWAP_KINDS = frozenset({ChangeKind.ENTITY_SWAP, ChangeKind.SYNONYM_SWAP})


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
    (result,) = trace_pages([(page, references)], config)
    if isinstance(result, Exception):
        raise result
    return result


Traced = tuple[dict[str, Any], list[dict[str, Any]]]


def trace_pages(
    items: Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]],
    config: FingerprintConfig,
) -> list[Traced | Exception]:
    """:func:`trace_page` for a batch of pages, each result or the error it raised.

    Pages with no reference, or whose candidates share no sentence with them, are finished
    without spaCy. The others are compared after one batched parse (``nlp.pipe``) of their
    texts and their sources' texts: the parse is most of a page's cost, and a batch runs
    the model over many texts at once.
    """
    results: list[Traced | Exception | _Pending] = []
    for page, references in items:
        try:
            results.append(_prepare(page, references, config))
        except Exception as err:  # this page only
            results.append(err)
    pending = [r for r in results if isinstance(r, _Pending)]
    if pending:
        from unspin.nlp.parse import keep_parses, prime

        keep_parses(KEEP_PARSES)
        prime(t for p in pending for t in p.texts)
    out: list[Traced | Exception] = []
    for r in results:
        if not isinstance(r, _Pending):
            out.append(r)
            continue
        try:
            report = check_candidates(r.article, r.found)
            out.append((match_row(r.page, report, r.n_candidates), spun_lines(r.page, report)))
        except Exception as err:
            out.append(err)
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class _Pending:
    """A page with sentence evidence in its candidates: to compare."""

    page: Mapping[str, Any]
    article: Article
    found: list[Any]
    n_candidates: int
    texts: list[str]  # what check_candidates will parse


def _prepare(
    page: Mapping[str, Any], references: Sequence[Mapping[str, Any]], config: FingerprintConfig
) -> Traced | _Pending:
    if not references:
        return match_row(page, None, 0), spun_lines(page, None)
    _fault_point()
    store = MemoryStore(config=config)
    ordered = sorted(references, key=lambda r: int(r["id"]))
    index_articles(store, [_article(r, id_=r["key"]) for r in ordered], prepare=_prepare_reference)
    article = _article(page, id_=page.get("url") or page["page_id"])
    n_candidates = len({int(r.get("group", r["id"])) for r in references})
    found = retrieve(article, store)  # as `unspin check` does, in the page's shortlist
    texts = parsed_texts(article, found)
    if not texts:  # no sentence evidence: original, no need to parse it
        return match_row(page, None, n_candidates), spun_lines(page, None)
    return _Pending(page, article, found, n_candidates, texts)


@functools.lru_cache(maxsize=KEEP_FINGERPRINTS)
def _reference_fingerprints(text: str, config: FingerprintConfig) -> DocFingerprints:
    return fingerprint(text, config)


def _prepare_reference(article: Article, config: FingerprintConfig) -> PreparedArticle:
    """``prepare_article`` for a shortlisted reference text, fingerprinted once per worker:
    every page that copies a wire story fingerprints it again otherwise."""
    fp = _reference_fingerprints(article.text, config)
    return PreparedArticle(key=article_key(article, fp.content_hash), article=article, fp=fp)


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


def spun_lines(page: Mapping[str, Any], report: Report | None) -> list[dict[str, Any]]:
    """The lines of a page that may link its site to others run by one operator.

    A traced page gives its sentences that the reference does not explain word for word:
    spun ones (with the reference sentence they were made from and the swaps made in it: the
    spin signature), reworded and inserted ones. A page with no source gives all its lines
    (status ``untraced``): they link two sites only when near-identical, see
    ``tables.networks``. Copied sentences never link anything: copying a wire story is what
    syndication does.
    """
    if report is None:
        pieces = [(t, SentenceStatus.INSERTED, None, ()) for t in split_lines(page["text"])]
        statuses = ["untraced"] * len(pieces)
    else:
        swaps: dict[int, set[str]] = defaultdict(set)
        for c in report.changes:
            if c.kind in _SWAP_KINDS and c.sentence is not None and c.from_ and c.to:
                swaps[c.sentence].add(f"{c.from_.lower()} > {c.to.lower()}")
        pieces = []
        for s in report.sentences:
            if s.status is SentenceStatus.COPIED:
                continue
            source = s.source_text if s.status is not SentenceStatus.INSERTED else None
            for piece in split_lines(s.text):
                pieces.append((piece, s.status, source, tuple(sorted(swaps.get(s.index, ())))))
        statuses = [p[1].value for p in pieces]
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for (text, _, source, swapped), status in zip(pieces, statuses, strict=True):
        words = line_words(text)
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
                "status": status,
                "text": text,
                "source": line_hash(line_words(source)) if source else None,
                "swaps": list(swapped),
                "bands": line_bands(words),
            }
        )
    sources = sorted(m.id for m in report.source_matches) if report is not None else []
    for row in out:
        row["page_lines"] = len(out)
        row["page_sources"] = sources
    return out


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
