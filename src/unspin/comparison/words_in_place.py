"""How a sentence's words line up with its source sentence's, word for word in place.

A spinner keeps the source sentence's skeleton and replaces words one for one; a reporter who
writes the same fact builds another sentence. :func:`skeleton` counts the words kept in place,
the words replaced one for one and the words added or cut, with one word written two ways
(closed up, contracted, British or American spelling) counted as kept. Hand-written: a
word-level ``difflib`` pass is all it takes, and no library folds these spellings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.nlp.lexicon.contractions import same_contracted

__all__ = ["Skeleton", "skeleton", "spelling_key"]

_WORD = re.compile(r"[^\W_]+")
SHARED_MIN_WORDS = 8  # words kept in place from the source sentence
SUBSTITUTION_MIN_RATIO = 0.8  # kept or replaced one for one, of the aligned words
SUBSTITUTION_MAX_BLOCK = 3  # longest run of words replaced together
SUBSTITUTION_MIN_KEPT = 0.6  # of the derivative sentence's words, kept in place
SUBSTITUTION_STRONG_KEPT = 15  # words kept in place that make the edit proof on its own
PASSAGE_MIN_KEPT = 0.8  # of each sentence's words, kept in place


@dataclass(frozen=True, slots=True)
class Skeleton:
    """How a derivative sentence's words line up with its source sentence's, in place."""

    kept: int  # words equal and in place
    replaced: int  # words replaced one for one (inside blocks of at most 3)
    extra: int  # words added or cut inside the sentence (not at its ends)
    longest_block: int  # longest replaced block
    words: int  # words in the derivative sentence

    @property
    def few_insertions(self) -> bool:
        """Words swapped rather than added or cut: a spinner replaces, a paraphrase rebuilds."""
        return self.extra <= max(2, self.replaced + 1)

    @property
    def near_verbatim(self) -> bool:
        """A long stretch of the source sentence kept word for word, lightly edited: a
        reporter who writes the same fact does not keep fifteen words in the source's order."""
        return (
            self.kept >= SUBSTITUTION_STRONG_KEPT
            and self.kept >= PASSAGE_MIN_KEPT * self.words
            and self.longest_block <= SUBSTITUTION_MAX_BLOCK
        )

    @property
    def substitution_only(self) -> bool:
        aligned = self.kept + self.replaced + self.extra
        return (
            aligned > 0
            and self.few_insertions
            and self.kept >= SHARED_MIN_WORDS
            and self.kept >= self.replaced
            # Most of the sentence is the source's words in place: two reports of one event
            # share a scatter of names and numbers, not the sentence.
            and self.kept >= SUBSTITUTION_MIN_KEPT * self.words
            and self.longest_block <= SUBSTITUTION_MAX_BLOCK
            and (self.kept + self.replaced) / aligned >= SUBSTITUTION_MIN_RATIO
        )


def skeleton(derivative: str, source: str) -> Skeleton:
    """Compare two sentences word by word; words cut or added at either end are ignored (a
    collage cuts a sentence where it likes, and syndication adds datelines)."""
    d = _WORD.findall(derivative.lower())
    s = _WORD.findall(source.lower())
    ops = difflib.SequenceMatcher(None, d, s, autojunk=False).get_opcodes()
    while ops and ops[0][0] != "equal":
        ops.pop(0)
    while ops and ops[-1][0] != "equal":
        ops.pop()
    kept = replaced = extra = longest = 0
    for tag, i1, i2, j1, j2 in ops:
        a, b = i2 - i1, j2 - j1
        if tag == "equal":
            kept += a
        elif tag == "replace" and _same_word(d[i1:i2], s[j1:j2]):
            kept += a  # "health care" for "healthcare", "defence" for "defense"
        elif tag == "replace":
            replaced += min(a, b)
            extra += abs(a - b)
            longest = max(longest, a, b)
        else:
            extra += a + b
    return Skeleton(kept=kept, replaced=replaced, extra=extra, longest_block=longest, words=len(d))


def _same_word(a: Sequence[str], b: Sequence[str]) -> bool:
    """One word written two ways: closed up or apart, British or American spelling, or
    contracted ("we’ve" / "we have": the words split at the apostrophe)."""
    joined_a, joined_b = "".join(a), "".join(b)
    if len(a) == len(b) == 1 and same_contracted(a[0], b[0]):
        return True
    return joined_a == joined_b or spelling_key(joined_a) == spelling_key(joined_b)


# British and American spellings of one word, and one abbreviation with and without stops.
_SPELLING = (
    ("isation", "ization"),
    ("yse", "yze"),
    ("ise", "ize"),
    ("our", "or"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ogue", "og"),
    ("amme", "am"),  # programme, kilogramme
    ("ll", "l"),
    ("ae", "e"),
    ("oe", "e"),
)


# British and American spellings of one word that the endings above do not fold.
_SPELLING_WORDS = {
    "aluminium": "aluminum", "tyre": "tire", "kerb": "curb", "cheque": "check",
    "plough": "plow", "grey": "gray", "sceptic": "skeptic", "sceptical": "skeptical",
    "scepticism": "skepticism", "mould": "mold", "pyjamas": "pajamas", "jewellery": "jewelry",
    "ageing": "aging", "manoeuvre": "maneuver", "storey": "story", "gaol": "jail",
    "moustache": "mustache", "doughnut": "donut", "artefact": "artifact", "cosy": "cozy",
    "practise": "practice", "practised": "practiced", "judgement": "judgment",
    "acknowledgement": "acknowledgment", "sulphur": "sulfur", "axe": "ax", "draught": "draft",
}  # fmt: skip


def spelling_key(word: str) -> str:
    """One key for the spellings of a word: "defences"/"defenses", "U.S."/"US", "tyres" /
    "tires"."""
    key = re.sub(r"[\W_]", "", word.lower())
    if key in _SPELLING_WORDS:
        key = _SPELLING_WORDS[key]
    elif key.endswith("s") and key[:-1] in _SPELLING_WORDS:
        key = _SPELLING_WORDS[key[:-1]] + "s"
    for british, american in _SPELLING:
        key = key.replace(british, american)
    return key
