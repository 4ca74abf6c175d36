"""Is it English, is it prose: the checks every reader applies, one article or a crawl.

Two callers, two policies over the same measures:

- One article (``load_article``, the service, ``unspin index``): the user chose it, so it is
  refused only when it is clearly not English or has no article at all, with a message that
  says so (:func:`check_english`, :func:`require_prose`).
- A crawled page (``unspin scan``): most pages of a crawl are not news articles, and a skipped
  page costs nothing, so a page must show sentences worth tracing (:func:`prose_words`) and an
  English vocabulary in its first words (:func:`is_english`); failures are counted, not raised.

The thresholds differ because the populations do: among its common words (lowercase ones, plus
capitalised stop words such as a sentence's first "The"), English prose is roughly half stop
words and German or French well under 15 %. An article's check leaves capitalised words out,
so a list of names and scores ("Rovers 3, United 1") is not taken for a foreign language; a
crawled page's check counts every word of its opening, so its bar is lower. Unifying them would
change which pages a scan reads and which articles are refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.core.errors import EmptyInputError, UnsupportedLanguageError
from unspin.core.wordlists import STOP_WORDS

# One article: too few common words say too little, and are let through.
MIN_WORDS = 25
MIN_STOPWORD_SHARE = 0.25
MIN_LATIN_SHARE = 0.5
# A crawled page: English prose is ~40% stop words counting names; German or Spanish ~5-10%.
CRAWL_MIN_STOP_SHARE = 0.2
CRAWL_SAMPLE_WORDS = 400
# An HTML page's body: fewer words, or no line this long, is menu text ("Home", "News").
PAGE_MIN_WORDS = 10
PAGE_MIN_LINE_WORDS = 6
# A crawled page's prose: words in sentences of this many words that end like a sentence.
SENTENCE_MIN_WORDS = 8

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s*$")


def stopword_share(words: Sequence[str], *, count_names: bool = False) -> tuple[float, int]:
    """The share of ``words`` that are English stop words, and how many words were counted.

    Without ``count_names``, capitalised words other than stop words are left out.
    """
    if count_names:
        counted = [w.lower() for w in words]
    else:
        counted = [w.lower() for w in words if w[0].islower() or w.lower() in STOP_WORDS]
    if not counted:
        return 0.0, 0
    return sum(w in STOP_WORDS for w in counted) / len(counted), len(counted)


def check_english(text: str, *, name: str) -> None:
    """Raise UnsupportedLanguageError unless ``text`` looks like English (or is too short)."""
    letters = len(_LETTER.findall(text))
    # Chinese or Japanese has no spaces, so its "word" count says nothing: test the script.
    if letters >= 50 and len(_LATIN.findall(text)) / letters < MIN_LATIN_SHARE:
        raise _not_english(name)
    share, words = stopword_share([w.replace("’", "'") for w in _WORD.findall(text)])
    if words >= MIN_WORDS and share < MIN_STOPWORD_SHARE:
        raise _not_english(name)


def is_english(words: Sequence[str]) -> bool:
    """Whether a crawled page's running text reads as English, by its opening words.

    The fingerprints and the spin lexicons are English; a page in another language would only
    ever come out "original", so it is counted apart instead of diluting a site's share.
    """
    share, counted = stopword_share(words[:CRAWL_SAMPLE_WORDS], count_names=True)
    return counted > 0 and share >= CRAWL_MIN_STOP_SHARE


def require_prose(body: str, *, name: str) -> None:
    """Refuse a "body" that is only menu words: when a page has no article, trafilatura's
    fallback returns whatever text it finds, such as "Home", "News", "Sport"."""
    lines = [line.split() for line in body.split("\n")]
    if sum(map(len, lines)) < PAGE_MIN_WORDS or max(map(len, lines), default=0) < (
        PAGE_MIN_LINE_WORDS
    ):
        raise no_article(name)


def prose_words(text: str) -> int:
    """Words in sentences of 8+ words that end in a full stop, ? or ! (quotes allowed).

    A section front or a menu extracted as text is a list of short headlines and links: it
    has words but no sentences to copy.
    """
    total = 0
    for piece in _SENTENCE_SPLIT.split(text):
        words = _PLAIN_WORD.findall(piece)
        if len(words) >= SENTENCE_MIN_WORDS and _SENTENCE_END.search(piece):
            total += len(words)
    return total


def no_article(name: str) -> EmptyInputError:
    return EmptyInputError(
        name, "no article text found in the page; save the article text as .txt instead"
    )


def _not_english(name: str) -> UnsupportedLanguageError:
    return UnsupportedLanguageError(
        name, "does not look like English; unspin analyses English-language news only"
    )


__all__ = ["check_english", "is_english", "prose_words", "require_prose", "stopword_share"]
