"""Report -> one self-contained HTML page: verdict, findings, and the article beside its sources.

The page has no external resources (inline CSS, a few lines of inline JS to flash the target of
an in-page link). All markup comes from ``templates/report.html.j2``, rendered with autoescape
on; this module only prepares plain strings and numbers for it, so no article text is ever
marked safe.

Highlighting: each derivative sentence (left) and its source sentence (right) is cut into
non-overlapping segments at every change/quote/evidence boundary, and each segment carries the
classes of everything covering it, so overlapping spans never produce crossed tags. Every change
gets an anchor ``chg-N`` (N = its 1-based position in ``report.changes``) where its derivative
span starts, and ``chg-N-src`` where its source span starts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from unspin.core.model import (
    AlignedSentence,
    Article,
    Change,
    ChangeKind,
    Finding,
    Quote,
    Report,
    SentenceStatus,
)
from unspin.core.serialise import SCHEMA_VERSION

__all__ = ["KIND_INFO", "render_html"]

TEMPLATES = Path(__file__).with_name("templates")

# label, one-line meaning (docs/design.md); the order is the legend's order
KIND_INFO: dict[str, tuple[str, str]] = {
    ChangeKind.COPIED: ("Copied", "identical to the source up to whitespace and punctuation"),
    ChangeKind.ENTITY_SWAP: ("Entity swap", "a name replaced by an alias of the same thing"),
    ChangeKind.SYNONYM_SWAP: ("Synonym swap", "a word or phrase replaced by a synonym"),
    ChangeKind.REWORDED: ("Reworded", "same meaning, heavier paraphrase"),
    ChangeKind.REORDERED: ("Reordered", "moved relative to its neighbours in the source"),
    ChangeKind.INSERTED: ("Inserted", "no counterpart in any source (possible fabrication)"),
    ChangeKind.DROPPED: ("Dropped", "source content with no counterpart (lost context)"),
    ChangeKind.NUMBER_CHANGED: ("Number changed", "a figure differs from the source"),
    ChangeKind.DATE_CHANGED: ("Date changed", "a date differs from the source"),
    ChangeKind.STALE_RELATIVE_DATE: (
        "Stale relative date",
        "\u201ctoday\u201d, \u201con Wednesday\u201d\u2026 does not fit the article\u2019s date",
    ),
    ChangeKind.QUOTE_MISATTRIBUTED: (
        "Quote misattributed",
        "the speaker differs from the source\u2019s speaker",
    ),
    ChangeKind.QUOTE_ALTERED: ("Quote altered", "quoted words differ from the source\u2019s"),
    ChangeKind.QUOTE_UNQUOTED: (
        "Quote unquoted",
        "a source quote presented as narration, without quotation marks",
    ),
    ChangeKind.QUOTE_FABRICATED: ("Quote fabricated", "a quote found in no source"),
    ChangeKind.HEADLINE_UNSUPPORTED: (
        "Headline unsupported",
        "headline claim not supported by, or contradicting, the body",
    ),
    ChangeKind.BOILERPLATE: ("Boilerplate", "scraped site furniture inside the body"),
    ChangeKind.SYNDICATION_EDIT: (
        "Syndication edit",
        "a dateline, credit or spelling variant a republisher adds (not spin)",
    ),
}

# changes about a whole sentence: shown on the row, not as an inline highlight
ROW_KINDS = frozenset(
    {
        ChangeKind.COPIED,
        ChangeKind.REWORDED,
        ChangeKind.REORDERED,
        ChangeKind.INSERTED,
        ChangeKind.DROPPED,
    }
)
_ROW_COVERAGE = 0.8  # a row kind whose span covers this share of the sentence is row-level

STATUS_INFO: dict[str, tuple[str, str]] = {
    SentenceStatus.COPIED: ("Copied", "identical to the source sentence"),
    SentenceStatus.SPUN: ("Spun", "word swaps only (entities, synonyms, figures)"),
    SentenceStatus.REWORDED: ("Reworded", "same content, heavier paraphrase"),
    SentenceStatus.INSERTED: ("New", "no counterpart in any source"),
    "dropped": ("Dropped", "in the source, missing from the article"),
}
# On a page caught spinning, a sentence with no source is not the page's own reporting.
NOT_FOUND = ("Not found", "found in no source given or indexed; the page is caught spinning")

VERDICT_INFO: dict[str, tuple[str, str]] = {
    "original": ("Original", "no source found for this article"),
    "faithful_copy": ("Faithful copy", "copied from its source without material changes"),
    "spun_copy": (
        "Spun copy",
        "copied from a source with words swapped to disguise the copying",
    ),
    "collage": ("Collage", "stitched together from several sources"),
    "partly_derived": ("Partly derived", "some of the article comes from a source"),
}

FINDING_INFO: dict[str, tuple[str, str]] = {
    "pass": ("Pass", "\u2713"),
    "fail": ("Fail", "\u2717"),
    "not_assessable": ("Not assessable", "?"),
}

_STATUS_KIND: dict[str, ChangeKind] = {
    SentenceStatus.COPIED: ChangeKind.COPIED,
    SentenceStatus.REWORDED: ChangeKind.REWORDED,
    SentenceStatus.INSERTED: ChangeKind.INSERTED,
}
_SNIPPET = 160
_NONE = "\u2205"  # empty set: a swap with a missing side


# --------------------------------------------------------------------------------------------
# template data (plain values only; the template escapes everything)


@dataclass(slots=True)
class Segment:
    text: str
    classes: str = ""
    title: str = ""
    refs: str = ""
    anchors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Cell:
    segments: list[Segment]
    anchors: list[str] = field(default_factory=list)
    label: str = ""  # source label (several sources)
    label_title: str = ""
    label_class: int = 0  # which source (cycles through a few tints)
    ref: str = ""  # "S6" / "7"


@dataclass(slots=True)
class Badge:
    css: str
    label: str
    title: str = ""
    href: str = ""


@dataclass(slots=True)
class Row:
    id: str
    classes: str
    refs: str
    number: str
    status: str
    status_label: str
    status_title: str
    left: Cell | None
    right: Cell | None
    badges: list[Badge]
    similarity: str = ""
    status_href: str = ""


@dataclass(frozen=True, slots=True)
class _Layer:
    start: int
    end: int
    ref: str
    css: str
    title: str
    is_change: bool


def kind_label(kind: str) -> str:
    info = KIND_INFO.get(kind)
    return info[0] if info else kind.replace("_", " ").capitalize()


def kind_class(kind: str) -> str:
    return "k-" + re.sub(r"[^a-z0-9_-]", "", str(kind).lower())


def change_tooltip(change: Change) -> str:
    """Tooltip text, e.g. ``Russia -> Russian Federation (entity_swap)``."""
    kind = str(change.kind)
    if change.from_ is not None or change.to is not None:
        text = f"{change.from_ or _NONE} -> {change.to or _NONE}"
    elif change.speaker is not None or change.source_speaker is not None:
        text = (
            f"attributed to {change.speaker or 'nobody'}; "
            f"source: {change.source_speaker or 'nobody'}"
        )
    else:
        text = kind_label(kind)
    extra = f", confidence {change.confidence:.0%}" if change.confidence < 1 else ""
    return f"{text} ({kind}{extra})"


def _snippet(text: str, limit: int = _SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _pct(value: float) -> str:
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def _date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value:%a} {value.day} {value:%B %Y}"


def _valid_span(start: int | None, end: int | None, length: int) -> bool:
    return start is not None and end is not None and 0 <= start <= end <= length


def _segments(text: str, base: int, layers: Iterable[_Layer], placed: set[str]) -> list[Segment]:
    """Cut ``text`` (which starts at offset ``base``) into non-overlapping segments."""
    n = len(text)
    spans: list[tuple[int, int, _Layer]] = []
    cuts = {0, n}
    for layer in layers:
        a = max(0, min(n, layer.start - base))
        b = max(0, min(n, layer.end - base))
        if b < a or (a == b and layer.start != layer.end):
            continue  # outside this text
        spans.append((a, b, layer))
        cuts.update((a, b))
    anchors: dict[int, list[str]] = {}
    for a, _b, layer in sorted(spans, key=lambda s: (s[0], -s[1])):
        if layer.ref not in placed:
            placed.add(layer.ref)
            anchors.setdefault(a, []).append(layer.ref)
    points = sorted(cuts)
    out: list[Segment] = []
    for x, y in itertools.pairwise(points):
        cover = [layer for a, b, layer in spans if a <= x and b >= y and a < b]
        changes = [layer for layer in cover if layer.is_change]
        classes: list[str] = []
        if changes:
            classes.append("chg")
            classes.extend(dict.fromkeys(layer.css for layer in changes))
            if len(changes) > 1:
                classes.append("multi")
        classes.extend(dict.fromkeys(layer.css for layer in cover if not layer.is_change))
        out.append(
            Segment(
                text=text[x:y],
                classes=" ".join(classes),
                title="\n".join(dict.fromkeys(layer.title for layer in cover if layer.title)),
                refs=" ".join(layer.ref for layer in cover),
                anchors=anchors.pop(x, []),
            )
        )
    if anchors:  # zero-length spans at the very end
        out.append(Segment(text="", anchors=[a for refs in anchors.values() for a in refs]))
    return out or [Segment(text="")]


# --------------------------------------------------------------------------------------------
# building the page


class _Builder:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.text = report.article.text
        self.sentences = sorted(report.sentences, key=lambda s: (s.start, s.index))
        self.starts = [s.start for s in self.sentences]
        self.sources = {s.id: s for s in report.sources if s.id is not None}
        self.default_source = report.sources[0] if len(report.sources) == 1 else None
        self.multi_source = len(report.sources) > 1
        self.caught_spinning = report.unsourced_are_not_found()
        self.source_index = {id(s): n for n, s in enumerate(report.sources)}
        self.placed: set[str] = set()
        self.cid = {i: f"chg-{i + 1}" for i in range(len(report.changes))}

        # classify changes
        self.row_level: dict[int, list[int]] = {}  # sentence position -> change ids
        self.inline: dict[int, list[_Layer]] = {}  # sentence position -> layers
        self.dropped: list[int] = []
        self.title_changes: list[int] = []
        self.source_layers: list[tuple[int, Change]] = []
        for i, change in enumerate(report.changes):
            self._classify(i, change)
        self._add_quote_layers()
        self.hints: dict[int, list[int]] = {}  # derivative sentence -> source offsets
        for change in report.changes:
            if change.sentence is not None and change.source_start is not None:
                self.hints.setdefault(change.sentence, []).append(change.source_start)
        self._add_evidence_layers()

    # -- lookup helpers --------------------------------------------------------------------

    def _row_at(self, offset: int) -> int | None:
        pos = bisect.bisect_right(self.starts, offset) - 1
        if pos < 0:
            return None
        s = self.sentences[pos]
        return pos if offset < s.end or (offset == s.start == s.end) else None

    def _row_of(self, change: Change) -> int | None:
        if _valid_span(change.start, change.end, len(self.text)):
            assert change.start is not None
            row = self._row_at(change.start)
            if row is not None:
                return row
        if change.sentence is not None:
            for pos, s in enumerate(self.sentences):
                if s.index == change.sentence:
                    return pos
        return None

    def _rows_overlapping(self, start: int, end: int) -> range:
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = bisect.bisect_left(self.starts, max(end, start + 1))
        return range(first, last)

    def source_of(self, source_id: str | None) -> Article | None:
        if source_id is not None and source_id in self.sources:
            return self.sources[source_id]
        return self.default_source

    def source_label(self, source: Article | None, source_id: str | None) -> tuple[str, str]:
        ident = (source.id if source else None) or source_id or "source"
        title = source.title if source and source.title else ""
        return ident, title

    # -- classification --------------------------------------------------------------------

    def _classify(self, i: int, change: Change) -> None:
        ref = self.cid[i]
        has_span = _valid_span(change.start, change.end, len(self.text))
        if change.kind == ChangeKind.DROPPED and not has_span:
            self.dropped.append(i)
            return
        row = self._row_of(change)
        if change.kind in ROW_KINDS and row is not None:
            s = self.sentences[row]
            length = max(1, s.end - s.start)
            covered = 0
            if has_span:
                assert change.start is not None and change.end is not None
                covered = min(change.end, s.end) - max(change.start, s.start)
            if not has_span or covered / length >= _ROW_COVERAGE:
                self.row_level.setdefault(row, []).append(i)
                return
        if has_span:
            assert change.start is not None and change.end is not None
            layer = _Layer(
                change.start,
                change.end,
                ref,
                kind_class(change.kind),
                change_tooltip(change),
                True,
            )
            for pos in self._rows_overlapping(change.start, change.end):
                self.inline.setdefault(pos, []).append(layer)
            self.source_layers.append((i, change))
            if change.speaker is not None:
                self._add_speaker_layers(i, change)
        elif change.kind == ChangeKind.HEADLINE_UNSUPPORTED:
            self.title_changes.append(i)
        else:
            if row is not None:
                self.row_level.setdefault(row, []).append(i)
            self.source_layers.append((i, change))

    def _add_speaker_layers(self, i: int, change: Change) -> None:
        """Mark the speaker of a quote whose attribution changed, with the change's style."""
        for quote in self.report.quotes:
            if not self._overlaps(change, quote):
                continue
            if not _valid_span(quote.speaker_start, quote.speaker_end, len(self.text)):
                continue
            assert quote.speaker_start is not None and quote.speaker_end is not None
            layer = _Layer(
                quote.speaker_start,
                quote.speaker_end,
                self.cid[i],
                kind_class(change.kind),
                change_tooltip(change),
                True,
            )
            for pos in self._rows_overlapping(quote.speaker_start, quote.speaker_end):
                self.inline.setdefault(pos, []).append(layer)

    def _add_quote_layers(self) -> None:
        for n, quote in enumerate(self.report.quotes, 1):
            if not _valid_span(quote.start, quote.end, len(self.text)):
                continue
            kind = "direct quote" if quote.direct else "indirect quote"
            title = f"{kind} by {quote.speaker}" if quote.speaker else kind
            layer = _Layer(quote.start, quote.end, f"q-{n}", "qt", title, False)
            for pos in self._rows_overlapping(quote.start, quote.end):
                self.inline.setdefault(pos, []).append(layer)

    def _add_evidence_layers(self) -> None:
        for f, finding in enumerate(self.report.findings, 1):
            for e, ev in enumerate(finding.evidence, 1):
                if not _valid_span(ev.start, ev.end, len(self.text)):
                    continue
                title = f"evidence: {finding.criterion}"
                layer = _Layer(ev.start, ev.end, f"ev-{f}-{e}", "ev", title, False)
                for pos in self._rows_overlapping(ev.start, ev.end):
                    self.inline.setdefault(pos, []).append(layer)

    # -- rows ------------------------------------------------------------------------------

    def _locate(self, source: Article, needle: str, hints: Sequence[int]) -> int | None:
        """Where the row's source sentence starts in the source text."""
        if not needle:
            return None
        found: list[int] = []
        pos = source.text.find(needle)
        while pos >= 0 and len(found) < 50:
            found.append(pos)
            pos = source.text.find(needle, pos + 1)
        if not found:
            return None
        for hint in hints:
            for start in found:
                if start <= hint < start + len(needle):
                    return start
        return found[0]

    def _source_cell(
        self,
        source: Article | None,
        source_id: str | None,
        text: str | None,
        start: int | None,
        indices: Sequence[int],
        hints: Sequence[int],
    ) -> Cell:
        label, label_title = self.source_label(source, source_id)
        ref = ", ".join(f"S{j + 1}" for j in indices)
        cell = Cell(segments=[], label=label if self.multi_source else "", ref=ref)
        cell.label_title = label_title
        cell.label_class = self.source_index.get(id(source), 0) % 5
        if source is not None and text and start is None:
            start = self._locate(source, text, hints)
        if source is None or start is None or not text:
            cell.segments = [Segment(text=text or "")]
            return cell
        text = source.text[start : start + len(text)]
        layers = []
        for i, change in self.source_layers:
            if not _valid_span(change.source_start, change.source_end, len(source.text)):
                continue
            if self.source_of(change.source_id) is not source:
                continue
            assert change.source_start is not None and change.source_end is not None
            layers.append(
                _Layer(
                    change.source_start,
                    change.source_end,
                    f"{self.cid[i]}-src",
                    kind_class(change.kind),
                    change_tooltip(change),
                    True,
                )
            )
            if change.source_speaker and change.source_start < start + len(text):
                # the source's speaker, when named in this source sentence
                at = text.find(change.source_speaker, max(0, change.source_end - start))
                if at < 0:
                    at = text.find(change.source_speaker)
                if at >= 0 and change.source_end > start:
                    layers.append(
                        _Layer(
                            start + at,
                            start + at + len(change.source_speaker),
                            f"{self.cid[i]}-src",
                            kind_class(change.kind),
                            change_tooltip(change),
                            True,
                        )
                    )
        cell.segments = _segments(text, start, layers, self.placed)
        return cell

    def _pair_row(self, pos: int, s: AlignedSentence) -> Row:
        text = self.text[s.start : s.end] if 0 <= s.start < s.end <= len(self.text) else ""
        if text:
            segments = _segments(text, s.start, self.inline.get(pos, []), self.placed)
        else:
            segments = [Segment(text=s.text)]
        row_changes = [i for i in self.row_level.get(pos, []) if self.cid[i] not in self.placed]
        anchors = [self.cid[i] for i in row_changes]
        self.placed.update(anchors)
        left = Cell(segments=segments, anchors=anchors, ref=str(s.index + 1))

        kinds = [str(self.report.changes[i].kind) for i in row_changes]
        status = str(s.status)
        # a row-level change that just restates the status links the status badge instead
        same = _STATUS_KIND.get(status)
        status_change = next((i for i in row_changes if self.report.changes[i].kind == same), None)
        badges = [
            Badge(
                css=f"kb {kind_class(self.report.changes[i].kind)}",
                label=kind_label(self.report.changes[i].kind),
                title=change_tooltip(self.report.changes[i]),
                href=f"#{self.cid[i]}",
            )
            for i in row_changes
            if self.report.changes[i].kind != ChangeKind.REORDERED and i != status_change
        ]
        reordered = s.reordered or ChangeKind.REORDERED in kinds
        if reordered:
            moved = next(
                (i for i in row_changes if self.report.changes[i].kind == ChangeKind.REORDERED),
                None,
            )
            where = ", ".join(f"S{j + 1}" for j in s.source_sentences) or "its source sentence"
            badges.insert(
                0,
                Badge(
                    css="moved k-reordered",
                    label="\u21c5 moved",
                    title=f"reordered: {where} sits elsewhere in the source",
                    href=f"#{self.cid[moved]}" if moved is not None else "",
                ),
            )
        if s.status == SentenceStatus.INSERTED or not s.source_text:
            right = None
        else:
            source = self.source_of(s.source_id)
            hints = self.hints.get(s.index, [])
            right = self._source_cell(
                source, s.source_id, s.source_text, None, s.source_sentences, hints
            )
        label, title = STATUS_INFO.get(status, (status.capitalize(), ""))
        if status == SentenceStatus.INSERTED and self.caught_spinning:
            label, title = NOT_FOUND
        classes = ["pair", f"st-{re.sub(r'[^a-z_]', '', status)}"]
        classes += [kind_class(k) for k in dict.fromkeys(kinds)]
        if reordered:
            classes.append("is-reordered")
        return Row(
            id=f"s-{s.index + 1}",
            classes=" ".join(classes),
            refs=" ".join(anchors),
            number=str(s.index + 1),
            status=status,
            status_label=label,
            status_title=title,
            status_href=f"#{self.cid[status_change]}" if status_change is not None else "",
            left=left,
            right=right,
            badges=badges,
            similarity=_pct(s.similarity) if s.source_text else "",
        )

    def _dropped_row(self, i: int) -> Row:
        change = self.report.changes[i]
        source = self.source_of(change.source_id)
        start = None
        text = change.source_text or change.text
        if source is not None and _valid_span(
            change.source_start, change.source_end, len(source.text)
        ):
            assert change.source_start is not None and change.source_end is not None
            start = change.source_start
            text = source.text[change.source_start : change.source_end]
        indices = [change.source_sentence] if change.source_sentence is not None else []
        right = self._source_cell(source, change.source_id, text, start, indices, [])
        right.anchors = [self.cid[i]]
        self.placed.add(self.cid[i])
        label, title = STATUS_INFO["dropped"]
        return Row(
            id=f"d-{i + 1}",
            classes="pair st-dropped k-dropped",
            refs=self.cid[i],
            number="\u2013",
            status="dropped",
            status_label=label,
            status_title=title,
            left=None,
            right=right,
            badges=[],
        )

    def _drop_position(self, change: Change, pairs: Sequence[AlignedSentence]) -> float:
        """Sort key placing a dropped source sentence after its predecessor's row."""
        source = self.source_of(change.source_id)
        same = [
            n
            for n, s in enumerate(pairs)
            if s.source_sentences and self.source_of(s.source_id) is source
        ]
        if change.source_sentence is not None:
            before = [n for n in same if max(pairs[n].source_sentences) < change.source_sentence]
            if before:
                return before[-1] + 0.5
            return same[0] - 0.5 if same else len(pairs) + 0.5
        return len(pairs) + 0.5

    def rows(self) -> list[Row]:
        keyed: list[tuple[float, int, Row]] = []
        for pos, s in enumerate(self.sentences):
            keyed.append((float(pos), 0, self._pair_row(pos, s)))
        order = sorted(
            self.dropped,
            key=lambda i: (
                self.report.changes[i].source_sentence or 0,
                self.report.changes[i].source_start or 0,
            ),
        )
        for seq, i in enumerate(order, 1):
            key = self._drop_position(self.report.changes[i], self.sentences)
            keyed.append((key, seq, self._dropped_row(i)))
        keyed.sort(key=lambda k: (k[0], k[1]))
        return [row for _key, _seq, row in keyed]

    # -- other sections --------------------------------------------------------------------

    def title(self) -> dict[str, Any]:
        changes = [self.report.changes[i] for i in self.title_changes]
        anchors = [self.cid[i] for i in self.title_changes if self.cid[i] not in self.placed]
        self.placed.update(anchors)
        return {
            "text": self.report.article.title or "Untitled article",
            "untitled": not self.report.article.title,
            "classes": " ".join(
                ["chg", *dict.fromkeys(kind_class(c.kind) for c in changes)] if changes else []
            ),
            "tooltip": "\n".join(change_tooltip(c) for c in changes),
            "anchors": anchors,
            "refs": " ".join(anchors),
            "badges": [
                Badge(
                    css=f"kb {kind_class(self.report.changes[i].kind)}",
                    label=kind_label(self.report.changes[i].kind),
                    title=change_tooltip(self.report.changes[i]),
                    href=f"#row-{self.cid[i]}",
                )
                for i in self.title_changes
            ],
        }

    def href(self, ref: str) -> str:
        return f"#{ref}" if ref in self.placed else ""

    def changes_table(self) -> list[dict[str, Any]]:
        out = []
        for i, change in enumerate(self.report.changes):
            ref = self.cid[i]
            href = self.href(ref) or self.href(f"{ref}-src")
            source = self.source_of(change.source_id)
            detail = ""
            if change.from_ is not None or change.to is not None:
                detail = f"{change.from_ or _NONE} \u2192 {change.to or _NONE}"
            elif change.speaker is not None or change.source_speaker is not None:
                detail = (
                    f"speaker {change.speaker or 'none'}; "
                    f"in source: {change.source_speaker or 'none'}"
                )
            text = change.text
            if _valid_span(change.start, change.end, len(self.text)):
                text = self.text[change.start : change.end]
            out.append(
                {
                    "number": i + 1,
                    "id": f"row-{ref}",
                    "kind": str(change.kind),
                    "kind_class": kind_class(change.kind),
                    "kind_label": kind_label(change.kind),
                    "text": _snippet(text)
                    if change.start is not None or not change.source_text
                    else "",
                    "href": href,
                    "src_href": self.href(f"{ref}-src"),
                    "source_text": _snippet(change.source_text or ""),
                    "source_label": (
                        self.source_label(source, change.source_id)[0]
                        if self.multi_source and (change.source_id or change.source_text)
                        else ""
                    ),
                    "detail": detail,
                    "confidence": _pct(change.confidence),
                    "low_confidence": change.confidence < 0.75,
                    "tooltip": change_tooltip(change),
                }
            )
        return out

    def findings(self) -> list[dict[str, Any]]:
        out = []
        for f, finding in enumerate(self.report.findings, 1):
            label, icon = FINDING_INFO.get(finding.status, (finding.status, "?"))
            out.append(
                {
                    "criterion": finding.criterion,
                    "status": re.sub(r"[^a-z_]", "", finding.status),
                    "status_label": label,
                    "icon": icon,
                    "weight": f"{finding.weight:g}",
                    "explanation": finding.explanation,
                    "evidence": self._evidence(f, finding),
                }
            )
        return out

    def _evidence(self, f: int, finding: Finding) -> list[dict[str, str]]:
        out = []
        for e, ev in enumerate(finding.evidence, 1):
            if _valid_span(ev.start, ev.end, len(self.text)):
                snippet = _snippet(self.text[ev.start : ev.end], 80)
            else:
                snippet = f"characters {ev.start}\u2013{ev.end}"
            out.append({"href": self.href(f"ev-{f}-{e}"), "text": snippet})
        return out

    def quotes(self) -> list[dict[str, Any]]:
        out = []
        for n, quote in enumerate(self.report.quotes, 1):
            issues = [
                Badge(
                    css=f"kb {kind_class(c.kind)}",
                    label=kind_label(c.kind),
                    title=change_tooltip(c),
                    href=self.href(self.cid[i]) or self.href(f"{self.cid[i]}-src"),
                )
                for i, c in enumerate(self.report.changes)
                if str(c.kind).startswith("quote_") and self._overlaps(c, quote)
            ]
            source_speakers = [
                c.source_speaker
                for c in self.report.changes
                if c.source_speaker
                and c.source_speaker != quote.speaker
                and self._overlaps(c, quote)
            ]
            out.append(
                {
                    "number": n,
                    "text": quote.text,
                    "href": self.href(f"q-{n}"),
                    "speaker": quote.speaker or "",
                    "source_speaker": ", ".join(dict.fromkeys(source_speakers)),
                    "cue": quote.cue or "",
                    "direct": quote.direct,
                    "issues": issues,
                }
            )
        return out

    @staticmethod
    def _overlaps(change: Change, quote: Quote) -> bool:
        if change.start is None or change.end is None:
            return False
        return change.start < quote.end and quote.start < max(change.end, change.start + 1)

    def legend(self) -> list[dict[str, Any]]:
        counts: dict[str, int] = {}
        for c in self.report.changes:
            counts[str(c.kind)] = counts.get(str(c.kind), 0) + 1
        kinds = list(KIND_INFO) + [k for k in counts if k not in KIND_INFO]
        return [
            {
                "kind": str(k),
                "class": kind_class(k),
                "label": kind_label(k),
                "meaning": KIND_INFO.get(k, ("", ""))[1],
                "count": counts.get(str(k), 0),
                "row_level": k in ROW_KINDS,
            }
            for k in kinds
        ]

    def sources_list(self) -> list[dict[str, Any]]:
        matches = {m.id: m for m in self.report.source_matches}
        out = []
        for source in self.report.sources:
            match = matches.get(source.id or "")
            out.append(
                {
                    "id": source.id or "",
                    "title": source.title or "",
                    "byline": source.byline or "",
                    "site": source.site or "",
                    "published": _date(source.published),
                    "url": source.url or "",
                    "coverage": _pct(match.coverage) if match else "",
                    "sentences": len(match.sentences) if match else 0,
                    "copies": list(match.copies) if match else [],
                    "evidence": [f"sentence {e.sentence + 1}: {e.reason}" for e in match.evidence]
                    if match
                    else [],
                }
            )
        return out


def _summary_bar(report: Report) -> list[dict[str, str]]:
    s = report.summary
    parts = [
        ("copied", "Copied", s.copied),
        ("spun", "Spun", s.spun),
        ("reworded", "Reworded", s.reworded),
        ("new", NOT_FOUND[0] if report.unsourced_are_not_found() else "New", s.new),
    ]
    return [
        {
            "key": key,
            "label": label,
            "pct": _pct(value),
            "width": f"{max(0.0, min(1.0, value)) * 100:.2f}%",
            "title": f"{label}: {_pct(value)} of the article\u2019s text",
        }
        for key, label, value in parts
    ]


def _score(score: float | None) -> dict[str, str] | None:
    if score is None:
        return None
    value = max(0.0, min(100.0, score))
    band = "low" if value < 40 else "mid" if value < 70 else "high"
    return {"text": f"{score:.1f}".removesuffix(".0"), "width": f"{value:.1f}%", "band": band}


def build_context(report: Report) -> dict[str, Any]:
    """Everything the template needs, as plain data (exposed for tests and other front ends)."""
    b = _Builder(report)
    rows = b.rows()  # places the sentence anchors; the rest link to them
    title = b.title()
    article = report.article
    verdict = str(report.verdict)
    verdict_label, verdict_meaning = VERDICT_INFO.get(
        verdict, (verdict.replace("_", " ").capitalize(), "")
    )
    s = report.summary
    single = report.sources[0] if len(report.sources) == 1 else None
    return {
        "title": title,
        "article": {
            "byline": article.byline or "",
            "published": _date(article.published),
            "site": article.site or "",
            "url": article.url or "",
        },
        "verdict": {
            "key": re.sub(r"[^a-z_]", "", verdict),
            "label": verdict_label,
            "meaning": verdict_meaning,
        },
        "score": _score(report.score),
        "bar": _summary_bar(report),
        "counts": {
            "sentences": s.sentences,
            "source_sentences": s.source_sentences,
            "dropped": s.dropped_source_sentences,
            "reordered": s.reordered_sentences,
            "changes": len(report.changes),
        },
        "findings": b.findings(),
        "sources": b.sources_list(),
        "multi_source": b.multi_source,
        "source_heading": (
            f"Source \u00b7 {single.id}" if single is not None and single.id else "Source"
        ),
        "legend": b.legend(),
        "rows": rows,
        "quotes": b.quotes(),
        "changes": b.changes_table(),
        "schema_version": SCHEMA_VERSION,
    }


@cache
def template_environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    """Jinja2 for unspin's pages: autoescaped (article text is untrusted), strict undefined."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (no external resources)."""
    return template_environment().get_template("report.html.j2").render(**build_context(report))
