"""Whose words a sentence presents: its writer's narration, a quote, or someone's words set
without marks.

Narration is read sentence by sentence, outside the quotation marks that pair up within the
sentence (a collage that cuts into a quote leaves a stray mark that would pair with the next
quote over the whole page). News narration is in the third person: an unquoted sentence in the
first or second person is someone speaking (a block quote whose marks were the page's layout,
an embedded post), unless the whole text is written in the first person (a column, a
statement).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from unspin.comparison.quotes.marks import quoted_mask
from unspin.core.text import paragraph_spans
from unspin.index.tokens import split_sentences

_WORD = re.compile(r"[^\W_]+")
# Indirect speech names its speaker: a reporter's own way of giving a quote, not spin.
ATTRIBUTED = re.compile(
    r"\b(?:said|says|say|saying|told|tells|added|adds|stated|states|explained|noted|insisted|"
    r"argued|claimed|warned|wrote|tweeted|posted|responded|replied|answered|asked|declared|"
    r"testified|according to)\b",
    re.IGNORECASE,
)
_CLOSE_QUOTE = re.compile(r"[\"”’'»›]\W*$")
_OPEN_QUOTE = re.compile(r"^\W*[\"“”„«‘']")
# A double mark that ends a quote: after a word or punctuation, before a space or the end.
_CLOSING_MARK = re.compile(r"(?<=[\w.,!?;:…-])[\"”»](?=[\s,.;:)!?-]|$)")

# Someone speaking: a first- or second-person word. "US" (the country), "mine" (a coal mine)
# and "World War I" are not people speaking.
_SPEAKING = re.compile(
    r"\b(?:[Ww]e|us|[Oo]urs?|ourselves|[Yy]ou(?:rs?|rself|rselves)?|me|[Mm]y|myself|"
    r"[Ll]et['’]s)\b"
    r"|(?<!War )(?<!Phase )(?<!Title )(?<!Type )\bI(?=\s+[a-z]|['’](?:m|ve|ll|d)\b)"
)
# An embedded post: a link to its picture, or its credit line ("— Name (@handle) May 2, 2024").
_EMBED = re.compile(r"pic\.twitter\.com/|\bt\.co/|\(@\w{1,30}\)|\bA post shared by\b")
_EMBED_CREDIT = re.compile(r"\s*(?:[—–]|--|\bA post shared by\b)[^\n]{0,80}\(@\w{1,30}\)")
MARKS = re.compile(r"[\"“”„«»]")  # marks that are never apostrophes
FIRST_PERSON_SOURCE = 0.5  # of a source's sentences speaking: it is written in the first person
ATTRIBUTION_MAX_WORDS = 12  # "said Ty Votaw, executive vice president of the tour"


def has_quote_marks(text: str) -> bool:
    """Whether ``text`` marks a quote: a double mark or guillemet, or single marks that pair
    as quotation marks (British style) rather than apostrophes."""
    return bool(MARKS.search(text)) or bool(quoted_mask(text))


class UnquotedWords:
    """Words of a passage of ``text`` that lie outside its quotation marks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.mask = quoted_mask(text)

    def count(self, passage: str | None) -> int:
        if not passage:
            return 0
        start = self.text.find(passage)
        if start < 0:  # not a contiguous slice of the source (a merge of distant sentences)
            return len(_WORD.findall(passage))
        return self.count_span(start, start + len(passage))

    def count_span(self, start: int, end: int) -> int:
        return outside_words(self.text, start, end, self.mask)


class Voice:
    """Which of a text's unquoted sentences are someone's words rather than its narration.

    In a text written in the third person (news), someone speaks in an unquoted sentence in the
    first or second person, in every sentence of a block quote (a paragraph with no quotation
    marks and no attribution, two or more and half of whose sentences are such: one may be a
    newsroom's "we") and in an embedded post (its text and its credit line). A speaking
    sentence whose paragraph attributes it ("..., she said") has lost its marks: narration
    that gives a quote. In a text written in the first person (a column, a statement) its
    author speaks: narration.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        sentences = split_sentences(text)
        speaking = {a for a, b in sentences if speaks(text[a:b])}
        self.first_person = bool(sentences) and len(speaking) >= FIRST_PERSON_SOURCE * len(
            sentences
        )
        self.paragraphs = paragraph_spans(text)
        self.posts = _post_spans(text, sentences)  # the text of embedded posts
        self.blocks: set[int] = set()  # paragraphs given as someone's words
        self.attributed: set[int] = set()  # paragraphs with no marks that name a speaker
        self.introduced: set[int] = set()  # someone's words set out under an introduction
        self.transcript = _transcript(text, self.paragraphs)  # "Name: words" lines of a dialogue
        self.blocks |= self.transcript
        for i, (a, b) in enumerate(self.paragraphs):
            block = text[a:b]
            if _EMBED.search(block):
                self.blocks.add(i)
                if i and _EMBED_CREDIT.match(block):  # the post's text is the paragraph before
                    self.blocks.add(i - 1)
            elif has_quote_marks(block):
                continue
            elif ATTRIBUTED.search(block):
                self.attributed.add(i)
            else:
                starts = [at for at, _ in sentences if a <= at < b]
                spoken = sum(at in speaking for at in starts)
                if spoken >= 2 and 2 * spoken >= len(starts):
                    self.blocks.add(i)
                # Someone's words under the paragraph that introduces them ('... told
                # residents:'), or run on from such words: every sentence speaks (a farm
                # that strips a quote's marks leaves its narration beside it).
                if spoken and spoken == len(starts) and i:
                    before = text[self.paragraphs[i - 1][0] : self.paragraphs[i - 1][1]]
                    if before.rstrip().endswith(":") or i - 1 in self.introduced:
                        self.introduced.add(i)

    def quoting(self, sentence: str, at: int | None = None) -> bool:
        """Whether the text gives this sentence of its own as someone's words, unmarked.
        ``at``: where the sentence starts in the text, when the caller knows (the same words
        may also stand elsewhere, quoted)."""
        if self.first_person or not sentence:
            return False
        if at is not None and self.posted(at, at + len(sentence)):
            return True
        para = self._paragraph_of(sentence, at)
        if para in self.blocks:
            return True
        return speaks(sentence) and para not in self.attributed

    def introduced_block(self, sentence: str) -> bool:
        """Whether the sentence is someone's words that the paragraph before introduces ('...
        and skirted the question:'): the layout presents them as the speaker's."""
        return self._paragraph_of(sentence) in self.introduced

    def transcribed(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies in a line of a transcript ("Rep. Hale: I know
        that ..."): its speaker's words, set out by the layout, not narration."""
        return any(
            a <= start < b for i, (a, b) in enumerate(self.paragraphs) if i in self.transcript
        )

    def set_out(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is someone's words by the layout alone: an embedded
        post's text or a transcript's line, whatever narration it follows."""
        return self.posted(start, end) or self.transcribed(start, end)

    def posted(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies in the text of an embedded post: the post's
        author's words, set out by the page's layout, not narration."""
        return any(a <= start and end <= b for a, b in self.posts)

    def _paragraph_of(self, sentence: str, at: int | None = None) -> int | None:
        if at is None or self.text[at : at + len(sentence)] != sentence:
            at = self.text.find(sentence)
        return next((i for i, (a, b) in enumerate(self.paragraphs) if a <= at < b), None)


# A transcript line's speaker label: one to four capitalised words, a title's stop allowed
# ("Greta:", "Rep. Hale:", "MR. SMITH:", "Q:"), then the words said.
_SPEAKER_LABEL = re.compile(r"\s*(?P<label>(?:[A-Z][\w'’-]*\.?\s){0,3}[A-Z][\w'’-]*):\s+\S")
TRANSCRIPT_MIN_LINES = 3  # consecutive labelled paragraphs, two speakers at least, make one


def _transcript(text: str, paragraphs: Sequence[tuple[int, int]]) -> set[int]:
    """The paragraphs of a dialogue set out as a transcript: runs of consecutive paragraphs
    that open with a speaker's label, two speakers at least, one of them speaking twice (the
    turns of a dialogue; a page's labelled lines, "Photo:", "Source:", "Credit:", name each
    thing once)."""
    out: set[int] = set()
    run: list[tuple[int, str]] = []
    for i, (a, b) in enumerate([*paragraphs, (len(text), len(text))]):
        m = _SPEAKER_LABEL.match(text, a, b) if a < b else None
        if m is not None:
            run.append((i, m.group("label").lower()))
            continue
        labels = Counter(label for _, label in run)
        if len(run) >= TRANSCRIPT_MIN_LINES and len(labels) >= 2 and max(labels.values()) >= 2:
            out.update(i for i, _ in run)
        run = []
    return out


POST_MAX_SENTENCES = 8  # a post's text: a few lines, at most a thread's screenful


def _post_spans(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the text of each embedded post lies: the sentences before its credit line ("—
    Name (@handle) May 2, 2024"), back to the paragraph's start or to the narration that
    introduces it ("..., Biden said after blasts were heard in Kyiv."). Extraction often
    runs a post into the paragraphs around it, so the credit may stand mid-paragraph."""
    spans = []
    for m in _EMBED_CREDIT.finditer(text):
        credit = m.start() + len(m.group()) - len(m.group().lstrip())
        line_start = text.rfind("\n", 0, credit) + 1
        if not text[line_start:credit].strip():  # the credit opens its line: the post is above
            line_start = text.rfind("\n", 0, len(text[:line_start].rstrip())) + 1
        start = credit
        before = [(a, b) for a, b in sentences if line_start <= a < credit][::-1]
        for a, b in before[:POST_MAX_SENTENCES]:
            sentence = text[a : min(b, credit)]
            if ATTRIBUTED.search(sentence) and not speaks(sentence):
                break  # the narration that introduces the post
            start = a
        if start < credit:
            spans.append((start, credit))
    return spans


@functools.lru_cache(maxsize=64)
def voice(text: str) -> Voice:
    """One reading per text: ``check`` compares a page with each source, then again."""
    return Voice(text)


def speaks(sentence: str) -> bool:
    """Whether the words of ``sentence`` it presents as narration (see
    :func:`narration_words`) speak in the first or second person, or credit an embedded post."""
    narration = _narration_text(sentence)
    return bool(_SPEAKING.search(narration) or _EMBED.search(narration))


def outside_words(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> int:
    """Words of ``text[start:end]`` outside ``spans``."""
    return len(_WORD.findall(outside_text(text, start, end, spans)))


def outside_text(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> str:
    """``text[start:end]`` less ``spans``, the pieces joined by spaces."""
    inside = sorted((max(start, a), min(end, b)) for a, b in spans if a < end and b > start)
    pieces, at = [], start
    for a, b in inside:
        pieces.append(text[at : max(at, a)])
        at = max(at, b)
    pieces.append(text[at:end])
    return " ".join(pieces)


def narration_words(sentence: str) -> int:
    """Words a derivative sentence presents as narration: outside the quotation marks that
    pair up within it, none when it opens with a mark.

    Read sentence by sentence, not over the whole page: a collage that cuts into a quote
    leaves a stray mark that would pair with the next quote and swallow the narration between.
    """
    return len(_WORD.findall(_narration_text(sentence)))


def _narration_text(sentence: str) -> str:
    """The words of :func:`narration_words`, as text."""
    return " ".join(piece for piece, _ in _narration_pieces(sentence))


def own_narration_words(sentence: str) -> int:
    """:func:`narration_words` less the short attribution of the sentence's one quote ('...,"
    said Ty Votaw, executive vice president of the tour.'): every report of a statement names
    its speaker with the title the statement gave, so that attribution alone is no narration
    copied. It still frames a copied passage."""
    pieces = _narration_pieces(sentence)
    counts = [len(_WORD.findall(piece)) for piece, _ in pieces]
    if len(UnquotedWords(sentence).mask) > 1:
        # Quoted fragments woven into narration ('insisted he is "..." and "...", adding:
        # "..."'): the cut points are the writer's, and so is the frame.
        return sum(counts)
    return sum(
        n
        for (piece, beside_quote), n in zip(pieces, counts, strict=True)
        if not (beside_quote and n <= ATTRIBUTION_MAX_WORDS and ATTRIBUTED.search(piece))
    )


def quoted_words(sentence: str) -> str:
    """The words ``sentence`` gives as someone's: all but its narration (the pieces
    :func:`narration_words` counts), a quote that runs on past the sentence included."""
    parts, at = [], 0
    for piece, _ in _narration_pieces(sentence):
        found = sentence.find(piece, at)
        if found < 0:
            continue
        parts.append(sentence[at:found])
        at = found + len(piece)
    parts.append(sentence[at:])
    return " ".join(part for part in parts if part.strip())


def _narration_pieces(sentence: str) -> list[tuple[str, bool]]:
    """The stretches of ``sentence`` outside its quotation marks, each with whether a quote
    of the sentence is beside it."""
    inside = UnquotedWords(sentence)
    opened = _OPEN_QUOTE.match(sentence)
    if opened and not any(qs <= opened.end() for qs, _ in inside.mask):
        return []  # the mark opens a quote that runs on past the sentence
    closed = _CLOSE_QUOTE.search(sentence)
    if closed and not any(qe >= closed.start() for _, qe in inside.mask):
        return []  # the mark closes a quote opened in an earlier sentence
    start = 0
    first = min((qs for qs, _ in inside.mask), default=len(sentence))
    closing = _CLOSING_MARK.search(sentence, 0, first)
    if closing and not re.search(r"[\"“„«]", sentence[: closing.start()]):
        # "... current personnel," said Thompson: the words before a mark that closes a quote
        # opened in an earlier sentence are that quote's.
        start = closing.end()
    spans = sorted((max(start, a), b) for a, b in inside.mask if b > start)
    pieces, at = [], start
    for a, b in spans:
        pieces.append((sentence[at : max(at, a)], True))
        at = max(at, b)
    pieces.append((sentence[at:], bool(spans) or start > 0))
    return [(piece, beside) for piece, beside in pieces if piece.strip()]
