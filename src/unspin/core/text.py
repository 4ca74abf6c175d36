"""Where paragraphs end: the one rule every sentence splitter in the package follows.

A paragraph break always ends a sentence in news text (a headline-like lead, a photo caption,
a dateline have no full stop of their own). A blank line is always a paragraph break. A single
newline is one too, except in hard-wrapped text (wire copy broken every 60-80 characters
mid-sentence), which is told apart by how its lines end: most lines of wrapped text stop in
the middle of a sentence, most lines of a page pasted or extracted paragraph by paragraph
stop at a full stop, a closing quote, or a short heading or caption.

spaCy's parse (:mod:`unspin.nlp.parse`) and the fast splitter the index uses
(:func:`unspin.index.tokens.split_sentences`) both cut at these breaks, so the index, the
comparison and the scan see the same paragraphs.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from unspin.core.wordlists import STOP_WORDS

# Spaces a web page may print between words (no-break, thin, figure, em...): one space to
# every reader, so one space to the parser; a no-break space glued "the" to "Pentagon" in
# spaCy's entities ("the Pentagon" vs "Pentagon", read as a swap).
_SPACE_LIKE = str.maketrans(
    dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2009\u200a\u202f\u205f\u3000", " ")
)


_WORD_CHARS = re.compile(r"[^\W_]+")


def padded_words(text: str) -> str:
    """Lowercase words separated by single spaces, padded so matches fall on word edges
    (``" a b " in padded_words(...)`` finds the words "a b", never a part of a word)."""
    return " " + " ".join(_WORD_CHARS.findall(text.lower())) + " "


def plain_spaces(text: str) -> str:
    """``text`` with every space-like character a plain space (same length, same offsets)."""
    return text.translate(_SPACE_LIKE)


_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_ANY_BREAK = re.compile(r"[ \t]*\n\s*")
_LINE_END = re.compile(r"[.!?:;\"'”’»›)\]]$")
SHORT_LINE = 40  # a line this short is a heading or caption, not a wrapped sentence
WRAPPED_SHARE = 0.5  # lines ending mid-sentence from which a text reads as hard-wrapped
RUNS_ON_SHARE = 0.2  # ... of which this share go on in lower case on the next line
WRAP_WIDTH_MAX = 100  # the median wrapped line is at most this long (mail and wire: 60-80)


def hard_wrapped(text: str) -> bool:
    """Whether single newlines in ``text`` wrap sentences rather than end paragraphs."""
    lines = [line.rstrip() for line in text.split("\n")]
    # Lines followed by a single newline: the last line of a paragraph says nothing.
    pairs = [(line, after) for line, after in itertools.pairwise(lines) if line.strip()]
    ends = [(line, after) for line, after in pairs if after.strip()]
    if not ends:
        return False
    mid_sentence = sum(
        1 for line, _ in ends if len(line.strip()) > SHORT_LINE and not _LINE_END.search(line)
    )
    # A wrapped sentence goes on in lower case on the next line; a caption or a bullet that
    # lacks a full stop is followed by a capital.
    runs_on = sum(1 for _, after in ends if after.lstrip()[:1].islower())
    # Wrapping makes lines of a screen's width; paragraphs one newline apart are longer.
    widths = sorted(len(line) for line, _ in ends)
    return (
        mid_sentence >= WRAPPED_SHARE * len(ends)
        and runs_on >= RUNS_ON_SHARE * len(ends)
        and widths[len(widths) // 2] <= WRAP_WIDTH_MAX
    )


# A newline inside a paragraph (the line goes on), not one of a blank line.
_WRAP = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)")


def unwrapped(text: str) -> str:
    """``text`` with the newlines that only wrap its lines read as spaces, when it is
    hard-wrapped (offsets kept: same length). The same words wrapped at another width, or not
    at all, then read the same everywhere: the parser takes a newline for a token of its own,
    and the quote and speaker rules take one for the edge of a line."""
    if "\n" not in text or not hard_wrapped(text):
        return text
    return _WRAP.sub(lambda m: " " * len(m[0]), text)


def paragraph_breaks(text: str) -> re.Pattern[str]:
    """The pattern that finds ``text``'s paragraph breaks (see the module docstring)."""
    return _BLANK_LINE if hard_wrapped(text) else _ANY_BREAK


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``text``'s non-blank paragraphs as (start, end) spans, split at its paragraph breaks."""
    spans, at = [], 0
    for brk in paragraph_breaks(text).finditer(text):
        spans.append((at, brk.start()))
        at = brk.end()
    spans.append((at, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# --- blocks glued together ----------------------------------------------------------------
# Text extraction sometimes joins two blocks of a page with no space at all: a photo caption
# or a heading runs into the next paragraph ("...speech at the UN, 2014The president said").
# The seam is a capitalised word starting inside a run of non-space characters. Names and
# brands are written that way too ("McDonald", "YouTube", "iPhone", "PlayStation"), so a seam
# is taken only where no name is: after a year or a full stop, after a whole lower-case word
# ("caption textThe"), or where the capitalised word is a function word that starts sentences
# and no brand ends in ("ImagesThe", "AFPIn").
_RUN = re.compile(r"\S+")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_NOT_PROSE = re.compile(r"[@#/\\=_]|www|\.[a-z]{2,4}\b")  # handles, tags, addresses, code
_LEFT_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LEFT_SENTENCE_END = re.compile(r"[a-z0-9]{2,}[.!?][\"'”’)\]]*")
_LEFT_LOWER_WORD = re.compile(r"[a-z]{2,}")
_LEFT_NAME = re.compile(r"[A-Z][a-z]{2,}|[A-Z]{2,}")
_OPENING_MARKS = "\"'“‘([«"


def glued_seams(text: str) -> list[int]:
    """Offsets in ``text`` where a block starts glued to the one before it (no space between).

    A seam is a sentence boundary for every splitter, like a paragraph break.
    """
    seams = []
    for run in _RUN.finditer(text):
        word = run.group()
        if len(word) < 5 or _NOT_PROSE.search(word):
            continue
        lead = len(word) - len(word.lstrip(_OPENING_MARKS))
        for cap in _CAPITALISED.finditer(word, lead + 1):
            left, right = word[lead : cap.start()], cap.group()
            if (
                (len(right) >= 3 and _LEFT_YEAR.fullmatch(left))
                or _LEFT_SENTENCE_END.fullmatch(left)
                or (len(right) >= 3 and _LEFT_LOWER_WORD.fullmatch(left))
                or (right.lower() in STOP_WORDS and _LEFT_NAME.fullmatch(left))
            ):
                seams.append(run.start() + cap.start())
                break  # one seam a run: the rest of it is the next block's first word
    return seams


@dataclasses.dataclass(frozen=True, slots=True)
class _Seam:
    """A zero-width match, as spaCy's tokenizer reads infixes."""

    at: int

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.at


def glued_seams_infix(
    infix_finditer: Callable[[str], Iterable[Any]],
) -> Callable[[str], list[Any]]:
    """spaCy's infix finder with a zero-width infix at every glued seam of a token, so the
    tokenizer cuts "2014The" in two where :func:`glued_seams` does."""

    def finditer(token: str) -> list[Any]:
        found = list(infix_finditer(token))
        taken = [(m.start(), m.end()) for m in found]
        seams = [
            _Seam(at)
            for at in glued_seams(token)
            if not any(start <= at <= end for start, end in taken)
        ]
        return sorted([*found, *seams], key=lambda m: m.start())

    return finditer
