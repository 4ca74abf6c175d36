"""Every quote in an article, with its speaker.

Direct quotes come from quotation marks (see ``marks``): straight, curly and typographic,
nested, over several paragraphs, split by their attribution (``"We oppose it," he said, "and
always will."`` is one quote with two parts) or embedded in narration (partial quotes). Indirect
speech ("X said that ...") comes from the parse: the clause under a speech verb, marked
``direct=False``.

The speaker of a direct quote is looked for, in order, in the attribution that splits it, in
its own sentence after the quote (``"...," he said``), before it (``He said: "..."``), in the
speech verb that governs a partial quote, in the sentence just before it (``Khamenei said:``),
and last in the previous quote (a paragraph of quote continues the previous speaker).

One pass over the marks and bounded windows around each quote keep the time linear in the
length of the article.

This module holds the pass (marks grouped into quotes, each attributed, then turned into
``QuoteDetail``); the lookups it shares are in ``context``, the attribution patterns in
``frames``, their order and continuation in ``attribution``, indirect speech in ``indirect``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unspin.comparison.quotes.attribution import attribute
from unspin.comparison.quotes.context import (
    MAX_WINDOW,
    SENT_END,
    Group,
    QuoteContext,
    looks_like_title,
)
from unspin.comparison.quotes.cues import cue_text, is_cue
from unspin.comparison.quotes.detail import QuoteDetail
from unspin.comparison.quotes.frames import after_valid, window_speaker
from unspin.comparison.quotes.indirect import indirect_quotes
from unspin.core.model import Quote

if TYPE_CHECKING:
    from unspin.comparison.quotes.marks import RawQuote
    from unspin.nlp.parse import Parsed


def extract_quotes(text: str, parsed: Parsed | None = None) -> list[Quote]:
    """Every direct and indirect quote in ``text``, in order, each with its speaker.

    ``parsed`` is ``unspin.nlp.parse.parse(text)``; pass it when you already have it.
    """
    return [d.quote for d in extract_quote_details(text, parsed)]


def extract_quote_details(text: str, parsed: Parsed | None = None) -> list[QuoteDetail]:
    """``extract_quotes`` with each quote's parts and how its speaker was found."""
    if not text or not text.strip():
        return []
    if parsed is None:
        from unspin.nlp.parse import parse

        parsed = parse(text)
    elif parsed.text != text:
        raise ValueError("extract_quotes: `parsed` must be parse(text) of this very text")
    return _extract(QuoteContext(text, parsed))


def _extract(ctx: QuoteContext) -> list[QuoteDetail]:
    """Group the marks into quotes, attribute each in order (a speaker found is the next
    quote's "previous"), then add indirect speech."""
    groups = _groups(ctx)
    previous: Group | None = None
    merged: list[Group] = []
    for g in groups:
        attribute(ctx, g, previous)
        if (
            g.attribution == "continued"
            and merged
            and merged[-1] is previous
            and ctx.whole_paragraph(g)
        ):
            # A paragraph that is all quote continues the previous speaker's quote.
            previous.raws.extend(g.raws)
            continue
        if not g.partial or g.speaker is not None:
            previous = g
        merged.append(g)
    out = [d for d in (_detail(ctx, g) for g in merged) if d is not None]
    out.extend(indirect_quotes(ctx, merged))
    out.sort(key=lambda d: (d.quote.start, d.quote.end))
    return out


def _groups(ctx: QuoteContext) -> list[Group]:
    groups: list[Group] = []
    for raw in ctx.raws:
        partial = ctx.is_partial(raw)
        if groups and not partial:
            g = groups[-1]
            merged = _try_merge(ctx, g, raw)
            if merged:
                continue
        groups.append(Group(raws=[raw], partial=partial))
    return groups


def _try_merge(ctx: QuoteContext, g: Group, raw: RawQuote) -> bool:
    """Merge ``raw`` into ``g`` when only an attribution separates them:
    ``"We oppose it," he said, "and always will."``"""
    last = g.last
    if g.partial or not last.closed or last.end_paragraph != raw.paragraph:
        return False
    gap_start, gap_end = last.outer_end, raw.open_pos
    gap = ctx.text[gap_start:gap_end]
    if not gap.strip() or len(gap) > 160 or "\n" in gap.strip():
        return False

    toks = ctx.tokens_between(gap_start, gap_end)[:MAX_WINDOW]
    # '"We won." Voss said: "..."': the first quote ended its sentence; what follows
    # introduces the next one.
    last_content = ctx.text[last.parts[-1][0] : last.parts[-1][1]].rstrip()
    first_word = re.search(r"\w", gap)
    if (
        last_content[-1:] in ".!?…"
        and first_word
        and gap[first_word.start()].isupper()
        and gap.strip().split()[0].lower() not in ("said", "says", "asked", "added")
    ):
        return False
    # Only the attribution between: nothing after its sentence ends ('he said. X said:').
    ends = [k for k, t in enumerate(toks) if t.text in SENT_END]
    if ends and any(t.is_alpha for t in toks[ends[0] + 1 :]):
        return False
    cues = [t for t in toks if is_cue(t) and not ctx.inside_quote(t.idx)]
    if not cues:
        return False
    cue = cues[0]
    if ctx.has_outside_clause(cue):
        return False
    if len(g.raws) == 1:
        floor = ctx.prev_outer_end(g.first)
        own = window_speaker(ctx, ctx.before_tokens(g.first.open_pos, floor), nearest_last=True)
        if own is not None:
            return False
    speaker = ctx.speaker_from(cue)
    # The second part must not carry an attribution of its own.
    after = ctx.after_tokens(raw)
    if any(is_cue(t) for t in after) and after_valid(ctx, raw, after):
        return False
    if g.attribution == "split":
        if speaker is not None and g.speaker is not None and speaker.person != g.speaker.person:
            return False
        g.raws.append(raw)
        return True
    if g.speaker is None and len(g.raws) == 1:
        g.raws.append(raw)
        g.speaker = speaker
        g.cue = cue_text(cue)
        g.attribution = "split"
        return True
    return False


def _detail(ctx: QuoteContext, g: Group) -> QuoteDetail | None:
    parts = [p for r in g.raws for p in r.parts]
    text = ctx.text
    words = [w for s, e in parts for w in text[s:e].split()]
    if not words:
        return None
    content = " ".join(text[s:e] for s, e in parts)
    if g.speaker is None and looks_like_title(words, content):
        return None
    last_s, last_e = parts[-1]
    while last_e > last_s and text[last_e - 1] in ",;: \u00a0":
        last_e -= 1
    if last_e <= last_s:
        return None
    parts[-1] = (last_s, last_e)
    content = _join_parts(text, parts)
    sp = g.speaker
    quote = Quote(
        text=content,
        start=parts[0][0],
        end=parts[-1][1],
        speaker=sp.name if sp else None,
        cue=g.cue,
        direct=True,
        speaker_start=sp.start if sp else None,
        speaker_end=sp.end if sp else None,
    )
    return QuoteDetail(
        quote=quote,
        parts=tuple(parts),
        partial=g.partial,
        closed=all(r.closed for r in g.raws),
        speaker_kind=sp.kind if sp else None,
        attribution=g.attribution,
    )


def _join_parts(text: str, parts: list[tuple[int, int]]) -> str:
    """The words of a quote's parts as one text. A part cut by its attribution with a comma
    before a new sentence ('"It is over," he said. "We lost."') gets its full stop back."""
    out = ""
    for s, e in parts:
        piece = text[s:e]
        if out:
            if out.endswith(",") and piece[:1].isupper():
                out = out[:-1] + "."
            out += " "
        out += piece
    return out


__all__ = ["QuoteDetail", "extract_quote_details", "extract_quotes"]
