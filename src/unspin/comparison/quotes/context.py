"""One article's text, parse and quote marks, indexed for the lookups every attribution
rule makes.

``QuoteContext`` is built once per article: the quote marks (titles in marks dropped), the
token, sentence and paragraph starts to bisect, and the article's ``SpeakerResolver``. It
gives the bounded token windows around a quote that the attribution frames read, so the
time stays linear in the length of the article. ``Group`` is a quote being assembled: its
marks and, once found, its speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unspin.comparison.quotes.cues import is_cue, subject_of
from unspin.comparison.quotes.marks import RawQuote, paragraph_spans, scan_quotes
from unspin.comparison.quotes.speakers import Speaker, SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Token

    from unspin.nlp.parse import Parsed


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one set."""
    return frozenset(text.split())


SENT_END = frozenset({".", "!", "?", "…"})
_STOP = _words(
    """
    a an the of and or in on at to for by with from as is are was be it its this that
    """
)
_WORD_RE = re.compile(r"\w", re.UNICODE)
MAX_WINDOW = 45


@dataclass(slots=True)
class Group:
    """A quote being assembled: its marks (several when split by its attribution or over
    paragraphs) and, once found, its speaker, cue and how it was found."""

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


class QuoteContext:
    """The article's quote marks, parse and speaker registry, with the lookups over them."""

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
        while i < len(self.doc) and len(out) < MAX_WINDOW:
            tok = self.doc[i]
            if tok.idx >= limit:
                break
            if not self.inside_quote(tok.idx):
                out.append(tok)
                if tok.text in SENT_END:
                    break
            i += 1
        return out

    def before_tokens(self, pos: int, floor: int) -> list[Token]:
        """Tokens of the sentence before ``pos`` (back to a sentence end, ``floor`` or the
        paragraph start), nearest last."""
        lower = max(floor, self.paragraphs[self.paragraph_of(pos)][0])
        out: list[Token] = []
        i = self.tok_index(pos) - 1
        while i >= 0 and len(out) < MAX_WINDOW + 10:
            tok = self.doc[i]
            if tok.idx < lower or tok.text in SENT_END:
                break
            if not self.inside_quote(tok.idx) and not tok.is_quote:
                out.append(tok)
            i -= 1
        out.reverse()
        return out

    def tokens_between(self, start: int, end: int) -> list[Token]:
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
        lo, hi = sorted((subj.idx, cue.idx))
        if "\n" in self.text[lo:hi]:
            # The parser ran a heading or caption line into the next paragraph ("PHOTOS: More
            # stars ... / Holt, who ..., then says:"): a verb's subject is on its own line.
            # The name that opens the verb's own line is the subject the parser missed.
            line = self.text.rfind("\n", 0, cue.idx) + 1
            k = self.tok_index(line)
            while k < cue.i and self.doc[k].is_space:
                k += 1
            first = self.doc[k]
            if k < cue.i and (first.ent_type_ == "PERSON" or first.pos_ == "PROPN"):
                return self.resolver.resolve(first)
            return None
        return self.resolver.resolve(subj)

    def has_outside_clause(self, cue: Token) -> bool:
        """The cue governs a clause of its own outside quotes (indirect speech)."""
        for c in cue.children:
            if c.dep_ == "ccomp":
                outside = sum(
                    1 for t in c.subtree if not self.inside_quote(t.idx) and not t.is_punct
                )
                if outside >= 3:
                    return True
        return False

    def _is_title(self, raw: RawQuote) -> bool:
        if raw.open_pos > 0 and self.text[raw.open_pos - 1] == "=":
            return True  # a markup attribute value (<tweet id="...">)
        if len(raw.parts) != 1 or not self.is_partial(raw):
            return False
        s, e = raw.parts[0]
        content = self.text[s:e]
        words = content.split()
        return 0 < len(words) <= 6 and looks_like_title(words, content)

    def is_partial(self, raw: RawQuote) -> bool:
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

    def prev_outer_end(self, raw: RawQuote) -> int:
        k = bisect.bisect_left(self.open_positions, raw.open_pos)
        return self.raws[k - 1].outer_end if k > 0 else 0

    def text_at(self, sp: Speaker) -> str:
        return self.text[sp.start : sp.end]

    def whole_paragraph(self, g: Group) -> bool:
        """The group's quote is the whole of its paragraph(s)."""
        p_start = self.paragraphs[g.first.paragraph][0]
        p_end = self.paragraphs[g.last.end_paragraph][1]
        return (
            not self.text[p_start : g.first.open_pos].strip()
            and not self.text[g.last.outer_end : p_end].strip()
        )

    def starts_paragraph(self, raw: RawQuote) -> bool:
        p_start = self.paragraphs[raw.paragraph][0]
        return not self.text[p_start : raw.open_pos].strip()


def looks_like_title(words: list[str], content: str) -> bool:
    """A short, title-cased phrase in marks is a title or name, not speech ("Meet the Press")."""
    if len(words) > 6:
        return False
    if content.rstrip()[-1:] in "!?":
        return False
    return all(w[:1].isupper() or w.lower().strip(".,") in _STOP for w in words)


__all__ = ["MAX_WINDOW", "SENT_END", "Group", "QuoteContext", "looks_like_title"]
