"""What differs between two versions of one quote, and whether it is a spinner's edit.

Case, punctuation, spelling conventions ("-ise"/"-ize") and words dropped from either end
of the source quote are no change; a condition cut off or a negation added or cut is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from unspin.comparison.quotes.matching import MIN_ATTRIBUTED_WORDS, WORD_RE
from unspin.nlp.lexicon.contractions import written_out
from unspin.nlp.lexicon.polarity import negated
from unspin.nlp.lexicon.synonyms import wordnet
from unspin.nlp.units import NUMBER_WORDS


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
    sw, dw = _words(source), _words(derivative)
    a = [_spelling(w) for w, _, _ in sw]
    b = [_spelling(w) for w, _, _ in dw]
    ops = _differences(a, b)
    # The derivative's words that stand against the source quote's: words it quotes before or
    # after them are more of the statement than this source quoted (its "don't" or "never" is
    # no negation added to these words).
    d_lo = ops[0][4] if ops and ops[0][0] == "insert" and ops[0][3] == 0 else 0
    d_hi = ops[-1][3] if ops and ops[-1][0] == "insert" and ops[-1][4] == len(b) else len(b)
    # Words cut from the start or end of the source quote are a shortened quote, not a change,
    # unless the cut takes the condition the statement was made under ("..., unless they
    # attack first"): then the quote says something its speaker did not.
    cut_condition: tuple[int, int] | None = None
    kept = [0, len(a)]  # the source words the derivative quotes, its cut ends aside
    if ops and ops[0][0] == "delete" and ops[0][1] == 0:
        _, s1, s2, _, _ = ops.pop(0)
        kept[0] = s2
        # "If ..., we will" quoted from "we will": the condition clause and nothing more.
        if a[s1] in _CONDITIONS and s2 < len(sw) and "," in source[sw[s2 - 1][2] : sw[s2][1]]:
            cut_condition = (s1, s2)
    if ops and ops[-1][0] == "delete" and ops[-1][2] == len(a):
        _, s1, s2, _, _ = ops.pop()
        kept[1] = s1
        if a[s1] in _CONDITIONS:
            cut_condition = (s1, s2)
    if kept[0] > 0 and kept[1] < len(a):
        cut_condition = None  # cut at both ends: a phrase from the middle, not a claim cut
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
    # A word put in brackets inside the marks is the reporter's clarification ("[the
    # militias]" for "they", "(Islamic State)" for "ISIL"), as every report may make it.
    # A word in another inflection ("exist" / "exists") or one letter apart ("than" / "then")
    # is how two transcribers heard or corrected the same word, not a swap.
    spinners_edit = all(
        tag == "replace"
        and max(s2 - s1, d2 - d1) <= 3
        and not (d2 > d1 and _bracketed(derivative, dw[d1][1], dw[d2 - 1][2]))
        and not (s2 > s1 and _bracketed(source, sw[s1][1], sw[s2 - 1][2]))
        and not _transcribed_alike(a[s1:s2], b[d1:d2])
        and not {*a[s1:s2], *b[d1:d2]} <= _LINKING_WORDS
        and not {*a[s1:s2], *b[d1:d2]} <= _PERSONS
        for tag, s1, s2, d1, d2 in ops
    ) or negated(a[kept[0] : kept[1]]) != negated(b[d_lo:d_hi])  # "not" on one side only
    return WordDiff(src, der, spinners_edit)


def _differences(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The word edits from ``a`` (the source quote) to ``b``, aligned on the stretch of ``a``
    that ``b`` quotes. A short quote out of a long one ("makes me smart" of "... he's smart.
    Makes him smart.") can line up with a repeated word far from its own place; a window of
    the source as long as the quote that leaves fewer of its words unmatched is that place,
    and the source's words around it are cut from the ends."""

    def edits(lo: int, hi: int) -> list[tuple[str, int, int, int, int]]:
        ops = difflib.SequenceMatcher(a=a[lo:hi], b=b, autojunk=False).get_opcodes()
        found = [(tag, i1 + lo, i2 + lo, j1, j2) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
        before = [("delete", 0, lo, 0, 0)] if lo > 0 else []
        after = [("delete", hi, len(a), len(b), len(b))] if hi < len(a) else []
        return [*before, *found, *after]

    def unmatched(ops: list[tuple[str, int, int, int, int]]) -> int:
        return sum(j2 - j1 for _, _, _, j1, j2 in ops)

    best = edits(0, len(a))
    if b and len(a) > len(b) + 3:
        for lo in range(len(a) - len(b) + 1):
            window = edits(lo, lo + len(b))
            if unmatched(window) < unmatched(best):
                best = window
    return best


def _transcribed_alike(source: list[str], derivative: list[str]) -> bool:
    """Each word of one is the other's in another inflection, or with one letter mistyped."""
    return len(source) == len(derivative) and all(
        wordnet().same_word(x, y) or (min(len(x), len(y)) >= 3 and Levenshtein.distance(x, y) == 1)
        for x, y in zip(source, derivative, strict=True)
    )


# One word however a desk writes it: a number in words or figures, "OK"/"okay", "%".
_SAME_WORD = {"ok": "okay", "%": "percent"} | {
    w: str(n) for w, n in NUMBER_WORDS.items() if 1 <= n <= 10
}  # fmt: skip
# Initials written with or without stops ("U.S." / "US"), a percent sign, or a word.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|%|" + WORD_RE.pattern)


def _words(text: str) -> list[tuple[str, int, int]]:
    """``text``'s words, lower case, with their spans: contractions written out ("won't" is
    "will not", each part keeping the word's span), initials closed up, numbers in figures."""
    out = []
    for m in _TOKEN.finditer(text):
        for w in written_out(m[0].replace(".", "")):  # only initials hold stops
            out.append((_SAME_WORD.get(w, w), m.start(), m.end()))
    return out


def _bracketed(text: str, start: int, end: int) -> bool:
    """The span lies inside square or round brackets."""
    return any(
        (opened := text.rfind(left, 0, start)) >= 0
        and text.rfind(right, opened, start) < 0
        and right in text[end : end + 3]
        for left, right in ("[]", "()")
    )


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Articles, conjunctions and prepositions: one heard for another ("and" / "in") is how two
# transcribers took down the same words; a spinner swaps words that mean something.
_LINKING_WORDS = _word_set(
    """
    a an the and or of to in on at by for with from as into onto over about that this these those
    """
)

# Personal pronouns: "makes me smart" for "makes him smart" is the same words told from
# the speaker's side or the reporter's, not a word swapped for a synonym.
_PERSONS = _word_set(
    """
    i me my mine myself we us our ours ourselves you your yours he him his himself she her
    hers herself they them their theirs themselves
    """
)

# Words that open the condition a statement holds under; cutting it changes the claim.
_CONDITIONS = frozenset(["if", "unless", "until", "except", "provided", "but", "only"])


__all__ = [
    "WordDiff",
    "word_diff",
]
