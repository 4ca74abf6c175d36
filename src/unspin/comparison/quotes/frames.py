"""Attribution frames: the patterns that tie a quote to its speaker.

Each reads a bounded token window around a quote: a speech cue and its subject
(``window_speaker``: ``"...," he said``), a verb or a bare name that introduces the quote
(``intro_before``: ``Trump: '...'``), a verb right after it (``intro_after``: ``"Go back,"
Trump barked``), the speech verb that governs a partial quote (``governor``), and plain
patterns on the raw text when the parse is broken (``regex_attribution``). ``after_valid``
tells whether the words after a quote attribute it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unspin.comparison.quotes.cues import is_cue, subject_of
from unspin.comparison.quotes.speakers import Speaker

if TYPE_CHECKING:
    from spacy.tokens import Token

    from unspin.comparison.quotes.context import Group, QuoteContext
    from unspin.comparison.quotes.marks import RawQuote

# speech verbs that frame a quote, in the patterns for text the parser got wrong
_CUE_WORDS = (
    "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes",
    "declared", "stated", "explained", "insisted", "argued", "warned", "continued", "continues",
    "replied", "responded", "noted", "recalled",
)  # fmt: skip
_CUES_RE = "(?P<cue>" + "|".join(_CUE_WORDS) + ")"
_NAME_RE = r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}|he|she|He|She)"
_BEFORE_RE = re.compile(_NAME_RE + r"\s+" + _CUES_RE + r"\b[^.!?\"“”«»]{0,40}[,:]?\s*$")
_AFTER_RE = re.compile(r"\s*[,—–-]?\s*" + _NAME_RE + r"\s+" + _CUES_RE + r"\b")
_AFTER_INV_RE = re.compile(r"\s*[,—–-]?\s*" + _CUES_RE + r"\s+" + _NAME_RE)
# The verb first, opening a sentence: 'Continued Stone: "..."', 'Added the mayor, "..."'.
_BEFORE_INV_RE = re.compile(
    r"(?:^|[.!?\"”’]\s+)(?P<cue>"
    + "|".join(w.capitalize() for w in _CUE_WORDS)
    + r")\s+"
    + _NAME_RE
    + r"\s*[:,]\s*$"
)
_NOT_NAMES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "GPE", "LOC"}
)


def after_valid(ctx: QuoteContext, raw: RawQuote, after: list[Token]) -> bool:
    """Whether the words after a quote attribute it (rather than start a new sentence)."""
    if not after:
        return False
    if after[-1].text == ":":
        return False  # 'Voss said:' introduces the next quote
    content = ctx.text[raw.parts[-1][0] : raw.parts[-1][1]].rstrip()
    if content and content[-1] not in ".!?…" and raw.closed:
        return True
    if not raw.closed:
        return False
    words = [t for t in after if not t.is_space]
    if not words:
        return False
    first = words[0]
    if "\n" in ctx.text[raw.outer_end : first.idx] and first.text not in "—–-":
        # A finished quote at a line's end: the next line is another block ("Story continues
        # below video."), unless it signs the quote ("— Name (@handle)").
        return False
    if first.is_lower or (first.is_punct and first.text in ",—–-"):
        return True
    cues = [t for t in after if is_cue(t)]
    return bool(cues) and len(after) <= 12 and not ctx.has_outside_clause(cues[0])


def window_speaker(
    ctx: QuoteContext, toks: list[Token], nearest_last: bool
) -> tuple[Speaker, Token] | None:
    cues = [t for t in toks if is_cue(t)]
    if nearest_last:
        cues.reverse()
    channel: tuple[Speaker, Token] | None = None
    for cue in cues[:3]:
        sp = ctx.speaker_from(cue) or _surface_subject(ctx, toks, cue, nearest_last)
        if sp is None:
            continue
        if sp.kind == "channel":
            channel = channel or (sp, cue)
            continue
        return sp, cue
    return channel


def _surface_subject(
    ctx: QuoteContext, toks: list[Token], cue: Token, before: bool
) -> Speaker | None:
    """When the parse gives the cue no subject: the name next to it on the surface
    (``"...," Brent Bozell III, founder of X, tells Y``; ``said Bolton``)."""
    k = next((i for i, t in enumerate(toks) if t.i == cue.i), -1)
    if k < 0:
        return None
    if before:
        window = list(reversed(toks[max(0, k - 12) : k]))
    elif k > 0 and any(not t.is_punct for t in toks[:k]):
        window = toks[:k]
    elif cue.tag_ == "VBG":
        # '"...," adding that its sales rose': what follows a participle is what was said;
        # its speaker is the subject of the clause before the quote.
        return None
    else:
        window = toks[k + 1 : k + 8]
    for t in window[:12]:
        if t.is_punct or t.is_space:
            continue
        if (
            t.lower_ in ("he", "she", "they", "i", "we")
            or t.ent_type_ == "PERSON"
            or (t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ not in _NOT_NAMES)
        ):
            head = t
            if t.ent_type_ == "PERSON":
                # The entity's last token ("Brent Bozell III").
                j = t.i
                while j + 1 < len(ctx.doc) and ctx.doc[j + 1].ent_iob_ == "I":
                    j += 1
                head = ctx.doc[j] if not before else t
            return ctx.resolver.resolve(head)
        if t.pos_ == "NOUN" and not before:
            return ctx.resolver.resolve(t)
        if t.pos_ in ("VERB", "AUX") and before:
            return None
    return None


def intro_after(ctx: QuoteContext, after: list[Token]) -> tuple[Speaker, Token] | None:
    """A verb right after the quote with a named or pronoun subject: ``"Go back," Trump
    barked``, ``"This is fantastic!" beamed Donald Hartley``."""
    for tok in after[:5]:
        if tok.pos_ != "VERB" or ctx.has_outside_clause(tok):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or ctx.inside_quote(subj.idx):
            return None
        if subj.pos_ == "PROPN" or subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she"):
            sp = ctx.resolver.resolve(subj)
            return (sp, tok) if sp is not None else None
        return None
    return None


def intro_before(ctx: QuoteContext, before: list[Token]) -> tuple[Speaker, Token] | None:
    """A verb or a bare name that introduces the quote: ``Hillary shot back, "...``,
    ``Trump leaned in and boomed: "...``, ``Trump: 'I'm the worst ...'``."""
    toks = [t for t in before if not t.is_space]
    if not toks:
        return None
    tail = toks[-4:]
    if tail[-1].text not in (":", ",", "—", "–", "-") and tail[-1].pos_ != "VERB":
        return None
    for tok in reversed(tail):
        if tok.pos_ == "VERB":
            subj = subject_of(tok, ctx.inside_quote)
            if subj is not None and not ctx.inside_quote(subj.idx):
                sp = ctx.resolver.resolve(subj)
                if sp is not None and sp.kind in ("person", "pronoun", "role", "organisation"):
                    return sp, tok
            return None
    if toks[-1].text == ":":
        return _colon_name(ctx, toks)
    return None


def _colon_name(ctx: QuoteContext, toks: list[Token]) -> tuple[Speaker, Token] | None:
    """``Name: 'quote'`` in headlines, transcripts and "pollster Daron Shaw: '...'": the
    person named just before the colon (after any dash), or the one before "on" in
    ``X on Y: '...'``."""
    seg = toks[:-1]
    for i in range(len(seg) - 1, -1, -1):
        if seg[i].text in ("-", "—", "–", "|", "~"):
            seg = seg[i + 1 :]
            break
    seg = seg[-12:]
    if any(is_cue(t) for t in seg):
        return None  # "X told Y:" is the cue's business, not a bare name's
    on = next((i for i, t in enumerate(seg) if t.lower_ == "on" and i > 0), None)
    if on is None:
        seg = seg[-8:]
    if on is not None:
        seg = seg[:on]
    colon = toks[-1]
    names = [t for t in seg if t.ent_type_ == "PERSON"]
    if not names:
        names = [
            t
            for t in seg
            if t.pos_ in ("PROPN", "NOUN")
            and t.text[:1].isupper()
            and t.ent_type_ not in _NOT_NAMES
            and ctx.resolver.person_for_name(t.text, t.idx, create=False) is not None
        ]
    if (
        not names
        and seg
        and seg[-1].text[:1].isupper()
        and seg[-1].pos_ in ("PROPN", "NOUN")
        and seg[-1].ent_type_ not in _NOT_NAMES
    ):
        names = [seg[-1]]
    if not names:
        return None
    tok = names[-1] if on is None else names[0]
    sp = ctx.resolver.resolve(tok)
    if sp is None or sp.kind not in ("person", "organisation", "channel", "group"):
        return None
    return sp, colon


def regex_attribution(
    ctx: QuoteContext, raw_first: RawQuote, raw_last: RawQuote
) -> tuple[Speaker, str] | None:
    """When the parse is broken (``Ryan said,“Look``): plain patterns on the raw text."""
    text = ctx.text
    p_start = ctx.paragraphs[raw_first.paragraph][0]
    before = text[max(p_start, raw_first.open_pos - 160) : raw_first.open_pos]
    m = _BEFORE_RE.search(before) or _BEFORE_INV_RE.search(before)
    if m:
        base = raw_first.open_pos - len(before)
        return _regex_speaker(ctx, m.group("name"), base + m.start("name")), m.group("cue")
    after = text[raw_last.outer_end : raw_last.outer_end + 120]
    m = _AFTER_RE.match(after) or _AFTER_INV_RE.match(after)
    if m:
        return _regex_speaker(ctx, m.group("name"), raw_last.outer_end + m.start("name")), m.group(
            "cue"
        )
    return None


def _regex_speaker(ctx: QuoteContext, name: str, start: int) -> Speaker:
    end = start + len(name)
    low = name.lower()
    if low in ("he", "she"):
        pid = ctx.resolver.resolve_pronoun(low, start)
        nm = ctx.resolver.canonical(pid) if pid is not None else None
        return Speaker(name=nm, start=start, end=end, kind="pronoun", person=pid)
    pid = ctx.resolver.person_for_name(name, start)
    nm = ctx.resolver.canonical(pid) if pid is not None else name
    return Speaker(name=nm, start=start, end=end, kind="person", person=pid)


def governor(ctx: QuoteContext, g: Group) -> tuple[Speaker, Token] | None:
    """The speech verb that governs a partial quote ("called it a 'disgrace'")."""
    s, _ = g.first.parts[0]
    k = ctx.tok_index(s)
    if k >= len(ctx.doc):
        return None
    tok = ctx.doc[k]
    for _ in range(10):
        if tok.head is tok:
            break
        tok = tok.head
        if is_cue(tok) and not ctx.inside_quote(tok.idx):
            sp = ctx.speaker_from(tok)
            if sp is not None:
                return sp, tok
    return None


__all__ = [
    "after_valid",
    "governor",
    "intro_after",
    "intro_before",
    "regex_attribution",
    "window_speaker",
]
