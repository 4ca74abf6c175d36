"""Index articles into a store: read, fingerprint, commit in batches, count everything."""

from __future__ import annotations

import functools
import logging
import multiprocessing as mp
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from unspin.core.limits import analysis_size_problem
from unspin.core.model import Article
from unspin.index.fingerprints import FingerprintConfig, fingerprint
from unspin.index.store import BatchResult, Outcome, PreparedArticle, Store, prepare_article
from unspin.ingest.bulk import Loader, ReadSummary, iter_articles

log = logging.getLogger(__name__)

__all__ = ["IndexSummary", "index_articles", "index_paths"]


@dataclass
class IndexSummary:
    """Committed outcomes, skipped records by reason, and timing of one indexing run.

    Only committed batches are counted: after a crash, ``indexed`` never overstates what is
    in the store.
    """

    outcomes: Counter[str] = field(default_factory=Counter)
    read: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    files: int = 0
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return sum(self.outcomes[o] for o in Outcome.INDEXED)

    @property
    def offered(self) -> int:
        return sum(self.outcomes.values())

    @property
    def docs_per_second(self) -> float:
        return self.offered / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "indexed": self.indexed,
            "outcomes": dict(self.outcomes),
            "read": dict(self.read),
            "skipped": dict(self.skipped),
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs_per_second, 1),
        }


def index_articles(
    store: Store,
    articles: Iterable[Article],
    *,
    batch_size: int = 1000,
    on_commit: Callable[[BatchResult], None] | None = None,
    summary: IndexSummary | None = None,
    jobs: int = 1,
    prepare: Callable[[Article, FingerprintConfig], PreparedArticle] = prepare_article,
) -> IndexSummary:
    """Fingerprint and store ``articles``; returns the committed counts.

    ``jobs > 1`` fingerprints in that many worker processes (the single writer stays here).
    ``prepare`` fingerprints one article in this process (``unspin scan`` passes one that
    remembers the reference texts it has fingerprinted before).
    """
    summary = summary if summary is not None else IndexSummary()
    t0 = time.perf_counter()

    def committed(result: BatchResult) -> None:
        counts = result.counts()
        summary.outcomes.update(counts)
        if counts[Outcome.DUPLICATE_ID]:
            summary.skipped["duplicate_id"] += counts[Outcome.DUPLICATE_ID]
        if on_commit is not None:
            on_commit(result)

    try:
        with store.session(batch_size=batch_size, on_commit=committed) as session:
            analysable = _analysable(articles, summary)
            for prepared in _prepared(analysable, store.config, jobs, prepare):
                session.add(prepared)
    finally:
        summary.seconds += time.perf_counter() - t0
    return summary


_SURROGATE = re.compile("[\ud800-\udfff]")


def _analysable(articles: Iterable[Article], summary: IndexSummary) -> Iterator[Article]:
    """The articles a later ``check`` can analyse: over the analysis limits (``too_large``)
    or holding a lone surrogate, which is no text (``invalid_unicode``), are skipped."""
    for art in articles:
        fields = (art.text, art.title, art.byline, art.url, art.id, art.site)
        if any(_SURROGATE.search(f) for f in fields if f):
            summary.skipped["invalid_unicode"] += 1
            log.warning("skipped %s: invalid_unicode (a lone surrogate)", art.id or art.url)
            continue
        problem = analysis_size_problem(art.text)
        if problem is not None:
            summary.skipped["too_large"] += 1
            log.warning("skipped %s: too_large (%s)", art.id or art.url, problem)
            continue
        yield art


def _prepared(
    articles: Iterable[Article],
    config: FingerprintConfig,
    jobs: int,
    prepare: Callable[[Article, FingerprintConfig], PreparedArticle] = prepare_article,
) -> Iterator[PreparedArticle]:
    if jobs <= 1:
        for art in articles:
            yield prepare(art, config)
        return
    # Warm the alias map before forking, so workers inherit it instead of each loading it.
    fingerprint("Warm up the alias map, United States.", config)
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(jobs) as pool:
        yield from pool.imap(functools.partial(_prepare_slim, config=config), articles, 32)


def _prepare_slim(article: Article, config: FingerprintConfig) -> PreparedArticle:
    """What the store needs, without the per-sentence immutables (cheaper to pickle)."""
    p = prepare_article(article, config)
    sents = tuple(replace(s, immutables=()) for s in p.fp.sentences)
    return replace(p, fp=replace(p.fp, sentences=sents))


def index_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    mapping: Mapping[str, str] | None = None,
    batch_size: int = 1000,
    on_commit: Callable[[BatchResult], None] | None = None,
    loader: Loader | None = None,
    reads: ReadSummary | None = None,
    jobs: int = 1,
) -> IndexSummary:
    """Index every article the readers find under ``paths`` (see :mod:`.readers`)."""
    reads = reads if reads is not None else ReadSummary()
    summary = IndexSummary()
    try:
        index_articles(
            store,
            iter_articles(paths, mapping=mapping, summary=reads, loader=loader),
            batch_size=batch_size,
            on_commit=on_commit,
            summary=summary,
            jobs=jobs,
        )
    finally:
        summary.read.update(reads.read)
        summary.skipped.update(reads.skipped)
        summary.files = reads.files
    return summary
