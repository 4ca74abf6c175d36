"""check(): trace an article to the indexed articles it was made from, then compare.

Retrieval (``unspin.corpus.retrieve``) proposes candidates from spin-robust fingerprints,
MinHash/LSH and BM25, and verifies them sentence by sentence; only candidates with
sentence-level evidence become sources. ``compare`` then aligns every sentence of the article
with the best sentence among all those sources, so a collage of several wire reports comes out
with each contributing source and the sentences it accounts for.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from unspin.comparison import compare
from unspin.corpus.retrieve import Candidate, candidates
from unspin.corpus.store import Store
from unspin.credibility import events
from unspin.model import AlignedSentence, Article, Report, SentenceStatus
from unspin.quotes.marks import scan_quotes

MAX_SOURCES = 8
EVIDENCE_MIN_WORDS = 6  # words outside quotation marks in the source sentence
REWRITE_MIN_SENTENCES = 3
REWRITE_MIN_SHARE = 0.25  # of the article's narration sentences
REWRITE_MIN_SIMILARITY = 0.6  # alignment similarity of a "close" rewording
_WORD = re.compile(r"\w+")


def contributing(found: list[Candidate]) -> list[Candidate]:
    """Up to MAX_SOURCES candidates with sentence-level evidence (a shared sentence, not just
    shared names), those that account for a sentence no better one does first.

    News archives hold several versions of one story; without the coverage pass they would
    take every slot and leave a collage's minor source out.
    """
    with_evidence = [c for c in found if c.hits and c.sentences]
    adds: list[bool] = []  # whether each accounts for a sentence no better one does
    covered: set[int] = set()
    for c in with_evidence:
        adds.append(not set(c.sentences) <= covered)
        covered.update(c.sentences)
    first = [i for i, a in enumerate(adds) if a][:MAX_SOURCES]
    # Spare slots go to the other versions: one may match a sentence better than the first.
    spare = [i for i, a in enumerate(adds) if not a][: MAX_SOURCES - len(first)]
    return [with_evidence[i] for i in sorted(first + spare)]


def check(article: Article, store: Store, *, k: int = 10, embedder: Any = None) -> Report:
    """Trace ``article`` in ``store`` and report every change against each source found.

    ``embedder`` (see :mod:`unspin.corpus.embeddings`, an optional extra) adds sentence
    embeddings to retrieval, for heavy rewording.
    """
    found = candidates(store, article, k, **({"embedder": embedder} if embedder else {}))
    return check_candidates(article, found)


def check_candidates(article: Article, found: list[Candidate]) -> Report:
    """:func:`check` given the retrieved candidates (``unspin scan`` retrieves its own)."""
    sources = [dataclasses.replace(c.article, id=c.id) for c in contributing(found)]
    report = compare(article, sources)
    kept = [s for s in sources if copy_evidence(report, s)]
    if len(kept) < len(sources):
        report = compare(article, kept)
    # The candidates that are not sources may be other reports of the same events.
    others = [dataclasses.replace(c.article, id=c.id) for c in found]
    report = events.with_related(report, others)
    return _with_copies(report, {c.id: c.copies for c in found})


def _with_copies(report: Report, copies: dict[str, tuple[str, ...]]) -> Report:
    """List, beside each source, the other indexed articles with its identical text."""
    matches = tuple(
        dataclasses.replace(m, copies=copies.get(m.id, ())) for m in report.source_matches
    )
    return dataclasses.replace(report, source_matches=matches)


def copy_evidence(report: Report, source: Article) -> list[AlignedSentence]:
    """The sentences that show ``article`` was made from ``source``; empty when none do.

    Two reports written independently about one event share names, numbers, the same quoted
    statement and often a sentence or two of near-paraphrase, so neither shared names nor a
    reworded sentence nor a shared quote is evidence of copying. Evidence is either

    * a sentence copied or only spun (swaps, changed figures) from the source's own narration,
      carrying at least ``EVIDENCE_MIN_WORDS`` words outside quotation marks there: an
      attribution frame or a sentence of reporting, not a statement both reports quote; or
    * a rewrite of the whole: at least ``REWRITE_MIN_SENTENCES`` close rewordings that make up
      ``REWRITE_MIN_SHARE`` of the article's narration (what an LLM rewrite looks like).

    Quotedness is read from the source, a whole article whose quotation marks pair up, rather
    than from the derivative, where a collage that cuts into a quote leaves a stray mark.
    """
    mine = [s for s in report.sentences if s.source_id == source.id]
    if not mine:
        return []
    unquoted = UnquotedWords(source.text)
    close = [
        s
        for s in mine
        if s.status in (SentenceStatus.COPIED, SentenceStatus.SPUN)
        and unquoted.count(s.source_text) >= EVIDENCE_MIN_WORDS
    ]
    if close:
        return close
    quoted = _QuotedShare(report)
    narration = [s for s in report.sentences if quoted.share(s.start, s.end) < 0.5]
    rewritten = [
        s
        for s in mine
        if s.status is SentenceStatus.REWORDED
        and s.similarity >= REWRITE_MIN_SIMILARITY
        and unquoted.count(s.source_text) >= EVIDENCE_MIN_WORDS
    ]
    if len(rewritten) >= REWRITE_MIN_SENTENCES and len(rewritten) >= REWRITE_MIN_SHARE * len(
        narration
    ):
        return rewritten
    return []


class UnquotedWords:
    """Words of a source passage that lie outside its quotation marks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.mask = sorted(p for q in scan_quotes(text) for p in q.parts)

    def count(self, passage: str | None) -> int:
        if not passage:
            return 0
        start = self.text.find(passage)
        if start < 0:  # not a contiguous slice of the source (a merge of distant sentences)
            return len(_WORD.findall(passage))
        end = start + len(passage)
        pieces, at = [], start
        for qs, qe in self.mask:
            if qe <= at or qs >= end:
                continue
            pieces.append(self.text[at : max(at, qs)])
            at = min(end, qe)
        pieces.append(self.text[at:end])
        return len(_WORD.findall(" ".join(pieces)))


class _QuotedShare:
    """Share of a span of the article inside its direct quotes."""

    def __init__(self, report: Report) -> None:
        self.quotes = [(q.start, q.end) for q in report.quotes if q.direct]

    def share(self, start: int, end: int) -> float:
        inside = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in self.quotes)
        return inside / max(1, end - start)
