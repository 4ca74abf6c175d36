"""Whether two texts really give one quote to different speakers.

A misattribution needs a real difference: two named speakers who stay different once titles,
roles and name forms are set aside (``names.same_speaker``), each named at the quote by its
own text (a pronoun or a role resolved to someone is our reading, not the text's), words long
enough to be one person's, and no quote inside the quote (a speaker relaying another's words).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from unspin.comparison.quotes.marks import paragraph_spans
from unspin.comparison.quotes.matching import MIN_ATTRIBUTED_WORDS, WORD_RE
from unspin.comparison.quotes.names import (
    CHANNEL_NAMES,
    CHANNEL_NOUNS,
    same_speaker,
    speaker_name_words,
)
from unspin.core.model import Quote


def is_channel(name: str | None) -> bool:
    if not name:
        return False
    words = {w.lower() for w in WORD_RE.findall(name)}
    return bool(words & CHANNEL_NOUNS or words & CHANNEL_NAMES)


def speaker_differs(a: str | None, b: str | None) -> bool:
    """True only when both speakers are known people/groups (not channels) and differ."""
    if is_channel(a) or is_channel(b):
        return False
    return same_speaker(a, b) is False


def attributions_differ(d_text: str, dq: Quote, s_text: str, sq: Quote) -> bool:
    """Whether two texts really give one quote to two different speakers.

    Both must name the speaker at the quote (a pronoun or a role resolved to someone is our
    reading, not the text's), the quote must be long enough to be one person's words, and
    the two texts must not both name both people in the quote's own sentence: there both
    tie the words to both ("Kim said Trump is 'unfit ...'"), and only our reading of who
    quotes whom differs.
    """
    if not _one_persons_words(dq, sq):
        return False
    if not (named_at_quote(d_text, dq) and named_at_quote(s_text, sq)):
        return False
    if _nickname_of(d_text, s_text, dq.speaker, sq.speaker):
        return False
    if one_of_the_speakers(d_text, dq, s_text, sq):
        return False
    return not (
        _names_in_sentence(s_text, sq, dq.speaker) and _names_in_sentence(d_text, dq, sq.speaker)
    )


def name_put_for_pronoun(d_text: str, dq: Quote, s_text: str, sq: Quote) -> bool:
    """The source gives the quote to "he" or "the envoy" (our reading names who), and the
    page prints the same sentence with another person's name in that place ('..., Ortiz
    said.' for '..., he said.'): the page, not our reading, gives the words to someone else.
    The same frame around the quote, or the source's paragraph naming the person we read
    "he" as, makes that reading safe enough.
    Resting on our reading of the pronoun, it counts only where the page copies the source
    (``MISATTRIBUTED_IN_PLACE``, see ``comparison._quote_evidence_holds``)."""
    if not (dq.direct and sq.direct):
        return False  # words printed as narration are another change (quote_unquoted)
    if not _one_persons_words(dq, sq):
        return False
    if not named_at_quote(d_text, dq) or named_at_quote(s_text, sq):
        return False
    if _named_in_paragraph(s_text, sq, dq.speaker):
        return False  # the source's "he" may be the page's man: our reading could be wrong
    d_frame, s_frame = _frame_words(d_text, dq), _frame_words(s_text, sq)
    if d_frame is not None and d_frame == s_frame:
        return True
    # Another frame ('Lee said: "..."' for '"...," he said.'): still the page's doing when
    # the source's paragraph names the one it reads as, and not the page's man, before "he".
    return _named_in_paragraph(s_text, sq, sq.speaker)


# A name with a nickname or stage name in marks between its parts, Michael "Wonder Mic"
# Wright, or in brackets after it, Michael Wright (Wonder Mike): (nickname, surname).
NICKNAME_SCORE = 85  # a nickname's spellings differ ("Wonder Mic", "Wonder Mike")
_NICKNAMED = re.compile(
    r"\b[A-Z][\w'’-]+\s+[\"“‘'](?P<nick>[A-Z][^\"“”‘’\n]{1,30}?)[\"”’']\s+(?P<surname>[A-Z][\w'’-]+)"
    r"|\b[A-Z][\w'’-]+\s+(?P<surname2>[A-Z][\w'’-]+)\s+\((?P<nick2>[A-Z][^()\n]{1,30}?)\)"
)


def _nicknames(text: str) -> list[tuple[str, str]]:
    return [
        (
            " ".join(WORD_RE.findall((m.group("nick") or m.group("nick2")).lower())),
            (m.group("surname") or m.group("surname2")).lower(),
        )
        for m in _NICKNAMED.finditer(text)
    ]


def _nickname_of(a_text: str, b_text: str, a: str | None, b: str | None) -> bool:
    """One speaker is the other's nickname, as either text names that person ("Wonder Mike"
    and Wright, for Michael "Wonder Mic" Wright): one person, named two ways."""
    a_words, b_words = speaker_name_words(a or ""), speaker_name_words(b or "")
    if not a_words or not b_words:
        return False
    for nick, surname in (*_nicknames(a_text), *_nicknames(b_text)):
        for one, other in ((a_words, b_words), (b_words, a_words)):
            if fuzz.ratio(" ".join(one), nick) >= NICKNAME_SCORE and other[-1] == surname:
                return True
    return False


def one_of_the_speakers(d_text: str, dq: Quote, s_text: str, sq: Quote) -> bool:
    """Some name each text gives the quote to is one person, where either gives it to several
    names joined ("Lopez and Reyes said"): a joint statement is each signer's words, and a
    page that names one of them gives it to no one else."""
    d_names, s_names = joint_speakers(d_text, dq), joint_speakers(s_text, sq)
    if len(d_names) == 1 and len(s_names) == 1:
        return False  # one speaker each: the caller's own comparison
    return any(
        same_speaker(a, b) is True or _nickname_of(d_text, s_text, a, b)
        for a in d_names
        for b in s_names
    )


# A subject of several names joined ("Maria Lopez and Daniel Reyes said", "Lopez, Reyes and
# Cruz said"): its capitalised words, the commas and the "and" between them.
_LIST_PIECE = re.compile(r"[A-Z][\w.'’-]*|and|&|,")
_LIST_TOKEN = re.compile(r"[\w.'’&-]+|,")
_LIST_REACH = 80  # characters either side of the speaker's name a subject's other names take


def joint_speakers(text: str, q: Quote) -> list[str]:
    """The names the text gives the quote to: its speaker, and the other names joined with
    it as the subject of the quote's own verb ("Lopez and Reyes said", "said Lopez and
    Reyes"; not the next clause's, '"...," said Trump, and Putin replied')."""
    one = [q.speaker] if q.speaker else []
    if q.speaker_start is None or q.speaker_end is None or not q.cue:
        return one
    lo = max(0, q.speaker_start - _LIST_REACH)
    tokens = list(_LIST_TOKEN.finditer(text, lo, min(len(text), q.speaker_end + _LIST_REACH)))
    inside = [i for i, t in enumerate(tokens) if q.speaker_start <= t.start() < q.speaker_end]
    if not inside:
        return one

    def joins(i: int, j: int) -> bool:  # token j joins token i's list: nothing else between
        return (
            bool(_LIST_PIECE.fullmatch(tokens[j].group()))
            and not text[tokens[min(i, j)].end() : tokens[max(i, j)].start()].strip()
        )

    first, last = inside[0], inside[-1]
    while first > 0 and joins(first, first - 1):
        first -= 1
    while last + 1 < len(tokens) and joins(last, last + 1):
        last += 1
    while first < inside[0] and not tokens[first].group()[0].isupper():
        first += 1  # a list opens and closes on a name
    while last > inside[-1] and not tokens[last].group()[0].isupper():
        last -= 1
    beside = {tokens[i].group().lower() for i in (first - 1, last + 1) if 0 <= i < len(tokens)}
    if q.cue.lower().split()[-1] not in beside:
        return one
    names: list[list[str]] = [[]]
    separators = []
    for t in tokens[first : last + 1]:
        word = t.group()
        if word in ("and", "&", ","):
            separators.append(word)
            if names[-1]:
                names.append([])
        else:
            names[-1].append(word)
    names = [n for n in names if n]
    if len(names) < 2 or (len(names) < 3 and "," in separators):
        return one  # "said Lopez, and Reyes replied": two clauses
    return [" ".join(n) for n in names]


def _named_in_paragraph(text: str, q: Quote, speaker: str | None) -> bool:
    """The last word of ``speaker``'s name is in the paragraph of ``q``, up to the quote's
    sentence end."""
    start = next((s for s, e in paragraph_spans(text) if s <= q.start < e), 0)
    end = max(q.end, q.speaker_end or q.end)
    return surname_in(text[start : end + 40], speaker)


def _frame_words(text: str, q: Quote) -> list[str] | None:
    """The words of the quote's sentence outside the quote, its speaker as one placeholder."""
    if q.speaker_start is None or q.speaker_end is None:
        return None
    start, end = sentence_span(text, min(q.start, q.speaker_start), max(q.end, q.speaker_end))
    pieces = sorted([(q.start, q.end, ""), (q.speaker_start, q.speaker_end, " SPEAKER ")])
    if pieces[0][1] > pieces[1][0]:
        return None  # the speaker inside the quote's span: no frame to compare
    out, at = [], start
    for a, b, put in pieces:
        out.append(text[at:a] + put)
        at = b
    out.append(text[at:end])
    return WORD_RE.findall(" ".join(out).lower())


def named_at_quote(text: str, q: Quote) -> bool:
    if q.speaker_start is None or q.speaker_end is None:
        return False
    return speaker_name_words(text[q.speaker_start : q.speaker_end]) is not None


def _names_in_sentence(text: str, q: Quote, speaker: str | None) -> bool:
    """The last word of ``speaker``'s name (capitalised) is in the sentence(s) around ``q``."""
    start, end = sentence_span(text, q.start, q.end)
    return surname_in(text[start : q.start] + " " + text[q.end : end], speaker)


def sentence_span(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The sentence(s) around ``text[lo:hi]``: back to the last sentence end or line break,
    on to the next one (at most 300 characters each way)."""
    back = max(0, lo - 300)
    cut = [m.end() for m in re.finditer(r"[.!?…][\"'”’»)]*\s+|\n", text[back:lo])]
    m = re.search(r"[.!?…][\"'”’»)]*\s+(?=[A-Z“\"‘'])|\n", text[hi : hi + 300])
    return back + cut[-1] if cut else back, hi + m.start() if m else min(len(text), hi + 300)


def surname_in(words: str, speaker: str | None) -> bool:
    """The last word of ``speaker``'s name is in ``words``."""
    name = speaker_name_words(speaker or "")
    return bool(name) and re.search(rf"\b{re.escape(name[-1])}\b", words, re.IGNORECASE) is not None


# A quote inside the quote ('... that ‘it is not a good idea’'; not one term in marks,
# ‘fact-checker’), or speech it reports ("And he said, ..."): the speaker relays others'
# words, which another report may give to whoever first said them.
_INNER = r"(?:[^‘’'\"“”\n]|[’'](?=[a-z]))"  # an apostrophe inside a word is no mark
_NESTED_QUOTE = re.compile(
    rf"(?:^|[\s(\[—–-])[‘'\"“]\w{_INNER}*?\s{_INNER}+?[’'\"”](?=$|[\s.,;:!?)\]—–-])"
    # ... or opened and still open where the sentence ends (it closes after the next one)
    rf"|(?:^|[\s(\[—–-])‘\w{_INNER}*\s{_INNER}*$"
)
_REPORTED = re.compile(r"\b(?:he|she|they)\s+(?:said|says|told|tells|asked|added)\b", re.IGNORECASE)


def relays_speech(quote_text: str, matched: str) -> bool:
    """The quote reports speech, or the sentence of it that matched quotes someone (a
    quote's own "If you think, 'He is wrong'" elsewhere leaves its other words its own)."""
    return bool(_NESTED_QUOTE.search(matched) or _REPORTED.search(quote_text))


def _one_persons_words(dq: Quote, sq: Quote) -> bool:
    """Both versions of the quote are long enough to be one person's words, not anybody's."""
    return min(len(WORD_RE.findall(dq.text)), len(WORD_RE.findall(sq.text))) >= MIN_ATTRIBUTED_WORDS


__all__ = [
    "attributions_differ",
    "is_channel",
    "joint_speakers",
    "name_put_for_pronoun",
    "named_at_quote",
    "one_of_the_speakers",
    "relays_speech",
    "sentence_span",
    "speaker_differs",
    "surname_in",
]
