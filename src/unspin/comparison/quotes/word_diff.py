"""What differs between two versions of one quote, and whether it is a spinner's edit.

Case, punctuation, spelling conventions ("-ise"/"-ize") and words dropped from either end
of the source quote are no change; a condition cut off or a negation added or cut is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from unspin.comparison.quotes.matching import MIN_ATTRIBUTED_WORDS, WORD_RE
from unspin.nlp.lexicon.contractions import written_out
from unspin.nlp.lexicon.polarity import negated


def _spelling(word: str) -> str:
    """One form for British and American spellings ("denuclearised" = "denuclearized",
    "honour" = "honor"): two transcriptions of one quote differ in house style, not words."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"is(e|es|ed|ing|ation|ations)$", r"iz\1", w)
    w = re.sub(r"our(s|ed|ing|able)?$", r"or\1", w)
    return re.sub(r"yse(s|d)?$", r"yze\1", w)


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The differing region of a quote (source words, derivative words), and whether every
    difference swaps words for others, or turns the statement round (a negation added or
    cut, its condition cut off): a spinner's edit, rather than words added or cut as two
    transcriptions of one statement differ."""

    source: str
    derivative: str
    spinners_edit: bool
    condition_cut: bool = False  # only the condition was cut (the caller checks the narration)


def word_diff(source: str, derivative: str) -> WordDiff | None:
    """The differing region, ignoring case, punctuation, spelling conventions and words
    dropped from either end of the source quote (a shortened quote is fine)."""
    # Contractions written out ("won't" = "will not"), each part keeping its word's span.
    sw = [(w, m.start(), m.end()) for m in WORD_RE.finditer(source) for w in written_out(m[0])]
    dw = [
        (w, m.start(), m.end()) for m in WORD_RE.finditer(derivative) for w in written_out(m[0])
    ]
    a = [_spelling(w) for w, _, _ in sw]
    b = [_spelling(w) for w, _, _ in dw]
    ops = [
        op
        for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    # Words cut from the start or end of the source quote are a shortened quote, not a change,
    # unless the cut takes the condition the statement was made under ("..., unless they
    # attack first"): then the quote says something its speaker did not.
    cut_condition: tuple[int, int] | None = None
    kept = [0, len(a)]  # the source words the derivative quotes, its cut ends aside
    if ops and ops[0][0] == "delete" and ops[0][1] == 0:
        _, s1, s2, _, _ = ops.pop(0)
        kept[0] = s2
        if a[s1] in _CONDITIONS:
            cut_condition = (s1, s2)
    if ops and ops[-1][0] == "delete" and ops[-1][2] == len(a):
        _, s1, s2, _, _ = ops.pop()
        kept[1] = s1
        if a[s1] in _CONDITIONS:
            cut_condition = (s1, s2)
    if not ops and cut_condition is None:
        return None
    if not ops:
        # A phrase quoted out of a longer statement is any report's way to quote; a
        # statement quoted as a whole, minus its condition, is not.
        if len(b) < MIN_ATTRIBUTED_WORDS:
            return None
        s1, s2 = cut_condition
        return WordDiff(
            source[sw[s1][1] : sw[s2 - 1][2]], "", spinners_edit=True, condition_cut=True
        )
    i1, i2 = ops[0][1], ops[-1][2]
    j1, j2 = ops[0][3], ops[-1][4]
    src = source[sw[i1][1] : sw[i2 - 1][2]] if i2 > i1 else ""
    der = derivative[dw[j1][1] : dw[j2 - 1][2]] if j2 > j1 else ""
    spinners_edit = all(
        tag == "replace" and max(s2 - s1, d2 - d1) <= 3 for tag, s1, s2, d1, d2 in ops
    ) or negated(a[kept[0] : kept[1]]) != negated(b)  # "not" there on one side only
    return WordDiff(src, der, spinners_edit)


# Words that open the condition a statement holds under; cutting it changes the claim.
_CONDITIONS = frozenset(["if", "unless", "until", "except", "provided", "but", "only"])


__all__ = [
    "WordDiff",
    "word_diff",
]
