"""Compare a derivative article's quotes with a source's, and name what changed.

- ``quote_misattributed``: the derivative gives a source quote to someone else, either
  explicitly (another speaker's name on it) or by placement: the source quote's words sit,
  without quotation marks, right after another speaker's quote, so they read as theirs. (The
  real case: a copy kept leader A's quote, then put leader B's words straight after it.)
  It needs a real difference: two named speakers that stay different once titles, roles,
  honorifics and name forms are set aside (``names.same_speaker``); a role, a pronoun, a
  date or a headline fragment is no speaker to compare, and a quote of under four words is
  anybody's.
- ``quote_unquoted``: a source quote's words appear in the derivative as narration, either a
  whole source quote sentence or a narration sentence that is part of one.
- ``quote_altered``: a quote's words differ from the source's; ``from_``/``to`` carry the
  differing words (source side / derivative side). Words swapped for others (a spinner's
  edit) get confidence ``ALTERED_SWAP``; words added or cut (as two transcriptions of one
  statement differ) ``ALTERED_EDIT``. Spelling conventions ("-ise"/"-ize") are no change.
- ``quote_fabricated``: a derivative direct quote found in no source quote nor anywhere in
  the source text. This is "not found in the given source"; ``unspin.compare`` keeps it only
  where the page copies the source at that place (see ``comparison._quote_evidence_holds``).

Quotes are compared sentence by sentence (a long quote may be cut, split or merged), matched
by fuzzy content (rapidfuzz partial ratio plus word overlap) so small edits still match, with
aliases read as one word ("America" = "the United States") and, failing that, synonyms
("believe" for "think"). Matching is quote to quote, whatever the sentence alignment made of
the text around them. A derivative quote that matches the source with the same speaker
produces no change. Candidate matches come from an inverted index of rare words, so the work
stays linear in the length of the articles.

Call ``compare_quotes`` once per source; with several sources, ``compare_quotes_all`` keeps a
``quote_fabricated`` only when no source has the quote.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from unspin.comparison.quotes.marks import opened_by_mark, paragraph_spans, quoted_mask
from unspin.comparison.quotes.matching import (
    MATCH_SCORE,
    MIN_ATTRIBUTED_WORDS,
    UNQUOTED_SCORE,
    WORD_RE,
    Masked,
    Segment,
    TextSearch,
    WordIndex,
    content_words,
    inside_source_quote,
    narration_only,
    quote_segments,
    respoken_source_quote,
    says_something,
    similar,
    synonym_similar,
)
from unspin.comparison.quotes.speaker_diff import (
    attributions_differ,
    joint_speakers,
    name_put_for_pronoun,
    named_at_quote,
    relays_speech,
    sentence_span,
    speaker_differs,
)
from unspin.comparison.quotes.word_diff import word_diff
from unspin.core.model import Change, ChangeKind, Quote

if TYPE_CHECKING:
    from unspin.comparison.narration import Voice

# Thresholds (tuned on the tamper pairs built from PolNeAR train articles); the matching
# ones are in ``matching``.
MIN_UNQUOTED_WORDS = 5  # shorter source quotes are not searched for in the narration
SAME_WORDS_SCORE = 95.0  # a quote sentence matched this well carries the very words
ALTERED_SWAP = 0.85  # confidence of a quote_altered whose words were swapped for others
ALTERED_EDIT = 0.6  # ... whose words were added or cut (maybe another transcription)
# ... of a quote_misattributed whose source speaker is our reading of a pronoun or a role
# (a value no other quote change takes: ``comparison._quote_evidence_holds`` tells it by it)
MISATTRIBUTED_IN_PLACE = 0.72


def _quotes_inside(q: Quote, text: str) -> bool:
    """Reported speech that keeps some of the words in marks ('he will "pay dearly"'): the
    page still shows they are quoted; so does an opening mark left open before them."""
    return any(ch in _MARKS for ch in text[q.start : q.end]) or opened_by_mark(text, q.start)


_MARKS = frozenset('"“”«»„‘')  # not ’ or ': apostrophes


def _told_beside(words: str, quote: Quote, text: str) -> bool:
    """Whether the page tells ``words`` (a condition cut from the quote) in its own words
    beside the quote, in the same paragraph ("..., she said, but only once foreign units have
    left"): a report that quotes a statement's first half and reports the rest is not
    hiding it."""
    wanted = content_words(words)
    if not wanted:
        return False
    start, end = next(
        ((s, e) for s, e in paragraph_spans(text) if s <= quote.start < e), (0, len(text))
    )
    around = text[start : quote.start] + " " + text[quote.end : max(end, quote.end)]
    return len(wanted & content_words(around)) >= len(wanted) / 2


def compare_quotes(
    derivative_text: str,
    derivative_quotes: list[Quote],
    source_text: str,
    source_quotes: list[Quote],
    *,
    source_id: str | None,
) -> list[Change]:
    """Changes to quotes between a derivative and one source, in derivative order."""
    changes: list[Change] = []
    d_segs = quote_segments(derivative_quotes, derivative_text)
    s_segs = quote_segments(source_quotes, source_text)
    s_index = WordIndex([s.words for s in s_segs])

    # 1. Each derivative quote sentence -> its best source quote sentence.
    best: dict[int, tuple[int, float]] = {}
    for di, d in enumerate(d_segs):
        scored = []
        for si in s_index.candidates(d.words, k=8):
            score = similar(d, s_segs[si])
            if score >= MATCH_SCORE:
                scored.append((score, si))
        if not scored and derivative_quotes[d.quote].direct:
            # A spinner's rewrite inside the marks: words swapped for synonyms.
            scored = [
                (score, si)
                for si in s_index.candidates(d.words, k=8)
                if (score := synonym_similar(d, s_segs[si])) >= MATCH_SCORE
            ]
        if not scored:
            continue
        # Among near-equal matches (a phrase quoted twice), prefer the whole-sentence match,
        # then the one by the same speaker.
        top_score = max(sc for sc, _ in scored)
        near = [si for sc, si in scored if sc >= top_score - 3]
        dq = derivative_quotes[d.quote]

        def rank(si: int, d: Segment = d, dq: Quote = dq) -> tuple[float, int]:
            s = s_segs[si]
            full = fuzz.ratio(d.norm, s.norm)
            same = 0 if speaker_differs(dq.speaker, source_quotes[s.quote].speaker) else 1
            return (round(full, 0), same)

        si = max(near, key=rank)
        best[di] = (si, max(sc for sc, i in scored if i == si))

    matched_source_segs: set[int] = {si for si, _ in best.values()}
    source_search: TextSearch | None = None

    # 2. Per derivative quote: speaker, words, fabrication.
    by_quote: dict[int, list[int]] = defaultdict(list)
    for di, d in enumerate(d_segs):
        by_quote[d.quote].append(di)
    for qi, seg_ids in sorted(by_quote.items()):
        dq = derivative_quotes[qi]
        hits = [(di, *best[di]) for di in seg_ids if di in best]
        if not hits:
            swapped = _swapped_in_place(derivative_text, dq, source_text, source_quotes)
            if swapped is not None:
                changes.append(
                    _altered(dq, swapped, swapped.text, dq.text, source_id, ALTERED_SWAP)
                )
            elif dq.direct:
                source_search = source_search or TextSearch(source_text)
                if source_search.find(dq.text) is None:
                    n_words = len(WORD_RE.findall(dq.text))
                    changes.append(
                        Change(
                            kind=ChangeKind.QUOTE_FABRICATED,
                            text=dq.text,
                            start=dq.start,
                            end=dq.end,
                            source_id=source_id,
                            speaker=dq.speaker,
                            confidence=0.8 if n_words >= 5 else 0.5,
                        )
                    )
            continue
        # Speaker: once per source quote this derivative quote draws on.
        seen_sources: set[int] = set()
        # Words of this quote the source gives to its own speaker: another of its sentences
        # only like another speaker's words is the speaker saying alike, not those words moved.
        own = any(
            not speaker_differs(dq.speaker, source_quotes[s_segs[si].quote].speaker)
            for _, si, _ in hits
        )
        for di, si, score in hits:
            sq_i = s_segs[si].quote
            if sq_i in seen_sources:
                continue
            seen_sources.add(sq_i)
            sq = source_quotes[sq_i]
            differs = (
                speaker_differs(dq.speaker, sq.speaker)
                # Reported speech in other words ("X said that ...") may be any report's
                # reading of what was said; only the very words moved accuse.
                and not ((own or not dq.direct) and score < SAME_WORDS_SCORE)
                and not (
                    relays_speech(dq.text, d_segs[di].text)
                    or relays_speech(sq.text, s_segs[si].text)
                )
            )
            if differs and attributions_differ(derivative_text, dq, source_text, sq):
                changes.append(
                    _speaker_change(
                        ChangeKind.QUOTE_MISATTRIBUTED, dq, sq, dq.speaker, source_id, 0.9
                    )
                )
            elif differs and name_put_for_pronoun(derivative_text, dq, source_text, sq):
                changes.append(
                    _speaker_change(
                        ChangeKind.QUOTE_MISATTRIBUTED,
                        dq,
                        sq,
                        dq.speaker,
                        source_id,
                        MISATTRIBUTED_IN_PLACE,
                    )
                )
            elif (
                sq.direct
                and not dq.direct
                and not _quotes_inside(dq, derivative_text)
                and not _reported_speech(derivative_text, dq.start, dq.end, s_segs[si].text)
            ):
                changes.append(
                    _speaker_change(ChangeKind.QUOTE_UNQUOTED, dq, sq, dq.speaker, source_id, 0.7)
                )
        # Words: only direct quotes promise the speaker's exact words.
        if dq.direct:
            diffs = []
            first_sq: Quote | None = None
            for di, si, _score in hits:
                sq = source_quotes[s_segs[si].quote]
                if not sq.direct:
                    continue
                first_sq = first_sq or sq
                diff = word_diff(s_segs[si].text, d_segs[di].text)
                if diff is not None and not (
                    diff.condition_cut and _told_beside(diff.source, dq, derivative_text)
                ):
                    diffs.append(diff)
            if diffs and first_sq is not None:
                # Words swapped inside the marks are spin; words added or cut may be another
                # transcription of the same statement, so they are less sure.
                spun = all(d.spinners_edit for d in diffs)
                changes.append(
                    _altered(
                        dq,
                        first_sq,
                        " … ".join(d.source for d in diffs),
                        " … ".join(d.derivative for d in diffs),
                        source_id,
                        ALTERED_SWAP if spun else ALTERED_EDIT,
                    )
                )
            # A sentence added inside an otherwise sourced quote.
            for di in seg_ids:
                if di in best:
                    continue
                d = d_segs[di]
                if len(WORD_RE.findall(d.text)) < 5:
                    continue
                source_search = source_search or TextSearch(source_text)
                if source_search.find(d.text) is None:
                    changes.append(
                        Change(
                            kind=ChangeKind.QUOTE_FABRICATED,
                            text=d.text,
                            start=d.start,
                            end=d.end,
                            source_id=source_id,
                            speaker=dq.speaker,
                            confidence=0.7,
                        )
                    )

    # 3. Source quote sentences with no derivative quote: are their words in the narration?
    unmatched = [
        si
        for si, s in enumerate(s_segs)
        if si not in matched_source_segs
        and source_quotes[s.quote].direct
        and len(WORD_RE.findall(s.text)) >= MIN_UNQUOTED_WORDS
    ]
    d_search = TextSearch(derivative_text)
    d_mask = Masked(quoted_mask(derivative_text))
    d_direct = _Placed(q for q in derivative_quotes if q.direct)
    d_indirect = _Placed(q for q in derivative_quotes if not q.direct)

    def unquoted(r_start: int, r_end: int, s: Segment) -> Change:
        sq = source_quotes[s.quote]
        reader, confidence = _reading_speaker(derivative_text, r_start, r_end, d_direct, d_indirect)
        region = _Span(derivative_text[r_start:r_end], r_start, r_end)
        source_words = _Span(s.text, s.start, s.end, sq.speaker)
        # Whose the source says they are must be its words, not our reading of a pronoun.
        if (
            reader is not None
            and speaker_differs(reader, sq.speaker)
            and named_at_quote(source_text, sq)
            # nor to any name that signs them with the source's speaker
            and all(speaker_differs(reader, name) for name in joint_speakers(source_text, sq))
        ):
            return _speaker_change(
                ChangeKind.QUOTE_MISATTRIBUTED, region, source_words, reader, source_id, confidence
            )
        return _speaker_change(
            ChangeKind.QUOTE_UNQUOTED, region, source_words, reader, source_id, 0.8
        )

    placed: list[tuple[int, int]] = []
    layout = _voice(derivative_text)
    for si in unmatched:
        s = s_segs[si]
        found = d_search.find(s.text)
        # The quote's words spun as well as unquoted: a spinner swapped some of them.
        region = found[1:] if found is not None else d_search.find_swapped(s.text)
        if region is None:
            source_search = source_search or TextSearch(source_text)
            region = _swapped_in_its_sentence(s, source_search, d_search)
        if region is None:
            continue
        r_start, r_end = region
        if d_mask.share(r_start, r_end) > 0.3 or opened_by_mark(derivative_text, r_start):
            continue  # it is quoted there (our matching missed it): not unquoted
        placed.append((r_start, r_end))
        if layout.set_out(r_start, r_end):
            continue  # an embedded post's text or a transcript's line: someone's by the layout
        change = unquoted(r_start, r_end, s)
        if change.kind is ChangeKind.QUOTE_UNQUOTED and (
            layout.introduced_block(derivative_text[r_start:r_end])
            or _reported_speech(derivative_text, r_start, r_end, s.text)
        ):
            # Set out as a block quote under its introduction (quoted by the layout), or told
            # in the writer's voice as someone's speech.
            continue
        changes.append(change)

    # 4. The other way round: a short narration sentence of the derivative that is part of a
    # longer source quote ("They have to pay." from "They have to pay, they have to pay, ...").
    source_narration: TextSearch | None = None
    told = [(c.start, c.end) for c in changes if c.start is not None and c.end is not None]
    for u_start, u_end in d_search.units:
        if any(a < u_end and u_start < b for a, b in [*placed, *told]):
            continue
        sentence = derivative_text[u_start:u_end].strip()
        if len(WORD_RE.findall(sentence)) < MIN_ATTRIBUTED_WORDS:
            continue
        if d_mask.share(u_start, u_end) > 0.3 or opened_by_mark(derivative_text, u_start):
            continue
        hit = inside_source_quote(sentence, s_segs, s_index, source_quotes)
        if hit is None:  # rearranged and respun as well, still in the speaker's person
            hit = respoken_source_quote(sentence, s_segs, s_index, source_quotes)
        if hit is None:
            continue
        # Words the source also prints as narration are narration.
        source_narration = source_narration or TextSearch(narration_only(source_text))
        if source_narration.find(sentence, min_score=UNQUOTED_SCORE) is not None:
            continue
        lead = len(derivative_text[u_start:u_end]) - len(derivative_text[u_start:u_end].lstrip())
        if layout.set_out(u_start + lead, u_start + lead + len(sentence)):
            continue
        change = unquoted(u_start + lead, u_start + lead + len(sentence), s_segs[hit])
        if change.kind is ChangeKind.QUOTE_UNQUOTED and _reported_speech(
            derivative_text, change.start or 0, change.end or 0, s_segs[hit].text
        ):
            continue
        changes.append(change)
    return _dedupe(changes)


@dataclass(frozen=True, slots=True)
class _Span:
    """Words at a place in a text (and, for source words, whose they are)."""

    text: str
    start: int
    end: int
    speaker: str | None = None


def _speaker_change(
    kind: ChangeKind,
    derivative: Quote | _Span,
    source: Quote | _Span,
    speaker: str | None,
    source_id: str | None,
    confidence: float,
) -> Change:
    """A change about whose words these are: misattributed (from/to are the speakers) or
    unquoted."""
    misattributed = kind == ChangeKind.QUOTE_MISATTRIBUTED
    return _quote_change(
        kind,
        derivative,
        source,
        source.speaker if misattributed else None,
        speaker if misattributed else None,
        speaker,
        source_id,
        confidence,
    )


def _altered(
    dq: Quote, sq: Quote, old: str, new: str, source_id: str | None, confidence: float
) -> Change:
    """``dq`` is the source's quote ``sq`` with ``old`` words printed as ``new``."""
    return _quote_change(
        ChangeKind.QUOTE_ALTERED, dq, sq, old, new, dq.speaker, source_id, confidence
    )


def _quote_change(
    kind: ChangeKind,
    derivative: Quote | _Span,
    source: Quote | _Span,
    from_: str | None,
    to: str | None,
    speaker: str | None,
    source_id: str | None,
    confidence: float,
) -> Change:
    """A change between the page's words ``derivative`` and the source's ``source``."""
    return Change(
        kind=kind,
        text=derivative.text,
        start=derivative.start,
        end=derivative.end,
        source_id=source_id,
        source_text=source.text,
        source_start=source.start,
        source_end=source.end,
        from_=from_,
        to=to,
        speaker=speaker,
        source_speaker=source.speaker,
        confidence=confidence,
    )


SHORT_QUOTE_WORDS = 4  # a quoted word or phrase, whose words no matching can find again
# Words beside the marks that place a short quote: two before, three after, three of them
# content words ('called the attack "cowardly" and vowed' places nothing). Where function
# words stand beside the marks, the window widens, a word each side at a time, up to
# _WORDS_WIDEST each side, until it holds three content words ('Adeyemi called the plan
# "historic" but said the money').
_WORDS_BEFORE, _WORDS_AFTER, _CONTEXT_CONTENT = 2, 3, 3
_WORDS_WIDEST = 5


def _swapped_in_place(
    derivative_text: str, dq: Quote, source_text: str, source_quotes: Sequence[Quote]
) -> Quote | None:
    """The source's short quote that ``dq`` replaces: the same words on both sides of the
    marks ('wants to "fight" spam bots' for 'wants to "defeat" spam bots'), other words
    inside. Two reports of one statement quote the speaker's word; a spinner swaps it."""
    if not dq.direct or not 0 < len(WORD_RE.findall(dq.text)) <= SHORT_QUOTE_WORDS:
        return None
    beside = _beside(derivative_text, dq)
    if beside is None:
        return None
    for sq in source_quotes:
        if (
            sq.direct
            and 0 < len(WORD_RE.findall(sq.text)) <= SHORT_QUOTE_WORDS
            and _norm_words(sq.text) != _norm_words(dq.text)
            and _beside(source_text, sq) == beside
        ):
            return sq
    return None


def _beside(text: str, quote: Quote) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The words just before and just after a quote's marks, when they place it."""
    all_before = tuple(_norm_words(text[max(0, quote.start - 100) : quote.start]))
    all_after = tuple(_norm_words(text[quote.end : quote.end + 120]))
    for extra in range(_WORDS_WIDEST - _WORDS_BEFORE + 1):
        n_before, n_after = _WORDS_BEFORE + extra, min(_WORDS_AFTER + extra, _WORDS_WIDEST)
        if len(all_before) < n_before or len(all_after) < n_after:
            return None
        before, after = all_before[-n_before:], all_after[:n_after]
        if sum(says_something(w) for w in before + after) >= _CONTEXT_CONTENT:
            return before, after
    return None


def _norm_words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD_RE.findall(text)]


class _Placed:
    """Quotes sorted by start, for "which quote covers / precedes this position"."""

    def __init__(self, quotes: Iterable[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in self.quotes]

    def covering(self, start: int, end: int) -> Quote | None:
        k = bisect.bisect_right(self.starts, end - 1) - 1
        for j in range(k, max(-1, k - 3), -1):
            q = self.quotes[j]
            if q.start < end and start < q.end:
                return q
        return None

    def before(self, pos: int) -> Quote | None:
        k = bisect.bisect_left(self.starts, pos) - 1
        for j in range(k, max(-1, k - 3), -1):
            if self.quotes[j].end <= pos:
                return self.quotes[j]
        return None


def _voice(text: str) -> Voice:
    """Which of the page's unquoted words are someone's by its layout: a block quote under
    its introduction ('... told residents:'), an embedded post (see ``narration.Voice``)."""
    # Imported here: narration reads quotation marks through this package.
    from unspin.comparison.narration import voice

    return voice(text)


def _reported_speech(text: str, start: int, end: int, source_words: str) -> bool:
    """The passage ``text[start:end]`` tells the source's quoted words as reported speech: a
    speech verb in its sentence, and the first or second person of the quote ("We are
    well-equipped," Hamele said) turned into the third ("Hamele said the centre is
    well-equipped"). A reporter's own way of giving a statement; a spinner who drops the
    marks keeps the speaker's person, and the words read as the writer's."""
    # Imported here: narration reads quotation marks through this package.
    from unspin.comparison.narration import ATTRIBUTED, speaks

    sentence = text[sentence_span(text, start, end)[0] : end]  # up to the passage's end
    return (
        speaks(source_words)
        and not speaks(text[start:end])
        and ATTRIBUTED.search(sentence) is not None
    )


def _swapped_in_its_sentence(
    s: Segment, source: TextSearch, derivative: TextSearch
) -> tuple[int, int] | None:
    """Where the source quote sentence ``s`` stands in the derivative, found through the
    source sentence that frames it (see ``TextSearch.find_swapped_in``), or None."""
    unit = source.unit_holding(s.start)
    if unit is None:
        return None
    u_start, u_end = unit
    return derivative.find_swapped_in(
        source.text[u_start:u_end], (s.start - u_start, s.end - u_start)
    )


def _reading_speaker(
    text: str, start: int, end: int, direct: _Placed, indirect: _Placed
) -> tuple[str | None, float]:
    """Whose words the unquoted passage ``text[start:end]`` reads as.

    Explicitly attributed narration ("X said that ...") is X's. Otherwise a passage that
    follows a direct quote with nothing but that quote's attribution in between (same or
    next paragraph) reads as the quote's speaker: the placement case.
    """
    q = indirect.covering(start, end)
    if q is not None and q.speaker:
        return q.speaker, 0.85
    prev = direct.before(start)
    if prev is None or not prev.speaker:
        return None, 0.0
    between = text[prev.end : start]
    if len(between) > 400 or between.count("\n\n") > 1:
        return None, 0.0
    # At most the rest of the previous quote's sentence in between: its attribution
    # ("..., Putin said." or "..., said X, who ...").
    sentences = [
        p for p in re.split(r"(?<=[a-z0-9][.!?])[\"”’]?\s+", between.strip()) if WORD_RE.search(p)
    ]
    if len(sentences) > 1:
        return None, 0.0
    return prev.speaker, 0.75


def _dedupe(changes: list[Change]) -> list[Change]:
    seen: set[tuple[str, int | None, int | None, str | None]] = set()
    out = []
    for c in sorted(changes, key=lambda c: (c.start if c.start is not None else -1, c.kind.value)):
        key = (c.kind.value, c.start, c.end, c.from_)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def compare_quotes_all(
    derivative_text: str,
    derivative_quotes: list[Quote],
    sources: Sequence[tuple[str | None, str, list[Quote]]],
) -> list[Change]:
    """``compare_quotes`` against several sources ``(source_id, text, quotes)``.

    A derivative quote is fabricated only if no source has it: a ``quote_fabricated`` is kept
    when every source reports it (and then once); other changes are kept per source.
    """
    if not sources:
        return []
    per_source = [
        compare_quotes(derivative_text, derivative_quotes, text, quotes, source_id=sid)
        for sid, text, quotes in sources
    ]
    fabricated = [
        {(c.start, c.end) for c in changes if c.kind == ChangeKind.QUOTE_FABRICATED}
        for changes in per_source
    ]
    everywhere = set.intersection(*fabricated) if fabricated else set()
    out: list[Change] = []
    kept: set[tuple[int | None, int | None]] = set()
    for changes in per_source:
        for c in changes:
            if c.kind == ChangeKind.QUOTE_FABRICATED:
                span = (c.start, c.end)
                if span not in everywhere or span in kept:
                    continue
                kept.add(span)
            out.append(c)
    return sorted(out, key=lambda c: (c.start if c.start is not None else -1, c.kind.value))


__all__ = ["compare_quotes", "compare_quotes_all"]
