"""Indirect speech: the clause under a speech verb ("X said that ...") or the statement that
"according to X" qualifies, as quotes with ``direct=False``.

A clause that is, or holds, a direct quote already found is left to that quote.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from unspin.comparison.quotes.cues import INDIRECT_VERBS, cue_text, is_cue
from unspin.comparison.quotes.detail import QuoteDetail
from unspin.core.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Token

    from unspin.comparison.quotes.context import Group, QuoteContext


def indirect_quotes(ctx: QuoteContext, groups: list[Group]) -> list[QuoteDetail]:
    out: list[QuoteDetail] = []
    taken_end = -1
    doc = ctx.doc
    standalone = sorted((g.first.open_pos, g.last.outer_end) for g in groups if not g.partial)
    for tok in doc:
        if tok.idx < taken_end or ctx.inside_quote(tok.idx):
            continue
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and is_cue(tok):
            span = _according_content(ctx, tok)
        elif lemma in INDIRECT_VERBS and tok.pos_ in ("VERB", "AUX"):
            span = _clause_of(ctx, tok)
        else:
            continue
        if span is None:
            continue
        s, e = _within_sentence(ctx, tok.idx, *span)
        if e - s < 8:
            continue
        quoted = _quoted_chars(ctx, s, e)
        if quoted > 0.5 * (e - s) or _overlaps_standalone(s, e, standalone):
            continue  # the clause is (or holds) a direct quote, already found
        sp = ctx.speaker_from(tok)
        if sp is None:
            continue
        taken_end = e
        out.append(
            QuoteDetail(
                quote=Quote(
                    text=ctx.text[s:e],
                    start=s,
                    end=e,
                    speaker=sp.name,
                    cue=cue_text(tok),
                    direct=False,
                    speaker_start=sp.start,
                    speaker_end=sp.end,
                ),
                parts=((s, e),),
                speaker_kind=sp.kind,
                attribution="indirect",
            )
        )
    return out


def _within_sentence(ctx: QuoteContext, at: int, s: int, e: int) -> tuple[int, int]:
    """The span cut to the sentence holding ``at`` (the package's sentences, which end at
    paragraph breaks: spaCy's tree may run a clause on into the next paragraph when a
    paragraph has no final full stop)."""
    k = bisect.bisect_right(ctx.sent_starts, at) - 1
    if k < 0:
        return s, e
    sentence = ctx.parsed.sentences[k]
    start, end = max(s, sentence.start), min(e, sentence.end)
    while e > end > start and not ctx.text[end - 1].isalnum():
        end -= 1  # cut there: the sentence's closing punctuation is no part of the clause
    return start, end if end > start else start


def _overlaps_standalone(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_left(spans, (s, -1))
    return any(0 <= j < len(spans) and spans[j][0] < e and s < spans[j][1] for j in (k - 1, k))


def _quoted_chars(ctx: QuoteContext, s: int, e: int) -> int:
    k = max(0, bisect.bisect_right(ctx.q_starts, s) - 1)
    total = 0
    while k < len(ctx.q_starts) and ctx.q_starts[k] < e:
        total += max(0, min(e, ctx.q_ends[k]) - max(s, ctx.q_starts[k]))
        k += 1
    return total


def _clause_of(ctx: QuoteContext, verb: Token) -> tuple[int, int] | None:
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return _rest_of_sentence(ctx, verb)
    left, right = clause.left_edge.i, clause.right_edge.i
    doc = ctx.doc
    while left <= right and (doc[left].dep_ == "mark" or doc[left].is_punct or doc[left].is_space):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - left < 2:
        return None
    # Keep the clause on one side of the verb ("X said Y" or "Y, X said").
    if left < verb.i < right:
        return None
    return doc[left].idx, doc[right].idx + len(doc[right])


def _rest_of_sentence(ctx: QuoteContext, verb: Token) -> tuple[int, int] | None:
    """``He said legalizing it could put thousands to work.`` when the parse gives the
    verb no clause: the rest of the sentence after "said (that)", if it has a verb."""
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if any(c.dep_ in ("dobj", "xcomp") for c in verb.children):
        return None
    doc = ctx.doc
    i = verb.i + 1
    while i < len(doc) and (doc[i].dep_ in ("advmod", "npadvmod") and doc[i].i < verb.i + 3):
        i += 1
    if i >= len(doc) or not (
        doc[i].lower_ in ("that", "if", "whether")
        or doc[i].pos_ in ("PRON", "PROPN", "NOUN", "DET", "VERB")
    ):
        return None
    if doc[i].lower_ == "that":
        i += 1
    sent = verb.sent
    j = sent.end - 1
    while j > i and (doc[j].is_punct or doc[j].is_space):
        j -= 1
    if j - i < 2 or not any(t.pos_ in ("VERB", "AUX") for t in doc[i : j + 1]):
        return None
    return doc[i].idx, doc[j].idx + len(doc[j])


def _according_content(ctx: QuoteContext, tok: Token) -> tuple[int, int] | None:
    head = tok.head
    if head is tok or is_cue(head):
        return None  # "X said, according to state TV": the channel of another cue
    doc = ctx.doc
    skip = {t.i for t in tok.subtree}
    sent = tok.sent
    idxs = [t.i for t in head.subtree if t.i not in skip and t.sent == sent]
    if not idxs:
        return None
    left, right = min(idxs), max(idxs)
    while left <= right and (doc[left].is_punct or doc[left].i in skip):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].i in skip):
        right -= 1
    if right - left < 2:
        return None
    return doc[left].idx, doc[right].idx + len(doc[right])


__all__ = ["indirect_quotes"]
