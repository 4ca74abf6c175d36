"""The HTML report's parts: plain values the template reads, and text cut into segments.

Each derivative sentence (left) and its source sentence (right) is cut into non-overlapping
segments at every change/quote/evidence boundary, and each segment carries the classes of
everything covering it, so overlapping spans never produce crossed tags.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from unspin.core.model import Change
from unspin.core.vocabulary import kind_info

SNIPPET = 160
NONE = "\u2205"  # empty set: a swap with a missing side


@dataclass(slots=True)
class Segment:
    """A run of text with the same marks: the template's smallest unit."""

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
    no_source: str = "no source \u2014 not found in any source"  # the source cell when empty


@dataclass(frozen=True, slots=True)
class Layer:
    """A span to mark on the text: a change (``is_change``), a quote or a piece of evidence;
    ``ref`` is its anchor id."""

    start: int
    end: int
    ref: str
    css: str
    title: str
    is_change: bool


def kind_label(kind: str) -> str:
    info = kind_info(kind)
    return info.label if info else kind.replace("_", " ").capitalize()


def kind_class(kind: str) -> str:
    return "k-" + re.sub(r"[^a-z0-9_-]", "", str(kind).lower())


def change_tooltip(change: Change) -> str:
    """Tooltip text, e.g. ``Russia -> Russian Federation (entity_swap)``."""
    kind = str(change.kind)
    if change.from_ is not None or change.to is not None:
        text = f"{change.from_ or NONE} -> {change.to or NONE}"
    elif change.speaker is not None or change.source_speaker is not None:
        text = (
            f"attributed to {change.speaker or 'nobody'}; "
            f"source: {change.source_speaker or 'nobody'}"
        )
    else:
        text = kind_label(kind)
    extra = f", confidence {change.confidence:.0%}" if change.confidence < 1 else ""
    return f"{text} ({kind}{extra})"


def snippet(text: str, limit: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def pct(value: float) -> str:
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def date_text(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value:%a} {value.day} {value:%B %Y}"


def valid_span(start: int | None, end: int | None, length: int) -> bool:
    return start is not None and end is not None and 0 <= start <= end <= length


def cut_segments(text: str, base: int, layers: Iterable[Layer], placed: set[str]) -> list[Segment]:
    """Cut ``text`` (which starts at offset ``base``) into non-overlapping segments."""
    n = len(text)
    spans: list[tuple[int, int, Layer]] = []
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
