"""Versions of one story among a page's sources: a wire story as filed, as updated, as a
partner republished it with edits.

An archive holds several; a copy's sentences are in all of them. Compared together, each
sentence goes to the version that matches it best, and ties go either way: a page made from
one story would read as a collage of its versions, or a version would be left with nothing
and hidden. Here the version that explains more of the page is the source, and the others
are listed beside it (``SourceMatch.versions``): the version a reader holds may be any of
them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from unspin.comparison import classify
from unspin.core.model import Article, Report, is_copied
from unspin.core.sites import same_site
from unspin.core.text import padded_words

__all__ = ["VERSION_CHECKS", "other_versions", "versions_among"]

VERSION_CHECKS = 2  # sources left out of a copy's report, compared alone as other versions
SAME_LINE = 90  # rapidfuzz partial ratio: a line of one version in the other's text


def versions_among(report: Report, kept: Sequence[Article]) -> dict[str, str]:
    """The sources of ``report`` (``kept``: those it keeps) whose every sentence the page
    takes is in another kept source that explains at least as much of the page, word for
    word or retouched (``SAME_LINE`` of its characters, as an update retouches a line):
    {version's id: that source's id}. A sentence only one of them has (an update's new
    paragraph, another report's line) keeps both as sources."""
    coverage = {m.id: m.coverage for m in report.source_matches}
    taken: dict[str, list[str]] = {}
    for s in report.sentences:
        if s.source_id is not None and s.source_text:
            taken.setdefault(s.source_id, []).append(padded_words(s.source_text))
    texts = {s.id: padded_words(s.text) for s in kept}
    order = sorted(kept, key=lambda s: coverage.get(s.id or "", 0.0), reverse=True)
    out: dict[str, str] = {}
    for version in reversed(order):
        lines = taken.get(version.id or "")
        if not lines:
            continue
        for main in order:
            if main.id == version.id or main.id in out:
                continue
            if coverage.get(main.id or "", 0.0) < coverage.get(version.id or "", 0.0):
                break
            if all(fuzz.partial_ratio(line, texts[main.id]) >= SAME_LINE for line in lines):
                out[version.id or ""] = main.id or ""
                break
    return out


def other_versions(
    article: Article, report: Report, left_out: Sequence[Article]
) -> dict[str, list[str]]:
    """The sources left out of ``report`` that are other versions of a source it keeps:
    compared with the article alone, each shows the copy in sentences that source accounts
    for. {kept source's id: [version ids]}. Only a page already shown to be a copy pays for
    these comparisons, at most ``VERSION_CHECKS`` of them."""
    spans = {
        m.id: [(report.sentences[i].start, report.sentences[i].end) for i in m.sentences]
        for m in report.source_matches
        if is_copied(m.evidence)
    }
    found: dict[str, list[str]] = {}
    if not spans:
        return found
    candidates = [s for s in left_out if not same_site(article.url, s.url)]
    for other in _most_alike_first(candidates, report.sources)[:VERSION_CHECKS]:
        alone = classify.compare(article, other)
        match = alone.source_matches[0] if alone.source_matches else None
        if match is None or not is_copied(match.evidence):
            continue
        shown = [alone.sentences[e.sentence] for e in match.evidence]
        for source_id, covered in spans.items():
            if all(any(s.start < b and a < s.end for a, b in covered) for s in shown):
                found.setdefault(source_id, []).append(other.id or "")
                break
    return found


def _most_alike_first(left_out: Sequence[Article], kept: Sequence[Article]) -> list[Article]:
    """``left_out`` by the share of their word trigrams that a kept source has, most first:
    another version of a kept story before another report of its event, whatever their rank
    in retrieval (a collage's sources are many, and only a few comparisons are paid for)."""
    kept_grams = set().union(*(_trigrams(s.text) for s in kept)) if kept else set()

    def alike(source: Article) -> float:
        grams = _trigrams(source.text)
        return len(grams & kept_grams) / len(grams) if grams else 0.0

    return sorted(left_out, key=alike, reverse=True)  # (stable: ties keep retrieval's order)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = padded_words(text).split()
    return set(zip(words, words[1:], words[2:], strict=False))
