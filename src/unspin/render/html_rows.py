"""The HTML report's side-by-side rows: each article sentence beside its source sentence, and
each dropped source sentence after the row of the one before it in its source."""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.core.model import AlignedSentence, Article, Change, ChangeKind, SentenceStatus
from unspin.core.vocabulary import STATUSES
from unspin.render.html_layout import PageLayout
from unspin.render.html_parts import (
    Badge,
    Cell,
    Layer,
    Row,
    Segment,
    change_tooltip,
    cut_segments,
    kind_class,
    kind_label,
    pct,
    valid_span,
)

# On a page caught spinning, a sentence with no source is not the page's own reporting.
NOT_FOUND = ("Not found", "found in no source given or indexed; the page is caught spinning")
PAST_END = (
    "Past end",
    "after the point where the source stops (it is cut off mid-sentence): the source as "
    "given cannot show whether the page copied this",
)
DROPPED = ("Dropped", "in the source, missing from the article")


def _locate(source: Article, needle: str, hints: Sequence[int]) -> int | None:
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
    page: PageLayout,
    source: Article | None,
    source_id: str | None,
    text: str | None,
    start: int | None,
    indices: Sequence[int],
    hints: Sequence[int],
) -> Cell:
    label, label_title = page.source_label(source, source_id)
    ref = ", ".join(f"S{j + 1}" for j in indices)
    cell = Cell(segments=[], label=label if page.multi_source else "", ref=ref)
    cell.label_title = label_title
    cell.label_class = page.source_index.get(id(source), 0) % 5
    if source is not None and text and start is None:
        start = _locate(source, text, hints)
    if source is None or start is None or not text:
        cell.segments = [Segment(text=text or "")]
        return cell
    text = source.text[start : start + len(text)]
    layers = []
    for i, change in page.source_layers:
        if not valid_span(change.source_start, change.source_end, len(source.text)):
            continue
        if page.source_of(change.source_id) is not source:
            continue
        assert change.source_start is not None and change.source_end is not None
        layers.append(
            Layer(
                change.source_start,
                change.source_end,
                f"{page.cid[i]}-src",
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
                    Layer(
                        start + at,
                        start + at + len(change.source_speaker),
                        f"{page.cid[i]}-src",
                        kind_class(change.kind),
                        change_tooltip(change),
                        True,
                    )
                )
    cell.segments = cut_segments(text, start, layers, page.placed)
    return cell


def _pair_row(page: PageLayout, pos: int, s: AlignedSentence) -> Row:
    text = page.text[s.start : s.end] if 0 <= s.start < s.end <= len(page.text) else ""
    if text:
        segments = cut_segments(text, s.start, page.inline.get(pos, []), page.placed)
    else:
        segments = [Segment(text=s.text)]
    row_changes = [i for i in page.row_level.get(pos, []) if page.cid[i] not in page.placed]
    anchors = [page.cid[i] for i in row_changes]
    page.placed.update(anchors)
    left = Cell(segments=segments, anchors=anchors, ref=str(s.index + 1))

    kinds = [str(page.report.changes[i].kind) for i in row_changes]
    status = str(s.status)
    info = STATUSES.get(s.status)
    # a row-level change that just restates the status links the status badge instead
    same = info.kind if info is not None else None
    status_change = next((i for i in row_changes if page.report.changes[i].kind == same), None)
    badges = [
        Badge(
            css=f"kb {kind_class(page.report.changes[i].kind)}",
            label=kind_label(page.report.changes[i].kind),
            title=change_tooltip(page.report.changes[i]),
            href=f"#{page.cid[i]}",
        )
        for i in row_changes
        if page.report.changes[i].kind != ChangeKind.REORDERED and i != status_change
    ]
    reordered = s.reordered or ChangeKind.REORDERED in kinds
    if reordered:
        moved = next(
            (i for i in row_changes if page.report.changes[i].kind == ChangeKind.REORDERED),
            None,
        )
        where = ", ".join(f"S{j + 1}" for j in s.source_sentences) or "its source sentence"
        badges.insert(
            0,
            Badge(
                css="moved k-reordered",
                label="\u21c5 moved",
                title=f"reordered: {where} sits elsewhere in the source",
                href=f"#{page.cid[moved]}" if moved is not None else "",
            ),
        )
    if s.status == SentenceStatus.INSERTED or not s.source_text:
        right = None
    else:
        source = page.source_of(s.source_id)
        hints = page.hints.get(s.index, [])
        right = _source_cell(
            page, source, s.source_id, s.source_text, None, s.source_sentences, hints
        )
    label, title = (info.label, info.meaning) if info is not None else (status.capitalize(), "")
    no_source = "no source \u2014 not found in any source"
    if status == SentenceStatus.INSERTED and s.index in page.past_end:
        label, title = PAST_END
        no_source = "the source stops before this (it is cut off mid-sentence)"
    elif status == SentenceStatus.INSERTED and page.caught_spinning:
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
        status_href=f"#{page.cid[status_change]}" if status_change is not None else "",
        left=left,
        right=right,
        badges=badges,
        similarity=pct(s.similarity) if s.source_text else "",
        no_source=no_source,
    )


def _dropped_row(page: PageLayout, i: int) -> Row:
    change = page.report.changes[i]
    source = page.source_of(change.source_id)
    start = None
    text = change.source_text or change.text
    if source is not None and valid_span(change.source_start, change.source_end, len(source.text)):
        assert change.source_start is not None and change.source_end is not None
        start = change.source_start
        text = source.text[change.source_start : change.source_end]
    indices = [change.source_sentence] if change.source_sentence is not None else []
    right = _source_cell(page, source, change.source_id, text, start, indices, [])
    right.anchors = [page.cid[i]]
    page.placed.add(page.cid[i])
    label, title = DROPPED
    return Row(
        id=f"d-{i + 1}",
        classes="pair st-dropped k-dropped",
        refs=page.cid[i],
        number="\u2013",
        status="dropped",
        status_label=label,
        status_title=title,
        left=None,
        right=right,
        badges=[],
    )


def _drop_position(page: PageLayout, change: Change, pairs: Sequence[AlignedSentence]) -> float:
    """Sort key placing a dropped source sentence after its predecessor's row."""
    source = page.source_of(change.source_id)
    same = [
        n
        for n, s in enumerate(pairs)
        if s.source_sentences and page.source_of(s.source_id) is source
    ]
    if change.source_sentence is not None:
        before = [n for n in same if max(pairs[n].source_sentences) < change.source_sentence]
        if before:
            return before[-1] + 0.5
        return same[0] - 0.5 if same else len(pairs) + 0.5
    return len(pairs) + 0.5


def rows(page: PageLayout) -> list[Row]:
    """Every row in reading order; placing them places the sentence anchors."""
    keyed: list[tuple[float, int, Row]] = []
    for pos, s in enumerate(page.sentences):
        keyed.append((float(pos), 0, _pair_row(page, pos, s)))
    order = sorted(
        page.dropped,
        key=lambda i: (
            page.report.changes[i].source_sentence or 0,
            page.report.changes[i].source_start or 0,
        ),
    )
    for seq, i in enumerate(order, 1):
        key = _drop_position(page, page.report.changes[i], page.sentences)
        keyed.append((key, seq, _dropped_row(page, i)))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [row for _key, _seq, row in keyed]
