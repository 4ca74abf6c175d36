"""Finding a quote's words again: quote sentences, a rare-word index, fuzzy similarity.

A quote is cut into sentences (``quote_segments``), each normalised with aliases folded into one
word ("the United States" = "America"); candidates come from an inverted index of rare words
(``WordIndex``), so the work stays linear in the length of the articles, and are scored by
``similar`` (partial ratio plus word overlap) or, failing that, ``synonym_similar``.
``TextSearch`` finds a passage in running text; ``Masked`` tells how much of a span is quoted.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from unspin.comparison.quotes.marks import paragraph_spans, quoted_mask
from unspin.core.model import Quote

WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one set."""
    return frozenset(text.split())


_SENT_SPLIT_RE = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+|\n\s*")
_STOPWORDS = _words(
    """
    a an the and or but if of to in on at by for with from as is are was were be been
    being it its this that these those he she they we i you his her their our my your
    him them us me not no so do does did have has had will would can could should may
    might must shall than then there here what which who whom whose when where why how
    all any some more most very just also only about into over after before up out s t
    """
)


# Thresholds (tuned on the tamper pairs built from PolNeAR train articles).
MATCH_SCORE = 80.0  # partial-ratio score for two quote sentences to be "the same quote"
MATCH_OVERLAP = 0.5  # share of the shorter side's content words found in the other
FOUND_SCORE = 88.0  # partial-ratio score for quote words to be "found" in running text
UNQUOTED_SCORE = 92.0  # a narration sentence "inside" a source quote: near-verbatim only
SYNONYM_MIN_CONTENT = 4  # content words of a quote sentence matched anywhere in a longer one
SWAPPED_MIN_WORDS = 8  # words of a source quote kept in place in a spun, unquoted sentence
SWAPPED_MIN_KEPT = 0.6  # of the quote's words
SWAPPED_MAX_BLOCK = 2  # words replaced together ("saved" -> "rescued", "demolished" -> "torn down")
SHORT_SEGMENT_WORDS = 8  # a quote sentence this short is matched by its words, not characters
RESPOKEN_MAX_EXTRA = 12  # words a respun quote's sentence holds besides it: an attribution
MIN_ATTRIBUTED_WORDS = 4  # a shorter phrase ("rocket man") is quoted by everyone: whose is moot
_MAX_DF = 60  # words in more units than this are too common to retrieve by


def _norm(text: str) -> str:
    return " ".join(w.lower().replace("’", "'") for w in WORD_RE.findall(text))


def _alias_folded(text: str) -> str:
    """``text`` with every country or organisation alias written as one canonical word, so a
    spinner's "the United States" for "America" (or "Russian Federation" for "Russia") does
    not hide a quote."""
    from unspin.nlp.lexicon.aliases import alias_table, tokenize

    tokens = tokenize(text)
    matches = alias_table().find_all(tokens)
    if not matches:
        return text
    out: list[str] = []
    i = 0
    for m in matches:
        out.extend(tokens[i : m.start])
        out.append(re.sub(r"\W+", "", m.canonical.title()))
        i = m.end
    out.extend(tokens[i:])
    return " ".join(out)


def content_words(text: str) -> set[str]:
    """Lowercased words worth retrieving by; all words when there is no other kind
    ("There it is.")."""
    words = [m.lower().replace("’", "'") for m in WORD_RE.findall(text)]
    content = {w for w in words if w not in _STOPWORDS and (len(w) > 2 or w.isdigit())}
    return content or set(words)


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of a quote: ``text`` is a slice of the quote's text; ``start``/``end``
    index the article (the whole quote's span when the slice cannot be located)."""

    quote: int
    text: str
    norm: str
    words: frozenset[str]
    start: int
    end: int


def quote_segments(quotes: Sequence[Quote], article: str) -> list[Segment]:
    out: list[Segment] = []
    for qi, q in enumerate(quotes):
        pieces = [p for p in _SENT_SPLIT_RE.split(q.text) if p and p.strip()]
        merged: list[str] = []
        for p in pieces:
            if merged and (len(p.split()) < 4 or len(merged[-1].split()) < 4):
                merged[-1] = merged[-1] + " " + p
            else:
                merged.append(p)
        cursor = q.start
        for piece in merged:
            piece = piece.strip()
            folded = _alias_folded(piece)
            norm = _norm(folded)
            if not norm:
                continue
            at = article.find(piece, cursor, q.end + 1) if q.end >= q.start else -1
            if at >= 0:
                start, end = at, at + len(piece)
                cursor = end
            else:
                start, end = q.start, q.end
            out.append(
                Segment(
                    quote=qi,
                    text=piece,
                    norm=norm,
                    words=frozenset(content_words(folded)),
                    start=start,
                    end=end,
                )
            )
    return out


class WordIndex:
    """Inverted index of rare content words over items (segments or text units)."""

    def __init__(self, word_sets: Sequence[Iterable[str]]) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, words in enumerate(word_sets):
            for w in words:
                self.postings[w].append(i)
        self.max_df = max(_MAX_DF, len(word_sets) // 20)

    def candidates(self, words: Iterable[str], k: int = 5) -> list[int]:
        counts: Counter[int] = Counter()
        for w in words:
            post = self.postings.get(w)
            if post and len(post) <= self.max_df:
                counts.update(post)
        return [i for i, _ in counts.most_common(k)]


class TextSearch:
    """Fuzzy search of a passage in running text (sentence windows of an article)."""

    def __init__(self, text: str) -> None:
        self.text = text
        units: list[tuple[int, int]] = []
        for para_start, para_end in paragraph_spans(text):
            cursor = para_start
            for m in _SENT_SPLIT_RE.finditer(text, para_start, para_end):
                if m.start() > cursor:
                    units.append((cursor, m.start()))
                cursor = m.end()
            if para_end > cursor:
                units.append((cursor, para_end))
        self.units = units
        self.index = WordIndex([content_words(text[s:e]) for s, e in units])

    def find(self, passage: str, min_score: float = FOUND_SCORE) -> tuple[float, int, int] | None:
        """Best (score, start, end) of ``passage`` in the text, or None.

        Aliases count as the same word ("America" in the quote, "the United States" in the
        text): a passage found only that way is placed on the whole sentence it is in.
        """
        words = content_words(passage) | content_words(_alias_folded(passage))
        query = passage.strip()
        if not words or not query:
            return None
        folded_query: str | None = None
        best: tuple[float, int, int] | None = None
        for ui in self.index.candidates(words, k=4):
            lo = max(0, ui - 1)
            hi = min(len(self.units) - 1, ui + 1)
            w_start, w_end = self.units[lo][0], self.units[hi][1]
            window = self.text[w_start:w_end]
            if len(window) < 0.8 * len(query):
                continue
            al = fuzz.partial_ratio_alignment(query, window, processor=_lower)
            if al is not None and al.score >= min_score:
                if len(query) <= len(window):
                    s, e = _word_edges(self.text, w_start + al.dest_start, w_start + al.dest_end)
                else:  # rapidfuzz aligned the window inside the query
                    s, e = w_start, w_end
                if best is None or al.score > best[0]:
                    best = (al.score, s, e)
                continue
            folded_query = folded_query or _lower(_alias_folded(query))
            u_start, u_end = self.units[ui]
            for s, e in ((u_start, u_end), (w_start, w_end)):
                folded = _lower(_alias_folded(self.text[s:e]))
                if len(folded) < 0.8 * len(folded_query):
                    continue
                score = fuzz.partial_ratio(folded_query, folded)
                if score >= min_score and (best is None or score > best[0]):
                    best = (score, s, e)
                    break
        return best

    def find_swapped(self, passage: str) -> tuple[int, int] | None:
        """The sentence of the text that holds ``passage`` with words swapped one for one, as
        a spinner leaves a sentence: the passage's words in place (``SWAPPED_MIN_KEPT`` of
        them, at least ``SWAPPED_MIN_WORDS``), the others replaced in blocks of at most
        ``SWAPPED_MAX_BLOCK`` words, no word added or cut inside it. (The text may add words
        before and after it.) Its (start, end), or None."""
        words = [w.lower() for w in WORD_RE.findall(passage)]
        if len(words) < SWAPPED_MIN_WORDS:
            return None
        for ui in self.index.candidates(content_words(passage), k=4):
            start, end = self.units[ui]
            unit = [w.lower() for w in WORD_RE.findall(self.text[start:end])]
            if _swapped_only(words, unit):
                return start, end
        return None

    def unit_holding(self, offset: int) -> tuple[int, int] | None:
        """The sentence unit (start, end) of the text that holds ``offset``, if any."""
        at = bisect.bisect_right(self.units, (offset, len(self.text) + 1)) - 1
        if at >= 0 and self.units[at][0] <= offset < self.units[at][1]:
            return self.units[at]
        return None

    def find_swapped_in(self, sentence: str, part: tuple[int, int]) -> tuple[int, int] | None:
        """Where ``sentence[part[0]:part[1]]`` stands in the text, found through the whole
        ``sentence`` it belongs to: the sentence held in one of the text's sentences with words
        swapped one for one (as ``find_swapped``), and at least half the part's own words kept
        in place. A short quote ("will face results beyond his expectation") spun and printed
        as narration is too short to be told from a reporter's own wording alone; in a
        sentence whose frame is the source's, word for word, it is the source's quote."""
        found = [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(sentence)]
        inside = [i for i, (s, _, _) in enumerate(found) if part[0] <= s < part[1]]
        if not inside or len(found) < SWAPPED_MIN_WORDS:
            return None
        first, last = inside[0], inside[-1]
        words = [w for _, _, w in found]
        for ui in self.index.candidates(content_words(sentence), k=4):
            u_start, u_end = self.units[ui]
            placed = [(m.start(), m.end()) for m in WORD_RE.finditer(self.text, u_start, u_end)]
            unit = [self.text[s:e].lower() for s, e in placed]
            ops = _word_ops(words, unit)
            if not _swapped_only(words, unit, ops):
                continue
            kept = sum(
                max(0, min(i2, last + 1) - max(i1, first))
                for tag, i1, i2, _, _ in ops
                if tag == "equal"
            )
            if 2 * kept < len(inside):
                continue
            start = next(
                j1 + (first - i1 if tag == "equal" else 0)
                for tag, i1, i2, j1, _ in ops
                if i1 <= first < i2
            )
            end = next(
                (j1 + last - i1 if tag == "equal" else j2 - 1)
                for tag, i1, i2, j1, j2 in ops
                if i1 <= last < i2
            )
            return placed[start][0], placed[end][1]
        return None


def _word_ops(passage: list[str], unit: list[str]) -> list[tuple[str, int, int, int, int]]:
    return difflib.SequenceMatcher(None, passage, unit, autojunk=False).get_opcodes()


def _swapped_only(
    passage: list[str], unit: list[str], ops: list[tuple[str, int, int, int, int]] | None = None
) -> bool:
    ops = list(_word_ops(passage, unit) if ops is None else ops)
    # Words the unit adds around the passage are its own frame ("Officials believe ...").
    while ops and ops[0][0] == "insert":
        ops.pop(0)
    while ops and ops[-1][0] == "insert":
        ops.pop()
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    middle = [op for op in ops if op[0] != "equal"]
    return (
        kept >= SWAPPED_MIN_WORDS
        and kept >= SWAPPED_MIN_KEPT * len(passage)
        and all(
            tag == "replace" and max(i2 - i1, j2 - j1) <= SWAPPED_MAX_BLOCK
            for tag, i1, i2, j1, j2 in middle
        )
    )


# The last word of the sentence before, caught by a character alignment that runs over the
# sentence break: a lower-case word and its stop ("year. "; not "U.S." or "Mr."), or any word
# and its stop at a paragraph break.
_SENTENCE_TAIL = re.compile(r"\S*[a-z]{3}[.!?][\"'”’)\]]*\s+|\S*[.!?][\"'”’)\]]*[ \t]*\n\s*")


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved out to whole words: a character alignment may begin or end
    inside one ("ey will" for "they will"), or on the space or the stop before one (the end
    of the sentence before)."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and (text[start].isspace() or text[start] in ".,;:!?)]"):
        start += 1
    tail = _SENTENCE_TAIL.match(text, start, end)
    if tail and tail.end() < end:
        start = tail.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lower(s: str) -> str:
    return s.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def similar(a: Segment, b: Segment) -> float:
    """0..100: how much the shorter segment is (nearly) contained in the longer, by
    characters (partial ratio) or by words (a word or two swapped in a short sentence)."""
    if not a.norm or not b.norm:
        return 0.0
    shorter, longer = (a, b) if len(a.norm) <= len(b.norm) else (b, a)
    overlap = 1.0
    if shorter.words:
        overlap = len(shorter.words & longer.words) / len(shorter.words)
        if overlap < MATCH_OVERLAP:
            return 0.0
    sw, lw = shorter.norm.split(), longer.norm.split()
    if 3 <= len(sw) < SHORT_SEGMENT_WORDS and _meaning_words(shorter) < 2 and len(lw) > 2 * len(sw):
        # "And that's a problem." is in any long quote that says "problem" (a quoted term,
        # "bird", is that term wherever it is quoted).
        return 0.0
    # Characters line up by chance in a short sentence ("I prepared to be president" in "is
    # Donald Trump qualified to be president"): there, every word that says something must
    # be in the other, or the words themselves must match.
    by_chars = len(sw) >= SHORT_SEGMENT_WORDS or overlap == 1.0
    score = float(fuzz.partial_ratio(shorter.norm, longer.norm)) if by_chars else 0.0
    if len(sw) >= 4 and score < 100:
        sm = difflib.SequenceMatcher(a=sw, b=lw, autojunk=False)
        same = sum(block.size for block in sm.get_matching_blocks())
        score = max(score, 100.0 * same / len(sw))
    return score


def narration_only(text: str) -> str:
    """``text`` with its quoted words blanked out (offsets kept)."""
    chars = list(text)
    for start, end in quoted_mask(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def inside_source_quote(
    sentence: str, segments: list[Segment], index: WordIndex, quotes: Sequence[Quote]
) -> int | None:
    """The source direct quote sentence that holds ``sentence`` (nearly word for word)."""
    folded = _alias_folded(sentence)
    norm = _norm(folded)
    if not norm:
        return None
    for si in index.candidates(content_words(folded), k=5):
        seg = segments[si]
        if len(seg.norm) < len(norm) or not quotes[seg.quote].direct:
            continue
        if fuzz.partial_ratio(norm, seg.norm) >= UNQUOTED_SCORE:
            return si
    return None


def respoken_source_quote(
    sentence: str, segments: list[Segment], index: WordIndex, quotes: Sequence[Quote]
) -> int | None:
    """The source direct quote sentence that ``sentence`` respeaks: rearranged and respun,
    still in its speaker's first or second person ("The bird will fly by our laws in Europe."
    for "In Europe, the bird will fly by our rules"), its words there, a synonym counting, in
    any order (``synonym_similar``), in a sentence that adds at most an attribution. Only a
    quote that speaks so: the person is what tells the speaker's words kept from a reporter's
    paraphrase of them."""
    # Imported here: narration reads quotation marks through this package.
    from unspin.comparison.narration import speaks

    if not speaks(sentence):
        return None
    folded = _alias_folded(sentence)
    unit = Segment(
        quote=-1,
        text=sentence,
        norm=_norm(folded),
        words=frozenset(content_words(folded)),
        start=0,
        end=len(sentence),
    )
    size = len(unit.norm.split())
    for si in index.candidates(unit.words, k=5):
        seg = segments[si]
        if not quotes[seg.quote].direct or size > len(seg.norm.split()) + RESPOKEN_MAX_EXTRA:
            continue
        if speaks(seg.text) and synonym_similar(seg, unit) >= MATCH_SCORE:
            return si
    return None


_CONTRACTIONS = (
    (re.compile(r"\b(it|that|he|she|there|what|who)'s\b"), r"\1 is"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
)


def _expanded(norm: str) -> list[str]:
    for pattern, repl in _CONTRACTIONS:
        norm = pattern.sub(repl, norm)
    return norm.split()


def says_something(word: str) -> bool:
    """Not a function word nor a short one."""
    return word not in _STOPWORDS and len(word) > 2


def _meaning_words(segment: Segment) -> int:
    """Words of the segment that say something (contractions written out)."""
    return sum(1 for w in _expanded(segment.norm) if says_something(w))


def synonym_similar(a: Segment, b: Segment) -> float:
    """0..100: share of the shorter segment's words found in order in the longer one, a word
    counting as found when the longer has it or a synonym of it ("I believe it is exactly in
    line with my thinking" in "I think it's exactly aligned with my thinking")."""
    from unspin.nlp.lexicon.synonyms import synonym_match

    shorter, longer = (a, b) if len(a.norm) <= len(b.norm) else (b, a)
    sw, lw = _expanded(shorter.norm), _expanded(longer.norm)
    if len(sw) < MIN_ATTRIBUTED_WORDS or not shorter.words & longer.words:
        return 0.0
    if _meaning_words(shorter) < 2:
        return 0.0  # "I don't buy that." is any speaker's, whatever a thesaurus finds for it
    present = set(lw)
    content = [w for w in dict.fromkeys(lw) if says_something(w)]
    mapped = []
    for w in sw:
        if w not in present and says_something(w):
            w = next((x for x in content if synonym_match((w,), (x,)) is not None), w)
        mapped.append(w)
    sm = difflib.SequenceMatcher(a=mapped, b=lw, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    same = sum(block.size for block in blocks)
    in_order = 100.0 * same / len(sw)
    if len(sw) < SHORT_SEGMENT_WORDS and same < len(sw):
        # A short sentence is that sentence respun only whole: "I prepared to be president"
        # is not "Is Donald Trump qualified to be president?" by one synonym and a lost "I".
        return 0.0
    # A clause moved as well ("In Europe, the bird will fly by our rules" -> "The bird will
    # fly by our laws in Europe"): every content word there, in any order.
    mapped_content = [w for w in mapped if says_something(w)]
    # Names are every report's words: a quote about "Donald Trump" finds them in any other.
    # One name counts ("In Europe, the bird will fly by our rules"), not a full name's words.
    first = re.search(r"\w", shorter.text)
    names = {
        m.group().lower()
        for m in re.finditer(r"\b[A-Z]\w+", shorter.text)
        if first is None or m.start() > first.start()  # not the sentence's first word
    }
    named = min(1, sum(w in names for w in mapped_content))
    if len([w for w in mapped_content if w not in names]) + named < SYNONYM_MIN_CONTENT:
        # A short sentence finds its few words in order in any long quote, scattered over
        # it ("And I think that's a good thing." in a minute of debate): it is that quote
        # respun only where they stand together.
        spread = blocks[-1].b + blocks[-1].size - blocks[0].b if blocks else 0
        return in_order if spread <= 2 * len(sw) else 0.0
    # In any order, but together, and half of them as they are: a sentence's words scattered
    # over a minute of another quote, or found there only through WordNet's broader terms
    # ("make", "coming" -> "see"), are not that sentence moved about.
    places = sorted(lw.index(w) for w in mapped_content if w in present)
    literal = [w for w in sw if says_something(w)]
    if (
        not places
        or places[-1] - places[0] >= 2 * len(sw)
        or 2 * sum(w in present for w in literal) < len(literal)
    ):
        return in_order
    return max(in_order, 100.0 * len(places) / len(mapped_content))


class Masked:
    """Bisect-able quoted-region mask (the list above can be long for big articles)."""

    def __init__(self, mask: list[tuple[int, int]]) -> None:
        self.mask = mask
        self.starts = [s for s, _ in mask]

    def share(self, start: int, end: int) -> float:
        k = max(0, bisect.bisect_right(self.starts, start) - 1)
        if end <= start:
            return 0.0
        inside = 0
        while k < len(self.mask) and self.mask[k][0] < end:
            s, e = self.mask[k]
            if e > start:
                inside += min(e, end) - max(s, start)
            k += 1
        return inside / (end - start)


__all__ = [
    "FOUND_SCORE",
    "MATCH_OVERLAP",
    "MATCH_SCORE",
    "MIN_ATTRIBUTED_WORDS",
    "UNQUOTED_SCORE",
    "WORD_RE",
    "Masked",
    "Segment",
    "TextSearch",
    "WordIndex",
    "inside_source_quote",
    "narration_only",
    "quote_segments",
    "similar",
    "synonym_similar",
]
