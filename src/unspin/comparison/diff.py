"""Token-level diff inside an aligned block, each difference classified by kind.

The diff runs on unit keys (:mod:`unspin.nlp.units`), so an alias or a synonym that
alignment mapped onto the source's word lines up as "equal" and is then reported by
comparing surfaces: that is how one change is reported per swap, with ``from``/``to``. What
is left (replacements, insertions, deletions) is classified as a number or date change, a
phrase-level synonym, or a rewording. Differences in punctuation, case and function words
alone are not changes:
"copied" means identical up to those.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, replace

from unspin.core.model import Change, ChangeKind, Report, SentenceStatus
from unspin.nlp.lexicon.synonyms import SynonymMatch, synonym_match
from unspin.nlp.units import SentenceUnits, Unit, UnitKind

_NAMES = (UnitKind.ALIAS, UnitKind.PERSON, UnitKind.NAME)
_TRIVIAL = (UnitKind.STOP, UnitKind.PUNCT)
# Stop words that turn a claim round: added or cut, they are a change like any other word
# ("would not reopen" -> "would reopen", "former minister" -> "minister").
# Function words that change a claim when added or cut: a negation, and a degree ("almost
# finished" is not "finished", "only two" is not "two").
MEANINGFUL_STOP = frozenset(
    {"not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "noone",
     "without", "former", "almost", "only", "hardly", "barely", "scarcely"}
)  # fmt: skip
_MAX_PHRASE = 3

# The unit of a percentage as desks write it ("%" is punctuation to the word units).
PERCENT_WORDS = frozenset({"percent", "per", "cent", "pct"})


@dataclass(frozen=True, slots=True)
class BlockDiff:
    changes: list[Change]


def _significant(u: Unit) -> bool:
    return u.kind not in _TRIVIAL or u.lemma in MEANINGFUL_STOP


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def diff_block(
    d_units: list[Unit],
    s_units: list[Unit],
    *,
    d_text: str,
    s_text: str,
    synonyms: dict[str, tuple[str, SynonymMatch]],
    source_id: str | None,
) -> list[Change]:
    if (
        d_units
        and s_units
        and _fold(d_text[d_units[0].start : d_units[-1].end])
        == _fold(s_text[s_units[0].start : s_units[-1].end])
    ):
        return []  # identical up to case, punctuation and spacing: copied
    d_keys = [synonyms[u.key][0] if u.key in synonyms else u.key for u in d_units]
    s_keys = [u.key for u in s_units]
    matcher = difflib.SequenceMatcher(None, d_keys, s_keys, autojunk=False)
    ops = matcher.get_opcodes()
    changes: list[Change] = []

    def make(kind: ChangeKind, d: list[Unit], s: list[Unit], conf: float, at: int) -> Change:
        start = d[0].start if d else at
        end = d[-1].end if d else at
        s_start = s[0].start if s else None
        s_end = s[-1].end if s else None
        return Change(
            kind=kind,
            text=d_text[start:end],
            start=start,
            end=end,
            source_id=source_id,
            source_text=s_text[s_start:s_end] if s else None,
            source_start=s_start,
            source_end=s_end,
            from_=s_text[s_start:s_end] if s else None,
            to=d_text[start:end] if d else None,
            confidence=conf,
        )

    for tag, i1, i2, j1, j2 in ops:
        d, s = d_units[i1:i2], s_units[j1:j2]
        at = d_units[i1].start if i1 < len(d_units) else (d_units[-1].end if d_units else 0)
        if tag == "equal":
            for du, su in zip(d, s, strict=True):
                change = _equal_pair(du, su, synonyms, make)
                if change is not None:
                    changes.append(change)
            continue
        d_sig = [u for u in d if _significant(u)]
        s_sig = [u for u in s if _significant(u)]
        if not d_sig and not s_sig:
            continue  # punctuation, case or function words only
        if (
            d
            and s
            and _fold(d_text[d[0].start : d[-1].end]) == _fold(s_text[s[0].start : s[-1].end])
        ):
            continue  # the same words, grouped differently by the tagger in each text
        # difflib's "insert" is source words with no derivative counterpart at this point.
        if (
            tag == "insert"
            and (not _has_words(d_units[:i1]) or not _has_words(d_units[i2:]))
            and not any(u.lemma in MEANINGFUL_STOP for u in s_sig)  # "No one" cut to "One"
        ):
            # Source words before the derivative's first word or after its last: the
            # derivative kept only part of the source sentence.
            changes.append(make(ChangeKind.DROPPED, [], s_sig, 0.8, at))
            continue
        d_words = [u for u in d if u.kind is not UnitKind.PUNCT]
        s_words = [u for u in s if u.kind is not UnitKind.PUNCT]
        # Words added at a point of the source: that point, so that two additions merged
        # into one rewording take the source's words between them ("5.2% from 5.4%").
        # Past the block's last source word, the point is that word's end (not the end of the
        # whole source: a merged rewording would take every sentence after the block).
        if s:
            s_at = s[0].start
        elif j1 < len(s_units):
            s_at = s_units[j1].start
        else:
            s_at = s_units[-1].end if s_units else 0
        changes.extend(
            c if c.source_start is not None else replace(c, source_start=s_at, source_end=s_at)
            for c in _replacement(d_sig, s_sig, d_words, s_words, make, at)
        )
    return _merge_rewordings(changes, d_text, s_text)


_QUOTE_WORDS = (ChangeKind.QUOTE_ALTERED, ChangeKind.QUOTE_UNQUOTED, ChangeKind.QUOTE_MISATTRIBUTED)


def quote_swaps(
    report: Report, d_units: list[SentenceUnits], s_units: list[list[SentenceUnits]]
) -> list[Change]:
    """The swaps inside each changed quote of a sentence aligned with no source sentence
    (see :func:`swaps_in_quote`)."""
    unaligned = {s.index for s in report.sentences if s.status is SentenceStatus.INSERTED}
    index = {src.id: i for i, src in enumerate(report.sources)}
    return [
        swap
        for c in report.changes
        if c.kind in _QUOTE_WORDS and c.sentence in unaligned and c.source_id in index
        for swap in swaps_in_quote(
            c,
            d_units,
            s_units[index[c.source_id]],
            d_text=report.article.text,
            s_text=report.sources[index[c.source_id]].text,
        )
    ]


def swaps_in_quote(
    quote: Change,
    d_units: list[SentenceUnits],
    s_units: list[SentenceUnits],
    *,
    d_text: str,
    s_text: str,
) -> list[Change]:
    """The names and words swapped inside a quote change's words (``quote``: its span in the
    derivative, ``source_start``/``source_end`` in the source), for a quote found away from
    any sentence it was aligned with; a sentence aligned with its source has these from the
    sentence's diff. The alias put inside the quotation marks ("war with Russian
    Federation") is the spinner's, named as on an aligned sentence."""
    if None in (quote.start, quote.end, quote.source_start, quote.source_end):
        return []

    def within(units: list[SentenceUnits], start: int, end: int) -> list[Unit]:
        return [u for s in units for u in s.units if start <= u.start and u.end <= end]

    d = within(d_units, quote.start, quote.end)  # type: ignore[arg-type]
    s = within(s_units, quote.source_start, quote.source_end)  # type: ignore[arg-type]
    found = diff_block(d, s, d_text=d_text, s_text=s_text, synonyms={}, source_id=quote.source_id)
    return [
        replace(c, sentence=quote.sentence, source_sentence=quote.source_sentence)
        for c in found
        if c.kind in (ChangeKind.ENTITY_SWAP, ChangeKind.SYNONYM_SWAP)
    ]


# Rewordings closer than this (in characters of the derivative) are one rewording: a
# paraphrase such as "insurance costs" -> "the cost of insurance" is one change, not four.
_MERGE_GAP = 16


def _merge_rewordings(changes: list[Change], d_text: str, s_text: str) -> list[Change]:
    out: list[Change] = []
    for c in changes:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind is ChangeKind.REWORDED
            and c.kind is ChangeKind.REWORDED
            and prev.end is not None
            and c.start is not None
            and c.start - prev.end <= _MERGE_GAP
        ):
            out[-1] = _union(prev, c, d_text, s_text)
        else:
            out.append(c)
    return out


def _union(a: Change, b: Change, d_text: str, s_text: str) -> Change:
    start = min(a.start or 0, b.start or 0)
    end = max(a.end or 0, b.end or 0)
    s_points = [
        x for x in (a.source_start, a.source_end, b.source_start, b.source_end) if x is not None
    ]
    s_start = min(s_points) if s_points else None
    s_end = max(s_points) if s_points else None
    if s_start is not None and s_end is not None:  # an addition's point may sit at a space
        while s_start < s_end and s_text[s_start].isspace():
            s_start += 1
        while s_end > s_start and s_text[s_end - 1].isspace():
            s_end -= 1
    source = s_text[s_start:s_end] if s_start is not None else None
    text = d_text[start:end]
    return replace(
        a,
        text=text,
        start=start,
        end=end,
        source_text=source,
        source_start=s_start,
        source_end=s_end,
        from_=source,
        to=text or None,
        confidence=max(a.confidence, b.confidence),
    )


def _equal_pair(du: Unit, su: Unit, synonyms, make) -> Change | None:  # type: ignore[no-untyped-def]
    if du.kind in _TRIVIAL or _fold(du.text) == _fold(su.text):
        return None
    if du.kind in _NAMES:
        # Same thing, other name: "Russia" -> "Russian Federation", "Putin" -> "Vladimir Putin".
        conf = 0.95 if du.kind is UnitKind.ALIAS else 0.85
        return make(ChangeKind.ENTITY_SWAP, [du], [su], conf, du.start)
    if du.key in synonyms:
        return make(ChangeKind.SYNONYM_SWAP, [du], [su], synonyms[du.key][1].confidence, du.start)
    if du.kind in (UnitKind.NUMBER, UnitKind.DATE):
        return None  # "3" and "three", "Nov." and "November"
    # Same lemma, other inflection ("says" for "said"): a light rewording.
    return make(ChangeKind.REWORDED, [du], [su], 0.5, du.start)


def _replacement(  # type: ignore[no-untyped-def]
    d: list[Unit], s: list[Unit], d_words: list[Unit], s_words: list[Unit], make, at: int
) -> list[Change]:
    if not d or not s:
        return [make(ChangeKind.REWORDED, d_words, s_words, 0.8, at)]
    if len(d) == len(s):
        # The same word in both, tagged apart ("shipping" a noun here, a verb there), is no
        # change of its own; its neighbours are.
        same = [_fold(du.text) == _fold(su.text) for du, su in zip(d, s, strict=True)]
        pairs = [
            _SAME if alike else _classify_pair(du, su)
            for du, su, alike in zip(d, s, same, strict=True)
        ]
        if all(p is not None for p in pairs):
            return [
                make(kind, [du], [su], conf, du.start)
                for (kind, conf), du, su in zip(pairs, d, s, strict=True)  # type: ignore[misc]
                if kind is not None
            ]
    # Phrases keep their particles: "pointed out", "set up".
    if (
        len(d_words) <= _MAX_PHRASE
        and len(s_words) <= _MAX_PHRASE
        and _all_words(d_words)
        and _all_words(s_words)
    ):
        match = synonym_match(_phrase_forms(d_words), _phrase_forms(s_words))
        if match is not None:
            return [make(ChangeKind.SYNONYM_SWAP, d_words, s_words, match.confidence, at)]
    if all(u.kind is UnitKind.DATE for u in d + s):
        return [make(ChangeKind.DATE_CHANGED, d, s, 0.9, at)]
    # "50 per cent" for "40%": the figure changed, whatever the house style of its unit.
    figures = [u for u in d + s if u.text.lower() not in PERCENT_WORDS]
    if figures and all(u.kind in (UnitKind.NUMBER, UnitKind.DATE) for u in figures):
        return [make(ChangeKind.NUMBER_CHANGED, d, s, 0.9, at)]
    return [make(ChangeKind.REWORDED, d_words, s_words, 0.8, at)]


_SAME = (None, 1.0)  # a pair of identical words in a replacement: no change


def _classify_pair(du: Unit, su: Unit) -> tuple[ChangeKind, float] | None:
    if du.kind is UnitKind.DATE or su.kind is UnitKind.DATE:
        if du.kind in (UnitKind.DATE, UnitKind.NUMBER) and su.kind in (
            UnitKind.DATE,
            UnitKind.NUMBER,
        ):
            return ChangeKind.DATE_CHANGED, 0.9
        return None
    if du.kind is UnitKind.NUMBER and su.kind is UnitKind.NUMBER:
        return ChangeKind.NUMBER_CHANGED, 0.95
    if du.kind is UnitKind.WORD and su.kind is UnitKind.WORD:
        match = synonym_match((du.text.lower(), du.lemma), (su.text.lower(), su.lemma))
        if match is not None:
            return ChangeKind.SYNONYM_SWAP, match.confidence
    return None


def _has_words(units: list[Unit]) -> bool:
    return any(u.kind not in _TRIVIAL for u in units)


def _all_words(units: list[Unit]) -> bool:
    return bool(units) and all(u.kind in (UnitKind.WORD, UnitKind.STOP) for u in units)


def _phrase_forms(units: list[Unit]) -> tuple[str, ...]:
    surface = "_".join(u.text.lower() for u in units)
    lemma = "_".join(u.lemma for u in units)
    return (surface, lemma)


def split_at_sentences(changes: list[Change], starts: list[int], d_text: str) -> list[Change]:
    """Each rewording that runs on from one derivative sentence into the next (two sentences
    made from one source sentence) as one change per sentence: the source's words stay with
    the first piece, and the next sentence's words are words added there."""
    out: list[Change] = []
    for c in changes:
        if c.kind is not ChangeKind.REWORDED or c.start is None or c.end is None:
            out.append(c)
            continue
        cuts = [b for b in starts if c.start < b < c.end]
        if not cuts:
            out.append(c)
            continue
        for k, (a, b) in enumerate(itertools.pairwise([c.start, *cuts, c.end])):
            while a < b and d_text[a].isspace():
                a += 1
            while b > a and d_text[b - 1].isspace():
                b -= 1
            if a == b:
                continue
            piece = replace(c, text=d_text[a:b], start=a, end=b, to=d_text[a:b])
            if k:
                at = c.source_end
                piece = replace(piece, from_=None, source_text=None, source_start=at, source_end=at)
            out.append(piece)
    return out
