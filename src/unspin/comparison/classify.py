"""compare(): a derivative article against its source(s) -> a Report naming every change."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence

from unspin.comparison.align import Alignment, align
from unspin.comparison.copying import copy_evidence, is_copied
from unspin.comparison.diff import MEANINGFUL_STOP, diff_block, quote_swaps, split_at_sentences
from unspin.comparison.narration import has_quote_marks
from unspin.comparison.quotes import compare_quotes_all, extract_quotes
from unspin.comparison.quotes.compare import ALTERED_SWAP, MISATTRIBUTED_IN_PLACE
from unspin.comparison.quotes.speaker_diff import surname_in
from unspin.comparison.seams import split_at_shared_starts
from unspin.comparison.syndication import (
    added_around,
    is_claim,
    is_initials_swap,
    is_syndication_edit,
)
from unspin.comparison.thesaurus import thesaurus_swaps
from unspin.core.model import (
    AlignedSentence,
    Article,
    Change,
    ChangeKind,
    Quote,
    Report,
    Sentence,
    SentenceStatus,
    SourceMatch,
    Summary,
    Verdict,
)
from unspin.core.text import padded_words, unwrapped
from unspin.core.truncation import (
    beyond_cut,
    cut_at,
    past_source_ends,
    quote_past_cut,
    source_breaks,
)
from unspin.core.vocabulary import SPIN_KINDS
from unspin.nlp.parse import Parsed, parse
from unspin.nlp.units import SentenceUnits, person_surnames, sentence_units

_WORD = re.compile(r"[^\W_]+")
COLLAGE_MIN_SOURCES = 3  # sources with copy evidence that make a collage whatever their share


_CLAUSE_BREAK = re.compile(r"[,;:—–]\s*$")
_CLOSING = re.compile(r"[\s.!?\"'”’»›)\]]*")
APPENDED_CLAUSE_MIN_WORDS = 3


def _is_appended_clause(change: Change, sentence_text: str, sentence_start: int) -> bool:
    """Words added after a source sentence's own, as a clause of their own at its end
    (", describing the city as its capital."): the copy says more, it does not say the
    source's claim in other words. Reported as ``inserted``, like an added sentence."""
    if change.kind is not ChangeKind.REWORDED or change.from_ or not change.to:
        return False
    if change.start is None or change.end is None:
        return False
    before = sentence_text[: change.start - sentence_start]
    after = sentence_text[change.end - sentence_start :]
    return (
        len(_WORD.findall(change.to)) >= APPENDED_CLAUSE_MIN_WORDS
        and _CLAUSE_BREAK.search(before) is not None
        and _CLOSING.fullmatch(after) is not None
    )


def compare(derivative: Article, source: Article | Sequence[Article]) -> Report:
    """Align ``derivative`` with ``source`` (one article or several) and name every change.

    The report has no credibility findings yet: :func:`unspin.app.compare` adds them
    (``unspin.credibility.assess``), and ``check`` assesses only the report it keeps."""
    sources = [source] if isinstance(source, Article) else list(source)
    sources = [
        s if s.id else dataclasses.replace(s, id=f"source-{i + 1}") for i, s in enumerate(sources)
    ]
    # Hard-wrapped text is read as its paragraphs (same length, so every offset holds).
    derivative, *sources = (_unwrapped(a) for a in (derivative, *sources))
    d_parsed = parse(derivative.text)
    s_parsed = [parse(s.text) for s in sources]
    surnames = person_surnames(d_parsed).union(*(person_surnames(p) for p in s_parsed))
    # Lines glued by a lost paragraph break, split where the other side starts a sentence.
    d_split = split_at_shared_starts(d_parsed, s_parsed)
    s_split = [split_at_shared_starts(p, [d_parsed]) for p in s_parsed]
    d_units = sentence_units(d_split, surnames)
    s_units = [sentence_units(p, surnames) for p in s_split]
    cuts = [cut_at(s.text) for s in sources]  # where each source breaks off, if it does
    alignment = align(d_units, s_units, [i for i, cut in enumerate(cuts) if cut is not None])
    report = _build_report(derivative, sources, d_split, d_units, s_units, alignment, cuts)
    s_quotes = [list(extract_quotes(p.text, p)) for p in s_parsed]
    report = _with_quotes(report, d_parsed, s_parsed, s_quotes)
    swaps = quote_swaps(report, d_units, s_units)  # in quotes whose sentence aligns with none
    if swaps:
        changes = sorted([*report.changes, *swaps], key=_change_order)
        report = dataclasses.replace(report, changes=tuple(changes))
    return _with_verdict(report, s_quotes)


def _unwrapped(article: Article) -> Article:
    text = unwrapped(article.text)
    return article if text == article.text else dataclasses.replace(article, text=text)


def _with_verdict(report: Report, s_quotes: list[list[Quote]]) -> Report:
    """Each source's copy evidence, and the verdict that follows from it and the shares."""
    quotes = [[(q.start, q.end) for q in found if q.direct] for found in s_quotes]
    matches = tuple(
        dataclasses.replace(m, evidence=tuple(copy_evidence(report, src, spans)))
        for m, src, spans in zip(report.source_matches, report.sources, quotes, strict=True)
    )
    return dataclasses.replace(
        report, source_matches=matches, verdict=_verdict(_story_shares(report), list(matches))
    )


def _story_shares(report: Report) -> Summary:
    """The shares of the story itself, for the verdict: lines a page adds around the story it
    carries and that claim nothing (a photo caption, a heading, a date or editors' line, the
    headline again) weigh neither for the copy nor against it, whether found in no source or
    matched to some source's line in other words; nor do the lines after the point where a
    cut-off source stops (:func:`unspin.core.truncation.past_source_ends`)."""
    past_end = past_source_ends(report)
    page, art, sources = report.article.text, report.article, report.sources

    def weighs(s: AlignedSentence) -> bool:
        if s.status is SentenceStatus.COPIED:
            return True
        if s.status is SentenceStatus.INSERTED:
            return s.index not in past_end and is_claim(s.text, page, s.start, art, sources)
        return not added_around(s.text, page, s.start, art, sources)

    kept = [s for s in report.sentences if weighs(s)]
    return _summary(kept, report.summary) if kept else report.summary


def _with_quotes(
    report: Report, d_parsed: Parsed, s_parsed: list[Parsed], s_quotes: list[list[Quote]]
) -> Report:
    """Add the article's quotes and the quote changes against the sources."""
    d_quotes = extract_quotes(d_parsed.text, d_parsed)
    sources = [
        (src.id, parsed.text, quotes)
        for src, parsed, quotes in zip(report.sources, s_parsed, s_quotes, strict=True)
    ]
    quote_changes = compare_quotes_all(d_parsed.text, d_quotes, sources)
    breaks = source_breaks(report)
    quote_changes = [c for c in quote_changes if not quote_past_cut(c, breaks)]
    if not quote_changes and not d_quotes:
        return report
    starts = [s.start for s in report.sentences]

    def sentence_at(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    placed = [
        dataclasses.replace(c, sentence=sentence_at(_altered_at(c, d_parsed.text, report)))
        if c.start is not None and c.sentence is None and starts
        else c
        for c in quote_changes
    ]
    # Words and neighbours both as in the source: nobody's words were moved or changed there,
    # whatever the speaker resolution made of a pronoun or a title in two different texts.
    # A name put where the source has "he" is not such a case: the words differ there, and
    # the sentence reads as copied only because an added "X said" is a desk's habit too.
    # A quote over several sentences is so only when all of them are.
    in_context = _copied_in_context(report.sentences)
    placed = [
        c
        for c in placed
        if not (
            c.kind in (ChangeKind.QUOTE_MISATTRIBUTED, ChangeKind.QUOTE_ALTERED)
            and c.start is not None
            and starts
            and set(range(sentence_at(c.start), sentence_at(max(c.start, (c.end or 0) - 1)) + 1))
            <= in_context
            and not _name_put_in_place(c)
        )
    ]
    sm = _story_shares(report)  # lines that claim nothing weigh neither way, as in the verdict
    derived = sm.copied + sm.spun + sm.reworded
    held = [c for c in placed if not _quote_evidence_holds(c, report.sentences, derived)]
    placed = [c for c in placed if c not in held]
    # A page that is a minority of the source's words (a collage; a story run inside another)
    # is still made from it where the source leaves copy evidence in it.
    held = [c for c in held if _quote_evidence_holds(c, report.sentences, 1.0)]
    if held:
        interim = dataclasses.replace(
            report, changes=tuple(sorted([*report.changes, *placed], key=_change_order))
        )
        wanted = {c.source_id for c in held}
        copying = {
            src.id
            for src, found in zip(report.sources, s_quotes, strict=True)
            if src.id in wanted
            and is_copied(
                copy_evidence(interim, src, [(q.start, q.end) for q in found if q.direct])
            )
        }
        placed += [c for c in held if c.source_id in copying]
    # The "X said" that put the name there is then that misattribution, not a desk's edit.
    renamed = {(c.sentence, c.to) for c in placed if _name_put_in_place(c)}
    kept = [
        c
        for c in report.changes
        if not (
            c.kind is ChangeKind.SYNDICATION_EDIT
            and any(
                sentence == c.sentence and surname_in(c.to or c.text or "", speaker)
                for sentence, speaker in renamed
            )
        )
    ]
    changes = sorted([*kept, *placed], key=_change_order)
    # Words moved out of one speaker's mouth into another's are spin, even when every word
    # is the source's: such a sentence is not "copied".
    # So is a sentence reworded to put another name on a quote, or to change a quote's words
    # (a negation cut, words swapped): what the page rewrote there is someone's words.
    touched = {c.sentence for c in placed if c.sentence is not None}
    manipulated = {
        c.sentence
        for c in placed
        if c.sentence is not None
        and (
            c.kind is ChangeKind.QUOTE_MISATTRIBUTED
            or (c.kind is ChangeKind.QUOTE_ALTERED and c.confidence >= ALTERED_SWAP)
        )
    }
    sentences = tuple(
        dataclasses.replace(s, status=SentenceStatus.SPUN)
        if (s.index in touched and s.status is SentenceStatus.COPIED)
        or (s.index in manipulated and s.status is SentenceStatus.REWORDED)
        else s
        for s in report.sentences
    )
    return dataclasses.replace(
        report,
        quotes=tuple(d_quotes),
        changes=tuple(changes),
        sentences=sentences,
        summary=_summary(list(sentences), report.summary),
    )


_MOSTLY_DERIVED = 0.5
STYLE_INITIALS = 2  # a name shortened to its initials (or spelled out) this often is a style


def _altered_at(change: Change, text: str, report: Report) -> int:
    """Where a quote change is: an altered quote's new words inside it (a quote may run over
    several sentences, and only one of them was altered), or, for words cut, its first
    sentence that is not copied; else the quote's start."""
    start = change.start or 0
    if change.kind is not ChangeKind.QUOTE_ALTERED or change.end is None:
        return start
    inside = [s for s in report.sentences if s.end > start and s.start < change.end]
    first = (change.to or "").split(" … ")[0]
    found = _occurrences(text, first, start, change.end) if first else []
    # The new words may stand in a sentence of the quote that kept them from the source too
    # ("ISIL" in both): the one that changed is where they were put.
    altered = [at for at in found if _status_at(inside, at) is not SentenceStatus.COPIED]
    at = (altered or found or [-1])[0]
    if at >= 0:
        # (a sentence of its own that no source explains is the quote's start's to answer for)
        return at if _status_at(inside, at) is not SentenceStatus.INSERTED else start
    changed = (s.start for s in inside if s.status is not SentenceStatus.COPIED)
    return max(start, next(changed, start))


def _occurrences(text: str, words: str, start: int, end: int) -> list[int]:
    """Where ``words`` stand in ``text[start:end]``."""
    out = []
    at = text.find(words, start, end)
    while at >= 0:
        out.append(at)
        at = text.find(words, at + 1, end)
    return out


def _status_at(sentences: Sequence[AlignedSentence], offset: int) -> SentenceStatus | None:
    """The status of the sentence at ``offset``, if one of ``sentences`` holds it."""
    here = next((s for s in sentences if s.start <= offset < s.end), None)
    return None if here is None else here.status


def _name_put_in_place(change: Change) -> bool:
    """A quote_misattributed that puts a name where the source has a pronoun or a role
    (``quotes.speaker_diff.name_put_for_pronoun``)."""
    return (
        change.kind is ChangeKind.QUOTE_MISATTRIBUTED
        and change.confidence == MISATTRIBUTED_IN_PLACE
    )


def _quote_evidence_holds(
    change: Change, sentences: Sequence[AlignedSentence], derived: float
) -> bool:
    """Whether a quote change rests on a source the page copies at that place.

    A quote found in no given source is only "not found" where the page does not copy a
    source (a collage's other reports, an independent report): it is ``quote_fabricated`` only
    in a sentence aligned with a source sentence that quotes someone, with other words. Words
    added to or cut from a quote (not swapped for others) are two transcriptions of one
    statement unless the page is mostly made from the source (``derived``: its share of
    copied, spun and reworded text) and copies it at that place; so is a name put where the
    source has a pronoun that we read as another person. (:func:`_with_quotes` also keeps
    them on a page that is a minority of the source but leaves copy evidence of it.)
    """
    in_place = _name_put_in_place(change)
    if change.kind not in (ChangeKind.QUOTE_FABRICATED, ChangeKind.QUOTE_ALTERED) and not in_place:
        return True
    sentence = sentences[change.sentence] if change.sentence is not None else None
    copied_here = sentence is not None and sentence.status is not SentenceStatus.INSERTED
    if in_place:
        return copied_here and derived >= _MOSTLY_DERIVED
    if change.kind is ChangeKind.QUOTE_FABRICATED:
        return copied_here and has_quote_marks(sentence.source_text or "")
    return change.confidence >= ALTERED_SWAP or (copied_here and derived >= _MOSTLY_DERIVED)


def _build_report(
    derivative: Article,
    sources: list[Article],
    d_parsed: Parsed,
    d_units: list[SentenceUnits],
    s_units: list[list[SentenceUnits]],
    alignment: Alignment,
    cuts: Sequence[int | None],
) -> Report:
    d_sentences = d_parsed.sentences
    starts = [s.start for s in d_sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    # A sentence found word for word in a source is copied, whatever the sentence splitter
    # made of the text around it (parsers split the same words differently in two texts).
    source_words = [padded_words(s.text) for s in sources]
    article_words = padded_words(derivative.text)
    verbatim = {
        s.index
        for s in d_sentences
        if len(w := padded_words(s.text)) > 12 and any(_verbatim_in(w, sw) for sw in source_words)
    }
    changes: list[Change] = []
    per_sentence: dict[int, list[Change]] = {i: [] for i in range(len(d_sentences))}
    block_of: dict[int, int] = {}
    for b_idx, block in enumerate(alignment.blocks):
        src = sources[block.source]
        s_sents = s_units[block.source]
        # The sentence a cut-off source breaks off in: the rest of it is not an edit.
        cut = cuts[block.source] if len(s_sents) - 1 in block.source_sentences else None
        d_block_units = [u for d in block.derivative for u in d_units[d].units]
        s_block_units = [u for s in block.source_sentences for u in s_sents[s].units]
        found = diff_block(
            d_block_units,
            s_block_units,
            d_text=derivative.text,
            s_text=src.text,
            synonyms=alignment.synonyms,
            source_id=src.id,
        )
        for change in split_at_sentences(found, starts, derivative.text):
            d_idx = sentence_of(change.start or 0)
            if d_idx in verbatim and change.kind is not ChangeKind.DROPPED:
                continue
            if cut is not None and beyond_cut(change, cut):
                continue
            if change.kind is ChangeKind.DROPPED and _still_there(
                change.source_text, d_sentences[d_idx].text, article_words
            ):
                continue  # the words are in the article after all: how the text was cut up
            change = dataclasses.replace(
                change,
                sentence=d_idx,
                source_sentence=_source_sentence_of(change, s_sents, block.source_sentences),
            )
            changes.append(change)
            per_sentence.setdefault(d_idx, []).append(change)
        for d in block.derivative:
            block_of[d] = b_idx
            if block.reordered:
                sent = d_sentences[d]
                change = Change(
                    kind=ChangeKind.REORDERED,
                    text=sent.text,
                    start=sent.start,
                    end=sent.end,
                    source_id=src.id,
                    source_text=_joined(src.text, s_sents, block.source_sentences),
                    source_start=s_sents[block.source_sentences[0]].sentence.start,
                    source_end=s_sents[block.source_sentences[-1]].sentence.end,
                    confidence=0.9,
                    sentence=d,
                    source_sentence=block.source_sentences[0],
                )
                changes.append(change)

    for d in alignment.inserted:
        sent = d_sentences[d]
        changes.append(
            Change(
                kind=ChangeKind.INSERTED,
                text=sent.text,
                start=sent.start,
                end=sent.end,
                confidence=0.8,
                sentence=d,
            )
        )
    for ref in alignment.dropped:
        src = sources[ref.source]
        s_sent = s_units[ref.source][ref.sentence].sentence
        changes.append(
            Change(
                kind=ChangeKind.DROPPED,
                text="",
                source_id=src.id,
                source_text=s_sent.text,
                source_start=s_sent.start,
                source_end=s_sent.end,
                confidence=0.8,
                source_sentence=ref.sentence,
            )
        )

    text_end = d_sentences[-1].end if d_sentences else 0
    syndicated = {  # regexes: once a change
        id(c)
        for c in changes
        if is_syndication_edit(
            c,
            derivative.text,
            starts[sentence_of(c.start)] if c.start is not None and starts else 0,
            text_end,
        )
    }
    # A name written as its initials ("Islamic State" / "IS", "United Kingdom" / "UK") is a
    # desk's style on a page that changes nothing else, once or twice and one way (a style
    # shortens or spells out); spinners' alias tables hold initials too, and swap them at
    # random, many times and both ways, beside other words.
    found = [c for c in changes if id(c) not in syndicated and is_initials_swap(c)]
    one_way = len({len(c.to or "") < len(c.from_ or "") for c in found}) == 1
    initials = {id(c) for c in found} if one_way and len(found) <= STYLE_INITIALS else set()
    aligned, respun, appended = _statuses(
        d_sentences, alignment, sources, s_units, per_sentence, block_of, syndicated | initials
    )
    spins_otherwise = respun or any(
        c.kind in SPIN_KINDS and id(c) not in syndicated | initials for c in changes
    )
    if initials and spins_otherwise:
        aligned, respun, appended = _statuses(
            d_sentences, alignment, sources, s_units, per_sentence, block_of, syndicated
        )
    else:
        syndicated |= initials

    changes = [
        dataclasses.replace(c, kind=ChangeKind.SYNONYM_SWAP, confidence=0.5)
        if id(c) in respun
        else dataclasses.replace(c, kind=ChangeKind.SYNDICATION_EDIT)
        if id(c) in syndicated
        else dataclasses.replace(c, kind=ChangeKind.INSERTED)
        if id(c) in appended
        else c
        for c in changes
    ]
    changes.sort(key=_change_order)
    counts = Summary(
        copied=0.0,
        spun=0.0,
        reworded=0.0,
        new=0.0,
        sentences=0,
        source_sentences=sum(len(s) for s in s_units),
        dropped_source_sentences=len(alignment.dropped),
        reordered_sentences=0,
    )
    summary = _summary(aligned, counts)
    matches = _source_matches(sources, aligned)
    return Report(
        article=derivative,
        sources=tuple(sources),
        source_matches=tuple(matches),
        sentences=tuple(aligned),
        changes=tuple(changes),
        summary=summary,
        verdict=_verdict(summary, matches),
    )


def _statuses(
    d_sentences: Sequence[Sentence],
    alignment: Alignment,
    sources: list[Article],
    s_units: list[list[SentenceUnits]],
    per_sentence: dict[int, list[Change]],
    block_of: dict[int, int],
    syndicated: set[int],
) -> tuple[list[AlignedSentence], set[int], set[int]]:
    """Each derivative sentence's status from its changes that are not ``syndicated`` (ids),
    with the ids of the reworded changes that are one-for-one word swaps (``respun``) and of
    those that only add a clause at the end (``appended``)."""
    aligned: list[AlignedSentence] = []
    respun: set[int] = set()
    appended: set[int] = set()
    for i, sent in enumerate(d_sentences):
        if i not in block_of:
            aligned.append(
                AlignedSentence(
                    index=i,
                    start=sent.start,
                    end=sent.end,
                    text=sent.text,
                    status=SentenceStatus.INSERTED,
                )
            )
            continue
        block = alignment.blocks[block_of[i]]
        src = sources[block.source]
        # a wire credit added to a copied sentence ("(Reuters) - ...") is no rewording, nor
        # is a clause added at its end (reported as inserted words)
        # (the edits that are neither are what the sentence's status is made of)
        edits = [c for c in per_sentence.get(i, []) if id(c) not in syndicated]
        appended.update(id(c) for c in edits if _is_appended_clause(c, sent.text, sent.start))
        kinds = {c.kind for c in edits if id(c) not in appended}
        if not kinds - {ChangeKind.DROPPED}:
            status = SentenceStatus.COPIED
        elif kinds <= SPIN_KINDS | {ChangeKind.DROPPED}:
            status = SentenceStatus.SPUN
        else:
            status = SentenceStatus.REWORDED
        source_text = _joined(src.text, s_units[block.source], block.source_sentences)
        if status is SentenceStatus.REWORDED:
            swaps = thesaurus_swaps(sent.text, source_text, edits, sent.start)
            if swaps is not None and (swaps or kinds & SPIN_KINDS):
                status = SentenceStatus.SPUN
                respun.update(swaps)
        aligned.append(
            AlignedSentence(
                index=i,
                start=sent.start,
                end=sent.end,
                text=sent.text,
                status=status,
                source_id=src.id,
                source_sentences=tuple(block.source_sentences),
                source_text=source_text,
                similarity=round(block.similarity, 4),
                reordered=block.reordered,
            )
        )
    return aligned, respun, appended


def _copied_in_context(sentences: Sequence[AlignedSentence]) -> set[int]:
    """Copied sentences that follow the same source sentence as in the source."""
    out: set[int] = set()
    for i, s in enumerate(sentences):
        if s.status is not SentenceStatus.COPIED or s.reordered or not s.source_sentences:
            continue
        if i == 0:
            if s.source_sentences[0] == 0:
                out.add(i)
            continue
        prev = sentences[i - 1]
        if (
            prev.source_id == s.source_id
            and prev.source_sentences
            and s.source_sentences[0] - prev.source_sentences[-1] in (0, 1)
        ):
            out.add(i)
    return out


def _verbatim_in(words: str, source_words: str) -> bool:
    """``words`` (see ``core.text.padded_words``) occur in the source, not right after a
    negation the copy cut off ("One was hurt" from "No one was hurt")."""
    at = source_words.find(words)
    while at >= 0:
        if source_words[source_words.rfind(" ", 0, at) + 1 : at] not in MEANINGFUL_STOP:
            return True
        at = source_words.find(words, at + 1)
    return False


def _still_there(dropped: str | None, sentence: str, article_words: str) -> bool:
    """Whether words reported as cut from a sentence are in the article all the same.

    A phrase of three words or more anywhere in the article (sentence splitting put it in a
    neighbour), a shorter one in its own sentence (moved within it). Both come from aligning
    differently cut texts, not from an edit.
    """
    words = padded_words(dropped or "")
    if not words.strip():
        return False
    if len(words.split()) >= 3:
        return words in article_words
    return words in padded_words(sentence)


def _joined(text: str, sentences: list[SentenceUnits], indices: Sequence[int]) -> str:
    first, last = sentences[indices[0]].sentence, sentences[indices[-1]].sentence
    if len(indices) == 1 or indices[-1] == indices[0] + len(indices) - 1:
        return text[first.start : last.end]
    return " ".join(sentences[i].sentence.text for i in indices)


def _source_sentence_of(
    change: Change, sentences: list[SentenceUnits], indices: list[int]
) -> int | None:
    if change.source_start is None:
        return indices[0]
    for i in indices:
        s = sentences[i].sentence
        if s.start <= change.source_start < s.end:
            return i
    return indices[0]


def _change_order(c: Change) -> tuple[int, int, int]:
    if c.start is None:  # dropped source sentences go last, in source order
        return (1, c.source_start or 0, 0)
    return (0, c.start, c.end or 0)


def _summary(aligned: list[AlignedSentence], counts: Summary) -> Summary:
    """Shares of the article's characters by sentence status; source counts from ``counts``."""
    total = sum(len(s.text) for s in aligned) or 1
    share = {status: 0 for status in SentenceStatus}
    for s in aligned:
        share[s.status] += len(s.text)
    return dataclasses.replace(
        counts,
        copied=round(share[SentenceStatus.COPIED] / total, 4),
        spun=round(share[SentenceStatus.SPUN] / total, 4),
        reworded=round(share[SentenceStatus.REWORDED] / total, 4),
        new=round(share[SentenceStatus.INSERTED] / total, 4),
        sentences=len(aligned),
        reordered_sentences=sum(1 for s in aligned if s.reordered),
    )


def _source_matches(sources: list[Article], aligned: list[AlignedSentence]) -> list[SourceMatch]:
    out = []
    n = len(aligned) or 1
    for src in sources:
        idx = tuple(s.index for s in aligned if s.source_id == src.id)
        out.append(
            SourceMatch(
                id=src.id or "",
                url=src.url,
                title=src.title,
                published=src.published,
                coverage=round(len(idx) / n, 4),
                sentences=idx,
            )
        )
    return out


def _verdict(summary: Summary, matches: list[SourceMatch]) -> Verdict:
    """One rule for every face (see README, "Verdicts").

    A page is derived from a source only when that source leaves copy evidence in it
    (:mod:`unspin.comparison.copying`): shared quotes and names alone make the same story,
    not a copy.
    Then the shares decide: several sources making half the page, or three sources or more
    whatever their share, are a collage; under 60%
    derived, partly derived; a copy is spun when a tenth of it is spun (swaps, moved quotes)
    or a quarter reworded, and faithful otherwise.
    """
    copied_from = [m for m in matches if m.sentences and is_copied(m.evidence)]
    if not copied_from:
        return Verdict.ORIGINAL
    derived = summary.copied + summary.spun + summary.reworded
    if len(copied_from) >= COLLAGE_MIN_SOURCES or (len(copied_from) > 1 and derived >= 0.5):
        return Verdict.COLLAGE
    if derived < 0.6:
        return Verdict.PARTLY_DERIVED
    if summary.spun > 0.1 or summary.reworded > 0.25:
        return Verdict.SPUN_COPY
    return Verdict.FAITHFUL_COPY
