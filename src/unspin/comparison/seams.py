"""Sentences glued by a lost paragraph break, split where the other text starts a sentence.

A page flattened to one block (a scraped dataset, a CSV cell, a feed summary) loses the
paragraph breaks that end a headline, a date line, a caption or a post's credit, none of
which ends with a full stop; the parser then runs them into the next sentence ("All eyes on
Twitter as Musk era opens Published : Saturday ... Count : 36 The mercurial Tesla chief
..."). Against a text that starts a sentence there, the glued line reads as rewording of that
sentence.

Here the other text tells where the seam is: a run of ``RUN_WORDS`` words that opens one of
its sentences (or follows its dateline) stands inside one of ours, outside quotation marks,
before a capital letter, after a head of at least ``HEAD_WORDS`` words that ends as a line
does and a sentence does not (a figure, a bracket, a dash, a dateline's colon, or every word
capitalised: a headline). In a run-on the parser could not split (a page printed without full
stops), any such head will do where the parse does not bind the words either side. Only the
sentence list changes; the spaCy parse is the same.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from unspin.comparison.quotes.marks import quoted_mask
from unspin.core.model import Sentence
from unspin.nlp.parse import Parsed

RUN_WORDS = 6  # words that must open the other text's sentence and follow the seam
DATELINE_WORDS = 3  # words of a dateline before that run ("San Francisco:", "LONDON —")
HEAD_WORDS = 3
RUN_ON_CHARS = 600  # a "sentence" this long is several the parser ran together
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A head that needs what follows: a clause ("He said that"), a list, an attribution frame
# ('Mr Juncker asked: "'), a quotation mark that opens.
_OPEN_END = re.compile(r"(?:[,;(\[\"“‘«]|\b(?:a|an|the|of|to|in|on|at|by|for|from|with|and|or|"
                       r"but|that|which|who|said|says|told|as|than|is|are|was|were|be)"
                       r"|\b(?:said|says|asked|added|told|wrote|tweeted|stated|declared|noted"
                       r"|explained|warned|insisted):),?\s*$",
                       re.IGNORECASE)  # fmt: skip


def _words(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The words of ``text[start:end]``, folded, each with its offset."""
    return [
        (m.group().lower().replace("’", "'"), m.start()) for m in _WORD.finditer(text, start, end)
    ]


def _openings(parsed: Sequence[Parsed]) -> dict[tuple[str, ...], str | None]:
    """Runs of words that open a sentence of ``parsed``, each with None, or that follow its
    dateline, each with the dateline's first word."""
    out: dict[tuple[str, ...], str | None] = {}
    for p in parsed:
        for s in p.sentences:
            words = _words(p.text, s.start, s.end)
            keys = [w for w, _ in words]
            out.setdefault(tuple(keys[:RUN_WORDS]), None)
            dateline = _DATELINE.match(p.text, s.start, s.end)
            if dateline:
                skip = sum(1 for _, at in words if at < dateline.end())
                if 0 < skip <= DATELINE_WORDS:
                    out.setdefault(tuple(keys[skip : skip + RUN_WORDS]), keys[0])
    return out


# Datelines read over whole sentences, so stricter than syndication's, which reads the few
# words of a diff: a dash needs a space before it ("Vice-president" opens no dateline).
# "San Francisco:", "LONDON (Reuters) -", "RAMALLAH, Dec 7 —": a place (and date) that opens.
_DATELINE = re.compile(r"[A-Z][^\n:—–]{0,40}?(?:\s[-—–]|:)\s")
# A dateline before the cut: a place in capitals (a date, an agency), then a dash or a colon.
_DATELINE_TAIL = re.compile(
    r"(?<![\w'’])[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^()]{1,30}\))?\s*(?:[—–-]|:)\s*$"
)
# How a line ends that a sentence does not: a figure, a bracket, a dash, a dateline's colon.
_LINE_END = re.compile(r"(?:\d|[)\]|—–]|\s-|(?:\d|\b[A-Z]{2,})\s*:)\s*$")


def _line_like(head: str) -> bool:
    words = _WORD.findall(head)
    if len(words) < HEAD_WORDS:
        return False
    return bool(_LINE_END.search(head)) or all(w[0].isupper() or w[0].isdigit() for w in words)


_BOUND_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "flat", "appos"})


def _joined(parsed: Parsed, cut: int) -> bool:
    """The words either side of ``cut`` belong together: one name ("Jeffrey | Epstein"), or a
    word that qualifies the next ("Tesla CEO | Elon Musk")."""
    if any(e.start < cut < e.end for e in parsed.entities):
        return True
    span = parsed.doc.char_span(cut, cut + 1, alignment_mode="expand")
    if span is None or span[0].i == 0:
        return False
    token = span[0]
    before = next((t for t in reversed(parsed.doc[: token.i]) if not t.is_punct), None)
    return before is not None and before.dep_ in _BOUND_DEPS and before.head.i >= token.i


# Words of closed classes, capitalised only where a sentence (or a headline) starts.
_CLOSED_CLASS = frozenset({"DET", "ADV", "ADP", "PRON", "SCONJ", "CCONJ", "AUX", "PART"})


def _capital_opens(parsed: Parsed, cut: int) -> bool:
    """The word at ``cut`` is a capitalised function word or adverb ("Instead", "The", "In"):
    mid-sentence, only a lost break capitalises it ("... ready for Trump Instead, European
    leaders ...")."""
    span = parsed.doc.char_span(cut, cut + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    return token.pos_ in _CLOSED_CLASS and token.text[:1].isupper() and token.text != "I"


def split_at_shared_starts(parsed: Parsed, others: Sequence[Parsed]) -> Parsed:
    """``parsed`` with each sentence split where one of ``others`` starts a sentence (see
    the module's doc); ``parsed`` itself when nothing is split."""
    openings = _openings(others)
    if not openings:
        return parsed
    text = parsed.text
    quoted = quoted_mask(text)
    pieces: list[tuple[int, int]] = []
    changed = False
    for s in parsed.sentences:
        words = _words(text, s.start, s.end)
        # A run-on the parser could not split (a page printed without full stops): any
        # capitalised opening of the other side may be a seam, not only after a line's end.
        run_on = s.end - s.start > RUN_ON_CHARS
        cuts: list[int] = []
        for k in range(2, len(words) - RUN_WORDS + 1):
            key = tuple(w for w, _ in words[k : k + RUN_WORDS])
            if key not in openings:
                continue
            # Back to where the other sentence's dateline starts, when ours has it too.
            first = openings[key]
            back = range(k - 1, max(-1, k - DATELINE_WORDS - 3), -1) if first else ()
            at = next((j for j in back if words[j][0] == first), k)
            run = words[at][1]
            opened = cuts[-1] if cuts else s.start
            # A dateline stays with its sentence: the seam is before it ("... Count : 36 |
            # OSLO, Dec 2: The ferry ..."), and a sentence that only opens with one ("PORT
            # CALLOWAY, Nov 3 — The harbour ...") has no seam.
            dateline = _DATELINE_TAIL.search(text, opened, run)
            cut = run if dateline is None else dateline.start()
            head = text[opened:cut]
            if not _WORD.search(head):
                continue
            # A line's end is the seam's proof; in a run-on, the parse must not bind the
            # words either side (across a real seam the parser binds them too).
            ends_line = _line_like(text[opened:run])
            loose = run_on and len(_WORD.findall(head)) >= HEAD_WORDS and not _joined(parsed, cut)
            if (
                text[cut].isupper()
                and (ends_line or loose or _capital_opens(parsed, cut))
                and not _OPEN_END.search(head)
                and not any(a < cut < b for a, b in quoted)
            ):
                cuts.append(cut)
        start = s.start
        for cut in sorted(set(cuts)):
            if cut > start:
                pieces.append((start, cut))
                start = cut
        pieces.append((start, s.end))
        changed = changed or bool(cuts)
    if not changed:
        return parsed
    sentences = []
    for a, b in pieces:
        b = a + len(text[a:b].rstrip())
        sentences.append(Sentence(index=len(sentences), start=a, end=b, text=text[a:b]))
    return dataclasses.replace(parsed, sentences=tuple(sentences))


__all__ = ["split_at_shared_starts"]
