"""The one vocabulary of change kinds, sentence statuses and verdicts, with what each means.

Code, JSON and every face name a change the same way (see docs/design.md). This module is the
one table of them: for each kind its label and one-line meaning (the HTML legend), whether it
alone leaves a sentence "spun" (comparison), its scope on the page (whole sentence or words),
the credibility criterion it fails, and its terminal style. Producers and renderers read it;
adding a kind is one enum member and one ``KINDS`` entry here, its producer, and its name in
``schema/report.schema.json`` (a test holds the schema to this enum).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    """One vocabulary for code, JSON and UI (see docs/design.md).

    The member order is the JSON schema's and the scan's column order; ``KINDS`` has the
    legend's order.
    """

    COPIED = "copied"
    ENTITY_SWAP = "entity_swap"
    SYNONYM_SWAP = "synonym_swap"
    REWORDED = "reworded"
    REORDERED = "reordered"
    INSERTED = "inserted"
    DROPPED = "dropped"
    NUMBER_CHANGED = "number_changed"
    DATE_CHANGED = "date_changed"
    QUOTE_MISATTRIBUTED = "quote_misattributed"
    QUOTE_UNQUOTED = "quote_unquoted"
    QUOTE_ALTERED = "quote_altered"
    QUOTE_FABRICATED = "quote_fabricated"
    STALE_RELATIVE_DATE = "stale_relative_date"
    HEADLINE_UNSUPPORTED = "headline_unsupported"
    BOILERPLATE = "boilerplate"
    # What publishers change when they republish a story: a dateline, a credit, a spelling
    # variant ("defences"/"defenses", "U.S."/"US"). Never spin.
    SYNDICATION_EDIT = "syndication_edit"


class SentenceStatus(StrEnum):
    """What happened to one derivative sentence, as a whole."""

    COPIED = "copied"  # identical up to whitespace/punctuation/case
    SPUN = "spun"  # only entity/synonym swaps (and number/date changes)
    REWORDED = "reworded"  # same content, heavier paraphrase
    INSERTED = "inserted"  # no counterpart in the source


class Verdict(StrEnum):
    ORIGINAL = "original"
    FAITHFUL_COPY = "faithful_copy"
    SPUN_COPY = "spun_copy"
    COLLAGE = "collage"
    PARTLY_DERIVED = "partly_derived"


# Where a change shows: on some words ("span"), on a whole sentence ("sentence": inserted,
# dropped, moved), or either, depending on how much of its sentence it covers ("either").
SPAN, SENTENCE, EITHER = "span", "sentence", "either"


@dataclass(frozen=True, slots=True, kw_only=True)
class KindInfo:
    label: str
    meaning: str
    scope: str = SPAN
    spin: bool = False  # alone (or with others like it) a sentence is spun, not reworded
    quote: bool = False  # about a quotation: listed with the quote it touches
    criterion: str | None = None  # the credibility criterion a change of this kind fails
    style: str | None = None  # rich style in the terminal; None: the renderer's default


KINDS: dict[ChangeKind, KindInfo] = {
    ChangeKind.COPIED: KindInfo(
        label="Copied",
        meaning="identical to the source up to whitespace and punctuation",
        scope=EITHER,
    ),
    ChangeKind.ENTITY_SWAP: KindInfo(
        label="Entity swap",
        meaning="a name replaced by an alias of the same thing",
        spin=True,
        criterion="spin",
        style="bold yellow",
    ),
    ChangeKind.SYNONYM_SWAP: KindInfo(
        label="Synonym swap",
        meaning="a word or phrase replaced by a synonym",
        spin=True,
        criterion="spin",
        style="yellow",
    ),
    ChangeKind.REWORDED: KindInfo(
        label="Reworded",
        meaning="same meaning, heavier paraphrase",
        scope=EITHER,
        style="magenta",
    ),
    ChangeKind.REORDERED: KindInfo(
        label="Reordered",
        meaning="moved relative to its neighbours in the source",
        scope=SENTENCE,
    ),
    ChangeKind.INSERTED: KindInfo(
        label="Inserted",
        meaning="no counterpart in any source (possible fabrication)",
        scope=SENTENCE,
        criterion="inserted_claims",
    ),
    ChangeKind.DROPPED: KindInfo(
        label="Dropped",
        meaning="source content with no counterpart (lost context)",
        scope=SENTENCE,
    ),
    ChangeKind.NUMBER_CHANGED: KindInfo(
        label="Number changed",
        meaning="a figure differs from the source",
        spin=True,
        criterion="figures_faithful",
        style="bold red",
    ),
    ChangeKind.DATE_CHANGED: KindInfo(
        label="Date changed",
        meaning="a date differs from the source",
        spin=True,
        criterion="figures_faithful",
        style="bold red",
    ),
    ChangeKind.STALE_RELATIVE_DATE: KindInfo(
        label="Stale relative date",
        meaning="\u201ctoday\u201d, \u201con Wednesday\u201d\u2026 does not fit the "
        "article\u2019s date",
        criterion="relative_dates",
        style="bold red",
    ),
    ChangeKind.QUOTE_MISATTRIBUTED: KindInfo(
        label="Quote misattributed",
        meaning="the speaker differs from the source\u2019s speaker",
        quote=True,
        criterion="quotes_faithful",
        style="bold white on red",
    ),
    ChangeKind.QUOTE_ALTERED: KindInfo(
        label="Quote altered",
        meaning="quoted words differ from the source\u2019s",
        quote=True,
        criterion="quotes_faithful",
        style="red",
    ),
    # noted in the quotes finding, but a quote kept word for word is not a failure
    ChangeKind.QUOTE_UNQUOTED: KindInfo(
        label="Quote unquoted",
        meaning="a source quote presented as narration, without quotation marks",
        quote=True,
        style="bold red",
    ),
    ChangeKind.QUOTE_FABRICATED: KindInfo(
        label="Quote fabricated",
        meaning="a quote found in no source",
        quote=True,
        criterion="quotes_faithful",
        style="bold red",
    ),
    ChangeKind.HEADLINE_UNSUPPORTED: KindInfo(
        label="Headline unsupported",
        meaning="headline claim not supported by, or contradicting, the body",
        criterion="headline_supported",
    ),
    ChangeKind.BOILERPLATE: KindInfo(
        label="Boilerplate",
        meaning="scraped site furniture inside the body",
        criterion="boilerplate",
        style="dim",
    ),
    ChangeKind.SYNDICATION_EDIT: KindInfo(
        label="Syndication edit",
        meaning="what a republisher adds, trims or restyles: a dateline, a credit, a cut phrase,"
        " spelling, house style (not spin)",
        style="dim",
    ),
}

SPIN_KINDS = frozenset(k for k, info in KINDS.items() if info.spin)
_BY_NAME = {kind.value: info for kind, info in KINDS.items()}


def kind_info(kind: str) -> KindInfo | None:
    """The entry of ``kind`` (a ChangeKind or its name); None for a name not in the vocabulary,
    which renderers of a report read back from JSON must still show."""
    return _BY_NAME.get(str(kind))


def kinds_failing(criterion: str) -> tuple[ChangeKind, ...]:
    """The change kinds that fail ``criterion``, in ``ChangeKind`` order."""
    return tuple(k for k in ChangeKind if KINDS[k].criterion == criterion)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusInfo:
    label: str
    meaning: str
    style: str  # rich style in the terminal
    kind: ChangeKind | None = None  # the change kind that, on the whole sentence, restates it


STATUSES: dict[SentenceStatus, StatusInfo] = {
    SentenceStatus.COPIED: StatusInfo(
        label="Copied",
        meaning="identical to the source sentence",
        style="green",
        kind=ChangeKind.COPIED,
    ),
    SentenceStatus.SPUN: StatusInfo(
        label="Spun", meaning="word swaps only (entities, synonyms, figures)", style="yellow"
    ),
    SentenceStatus.REWORDED: StatusInfo(
        label="Reworded",
        meaning="same content, heavier paraphrase",
        style="magenta",
        kind=ChangeKind.REWORDED,
    ),
    SentenceStatus.INSERTED: StatusInfo(
        label="New", meaning="no counterpart in any source", style="red", kind=ChangeKind.INSERTED
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class VerdictInfo:
    label: str
    meaning: str


VERDICTS: dict[Verdict, VerdictInfo] = {
    Verdict.ORIGINAL: VerdictInfo(
        label="Original", meaning="made from no source found (it may share the story)"
    ),
    Verdict.FAITHFUL_COPY: VerdictInfo(
        label="Faithful copy", meaning="copied from its source without material changes"
    ),
    Verdict.SPUN_COPY: VerdictInfo(
        label="Spun copy",
        meaning="copied from a source, its words swapped or rewritten to disguise the copying",
    ),
    Verdict.COLLAGE: VerdictInfo(label="Collage", meaning="stitched together from several sources"),
    Verdict.PARTLY_DERIVED: VerdictInfo(
        label="Partly derived", meaning="some of the article comes from a source"
    ),
}

# News agencies whose name on a page credits the wire it copies: a credit added by a
# republisher is no change (comparison), and naming one credits the source (credibility).
WIRE_SERVICES = (
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "Bloomberg",
    "dpa",
    "Deutsche Presse-Agentur",
    "ANSA",
    "EFE",
    "Xinhua",
    "TASS",
    "RIA Novosti",
    "Interfax",
    "Kyodo",
    "Yonhap",
    "PTI",
    "Press Trust of India",
    "UPI",
    "Anadolu",
    "IRNA",
    "PA Media",
)


__all__ = [
    "EITHER",
    "KINDS",
    "SENTENCE",
    "SPAN",
    "SPIN_KINDS",
    "STATUSES",
    "VERDICTS",
    "WIRE_SERVICES",
    "ChangeKind",
    "KindInfo",
    "SentenceStatus",
    "StatusInfo",
    "Verdict",
    "VerdictInfo",
    "kind_info",
    "kinds_failing",
]
