"""How much text one analysis takes: the same limits in the CLI, the API, ``index`` and ``scan``.

    MAX_ANALYSIS_CHARS      characters of article text (a long news article is 30,000)
    MAX_ANALYSIS_TOKENS     words and punctuation marks, counted as the parser will see them
    MAX_ANALYSIS_SENTENCES  sentences, estimated from sentence-ending punctuation and breaks
    MAX_COMPARE_TOKENS      tokens of one comparison: the derivative and its sources together

Before tokenising, :func:`squeeze` blanks (replaces with spaces, so offsets hold) all but the
first three of a run of one repeated punctuation mark or symbol ("!!!!", "=====", an emoji
repeated), and all but the first ``MAX_TOKEN_CHARS // 2`` characters of a run of more than
``MAX_TOKEN_CHARS`` non-space characters: spaCy's affix splitting is quadratic in the length
of such a run (16,000 "!" took 27 s), and the rest of its pipeline is linear in tokens.

``check_analysis_size`` refuses a text over a limit with one line naming the input.
``unspin index`` and ``unspin scan`` skip such records and count them (``too_large``).
``unspin.nlp.parse.parse`` applies the same limits once more to texts that reach it another way (an
index built by an older version): it analyses only the first ``MAX_ANALYSIS_CHARS`` characters,
``MAX_ANALYSIS_TOKENS`` tokens and ``MAX_ANALYSIS_SENTENCES`` sentences.
"""

from __future__ import annotations

import re

from unspin.core.errors import InputTooLargeError
from unspin.core.text import plain_spaces

MAX_ANALYSIS_CHARS = 100_000
MAX_ANALYSIS_TOKENS = 12_000
MAX_ANALYSIS_SENTENCES = 1_500
# One comparison: the derivative and all its sources together (two long articles).
MAX_COMPARE_TOKENS = 2 * MAX_ANALYSIS_TOKENS
MAX_TOKEN_CHARS = 200

_REPEATED_MARK = re.compile(r"([^\w\s])\1{3,}")
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
_TOKEN = re.compile(r"\w+|[^\w\s]")

# Where a sentence probably ends: ., ! or ? before a space, or a line break. An estimate that
# is cheap to compute before parsing (the parser's count is applied in ``nlp.parse``).
_SENTENCE_END = re.compile(r"[.!?\u2026]+(?=\s|$)|\n+")


def squeeze(text: str) -> str:
    """``text`` as the parser should see it: same length, runs blanked (module docstring),
    no-break and other space-like characters as plain spaces."""
    text = _REPEATED_MARK.sub(lambda m: m.group()[:3].ljust(len(m.group())), text)
    keep = MAX_TOKEN_CHARS // 2
    return plain_spaces(_LONG_RUN.sub(lambda m: m.group()[:keep].ljust(len(m.group())), text))


def estimate_sentences(text: str) -> int:
    return sum(1 for _ in _SENTENCE_END.finditer(squeeze(text))) + 1


def estimate_tokens(text: str) -> int:
    return sum(1 for _ in _TOKEN.finditer(squeeze(text)))


def token_prefix(text: str, limit: int = MAX_ANALYSIS_TOKENS) -> int:
    """Where the ``limit``-th token of ``text`` ends (``len(text)`` if it has fewer)."""
    for i, match in enumerate(_TOKEN.finditer(text)):
        if i + 1 >= limit:
            return match.end()
    return len(text)


def analysis_size_problem(text: str) -> str | None:
    """Why ``text`` is too large to analyse, or None."""
    if len(text) > MAX_ANALYSIS_CHARS:
        return (
            f"the article is {len(text):,} characters; unspin analyses at most "
            f"{MAX_ANALYSIS_CHARS:,} (a long news article is 30,000). Pass a single article"
        )
    if len(text) <= min(MAX_ANALYSIS_TOKENS, MAX_ANALYSIS_SENTENCES):
        return None  # fewer characters cannot hold more tokens or sentences
    tokens = estimate_tokens(text)
    if tokens > MAX_ANALYSIS_TOKENS:
        return (
            f"the article has {tokens:,} words and punctuation marks; unspin analyses at "
            f"most {MAX_ANALYSIS_TOKENS:,} (a long news article has 6,000). Pass a single article"
        )
    sentences = estimate_sentences(text)
    if sentences > MAX_ANALYSIS_SENTENCES:
        return (
            f"the article has about {sentences:,} sentences; unspin analyses at most "
            f"{MAX_ANALYSIS_SENTENCES:,}. Pass a single article"
        )
    return None


def check_raw_size(text: str, name: str) -> None:
    """Refuse, before any work on it, a text so long that even without site furniture it
    would be over ``MAX_ANALYSIS_CHARS`` (a 10 MB paste is refused in milliseconds)."""
    if len(text) > 2 * MAX_ANALYSIS_CHARS:
        raise InputTooLargeError(name, analysis_size_problem(text) or "is too large")


def check_analysis_size(text: str, name: str) -> None:
    """Raise ``InputTooLargeError`` naming ``name`` when ``text`` is over a limit."""
    problem = analysis_size_problem(text)
    if problem is not None:
        raise InputTooLargeError(name, problem)


def check_compare_size(texts: list[tuple[str, str]]) -> None:
    """Raise ``InputTooLargeError`` when (name, text) pairs compared together are over
    ``MAX_COMPARE_TOKENS`` in all (each alone is checked by ``check_analysis_size``)."""
    total = sum(estimate_tokens(text) for _, text in texts)
    if total > MAX_COMPARE_TOKENS:
        names = ", ".join(name for name, _ in texts)
        raise InputTooLargeError(
            names,
            f"together have {total:,} words and punctuation marks; one comparison takes at "
            f"most {MAX_COMPARE_TOKENS:,}. Compare with fewer or shorter sources",
        )


__all__ = [
    "MAX_ANALYSIS_CHARS",
    "MAX_ANALYSIS_SENTENCES",
    "MAX_ANALYSIS_TOKENS",
    "MAX_COMPARE_TOKENS",
    "MAX_TOKEN_CHARS",
    "analysis_size_problem",
    "check_analysis_size",
    "check_compare_size",
    "check_raw_size",
    "estimate_sentences",
    "estimate_tokens",
    "squeeze",
    "token_prefix",
]
