"""Compare a derivative article's quotes with a source's, and name what changed.

- ``quote_misattributed``: the derivative gives a source quote to someone else, either
  explicitly (another speaker's name on it) or by placement: the source quote's words sit,
  without quotation marks, right after another speaker's quote, so they read as theirs. (The
  real case: a copy kept leader A's quote, then put leader B's words straight after it.)
  It needs a real difference: two named speakers that stay different once titles, roles,
  honorifics and name forms are set aside (``names.same_speaker``); a role, a pronoun, a
  date or a headline fragment is no speaker to compare, and a quote of under four words is
  anybody's.
- ``quote_unquoted``: a source quote's words appear in the derivative as narration, either a
  whole source quote sentence or a narration sentence that is part of one.
- ``quote_altered``: a quote's words differ from the source's; ``from_``/``to`` carry the
  differing words (source side / derivative side). Words swapped for others (a spinner's
  edit) get confidence ``ALTERED_SWAP``; words added or cut (as two transcriptions of one
  statement differ) ``ALTERED_EDIT``. Spelling conventions ("-ise"/"-ize") are no change.
- ``quote_fabricated``: a derivative direct quote found in no source quote nor anywhere in
  the source text. This is "not found in the given source"; ``unspin.compare`` keeps it only
  where the page copies the source at that place (see ``comparison._quote_evidence_holds``).

Quotes are compared sentence by sentence (a long quote may be cut, split or merged), matched
by fuzzy content (rapidfuzz partial ratio plus word overlap) so small edits still match, with
aliases read as one word ("America" = "the United States") and, failing that, synonyms
("believe" for "think"). Matching is quote to quote, whatever the sentence alignment made of
the text around them. A derivative quote that matches the source with the same speaker
produces no change. Candidate matches come from an inverted index of rare words, so the work
stays linear in the length of the articles.

Call ``compare_quotes`` once per source; with several sources, ``compare_quotes_all`` keeps a
``quote_fabricated`` only when no source has the quote.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from unspin.comparison.quotes.marks import paragraph_spans, scan_quotes
from unspin.comparison.quotes.names import (
    CHANNEL_NAMES,
    CHANNEL_NOUNS,
    same_speaker,
    speaker_name_words,
)
from unspin.core.model import Change, ChangeKind, Quote

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)


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
MIN_UNQUOTED_WORDS = 5  # shorter source quotes are not searched for in the narration
ALTERED_SWAP = 0.85  # confidence of a quote_altered whose words were swapped for others
ALTERED_EDIT = 0.6  # ... whose words were added or cut (maybe another transcription)
UNQUOTED_SCORE = 92.0  # a narration sentence "inside" a source quote: near-verbatim only
MIN_ATTRIBUTED_WORDS = 4  # a shorter phrase ("rocket man") is quoted by everyone: whose is moot
_MAX_DF = 60  # words in more units than this are too common to retrieve by


def _norm(text: str) -> str:
    return " ".join(w.lower().replace("’", "'") for w in _WORD_RE.findall(text))


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


def _content_words(text: str) -> set[str]:
    """Lowercased words worth retrieving by; all words when there is no other kind
    ("There it is.")."""
    words = [m.lower().replace("’", "'") for m in _WORD_RE.findall(text)]
    content = {w for w in words if w not in _STOPWORDS and (len(w) > 2 or w.isdigit())}
    return content or set(words)


def _is_channel(name: str | None) -> bool:
    if not name:
        return False
    words = {w.lower() for w in _WORD_RE.findall(name)}
    return bool(words & CHANNEL_NOUNS or words & CHANNEL_NAMES)


def _speaker_differs(a: str | None, b: str | None) -> bool:
    """True only when both speakers are known people/groups (not channels) and differ."""
    if _is_channel(a) or _is_channel(b):
        return False
    return same_speaker(a, b) is False


def _quotes_inside(q: Quote, text: str) -> bool:
    """Reported speech that keeps some of the words in marks ('he will "pay dearly"'): the
    page still shows they are quoted."""
    return any(ch in _MARKS for ch in text[q.start : q.end])


_MARKS = frozenset('"“”«»„‘')  # not ’ or ': apostrophes


def _attributions_differ(d_text: str, dq: Quote, s_text: str, sq: Quote) -> bool:
    """Whether two texts really give one quote to two different speakers.

    Both must name the speaker at the quote (a pronoun or a role resolved to someone is our
    reading, not the text's), the quote must be long enough to be one person's words, and
    the two texts must not both name both people in the quote's own sentence: there both
    tie the words to both ("Kim said Trump is 'unfit ...'"), and only our reading of who
    quotes whom differs.
    """
    if min(len(_WORD_RE.findall(dq.text)), len(_WORD_RE.findall(sq.text))) < MIN_ATTRIBUTED_WORDS:
        return False
    if not (_named_at_quote(d_text, dq) and _named_at_quote(s_text, sq)):
        return False
    return not (
        _names_in_sentence(s_text, sq, dq.speaker) and _names_in_sentence(d_text, dq, sq.speaker)
    )


def _named_at_quote(text: str, q: Quote) -> bool:
    if q.speaker_start is None or q.speaker_end is None:
        return False
    return speaker_name_words(text[q.speaker_start : q.speaker_end]) is not None


def _names_in_sentence(text: str, q: Quote, speaker: str | None) -> bool:
    """The last word of ``speaker``'s name (capitalised) is in the sentence(s) around ``q``."""
    words = speaker_name_words(speaker or "")
    if not words:
        return False
    lo = max(0, q.start - 300)
    cut = [m.end() for m in re.finditer(r"[.!?…][\"'”’»)]*\s+|\n", text[lo : q.start])]
    start = lo + cut[-1] if cut else lo
    m = re.search(r"[.!?…][\"'”’»)]*\s+(?=[A-Z“\"‘'])|\n", text[q.end : q.end + 300])
    end = q.end + m.start() if m else min(len(text), q.end + 300)
    outside = text[start : q.start] + " " + text[q.end : end]
    return re.search(rf"\b{re.escape(words[-1])}\b", outside, re.IGNORECASE) is not None


@dataclass(frozen=True, slots=True)
class _Segment:
    """One sentence of a quote: ``text`` is a slice of the quote's text; ``start``/``end``
    index the article (the whole quote's span when the slice cannot be located)."""

    quote: int
    text: str
    norm: str
    words: frozenset[str]
    start: int
    end: int


def _segments(quotes: Sequence[Quote], article: str) -> list[_Segment]:
    out: list[_Segment] = []
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
                _Segment(
                    quote=qi,
                    text=piece,
                    norm=norm,
                    words=frozenset(_content_words(folded)),
                    start=start,
                    end=end,
                )
            )
    return out


class _Index:
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


class _TextSearch:
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
        self.index = _Index([_content_words(text[s:e]) for s, e in units])

    def find(self, passage: str, min_score: float = FOUND_SCORE) -> tuple[float, int, int] | None:
        """Best (score, start, end) of ``passage`` in the text, or None.

        Aliases count as the same word ("America" in the quote, "the United States" in the
        text): a passage found only that way is placed on the whole sentence it is in.
        """
        words = _content_words(passage) | _content_words(_alias_folded(passage))
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
                    s, e = w_start + al.dest_start, w_start + al.dest_end
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


def _lower(s: str) -> str:
    return s.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _similar(a: _Segment, b: _Segment) -> float:
    """0..100: how much the shorter segment is (nearly) contained in the longer, by
    characters (partial ratio) or by words (a word or two swapped in a short sentence)."""
    if not a.norm or not b.norm:
        return 0.0
    shorter, longer = (a, b) if len(a.norm) <= len(b.norm) else (b, a)
    if shorter.words:
        overlap = len(shorter.words & longer.words) / len(shorter.words)
        if overlap < MATCH_OVERLAP:
            return 0.0
    score = float(fuzz.partial_ratio(shorter.norm, longer.norm))
    sw, lw = shorter.norm.split(), longer.norm.split()
    if len(sw) >= 4 and score < 100:
        sm = difflib.SequenceMatcher(a=sw, b=lw, autojunk=False)
        same = sum(block.size for block in sm.get_matching_blocks())
        score = max(score, 100.0 * same / len(sw))
    return score


def _narration_only(text: str) -> str:
    """``text`` with its quoted words blanked out (offsets kept)."""
    chars = list(text)
    for start, end in _quoted_mask(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _inside_source_quote(
    sentence: str, segments: list[_Segment], index: _Index, quotes: Sequence[Quote]
) -> int | None:
    """The source direct quote sentence that holds ``sentence`` (nearly word for word)."""
    folded = _alias_folded(sentence)
    norm = _norm(folded)
    if not norm:
        return None
    for si in index.candidates(_content_words(folded), k=5):
        seg = segments[si]
        if len(seg.norm) < len(norm) or not quotes[seg.quote].direct:
            continue
        if fuzz.partial_ratio(norm, seg.norm) >= UNQUOTED_SCORE:
            return si
    return None


def _spelling(word: str) -> str:
    """One form for British and American spellings ("denuclearised" = "denuclearized",
    "honour" = "honor"): two transcriptions of one quote differ in house style, not words."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"is(e|es|ed|ing|ation|ations)$", r"iz\1", w)
    w = re.sub(r"our(s|ed|ing|able)?$", r"or\1", w)
    return re.sub(r"yse(s|d)?$", r"yze\1", w)


@dataclass(frozen=True, slots=True)
class _WordDiff:
    """The differing region of a quote (source words, derivative words), and whether every
    difference swaps words for others, or turns the statement round (a negation added or
    cut, its condition cut off): a spinner's edit, rather than words added or cut as two
    transcriptions of one statement differ."""

    source: str
    derivative: str
    spinners_edit: bool


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


def _synonym_similar(a: _Segment, b: _Segment) -> float:
    """0..100: share of the shorter segment's words found in order in the longer one, a word
    counting as found when the longer has it or a synonym of it ("I believe it is exactly in
    line with my thinking" in "I think it's exactly aligned with my thinking")."""
    from unspin.nlp.lexicon.synonyms import synonym_match

    shorter, longer = (a, b) if len(a.norm) <= len(b.norm) else (b, a)
    sw, lw = _expanded(shorter.norm), _expanded(longer.norm)
    if len(sw) < MIN_ATTRIBUTED_WORDS or not shorter.words & longer.words:
        return 0.0
    present = set(lw)
    content = [w for w in dict.fromkeys(lw) if w not in _STOPWORDS and len(w) > 2]
    mapped = []
    for w in sw:
        if w not in present and w not in _STOPWORDS and len(w) > 2:
            w = next((x for x in content if synonym_match((w,), (x,)) is not None), w)
        mapped.append(w)
    sm = difflib.SequenceMatcher(a=mapped, b=lw, autojunk=False)
    same = sum(block.size for block in sm.get_matching_blocks())
    in_order = 100.0 * same / len(sw)
    # A clause moved as well ("In Europe, the bird will fly by our rules" -> "The bird will
    # fly by our laws in Europe"): every content word there, in any order.
    mapped_content = [w for w in mapped if w not in _STOPWORDS and len(w) > 2]
    if len(mapped_content) < 4:
        return in_order
    found = sum(1 for w in mapped_content if w in present)
    return max(in_order, 100.0 * found / len(mapped_content))


def _word_diff(source: str, derivative: str) -> _WordDiff | None:
    """The differing region, ignoring case, punctuation, spelling conventions and words
    dropped from either end of the source quote (a shortened quote is fine)."""
    sw = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(source)]
    dw = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(derivative)]
    a = [_spelling(w) for w, _, _ in sw]
    b = [_spelling(w) for w, _, _ in dw]
    ops = [
        op
        for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    # Words cut from the start or end of the source quote are a shortened quote, not a change,
    # unless the cut takes the condition the statement was made under ("..., unless they
    # attack first"): then the quote says something its speaker did not.
    cut_condition: tuple[int, int] | None = None
    kept = [0, len(a)]  # the source words the derivative quotes, its cut ends aside
    if ops and ops[0][0] == "delete" and ops[0][1] == 0:
        _, s1, s2, _, _ = ops.pop(0)
        kept[0] = s2
        if a[s1] in _CONDITIONS:
            cut_condition = (s1, s2)
    if ops and ops[-1][0] == "delete" and ops[-1][2] == len(a):
        _, s1, s2, _, _ = ops.pop()
        kept[1] = s1
        if a[s1] in _CONDITIONS:
            cut_condition = (s1, s2)
    if not ops and cut_condition is None:
        return None
    if not ops:
        # A phrase quoted out of a longer statement is any report's way to quote; a
        # statement quoted as a whole, minus its condition, is not.
        if len(b) < MIN_ATTRIBUTED_WORDS:
            return None
        s1, s2 = cut_condition
        return _WordDiff(source[sw[s1][1] : sw[s2 - 1][2]], "", spinners_edit=True)
    i1, i2 = ops[0][1], ops[-1][2]
    j1, j2 = ops[0][3], ops[-1][4]
    src = source[sw[i1][1] : sw[i2 - 1][2]] if i2 > i1 else ""
    der = derivative[dw[j1][1] : dw[j2 - 1][2]] if j2 > j1 else ""
    spinners_edit = all(
        tag == "replace" and max(s2 - s1, d2 - d1) <= 3 for tag, s1, s2, d1, d2 in ops
    ) or _negated(a[kept[0] : kept[1]]) != _negated(b)
    return _WordDiff(src, der, spinners_edit)


# Words that turn a statement round. Two transcriptions of one statement differ in a word
# added or cut here and there, not in whether the speaker said "not".
# ("don't", "won't" and the rest: any word ending in "n't").
_NEGATIONS = frozenset(
    ["not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "cannot"]
)
# Words that open the condition a statement holds under; cutting it changes the claim.
_CONDITIONS = frozenset(["if", "unless", "until", "except", "provided", "but", "only"])


def _negated(words: Sequence[str]) -> bool:
    """Whether the words say "not" anywhere (how often is style: "not now, not ever")."""
    return any(w in _NEGATIONS or w.endswith("n't") for w in words)


def _quoted_mask(text: str) -> list[tuple[int, int]]:
    return sorted(p for q in scan_quotes(text) for p in q.parts)


class _Masked:
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


def compare_quotes(
    derivative_text: str,
    derivative_quotes: list[Quote],
    source_text: str,
    source_quotes: list[Quote],
    *,
    source_id: str | None,
) -> list[Change]:
    """Changes to quotes between a derivative and one source, in derivative order."""
    changes: list[Change] = []
    d_segs = _segments(derivative_quotes, derivative_text)
    s_segs = _segments(source_quotes, source_text)
    s_index = _Index([s.words for s in s_segs])

    # 1. Each derivative quote sentence -> its best source quote sentence.
    best: dict[int, tuple[int, float]] = {}
    for di, d in enumerate(d_segs):
        scored = []
        for si in s_index.candidates(d.words, k=8):
            score = _similar(d, s_segs[si])
            if score >= MATCH_SCORE:
                scored.append((score, si))
        if not scored and derivative_quotes[d.quote].direct:
            # A spinner's rewrite inside the marks: words swapped for synonyms.
            scored = [
                (score, si)
                for si in s_index.candidates(d.words, k=8)
                if (score := _synonym_similar(d, s_segs[si])) >= MATCH_SCORE
            ]
        if not scored:
            continue
        # Among near-equal matches (a phrase quoted twice), prefer the whole-sentence match,
        # then the one by the same speaker.
        top_score = max(sc for sc, _ in scored)
        near = [si for sc, si in scored if sc >= top_score - 3]
        dq = derivative_quotes[d.quote]

        def rank(si: int, d: _Segment = d, dq: Quote = dq) -> tuple[float, int]:
            s = s_segs[si]
            full = fuzz.ratio(d.norm, s.norm)
            same = 0 if _speaker_differs(dq.speaker, source_quotes[s.quote].speaker) else 1
            return (round(full, 0), same)

        si = max(near, key=rank)
        best[di] = (si, max(sc for sc, i in scored if i == si))

    matched_source_segs: set[int] = {si for si, _ in best.values()}
    source_search: _TextSearch | None = None

    # 2. Per derivative quote: speaker, words, fabrication.
    by_quote: dict[int, list[int]] = defaultdict(list)
    for di, d in enumerate(d_segs):
        by_quote[d.quote].append(di)
    for qi, seg_ids in sorted(by_quote.items()):
        dq = derivative_quotes[qi]
        hits = [(di, *best[di]) for di in seg_ids if di in best]
        if not hits:
            if dq.direct:
                source_search = source_search or _TextSearch(source_text)
                if source_search.find(dq.text) is None:
                    n_words = len(_WORD_RE.findall(dq.text))
                    changes.append(
                        Change(
                            kind=ChangeKind.QUOTE_FABRICATED,
                            text=dq.text,
                            start=dq.start,
                            end=dq.end,
                            source_id=source_id,
                            speaker=dq.speaker,
                            confidence=0.8 if n_words >= 5 else 0.5,
                        )
                    )
            continue
        # Speaker: once per source quote this derivative quote draws on.
        seen_sources: set[int] = set()
        for _di, si, _score in hits:
            sq_i = s_segs[si].quote
            if sq_i in seen_sources:
                continue
            seen_sources.add(sq_i)
            sq = source_quotes[sq_i]
            if _speaker_differs(dq.speaker, sq.speaker) and _attributions_differ(
                derivative_text, dq, source_text, sq
            ):
                changes.append(
                    _speaker_change(
                        ChangeKind.QUOTE_MISATTRIBUTED, dq, sq, dq.speaker, source_id, 0.9
                    )
                )
            elif sq.direct and not dq.direct and not _quotes_inside(dq, derivative_text):
                changes.append(
                    _speaker_change(ChangeKind.QUOTE_UNQUOTED, dq, sq, dq.speaker, source_id, 0.7)
                )
        # Words: only direct quotes promise the speaker's exact words.
        if dq.direct:
            diffs = []
            first_sq: Quote | None = None
            for di, si, _score in hits:
                sq = source_quotes[s_segs[si].quote]
                if not sq.direct:
                    continue
                first_sq = first_sq or sq
                diff = _word_diff(s_segs[si].text, d_segs[di].text)
                if diff is not None:
                    diffs.append(diff)
            if diffs and first_sq is not None:
                # Words swapped inside the marks are spin; words added or cut may be another
                # transcription of the same statement, so they are less sure.
                spun = all(d.spinners_edit for d in diffs)
                changes.append(
                    Change(
                        kind=ChangeKind.QUOTE_ALTERED,
                        text=dq.text,
                        start=dq.start,
                        end=dq.end,
                        source_id=source_id,
                        source_text=first_sq.text,
                        source_start=first_sq.start,
                        source_end=first_sq.end,
                        from_=" … ".join(d.source for d in diffs),
                        to=" … ".join(d.derivative for d in diffs),
                        speaker=dq.speaker,
                        source_speaker=first_sq.speaker,
                        confidence=ALTERED_SWAP if spun else ALTERED_EDIT,
                    )
                )
            # A sentence added inside an otherwise sourced quote.
            for di in seg_ids:
                if di in best:
                    continue
                d = d_segs[di]
                if len(_WORD_RE.findall(d.text)) < 5:
                    continue
                source_search = source_search or _TextSearch(source_text)
                if source_search.find(d.text) is None:
                    changes.append(
                        Change(
                            kind=ChangeKind.QUOTE_FABRICATED,
                            text=d.text,
                            start=d.start,
                            end=d.end,
                            source_id=source_id,
                            speaker=dq.speaker,
                            confidence=0.7,
                        )
                    )

    # 3. Source quote sentences with no derivative quote: are their words in the narration?
    unmatched = [
        si
        for si, s in enumerate(s_segs)
        if si not in matched_source_segs
        and source_quotes[s.quote].direct
        and len(_WORD_RE.findall(s.text)) >= MIN_UNQUOTED_WORDS
    ]
    d_search = _TextSearch(derivative_text)
    d_mask = _Masked(_quoted_mask(derivative_text))
    d_direct = _Placed(q for q in derivative_quotes if q.direct)
    d_indirect = _Placed(q for q in derivative_quotes if not q.direct)

    def unquoted(r_start: int, r_end: int, s: _Segment) -> Change:
        sq = source_quotes[s.quote]
        reader, confidence = _reading_speaker(derivative_text, r_start, r_end, d_direct, d_indirect)
        region = _Span(derivative_text[r_start:r_end], r_start, r_end)
        source_words = _Span(s.text, s.start, s.end, sq.speaker)
        if reader is not None and _speaker_differs(reader, sq.speaker):
            return _speaker_change(
                ChangeKind.QUOTE_MISATTRIBUTED, region, source_words, reader, source_id, confidence
            )
        return _speaker_change(
            ChangeKind.QUOTE_UNQUOTED, region, source_words, reader, source_id, 0.8
        )

    placed: list[tuple[int, int]] = []
    for si in unmatched:
        s = s_segs[si]
        found = d_search.find(s.text)
        if found is None:
            continue
        _score, r_start, r_end = found
        if d_mask.share(r_start, r_end) > 0.3:
            continue  # it is quoted there (our matching missed it): not unquoted
        changes.append(unquoted(r_start, r_end, s))
        placed.append((r_start, r_end))

    # 4. The other way round: a short narration sentence of the derivative that is part of a
    # longer source quote ("They have to pay." from "They have to pay, they have to pay, ...").
    source_narration: _TextSearch | None = None
    for u_start, u_end in d_search.units:
        if any(a < u_end and u_start < b for a, b in placed):
            continue
        sentence = derivative_text[u_start:u_end].strip()
        if len(_WORD_RE.findall(sentence)) < MIN_ATTRIBUTED_WORDS:
            continue
        if d_mask.share(u_start, u_end) > 0.3:
            continue
        hit = _inside_source_quote(sentence, s_segs, s_index, source_quotes)
        if hit is None:
            continue
        # Words the source also prints as narration are narration.
        source_narration = source_narration or _TextSearch(_narration_only(source_text))
        if source_narration.find(sentence, min_score=UNQUOTED_SCORE) is not None:
            continue
        lead = len(derivative_text[u_start:u_end]) - len(derivative_text[u_start:u_end].lstrip())
        changes.append(unquoted(u_start + lead, u_start + lead + len(sentence), s_segs[hit]))
    return _dedupe(changes)


@dataclass(frozen=True, slots=True)
class _Span:
    """Words at a place in a text (and, for source words, whose they are)."""

    text: str
    start: int
    end: int
    speaker: str | None = None


def _speaker_change(
    kind: ChangeKind,
    derivative: Quote | _Span,
    source: Quote | _Span,
    speaker: str | None,
    source_id: str | None,
    confidence: float,
) -> Change:
    """A change about whose words these are: misattributed (from/to are the speakers) or
    unquoted."""
    misattributed = kind == ChangeKind.QUOTE_MISATTRIBUTED
    return Change(
        kind=kind,
        text=derivative.text,
        start=derivative.start,
        end=derivative.end,
        source_id=source_id,
        source_text=source.text,
        source_start=source.start,
        source_end=source.end,
        from_=source.speaker if misattributed else None,
        to=speaker if misattributed else None,
        speaker=speaker,
        source_speaker=source.speaker,
        confidence=confidence,
    )


class _Placed:
    """Quotes sorted by start, for "which quote covers / precedes this position"."""

    def __init__(self, quotes: Iterable[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in self.quotes]

    def covering(self, start: int, end: int) -> Quote | None:
        k = bisect.bisect_right(self.starts, end - 1) - 1
        for j in range(k, max(-1, k - 3), -1):
            q = self.quotes[j]
            if q.start < end and start < q.end:
                return q
        return None

    def before(self, pos: int) -> Quote | None:
        k = bisect.bisect_left(self.starts, pos) - 1
        for j in range(k, max(-1, k - 3), -1):
            if self.quotes[j].end <= pos:
                return self.quotes[j]
        return None


def _reading_speaker(
    text: str, start: int, end: int, direct: _Placed, indirect: _Placed
) -> tuple[str | None, float]:
    """Whose words the unquoted passage ``text[start:end]`` reads as.

    Explicitly attributed narration ("X said that ...") is X's. Otherwise a passage that
    follows a direct quote with nothing but that quote's attribution in between (same or
    next paragraph) reads as the quote's speaker: the placement case.
    """
    q = indirect.covering(start, end)
    if q is not None and q.speaker:
        return q.speaker, 0.85
    prev = direct.before(start)
    if prev is None or not prev.speaker:
        return None, 0.0
    between = text[prev.end : start]
    if len(between) > 400 or between.count("\n\n") > 1:
        return None, 0.0
    # At most the rest of the previous quote's sentence in between: its attribution
    # ("..., Putin said." or "..., said X, who ...").
    sentences = [
        p for p in re.split(r"(?<=[a-z0-9][.!?])[\"”’]?\s+", between.strip()) if _WORD_RE.search(p)
    ]
    if len(sentences) > 1:
        return None, 0.0
    return prev.speaker, 0.75


def _dedupe(changes: list[Change]) -> list[Change]:
    seen: set[tuple[str, int | None, int | None, str | None]] = set()
    out = []
    for c in sorted(changes, key=lambda c: (c.start if c.start is not None else -1, c.kind.value)):
        key = (c.kind.value, c.start, c.end, c.from_)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def compare_quotes_all(
    derivative_text: str,
    derivative_quotes: list[Quote],
    sources: Sequence[tuple[str | None, str, list[Quote]]],
) -> list[Change]:
    """``compare_quotes`` against several sources ``(source_id, text, quotes)``.

    A derivative quote is fabricated only if no source has it: a ``quote_fabricated`` is kept
    when every source reports it (and then once); other changes are kept per source.
    """
    if not sources:
        return []
    per_source = [
        compare_quotes(derivative_text, derivative_quotes, text, quotes, source_id=sid)
        for sid, text, quotes in sources
    ]
    fabricated = [
        {(c.start, c.end) for c in changes if c.kind == ChangeKind.QUOTE_FABRICATED}
        for changes in per_source
    ]
    everywhere = set.intersection(*fabricated) if fabricated else set()
    out: list[Change] = []
    kept: set[tuple[int | None, int | None]] = set()
    for changes in per_source:
        for c in changes:
            if c.kind == ChangeKind.QUOTE_FABRICATED:
                span = (c.start, c.end)
                if span not in everywhere or span in kept:
                    continue
                kept.add(span)
            out.append(c)
    return sorted(out, key=lambda c: (c.start if c.start is not None else -1, c.kind.value))


__all__ = ["compare_quotes", "compare_quotes_all"]
