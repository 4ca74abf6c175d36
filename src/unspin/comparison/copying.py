"""Copy evidence: what shows that an article was made from a source, not only about its story.

Two newsrooms reporting one event share names, numbers, the same quoted statement, and now and
then a phrase. What they do not share is the act of copying, which leaves marks a fact-checker
looks for in each aligned pair of sentences:

* **copied or spun narration**: the source's own words outside quotation marks, kept word for
  word or with names and synonyms swapped;
* **a substitution-only edit**: the same skeleton, word for word in place, with some words
  replaced one for one, whatever a thesaurus says of the pairs (spinners use their own);
* **a sentence reworded around thesaurus swaps**: the source's sentence, reworded here and
  there, with two or more of its words swapped for synonyms or its names for aliases (a
  spinner that also pads and rephrases; a reporter writing the same fact in their own words
  may use one synonym of the other report's words, not several in one sentence);
* **a sentence kept near word for word**: fifteen or more of the source sentence's words in
  place, most of the sentence, lightly edited (a word order or a verb form changed);
* **a quote printed as narration**: words the source quotes, printed without quotation marks
  and without a speaker of their own (indirect speech, "X said ...", is a reporter's way of
  giving a quote), or moved to follow another speaker's words;
* **a spun quote**: a quotation carried over with words replaced inside the marks (two or
  more of them swapped for synonyms or aliases weigh like a spun sentence: two transcriptions
  of one statement differ in a word heard another way, not in synonyms);
* **a rewrite**: many close rewordings of the source's narration;
* **a restatement**: most of the page restates the source sentence by sentence, in its
  order, naming almost nothing the source does not (a fluent rewrite, see
  ``align._restated``);
* **a copied passage**: three or more consecutive source sentences printed near word for word
  in the source's order, with the source's own framing between the quotes (a collage's
  excerpt, cut where the source's sentences are cut).

Narration is the reporter's own voice, and news is told in the third person. A sentence
outside quotation marks that speaks in the first or second person ("We did it in New York",
"You had every opportunity") is someone's words set as a block quote, whose marks were the
page's layout and are lost in extraction, or an embedded post: independent reports share it
as they share a quote. It is narration only in a source written in the first person (a
column, a blog post, a statement), see :class:`unspin.comparison.narration.Voice`.

Each piece is *strong* (one is enough) or *supporting* (two sentences are needed; a
substitution-only edit that keeps fewer than 15 words in place only supports): a reporter may
paraphrase one quote into narration or transcribe one quote differently, but not two, and not
alongside nothing else. A shared quote kept word for word is never evidence.

Quotedness is read on both sides: the source, a whole article whose marks pair up, says which
words were its own narration; the derivative says which words it presents as narration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from unspin.comparison.align import RESTATED_MIN_PAGE, RESTATED_MIN_SENTENCES
from unspin.comparison.narration import (
    ATTRIBUTED,
    UnquotedWords,
    Voice,
    has_quote_marks,
    narration_words,
    outside_words,
    own_narration_words,
    quoted_words,
    voice,
)
from unspin.comparison.quotes.compare import ALTERED_SWAP
from unspin.comparison.quotes.marks import quoted_mask
from unspin.comparison.quotes.names import same_speaker
from unspin.comparison.syndication import added_around
from unspin.comparison.words_in_place import (
    PASSAGE_MIN_KEPT,
    SHARED_MIN_WORDS,
    SUBSTITUTION_STRONG_KEPT,
    Skeleton,
    skeleton,
)
from unspin.core.model import (
    AlignedSentence,
    Article,
    CopyEvidence,
    Report,
    SentenceStatus,
    is_copied,
    published_after,
)

__all__ = ["Skeleton", "Strength", "copy_evidence", "is_copied", "skeleton"]

_WORD = re.compile(r"[^\W_]+")
# Changes that make a sentence spun rather than restated: a spinner swaps names and words.
_SWAP_KINDS = {
    "entity_swap",
    "synonym_swap",
    "quote_misattributed",
    "quote_unquoted",
    "quote_altered",
}
NARRATION_MIN_WORDS = 6  # words outside quotation marks, on both sides
SWAPS_SUPPORTING = 2  # distinct thesaurus swaps that make a reworded sentence support a copy
SWAPS_STRONG = 3  # ... that make it proof on its own
QUOTE_MIN_SIMILARITY = 0.75
QUOTE_MIN_WORDS = 6
REWRITE_MIN_SENTENCES = 3
REWRITE_MIN_SHARE = 0.25  # of the article's narration sentences
REWRITE_MIN_SIMILARITY = 0.6  # alignment similarity of a "close" rewording
PASSAGE_MIN_SENTENCES = 3  # consecutive sentences, in the source's order
PASSAGE_MIN_FRAME = 3  # narration words in the passage: a frame, not a bare statement


class Strength(StrEnum):
    STRONG = "strong"
    SUPPORTING = "supporting"


def copy_evidence(
    report: Report, source: Article, source_quotes: Sequence[tuple[int, int]] | None = None
) -> list[CopyEvidence]:
    """Every piece of evidence that ``report.article`` was made from ``source``.

    ``source_quotes`` are the source's direct quotes as (start, end) spans, as the quote
    extractor reads them (quotes carried over paragraphs included); without them the source's
    quotation marks are paired over the whole article.
    """
    mine = [s for s in report.sentences if s.source_id == source.id and s.source_text]
    if not mine or published_after(source.published, report.article.published):
        return []  # nothing shows a copy of a text published after the page (retrieval's rule)
    thesaurus = _thesaurus_swap_counts(report)
    quoted = _QuotedShare(report)  # the page's own quotes, including multi-sentence ones
    quote_swaps = _thesaurus_swap_counts(report, within=quoted.quotes)
    src_unquoted = UnquotedWords(source.text)
    speech = _Speech(voice(source.text), voice(report.article.text))
    swapped = {c.sentence for c in report.changes if c.kind.value in _SWAP_KINDS}
    out: list[CopyEvidence] = []
    shapes: dict[int, Skeleton] = {}
    for s in mine:
        if added_around(s.text, report.article.text, s.start, report.article, report.sources):
            # A line that claims nothing (a byline, a photo credit, site furniture) standing
            # on both pages shows no copy of the story: a site prints it on every page.
            continue
        words = len(_WORD.findall(s.text))
        # Narration is read sentence by sentence on both sides: outside the marks that pair
        # within the sentence, none when it opens a quote. Pairing marks over a whole
        # article misreads the common layout of a quote carried over paragraphs (each opens,
        # one closes); the middle sentences of a multi-sentence quote read as narration
        # here, and are short or quoted the same way on both sides.
        d_free = narration_words(s.text)
        s_words = len(_WORD.findall(s.source_text or ""))
        # Quotedness in the source (for the quote rules): the extracted quotes and the
        # sentence's own marks must both leave the words out.
        s_free = _source_narration(source.text, s.source_text or "", src_unquoted, source_quotes)
        s_narration = max(s_free, narration_words(s.source_text or ""))
        # The middle sentence of a quote carried over several has no marks of its own: when
        # both pages' quotes hold it, it is a shared quote.
        in_quotes = (
            not has_quote_marks(s.text)
            and quoted.share(s.start, s.end) >= 0.5
            and s_free <= 0.4 * s_words
        )
        narration = (
            min(d_free, s_narration) >= NARRATION_MIN_WORDS
            and min(own_narration_words(s.text), own_narration_words(s.source_text or ""))
            >= NARRATION_MIN_WORDS
            and not in_quotes
            and not speech.spoken(s)
        )
        shape = shapes[s.index] = skeleton(s.text, s.source_text or "")
        # A sentence "spun" only by another figure or date is the same formula stating
        # another fact ("the toll rose to 45"), which independent reports share.
        spun = s.status is SentenceStatus.SPUN and s.index in swapped
        if (
            narration
            and (s.status is SentenceStatus.COPIED or spun)
            and shape.kept >= SHARED_MIN_WORDS
        ):
            what = "copied" if s.status is SentenceStatus.COPIED else "spun"
            out.append(
                CopyEvidence(sentence=s.index, reason=f"{what} narration", strength=Strength.STRONG)
            )
            continue
        if narration and shape.substitution_only:
            # A long skeleton kept word for word is proof; a short one may be a shared turn
            # of phrase, so it only supports.
            # Reported speech ("X said the vehicle was sold ...") is a statement both reports
            # may render alike, as with a quote.
            long = shape.kept >= SUBSTITUTION_STRONG_KEPT and not ATTRIBUTED.search(s.text)
            out.append(
                CopyEvidence(
                    sentence=s.index,
                    reason="same sentence with words replaced one for one",
                    strength=Strength.STRONG if long else Strength.SUPPORTING,
                )
            )
            continue
        if narration and shape.near_verbatim:
            out.append(
                CopyEvidence(
                    sentence=s.index,
                    reason="same sentence near word for word, lightly edited",
                    strength=Strength.SUPPORTING if ATTRIBUTED.search(s.text) else Strength.STRONG,
                )
            )
            continue
        swaps = thesaurus.get(s.index, 0)
        if (
            narration
            and s.status is SentenceStatus.REWORDED
            and swaps >= SWAPS_SUPPORTING
            and shape.kept >= SHARED_MIN_WORDS
        ):
            reason = f"reworded with {swaps} words swapped for synonyms or aliases"
            out.append(_swap_evidence(s.index, swaps, reason))
            continue
        quoted_in_source = s_words > 0 and s_free <= 0.4 * s_words
        if (
            quoted_in_source
            and d_free >= 0.8 * words
            and quoted.share(s.start, s.end) < 0.5
            and not ATTRIBUTED.search(s.text)
            and not speech.page.introduced_block(s.text)
            and not speech.page.posted(s.start, s.end)  # an embedded post's text
            and shape.kept >= QUOTE_MIN_WORDS
            and shape.kept + shape.replaced >= QUOTE_MIN_SIMILARITY * words
            and shape.few_insertions
            # The quote's own words, not only the names every report of the story prints
            # ("President Trump fires FBI Director James Comey").
            and skeleton(_without_names(s.text), _without_names(s.source_text or "")).kept
            >= QUOTE_MIN_WORDS
        ):
            out.append(
                CopyEvidence(
                    sentence=s.index,
                    reason="quoted words printed as narration",
                    strength=Strength.SUPPORTING,
                )
            )
            continue
        swaps = quote_swaps.get(s.index, 0)
        if swaps >= SWAPS_SUPPORTING and shape.kept >= QUOTE_MIN_WORDS:
            # Two transcriptions of one statement differ in a word heard or typed another
            # way, not in synonyms swapped for its words.
            reason = f"quotation spun: {swaps} of its words swapped for synonyms or aliases"
            out.append(_swap_evidence(s.index, swaps, reason))
            continue
        if (
            quoted_in_source
            and d_free < 0.5 * words
            and s.status is not SentenceStatus.COPIED
            and s.similarity >= QUOTE_MIN_SIMILARITY
            and shape.replaced > 0
            and shape.kept >= QUOTE_MIN_WORDS
            # Replaced inside the marks: "Trump wrote" for "the President wrote" is the frame.
            and _quoted_words_replaced(s.text, s.source_text or "")
        ):
            out.append(
                CopyEvidence(
                    sentence=s.index,
                    reason="quotation with words replaced inside the marks",
                    strength=Strength.SUPPORTING,
                )
            )
    out.extend(_rewrite_evidence(report, mine, src_unquoted, out))
    out.extend(_restatement_evidence(report, mine, quoted, out))
    out.extend(_passage_evidence(report, mine, shapes, quoted, out, speech))
    out.extend(_quote_change_evidence(report, source, out))
    return out


def _swap_evidence(sentence: int, swaps: int, reason: str) -> CopyEvidence:
    """Thesaurus swaps in one sentence: two support a copy, three prove it."""
    strength = Strength.STRONG if swaps >= SWAPS_STRONG else Strength.SUPPORTING
    return CopyEvidence(sentence=sentence, reason=reason, strength=strength)


def _thesaurus_swap_counts(
    report: Report, within: Sequence[tuple[int, int]] | None = None
) -> dict[int, int]:
    """Distinct synonym and alias swaps named in each sentence (only those inside the spans
    ``within``, if given), when one at least is a synonym (two outlets' house styles differ
    in names alone: "U.S." and "United States")."""
    pairs: dict[int, set[tuple[str, str]]] = {}
    synonyms: set[int] = set()
    for c in report.changes:
        if c.sentence is None or c.kind.value not in ("synonym_swap", "entity_swap"):
            continue
        if within is not None and not any(
            a <= (c.start or -1) and (c.end or 0) <= b for a, b in within
        ):
            continue
        pairs.setdefault(c.sentence, set()).add(((c.from_ or "").lower(), (c.to or "").lower()))
        if c.kind.value == "synonym_swap":
            synonyms.add(c.sentence)
    return {i: len(p) for i, p in pairs.items() if i in synonyms}


def _without_names(sentence: str) -> str:
    """The sentence's words less those written with a capital (names, titles)."""
    return " ".join(w for w in _WORD.findall(sentence) if not w[0].isupper())


def _quoted_words_replaced(derivative: str, source: str) -> bool:
    """Whether words were replaced inside the quotation marks of the two sentences (when both
    hold a quote within the sentence; otherwise anywhere in them). Called on sentences that
    are mostly quoted: where a sentence's own marks hold under half its words, they pair a
    word in scare quotes inside a quote carried over from the sentence before, and the whole
    sentence is the quote."""
    d_quoted = _inside_marks(derivative)
    s_quoted = _inside_marks(source)
    if not d_quoted or not s_quoted:
        return skeleton(derivative, source).replaced > 0
    return skeleton(d_quoted, s_quoted).replaced > 0


def _inside_marks(sentence: str) -> str:
    """The sentence's quoted words, less the reporter's clarifications in brackets ("on
    (Islamic State) activity" for "on ISIL activity"); "" where they are under half its
    words (see :func:`_quoted_words_replaced`)."""
    # Read as narration_words reads the sentence: a quote that opens in it and runs on past
    # it holds all its words, a scare-quoted word inside included.
    quoted = _CLARIFICATION.sub(" ", quoted_words(sentence))
    if 2 * len(_WORD.findall(quoted)) < len(_WORD.findall(sentence)):
        return ""
    return quoted


_CLARIFICATION = re.compile(r"\[[^\]]*\]|\([^)]*\)")


def _passage_evidence(
    report: Report,
    mine: Sequence[AlignedSentence],
    shapes: dict[int, Skeleton],
    quoted: _QuotedShare,
    found: Sequence[CopyEvidence],
    speech: _Speech,
) -> list[CopyEvidence]:
    """Runs of consecutive sentences printed near word for word in the source's order.

    A collage excerpt is a slice of the source: its sentences follow one another on both sides
    and keep the source's cut points, quotes and the narration that frames them. Two reporters
    quoting one statement choose their own sentences and frame them in their own words; they
    may share a quote of two sentences, not a passage of three with its narration. A run of
    quotes with no narration at all stays a shared quote.
    """
    taken = {e.sentence for e in found}
    runs: list[list[AlignedSentence]] = []
    for s in sorted(mine, key=lambda s: s.index):
        shape = shapes.get(s.index)
        near_verbatim = (
            s.status in (SentenceStatus.COPIED, SentenceStatus.SPUN)
            and s.source_sentences
            and shape is not None
            and shape.kept >= PASSAGE_MIN_KEPT * max(1, shape.words)
        )
        if not near_verbatim:
            runs.append([])
            continue
        run = runs[-1] if runs else []
        follows = bool(run) and (
            s.index == run[-1].index + 1
            and min(s.source_sentences) == max(run[-1].source_sentences) + 1
        )
        if follows:
            run.append(s)
        else:
            runs.append([s])
    out = []
    for run in runs:
        if len(run) < PASSAGE_MIN_SENTENCES:
            continue
        # The frame is narration on the page: outside the marks of the sentence and outside
        # the page's quotes (the middle sentence of a quote carried over three has no marks),
        # and not someone speaking.
        frame = sum(
            min(
                narration_words(s.text),
                outside_words(report.article.text, s.start, s.end, quoted.quotes),
            )
            for s in run
            if not speech.spoken(s)
        )
        if frame < PASSAGE_MIN_FRAME:
            continue
        out.extend(
            CopyEvidence(
                sentence=s.index,
                reason="passage copied in the source's order",
                strength=Strength.STRONG,
            )
            for s in run
            if s.index not in taken
        )
    return out


# Quote changes that a reporter quoting a statement on their own does not make.
_QUOTE_SPIN = {
    "quote_unquoted": "quoted words printed as narration",
    "quote_misattributed": "quoted words moved to another speaker",
    "quote_altered": "quotation with words replaced inside the marks",
}


def _sentence_text(report: Report, change: object) -> str:
    index = getattr(change, "sentence", None)
    if index is None or not 0 <= index < len(report.sentences):
        return ""
    return report.sentences[index].text


def _quote_change_evidence(
    report: Report, source: Article, found: Sequence[CopyEvidence]
) -> list[CopyEvidence]:
    """Supporting evidence from the comparison's quote changes against ``source``: words it
    quotes, printed as narration or moved to another speaker, or with words swapped inside
    the marks (an altered quote whose words were only cut or added may be a transcription)."""
    seen = {(e.sentence, e.reason) for e in found}
    taken = {s.index for s in report.sentences if s.source_id == source.id}
    page = voice(report.article.text)
    out = []
    # One reading of who speaks counts once: the sentences of a quote carried over several,
    # or two quotes given to one other speaker, rest on one attribution.
    moved: set[tuple[str, str]] = set()
    for c in report.changes:
        reason = _QUOTE_SPIN.get(c.kind.value)
        if reason is None or c.source_id != source.id or c.sentence is None:
            continue
        # More than a phrase (a few words in scare quotes are any report's); an altered quote
        # only where the page copies this source, since two transcriptions of one statement
        # differ too. Unquoted and moved words count wherever they are.
        if len(_WORD.findall(c.text or "")) < QUOTE_MIN_WORDS:
            continue
        if c.kind.value == "quote_altered" and c.sentence not in taken:
            continue
        if c.kind.value == "quote_altered" and c.confidence < ALTERED_SWAP:
            continue
        if c.kind.value == "quote_unquoted" and ATTRIBUTED.search(_sentence_text(report, c)):
            continue
        if c.kind.value == "quote_unquoted" and page.introduced_block(_sentence_text(report, c)):
            continue  # set as a block quote, under the words that introduce it
        speakers = (c.from_ or "", c.to or "")
        if c.kind.value == "quote_misattributed" and any(
            (a, b) == speakers or (same_speaker(a, speakers[0]) and same_speaker(b, speakers[1]))
            for a, b in moved
        ):
            continue
        if (c.sentence, reason) not in seen:
            seen.add((c.sentence, reason))
            if c.kind.value == "quote_misattributed":
                moved.add(speakers)
            out.append(
                CopyEvidence(sentence=c.sentence, reason=reason, strength=Strength.SUPPORTING)
            )
    return out


@dataclass(frozen=True, slots=True)
class _Speech:
    """The voices of a source and of the page that copies from it."""

    source: Voice
    page: Voice

    def spoken(self, s: AlignedSentence) -> bool:
        """Someone's words on either side, not narration."""
        return self.source.quoting(s.source_text or "") or self.page.quoting(s.text, s.start)


class _QuotedShare:
    """Share of a span of the article inside its quotation marks.

    Read from the marks, not from the extracted quotes: an extracted quote that an attribution
    interrupts ('"...," he added. "...') spans the attribution, which is narration.
    """

    def __init__(self, report: Report) -> None:
        self.quotes = quoted_mask(report.article.text)

    def share(self, start: int, end: int) -> float:
        inside = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in self.quotes)
        return inside / max(1, end - start)


def _source_narration(
    text: str,
    passage: str,
    unquoted: UnquotedWords,
    quotes: Sequence[tuple[int, int]] | None,
) -> int:
    """Words of a source passage that are its own narration: outside the extracted quotes
    and outside the marks within the sentence (or, without extracted quotes, outside the
    marks paired over the whole article)."""
    start = text.find(passage) if passage else -1
    if quotes is None or start < 0:
        return unquoted.count(passage)
    return min(outside_words(text, start, start + len(passage), quotes), narration_words(passage))


def _restatement_evidence(
    report: Report,
    mine: Sequence[AlignedSentence],
    quoted: _QuotedShare,
    found: Sequence[CopyEvidence],
) -> list[CopyEvidence]:
    """The page restates the source sentence by sentence, in its order, for most of its
    length (the alignment's ``_restated``: a fluent rewrite that brings no facts of its own).

    Quotations printed word for word are left out of the count: two reports of one statement
    or one thread of posts print the same quotations in the same order, each in its own words
    around them."""

    def narrates(s: AlignedSentence) -> bool:
        return s.status is not SentenceStatus.COPIED or quoted.share(s.start, s.end) < 0.5

    in_order = [
        s
        for s in mine
        if s.status is not SentenceStatus.INSERTED and not s.reordered and narrates(s)
    ]
    if len(in_order) < RESTATED_MIN_SENTENCES:
        return []
    if len(in_order) < RESTATED_MIN_PAGE * sum(1 for s in report.sentences if narrates(s)):
        return []
    taken = {e.sentence for e in found}
    return [
        CopyEvidence(
            sentence=s.index,
            reason="restated in the source's order (a rewrite)",
            strength=Strength.STRONG,
        )
        for s in in_order
        if s.index not in taken and s.status is SentenceStatus.REWORDED
    ]


def _rewrite_evidence(
    report: Report,
    mine: Sequence[AlignedSentence],
    src_unquoted: UnquotedWords,
    found: Sequence[CopyEvidence],
) -> list[CopyEvidence]:
    """Close rewordings of the source's narration, enough of them to make a rewrite."""
    taken = {e.sentence for e in found}
    narration = [
        s
        for s in report.sentences
        if narration_words(s.text) >= 0.5 * max(1, len(_WORD.findall(s.text)))
    ]
    reworded = [
        s
        for s in mine
        if s.status is SentenceStatus.REWORDED
        and s.index not in taken
        and src_unquoted.count(s.source_text) >= NARRATION_MIN_WORDS
        and narration_words(s.text) >= NARRATION_MIN_WORDS
    ]
    close = [s for s in reworded if s.similarity >= REWRITE_MIN_SIMILARITY]
    if len(close) >= REWRITE_MIN_SENTENCES and len(close) >= REWRITE_MIN_SHARE * len(narration):
        return [
            CopyEvidence(
                sentence=s.index, reason="close rewording (a rewrite)", strength=Strength.STRONG
            )
            for s in close
        ]
    return []
