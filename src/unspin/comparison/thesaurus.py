"""A spinner's thesaurus: words swapped one for one in a sentence that keeps its source's
skeleton, whatever WordNet says of the pairs ("street fighting" -> "avenue preventing").

Asked of an aligned sentence whose changes make it ``reworded``: when they are only such
swaps (and a word or two of padding inside it), the sentence is ``spun`` and the swaps are
named ``synonym_swap``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.comparison.words_in_place import SUBSTITUTION_MAX_BLOCK, skeleton
from unspin.core.model import Change, ChangeKind
from unspin.index.tokens import is_common
from unspin.nlp.lexicon.synonyms import wordnet

__all__ = ["thesaurus_swaps"]

_WORD = re.compile(r"[^\W_]+")
_PAD_WORDS = 2  # words a spinner adds or cuts inside a sentence as it swaps


def thesaurus_swaps(
    text: str, source_text: str, found: Sequence[Change], start: int
) -> set[int] | None:
    """The reworded changes of a sentence that only swap words one for one, when the sentence
    keeps its source's skeleton word for word in place (see
    :func:`unspin.comparison.copying.skeleton`). ``found``: the sentence's changes that are
    not syndication edits; ``start``: the sentence's offset in the text.

    Spinners use thesauruses of their own ("street fighting" -> "avenue preventing"): such a
    sentence is spun, not reworded, whatever WordNet says of the pairs. None when the
    sentence changed in any other way; empty when its only rewording is a word or two added
    or cut.
    """
    reworded = [c for c in found if c.kind is ChangeKind.REWORDED]
    if not reworded or not skeleton(text, source_text).substitution_only:
        return None
    swaps = set()
    for c in reworded:
        old, new = _WORD.findall(c.from_ or ""), _WORD.findall(c.to or "")
        if max(len(old), len(new)) > SUBSTITUTION_MAX_BLOCK:
            return None
        if (not old or not new) and len(old + new) <= _PAD_WORDS and _inside(c, text, start):
            # A word or two added or cut inside the sentence ("the particular war", "in order
            # to"): spinners pad as they swap. Reworded, but it vetoes nothing. (Words added
            # at either end are a dateline, a credit or a frame, which the skeleton ignores.)
            continue
        if not old or not new:
            return None
        if any(_names_a_thing(w) for w in (*old, *new)):
            return None  # another name or figure is another fact, not a thesaurus's swap
        if len(old) == len(new) and all(map(wordnet().same_word, old, new)):
            continue  # "owns" -> "owned": grammar, not a thesaurus's swap
        swaps.add(id(c))
    return swaps


def _inside(change: Change, text: str, start: int) -> bool:
    """Words of the sentence (``text``, at ``start``) both before and after ``change``."""
    if change.start is None:
        return False
    before, after = text[: change.start - start], text[(change.end or change.start) - start :]
    return bool(_WORD.search(before)) and bool(_WORD.search(after))


def _names_a_thing(word: str) -> bool:
    """A figure, or a capitalised word that is not a common word (a name)."""
    return word[0].isdigit() or (word[0].isupper() and not is_common(word.lower()))
