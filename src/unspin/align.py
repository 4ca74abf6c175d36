"""Sentence alignment between a derivative and its source(s): 1:1, split, merged, reordered.

Each sentence becomes a string of one character per unit key (see ``units.py``), so that
rapidfuzz's LCS-based ``Indel`` metric compares whole sentences in C. Before that, derivative
words that a source does not use are mapped onto a source word they are WordNet synonyms of:
a spun sentence then scores like a copied one, while an independently written sentence about
the same event (same names and numbers, other words and order) stays far apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from unspin.lexicon.synonyms import SynonymMatch, synonym_match
from unspin.units import SentenceUnits, Unit, UnitKind

# A derivative sentence is aligned to a source sentence when the LCS similarity of their
# content units reaches MATCH, or when most of it is contained in one (a split piece).
MATCH_SIMILARITY = 0.5
SPLIT_CONTAINMENT = 0.8
SPLIT_MIN_UNITS = 4
# A further source sentence joins a block (a merge) when this share of it is in the derivative.
MERGE_COVERAGE = 0.6
MIN_REORDER_UNITS = 3
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
        return "".join(
            self.char(synonyms[u.key][0] if u.key in synonyms else u.key)
            for u in units
            if u.kind not in (UnitKind.STOP, UnitKind.PUNCT)
        )


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
    for su in derivative:
        for u in su.units:
            if u.kind is not UnitKind.WORD or u.key in source_words or u.key in seen:
                continue
            seen.add(u.key)
            best: tuple[str, SynonymMatch] | None = None
            pos = _SYNONYM_POS.get(u.pos)
            for key, s in source_words.items():
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


def align(derivative: list[SentenceUnits], sources: list[list[SentenceUnits]]) -> Alignment:
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

    sim = cdist(d_strings, s_strings, scorer=Indel.normalized_similarity, dtype=np.float32)
    dist = cdist(d_strings, s_strings, scorer=Indel.distance, dtype=np.int32)
    d_len = np.array([len(s) for s in d_strings], dtype=np.float32)[:, None]
    s_len = np.array([len(s) for s in s_strings], dtype=np.float32)[None, :]
    lcs = (d_len + s_len - dist) / 2.0
    contained = np.divide(lcs, d_len, out=np.zeros_like(lcs), where=d_len > 0)  # of d in s
    covered = np.divide(lcs, s_len, out=np.zeros_like(lcs), where=s_len > 0)  # of s in d

    primary: dict[int, int] = {}
    last = -1
    for d in range(len(d_strings)):
        j = _best_source(sim[d], last)
        if sim[d, j] >= MATCH_SIMILARITY or (
            contained[d, j] >= SPLIT_CONTAINMENT and len(d_strings[d]) >= SPLIT_MIN_UNITS
        ):
            primary[d] = j
            last = j
        elif d - 1 in primary and contained[d, primary[d - 1]] >= SPLIT_CONTAINMENT:
            # The tail of a source sentence this text splits in two (parsers disagree on
            # where sentences end, and spinners split long ones).
            primary[d] = primary[d - 1]
    for d in range(len(d_strings) - 2, -1, -1):
        if d not in primary and d + 1 in primary:
            j = primary[d + 1]
            if contained[d, j] >= SPLIT_CONTAINMENT and len(d_strings[d]) > 0:
                primary[d] = j  # the head of a split source sentence

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
        members = [j]
        for step in (-1, 1):
            k = j + step
            while (
                0 <= k < len(refs)
                and refs[k].source == refs[j].source
                and (covered[d, k] >= MERGE_COVERAGE and sim[d, k] > 0.2)
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
                similarity=float(sim[d, j]),
                position=(refs[first].sentence, _match_offset(d_strings[d], s_strings[first])),
                content_units=len(d_strings[d]),
            )
        )

    _mark_reordered(blocks)
    used = {(b.source, s) for b in blocks for s in b.source_sentences}
    dropped = [r for r in refs if (r.source, r.sentence) not in used]
    inserted = [d for d in range(len(d_strings)) if d not in primary]
    return Alignment(blocks=blocks, inserted=inserted, dropped=dropped, synonyms=synonyms)


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


def _best_source(row: np.ndarray, last: int, tie: float = 0.02) -> int:
    """The best-scoring source sentence; among near-ties (a sentence the source repeats), the
    first one after the previous match, so a faithful copy does not read as reordered."""
    top = float(row.max())
    near = np.nonzero(row >= top - tie)[0]
    if len(near) == 1:
        return int(near[0])
    after = near[near > last]
    return int(after[0]) if len(after) else int(near[0])


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
