"""Where each change, quote and piece of evidence shows on the HTML report.

A change with a span on the article's text is marked inline on the sentences it overlaps; one
about a whole sentence (see ``scope`` in :mod:`unspin.core.vocabulary`) badges that sentence's
row; a dropped source sentence gets a row of its own; an unsupported headline marks the title.
Every change gets an anchor ``chg-N`` (N = its 1-based position in ``report.changes``) where its
derivative span starts, and ``chg-N-src`` where its source span starts; ``placed`` records the
anchors already on the page, so each is placed once and links point only at placed ones.
"""

from __future__ import annotations

import bisect

from unspin.core.model import Article, Change, ChangeKind, Quote, Report
from unspin.core.truncation import past_source_ends
from unspin.core.vocabulary import KINDS, SPAN
from unspin.render.html_parts import Layer, change_tooltip, kind_class, valid_span

# changes about a whole sentence: shown on the row, not as an inline highlight
ROW_KINDS = frozenset(kind for kind, info in KINDS.items() if info.scope != SPAN)
_ROW_COVERAGE = 0.8  # a row kind whose span covers this share of the sentence is row-level


class PageLayout:
    """The report's changes, quotes and evidence sorted onto the page's rows and title."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.text = report.article.text
        self.sentences = sorted(report.sentences, key=lambda s: (s.start, s.index))
        self.starts = [s.start for s in self.sentences]
        self.sources = {s.id: s for s in report.sources if s.id is not None}
        self.default_source = report.sources[0] if len(report.sources) == 1 else None
        self.multi_source = len(report.sources) > 1
        self.caught_spinning = report.unsourced_are_not_found()
        self.past_end = past_source_ends(report)  # after where a cut-off source stops
        self.source_index = {id(s): n for n, s in enumerate(report.sources)}
        self.placed: set[str] = set()
        self.cid = {i: f"chg-{i + 1}" for i in range(len(report.changes))}

        # where each change shows
        self.row_level: dict[int, list[int]] = {}  # sentence position -> change ids
        self.inline: dict[int, list[Layer]] = {}  # sentence position -> layers
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

    # -- lookups ---------------------------------------------------------------------------

    def _row_at(self, offset: int) -> int | None:
        pos = bisect.bisect_right(self.starts, offset) - 1
        if pos < 0:
            return None
        s = self.sentences[pos]
        return pos if offset < s.end or (offset == s.start == s.end) else None

    def _row_of(self, change: Change) -> int | None:
        if valid_span(change.start, change.end, len(self.text)):
            assert change.start is not None
            row = self._row_at(change.start)
            if row is not None:
                return row
        if change.sentence is not None:
            for pos, s in enumerate(self.sentences):
                if s.index == change.sentence:
                    return pos
        return None

    def rows_overlapping(self, start: int, end: int) -> range:
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
        has_span = valid_span(change.start, change.end, len(self.text))
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
            layer = Layer(
                change.start,
                change.end,
                ref,
                kind_class(change.kind),
                change_tooltip(change),
                True,
            )
            for pos in self.rows_overlapping(change.start, change.end):
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
            if not overlaps(change, quote):
                continue
            if not valid_span(quote.speaker_start, quote.speaker_end, len(self.text)):
                continue
            assert quote.speaker_start is not None and quote.speaker_end is not None
            layer = Layer(
                quote.speaker_start,
                quote.speaker_end,
                self.cid[i],
                kind_class(change.kind),
                change_tooltip(change),
                True,
            )
            for pos in self.rows_overlapping(quote.speaker_start, quote.speaker_end):
                self.inline.setdefault(pos, []).append(layer)

    def _add_quote_layers(self) -> None:
        for n, quote in enumerate(self.report.quotes, 1):
            if not valid_span(quote.start, quote.end, len(self.text)):
                continue
            kind = "direct quote" if quote.direct else "indirect quote"
            title = f"{kind} by {quote.speaker}" if quote.speaker else kind
            layer = Layer(quote.start, quote.end, f"q-{n}", "qt", title, False)
            for pos in self.rows_overlapping(quote.start, quote.end):
                self.inline.setdefault(pos, []).append(layer)

    def _add_evidence_layers(self) -> None:
        for f, finding in enumerate(self.report.findings, 1):
            for e, ev in enumerate(finding.evidence, 1):
                if not valid_span(ev.start, ev.end, len(self.text)):
                    continue
                title = f"evidence: {finding.criterion}"
                layer = Layer(ev.start, ev.end, f"ev-{f}-{e}", "ev", title, False)
                for pos in self.rows_overlapping(ev.start, ev.end):
                    self.inline.setdefault(pos, []).append(layer)

    def href(self, ref: str) -> str:
        """A link to ``ref``, or "" while it is not on the page."""
        return f"#{ref}" if ref in self.placed else ""


def overlaps(change: Change, quote: Quote) -> bool:
    if change.start is None or change.end is None:
        return False
    return change.start < quote.end and quote.start < max(change.end, change.start + 1)
