"""Where a quote's speaker is looked for, in order, and when a quote continues the previous
speaker's.

``attribute`` tries the speech verb that governs a partial quote, the words after the
quote, the words before it, plain patterns on the raw text, then the sentence before it
and the previous quote. A pronoun with no named antecedent ("He added: ...") right after a
quote whose speaker is known, and a paragraph that is all quote, continue that speaker.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from unspin.comparison.quotes.cues import cue_text
from unspin.comparison.quotes.frames import (
    after_valid,
    governor,
    intro_after,
    intro_before,
    regex_attribution,
    window_speaker,
)
from unspin.comparison.quotes.names import FEMALE_PRONOUNS, PERSON_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from unspin.comparison.quotes.context import Group, QuoteContext
    from unspin.comparison.quotes.marks import RawQuote
    from unspin.comparison.quotes.speakers import Speaker


def attribute(ctx: QuoteContext, g: Group, previous: Group | None) -> None:
    if g.attribution == "split" and g.speaker is not None:
        return
    first, last = g.first, g.last
    found: tuple[Speaker, Token] | None = None
    how = None
    if g.partial:
        found = governor(ctx, g)
        how = "governor"
    if found is None:
        after = ctx.after_tokens(last)
        if after_valid(ctx, last, after):
            found = window_speaker(ctx, after, nearest_last=False)
            how = "after"
        if found is None and not g.partial and last.closed:
            found = intro_after(ctx, after)
            how = "after"
    if found is None or found[0].kind == "channel":
        floor = previous.last.outer_end if previous is not None else 0
        before = ctx.before_tokens(first.open_pos, floor)
        alt = window_speaker(ctx, before, nearest_last=True)
        if alt is None and not g.partial:
            alt = intro_before(ctx, before)
        if alt is not None and (found is None or alt[0].kind != "channel"):
            found, how = alt, "before"
    if found is None and not g.partial:
        rx = regex_attribution(ctx, first, last)
        if rx is not None:
            g.speaker, g.cue, g.attribution = rx[0], rx[1], "pattern"
            return
    if (
        found is not None
        and found[0].kind == "pronoun"
        and found[0].name is None
        and ctx.text_at(found[0]).lower() in PERSON_PRONOUNS
        and _follows(ctx, previous, first)
        and _gender_fits(ctx, ctx.text_at(found[0]).lower(), previous)
    ):
        # "He added: ..." with no named antecedent the resolver knows: the pronoun is
        # the speaker of the quote just before.
        assert previous is not None
        g.speaker, g.cue, g.attribution = previous.speaker, cue_text(found[1]), "continued"
        return
    if found is not None:
        g.speaker, g.cue, g.attribution = found[0], cue_text(found[1]), how
        return
    if g.partial:
        return
    # Nothing in the quote's own sentence: the sentence before it, or the previous quote.
    prev_sent = _previous_sentence(ctx, first.open_pos)
    if prev_sent is None:
        return
    s_start, s_end = prev_sent
    if (
        previous is not None
        and previous.speaker is not None
        and previous.last.outer_end >= s_start
        and not previous.partial
    ):
        g.speaker, g.cue, g.attribution = previous.speaker, previous.cue, "continued"
        return
    toks = [t for t in ctx.tokens_between(s_start, s_end) if not ctx.inside_quote(t.idx)]
    hit = window_speaker(ctx, toks, nearest_last=True)
    if hit is not None:
        g.speaker, g.cue, g.attribution = hit[0], cue_text(hit[1]), "previous"
        return
    # A paragraph that is all quote, right after the previous speaker's paragraph.
    if (
        previous is not None
        and previous.speaker is not None
        and not previous.partial
        and ctx.paragraph_of(first.open_pos) - previous.last.end_paragraph <= 1
        and ctx.starts_paragraph(first)
        and not _names_someone_else(ctx, previous.last.outer_end, first.open_pos, previous.speaker)
    ):
        g.speaker, g.cue, g.attribution = previous.speaker, previous.cue, "continued"
        return
    roots = [t for t in toks if t.dep_ == "ROOT"]
    if roots:
        subj = next((c for c in roots[-1].children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and (subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")):
            sp = ctx.resolver.resolve(subj)
            if sp is not None and sp.name:
                g.speaker, g.cue, g.attribution = sp, None, "previous"
        elif subj is not None and subj.pos_ == "NOUN":
            # "The harbour master, Lina Ortez, disagreed. '...'": a role naming a person.
            sp = ctx.resolver.resolve(subj)
            if sp is not None and sp.name and sp.person is not None:
                g.speaker, g.cue, g.attribution = sp, None, "previous"


def _follows(ctx: QuoteContext, previous: Group | None, first: RawQuote) -> bool:
    """``previous`` is a quote with a known speaker in the same or the paragraph before."""
    return (
        previous is not None
        and previous.speaker is not None
        and previous.speaker.name is not None
        and not previous.partial
        and ctx.paragraph_of(first.open_pos) - previous.last.end_paragraph <= 1
    )


def _gender_fits(ctx: QuoteContext, pronoun: str, g: Group | None) -> bool:
    person = g.speaker.person if g is not None and g.speaker is not None else None
    if person is None:
        return True
    gender = ctx.resolver.people[person].gender
    return gender is None or (gender == "f") == (pronoun in FEMALE_PRONOUNS)


def _names_someone_else(ctx: QuoteContext, start: int, end: int, speaker: Speaker) -> bool:
    """A person other than ``speaker`` is named (outside quotes) in ``text[start:end]``."""
    starts = ctx.resolver._mention_starts
    mentions = ctx.resolver.mentions
    k = bisect.bisect_left(starts, start)
    while k < len(mentions) and mentions[k].start < end:
        m = mentions[k]
        if m.person != speaker.person and not (speaker.start <= m.start < speaker.end):
            return True
        k += 1
    return False


def _previous_sentence(ctx: QuoteContext, pos: int) -> tuple[int, int] | None:
    """The sentence that ends before ``pos`` (skipping whitespace), when the quote opens
    a sentence; None when the quote is preceded by words of its own sentence."""
    j = pos - 1
    text = ctx.text
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0:
        return None
    if text[j] not in '.!?…:"”’»)' and pos - j < 2:
        return None
    sents = ctx.parsed.sentences
    k = bisect.bisect_right(ctx.sent_starts, j) - 1
    if k < 0:
        return None
    sent = sents[k]
    # Only within this paragraph or the one before.
    if ctx.paragraph_of(pos) - ctx.paragraph_of(sent.start) > 1:
        return None
    if sent.end > pos:
        # spaCy ran the sentence through the quote; take the text up to the quote.
        return (sent.start, pos) if text[sent.start : pos].strip() else None
    return sent.start, sent.end


__all__ = ["attribute"]
