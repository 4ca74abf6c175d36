"""Fast tokenisation for fingerprinting: regular expressions only, no spaCy.

Indexing must run at disk speed without the NLP model, so this module trades linguistic
accuracy for speed: a regex tokeniser, a heuristic sentence splitter (full stops that are not
abbreviations or initials, plus paragraph breaks), and a normaliser that case-folds, strips
accents and writes numbers one way ("1,200" -> "1200", "$1.13bn" -> "1130000000").

Sentence indices produced here are *fingerprint* sentences; ``unspin.nlp.parse`` (spaCy) may split a
text differently. Every sentence carries character offsets so the two can be matched by
overlap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from unspin.core.text import glued_seams, hard_wrapped
from unspin.core.wordlists import COMMON_WORDS, STOP_WORDS

__all__ = [
    "MONTHS",
    "Token",
    "TokenKind",
    "fast_tokens",
    "is_common",
    "normalize",
    "normalize_number",
    "raw_tokens",
    "split_sentences",
    "tokenize",
]

# One pass over the text. Order matters: acronyms ("U.S.") before words, numbers with their
# currency sign, separators and suffixes before bare digits.
_TOKEN_PATTERN = (
    r"(?:[^\W\d_]\.){2,}"  # U.S.  e.g.  U.N.
    r"|[$€£¥]?\d+(?:[.,:/\-]\d+)*(?:%|(?i:st|nd|rd|th|bn|m|k)\b)?"  # 1,200.5 $5bn 3rd 10%
    r"|[^\W\d_]+(?:['’\-][^\W\d_]+)*"  # words, don't, well-known
)
_TOKEN_RE = re.compile(_TOKEN_PATTERN)
_NUMBER_START = frozenset("0123456789$€£¥")

# The fast path of :func:`raw_tokens`. Characters that are neither word characters (``\w``)
# nor part of any token above can never be inside a token, and they look like any other
# non-word character to the pattern's one ``\b``: they become spaces, so whitespace splitting
# cuts the text into chunks that each hold whole tokens. A chunk that is letters only, once
# ``.,'’-`` are stripped from its ends, is exactly one word token; the rest go through the
# pattern.
_IN_TOKENS = frozenset(".,:/%'’-$€£¥")
_TO_SPACE = {
    cp: " "
    for cp in range(0x3000)
    if not chr(cp).isalnum() and chr(cp) != "_" and chr(cp) not in _IN_TOKENS
}
_CHUNK_EDGES = ".,'’-"


class TokenKind:
    WORD = 0
    NUMBER = 1
    ACRONYM = 2


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    norm: str  # case-folded, accent-free, numbers normalised
    start: int
    end: int
    kind: int  # TokenKind

    @property
    def capitalised(self) -> bool:
        return self.kind != TokenKind.NUMBER and self.text[:1].isupper()


def normalize(text: str) -> str:
    """Case-fold and strip accents ("Café" -> "cafe"); ASCII input takes a fast path."""
    if text.isascii():
        return text.lower()
    # Curly apostrophes are most of the non-ASCII in English news; U+2019 has no
    # decomposition and does not case-fold, so replacing it first changes nothing.
    plain = text.replace("’", "'")
    if plain.isascii():
        return plain.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("’", "'")


_SCALES = {
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "mln": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bln": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tln": 1_000_000_000_000,
}
_NUM_SUFFIX_RE = re.compile(r"(%|st|nd|rd|th|bn|m|k)$")


def normalize_number(text: str, scale: str | None = None) -> str:
    """Write a number one way: "1,200" -> "1200", "1.50" -> "1.5", "$1.13bn" -> "1130000000".

    ``scale`` is a following word ("million", "mln", ...). Dates and times ("2024-03-01",
    "10:30", "4/5") keep their separators.
    """
    s = text.lstrip("$€£¥")
    suffix = ""
    m = _NUM_SUFFIX_RE.search(s)
    if m:
        suffix = m.group(1)
        s = s[: m.start()]
    if suffix in ("bn", "m", "k"):
        scale = scale or suffix
    if re.search(r"[:/\-]", s):
        return s
    if "," in s:
        parts = s.split(",")
        if all(len(p) == 3 for p in parts[1:]) and "." not in "".join(parts[:-1]):
            s = "".join(parts)
        else:  # "1,5" (decimal comma) or a list "1,2,3": keep the comma as a separator
            return s
    if s.count(".") > 1:
        return s
    factor = _SCALES.get(scale or "", 1)
    if "." in s:
        whole, frac = s.split(".")
        frac = frac.rstrip("0")
        if factor == 1:
            return f"{int(whole or '0')}.{frac}" if frac else str(int(whole or "0"))
        digits = int((whole or "0") + frac)
        value = digits * factor
        div = 10 ** len(frac)
        return str(value // div) if value % div == 0 else f"{value / div:g}"
    return str(int(s) * factor)


def tokenize(text: str) -> list[Token]:
    """Words, numbers and acronyms with offsets; punctuation is dropped.

    A number followed by a scale word ("1.2 million", "5.93 mln") becomes one token whose
    ``norm`` is the full value, so "1.2 million" and "1,200,000" fingerprint the same.
    """
    out: list[Token] = []
    pending_num: tuple[str, int, int] | None = None
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        start, end = m.span()
        if raw[0] in _NUMBER_START:
            if pending_num is not None:
                out.append(_num_token(text, *pending_num, None))
            pending_num = (raw, start, end)
            continue
        if pending_num is not None:
            low = raw.lower()
            if low in _SCALES and start - pending_num[2] <= 2:
                out.append(_num_token(text, pending_num[0], pending_num[1], end, low))
                pending_num = None
                continue
            out.append(_num_token(text, *pending_num, None))
            pending_num = None
        if raw[-1] == ".":
            out.append(Token(raw, normalize(raw.replace(".", "")), start, end, TokenKind.ACRONYM))
        else:
            out.append(Token(raw, normalize(raw), start, end, TokenKind.WORD))
    if pending_num is not None:
        out.append(_num_token(text, *pending_num, None))
    return out


def raw_tokens(text: str) -> tuple[list[str], list[int]]:
    """``_TOKEN_RE.findall(text)``, and the indices of tokens that are numbers or acronyms.

    Most of a news text is plain words, which :meth:`str.split` finds faster than the
    pattern; only chunks with digits or inner punctuation are matched by it.
    """
    raw: list[str] = []
    special: list[int] = []
    add = raw.append
    for chunk in text.translate(_TO_SPACE).split():
        core = chunk.strip(_CHUNK_EDGES)
        if core.isalpha():
            add(core)
        elif core:
            for t in _TOKEN_RE.findall(chunk):
                if t[0] in _NUMBER_START or t[-1] == ".":
                    special.append(len(raw))
                add(t)
    return raw, special


def fast_tokens(text: str) -> tuple[list[str], list[str]]:
    """``(raw, norm)`` token strings of ``text`` without offsets: the indexing hot path.

    Same tokens as :func:`tokenize` (numbers merged with a following scale word), about
    four times faster because no objects are built.
    """
    raw, special = raw_tokens(text)
    # Tokens hold no spaces: normalise them all in one string operation, not one call each.
    norm = normalize(" ".join(raw)).split(" ")
    if len(norm) != len(raw):  # a compatibility character decomposed to a space (rare)
        norm = [normalize(t).replace(" ", "") for t in raw]
    if not special:
        return raw, norm
    merged: list[int] = []
    n = len(raw)
    for i in special:
        t = raw[i]
        if t[-1] == "." and t[0] not in _NUMBER_START:  # acronym: "u.s." -> "us"
            norm[i] = norm[i].replace(".", "")
            continue
        scale = norm[i + 1] if i + 1 < n and norm[i + 1] in _SCALES else None
        norm[i] = _number(t, scale)
        if scale is not None:
            raw[i] = t + " " + raw[i + 1]
            merged.append(i + 1)
    if merged:
        drop = set(merged)
        raw = [t for j, t in enumerate(raw) if j not in drop]
        norm = [t for j, t in enumerate(norm) if j not in drop]
    return raw, norm


_NUMBER_CACHE: dict[tuple[str, str | None], str] = {}


def _number(text: str, scale: str | None) -> str:
    key = (text, scale)
    hit = _NUMBER_CACHE.get(key)
    if hit is None:
        try:
            hit = normalize_number(text, scale)
        except ValueError:
            hit = text
        if len(_NUMBER_CACHE) < 50_000:
            _NUMBER_CACHE[key] = hit
    return hit


def _num_token(text: str, raw: str, start: int, end: int, scale: str | None) -> Token:
    try:
        norm = normalize_number(raw, scale)
    except ValueError:
        norm = raw
    return Token(text[start:end], norm, start, end, TokenKind.NUMBER)


# --- sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    str.split(
        "mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj st jr sr rev hon pres "
        "inc corp co ltd plc bros llc no nos vs etc approx dept est fig op vol jan feb mar apr "
        "jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ave blvd "
        "rd mt ft "
    )
)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence. Paragraph breaks always end a sentence.
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’»›)\]]*(\s+)(?=[\"'“‘«‹„(\[]?[A-Z0-9])|\n[ \t]*\n\s*")
# The same, for text laid out a paragraph a line (see unspin.core.text): any newline ends one.
_BOUNDARY_LINES_RE = re.compile(
    r"[.!?]+[\"'”’»›)\]]*([ \t]+)(?=[\"'“‘«‹„(\[]?[A-Z0-9])|[ \t]*\n\s*"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Heuristic sentence spans ``(start, end)``, trimmed of surrounding whitespace.

    Splits after ``.!?`` (unless the word before is a known abbreviation, an initial or an
    acronym like "U.S.") and at paragraph breaks (:mod:`unspin.core.text`: blank lines, and
    single newlines unless the text is hard-wrapped mid-sentence), and where two blocks are
    glued with no space between them (:func:`unspin.core.text.glued_seams`).
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    boundaries = _BOUNDARY_RE if hard_wrapped(text) else _BOUNDARY_LINES_RE
    for m in boundaries.finditer(text):
        if m.group(1) is not None:  # punctuation boundary
            dot = m.start()
            if text[dot] == "." and text[dot - 1 : dot].isalpha():
                word = text[max(cursor, dot - 30) : dot].rsplit(None, 1)[-1].lstrip("\"'“‘([")
                if "." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS:
                    continue
            end = m.start(1)
        else:
            end = m.start()
        _add_span(text, cursor, end, spans)
        cursor = m.end()
    _add_span(text, cursor, len(text), spans)
    seams = glued_seams(text)
    if not seams:
        return spans
    cut: list[tuple[int, int]] = []
    for start, end in spans:
        for seam in [s for s in seams if start < s < end]:
            _add_span(text, start, seam, cut)
            start = seam
        _add_span(text, start, end, cut)
    return cut


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    spans.append((s, s + len(stripped)))


# --- common words ------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip


_COMMON_CACHE: dict[str, bool] = {}


def is_common(word: str) -> bool:
    """Is a normalised word frequent enough that a spinner may swap it?

    Looks the word up in the packaged list, then tries crude de-inflections ("stressed" ->
    "stress", "cities" -> "city", "stopped" -> "stop").
    """
    hit = _COMMON_CACHE.get(word)
    if hit is None:
        hit = (
            word in COMMON_WORDS
            or word in STOP_WORDS
            or len(word) <= 2
            or any(c in COMMON_WORDS for c in _lemmas(word))
        )
        if len(_COMMON_CACHE) < 200_000:
            _COMMON_CACHE[word] = hit
    return hit


def _lemmas(w: str) -> list[str]:
    out: list[str] = []
    if w.endswith("'s"):
        out.append(w[:-2])
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 3:
        out.append(w[:-2])
    if w.endswith("s") and len(w) > 3:
        out.append(w[:-1])
    for suf in ("ed", "ing", "er", "est"):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            stem = w[: -len(suf)]
            out.append(stem)
            out.append(stem + "e")
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])
            if stem.endswith("i"):
                out.append(stem[:-1] + "y")
    if w.endswith("ly") and len(w) > 4:
        out.append(w[:-2])
        if w.endswith("ily"):
            out.append(w[:-3] + "y")
    return out
