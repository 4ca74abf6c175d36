"""Is a short string a person's or outlet's name ("Jane Doe", "AFP", "Jean-Luc de la Tour")?

Used where a line only counts as furniture or a byline when what follows "by" is a name:
"By Jane Doe" is a byline, "By the time the votes were counted" is a sentence.
"""

from __future__ import annotations

import re


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Lowercase words that appear inside names and outlet names.
_CONNECTORS = _word_set(
    """and & of the de del della der den di du da das dos van von la le al el bin ibn y"""
)
# Capitalised words that start sentences after "By" but are not names.
_NOT_NAMES = _word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december then now law contrast comparison
    far mid late early noon midnight tomorrow today tonight yesterday car bus train air
    road sea email phone mail post land night day"""
)
_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|\d\w*)$")
_MAX_WORDS = 8


def looks_like_name(text: str) -> bool:
    words = text.replace(",", " ").split()
    if not words or len(words) > _MAX_WORDS:
        return False
    # "By the time ..." starts with a lowercase connector; "The Harbour Times" may start so.
    if words[0].lower() in _NOT_NAMES or words[0] in _CONNECTORS:
        return False
    named = 0
    for word in words:
        if word.lower() in _CONNECTORS:
            continue
        if not _WORD.match(word):
            return False
        named += 1
    return named > 0
