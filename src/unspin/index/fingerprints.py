"""Spin-robust fingerprints: per-sentence "immutables" plus document MinHash/LSH.

Article spinners swap words for synonyms but leave names, numbers, dates and rare words alone:
DSpin (Zhang et al., NDSS 2014) calls these the *immutables* of a text. Per sentence we keep
its immutable set and emit a few order-free fingerprints from it:

* ``pair`` fingerprints: for each of ``pairs`` hash functions, the two immutables with the
  smallest hash (a bottom-2 MinHash of the set). Two sentences share such a fingerprint with
  probability about J**2 (J = Jaccard of their immutable sets) per hash function, so a spun
  sentence that keeps most immutables is found while one shared name is not enough.
* an ``exact`` fingerprint of the whole normalised sentence (copied sentences with few
  immutables, such as "He declined to comment further on the matter.").

Entity aliasing ("Russia" -> "Russian Federation") changes names too; name runs go through
``unspin.nlp.lexicon.aliases.canonical_entity`` when it is installed (or a function given to
:func:`set_entity_canonicalizer`), so aliases fingerprint the same. Numbers, dates and rare
words survive aliasing either way. Names are also written in long and short forms
("President Donald Trump's allies", "Trump"): a name keeps only its last word, possessive cut,
so both forms fingerprint the same.

Documents also get a MinHash signature of their word 3-shingles (stop words dropped) with LSH
banding, for near-duplicates and light edits. MinHash is our own numpy code rather than
datasketch (kept as the benchmark baseline): token hashes are computed once, shingles are
combined and mixed as uint64 arrays, and all permutations are one broadcast
multiply-add-shift, which is several times faster than datasketch's per-token ``update``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, filterfalse
from operator import not_

import numpy as np

from unspin.core.wordlists import COMMON_WORDS, STOP_WORDS
from unspin.index.tokens import MONTHS, WEEKDAYS, fast_tokens, is_common, split_sentences

try:  # xxh3 is ~5x faster than hashlib.blake2b on short strings and returns an int directly.
    import xxhash

    def _hash_bytes(data: bytes, seed: int = 0) -> int:
        return xxhash.xxh3_64_intdigest(data, seed)

    HASH_NAME = "xxh3"
except ImportError:  # pragma: no cover - exercised only without the optional dependency
    import hashlib

    def _hash_bytes(data: bytes, seed: int = 0) -> int:
        key = seed.to_bytes(8, "little")
        return int.from_bytes(hashlib.blake2b(data, digest_size=8, key=key).digest(), "little")

    HASH_NAME = "blake2b"

__all__ = [
    "DocFingerprints",
    "FingerprintConfig",
    "MinHasher",
    "SentenceFingerprints",
    "content_hash",
    "fingerprint",
    "fingerprint_and_words",
    "hash64",
    "jaccard_estimate",
    "scheme",
    "sentence_immutables",
    "set_entity_canonicalizer",
    "shingle_words",
]

_MASK64 = (1 << 64) - 1
_ODD = 0x9E3779B97F4A7C15
_ODD_INV = pow(_ODD, -1, 1 << 64)
EXACT_TAG = 1  # exact-sentence fingerprints have the low bit set, pair fingerprints clear


def hash64(text: str, seed: int = 0) -> int:
    """Unsigned 64-bit hash of a string."""
    return _hash_bytes(text.encode("utf-8", "surrogatepass"), seed)


def to_signed(h: int) -> int:
    """SQLite integers are signed 64-bit."""
    return h - (1 << 64) if h >= 1 << 63 else h


def _mix64(x: int) -> int:
    """splitmix64 finaliser: a cheap bijective scramble of a 64-bit int."""
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & _MASK64
    x = (x ^ (x >> 27)) * 0x94D049BB133111EB & _MASK64
    return x ^ (x >> 31)


# --- entity aliases -----------------------------------------------------------------------

_canonicalizer: Callable[[str], str | None] | None = None
_canonicalizer_id = "none"
_canonicalizer_loaded = False


def set_entity_canonicalizer(fn: Callable[[str], str | None] | None, ident: str = "custom") -> None:
    """Plug in the alias map used for name runs (``None`` switches aliasing off).

    ``ident`` names the map in the store's fingerprint scheme, so a database built with one
    map is not queried with another.
    """
    global _canonicalizer, _canonicalizer_id, _canonicalizer_loaded
    _canonicalizer = fn
    _canonicalizer_id = ident if fn is not None else "none"
    _canonicalizer_loaded = True
    global _ALIAS_FIRST
    _ALIAS_FIRST = None if ident.startswith("lexicon") else _AnyToken()
    _canonical.cache_clear()
    _NAME_CACHE.clear()


def _load_canonicalizer() -> None:
    global _canonicalizer, _canonicalizer_id, _canonicalizer_loaded
    if _canonicalizer_loaded:
        return
    _canonicalizer_loaded = True
    _NAME_CACHE.clear()
    try:
        mod = importlib.import_module("unspin.nlp.lexicon.aliases")
    except ImportError:
        return
    fn = getattr(mod, "canonical_entity", None)
    if callable(fn):
        _canonicalizer = fn
        _canonicalizer_id = "lexicon-" + str(getattr(mod, "ALIASES_VERSION", "1"))


@lru_cache(maxsize=50_000)
def _canonical(text: str) -> str | None:
    if _canonicalizer is None:
        return None
    try:
        out = _canonicalizer(text)
    except Exception:  # an alias map bug must not stop indexing
        return None
    return out.casefold() if out else None


# --- configuration ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FingerprintConfig:
    num_perm: int = 64
    bands: int = 16
    pairs: int = 3  # bottom-2 hash functions per sentence
    exact_min_tokens: int = 6
    max_sentences: int = 1024  # sentence index is packed into 10 bits in the store
    seed: int = 1

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


DEFAULT_CONFIG = FingerprintConfig()


def scheme(config: FingerprintConfig = DEFAULT_CONFIG) -> str:
    """A string naming everything that changes fingerprint values; stored with the index."""
    _load_canonicalizer()
    return (
        f"unspin-fp-1;{HASH_NAME};perm={config.num_perm};bands={config.bands};"
        f"pairs={config.pairs};exact={config.exact_min_tokens};seed={config.seed};"
        f"words={len(COMMON_WORDS)};names={NAME_FORM};aliases={_canonicalizer_id}"
    )


# --- immutables ---------------------------------------------------------------------------

_NAME_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "von", "van", "der", "al", "bin"})
# Common words that are never immutable in lower case (months and weekdays are dates).
_PLAIN_COMMON = frozenset(
    (COMMON_WORDS | STOP_WORDS) - set(MONTHS) - set(WEEKDAYS) - _NAME_CONNECTORS
)
_NUMBER_START = frozenset("0123456789$€£¥")


def _acronym_like(raw: str) -> bool:
    return raw[-1] == "." or (1 < len(raw) <= 6 and raw.isupper())


def sentence_immutables(sentence: str) -> list[str]:
    """The immutables of one sentence, as prefixed normalised strings.

    ``n:`` numbers, ``d:`` months and weekdays, ``e:`` names (after alias canonicalisation),
    ``w:`` rare lower-case words. Sentence-initial capitalised common words ("The",
    "Officials") are not names. In an all-capitals sentence, capitalisation says nothing.
    """
    _load_canonicalizer()
    raw, norm = fast_tokens(sentence)
    return _immutables(raw, norm, _shouting(sentence), sentence)


def _shouting(sentence: str) -> bool:
    """All capitals ("BAHIA COCOA REVIEW"): capitalisation says nothing about names."""
    return sentence.isupper() and sum(c.isalpha() for c in sentence) > 3


def _immutables(
    raw: Sequence[str], norm: Sequence[str], shouting: bool = False, text: str = ""
) -> list[str]:
    """:func:`sentence_immutables` of tokenised text (the alias map must be loaded).

    ``text``, the sentence, lets punctuation end a name ("Paris, France"); without it a run of
    capitalised tokens is one name.
    """
    out: list[str] = []
    at = 0  # where in ``text`` the last name run ended
    n = len(raw)
    plain = _PLAIN_COMMON
    lower = _LOWER_CACHE
    i = 0
    # The common case, a lower-case common word, is skipped without a Python-level step: a
    # raw token found in ``plain`` is lower-case ASCII, so its norm is itself (the full test
    # below still runs for the rest, e.g. "abOut").
    for k in compress(range(n), map(not_, map(plain.__contains__, raw))):
        if k < i:  # inside a name run already read
            continue
        i = k
        r = raw[i]
        c = r[0]
        if c.islower():  # never a name, a month or a shouted word: a function of the token
            hit = lower.get(r)
            if hit is None:
                hit = _lower_immutable(norm[i])
                if len(lower) < _LOWER_CACHE_MAX:
                    lower[r] = hit
            if hit:
                out.append(hit)
            continue
        w = norm[i]
        if c in _NUMBER_START:
            out.append("n:" + w)
            continue
        cap = c.isupper()
        if w in MONTHS and (cap or shouting) and (w != "may" or (r == "May" and i > 0)):
            out.append(f"d:m{MONTHS[w]}")
            continue
        if w in WEEKDAYS:
            out.append(f"d:w{WEEKDAYS[w]}")
            continue
        if cap and not shouting:
            j = i + 1
            while j < n:
                rn = raw[j]
                if rn[0].isupper() and norm[j] not in MONTHS and norm[j] not in WEEKDAYS:
                    j += 1
                elif (
                    norm[j] in _NAME_CONNECTORS
                    and j + 1 < n
                    and raw[j + 1][0].isupper()
                    and rn.islower()
                ):
                    j += 2
                else:
                    break
            start = i
            if i == 0 and not _acronym_like(r) and is_common(w):
                start = 1  # sentence-initial "The", "But", "Officials"
            if start < j - 1 and text:
                pieces, at = _name_pieces(text, raw, start, j, at)
            else:
                pieces = [(start, j)]
            for a, b in pieces:
                if a < b:
                    out.extend(_name_run(raw, norm, a, b))
            i = j
            continue
        if len(w) >= 4 and not is_common(w):
            out.append("w:" + w)
    return out


# Punctuation between two capitalised tokens separates names: "Paris, France", "Lee (R-Utah)".
_NAME_BREAK = re.compile(r"[,;:()\[\]\"“”/|—–]")


def _name_pieces(
    text: str, raw: Sequence[str], start: int, end: int, at: int
) -> tuple[list[tuple[int, int]], int]:
    """``raw[start:end]`` cut where punctuation stands between two tokens in ``text``; and
    where the run ends in ``text`` (the next search starts there)."""
    pos = text.find(raw[start], at)
    if pos < 0:
        return [(start, end)], at
    pieces: list[tuple[int, int]] = []
    a, prev_end = start, pos + len(raw[start])
    for k in range(start + 1, end):
        nxt = text.find(raw[k], prev_end)
        if nxt < 0:  # not found as written: keep the run whole
            return [(start, end)], at
        if _NAME_BREAK.search(text, prev_end, nxt):
            pieces.append((a, k))
            a = k
        prev_end = nxt + len(raw[k])
    pieces.append((a, end))
    return pieces, prev_end


_LOWER_CACHE: dict[str, str] = {}
_LOWER_CACHE_MAX = 200_000


def _lower_immutable(w: str) -> str:
    """The immutable of a token that starts in lower case, or "" (``w`` is its norm)."""
    if w in _PLAIN_COMMON:
        return ""
    if w in WEEKDAYS:
        return f"d:w{WEEKDAYS[w]}"
    if len(w) >= 4 and not is_common(w):
        return "w:" + w
    return ""


_NAME_CACHE: dict[object, tuple[str, ...]] = {}
_NAME_CACHE_MAX = 100_000


def _name_run(raw: Sequence[str], norm: Sequence[str], start: int, end: int) -> tuple[str, ...]:
    """:func:`_name_immutables` of ``raw[start:end]``, cached: names recur across articles.

    The norms are a function of the raw tokens, so the raw tokens alone are the key.
    """
    key: object = raw[start] if end - start == 1 else tuple(raw[start:end])
    hit = _NAME_CACHE.get(key)
    if hit is None:
        hit = tuple(_name_immutables(raw[start:end], norm[start:end]))
        if len(_NAME_CACHE) < _NAME_CACHE_MAX:
            _NAME_CACHE[key] = hit
    return hit


NAME_FORM = "last-word"  # how a name run is keyed, in the fingerprint scheme
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)


def _name_immutables(raw: Sequence[str], norm: Sequence[str]) -> list[str]:
    """A run of capitalised tokens: alias sub-runs (longest first) become one canonical
    immutable ("US President Joe Biden's" -> country:USA, biden); of the other names, each
    keeps its last word.

    A report names a person in full once and by surname after ("Donald Trump", "Trump",
    "President Trump's"), and copiers lengthen or shorten names: the last word is the form
    every mention shares. Possessives are cut so "Russia's" is Russia.
    """
    raw = [_POSSESSIVE.sub("", r) or r for r in raw]
    norm = [_POSSESSIVE.sub("", w) or w for w in norm]
    out: list[str] = []
    rest: list[int] = []
    n = len(raw)
    k = 0
    first = _alias_first_tokens() if _canonicalizer is not None else frozenset()
    while k < n:
        if raw[k] in first or _fold(raw[k]) in first:
            for width in range(min(n - k, 8), 0, -1):
                c = _canonical(" ".join(raw[k : k + width]))
                if c:
                    out.append("e:" + c)
                    k += width
                    break
            else:
                rest.append(k)
                k += 1
        else:
            rest.append(k)
            k += 1
    kept = [k for k in rest if _acronym_like(raw[k]) or not is_common(norm[k])]
    if kept:
        out.extend("e:" + norm[k] for k in _last_words(kept, norm, set(rest)))
    elif len(rest) >= 2 and not out:
        out.append("e:" + "_".join(norm[k] for k in rest))  # "White House", "Supreme Court"
    return out


def _last_words(kept: Sequence[int], norm: Sequence[str], rest: set[int]) -> list[int]:
    """Of each group of consecutive name words, the last: "Donald Trump" is Trump, as every
    later mention writes it. A group followed by a common word of the same name is part of
    an organisation's name ("Kessmoor Fishers Cooperative") and is kept whole."""
    out: list[int] = []
    group: list[int] = []
    for k in kept:
        if group and k != group[-1] + 1:
            out.extend(_name_key(group, norm, rest))
            group = []
        group.append(k)
    out.extend(_name_key(group, norm, rest))
    return out


def _name_key(group: list[int], norm: Sequence[str], rest: set[int]) -> list[int]:
    after = group[-1] + 1
    # A common word follows ("Cooperative", "Party"), not a connector ("Hollen of Maryland").
    if after in rest and norm[after] not in _NAME_CONNECTORS:
        return group
    return group[-1:]


def _fold(token: str) -> str:
    return token.lower().replace(".", "").replace("’", "'")


_ALIAS_FIRST: frozenset[str] | None = None


def _alias_first_tokens() -> frozenset[str]:
    """First tokens of every alias, so most name runs skip the alias lookup entirely.

    Read from ``unspin.nlp.lexicon.aliases.alias_table()`` when it exposes its keys; otherwise
    every token passes (correct, only slower).
    """
    global _ALIAS_FIRST
    if _ALIAS_FIRST is None:
        firsts: set[str] | None = set()
        try:
            mod = importlib.import_module("unspin.nlp.lexicon.aliases")
            table = mod.alias_table()
            for key in table._folded:
                firsts.add(key[0])  # type: ignore[union-attr]
            for alias in table._exact:
                firsts.add(alias)  # type: ignore[union-attr]
                firsts.add(_fold(alias))  # type: ignore[union-attr]
        except Exception:
            firsts = None
        _ALIAS_FIRST = frozenset(firsts) if firsts is not None else _AnyToken()
    return _ALIAS_FIRST


class _AnyToken(frozenset[str]):
    def __contains__(self, item: object) -> bool:
        return True


# --- per-document fingerprints --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceFingerprints:
    start: int
    end: int
    fingerprints: tuple[int, ...]  # signed 64-bit
    immutables: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocFingerprints:
    content_hash: int  # signed 64-bit hash of the normalised token sequence
    sentences: tuple[SentenceFingerprints, ...]
    signature: np.ndarray  # uint32[num_perm]
    bands: tuple[int, ...]  # signed 64-bit band hashes (empty for texts without shingles)
    n_tokens: int

    @property
    def n_fingerprints(self) -> int:
        return sum(len(s.fingerprints) for s in self.sentences)


def content_hash(text: str) -> int:
    """Identity of a text up to case, accents, whitespace and punctuation."""
    norm: list[str] = []
    for start, end in split_sentences(text):
        norm.extend(fast_tokens(text[start:end])[1])
    return to_signed(hash64(" ".join(norm), seed=7))


def fingerprint(text: str, config: FingerprintConfig = DEFAULT_CONFIG) -> DocFingerprints:
    """All fingerprints of one article body. Pure and deterministic (given the alias map)."""
    return fingerprint_and_words(text, config)[0]


def fingerprint_and_words(
    text: str, config: FingerprintConfig = DEFAULT_CONFIG
) -> tuple[DocFingerprints, list[str]]:
    """:func:`fingerprint`, plus the normalised tokens of the text (for query building)."""
    _load_canonicalizer()
    all_spans = split_sentences(text)
    spans = all_spans[: config.max_sentences]
    seeds = _pair_seeds(config.seed, config.pairs)
    seed = config.seed
    exact_min = config.exact_min_tokens
    imm_hashes = _IMM_HASH.setdefault(seed, {})
    sentences: list[SentenceFingerprints] = []
    all_norm: list[str] = []
    for start, end in spans:
        sent = text[start:end]
        raw, norm = fast_tokens(sent)
        all_norm += norm
        imm = _immutables(raw, norm, _shouting(sent), sent)
        fps: set[int] = set()
        if len(norm) >= exact_min:
            fps.add(to_signed(hash64(" ".join(norm), seed=seed) | EXACT_TAG))
        if len(imm) > 1:
            _add_pair_fps(fps, set(_cached_hashes(imm, imm_hashes, seed)), seeds)
        sentences.append(SentenceFingerprints(start, end, tuple(sorted(fps)), tuple(imm)))
    for start, end in all_spans[config.max_sentences :]:
        all_norm += fast_tokens(text[start:end])[1]
    sig = _minhasher(config.num_perm, seed).signature(_shingle_hashes(all_norm))
    bands = _band_hashes(sig, config) if sig is not None else ()
    if sig is None:
        sig = np.full(config.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    doc = DocFingerprints(
        content_hash=to_signed(hash64(" ".join(all_norm), seed=7)),
        sentences=tuple(sentences),
        signature=sig,
        bands=bands,
        n_tokens=len(all_norm),
    )
    return doc, all_norm


def _add_pair_fps(fps: set[int], ids: set[int], seeds: Sequence[int]) -> None:
    """Pair fingerprints of a sentence's immutable hashes ``ids`` into ``fps``."""
    if len(ids) == 2:
        lo, hi = sorted(ids)
        fps.add(_pair_fp(lo, hi))
    elif len(ids) > 2:
        for s in seeds:
            # bottom-2 under a cheap per-seed permutation (xor, then odd multiply), which
            # is inverted to get the two hashes back
            p = sorted([((h ^ s) * _ODD) & _MASK64 for h in ids])
            a = ((p[0] * _ODD_INV) & _MASK64) ^ s
            b = ((p[1] * _ODD_INV) & _MASK64) ^ s
            fps.add(_pair_fp(a, b) if a < b else _pair_fp(b, a))


def _pair_fp(lo: int, hi: int) -> int:
    return to_signed(_mix64((lo * 0x9E3779B97F4A7C15 + hi) & _MASK64) & ~EXACT_TAG)


@lru_cache(maxsize=8)
def _pair_seeds(seed: int, n: int) -> tuple[int, ...]:
    return tuple(_mix64(seed * 1_000_003 + k + 1) for k in range(n))


# --- MinHash --------------------------------------------------------------------------------

_C1 = np.uint64(0x9E3779B97F4A7C15)
_C2 = np.uint64(0xC2B2AE3D27D4EB4F)


def _mix_array(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    out: np.ndarray = x ^ (x >> np.uint64(31))
    return out


def shingle_words(norm: Sequence[str]) -> list[str]:
    """The normalised tokens that shingles are made of (stop words dropped)."""
    return list(filterfalse(STOP_WORDS.__contains__, norm))


def _shingle_hashes(norm: Sequence[str], k: int = 3) -> np.ndarray:
    words = shingle_words(norm)
    if not words:
        return np.empty(0, dtype=np.uint64)
    th = np.array(_cached_hashes(words, _WORD_HASH, 0), dtype=np.uint64)
    if len(th) < k:
        return np.unique(_mix_array(th))
    s = th[: len(th) - 2] * _C1 + th[1 : len(th) - 1] * _C2 + th[2:]
    return np.unique(_mix_array(s))


_WORD_HASH: dict[str, int] = {}  # seed 0
_IMM_HASH: dict[int, dict[str, int]] = {}  # by seed
_HASH_CACHE_MAX = 150_000  # per cache; ~20 MB each when full


def _cached_hashes(words: Sequence[str], cache: dict[str, int], seed: int) -> list[int]:
    """``hash64(w, seed)`` for each word, through a bounded per-process cache."""
    out = list(map(cache.get, words))
    try:
        i = out.index(None)
    except ValueError:
        return out  # type: ignore[return-value]
    room = len(cache) < _HASH_CACHE_MAX
    while True:
        w = words[i]
        h = out[i] = hash64(w, seed)
        if room:
            cache[w] = h
        try:
            i = out.index(None, i + 1)
        except ValueError:
            return out  # type: ignore[return-value]


class MinHasher:
    """``num_perm`` hash functions h(x) = (a*x + b) >> 32 over 64-bit shingle hashes.

    Multiply-add-shift (Dietzfelbinger) with odd random ``a``; the inputs are already
    well-mixed 64-bit hashes, so 64-bit wrap-around arithmetic is enough here.
    """

    def __init__(self, num_perm: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(
            1
        )
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self.num_perm = num_perm

    def signature(self, hashes: np.ndarray) -> np.ndarray | None:
        if hashes.size == 0:
            return None
        ph = (self.a[:, None] * hashes[None, :] + self.b[:, None]) >> np.uint64(32)
        sig: np.ndarray = ph.min(axis=1).astype(np.uint32)
        return sig


@lru_cache(maxsize=4)
def _minhasher(num_perm: int, seed: int) -> MinHasher:
    return MinHasher(num_perm, seed)


def _band_hashes(sig: np.ndarray, config: FingerprintConfig) -> tuple[int, ...]:
    width = config.rows * sig.itemsize
    buf = sig.tobytes()  # band b is the bytes of sig[b * rows : (b + 1) * rows]
    return tuple(
        to_signed(_hash_bytes(buf[b * width : (b + 1) * width], seed=b + 101))
        for b in range(config.bands)
    )


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)
