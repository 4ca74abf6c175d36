"""Sentences as sequences of comparable *units*: the analyse stage of compare.

A unit is a token or a multi-token name, with a ``key`` that is equal across spinning where the
meaning is equal: aliases of one country share a key ("Russia", "Russian Federation" ->
``ent:country:RUS``), a person's full name and surname share one ("Vladimir Putin", "Putin"),
"1,200" and "1200" share one. Alignment and diffing compare keys; the report shows surfaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from unspin.core.model import Sentence
from unspin.core.wordlists import STOP_WORDS
from unspin.index.tokens import MONTHS, WEEKDAYS
from unspin.nlp.lexicon.aliases import alias_table
from unspin.nlp.lexicon.contractions import piece_written_out

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from unspin.nlp.parse import Parsed


class UnitKind(StrEnum):
    WORD = "word"
    STOP = "stop"  # function word: changes to it alone do not make a sentence reworded
    PUNCT = "punct"
    ALIAS = "alias"  # a known country/organisation alias
    PERSON = "person"
    NAME = "name"  # another named entity (ORG, GPE, ...) not in the alias table
    NUMBER = "number"
    DATE = "date"


NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"}
NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
DATE_LABELS = {"DATE", "TIME"}
# Every written form of a month ("sept", "sep", "september") -> its full name, the longest;
# not "may", a verb far more often than a month here.
_MONTHS = {
    form: max((f for f, m in MONTHS.items() if m == n), key=len)
    for form, n in MONTHS.items()
    if form != "may"
}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
}  # fmt: skip
_PUNCT_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‹": "'",
        "›": "'",
        "–": "-",
        "—": "-",
    }
)
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev"}
_RELATIVE_DAYS = {"today", "yesterday", "tomorrow", "tonight"}
_NUMERIC = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
# A common fraction has the value of its decimal: "1/2" is "0.50" written another way.
_FRACTION = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_VULGAR = {"½": "0.5", "¼": "0.25", "¾": "0.75"}


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    kind: UnitKind
    text: str
    lemma: str
    pos: str
    start: int  # char offsets into the article text
    end: int


@dataclass(frozen=True, slots=True)
class SentenceUnits:
    sentence: Sentence
    units: tuple[Unit, ...]

    @property
    def content_keys(self) -> list[str]:
        return [u.key for u in self.units if u.kind not in (UnitKind.STOP, UnitKind.PUNCT)]


def person_surnames(parsed: Parsed) -> set[str]:
    """Surnames of the people named in a text (lowercase), to be shared between the texts
    being compared: a copy may say only "Volcker" where the source said "Paul Volcker"."""
    return {key.removeprefix("person:") for key in _person_keys(parsed.doc).values()}


def sentence_units(parsed: Parsed, surnames: set[str] | None = None) -> list[SentenceUnits]:
    doc = parsed.doc
    person_keys = _person_keys(doc)
    known = (surnames or set()) | {k.removeprefix("person:") for k in person_keys.values()}
    durations = _duration_tokens(doc)
    out = []
    for sentence in parsed.sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        tokens = list(span) if span is not None else []
        units = _units(tokens, parsed.text, person_keys, durations, known)
        out.append(SentenceUnits(sentence, tuple(units)))
    return out


def _duration_tokens(doc: Doc) -> set[int]:
    """Tokens of DATE entities that name no calendar date ("another 120 days", "three years").

    Their figures are numbers: changing them is a ``number_changed``, not a ``date_changed``.
    """
    out: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in DATE_LABELS:
            continue
        calendar = any(
            _is_date_word(t.lower_)
            or (t.is_digit and len(t.text) == 4)
            or "/" in t.text
            or t.lower_ in _RELATIVE_DAYS
            for t in ent
        )
        if not calendar:
            out.update(t.i for t in ent)
    return out


def _person_keys(doc: Doc) -> dict[str, str]:
    """Map every form of a person's name in the article to one key (their surname).

    "Vladimir Putin" and later "Putin" get ``person:putin``; titles are not part of the name.
    """
    keys: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = [
            t.text
            for t in ent
            if (t.is_alpha or "-" in t.text or "'" in t.text)
            and t.lower_.rstrip(".") not in HONORIFICS
        ]
        if not words:
            continue
        surname = words[-1].lower().removesuffix("'s")
        keys[ent.text] = f"person:{surname}"
    return keys


def _units(
    tokens: list[Token],
    text: str,
    person_keys: dict[str, str],
    durations: set[int],
    surnames: set[str],
) -> list[Unit]:
    table = alias_table()
    surfaces = [t.text for t in tokens]
    units: list[Unit] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.is_space:
            i += 1
            continue
        match = table.match_at(surfaces, i)
        if match is not None:
            units.append(
                _group(tokens[i : match.end], text, f"ent:{match.canonical}", UnitKind.ALIAS)
            )
            i = match.end
            continue
        if tok.ent_iob_ == "B" and tok.ent_type_ in NAME_LABELS:
            end = i + 1
            while end < len(tokens) and tokens[end].ent_iob_ == "I":
                end += 1
            span_tokens = tokens[i:end]
            if any(table.match_at(surfaces, k) for k in range(i + 1, end)):
                # "New IMF", "Broadband Britain": the alias inside is what copies swap.
                units.append(_word(tok, tok.i in durations))
                i += 1
                continue
            # "Mr", "Dr" belong to the sentence: "Mr Blair" and "Mr Tony Blair" differ by "Tony".
            while len(span_tokens) > 1 and span_tokens[0].lower_.rstrip(".") in HONORIFICS:
                units.append(_word(span_tokens[0], False))
                span_tokens = span_tokens[1:]
            # A possessive "'s" and leading "the" belong to the sentence, not to the name.
            while span_tokens and span_tokens[-1].text in ("'s", "’s"):
                span_tokens = span_tokens[:-1]
                end -= 1
            if span_tokens and span_tokens[0].lower_ == "the" and len(span_tokens) > 1:
                units.append(_word(span_tokens[0], False))
                span_tokens = span_tokens[1:]
            if span_tokens:
                name = text[span_tokens[0].idx : span_tokens[-1].idx + len(span_tokens[-1])]
                if tok.ent_type_ == "PERSON":
                    key = person_keys.get(name) or f"person:{span_tokens[-1].lower_}"
                    units.append(_group(span_tokens, text, key, UnitKind.PERSON))
                else:
                    units.append(_group(span_tokens, text, f"name:{name.lower()}", UnitKind.NAME))
            i = max(end, i + 1)
            continue
        if tok.lower_ in surnames and tok.text[:1].isupper() and tok.pos_ == "PROPN":
            units.append(_group([tok], text, f"person:{tok.lower_}", UnitKind.PERSON))
            i += 1
            continue
        units.append(_word(tok, tok.i in durations))
        i += 1
    return units


def _group(tokens: list[Token], text: str, key: str, kind: UnitKind) -> Unit:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    surface = text[start:end]
    return Unit(key, kind, surface, surface.lower(), "PROPN", start, end)


def _word(tok: Token, in_duration: bool) -> Unit:
    text = tok.text
    lower = tok.lower_
    start, end = tok.idx, tok.idx + len(text)
    if tok.is_punct or (not tok.is_alpha and not any(c.isalnum() for c in text)):
        return Unit(f"p:{_punct_key(text)}", UnitKind.PUNCT, text, text, "PUNCT", start, end)
    number = _number_value(text)
    if (tok.ent_type_ in DATE_LABELS and not in_duration) or _is_date_word(lower):
        return Unit(f"d:{_date_key(lower)}", UnitKind.DATE, text, lower, tok.pos_, start, end)
    if number is not None or tok.like_num:
        value = number if number is not None else lower
        return Unit(f"n:{value}", UnitKind.NUMBER, text, lower, tok.pos_, start, end)
    if lower in ("%", "percent", "per cent", "pct"):
        return Unit("w:percent", UnitKind.WORD, text, "percent", "NOUN", start, end)
    kind = UnitKind.STOP if tok.is_stop else UnitKind.WORD
    lemma = tok.lemma_.lower() or lower
    written = piece_written_out(lower)
    if written != lower:  # "wo" of "won't" is "will", a stop word too
        lemma = written
        kind = UnitKind.STOP if lemma in STOP_WORDS else kind
    return Unit(f"w:{lemma}", kind, text, lemma, tok.pos_, start, end)


def _punct_key(text: str) -> str:
    # Typographic and straight quotes/dashes are the same punctuation.
    return text.translate(_PUNCT_FOLD)


def _number_value(text: str) -> str | None:
    lower = text.lower()
    if lower in NUMBER_WORDS:
        return str(NUMBER_WORDS[lower])
    if lower in _VULGAR:
        return _VULGAR[lower]
    fraction = _FRACTION.match(text)
    if fraction:  # a part, so not a date ("9/11") or a score ("24/7"): below one
        top, bottom = int(fraction.group(1)), int(fraction.group(2))
        return str(round(top / bottom, 4)) if 0 < top < bottom <= 16 else None
    if _NUMERIC.match(text):
        bare = text.replace(",", "").lstrip("+")
        try:
            value = float(bare)
        except ValueError:
            return None
        return str(int(value)) if value.is_integer() else str(value)
    return None


def _is_date_word(lower: str) -> bool:
    bare = lower.rstrip(".")
    return bare in WEEKDAYS or bare in _MONTHS


_DAY_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")


def _date_key(lower: str) -> str:
    """A month by its full name, a day without its ordinal ("June 1st" is "June 1")."""
    bare = lower.rstrip(".")
    day = _DAY_ORDINAL.fullmatch(bare)
    return day.group(1) if day else _MONTHS.get(bare, bare)
