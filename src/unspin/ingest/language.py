"""A cheap "is this English?" check, so a German page fails early with a clear message.

Among its common words (lowercase ones, plus capitalised stop words such as a sentence's
first "The"), English prose is roughly half stop words ("the", "of", "and", ...); German or
French scores well under 15 % against the English list. Capitalised words are left out so a
list of names and scores ("Rovers 3, United 1") is not mistaken for a foreign language, and
texts with too few common words are let through: they say too little.
"""

from __future__ import annotations

import re
from functools import cache

from unspin.core.errors import UnsupportedLanguageError

MIN_WORDS = 25
MIN_STOPWORD_SHARE = 0.25
MIN_LATIN_SHARE = 0.5
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@cache
def _stop_words() -> frozenset[str]:
    # Imported on first use: importing spaCy takes seconds, and loading a page does not need it.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def stopword_share(text: str) -> tuple[float, int]:
    """The share of common words that are English stop words, and the common-word count."""
    words = [w.replace("’", "'") for w in _WORD.findall(text)]
    stop_words = _stop_words()
    common = [w.lower() for w in words if w[0].islower() or w.lower() in stop_words]
    if not common:
        return 0.0, 0
    return sum(w in stop_words for w in common) / len(common), len(common)


def check_english(text: str, *, name: str) -> None:
    """Raise UnsupportedLanguageError unless ``text`` looks like English (or is too short)."""
    letters = len(_LETTER.findall(text))
    # Chinese or Japanese has no spaces, so its "word" count says nothing: test the script.
    if letters >= 50 and len(_LATIN.findall(text)) / letters < MIN_LATIN_SHARE:
        raise _not_english(name)
    share, words = stopword_share(text)
    if words >= MIN_WORDS and share < MIN_STOPWORD_SHARE:
        raise _not_english(name)


def _not_english(name: str) -> UnsupportedLanguageError:
    return UnsupportedLanguageError(
        name, "does not look like English; unspin analyses English-language news only"
    )
