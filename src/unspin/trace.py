"""check(): trace an article to the indexed articles it was made from, then compare.

Retrieval (``unspin.corpus.retrieve``) proposes candidates from spin-robust fingerprints,
MinHash/LSH and BM25, and verifies them sentence by sentence; only candidates with
sentence-level evidence become sources. ``compare`` then aligns every sentence of the article
with the best sentence among all those sources, so a collage of several wire reports comes out
with each contributing source and the sentences it accounts for.
"""

from __future__ import annotations

import dataclasses

from unspin.comparison import compare
from unspin.corpus.retrieve import Candidate, candidates
from unspin.corpus.store import Store
from unspin.model import Article, Report

MAX_SOURCES = 8


def contributing(found: list[Candidate]) -> list[Candidate]:
    """Candidates with sentence-level evidence: a shared sentence, not just shared names."""
    return [c for c in found if c.hits and c.sentences][:MAX_SOURCES]


def check(article: Article, store: Store, *, k: int = 10) -> Report:
    """Trace ``article`` in ``store`` and report every change against each source found."""
    sources = [
        dataclasses.replace(c.article, id=c.id) for c in contributing(candidates(store, article, k))
    ]
    report = compare(article, sources)
    # A source must account for a sentence of the article's own reporting: two independent
    # reports of one event quote the same statement, and that alone is not copying. Those
    # that lost every sentence to a better source are not sources either.
    kept = [s for s in sources if _narration_evidence(report, s.id)]
    if len(kept) == len(sources):
        return report
    return compare(article, kept)


def _narration_evidence(report: Report, source_id: str | None) -> bool:
    quotes = [(q.start, q.end) for q in report.quotes if q.direct]
    for s in report.sentences:
        if s.source_id != source_id:
            continue
        quoted = sum(max(0, min(s.end, qe) - max(s.start, qs)) for qs, qe in quotes)
        if quoted < 0.5 * (s.end - s.start):
            return True
    return False
