"""Words that turn a statement round ("not", "never", "won't"), for the stance features and
for quote changes that cut or add a negation."""

from __future__ import annotations

from collections.abc import Iterable

NEGATION_WORDS: frozenset[str] = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "without",
        "isn't",
        "wasn't",
        "aren't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "wouldn't",
        "can't",
        "couldn't",
        "shouldn't",
        "hasn't",
        "haven't",
        "hadn't",
    ]
)


def negated(words: Iterable[str]) -> bool:
    """Whether lowercased ``words`` say "not" anywhere (any word ending in "n't" included)."""
    return any(w in NEGATION_WORDS or w.endswith("n't") for w in words)


__all__ = ["NEGATION_WORDS", "negated"]
