"""Lines for the network search: what one operator leaves on its sites.

A farm network's sites rarely publish byte-identical lines: the spinner varies a line between
sites ("U.S." becomes "USA" or "US"; straight or curly apostrophes; a synonym more or less).
Lines are therefore compared after normalising what spinners vary (case, quote marks and
apostrophes, punctuation, the aliases of one country), by near-duplicate matching of their
word 2-shingles: MinHash signatures banded for candidate pairs (LSH, so only lines that share
a band are ever compared), verified on the exact shingle sets.

Quoted words are left out of the comparison: independent newsrooms reporting one event share
the statements they quote, never their narration.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

import numpy as np

from unspin.index.fingerprints import MinHasher, hash64, to_signed
from unspin.index.tokens import split_sentences

__all__ = [
    "LINE_MIN_WORDS",
    "NEAR_DUPLICATE",
    "is_cut",
    "line_bands",
    "line_diff",
    "line_hash",
    "line_similarity",
    "line_words",
    "split_lines",
]

LINE_MIN_WORDS = 8  # narration words; shorter lines are too generic to link two sites
NEAR_DUPLICATE = 0.8  # shingle overlap of two lines that one spinner made from one line
BANDS, ROWS = 16, 2  # 32 MinHash values; a pair at overlap 0.5 shares a band ~99% of the time
_SEED = 20260601
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2033": '"'})  # fmt: skip
_QUOTED = re.compile(r'"[^"\n]{0,600}?"')
_END = re.compile(r"[.!?:;][\"')\]]*\s*$|[\"')\]]\s*$")
# A sentence glued to the next one without a space ("sanctions.Russian officials"), as pages
# extracted from some templates print them.
_GLUED = re.compile(r"(?<=[a-z0-9%][.!?])(?=[A-Z\"][a-z])|(?<=[a-z][.!?][\"'])(?=[A-Z][a-z])")


def split_lines(text: str) -> list[str]:
    """The sentences of a page's text, glued sentences apart."""
    out: list[str] = []
    for start, end in split_sentences(text):
        out.extend(p.strip() for p in _GLUED.split(text[start:end].translate(_QUOTES)) if p.strip())
    return out


def line_words(text: str) -> list[str]:
    """The narration words of a line, normalised: lower case, one apostrophe, no quoted words,
    no punctuation, a country's aliases as one word ("U.S.", "USA", "United States" alike)."""
    from unspin.nlp.lexicon.aliases import tokenize

    plain = _QUOTED.sub(" ", text.translate(_QUOTES))
    return _canonical_names([t for t in tokenize(plain) if t[0].isalnum()])


def _canonical_names(words: list[str]) -> list[str]:
    from unspin.nlp.lexicon.aliases import alias_table

    table = alias_table()
    out: list[str] = []
    i = 0
    while i < len(words):
        m = table.match_at(words, i)
        if m is None or not m.canonical.startswith("country:"):
            out.append(words[i].lower().rstrip("."))
            i += 1
            continue
        if out and out[-1] == "the":
            out.pop()  # "the USA" as "the U.S." (whose alias holds its "the") and "USA"
        out.append(m.canonical)
        i = m.end
    return out


def line_hash(words: Sequence[str]) -> int:
    """Signed 64-bit hash of a line's normalised words (its exact identity)."""
    return to_signed(hash64(" ".join(words), _SEED))


def shingles(words: Sequence[str]) -> set[str]:
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


@lru_cache(maxsize=1)
def _hasher() -> MinHasher:
    return MinHasher(BANDS * ROWS, _SEED)


def line_bands(words: Sequence[str]) -> list[int]:
    """LSH band keys of a line's word 2-shingles: two near-identical lines share one."""
    sh = sorted(shingles(words))
    if not sh:
        return []
    hashes = np.array([hash64(s, _SEED) for s in sh], dtype=np.uint64)
    sig = _hasher().signature(hashes)
    assert sig is not None
    buf = sig.tobytes()
    width = ROWS * sig.itemsize
    return [
        to_signed(hash64(buf[b * width : (b + 1) * width].hex(), _SEED + b)) for b in range(BANDS)
    ]


def line_similarity(
    a: Sequence[str],
    b: Sequence[str],
    *,
    a_cut: bool = False,
    b_cut: bool = False,
    a_shingles: AbstractSet[str] | None = None,
    b_shingles: AbstractSet[str] | None = None,
) -> float:
    """Overlap of two lines' word 2-shingles: Jaccard; for a line cut short (``*_cut``: a page
    excerpt ending mid-sentence), how much of it the other line contains, from the start.
    ``*_shingles``: the lines' shingles when the caller has them already."""
    sa = shingles(a) if a_shingles is None else a_shingles
    sb = shingles(b) if b_shingles is None else b_shingles
    if not sa or not sb:
        return 0.0
    inter = len(sa & sb)
    jaccard = inter / len(sa | sb)
    for cut, short, other, s_short in ((a_cut, a, b, sa), (b_cut, b, a, sb)):
        long_enough = len(short) >= 2 * LINE_MIN_WORDS and len(short) < len(other)
        if cut and long_enough and list(short[:4]) == list(other[:4]):
            jaccard = max(jaccard, inter / len(s_short))
    return jaccard


def is_cut(text: str) -> bool:
    """A line that does not end as a sentence does: the page's text was cut mid-sentence."""
    return not _END.search(text)


def line_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word diff of two lines as ``[(op, text)]``, op ``=`` (both), ``-`` (a only), ``+`` (b)."""
    wa, wb = a.split(), b.split()
    out: list[tuple[str, str]] = []
    sm = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(wa[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(wb[j1:j2])))
    return out
