"""Sources cut off mid-sentence: where a source stops, the comparison stops too.

Excerpts, feed summaries ("…"), pages behind a paywall and the first few thousand characters
of a crawled page end in the middle of a sentence, often in the middle of a word ("US
withdr"). A page that carries that sentence whole is not rewording it: the rest of the
sentence is beyond what the source shows, and so is whatever the page prints after it. So:

* the rest of the sentence the source breaks off in is no change (``beyond_cut``), and a quote
  that runs past the break is not one the source lacks (``quote_past_cut``);
* the page's sentences after that point, found in no source, are neither copied nor the page's
  own: they weigh neither way in the verdict and are not claims the page added
  (``past_source_ends``).

Only a source whose last sentence the page carries is read so: when the page never reaches the
break, what it adds is its own.
"""

from __future__ import annotations

import re

from unspin.core.model import AlignedSentence, Change, ChangeKind, Report, SentenceStatus

_WORD = re.compile(r"[^\W_]+")
# How an excerpt marks its cut: an ellipsis, bracketed or not.
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*$")
# A sentence's end: its stop, and the closing marks of a quotation or parenthesis after it
# (a closing mark alone ends a quoted phrase, not the sentence: '... "not hating the British"').
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$|[.!?…]?[\"'”’»)\]]*[.!?…]$")
_LAST_WORDS = 3  # the source's last words that place its break in the page's sentence
COPY_BEFORE_BREAK = 0.6  # as much of a page as makes it a copy (the verdict's rule)


def cut_at(text: str) -> int | None:
    """Where a text that breaks off mid-sentence stops: the start of its last word, which may
    be cut itself. ``None`` for a text that ends a sentence."""
    body = text.rstrip()
    ellipsis = _ELLIPSIS.search(body)
    if ellipsis:
        body = body[: ellipsis.start()].rstrip()
    elif not body or _SENTENCE_END.search(body):
        return None
    last = re.search(r"\S+$", body)
    return last.start() if last else None


def beyond_cut(change: Change, cut: int) -> bool:
    """A change the source cannot show: at or after the word it breaks off in, or one that
    runs up to that word and only goes on from it ("Democratic People\u2019s R" ->
    "Democratic People's Republic of Korea")."""
    if change.kind is ChangeKind.DROPPED or change.source_start is None:
        return False
    if change.source_start >= cut:
        return True
    if (change.source_end or 0) <= cut:
        return False
    before = _WORD.findall((change.from_ or "").lower())[:-1]  # less the word it breaks in
    after = _WORD.findall((change.to or "").lower())
    return len(after) > len(before) and after[: len(before)] == before


def _ends_source(sentence: AlignedSentence, source_text: str) -> bool:
    return bool(sentence.source_text) and source_text.rstrip().endswith(
        (sentence.source_text or "").rstrip()
    )


def source_breaks(report: Report) -> dict[str, tuple[int, int]]:
    """Per source cut off mid-sentence whose last sentence the page carries, in its place and
    last of that source's: where in the page's text that sentence starts, and where the
    source stops (after its last whole words as the page prints them, or else at the end of
    the sentence)."""
    out: dict[str, tuple[int, int]] = {}
    for src in report.sources:
        cut = cut_at(src.text)
        if cut is None or not src.id:
            continue
        carrying = [
            s for s in report.sentences if s.source_id == src.id and _ends_source(s, src.text)
        ]
        if not carrying:
            continue
        sentence = carrying[-1]
        # The page carries the source up to its break and then goes on: not when it moved
        # that sentence, or took more of the source after it.
        if sentence.reordered or any(
            s.source_id == src.id and s.index > sentence.index for s in report.sentences
        ):
            continue
        last_words = _WORD.findall(src.text[max(0, cut - 200) : cut])
        local = _last_words_end(last_words, sentence.text)
        # The page's sentence goes on past the source's last word, which may be cut itself
        # ("... US withdr" against "... U.S. withdrawal from ..."); one that ends there too
        # lost nothing to the cut (a last sentence that lost its full stop).
        last = _WORD.search(sentence.text, local)
        if last is None or _WORD.search(sentence.text, last.end()) is None:
            continue
        out[src.id] = (sentence.start, sentence.start + local)
    return out


def _last_words_end(words: list[str], sentence: str) -> int:
    """Where in ``sentence`` the source's last words end: the last three, or the three before
    them when the page respelled one ("US" / "U.S."); else the sentence's end."""
    for shift in range(min(_LAST_WORDS, len(words) - _LAST_WORDS + 1)):
        tail = words[len(words) - _LAST_WORDS - shift : len(words) - shift]
        found = list(re.finditer(r"\W+".join(map(re.escape, tail)), sentence, re.IGNORECASE))
        if found:
            return found[-1].end()
    return len(sentence)


def quote_past_cut(change: Change, breaks: dict[str, tuple[int, int]]) -> bool:
    """A quote "in no source" that runs on past where a source stops, from the sentence it
    breaks off in: the source holds the start of it, or broke off before it."""
    if change.kind is not ChangeKind.QUOTE_FABRICATED or change.start is None:
        return False
    end = change.end or change.start
    return any(end > stop and change.start >= start for start, stop in breaks.values())


def past_source_ends(report: Report, breaks: dict[str, tuple[int, int]] | None = None) -> set[int]:
    """The page's sentences, found in no source, after the point where a source it carries to
    the end stops (and with no other source's sentence after them).

    Only when the page up to that point is a copy of the source (at least ``COPY_BEFORE_BREAK``
    of it found there) and at least as long as what follows: a page that carries one sentence
    of a source and then ten of its own is not shown to be a copy by it. ``breaks``: the
    report's ``source_breaks``, when the caller has them."""
    out: set[int] = set()
    breaks = source_breaks(report) if breaks is None else breaks
    for source_id, (_, stop) in breaks.items():
        after = max(
            (
                s.index
                for s in report.sentences
                if s.source_id is not None and s.source_id != source_id and s.start >= stop
            ),
            default=-1,
        )
        past = [
            s
            for s in report.sentences
            if s.status is SentenceStatus.INSERTED and s.start >= stop and s.index > after
        ]
        before = [s for s in report.sentences if s.start < stop]
        found = sum(len(s.text) for s in before if s.status is not SentenceStatus.INSERTED)
        length = sum(len(s.text) for s in before)
        if found >= COPY_BEFORE_BREAK * length and length >= sum(len(s.text) for s in past):
            out.update(s.index for s in past)
    return out


__all__ = ["beyond_cut", "cut_at", "past_source_ends", "quote_past_cut", "source_breaks"]
