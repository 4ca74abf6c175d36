"""Where paragraphs end: the one rule every sentence splitter in the package follows.

A paragraph break always ends a sentence in news text (a headline-like lead, a photo caption,
a dateline have no full stop of their own). A blank line is always a paragraph break. A single
newline is one too, except in hard-wrapped text (wire copy broken every 60-80 characters
mid-sentence), which is told apart by how its lines end: most lines of wrapped text stop in
the middle of a sentence, most lines of a page pasted or extracted paragraph by paragraph
stop at a full stop, a closing quote, or a short heading or caption.

spaCy's parse (:mod:`unspin.nlp`) and the fast splitter the index uses
(:func:`unspin.corpus.tokens.split_sentences`) both cut at these breaks, so the index, the
comparison and the scan see the same paragraphs.
"""

from __future__ import annotations

import itertools
import re

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_ANY_BREAK = re.compile(r"[ \t]*\n\s*")
_LINE_END = re.compile(r"[.!?:;\"'”’)\]]$")
SHORT_LINE = 40  # a line this short is a heading or caption, not a wrapped sentence
WRAPPED_SHARE = 0.5  # lines ending mid-sentence from which a text reads as hard-wrapped
RUNS_ON_SHARE = 0.2  # ... of which this share go on in lower case on the next line


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
    return mid_sentence >= WRAPPED_SHARE * len(ends) and runs_on >= RUNS_ON_SHARE * len(ends)


def paragraph_breaks(text: str) -> re.Pattern[str]:
    """The pattern that finds ``text``'s paragraph breaks (see the module docstring)."""
    return _BLANK_LINE if hard_wrapped(text) else _ANY_BREAK
