"""Syndication edits: what a publisher changes when it republishes a story, which is never
spin. ``is_syndication_edit`` is asked of each change of a compared sentence.

A wire credit ("(Reuters) -"), a dateline opening a sentence, a spelling variant, the desk's
house style (honorifics, "%"/"percent", a company's legal suffix, "US$", a time in GMT, the
country before a title), an attribution tail added or cut ("in a statement"), the day told
for another day's readers, a page that ends inside a sentence (an excerpt), and an aside for
the desk's readers (an acronym or a conversion in brackets, a person's age).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from unspin.comparison.diff import PERCENT_WORDS
from unspin.comparison.quotes.cues import SPEECH_VERBS
from unspin.comparison.quotes.marks import quoted_mask
from unspin.comparison.quotes.names import ROLE_NOUNS, TITLES
from unspin.comparison.words_in_place import spelling_key
from unspin.core.model import Article, Change, ChangeKind
from unspin.core.vocabulary import WIRE_SERVICES
from unspin.index.tokens import MONTHS
from unspin.ingest.boilerplate import is_boilerplate
from unspin.nlp.lexicon.aliases import canonical_entity
from unspin.nlp.lexicon.polarity import negated
from unspin.nlp.lexicon.synonyms import wordnet

_WORD = re.compile(r"[^\W_]+")


@functools.cache
def _credit_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in sorted(WIRE_SERVICES, key=len, reverse=True))
    # An aggregator's or partner's credit may come first: "(Daily Sun - Partner) AFP".
    return re.compile(rf"[\W_]*(?:[^()\n]{{1,40}}\)\s*)?(?:{names})[\W_]*")


def _is_credit(change: Change) -> bool:
    """Words inserted into a sentence that only name a wire service: a credit, not a change.

    Either inserted alone ("(Reuters) -") or glued to a name the parser then read as one
    ("Reuters) - Olympic Co" for "Olympic Co").
    """
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.INSERTED, ChangeKind.ENTITY_SWAP):
        return False
    new, old = change.to or change.text, change.from_
    if not new:
        return False
    if not old:
        extra = new
    elif new.endswith(old):
        extra = new[: -len(old)]
    elif new.startswith(old):
        extra = new[len(old) :]
    else:
        return False
    return _credit_pattern().fullmatch(extra) is not None


def _is_credit_cut(change: Change, text: str) -> bool:
    """The wire's credit that closes the source's paragraph ("... process. — AFP"), cut
    where the copy's paragraph ends. The parser reads such a credit as a sentence of its own
    or as the end of the last one, depending on the marks before it; cut alone, it is a
    dropped sentence, never rewording. (Whether the page credits the wire at all is a
    credibility check.)"""
    if change.kind is not ChangeKind.REWORDED or change.to or not change.from_:
        return False
    if change.start is None:
        return False
    rest_of_line = text[change.start : change.start + 200].split("\n", 1)[0]
    if _WORD.search(rest_of_line):
        return False
    return _credit_pattern().fullmatch(change.from_) is not None


_DL_PLACE = r"[\W_]*[A-Z][A-Za-z .'-]{1,40}?(?:,\s*[A-Z][\w. ]{1,30}?)?"
_DL_DATE = r",\s*[A-Z][a-z]{2,8}\.? \d{1,2}"
_DL_CREDIT = r"\s*\([^()]{1,40}\)?"  # the token diff may leave the closing bracket out
_DL_MARK = r"\s*[:—–-]+\s*"
# "LONDON —", "Portland, Maine, June 3 (AP) —", or without the dash the diff left outside the
# change ("Portland, June 3", "Portland, Maine, June 3 (AP").
_DATELINE = re.compile(
    rf"{_DL_PLACE}(?:(?:{_DL_DATE})?(?:{_DL_CREDIT})?{_DL_MARK}"
    rf"|{_DL_DATE}(?:{_DL_CREDIT})?|(?:{_DL_DATE})?\s*\([^()]{{1,40}}\)?)"
)
_CAPS_DATELINE = re.compile(
    r"[A-Z]{3,}(?:[ .'-]+[A-Z]{2,})*(?:,\s*[A-Z][A-Za-z]{2,8}\.?(?: \d{1,2})?)*"
    # with the wire's credit, whose closing bracket the token diff may leave outside the
    # change: "WASHINGTON (Reuters) -"
    r"(?:\s*\([A-Za-z][^()]{0,39}\)?)?"
)


def _is_spelling_variant(change: Change) -> bool:
    """ "defences" -> "defenses", "U.S." -> "US", "recognise" -> "recognize", "dollar" ->
    "dlr": house style."""
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.SYNONYM_SWAP, ChangeKind.ENTITY_SWAP):
        return False
    old, new = (change.from_ or "").split(), (change.to or "").split()
    return (
        bool(old)
        and len(old) == len(new)
        and old != new
        and all(
            spelling_key(a) == spelling_key(b)
            or (change.kind is not ChangeKind.ENTITY_SWAP and _abbreviates(a, b))
            for a, b in zip(old, new, strict=True)
        )
    )


def _abbreviates(a: str, b: str) -> bool:
    """One word is a desk's abbreviation of the other: "dlr" / "dollar", "govt" /
    "government", "dept." / "department". The short form keeps the first letter and drops
    others, and is no English word of its own (a thesaurus never offers one), so "cat" is not
    "chart" shortened."""
    a, b = spelling_key(a), spelling_key(b)
    short, full = (a, b) if len(a) < len(b) else (b, a)
    if not (2 <= len(short) <= len(full) - 2) or not short.isalpha() or short[0] != full[0]:
        return False
    rest = iter(full)
    if not all(ch in rest for ch in short):  # the short form's letters, in order
        return False
    return not wordnet().knows(short)


# What a desk adds or drops by its house style, with no change to the claim: honorifics
# before a name ("Mr. Holt" / "Holt"), the unit of a percentage ("20%" / "20 percent"), a
# company's legal suffix ("Apple Inc" / "Apple"), the currency's country ("US$5" / "$5") and a
# time given again in another zone ("10 a.m. (1500 GMT)").
_HOUSE_STYLE_WORDS = PERCENT_WORDS | {
    "mr", "mrs", "ms", "dr", "inc", "corp", "co", "ltd", "plc", "llc", "ag", "nv", "the",
}  # fmt: skip
# One word, two spellings that spelling_key does not fold; a title before a name written in
# full or abbreviated, as desks' styles differ ("Sen." / "Senator").
_ONE_WORD = {
    "ok": "okay",
    **{
        short: full
        for full, short in (
            ("senator", "sen"), ("governor", "gov"), ("representative", "rep"),
            ("general", "gen"), ("lieutenant", "lt"), ("sergeant", "sgt"),
            ("colonel", "col"), ("captain", "capt"), ("admiral", "adm"),
            ("commander", "cmdr"), ("professor", "prof"), ("superintendent", "supt"),
        )
    },
}  # fmt: skip
_TIME_IN_ZONE = re.compile(
    r"\(?\s*\d{1,2}:?\d{2}\s*(?:GMT|UTC|ET|EST|EDT|CT|PT|PST|PDT|BST|CET|CEST|JST)\b\s*\)?"
)
_CURRENCY_MARK = re.compile(r"\b(?:US|USD|A|C|NZ|HK|S)\$|\$")
_TITLE_AFTER = re.compile(r"\W*[A-Z][a-z]")


def _is_house_style(change: Change) -> bool:
    """Only house-style words differ: "Mr." dropped, "%" written "percent" / "per cent",
    "OK" for "okay"."""
    if change.kind not in (
        ChangeKind.REWORDED, ChangeKind.DROPPED, ChangeKind.INSERTED, ChangeKind.SYNONYM_SWAP
    ):  # fmt: skip
        return False
    old, new = _style_core(change.from_), _style_core(change.to)
    return (bool(change.from_) or bool(change.to)) and old == new


# How desks write the same number or date: "$2.5bn" / "$2.5 billion", "$40m", "1,200" /
# "1200", "10am" / "10 a.m.", "1 June 2027" / "June 1, 2027", "Sept." / "September".
_MAGNITUDE = {"bn": "billion", "bln": "billion", "mn": "million", "mln": "million",
              "tn": "trillion", "trn": "trillion", "trln": "trillion"}  # fmt: skip
_NUMBER_MAGNITUDE = re.compile(r"(?<=\d) ?(bn|bln|mn|mln|tn|trn|trln)\b", re.IGNORECASE)
# "m" is a million only after money ("$40m", "€2.5m"); "a 5m wall" is metres.
_MONEY_MILLIONS = re.compile(r"([$£€]\s?\d+(?:\.\d+)?) ?m\b")
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3}\b)")
_CLOCK = re.compile(r"(?<=\d) ?([ap])\.? ?m\b\.?", re.IGNORECASE)


def _number_forms(text: str) -> str:
    text = _MONEY_MILLIONS.sub(r"\1 million", text)
    text = _NUMBER_MAGNITUDE.sub(lambda m: " " + _MAGNITUDE[m.group(1).lower()], text)
    return _CLOCK.sub(r" \1m", _DIGIT_GROUP.sub("", text))


def _number_and_date_words(words: list[str]) -> list[str]:
    """Months by number ("sept" and "september" alike) and day first ("1 june" as "june 1");
    a magnitude as its word, also one the diff took alone ("million" -> "m" of "$40m")."""

    def day(k: int) -> bool:
        return 0 <= k < len(words) and words[k].isdigit() and len(words[k]) <= 2

    # "may" is a month only beside a day ("May 1", "1 May")
    out = [
        f"month{MONTHS[w]}" if w in MONTHS and (w != "may" or day(i - 1) or day(i + 1)) else w
        for i, w in enumerate(words)
    ]
    out = [
        _MAGNITUDE.get(w, "million" if w == "m" and (i == 0 or out[i - 1].isdigit()) else w)
        for i, w in enumerate(out)
    ]
    for i in range(len(out) - 1):
        if out[i].isdigit() and len(out[i]) <= 2 and out[i + 1].startswith("month"):
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _style_core(words: str | None) -> list[str]:
    text = _CURRENCY_MARK.sub(" ", _TIME_IN_ZONE.sub(" ", _number_forms(words or "")))
    kept = [w for w in _WORD.findall(text.lower()) if w not in _HOUSE_STYLE_WORDS]
    return [spelling_key(_ONE_WORD.get(w, w)) for w in _number_and_date_words(kept)]


# A person's title or office as a desk may add or drop it before the name ("President Joe
# Biden" / "Joe Biden"); "former" and "late" are left out: they change who is meant.
_TITLE_WORDS = (TITLES | ROLE_NOUNS) - {"former", "late", "the", "st"}


def _is_name_qualifier(change: Change, text: str) -> bool:
    """A country or a title dropped or added before a name or an office: "U.S. President Joe
    Biden" printed "President Joe Biden" or "Joe Biden", "the U.S. Postal Service" printed
    "the Postal Service", as a desk of that country or house style would."""
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.SYNONYM_SWAP, ChangeKind.ENTITY_SWAP):
        return False
    if change.start is None or change.end is None:
        return False
    old, new = change.from_ or "", change.to or ""
    longer, shorter = (old, new) if len(old) > len(new) else (new, old)
    # What follows the longer side: its own next word, or the page's after the change.
    after = text[change.end if longer is new else change.start :]
    tokens = longer.split()
    want = _style_core(shorter)
    for i in range(len(tokens)):
        for j in range(i + 1, min(i + 5, len(tokens) + 1)):
            rest = " ".join(tokens[j:]) or after
            if (
                _TITLE_AFTER.match(rest)
                and _qualifier(tokens[i:j])
                and _style_core(" ".join(tokens[:i] + tokens[j:])) == want
            ):
                return True
    return False


def _qualifier(tokens: list[str]) -> bool:
    """A country, title words, or a country and then title words ("U.S. President")."""
    words = [t.strip(",.").lower() for t in tokens]
    if all(w in _TITLE_WORDS for w in words):
        return True
    for k in range(1, len(tokens) + 1):
        country = canonical_entity(" ".join(tokens[:k]).strip(","))
        if (country or "").startswith("country:") and all(w in _TITLE_WORDS for w in words[k:]):
            return True
    return False


# A speech verb in another tense: a desk that writes "says" where the wire wrote "said".
_SPEECH_FORMS = ({"say", "says", "said"}, {"tell", "tells", "told"}, {"add", "adds", "added"})


def _is_speech_tense(change: Change) -> bool:
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.SYNONYM_SWAP):
        return False
    old, new = (change.from_ or "").strip().lower(), (change.to or "").strip().lower()
    return old != new and any(old in forms and new in forms for forms in _SPEECH_FORMS)


def _is_dateline_edit(change: Change) -> bool:
    """A dateline added or rewritten at a sentence's start: "SAN FRANCISCO, Oct 28:" for
    "San Francisco:", "LONDON —" added."""
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.INSERTED):
        return False
    new, old = change.to or "", change.from_ or ""
    if change.kind is ChangeKind.INSERTED or not new:
        return False
    if _CAPS_DATELINE.fullmatch(new) and new.lower().startswith(old.lower()):
        return True  # "San Francisco" -> "SAN FRANCISCO, Oct 28" (the colon is punctuation)
    if old and new.endswith(old) and _DATELINE.fullmatch(new[: -len(old)]):
        return True  # "Dhaka (UNB/AFP) - TVX Group" for "TVX Group": the diff took a word in
    return _DATELINE.fullmatch(new) is not None and (
        not old or _DATELINE.fullmatch(old) is not None
    )


_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DAY_PART = r"(?:morning|afternoon|evening|night)"
# When a statement was made, as a wire writes it and a partner rewrites it for its readers'
# day: "on Wednesday" for "this morning", "late on Tuesday" for "last night".
_DAY_REFERENCE = (
    rf"(?:(?:early|late|earlier|later)\s+)?(?:(?:on\s+)?{_WEEKDAY}(?:\s+{_DAY_PART})?"
    rf"|today|tonight|yesterday|tomorrow|(?:this|last|tomorrow|yesterday)\s+{_DAY_PART})"
)
_RELATIVE_DAY = re.compile(r"today|tonight|yesterday|tomorrow|this|last", re.IGNORECASE)
_DAY_REFERENCE_RE = re.compile(rf"[\W_]*{_DAY_REFERENCE}[\W_]*", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_SPEAKER = (
    rf"(?:(?:the|a|an|its|his|her|their)(?:\s+[\w'’-]+){{1,3}}|[a-z]+(?:\s+[a-z]+)?|I|{_NAME})"
)
_SAYS = rf"(?:said|says|added|adds|told\s+(?:reporters|journalists|{_NAME}))"
_MEDIUM = (
    r"(?:in|on|via|through)\s+(?:a|an|the|its|his|her|their)?\s*(?:(?:written|joint|brief|"
    r"short|televised|emailed|separate|later|news|press|online|video)\s+)?"
    r"(?:statement|interview|release|briefing|conference|post|tweet|email|message|video|speech|"
    r"Twitter|X|Facebook|Instagram|Telegram)"
)
# Who said it and how, added to or cut from a sentence's end (or start) when a story is
# republished: "in a statement", "the statement said", "Smith said on Tuesday".
_ATTRIBUTION_TAIL = re.compile(
    rf"[\W_]*(?:(?:{_SPEAKER}\s+{_SAYS}|according\s+to\s+{_SPEAKER})"
    rf"(?:\s+{_MEDIUM})?(?:\s+{_DAY_REFERENCE})?"
    rf"|{_MEDIUM}(?:\s+{_DAY_REFERENCE})?|{_DAY_REFERENCE})[\W_]*"
)
# Cut, only how or when: a speaker cut from a sentence may leave a quote to another's name.
_CIRCUMSTANCE_TAIL = re.compile(
    rf"[\W_]*(?:{_MEDIUM}(?:\s+{_DAY_REFERENCE})?|{_DAY_REFERENCE})[\W_]*"
)


def _added_or_cut(change: Change) -> str | None:
    """The words a change only adds to or only cuts from its sentence (``None`` when it
    replaces some): "said" -> "said in a statement" adds "in a statement"."""
    new, old = (change.to or change.text or "").strip(), (change.from_ or "").strip()
    if change.kind is ChangeKind.DROPPED:
        return change.from_ or change.source_text
    if not old or not new:
        return new or old or None
    if new.startswith(old):
        return new[len(old) :]
    if new.endswith(old):
        return new[: -len(old)]
    if old.startswith(new):
        return old[len(new) :]
    if old.endswith(new):
        return old[: -len(new)]
    return None


def _is_attribution_tail(change: Change) -> bool:
    """ "in a statement", "the statement said", "Smith said on Tuesday" added or cut."""
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.INSERTED, ChangeKind.DROPPED):
        return False
    if change.kind is not ChangeKind.DROPPED and change.from_ is None and change.to is None:
        return False  # an inserted sentence of its own, not words added to one
    extra = _added_or_cut(change)
    if not (extra and extra.strip()):
        return False
    new, old = change.to or "", change.from_ or change.source_text or ""
    cut = change.kind is ChangeKind.DROPPED or len(old) > len(new)
    return (_CIRCUMSTANCE_TAIL if cut else _ATTRIBUTION_TAIL).fullmatch(extra) is not None


def _is_day_reference_edit(change: Change) -> bool:
    """ "this morning" -> "on Wednesday": the wire's day told for another day's readers."""
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.DATE_CHANGED):
        return False
    old, new = change.from_ or "", change.to or ""
    if not (_DAY_REFERENCE_RE.fullmatch(old) and _DAY_REFERENCE_RE.fullmatch(new)):
        return False
    # one of them relative to the day it was written; two weekdays are another date
    return bool(_RELATIVE_DAY.search(old)) != bool(_RELATIVE_DAY.search(new))


# An aside a desk adds for its readers, in brackets: an acronym ("(USACE)"), an amount in
# another currency or unit ("(£1.9 billion)", "(10 km)", "(Rs 330 crore)").
_UNITS = (
    "km|kilometres|kilometers|miles|mi|m|metres|meters|ft|feet|inches|cm|kg|kilograms|lb|lbs|"
    "pounds|tonnes|tons|acres|hectares|ha|litres|liters|gallons|barrels|mph|kph|km/h|°C|°F|C|F|"
    "degrees(?: Celsius| Fahrenheit)?|million|billion|trillion|bn|mn|mln|bln|crore|lakh|"
    "rupees|euros|dollars|yuan|yen|francs|pesos|naira|rand"
)
_ASIDE = re.compile(
    rf"[A-Z][A-Z&.]{{1,9}}s?"
    rf"|(?:(?:about|around|some|nearly|roughly)\s+)?"
    rf"(?:(?:[A-Z]{{1,3}}\s?)?[$£€¥₹]|(?:Rs|Tk|INR|GBP|EUR|USD|RM)\.?\s?)?\d[\d.,]*"
    rf"(?:\s?(?:{_UNITS})){{0,2}}"
)
# A person's age after the name: "Tom Reddick, 54, said".
_AGE = re.compile(r"\d{1,3}")


def _is_explanatory_aside(change: Change, text: str) -> bool:
    """Words added in brackets that restate, not claim: an acronym, a conversion; or an age
    between commas after a name."""
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.INSERTED) or change.from_:
        return False
    if change.start is None or change.end is None:
        return False
    opening = text.rfind("(", max(0, change.start - 12), change.start + 1)
    closing = text.find(")", change.end - 1, change.end + 12)
    if opening >= 0 and closing >= 0 and "\n" not in text[opening:closing]:
        inside = text[opening + 1 : closing].strip()
        if _ASIDE.fullmatch(inside) and not inside.replace(",", "").isdigit():
            return True  # a bare figure in brackets is not an aside
    before, after = text[: change.start].rstrip(), text[change.end :].lstrip()
    return (
        _AGE.fullmatch(text[change.start : change.end].strip()) is not None
        and before.endswith(",")
        and after.startswith(",")
        and before[:-1].rstrip()[-1:].isalpha()
        and before[:-1].rstrip().split()[-1][:1].isupper()
    )


# What a cut word may not take away: a negation (polarity.negated), a hedge or a degree
# ("allegedly", "almost", "only"), or who said it. Cutting one of these changes the claim.
_CLAIM_WORDS = frozenset({
    "allegedly", "alleged", "reportedly", "apparently", "purportedly", "supposedly", "suspected",
    "accused", "possibly", "probably", "likely", "unlikely", "may", "might", "could", "would",
    "should", "must", "perhaps", "unconfirmed", "unverified", "claimed", "believed", "only",
    "just", "almost", "nearly", "about", "around", "roughly", "approximately", "some", "least",
    "most", "more", "less", "fewer", "over", "under", "than", "up", "to", "if", "unless",
    "until", "except", "but",
})  # fmt: skip
TRIM_MAX_WORDS = 8  # a trim takes a phrase or a clause, not most of a sentence


def _is_trim(change: Change, text: str) -> bool:
    """Words cut from a copied sentence with nothing put in their place ("the price of the
    remaining stake totalled" -> "the price totalled", a ticker after a company's name): a
    desk shortens a story it republishes; a spinner replaces words. A cut that takes a
    negation, a hedge, a degree or a speech verb changes the claim and is not a trim, and so
    does any cut inside quotation marks: that is someone's words altered."""
    if change.kind is not ChangeKind.REWORDED or change.start is None:
        return False
    old, new = (change.from_ or "").strip(), (change.to or "").strip()
    cut = _added_or_cut(change) if len(new) < len(old) else None  # new: a part of old
    words = _WORD.findall((cut or "").lower())
    if not words or len(words) > TRIM_MAX_WORDS or negated(words):
        return False
    if any(w in _CLAIM_WORDS or w in SPEECH_VERBS or wordnet().base_forms(w) & SPEECH_VERBS
           for w in words):  # fmt: skip
        return False
    return not any(a <= change.start <= b for a, b in _quoted(text))


@functools.lru_cache(maxsize=8)
def _quoted(text: str) -> list[tuple[int, int]]:
    return quoted_mask(text)


_NAME_LINKS = frozenset({"of", "and", "for", "the", "de", "&"})  # not in a name's initials


def is_initials_swap(change: Change) -> bool:
    """A name written as its initials, or back: "Islamic State" / "IS", "the United States" /
    "the U.S.", "Federal Bureau of Investigation" / "FBI". (``classify`` decides, page by page,
    whether that is a desk's style or part of a spin.)"""
    if change.kind not in (ChangeKind.REWORDED, ChangeKind.ENTITY_SWAP):
        return False
    old, new = (change.from_ or "").split(), (change.to or "").split()
    if old[:1] == new[:1] and old[:1] and old[0].lower() == "the":
        old, new = old[1:], new[1:]
    if not old or not new:
        return False
    short, full = (old, new) if len(old) < len(new) else (new, old)
    if len(short) != 1 or len(full) < 2:
        return False
    letters = re.sub(r"[.\s]", "", short[0])
    words = [w for w in full if w.lower() not in _NAME_LINKS]
    return (
        letters.isalpha()
        and letters.isupper()
        and all(w[:1].isupper() for w in words)
        and letters == "".join(w[0] for w in words).upper()
    )


# A photo caption ends with the picture's credit: "... on Tuesday. REUTERS/Jane Doe",
# "(AP Photo/Lee Marsh)", "Photo: Jane Doe", "Jane Doe/Getty Images", "Image via Jane Doe";
# a page's own date line says when it was posted.
# Pictures are credited to the wire services and to picture agencies, in either case.
_PICTURE_AGENCIES = (*WIRE_SERVICES, "EPA", "EPA-EFE", "AAP", "ANP", "Getty Images")
_AGENCY = "|".join(
    re.escape(n) for n in sorted({*_PICTURE_AGENCIES, *(n.upper() for n in _PICTURE_AGENCIES)},
                                 key=len, reverse=True)
)  # fmt: skip
_PHOTO_CREDIT = re.compile(
    r"(?:\(\s*(?:[A-Z][\w.]*\s+)?Photos?\b[^)]{0,80}\)"
    rf"|\b(?:{_AGENCY})"
    r"(?:\s+via\s+Getty Images)?\s*/\s*[A-Z][\w.' -]{1,60}"
    rf"|[A-Z][\w.' -]{{1,60}}/\s*(?:{_AGENCY})"
    r"|\b(?:Photo|Image|Picture|Credit)s?\s*(?:credit)?\s*:\s*[^.]{1,80}"
    r"|\b(?:Photo|Image|Picture)s?\s+(?:via|by|courtesy of)\s+[A-Z][^.]{0,80})\W*$"
)
_POSTED_LINE = re.compile(
    r"\W*(?:(?:first |last )?(?:published|updated|posted|modified))\b\W.{0,60}\d.{0,30}",
    re.IGNORECASE,
)

# An archive menu: a line listing months ("December, 2015 November, 2015 October, 2015 ...").
_ARCHIVE_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)}),? (?:19|20)\d\d\b", re.IGNORECASE)
ARCHIVE_MIN_MONTHS = 6

# An author's box: "Jane Doe is a senior reporter for the Courier.", a line to itself.
_AUTHOR_BIO = re.compile(
    r"\W*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} is an? [^.!?]{0,80}\b(?:reporter|correspondent"
    r"|writer|editor|columnist|analyst|author|contributor|journalist|commentator|producer"
    r"|blogger)s?(?: (?:and|at|for|with|of|on|covering|based in)\b[^.!?,]{0,60})*[.!]?"
)

# An editors' line: who reported, wrote or edited the story, who contributed to it, where it
# first ran, that it was updated or corrected.
_EDITORIAL_NOTE = re.compile(
    r"\W*(?:(?:additional |editing and )?(?:reporting|writing|editing)(?: and \w+)? by"
    r"|(?:compiled|edited|written|produced|translated|reported|filed) by)\b.{0,200}"
    r"|.{1,80}\bcontributed(?: reporting)?(?: to)? (?:this|the) (?:report|story|article)\b.{0,80}"
    r"|\W*(?:this is a developing (?:story|news story)|this story is developing)\b.{0,120}"
    r"|\W*(?:this|the) (?:story|article|report|post) (?:has been |was |is )?"
    r"(?:updated|corrected|amended|(?:originally |first )?(?:appeared|published|ran))\b.{0,200}",
    re.IGNORECASE,
)


def added_around(
    text: str,
    page: str,
    start: int | None,
    article: Article,
    sources: Sequence[Article] = (),
) -> bool:
    """A line a page adds around the story it carries, claiming nothing: a photo caption
    (its line ends with the picture's credit), a date line, an editors' line, an author's
    box, an archive's list of months, site furniture
    (``unspin.ingest.boilerplate``: a text built in code skips ingestion), or the headline
    again. ``text``: the sentence; ``start``: where it is in ``page``."""
    line = _line_of(page, start) if start is not None else text
    if _PHOTO_CREDIT.search(line) or _POSTED_LINE.fullmatch(text.strip()):
        return True
    if is_boilerplate(line):  # furniture left in a text given as is ("READ MORE: ...")
        return True
    if _EDITORIAL_NOTE.fullmatch(text.strip()) or _AUTHOR_BIO.fullmatch(line.strip()):
        return True
    if len(_ARCHIVE_MONTH.findall(line)) >= ARCHIVE_MIN_MONTHS:
        return True
    words = _WORD.findall(text.lower())
    titles = [article.title, *(s.title for s in sources)]
    return any(t and _WORD.findall(t.lower()) == words for t in titles)


CLAIM_MIN_WORDS = 6  # fewer words are a heading, a label or a credit, not a claim


def is_claim(
    text: str, page: str, start: int | None, article: Article, sources: Sequence[Article] = ()
) -> bool:
    """A line of a page that says something of its own: long enough to claim, and not what
    republishing adds around a story (:func:`added_around`)."""
    return len(_WORD.findall(text.lower())) >= CLAIM_MIN_WORDS and not added_around(
        text, page, start, article, sources
    )


def _line_of(text: str, at: int) -> str:
    """The line (paragraph) of ``text`` holding offset ``at``: a caption's credit ends it."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end >= 0 else len(text)]


def is_syndication_edit(change: Change, text: str, sentence_start: int, text_end: int) -> bool:
    """What a publisher changes when republishing a story; never spin. ``sentence_start``:
    where the change's sentence begins in ``text`` (a dateline only opens a sentence);
    ``text_end``: where the text's last sentence ends (an excerpt may stop inside one)."""
    return (
        _is_credit(change)
        or _is_credit_cut(change, text)
        or _is_spelling_variant(change)
        or _is_house_style(change)
        or _is_name_qualifier(change, text)
        or _is_speech_tense(change)
        or (_opens_sentence(change, text, sentence_start) and _is_dateline_edit(change))
        or _completes_dateline(change, text, sentence_start)
        or _is_attribution_tail(change)
        or _is_day_reference_edit(change)
        or _is_cut_off(change, text_end)
        or _is_explanatory_aside(change, text)
        or _is_trim(change, text)
    )


def _completes_dateline(change: Change, text: str, sentence_start: int) -> bool:
    """Words added inside a dateline that the source prints shorter: the date in "SAN
    FRANCISCO, Oct 28:" for "San Francisco:", when the diff kept the place as the same words."""
    if change.kind is not ChangeKind.REWORDED or change.from_ or not change.to:
        return False
    if change.start is None or change.end is None or change.start <= sentence_start:
        return False
    opening = text[sentence_start : change.end]
    return _CAPS_DATELINE.fullmatch(opening) is not None or (
        _DATELINE.fullmatch(opening) is not None
    )


def _opens_sentence(change: Change, text: str, sentence_start: int) -> bool:
    if change.start is None or change.start < sentence_start:
        return False
    return not any(ch.isalnum() for ch in text[sentence_start : change.start])


def _is_cut_off(change: Change, text_end: int) -> bool:
    """The page ends inside a sentence of the source ("...at an annual rate of 8.1 mln ca"):
    an excerpt or a trimmed end, not a rewording."""
    if change.kind is not ChangeKind.REWORDED or change.end is None or change.end < text_end:
        return False
    old, new = (change.from_ or "").strip(), (change.to or change.text or "").strip()
    return bool(old) and len(new) < len(old) and old.startswith(new)


__all__ = ["CLAIM_MIN_WORDS", "added_around", "is_claim", "is_initials_swap", "is_syndication_edit"]
