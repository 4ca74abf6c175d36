"""The core data model: plain, frozen values passed between pipeline stages.

Spans are character offsets into ``Article.text`` (the clean body), never parse trees, so a
report can be rendered, stored and shipped to another process without the NLP model.
The names of changes, statuses and verdicts live in :mod:`unspin.core.vocabulary`; they are
importable from here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from unspin.core.vocabulary import ChangeKind, SentenceStatus, Verdict


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article: metadata plus its clean body text.

    ``boilerplate`` holds lines of scraped site furniture that ingestion kept out of ``text``.
    """

    text: str
    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    url: str | None = None
    site: str | None = None
    id: str | None = None
    boilerplate: tuple[str, ...] = ()
    source_format: str | None = None

    @property
    def body(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "byline": self.byline,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "site": self.site,
            "text": self.text,
            "boilerplate": list(self.boilerplate),
            "source_format": self.source_format,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        published = data.get("published")
        if isinstance(published, str) and published:
            published = dt.date.fromisoformat(published[:10])
        return cls(
            text=data["text"],
            title=data.get("title"),
            byline=data.get("byline"),
            published=published or None,
            url=data.get("url"),
            site=data.get("site"),
            id=data.get("id"),
            boilerplate=tuple(data.get("boilerplate") or ()),
            source_format=data.get("source_format"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON, GPE, ORG, DATE, CARDINAL, ...
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A quotation: who (speaker), how (cue), what (content), as in textacy's triples."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    cue: str | None = None
    direct: bool = True
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One named difference between the derivative and a source.

    ``start``/``end`` index the derivative's text; ``source_start``/``source_end`` the source's.
    ``from_``/``to`` carry the swapped tokens ("Russia" -> "Russian Federation").
    """

    kind: ChangeKind
    text: str
    start: int | None = None
    end: int | None = None
    source_id: str | None = None
    source_text: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    from_: str | None = None
    to: str | None = None
    speaker: str | None = None
    source_speaker: str | None = None
    confidence: float = 1.0
    sentence: int | None = None  # index of the derivative sentence
    source_sentence: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignedSentence:
    """A derivative sentence and the source sentence(s) it was made from (none if inserted)."""

    index: int
    start: int
    end: int
    text: str
    status: SentenceStatus
    source_id: str | None = None
    source_sentences: tuple[int, ...] = ()
    source_text: str | None = None
    similarity: float = 0.0
    reordered: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceMatch:
    id: str
    url: str | None
    title: str | None
    published: dt.date | None
    coverage: float  # share of the article's sentences this source accounts for
    sentences: tuple[int, ...]  # derivative sentence indices it accounts for
    copies: tuple[str, ...] = ()  # other indexed articles with this identical text (ids/URLs)
    evidence: tuple[CopyEvidence, ...] = ()  # what shows the article was made from it
    # Other indexed versions of the story (not identical: an update, a partner's edit) that
    # carry the sentences showing the copy as well; this one explains more of the page.
    versions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CopyEvidence:
    """A derivative sentence that shows copying from a source, and why (see
    unspin.comparison.copying).

    ``strength`` is "strong" (one is enough) or "supporting" (two are needed).
    """

    sentence: int
    reason: str
    strength: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    criterion: str
    status: str  # "pass" | "fail" | "not_assessable"
    weight: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """Share of the derivative's characters in each sentence status (sums to 1 when non-empty)."""

    copied: float
    spun: float
    reworded: float
    new: float
    sentences: int
    source_sentences: int
    dropped_source_sentences: int
    reordered_sentences: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    article: Article
    sources: tuple[Article, ...]
    source_matches: tuple[SourceMatch, ...]
    sentences: tuple[AlignedSentence, ...]
    changes: tuple[Change, ...]
    summary: Summary
    verdict: Verdict
    quotes: tuple[Quote, ...] = ()
    findings: tuple[Finding, ...] = ()
    score: float | None = None
    # Other dated reports of the same events (retrieved, not sources): the relative-dates
    # check dates the article's events against them too.
    related: tuple[Article, ...] = ()

    def changes_of(self, kind: ChangeKind | str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def unsourced_are_not_found(self) -> bool:
        """Whether the sentences no source explains read as "not found" rather than as the
        page's own: a page caught spinning that is mostly not from its sources (a collage
        whose other sources are not indexed). On a copy that is mostly its source's, they are
        claims added to it."""
        s = self.summary
        return s.copied + s.spun + s.reworded < 0.5 and bool(self.spun_from_copied_sources())

    def dated_after(self, match: SourceMatch) -> bool:
        """Whether the source is dated after the article (see :func:`published_after`)."""
        return published_after(match.published, self.article.published)

    def dated_after_note(self, match: SourceMatch) -> str:
        """Why a source dated after the article is not what it was made from."""
        return (
            f"dated {match.published}, after the article ({self.article.published}): the "
            "article cannot have been made from it, so its shared text shows no copy (the "
            "copying may go the other way, or both may come from an earlier report)"
        )

    def spun_from_copied_sources(self) -> list[AlignedSentence]:
        """Sentences spun from a source that left copy evidence: the page is caught spinning.

        Spinning exists to hide copying, so one such sentence is enough to owe credit, and
        the page's other sentences are "not found" in the sources, not its own reporting.
        """
        copied = {m.id for m in self.source_matches if m.sentences and is_copied(m.evidence)}
        return [
            s for s in self.sentences if s.status is SentenceStatus.SPUN and s.source_id in copied
        ]


def published_after(source: dt.date | None, article: dt.date | None) -> bool:
    """A source published after the article, both dates known: the article cannot have been
    made from it (the copying may go the other way, or both come from an earlier report)."""
    return source is not None and article is not None and source > article


def is_copied(evidence: Sequence[CopyEvidence]) -> bool:
    """Copy evidence that makes a source: one strong piece, or supporting pieces in two
    sentences (see :mod:`unspin.comparison.copying`)."""
    if any(e.strength == "strong" for e in evidence):
        return True
    return len({e.sentence for e in evidence if e.strength == "supporting"}) >= 2


def plain_dict(obj: Any) -> dict[str, Any]:
    """``asdict`` for the frozen dataclasses above, with enums and dates made JSON-ready."""
    out = asdict(obj)
    return {f.name: _jsonable(out[f.name]) for f in fields(obj)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


__all__ = [
    "AlignedSentence",
    "Article",
    "Change",
    "ChangeKind",
    "CopyEvidence",
    "Entity",
    "Evidence",
    "Finding",
    "Quote",
    "Report",
    "Sentence",
    "SentenceStatus",
    "SourceMatch",
    "Span",
    "Summary",
    "Verdict",
    "is_copied",
    "plain_dict",
]
