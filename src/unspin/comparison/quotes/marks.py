"""Find quoted passages by their quotation marks, in one linear pass over the text.

Handles straight (``"`` ``'``), curly (“ ” ‘ ’), low-9 („ ‚), guillemet (« » ‹ ›) and CJK
(「 」 『 』) marks; quotes nested one inside another; a quote that runs over several
paragraphs (news convention: a paragraph that opens a quote without closing it, followed by
a paragraph that opens with a quote mark, continues the quote); and unbalanced marks (a
double quote left open is closed at the end of its paragraph, or of the text, and flagged).

Apostrophes are told from single quotation marks by context: a single mark only opens a quote
at the start of a word and only counts if it is closed in the same paragraph (or continued).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Families: a quote opened with one family's mark is closed with the same family's mark.
_DOUBLE = "double"
_SINGLE = "single"
_GUILLEMET = "guillemet"
_ANGLE = "angle"
_CJK = "cjk"
_CJK2 = "cjk2"

_FAMILY = {
    '"': _DOUBLE,
    "“": _DOUBLE,
    "”": _DOUBLE,
    "„": _DOUBLE,
    "‟": _DOUBLE,
    "＂": _DOUBLE,
    "'": _SINGLE,
    "‘": _SINGLE,
    "’": _SINGLE,
    "‚": _SINGLE,
    "‛": _SINGLE,
    "«": _GUILLEMET,
    "»": _GUILLEMET,
    "‹": _ANGLE,
    "›": _ANGLE,
    "「": _CJK,
    "」": _CJK,
    "『": _CJK2,
    "』": _CJK2,
}
QUOTE_CHARS = "".join(_FAMILY)
_MARK_RE = re.compile("[" + re.escape(QUOTE_CHARS) + "]")
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_RE = re.compile(r"\n\s*")

# Characters after which a mark may open a quote / before which a mark may close one.
_OPEN_BEFORE = set("([{<—–-/:;,")
_CLOSE_AFTER = set(".,;:!?)]}>—–-…/")
_SENTENCE_END = set(".!?…")

LEFT_OPEN_MIN_WORDS = 3  # an unclosed single mark before fewer words is an apostrophe
# Words that begin with an apostrophe typed as an opening mark.
_ELISION = re.compile(r"(?:\d|(?:em|til|tis|twas|n|cause|bout|round|cos|coz|nuff)\b)", re.I)
RUN_ON_PARAGRAPHS = 4  # unmarked paragraphs a quote may run on through to its closing mark
OPENING_MARKS = set("\"“„‟＂‘‚‛'«‹「『")


@dataclass(slots=True)
class RawQuote:
    """A quoted passage found by its marks.

    ``parts`` are content spans (marks excluded, whitespace trimmed), one per paragraph the
    quote runs over. ``open_pos`` is the index of the opening mark; ``close_pos`` that of the
    closing mark, or None when the quote was left open (``closed`` False).
    """

    parts: list[tuple[int, int]]
    open_pos: int
    close_pos: int | None
    family: str
    paragraph: int
    end_paragraph: int

    @property
    def closed(self) -> bool:
        return self.close_pos is not None

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def outer_end(self) -> int:
        """Index just past the closing mark (or the content end when left open)."""
        return self.close_pos + 1 if self.close_pos is not None else self.end


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end) spans: split at blank lines, or at single newlines when the
    text has no blank line and its lines look like paragraphs rather than hard wrapping."""
    breaks = list(_PARA_RE.finditer(text))
    if not breaks and "\n" in text:
        lines = text.split("\n")
        wrapped = sum(1 for ln in lines if ln.rstrip() and ln.rstrip()[-1] not in '.!?"”’»:')
        if wrapped <= len(lines) // 2:
            breaks = list(_LINE_RE.finditer(text))
    spans = []
    cursor = 0
    for brk in breaks:
        spans.append((cursor, brk.start()))
        cursor = brk.end()
    spans.append((cursor, len(text)))
    return [(s, e) for s, e in spans if e > s] or [(0, len(text))]


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _left_flanking(prev: str, nxt: str) -> bool:
    """May open: followed by a non-space, preceded by space, start or opening punctuation."""
    if _is_space(nxt):
        return False
    return _is_space(prev) or prev in _OPEN_BEFORE or prev in _FAMILY


def _right_flanking(prev: str, nxt: str) -> bool:
    """May close: preceded by a non-space, followed by space, end or closing punctuation."""
    if _is_space(prev):
        return False
    return _is_space(nxt) or nxt in _CLOSE_AFTER or nxt in _FAMILY


def opened_by_mark(text: str, start: int) -> bool:
    """Do the words at ``start`` follow an opening quotation mark (at ``start`` or just
    before it)? Such words are presented as a quote even when the mark is never closed: a
    copy that dropped the quote's last sentence, or a single mark left open, still quotes."""
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    if i < len(text) and text[i] in OPENING_MARKS:
        return _left_flanking(text[i - 1] if i else "", text[i + 1 : i + 2])
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j >= 0 and text[j] in OPENING_MARKS and j >= start - 2:
        return _left_flanking(text[j - 1] if j else "", text[j + 1 : j + 2])
    return False


@dataclass(slots=True)
class _Open:
    family: str
    char: str
    pos: int
    parts: list[tuple[int, int]]
    cursor: int  # where the current part's content starts
    paragraph: int
    # Quotes closed inside a single-mark "quote" that may yet turn out to be an apostrophe.
    children: list[RawQuote] = field(default_factory=list)
    # Marks after an s read as plural possessives ("operatives' across"): the close, if
    # the single-mark quote is otherwise never closed.
    possessives: list[int] = field(default_factory=list)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one set."""
    return frozenset(text.split())


_ATTRIBUTION_WORDS = _words(
    """
    he she they it we i you said says say added told asked according wrote writes noted
    continued replied explained insisted argued warned declared stressed
    """
)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = paragraph_spans(text)
        self.found: list[RawQuote] = []
        self.stack: list[_Open] = []
        self.pi = 0
        self.straight_marks: list[int] = []

    # -- the pass ---------------------------------------------------------------------------
    def run(self) -> list[RawQuote]:
        text = self.text
        n = len(text)
        marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text)]
        # Where the next straight double marks are, for the nesting check (linear overall).
        self.straight_marks = [pos for pos, ch in marks if ch == '"']
        mi = 0
        for pi, (p_start, p_end) in enumerate(self.paragraphs):
            self.pi = pi
            if self.stack:
                top = self.stack[0]
                first = p_start
                while first < p_end and text[first].isspace():
                    first += 1
                if (
                    first < p_end
                    and _FAMILY.get(text[first]) == top.family
                    and text[first] in OPENING_MARKS
                ):
                    # News convention: the quote continues; skip the continuation mark.
                    top.cursor = first + 1
                    while mi < len(marks) and marks[mi][0] <= first:
                        mi += 1
                elif self._runs_on(marks, mi, pi, top.family):
                    # No continuation mark, but the paragraph's first mark can only close:
                    # the quote ran on into it (a quote's paragraphs split, or a lost mark).
                    top.cursor = first
                else:
                    # Left open: it ends where its last paragraph ended.
                    if top.family == _SINGLE:
                        self._unclosed_single(top)
                    else:
                        self._finish(top, None, top.cursor, pi - 1)
                    self.stack.clear()
            while mi < len(marks) and marks[mi][0] < p_end:
                pos, ch = marks[mi]
                mi += 1
                prev = text[pos - 1] if pos > 0 else ""
                nxt = text[pos + 1] if pos + 1 < n else ""
                if ch == "'" and nxt == "'" and any(o.family == _DOUBLE for o in self.stack):
                    # Two apostrophes closing a double quote, as old wire copy typed it
                    # ('"These claims are false,'' said Steinberg'): one closing mark.
                    mi += 1
                    ch, nxt = '"', text[pos + 2] if pos + 2 < n else ""
                self._handle(pos, ch, prev, nxt)
            # Paragraph end: nested quotes never carry over; an open top-level quote may.
            if self.stack:
                top = self.stack[0]
                del self.stack[1:]
                if top.family == _SINGLE and not self._next_para_opens(pi, _SINGLE):
                    self._unclosed_single(top, p_end)
                    self.stack.clear()
                    continue
                s, e = _trim(text, top.cursor, p_end)
                if e > s:
                    top.parts.append((s, e))
                top.cursor = p_end
        if self.stack:
            if self.stack[0].family == _SINGLE:
                self._unclosed_single(self.stack[0])
            else:
                self._finish(self.stack[0], None, self.stack[0].cursor, len(self.paragraphs) - 1)
        self.found.sort(key=lambda q: q.open_pos)
        return self.found

    def _unclosed_single(self, op: _Open, end: int | None = None) -> None:
        """A single mark never closed. When a mark after an s was taken for a plural
        possessive (\u2018we\u2019ve seen nothing to move operatives\u2019 across), that
        was the close. A quote carried over paragraphs by their opening marks (the British
        convention), or one that opens words to the end of its paragraph, lost its closing
        mark: it ends with the paragraph (``end``). Otherwise the opening mark was an
        apostrophe, and what it held is top-level."""
        if end is not None and op.parts:
            self._finish(op, None, end, self.pi)
        elif op.possessives and not op.parts:
            close = op.possessives[0]
            self._finish(op, close, close, op.paragraph)
            self.found.extend(q for q in op.children if q.open_pos > close)
        elif end is not None and self._left_open(op, end):
            self._finish(op, None, end, self.pi)
        else:
            self.found.extend(op.children)

    def _left_open(self, op: _Open, end: int) -> bool:
        """A single mark that opens words to the paragraph's end, never closed: a quote whose
        closing mark was lost ('he bought Twitter \u2018to attempt to benefit humanity'), not
        an elision (\u2018em, \u2018til, \u201890s) nor the paragraph's whole text."""
        words = self.text[op.pos + 1 : end].split()
        return (
            op.pos > self.paragraphs[self.pi][0]
            and len(words) >= LEFT_OPEN_MIN_WORDS
            and not _ELISION.match(self.text, op.pos + 1)
            and not op.children
        )

    def _runs_on(self, marks: list[tuple[int, str]], mi: int, pi: int, family: str) -> bool:
        """Does the open quote run on into paragraph ``pi`` without a continuation mark? Its
        next mark of ``family`` (apostrophes aside), in this paragraph or, when this one has
        none, in the next few (a page that sets each sentence of a statement on its own line
        and marks only its first and last), can only close it."""
        if family == _SINGLE:
            return False
        reach = self.paragraphs[min(pi + RUN_ON_PARAGRAPHS, len(self.paragraphs) - 1)][1]
        while mi < len(marks) and marks[mi][0] < reach and _FAMILY[marks[mi][1]] != family:
            mi += 1
        if mi >= len(marks) or marks[mi][0] >= reach:
            return False
        pos, ch = marks[mi]
        return self._only_closes(pos) and ch != "“"

    def _next_para_opens(self, pi: int, family: str) -> bool:
        if pi + 1 >= len(self.paragraphs):
            return False
        s, e = self.paragraphs[pi + 1]
        ch = self.text[s] if s < e else ""
        return _FAMILY.get(ch) == family and ch in OPENING_MARKS

    def _finish(
        self,
        op: _Open,
        close_pos: int | None,
        end: int,
        paragraph: int,
        into: list[RawQuote] | None = None,
    ) -> None:
        s, e = _trim(self.text, op.cursor, end)
        parts = [*op.parts, (s, e)] if e > s else list(op.parts)
        if parts:
            (self.found if into is None else into).append(
                RawQuote(
                    parts=parts,
                    open_pos=op.pos,
                    close_pos=close_pos,
                    family=op.family,
                    paragraph=op.paragraph,
                    end_paragraph=max(paragraph, op.paragraph),
                )
            )

    def _push(self, family: str, ch: str, pos: int) -> None:
        self.stack.append(
            _Open(family=family, char=ch, pos=pos, parts=[], cursor=pos + 1, paragraph=self.pi)
        )

    def _close(self, idx: int, pos: int, *, closed: bool = True) -> None:
        op = self.stack[idx]
        del self.stack[idx:]
        if idx == 0:
            self._finish(op, pos if closed else None, pos, self.pi)
        elif idx == 1 and self.stack[0].family == _SINGLE:
            self._finish(op, pos if closed else None, pos, self.pi, self.stack[0].children)

    # -- one mark ---------------------------------------------------------------------------
    def _handle(self, pos: int, ch: str, prev: str, nxt: str) -> None:
        family = _FAMILY[ch]
        left = _left_flanking(prev, nxt)
        right = _right_flanking(prev, nxt)
        stack = self.stack
        open_idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].family == family), -1)

        if family == _SINGLE:
            if ch in "‘'‚‛" and open_idx >= 0 and left and not right and self._after_stop(pos):
                self._continuation(open_idx, family, ch, pos)  # "...task. 'Of course ..."
                return
            if (
                ch in "’'"
                and open_idx >= 0
                and not nxt.isalnum()
                and (right or self._spaced_close(pos))
            ):
                if not self._possessive(pos, prev, nxt):
                    self._close(open_idx, pos)
                    return
                stack[open_idx].possessives.append(pos)
            if (
                ch in "‘'‚‛"
                and left
                and (nxt.isalpha() or nxt in _FAMILY)
                and (
                    not prev
                    or prev.isspace()
                    or prev in _OPEN_BEFORE
                    or _FAMILY.get(prev) in (_DOUBLE, _GUILLEMET)
                )
            ):
                self._push(family, ch, pos)
            return

        if family == _DOUBLE:
            self._double(pos, ch, left, right)
            return

        # Guillemets and CJK brackets have distinct opening and closing glyphs.
        if ch in "«‹「『":
            self._push(family, ch, pos)
        elif open_idx >= 0:
            self._close(open_idx, pos)

    def _double(self, pos: int, ch: str, left: bool, right: bool) -> None:
        """Double marks. Curly and straight marks may be mixed: a curly pair inside a
        straight-quoted passage (or the reverse) is a nested quote."""
        stack = self.stack
        if stack and stack[-1].family == _DOUBLE and stack[-1].pos == pos - 1 and left:
            return  # a doubled opening mark ('"“You don't win...')
        curly = straight = -1
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].family != _DOUBLE:
                continue
            if stack[i].char == '"' or stack[i].char == "＂":
                straight = straight if straight >= 0 else i
            else:
                curly = curly if curly >= 0 else i
        if ch == "„":
            self._push(_DOUBLE, ch, pos)
        elif ch in "“‟":
            if curly >= 0 and stack[curly].char == "„":
                self._close(curly, pos)  # German „...“
            elif curly >= 0 and (right and not left):
                self._close(curly, pos)  # a typo'd closing mark: 'they see that.“'
            elif curly >= 0:
                # Two opening curly marks: the first quote was never closed.
                self._close(curly, _back_to_space(self.text, pos), closed=False)
                self._push(_DOUBLE, ch, pos)
            elif straight >= 0 and right and not left:
                self._close(straight, pos)
            else:
                self._push(_DOUBLE, ch, pos)
        elif ch == "”":
            if curly >= 0:
                self._close(curly, pos)
            elif straight >= 0:
                self._close(straight, pos)
            elif (left and not right) or self._glued_after_stop(pos):
                # ”...” typography, or a CMS that curled the opening mark of a paragraph
                # glued to the one before ('carpet.”It’s') as a closing one
                self._push(_DOUBLE, ch, pos)
        else:  # straight
            # One level of nesting only: a second straight mark inside a nested one closes.
            nested_ok = sum(1 for op in stack if op.family == _DOUBLE) == 1
            if straight >= 0 and curly < straight and left and not right and self._after_stop(pos):
                self._continuation(straight, _DOUBLE, ch, pos)  # '...addressed. "Some ...'
            elif (
                straight >= 0
                and curly < straight
                and left
                and not right
                and nested_ok
                and self._inner_then_outer_close(pos)
            ):
                # Can only open, inside an open straight quote, not after a full stop, and the
                # paragraph closes twice after it: a quote within the quote ('"... be "a
                # recruiting sergeant" for them," he said'). Otherwise (a page that dropped a
                # closing mark) it ends the open quote, as before.
                self._push(_DOUBLE, ch, pos)
            elif straight >= 0 and (curly < straight or not (left and not right)):
                self._close(straight, pos)
            elif curly >= 0:
                if left and not right:
                    self._push(_DOUBLE, ch, pos)  # nested straight inside curly
                else:
                    self._close(curly, pos)
            elif straight >= 0:
                self._close(straight, pos)
            elif self._only_closes(pos) or self._inside_word(pos):
                # A closing mark with no quote open, or one inside a word ('last week"s
                # rate', a typo for an apostrophe): nothing is quoted after it.
                return
            else:
                self._push(_DOUBLE, ch, pos)

    def _continuation(self, idx: int, family: str, ch: str, pos: int) -> None:
        """An opening mark after a full stop while a quote is open: the open quote ran to the
        end of its paragraph, and the next paragraph, its continuation opening with a mark,
        was joined to it. The open one ends before the mark, left open; the mark opens."""
        self._close(idx, _back_to_space(self.text, pos), closed=False)
        self._push(family, ch, pos)

    def _glued_after_stop(self, pos: int) -> bool:
        """Between a sentence's final punctuation and a capital letter ('ended.”We')."""
        prev, nxt = self.text[pos - 1 : pos], self.text[pos + 1 : pos + 2]
        return prev in _SENTENCE_END and nxt.isupper()

    def _inside_word(self, pos: int) -> bool:
        """Between two letters or digits, unless a capital follows: 'said"We will win' is an
        opening mark that lost its space, as is one glued after punctuation ('ended."We')."""
        prev, nxt = self.text[pos - 1 : pos], self.text[pos + 1 : pos + 2]
        return prev.isalnum() and nxt.isalnum() and not nxt.isupper()

    def _inner_then_outer_close(self, pos: int) -> bool:
        """After ``pos``, in its paragraph, two more straight marks, the first a closing one."""
        end = self.paragraphs[self.pi][1]
        k = bisect.bisect_right(self.straight_marks, pos)
        if k + 1 >= len(self.straight_marks) or self.straight_marks[k + 1] >= end:
            return False
        return self._only_closes(self.straight_marks[k])

    def _only_closes(self, pos: int) -> bool:
        """The mark at ``pos`` can close a quote and cannot open one."""
        prev, nxt = self.text[pos - 1 : pos], self.text[pos + 1 : pos + 2]
        return _right_flanking(prev, nxt) and not _left_flanking(prev, nxt)

    def _spaced_close(self, pos: int) -> bool:
        """A closing mark set off by a space after the quote's last punctuation ("... a
        country. ’"), as spinners and some CMSs print it."""
        return pos >= 2 and self.text[pos - 1] == " " and self.text[pos - 2] in ".,!?;:…"

    def _after_stop(self, pos: int) -> bool:
        """The mark follows a sentence's final punctuation and a space."""
        end = _back_to_space(self.text, pos)
        return end < pos and end > 0 and self.text[end - 1] in _SENTENCE_END

    def _possessive(self, pos: int, prev: str, nxt: str) -> bool:
        """``the leaders' meeting``: a mark after s, then a lowercase word that is not the
        start of an attribution (``'...allies' he said``)."""
        if prev != "s" or nxt != " ":
            return False
        m = re.match(r" +([A-Za-z]+)", self.text[pos + 1 : pos + 40])
        if not m:
            return False
        word = m.group(1)
        return word.islower() and word not in _ATTRIBUTION_WORDS


def scan_quotes(text: str) -> list[RawQuote]:
    """Every top-level quoted passage in ``text``, in order. Linear in ``len(text)``."""
    return _Scanner(text).run()


def quoted_mask(text: str) -> list[tuple[int, int]]:
    """The spans inside ``text``'s quotation marks, in order (marks excluded)."""
    return sorted(p for q in scan_quotes(text) for p in q.parts)


def _back_to_space(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


__all__ = ["QUOTE_CHARS", "RawQuote", "paragraph_spans", "quoted_mask", "scan_quotes"]
