"""English contractions written out: "won't" is "will not", "we're" is "we are".

Two transcriptions of one statement, or a desk's style, write the same words contracted or
not; neither is a change of wording. Tokenisers split them differently ("wo" + "n't" in
spaCy, one word in a regex), so both shapes are handled: a whole word, and a split piece.
"""

from __future__ import annotations

# Irregular negatives, then the regular suffixes.
_WHOLE = {"won't": ("will", "not"), "can't": ("can", "not"), "shan't": ("shall", "not"),
          "ain't": ("is", "not"), "let's": ("let", "us")}  # fmt: skip
_SUFFIXES = (("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'m", "am"),
             ("'d", "would"))  # fmt: skip
# "'s" is "is" only after a pronoun: "Putin's" is a possessive.
_IS_AFTER = frozenset({"it", "he", "she", "that", "there", "here", "what", "who", "where"})
# spaCy's pieces of a contraction, written out.
_PIECES = {"wo": "will", "ca": "can", "sha": "shall", "n't": "not", "'re": "are",
           "'ve": "have", "'ll": "will", "'m": "am"}  # fmt: skip


# The part after the apostrophe, as a tokeniser that splits at it leaves it ("we", "ve"),
# and the word it stands for.
_TAIL_WORDS = frozenset({("ve", "have"), ("re", "are"), ("ll", "will"), ("m", "am"),
                         ("t", "not"), ("s", "is"), ("s", "has"), ("d", "would"),
                         ("d", "had")})  # fmt: skip


def same_contracted(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` (lower case) are a contraction's tail, split off at its
    apostrophe ("ve" of "we've"), and the word it stands for ("have"), either way round."""
    return (a, b) in _TAIL_WORDS or (b, a) in _TAIL_WORDS


def written_out(word: str) -> tuple[str, ...]:
    """``word`` (lower case) with its contraction written out; itself when it has none."""
    w = word.lower().replace("\u2019", "'")
    if w in _WHOLE:
        return _WHOLE[w]
    for suffix, full in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix):
            return (w[: -len(suffix)], full)
    if w.endswith("'s") and w[:-2] in _IS_AFTER:
        return (w[:-2], "is")
    return (w,)


def piece_written_out(piece: str) -> str:
    """One token of a contraction as spaCy splits it ("wo", "n't"), written out."""
    p = piece.lower().replace("\u2019", "'")
    return _PIECES.get(p, p)


__all__ = ["piece_written_out", "same_contracted", "written_out"]
