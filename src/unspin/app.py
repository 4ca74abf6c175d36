"""The application: what every face (``cli``, ``serve``, ``scan``, ``watch``) asks of unspin.

    load_article(source)              a file or URL -> Article (see :mod:`unspin.ingest`)
    compare(article, sources)         name every change against given sources
    check(article, store)             trace an article in an index, then compare
    check_in_index(source, db)        the same over an index file, opened read-only
    retrieve, check_candidates        check in two steps, for a face that batches or filters
    demo_articles(), warm_up()        the bundled example; load the models before a request

check(): retrieval (``unspin.index.retrieve``) proposes candidates from spin-robust
fingerprints, MinHash/LSH and BM25, and verifies them sentence by sentence; only candidates with
sentence-level evidence become sources. ``compare`` then aligns every sentence of the article
with the best sentence among all those sources, so a collage of several wire reports comes out
with each contributing source and the sentences it accounts for.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from importlib import resources
from os import PathLike
from typing import Any

from unspin.comparison import classify
from unspin.comparison.copying import is_copied
from unspin.comparison.versions import VERSION_CHECKS, other_versions, versions_among
from unspin.core.model import Article, Report, SourceMatch
from unspin.core.sites import same_site
from unspin.credibility import assess, events
from unspin.index.retrieve import Candidate, best_k, candidates
from unspin.index.store import Store, open_store
from unspin.ingest import load_article

MAX_SOURCES = 8
CANDIDATES = 10  # candidates retrieved and weighed per article
OWN_SITE_MIN_COVERAGE = 0.5  # of the article, for a source on the article's own site


def contributing(found: list[Candidate]) -> list[Candidate]:
    """Up to MAX_SOURCES candidates with sentence-level evidence (a shared sentence, not just
    shared names), those that account for a sentence no better one does first.

    News archives hold several versions of one story; without the coverage pass they would
    take every slot and leave a collage's minor source out.
    """
    return best_k([c for c in found if c.hits and c.sentences], MAX_SOURCES)


def compare(derivative: Article, source: Article | Sequence[Article]) -> Report:
    """Name every change of ``derivative`` against ``source`` (one article or several), and
    assess its credibility."""
    return assess(classify.compare(derivative, source))


def check(article: Article, store: Store, *, k: int = CANDIDATES, embedder: Any = None) -> Report:
    """Trace ``article`` in ``store`` and report every change against each source found.

    ``embedder`` (see :mod:`unspin.index.embeddings`, an optional extra) adds sentence
    embeddings to retrieval, for heavy rewording.
    """
    return check_candidates(article, retrieve(article, store, k=k, embedder=embedder))


def retrieve(
    article: Article, store: Store, *, k: int = CANDIDATES, embedder: Any = None
) -> list[Candidate]:
    """The first half of :func:`check`, for a face that looks at the candidates before it
    compares (``watch`` skips articles with no tracked source, ``scan`` batches the parse)."""
    return candidates(store, article, k, **({"embedder": embedder} if embedder else {}))


def parsed_texts(article: Article, found: list[Candidate]) -> list[str]:
    """The texts :func:`check_candidates` parses: the article's and its sources'; an empty
    list when no candidate has sentence evidence (the article is original, nothing to parse).
    """
    sources = contributing(found)
    return [article.text, *(c.article.text for c in sources)] if sources else []


def check_in_index(
    article: str | Article, db: str | PathLike[str], *, embeddings: bool = False
) -> Report:
    """:func:`check` in the index file ``db``, opened read-only; ``article`` may be a path or
    URL for :func:`load_article`. With ``embeddings``, the embedding model is loaded first, so
    a missing optional extra is reported before any reading."""
    embedder = None
    if embeddings:
        from unspin.index.embeddings import load_embedder

        embedder = load_embedder()
    store = open_store(db, readonly=True)
    try:
        if not isinstance(article, Article):
            article = load_article(article)
        return check(article, store, embedder=embedder)
    finally:
        store.close()


def check_candidates(article: Article, found: list[Candidate]) -> Report:
    """:func:`check` given the retrieved candidates (``unspin scan`` retrieves its own)."""
    sources = [dataclasses.replace(c.article, id=c.id) for c in contributing(found)]
    # The credibility checks run once, on the report kept (assessing is a pure function of
    # the comparison, and the reports compared on the way are dropped).
    report = classify.compare(article, sources)
    # A candidate that leaves no copy evidence is another report of the same story.
    matches = {m.id: m for m in report.source_matches}
    made_from = {s.id for s in sources if _made_from(article, s, matches.get(s.id or ""))}
    # A page's lines split between versions of one story may leave each too little evidence.
    pooled = _copied_with_versions(article, report, [s for s in sources if s.id not in made_from])
    kept = [s for s in sources if s.id in made_from or s.id in pooled]
    # Versions of one story share its sentences: the one that explains more is the source.
    version_of = versions_among(report, kept)
    versions: dict[str, list[str]] = {}
    for version, main in version_of.items():
        versions.setdefault(main, []).append(version)
    for main, more in pooled.items():
        versions.setdefault(main, []).extend(more)
    kept = [s for s in kept if s.id not in version_of]
    if len(kept) < len(sources):
        report = classify.compare(article, kept)
        kept_ids = {s.id for s in kept}
        left_out = [s for s in sources if s.id not in kept_ids and s.id not in version_of]
        for main, more in other_versions(article, report, left_out).items():
            versions.setdefault(main, []).extend(more)
    # The candidates that are not sources may be other reports of the same events.
    others = [dataclasses.replace(c.article, id=c.id) for c in found]
    related = events.related_reports(report, others)
    if related:
        report = dataclasses.replace(report, related=related)
    return _with_copies(assess(report), {c.id: c.copies for c in found}, versions)


def _copied_with_versions(
    article: Article, report: Report, rest: Sequence[Article]
) -> dict[str, list[str]]:
    """Among sources that show no copy on their own, versions of one story (an update, a
    partner's edit) between which the comparison split the page's lines: each, compared with
    the page alone, may show the copy the split hid, and the one that then explains most is
    the source. {that version's id: the other versions' ids}; at most ``VERSION_CHECKS + 1``
    comparisons, for the first story only (a page split between two stories' versions is
    rarer than the cost of looking)."""
    groups: dict[str, list[str]] = {}
    for version, main in versions_among(report, rest).items():
        groups.setdefault(main, []).append(version)
    if not groups:
        return {}
    by_id = {s.id: s for s in rest}
    main, more = next(iter(groups.items()))
    best: tuple[float, str] | None = None
    for member in [main, *more][: VERSION_CHECKS + 1]:
        alone = classify.compare(article, by_id[member])
        match = alone.source_matches[0] if alone.source_matches else None
        if match is None or not _made_from(article, by_id[member], match):
            continue
        if best is None or match.coverage > best[0]:
            best = (match.coverage, member)
    if best is None:
        return {}
    return {best[1]: [m for m in [main, *more] if m != best[1]]}


def _made_from(article: Article, source: Article, match: SourceMatch | None) -> bool:
    """Whether the comparison shows ``article`` was made from ``source``: copy evidence, and,
    for a page of the article's own site, most of the article.

    Pages of one site share its furniture (a disclaimer, an author's bio line, a call to
    action, an advertisement) and now and then a paragraph of background: that is the site
    writing, not a page made from another. A site's own page is a source only when the
    article is a version of it.
    """
    if match is None or not is_copied(match.evidence):
        return False
    own_site = same_site(article.url, source.url)
    return not own_site or match.coverage >= OWN_SITE_MIN_COVERAGE


def _with_copies(
    report: Report, copies: dict[str, tuple[str, ...]], versions: dict[str, list[str]]
) -> Report:
    """List, beside each source, the other indexed articles with its identical text, and its
    other versions that carry the copy too."""
    matches = tuple(
        dataclasses.replace(m, copies=copies.get(m.id, ()), versions=tuple(versions.get(m.id, ())))
        for m in report.source_matches
    )
    return dataclasses.replace(report, source_matches=matches)


def demo_articles() -> tuple[Article, Article]:
    """The bundled example: a spun copy and the fictional wire story it was made from."""

    def demo(name: str) -> Article:
        raw = resources.files("unspin.demo_data").joinpath(name).read_text("utf-8")
        return Article.from_dict(json.loads(raw))

    return demo("spun.json"), demo("wire.json")


def warm_up() -> None:
    """Load the NLP model, WordNet and the stance model now: a server does it before its
    first request, not during it."""
    compare(*demo_articles())


__all__ = [
    "MAX_SOURCES",
    "check",
    "check_candidates",
    "check_in_index",
    "compare",
    "contributing",
    "demo_articles",
    "load_article",
    "parsed_texts",
    "retrieve",
    "warm_up",
]
