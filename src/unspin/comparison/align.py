"""Sentence alignment between a derivative and its source(s): 1:1, split, merged, reordered.

Each sentence becomes a string of one character per unit key (see :mod:`unspin.nlp.units`), so that
rapidfuzz's LCS-based ``Indel`` metric compares whole sentences in C. Before that, derivative
words that a source does not use are mapped onto a source word they are WordNet synonyms of:
a spun sentence then scores like a copied one, while an independently written sentence about
the same event (same names and numbers, other words and order) stays far apart.

Work and memory are linear in the texts, not in their product: a derivative sentence is scored
only against the source sentences it shares a unit with (an inverted index; the
``CANDIDATES`` sharing most units, ignoring units found in over ``POSTING_CAP`` source
sentences), and a merge takes at most ``MAX_MERGE`` neighbours on each side. A pair that shares
no unit has similarity 0, so on ordinary articles (fewer than ``CANDIDATES`` source sentences)
the result is the same as scoring every pair. Synonyms are looked up through an index of the
sources' WordNet synsets rather than by trying every source word.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from unspin.nlp.lexicon.synonyms import SynonymMatch, synonym_match, wordnet
from unspin.nlp.units import SentenceUnits, Unit, UnitKind

# A derivative sentence is aligned to a source sentence when the LCS similarity of their
# content units reaches MATCH, or when most of it is contained in one (a split piece).
MATCH_SIMILARITY = 0.5
SPLIT_CONTAINMENT = 0.8
SPLIT_MIN_UNITS = 4
# A further source sentence joins a block (a merge) when this share of it is in the derivative.
MERGE_COVERAGE = 0.6
CUT_REACH = 2  # the page's sentences after its last from a cut-off source that may carry its head
MIN_REORDER_UNITS = 3
# Bounds on the work per derivative sentence (module docstring).
CANDIDATES = 512
POSTING_CAP = 2000
MAX_MERGE = 16
_TIE = 0.02
# A page restated from one source in other words (``_restated``): sentence pairs sharing
# RESTATED_MIN_SHARED content words, RESTATED_MIN_OVERLAP of the shorter sentence's, in both
# texts' order, for RESTATED_MIN_PAGE of the page's sentences and RESTATED_MIN_SOURCE of the
# source's, the page naming at most RESTATED_MAX_NEW of its names and numbers from elsewhere.
RESTATED_MIN_SENTENCES = 4  # a short brief restating three facts of a story is a follow-up
RESTATED_MIN_SHARED = 3
RESTATED_MIN_OVERLAP = 0.4
RESTATED_MIN_PAGE = 0.7
RESTATED_MIN_SOURCE = 0.5
RESTATED_MAX_NEW = 0.2
RESTATED_MAX_PAIRS = 40_000
_SYNONYM_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r", "AUX": "v", "PROPN": "n"}


@dataclass(frozen=True, slots=True)
class SourceRef:
    source: int  # index into the list of sources
    sentence: int


@dataclass(slots=True)
class Block:
    """Consecutive derivative sentences made from one or more sentences of one source."""

    derivative: list[int]
    source: int
    source_sentences: list[int]
    similarity: float
    reordered: bool = False
    # Where in the source the block starts: (sentence, unit offset in it). Split pieces of one
    # long source sentence are ordered by the offset, not the sentence alone.
    position: tuple[int, int] = (0, 0)
    content_units: int = 0


@dataclass(slots=True)
class Alignment:
    blocks: list[Block]
    inserted: list[int]  # derivative sentences with no source
    dropped: list[SourceRef]  # source sentences nothing was made from
    synonyms: dict[str, tuple[str, SynonymMatch]] = field(default_factory=dict)


class _Encoder:
    """Maps unit keys to single characters so sentences can be compared as strings."""

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}

    def char(self, key: str) -> str:
        code = self._codes.get(key)
        if code is None:
            code = (
                chr(0xE000 + len(self._codes))
                if len(self._codes) < 6400
                else chr(0x20000 + len(self._codes))
            )
            self._codes[key] = code
        return code

    def encode(self, units: list[Unit], synonyms: dict[str, tuple[str, SynonymMatch]]) -> str:
        return "".join(self.char(key) for key in _content_keys(units, synonyms))


def _content_keys(
    units: Iterable[Unit], synonyms: dict[str, tuple[str, SynonymMatch]]
) -> Iterator[str]:
    """The keys alignment compares: content units only, a synonym as the source word it
    stands for."""
    for u in units:
        if u.kind not in (UnitKind.STOP, UnitKind.PUNCT):
            yield synonyms[u.key][0] if u.key in synonyms else u.key


def map_synonyms(
    derivative: list[SentenceUnits], sources: list[list[SentenceUnits]]
) -> dict[str, tuple[str, SynonymMatch]]:
    """Derivative word key -> (source word key, match) for words the sources never use."""
    source_words: dict[str, Unit] = {}
    for sentences in sources:
        for su in sentences:
            for u in su.units:
                if u.kind is UnitKind.WORD:
                    source_words.setdefault(u.key, u)
    mapping: dict[str, tuple[str, SynonymMatch]] = {}
    seen: set[str] = set()
    index: _SynsetIndex | None = None
    for su in derivative:
        for u in su.units:
            if u.kind is not UnitKind.WORD or u.key in source_words or u.key in seen:
                continue
            seen.add(u.key)
            if index is None:
                index = _SynsetIndex(source_words)
            best: tuple[str, SynonymMatch] | None = None
            pos = _SYNONYM_POS.get(u.pos)
            # Only source words that can match, in the order of source_words, so that the
            # first of equally good candidates wins as when every word was tried.
            for key in index.candidates((u.text.lower(), u.lemma)):
                s = source_words[key]
                if pos is None or _SYNONYM_POS.get(s.pos) != pos:
                    continue
                match = synonym_match((u.text.lower(), u.lemma), (s.text.lower(), s.lemma))
                if match and (best is None or match.confidence > best[1].confidence):
                    best = (key, match)
                    if match.confidence == 1.0:
                        break
            if best is not None:
                mapping[u.key] = best
    return mapping


class _SynsetIndex:
    """Source words by their synsets and by their synsets' neighbours (see
    ``WordNetIndex.neighbourhood``): the words a derivative word can be a synonym of."""

    def __init__(self, words: dict[str, Unit]) -> None:
        self._wn = wordnet()
        self._keys = list(words)
        self._by_set: dict[str, list[int]] = {}
        self._by_near: dict[str, list[int]] = {}
        for i, unit in enumerate(words.values()):
            sets, near = self._wn.neighbourhood((unit.text.lower(), unit.lemma))
            for x in sets:
                self._by_set.setdefault(x, []).append(i)
            for x in near:
                self._by_near.setdefault(x, []).append(i)

    def candidates(self, forms: tuple[str, ...]) -> list[str]:
        sets, near = self._wn.neighbourhood(forms)
        if not sets:
            return []
        found: set[int] = set()
        for x in sets:
            found.update(self._by_set.get(x, ()))
            found.update(self._by_near.get(x, ()))
        for x in near:
            found.update(self._by_set.get(x, ()))
        return [self._keys[i] for i in sorted(found)]


def align(
    derivative: list[SentenceUnits],
    sources: list[list[SentenceUnits]],
    cut: Collection[int] = (),
) -> Alignment:
    """``cut``: the sources (indices) that break off mid-sentence (``unspin.core.truncation``)."""
    synonyms = map_synonyms(derivative, sources)
    enc = _Encoder()
    d_strings = [enc.encode(list(su.units), synonyms) for su in derivative]
    refs: list[SourceRef] = []
    s_strings: list[str] = []
    for si, sentences in enumerate(sources):
        for su in sentences:
            refs.append(SourceRef(si, su.sentence.index))
            s_strings.append(enc.encode(list(su.units), {}))

    if not d_strings or not s_strings:
        return Alignment(
            blocks=[],
            inserted=list(range(len(derivative))),
            dropped=refs,
            synonyms=synonyms,
        )

    pairs = _Pairs(d_strings, s_strings)
    primary: dict[int, int] = {}
    last = -1
    for d in range(len(d_strings)):
        j = pairs.best_source(d, last)
        if pairs.sim(d, j) >= MATCH_SIMILARITY or (
            pairs.contained(d, j) >= SPLIT_CONTAINMENT and len(d_strings[d]) >= SPLIT_MIN_UNITS
        ):
            primary[d] = j
            last = j
        elif d - 1 in primary and pairs.contained(d, primary[d - 1]) >= SPLIT_CONTAINMENT:
            # The tail of a source sentence this text splits in two (parsers disagree on
            # where sentences end, and spinners split long ones).
            primary[d] = primary[d - 1]
    for si in cut:
        _carry_cut_sentence(si, refs, s_strings, d_strings, pairs, primary)
    for d in range(len(d_strings) - 2, -1, -1):
        if d not in primary and d + 1 in primary:
            j = primary[d + 1]
            if pairs.contained(d, j) >= SPLIT_CONTAINMENT and len(d_strings[d]) > 0:
                primary[d] = j  # the head of a split source sentence

    restated, condensed = _restated(derivative, sources, synonyms, primary)
    primary.update(restated)

    # Source sentences another derivative sentence was made from are not merged into this one:
    # a short neighbour ("X said it could gain 6 mln.") is easily covered by this sentence's
    # words without having been merged into it.
    matched = set(primary.values())
    blocks: list[Block] = []
    for d in range(len(d_strings)):
        if d not in primary:
            continue
        j = primary[d]
        prev = blocks[-1] if blocks else None
        # A split: this sentence continues the previous one's source sentence.
        if prev is not None and prev.derivative[-1] == d - 1 and primary.get(d - 1) == j:
            prev.derivative.append(d)
            prev.content_units += len(d_strings[d])
            continue
        # A merge takes neighbouring source sentences only: a far-away sentence that is
        # also covered is a repetition in the source, not part of this sentence.
        members = [j, *condensed.get(d, ())]
        for step in (-1, 1):
            k = j + step
            while (
                0 <= k < len(refs)
                and abs(k - j) <= MAX_MERGE
                and refs[k].source == refs[j].source
                and k not in matched
                and k not in members
                and (pairs.covered(d, k) >= MERGE_COVERAGE and pairs.sim(d, k) > 0.2)
            ):
                members.append(k)
                k += step
        members.sort()
        first = members[0]
        blocks.append(
            Block(
                derivative=[d],
                source=refs[j].source,
                source_sentences=[refs[k].sentence for k in members],
                similarity=float(pairs.sim(d, j)),
                position=(refs[first].sentence, _match_offset(d_strings[d], s_strings[first])),
                content_units=len(d_strings[d]),
            )
        )

    _mark_reordered(blocks)
    used = {(b.source, s) for b in blocks for s in b.source_sentences}
    dropped = [r for r in refs if (r.source, r.sentence) not in used]
    inserted = [d for d in range(len(d_strings)) if d not in primary]
    return Alignment(blocks=blocks, inserted=inserted, dropped=dropped, synonyms=synonyms)


def _carry_cut_sentence(
    source: int,
    refs: list[SourceRef],
    s_strings: list[str],
    d_strings: list[str],
    pairs: _Pairs,
    primary: dict[int, int],
) -> None:
    """A source cut off mid-sentence ends with the head of a sentence the page prints whole:
    found by how much of that head the page's sentence holds, in order, not by how alike the
    two are (the page's sentence goes on). Only in the next sentences after the page's last
    one from that source, and only when the head is not matched already."""
    last = max((j for j, r in enumerate(refs) if r.source == source), default=None)
    if last is None or last in primary.values() or len(s_strings[last]) < SPLIT_MIN_UNITS:
        return
    before = max((d for d, j in primary.items() if refs[j].source == source), default=-1)
    near = [d for d in range(before + 1, min(len(d_strings), before + 1 + CUT_REACH))]
    found = [d for d in near if d not in primary and pairs.covered(d, last) >= SPLIT_CONTAINMENT]
    if found:
        primary[found[0]] = last


def _restated(
    derivative: list[SentenceUnits],
    sources: list[list[SentenceUnits]],
    synonyms: dict[str, tuple[str, SynonymMatch]],
    primary: dict[int, int],
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Derivative sentences that restate a source's sentences in other words, where the whole
    page is such a restatement (an LLM's or a rewriter's version).

    Returns derivative sentence -> index of the source sentence among all sources' (``align``'s
    ``refs``), and per such sentence the neighbouring source sentences it restates too (a
    rewrite that condenses two or three sentences into one).

    Word-order similarity cannot see a fluent rewrite: each sentence keeps the facts and
    few words in place. What gives it away is the page as a whole. Its sentences, in the
    source's order, each share content words (synonyms folded) with one source sentence;
    together they restate most of the page and half the source; and the page names almost
    no person, place, organisation or number that the source does not. A reporter's own
    account of the same event brings its own witnesses, figures and order.
    """
    if len(primary) == len(derivative) or len(derivative) < RESTATED_MIN_SENTENCES:
        return {}, {}
    d_words = [set(_content_keys(su.units, synonyms)) for su in derivative]
    d_specific = set().union(*(_specific_keys(su) for su in derivative))
    taken = set(primary.values())
    offset = 0
    for sentences in sources:
        first, offset = offset, offset + len(sentences)
        if not sentences or len(derivative) * len(sentences) > RESTATED_MAX_PAIRS:
            continue
        source_specific = set().union(*(_specific_keys(su) for su in sentences))
        if d_specific and len(d_specific - source_specific) > RESTATED_MAX_NEW * len(d_specific):
            continue
        s_words = [set(_content_keys(su.units, {})) for su in sentences]
        chain = _restatement_chain(d_words, s_words)
        with_words = sum(1 for w in d_words if len(w) >= RESTATED_MIN_SHARED)
        if len(chain) < RESTATED_MIN_SENTENCES or len(chain) < RESTATED_MIN_PAGE * with_words:
            continue
        covered = {j for _, j in chain}
        also: dict[int, list[int]] = {}
        for d, j in chain:
            for step in (-1, 1):  # the source sentences around j that d restates too
                k = j + step
                while (
                    0 <= k < len(sentences)
                    and k not in covered
                    and _restates(d_words[d], s_words[k])
                ):
                    also.setdefault(d, []).append(k)
                    covered.add(k)
                    k += step
        if len(covered) < RESTATED_MIN_SOURCE * len(sentences):
            continue
        found = {d: first + j for d, j in chain if d not in primary and first + j not in taken}
        condensed = {
            d: [first + k for k in also.get(d, ()) if first + k not in taken] for d in found
        }
        if found:
            return found, condensed  # one source restated: a collage of rewrites is out of reach
    return {}, {}


def _restates(a: set[str], b: set[str]) -> bool:
    """Two sentences that tell the same facts: enough content words shared, of the shorter's."""
    shared = len(a & b)
    return shared >= RESTATED_MIN_SHARED and shared >= RESTATED_MIN_OVERLAP * min(len(a), len(b))


def _specific_keys(su: SentenceUnits) -> set[str]:
    """Names and numbers: the facts a report brings."""
    return {u.key for u in su.units if u.kind in _SPECIFIC}


_SPECIFIC = (UnitKind.PERSON, UnitKind.NAME, UnitKind.ALIAS, UnitKind.NUMBER)


def _restatement_chain(d_words: list[set[str]], s_words: list[set[str]]) -> list[tuple[int, int]]:
    """The pairs (derivative, source sentence), both in order, that restate one another,
    most of them (dynamic programming over the two orders)."""
    n, m = len(d_words), len(s_words)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    took = [[False] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        a, row, above = d_words[i - 1], score[i], score[i - 1]
        for j in range(1, m + 1):
            best = max(above[j], row[j - 1])
            b = s_words[j - 1]
            if _restates(a, b):
                overlap = len(a & b) / min(len(a), len(b))
                if above[j - 1] + overlap > best:
                    best = above[j - 1] + overlap
                    took[i][j] = True
            row[j] = best
    chain: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if took[i][j]:
            chain.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return chain[::-1]


def _mark_reordered(blocks: list[Block]) -> None:
    """Blocks outside the longest run in source order (per source) were moved."""
    by_source: dict[int, list[Block]] = {}
    for b in blocks:
        by_source.setdefault(b.source, []).append(b)
    for group in by_source.values():
        # Two-word sentences ("And gold?", "Loading") match many places; their order proves
        # nothing, so they neither count as moved nor decide what moved.
        ordered = [b for b in group if b.content_units >= MIN_REORDER_UNITS]
        keep = _longest_increasing([b.position for b in ordered])
        for i, b in enumerate(ordered):
            b.reordered = i not in keep


class _Pairs:
    """Similarities of derivative to source sentences, computed only where they can be
    non-zero: memory and work grow with the texts, not with their product.

    Values are float32, as ``cdist(..., dtype=float32)`` over every pair gave them, so the
    thresholds decide exactly as they did.
    """

    def __init__(self, d_strings: list[str], s_strings: list[str]) -> None:
        self.d = d_strings
        self.s = s_strings
        self.n = len(s_strings)
        postings: dict[str, list[int]] = {}
        empty: list[int] = []
        for j, string in enumerate(s_strings):
            if not string:
                empty.append(j)  # Indel calls two empty strings identical
            for ch in set(string):
                postings.setdefault(ch, []).append(j)
        self._postings = {ch: np.array(js, dtype=np.int64) for ch, js in postings.items()}
        self._empty = np.array(empty[:CANDIDATES], dtype=np.int64)
        self._sims: dict[tuple[int, int], np.float32] = {}
        self._dist: dict[tuple[int, int], int] = {}

    def candidates(self, d: int) -> np.ndarray:
        """The source sentences ``d`` shares most units with (sorted), at most CANDIDATES."""
        string = self.d[d]
        if not string:
            return self._empty
        lists = [p for ch in set(string) if (p := self._postings.get(ch)) is not None
                 and len(p) <= POSTING_CAP]  # fmt: skip
        if not lists:
            return np.empty(0, dtype=np.int64)
        found, shared = np.unique(np.concatenate(lists), return_counts=True)
        if len(found) > CANDIDATES:
            keep = np.argsort(-shared, kind="stable")[:CANDIDATES]
            found = np.sort(found[keep])
        return found

    def best_source(self, d: int, last: int) -> int:
        """The best-scoring source sentence; among near-ties (a sentence the source repeats),
        the first one after the previous match, so a faithful copy does not read as reordered.
        Sentences that are no candidate score 0."""
        cands = self.candidates(d)
        if len(cands):
            sims = cdist([self.d[d]], [self.s[j] for j in cands],
                         scorer=Indel.normalized_similarity, dtype=np.float32)[0]  # fmt: skip
        else:
            sims = np.empty(0, dtype=np.float32)
        others = len(cands) < self.n  # some sentences score 0 without being scored
        top = float(sims.max()) if len(sims) else 0.0
        near_cands = cands[sims >= top - _TIE]
        if others and top - _TIE <= 0:
            # every sentence is a near-tie: the first after ``last`` (or the first of all)
            return last + 1 if last + 1 < self.n else 0
        after = near_cands[near_cands > last]
        return int(after[0]) if len(after) else int(near_cands[0])

    def sim(self, d: int, j: int) -> np.float32:
        value = self._sims.get((d, j))
        if value is None:
            value = np.float32(Indel.normalized_similarity(self.d[d], self.s[j]))
            self._sims[(d, j)] = value
        return value

    def _lcs(self, d: int, j: int) -> np.float32:
        dist = self._dist.get((d, j))
        if dist is None:
            dist = self._dist[(d, j)] = Indel.distance(self.d[d], self.s[j])
        d_len, s_len = np.float32(len(self.d[d])), np.float32(len(self.s[j]))
        return np.float32((d_len + s_len - np.float32(dist)) / np.float32(2.0))

    def contained(self, d: int, j: int) -> np.float32:
        """Share of ``d``'s units found in order in ``j``."""
        n = len(self.d[d])
        return np.float32(self._lcs(d, j) / np.float32(n)) if n else np.float32(0.0)

    def covered(self, d: int, j: int) -> np.float32:
        """Share of ``j``'s units found in order in ``d``."""
        n = len(self.s[j])
        return np.float32(self._lcs(d, j) / np.float32(n)) if n else np.float32(0.0)


def _match_offset(d_string: str, s_string: str) -> int:
    """Offset in ``s_string`` of the first unit that ``d_string`` shares with it."""
    for op in Indel.opcodes(d_string, s_string):
        if op.tag == "equal":
            return int(op.dest_start)
    return 0


def _longest_increasing(values: list[tuple[int, int]]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    import bisect

    tails: list[tuple[int, int]] = []
    tail_idx: list[int] = []
    parent = [-1] * len(values)
    for i, v in enumerate(values):
        pos = bisect.bisect_left(tails, v)
        if pos == len(tails):
            tails.append(v)
            tail_idx.append(i)
        else:
            tails[pos] = v
            tail_idx[pos] = i
        parent[i] = tail_idx[pos - 1] if pos > 0 else -1
    keep: set[int] = set()
    i = tail_idx[-1] if tail_idx else -1
    while i != -1:
        keep.add(i)
        i = parent[i]
    return keep
