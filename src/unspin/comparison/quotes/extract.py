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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unspin.comparison.quotes.cues import INDIRECT_VERBS, cue_text, is_cue, subject_of
from unspin.comparison.quotes.marks import RawQuote, paragraph_spans, scan_quotes
from unspin.comparison.quotes.names import FEMALE_PRONOUNS, PERSON_PRONOUNS
from unspin.comparison.quotes.speakers import Speaker, SpeakerResolver
from unspin.core.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Token

    from unspin.nlp.parse import Parsed


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one set."""
    return frozenset(text.split())


_SENT_END = frozenset({".", "!", "?", "…"})
_STOP = _words(
    """
    a an the of and or in on at to for by with from as is are was be it its this that
    """
)
_WORD_RE = re.compile(r"\w", re.UNICODE)
_CUES_RE = (
    r"(?P<cue>said|says|say|told|tells|added|adds|asked|asks|wrote|writes|declared|stated|"
    r"explained|insisted|argued|warned|continued|replied|responded|noted|recalled)"
)
_NAME_RE = r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}|he|she|He|She)"
_BEFORE_RE = re.compile(_NAME_RE + r"\s+" + _CUES_RE + r"\b[^.!?\"“”«»]{0,40}[,:]?\s*$")
_AFTER_RE = re.compile(r"\s*[,—–-]?\s*" + _NAME_RE + r"\s+" + _CUES_RE + r"\b")
_AFTER_INV_RE = re.compile(r"\s*[,—–-]?\s*" + _CUES_RE + r"\s+" + _NAME_RE)
_MAX_WINDOW = 45
_NOT_NAMES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "GPE", "LOC"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteDetail:
    """A Quote plus what the flat model has no field for (yet).

    ``parts``: content spans (a split or multi-paragraph quote has several);
    ``partial``: quoted words embedded in narration; ``closed``: False when the quote's marks
    were never closed; ``speaker_kind``: person, pronoun, role, channel, organisation, group;
    ``attribution``: where the speaker was found (split, after, before, governor, previous,
    continued, indirect).
    """

    quote: Quote
    parts: tuple[tuple[int, int], ...]
    partial: bool = False
    closed: bool = True
    speaker_kind: str | None = None
    attribution: str | None = None


@dataclass(slots=True)
class _Group:
    raws: list[RawQuote]
    partial: bool
    speaker: Speaker | None = None
    cue: str | None = None
    attribution: str | None = None
    extra_gaps: list[tuple[int, int]] = field(default_factory=list)

    @property
    def first(self) -> RawQuote:
        return self.raws[0]

    @property
    def last(self) -> RawQuote:
        return self.raws[-1]


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
    return _Extractor(text, parsed).run()


class _Extractor:
    def __init__(self, text: str, parsed: Parsed) -> None:
        self.text = text
        self.parsed = parsed
        self.doc = parsed.doc
        self.tok_starts = [t.idx for t in self.doc]
        self.paragraphs = paragraph_spans(text)
        self.para_starts = [s for s, _ in self.paragraphs]
        self.sent_starts = [s.start for s in parsed.sentences]
        raws = [r for r in scan_quotes(text) if any(_WORD_RE.search(text[s:e]) for s, e in r.parts)]
        self.raws = raws
        parts = sorted(p for r in raws for p in r.parts)
        self.q_starts = [s for s, _ in parts]
        self.q_ends = [e for _, e in parts]
        self.open_positions = [r.open_pos for r in raws]
        self.resolver = SpeakerResolver(parsed, self.inside_quote)
        # Titles in marks ("appeared on “Meet the Press.”") are names, not speech.
        self.raws = [r for r in raws if not self._is_title(r)]
        self.open_positions = [r.open_pos for r in self.raws]

    # -- helpers ---------------------------------------------------------------------------
    def inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.q_starts, pos) - 1
        return k >= 0 and pos < self.q_ends[k]

    def tok_index(self, pos: int) -> int:
        """Index of the token containing ``pos``, or of the first token after it."""
        k = bisect.bisect_right(self.tok_starts, pos) - 1
        if k < 0:
            return 0
        tok = self.doc[k]
        if pos < tok.idx + len(tok):
            return k
        return k + 1

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def _next_open_after(self, pos: int) -> int:
        """The next quote's opening mark after ``pos``, skipping short quoted names in the
        attribution (``"...," delegate X, wearing "Ted Cruz" pins, said``)."""
        k = bisect.bisect_right(self.open_positions, pos)
        while k < len(self.raws):
            r = self.raws[k]
            s, e = r.parts[0]
            if not (r.closed and len(r.parts) == 1 and len(self.text[s:e].split()) <= 3):
                return r.open_pos
            k += 1
        return len(self.text)

    def after_tokens(self, raw: RawQuote) -> list[Token]:
        start = raw.outer_end
        limit = min(
            self._next_open_after(start - 1), self.paragraphs[self.paragraph_of(start - 1)][1]
        )
        out: list[Token] = []
        i = self.tok_index(start)
        while i < len(self.doc) and len(out) < _MAX_WINDOW:
            tok = self.doc[i]
            if tok.idx >= limit:
                break
            if not self.inside_quote(tok.idx):
                out.append(tok)
                if tok.text in _SENT_END:
                    break
            i += 1
        return out

    def before_tokens(self, pos: int, floor: int) -> list[Token]:
        """Tokens of the sentence before ``pos`` (back to a sentence end, ``floor`` or the
        paragraph start), nearest last."""
        lower = max(floor, self.paragraphs[self.paragraph_of(pos)][0])
        out: list[Token] = []
        i = self.tok_index(pos) - 1
        while i >= 0 and len(out) < _MAX_WINDOW + 10:
            tok = self.doc[i]
            if tok.idx < lower or tok.text in _SENT_END:
                break
            if not self.inside_quote(tok.idx) and not tok.is_quote:
                out.append(tok)
            i -= 1
        out.reverse()
        return out

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        out = []
        i = self.tok_index(start)
        while i < len(self.doc) and self.doc[i].idx < end:
            out.append(self.doc[i])
            i += 1
        return out

    def speaker_from(self, cue: Token) -> Speaker | None:
        subj = subject_of(cue, self.inside_quote)
        if subj is None or self.inside_quote(subj.idx):
            return None
        return self.resolver.resolve(subj)

    def _has_outside_clause(self, cue: Token) -> bool:
        """The cue governs a clause of its own outside quotes (indirect speech)."""
        for c in cue.children:
            if c.dep_ == "ccomp":
                outside = sum(
                    1 for t in c.subtree if not self.inside_quote(t.idx) and not t.is_punct
                )
                if outside >= 3:
                    return True
        return False

    # -- the pass ----------------------------------------------------------------------------
    def run(self) -> list[QuoteDetail]:
        groups = self._group()
        previous: _Group | None = None
        merged: list[_Group] = []
        for g in groups:
            self._attribute(g, previous)
            if (
                g.attribution == "continued"
                and merged
                and merged[-1] is previous
                and self._whole_paragraph(g)
            ):
                # A paragraph that is all quote continues the previous speaker's quote.
                previous.raws.extend(g.raws)
                continue
            if not g.partial or g.speaker is not None:
                previous = g
            merged.append(g)
        out = [d for d in (self._detail(g) for g in merged) if d is not None]
        out.extend(self._indirect(merged))
        out.sort(key=lambda d: (d.quote.start, d.quote.end))
        return out

    def _is_title(self, raw: RawQuote) -> bool:
        if raw.open_pos > 0 and self.text[raw.open_pos - 1] == "=":
            return True  # a markup attribute value (<tweet id="...">)
        if len(raw.parts) != 1 or not self._is_partial(raw):
            return False
        s, e = raw.parts[0]
        content = self.text[s:e]
        words = content.split()
        return 0 < len(words) <= 6 and _looks_like_title(words, content)

    def _is_partial(self, raw: RawQuote) -> bool:
        j = raw.open_pos - 1
        text = self.text
        while j >= 0 and text[j] in " \t\u00a0":
            j -= 1
        if j < 0 or not text[j].isalnum():
            return False
        k = self.tok_index(j)
        if k < len(self.doc):
            tok = self.doc[k]
            if is_cue(tok) or tok.lower_ in (
                "saying",
                "says",
                "said",
                "writing",
                "wrote",
                "asking",
            ):
                return False
        return True

    def _group(self) -> list[_Group]:
        groups: list[_Group] = []
        for raw in self.raws:
            partial = self._is_partial(raw)
            if groups and not partial:
                g = groups[-1]
                merged = self._try_merge(g, raw)
                if merged:
                    continue
            groups.append(_Group(raws=[raw], partial=partial))
        return groups

    def _try_merge(self, g: _Group, raw: RawQuote) -> bool:
        """Merge ``raw`` into ``g`` when only an attribution separates them:
        ``"We oppose it," he said, "and always will."``"""
        last = g.last
        if g.partial or not last.closed or last.end_paragraph != raw.paragraph:
            return False
        gap_start, gap_end = last.outer_end, raw.open_pos
        gap = self.text[gap_start:gap_end]
        if not gap.strip() or len(gap) > 160 or "\n" in gap.strip():
            return False

        toks = self._tokens_between(gap_start, gap_end)[:_MAX_WINDOW]
        # '"We won." Voss said: "..."': the first quote ended its sentence; what follows
        # introduces the next one.
        last_content = self.text[last.parts[-1][0] : last.parts[-1][1]].rstrip()
        first_word = re.search(r"\w", gap)
        if (
            last_content[-1:] in ".!?…"
            and first_word
            and gap[first_word.start()].isupper()
            and gap.strip().split()[0].lower() not in ("said", "says", "asked", "added")
        ):
            return False
        # Only the attribution between: nothing after its sentence ends ('he said. X said:').
        ends = [k for k, t in enumerate(toks) if t.text in _SENT_END]
        if ends and any(t.is_alpha for t in toks[ends[0] + 1 :]):
            return False
        cues = [t for t in toks if is_cue(t) and not self.inside_quote(t.idx)]
        if not cues:
            return False
        cue = cues[0]
        if self._has_outside_clause(cue):
            return False
        if len(g.raws) == 1:
            floor = self._prev_outer_end(g.first)
            own = self._window_speaker(
                self.before_tokens(g.first.open_pos, floor), nearest_last=True
            )
            if own is not None:
                return False
        speaker = self.speaker_from(cue)
        # The second part must not carry an attribution of its own.
        after = self.after_tokens(raw)
        if any(is_cue(t) for t in after) and self._after_valid(raw, after):
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

    def _prev_outer_end(self, raw: RawQuote) -> int:
        k = bisect.bisect_left(self.open_positions, raw.open_pos)
        return self.raws[k - 1].outer_end if k > 0 else 0

    def _after_valid(self, raw: RawQuote, after: list[Token]) -> bool:
        """Whether the words after a quote attribute it (rather than start a new sentence)."""
        if not after:
            return False
        if after[-1].text == ":":
            return False  # 'Voss said:' introduces the next quote
        content = self.text[raw.parts[-1][0] : raw.parts[-1][1]].rstrip()
        if content and content[-1] not in ".!?…" and raw.closed:
            return True
        if not raw.closed:
            return False
        first = after[0]
        if first.is_lower or (first.is_punct and first.text in ",—–-"):
            return True
        cues = [t for t in after if is_cue(t)]
        return bool(cues) and len(after) <= 12 and not self._has_outside_clause(cues[0])

    def _window_speaker(
        self, toks: list[Token], nearest_last: bool
    ) -> tuple[Speaker, Token] | None:
        cues = [t for t in toks if is_cue(t)]
        if nearest_last:
            cues.reverse()
        channel: tuple[Speaker, Token] | None = None
        for cue in cues[:3]:
            sp = self.speaker_from(cue) or self._surface_subject(toks, cue, nearest_last)
            if sp is None:
                continue
            if sp.kind == "channel":
                channel = channel or (sp, cue)
                continue
            return sp, cue
        return channel

    def _surface_subject(self, toks: list[Token], cue: Token, before: bool) -> Speaker | None:
        """When the parse gives the cue no subject: the name next to it on the surface
        (``"...," Brent Bozell III, founder of X, tells Y``; ``said Bolton``)."""
        k = next((i for i, t in enumerate(toks) if t.i == cue.i), -1)
        if k < 0:
            return None
        if before:
            window = list(reversed(toks[max(0, k - 12) : k]))
        else:
            window = (
                toks[:k] if k > 0 and any(not t.is_punct for t in toks[:k]) else toks[k + 1 : k + 8]
            )
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
                    while j + 1 < len(self.doc) and self.doc[j + 1].ent_iob_ == "I":
                        j += 1
                    head = self.doc[j] if not before else t
                return self.resolver.resolve(head)
            if t.pos_ == "NOUN" and not before:
                return self.resolver.resolve(t)
            if t.pos_ in ("VERB", "AUX") and before:
                return None
        return None

    def _intro_after(self, after: list[Token]) -> tuple[Speaker, Token] | None:
        """A verb right after the quote with a named or pronoun subject: ``"Go back," Trump
        barked``, ``"This is fantastic!" beamed Donald Hartley``."""
        for tok in after[:5]:
            if tok.pos_ != "VERB" or self._has_outside_clause(tok):
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or self.inside_quote(subj.idx):
                return None
            if subj.pos_ == "PROPN" or subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she"):
                sp = self.resolver.resolve(subj)
                return (sp, tok) if sp is not None else None
            return None
        return None

    def _intro_before(self, before: list[Token]) -> tuple[Speaker, Token] | None:
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
                subj = subject_of(tok, self.inside_quote)
                if subj is not None and not self.inside_quote(subj.idx):
                    sp = self.resolver.resolve(subj)
                    if sp is not None and sp.kind in ("person", "pronoun", "role", "organisation"):
                        return sp, tok
                return None
        if toks[-1].text == ":":
            return self._colon_name(toks)
        return None

    def _colon_name(self, toks: list[Token]) -> tuple[Speaker, Token] | None:
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
                and self.resolver.person_for_name(t.text, t.idx, create=False) is not None
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
        sp = self.resolver.resolve(tok)
        if sp is None or sp.kind not in ("person", "organisation", "channel", "group"):
            return None
        return sp, colon

    def _regex_attribution(
        self, raw_first: RawQuote, raw_last: RawQuote
    ) -> tuple[Speaker, str] | None:
        """When the parse is broken (``Ryan said,“Look``): plain patterns on the raw text."""
        text = self.text
        p_start = self.paragraphs[raw_first.paragraph][0]
        before = text[max(p_start, raw_first.open_pos - 160) : raw_first.open_pos]
        m = _BEFORE_RE.search(before)
        if m:
            base = raw_first.open_pos - len(before)
            return self._regex_speaker(m.group("name"), base + m.start("name")), m.group("cue")
        after = text[raw_last.outer_end : raw_last.outer_end + 120]
        m = _AFTER_RE.match(after) or _AFTER_INV_RE.match(after)
        if m:
            return self._regex_speaker(
                m.group("name"), raw_last.outer_end + m.start("name")
            ), m.group("cue")
        return None

    def _regex_speaker(self, name: str, start: int) -> Speaker:
        end = start + len(name)
        low = name.lower()
        if low in ("he", "she"):
            pid = self.resolver.resolve_pronoun(low, start)
            nm = self.resolver.canonical(pid) if pid is not None else None
            return Speaker(name=nm, start=start, end=end, kind="pronoun", person=pid)
        pid = self.resolver.person_for_name(name, start)
        nm = self.resolver.canonical(pid) if pid is not None else name
        return Speaker(name=nm, start=start, end=end, kind="person", person=pid)

    def _attribute(self, g: _Group, previous: _Group | None) -> None:
        if g.attribution == "split" and g.speaker is not None:
            return
        first, last = g.first, g.last
        found: tuple[Speaker, Token] | None = None
        how = None
        if g.partial:
            found = self._governor(g)
            how = "governor"
        if found is None:
            after = self.after_tokens(last)
            if self._after_valid(last, after):
                found = self._window_speaker(after, nearest_last=False)
                how = "after"
            if found is None and not g.partial and last.closed:
                found = self._intro_after(after)
                how = "after"
        if found is None or found[0].kind == "channel":
            floor = previous.last.outer_end if previous is not None else 0
            before = self.before_tokens(first.open_pos, floor)
            alt = self._window_speaker(before, nearest_last=True)
            if alt is None and not g.partial:
                alt = self._intro_before(before)
            if alt is not None and (found is None or alt[0].kind != "channel"):
                found, how = alt, "before"
        if found is None and not g.partial:
            rx = self._regex_attribution(first, last)
            if rx is not None:
                g.speaker, g.cue, g.attribution = rx[0], rx[1], "pattern"
                return
        if (
            found is not None
            and found[0].kind == "pronoun"
            and found[0].name is None
            and self._text_at(found[0]).lower() in PERSON_PRONOUNS
            and self._follows(previous, first)
            and self._gender_fits(self._text_at(found[0]).lower(), previous)
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
        prev_sent = self._previous_sentence(first.open_pos)
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
        toks = [t for t in self._tokens_between(s_start, s_end) if not self.inside_quote(t.idx)]
        hit = self._window_speaker(toks, nearest_last=True)
        if hit is not None:
            g.speaker, g.cue, g.attribution = hit[0], cue_text(hit[1]), "previous"
            return
        # A paragraph that is all quote, right after the previous speaker's paragraph.
        if (
            previous is not None
            and previous.speaker is not None
            and not previous.partial
            and self.paragraph_of(first.open_pos) - previous.last.end_paragraph <= 1
            and self._starts_paragraph(first)
            and not self._names_someone_else(
                previous.last.outer_end, first.open_pos, previous.speaker
            )
        ):
            g.speaker, g.cue, g.attribution = previous.speaker, previous.cue, "continued"
            return
        roots = [t for t in toks if t.dep_ == "ROOT"]
        if roots:
            subj = next((c for c in roots[-1].children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and (subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")):
                sp = self.resolver.resolve(subj)
                if sp is not None and sp.name:
                    g.speaker, g.cue, g.attribution = sp, None, "previous"
            elif subj is not None and subj.pos_ == "NOUN":
                # "The harbour master, Lina Ortez, disagreed. '...'": a role naming a person.
                sp = self.resolver.resolve(subj)
                if sp is not None and sp.name and sp.person is not None:
                    g.speaker, g.cue, g.attribution = sp, None, "previous"

    def _text_at(self, sp: Speaker) -> str:
        return self.text[sp.start : sp.end]

    def _follows(self, previous: _Group | None, first: RawQuote) -> bool:
        """``previous`` is a quote with a known speaker in the same or the paragraph before."""
        return (
            previous is not None
            and previous.speaker is not None
            and previous.speaker.name is not None
            and not previous.partial
            and self.paragraph_of(first.open_pos) - previous.last.end_paragraph <= 1
        )

    def _gender_fits(self, pronoun: str, g: _Group | None) -> bool:
        person = g.speaker.person if g is not None and g.speaker is not None else None
        if person is None:
            return True
        gender = self.resolver.people[person].gender
        return gender is None or (gender == "f") == (pronoun in FEMALE_PRONOUNS)

    def _whole_paragraph(self, g: _Group) -> bool:
        """The group's quote is the whole of its paragraph(s)."""
        p_start = self.paragraphs[g.first.paragraph][0]
        p_end = self.paragraphs[g.last.end_paragraph][1]
        return (
            not self.text[p_start : g.first.open_pos].strip()
            and not self.text[g.last.outer_end : p_end].strip()
        )

    def _starts_paragraph(self, raw: RawQuote) -> bool:
        p_start = self.paragraphs[raw.paragraph][0]
        return not self.text[p_start : raw.open_pos].strip()

    def _names_someone_else(self, start: int, end: int, speaker: Speaker) -> bool:
        """A person other than ``speaker`` is named (outside quotes) in ``text[start:end]``."""
        starts = self.resolver._mention_starts
        mentions = self.resolver.mentions
        k = bisect.bisect_left(starts, start)
        while k < len(mentions) and mentions[k].start < end:
            m = mentions[k]
            if m.person != speaker.person and not (speaker.start <= m.start < speaker.end):
                return True
            k += 1
        return False

    def _previous_sentence(self, pos: int) -> tuple[int, int] | None:
        """The sentence that ends before ``pos`` (skipping whitespace), when the quote opens
        a sentence; None when the quote is preceded by words of its own sentence."""
        j = pos - 1
        text = self.text
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < 0:
            return None
        if text[j] not in '.!?…:"”’»)' and pos - j < 2:
            return None
        sents = self.parsed.sentences
        k = bisect.bisect_right(self.sent_starts, j) - 1
        if k < 0:
            return None
        sent = sents[k]
        # Only within this paragraph or the one before.
        if self.paragraph_of(pos) - self.paragraph_of(sent.start) > 1:
            return None
        if sent.end > pos:
            # spaCy ran the sentence through the quote; take the text up to the quote.
            return (sent.start, pos) if text[sent.start : pos].strip() else None
        return sent.start, sent.end

    def _governor(self, g: _Group) -> tuple[Speaker, Token] | None:
        """The speech verb that governs a partial quote ("called it a 'disgrace'")."""
        s, _ = g.first.parts[0]
        k = self.tok_index(s)
        if k >= len(self.doc):
            return None
        tok = self.doc[k]
        for _ in range(10):
            if tok.head is tok:
                break
            tok = tok.head
            if is_cue(tok) and not self.inside_quote(tok.idx):
                sp = self.speaker_from(tok)
                if sp is not None:
                    return sp, tok
        return None

    def _detail(self, g: _Group) -> QuoteDetail | None:
        parts = [p for r in g.raws for p in r.parts]
        text = self.text
        words = [w for s, e in parts for w in text[s:e].split()]
        if not words:
            return None
        content = " ".join(text[s:e] for s, e in parts)
        if g.speaker is None and _looks_like_title(words, content):
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

    # -- indirect speech -------------------------------------------------------------------
    def _indirect(self, groups: list[_Group]) -> list[QuoteDetail]:
        out: list[QuoteDetail] = []
        taken_end = -1
        doc = self.doc
        standalone = sorted((g.first.open_pos, g.last.outer_end) for g in groups if not g.partial)
        for tok in doc:
            if tok.idx < taken_end or self.inside_quote(tok.idx):
                continue
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and is_cue(tok):
                span = self._according_content(tok)
            elif lemma in INDIRECT_VERBS and tok.pos_ in ("VERB", "AUX"):
                span = self._clause_of(tok)
            else:
                continue
            if span is None:
                continue
            s, e = span
            if e - s < 8:
                continue
            quoted = self._quoted_chars(s, e)
            if quoted > 0.5 * (e - s) or self._overlaps_standalone(s, e, standalone):
                continue  # the clause is (or holds) a direct quote, already found
            sp = self.speaker_from(tok)
            if sp is None:
                continue
            taken_end = e
            out.append(
                QuoteDetail(
                    quote=Quote(
                        text=self.text[s:e],
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

    @staticmethod
    def _overlaps_standalone(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
        k = bisect.bisect_left(spans, (s, -1))
        return any(0 <= j < len(spans) and spans[j][0] < e and s < spans[j][1] for j in (k - 1, k))

    def _quoted_chars(self, s: int, e: int) -> int:
        k = max(0, bisect.bisect_right(self.q_starts, s) - 1)
        total = 0
        while k < len(self.q_starts) and self.q_starts[k] < e:
            total += max(0, min(e, self.q_ends[k]) - max(s, self.q_starts[k]))
            k += 1
        return total

    def _clause_of(self, verb: Token) -> tuple[int, int] | None:
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return self._rest_of_sentence(verb)
        left, right = clause.left_edge.i, clause.right_edge.i
        doc = self.doc
        while left <= right and (
            doc[left].dep_ == "mark" or doc[left].is_punct or doc[left].is_space
        ):
            left += 1
        while right >= left and (doc[right].is_punct or doc[right].is_space):
            right -= 1
        if right - left < 2:
            return None
        # Keep the clause on one side of the verb ("X said Y" or "Y, X said").
        if left < verb.i < right:
            return None
        return doc[left].idx, doc[right].idx + len(doc[right])

    def _rest_of_sentence(self, verb: Token) -> tuple[int, int] | None:
        """``He said legalizing it could put thousands to work.`` when the parse gives the
        verb no clause: the rest of the sentence after "said (that)", if it has a verb."""
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return None
        if any(c.dep_ in ("dobj", "xcomp") for c in verb.children):
            return None
        doc = self.doc
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

    def _according_content(self, tok: Token) -> tuple[int, int] | None:
        head = tok.head
        if head is tok or is_cue(head):
            return None  # "X said, according to state TV": the channel of another cue
        doc = self.doc
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


def _looks_like_title(words: list[str], content: str) -> bool:
    """A short, title-cased phrase in marks is a title or name, not speech ("Meet the Press")."""
    if len(words) > 6:
        return False
    if content.rstrip()[-1:] in "!?":
        return False
    return all(w[:1].isupper() or w.lower().strip(".,") in _STOP for w in words)


__all__ = ["QuoteDetail", "extract_quote_details", "extract_quotes"]
