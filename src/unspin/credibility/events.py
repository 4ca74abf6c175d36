"""Events an article dates relatively, matched with the same events in other dated reports.

A relative date ("today", "later on Monday", "yesterday", "next week") is attached to the
event it modifies: the verb it hangs from in spaCy's parse, that verb's predicate (its lemma,
the verbs it completes, the event nouns among its arguments: "take part in a summit" is a
gathering) and its participants (names, figures and content words of its sentence, demonyms
folded onto their country: "Russian" ~ "Russia"). Each expression is resolved against its own
report's date, narrowed by tense only where it modifies the verb ("will meet on Wednesday" is
the coming Wednesday; "delivery on Wednesday" may be either).

Two events are the same (``same_event``) when a predicate of one is a verb of the other's
sentence, by event group or WordNet synset (a spinner swaps "meeting ... will be held" for
"take part in a summit", "met" for "encountered"), their first-named people or organisations
agree, and their participants overlap enough; ``unspin.credibility.conflicts`` then compares
their days.

The article and its sources are parsed whole (``compare`` has done it; the parse is cached);
of other reports only the sentences with a relative date, or that share a name with an event
the article puts in the future (evidence that it already happened), are parsed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from unspin.comparison.quotes.marks import quoted_mask
from unspin.core.model import Article, Report
from unspin.credibility.relative_days import DEICTIC, WEEKDAY, WEEKDAYS, days_meant
from unspin.nlp.lexicon.aliases import canonical_entity
from unspin.nlp.parse import load_pipeline, parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EXPRESSION = re.compile(
    rf"\b(?:{DEICTIC}|yesterday|tomorrow|(?:later\s+)?(?:on|this|last|next)\s+(?:{WEEKDAY})"
    rf"|(?:{WEEKDAY})|(?:this|last|next)\s+week)\b",
    re.IGNORECASE,
)
# "by Monday", "until Friday", "since Tuesday": a deadline or a span, not the event's day.
_BOUND = re.compile(r"\b(?:by|until|till|since|before|after|from|through)\s+$", re.IGNORECASE)


def _deadline(text: str, m: re.Match[str]) -> bool:
    """ "by Monday", "until Friday": not the day of an event ("after Monday's vote" is)."""
    possessive = text.startswith(("'s", "\u2019s"), m.end())
    return not possessive and _BOUND.search(text, max(0, m.start() - 12), m.start()) is not None


_NIGHT = re.compile(r"\b(?:tonight|evening|night|overnight|midnight|late)\b", re.IGNORECASE)

# Event words by what happens, so a reworded report still names the same event. Generic news
# vocabulary, not taken from any evaluation page.
_GROUPS = {
    "gather": "meet meeting summit talk talks conference session gathering negotiation "
    "negotiate discussion discuss forum consultation",
    "vote": "vote ballot election elect poll referendum",
    "buy": "buy acquire acquisition purchase takeover merger merge",
    "sell": "sell sale divest divestiture dispose",
    "sign": "sign signing",
    "speak": "speak speech address remark",
    "visit": "visit trip tour arrive arrival",
    "strike": "strike walkout stoppage",
    "release": "release publish issue",
    "raise": "raise increase rise hike lift boost",
    "cut": "cut reduce lower trim slash decrease",
    "open": "open opening inaugurate launch",
    "close": "close closing shut",
    "pay": "pay payment dividend",
}
GROUP = {w: g for g, words in _GROUPS.items() for w in words.split()}
# Verbs that say little about the event by themselves ("hold a summit", "take part in talks").
_LIGHT = frozenset(
    {
        "be",
        "have",
        "hold",
        "take",
        "attend",
        "join",
        "participate",
        "host",
        "make",
        "give",
        "do",
        "get",
        "begin",
        "start",
        "stage",
        "convene",
        "go",
        "come",
        "expect",
        "plan",
        "schedule",
        "set",
        "due",
        "continue",
    }
)
# Legal forms, left out of an organisation's name before names are compared.
_LEGAL = frozenset({"ltd", "inc", "corp", "co", "plc", "ag", "sa", "nv", "bv", "llc", "the"})
_REPORTING = frozenset(
    {"say", "tell", "announce", "state", "report", "add", "note", "confirm", "claim"}
)
_SKIP_POS = frozenset({"DET", "ADP", "PUNCT", "PRON", "AUX", "CCONJ", "SCONJ", "PART", "SPACE"})
_DATE_WORDS = frozenset(
    {*WEEKDAYS, "today", "tonight", "yesterday", "tomorrow", "week", "morning", "afternoon"}
    | {"evening", "later", "earlier", "next", "last", "this", "day", "time"}
)
_NAME_TYPES = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "PRODUCT"})
_DEMONYM = re.compile(r"(?:ian|an|ese|ish|i)$")
_FUTURE_CUES = frozenset({"will", "shall", "'ll", "wo"})
_TO_FUTURE = frozenset({"be", "due", "set", "expect", "plan", "schedule", "go"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One event of a report: what happens, who takes part, and the days it can be on."""

    start: int  # the expression (or, for an undated event, the verb) in the report's text
    end: int
    expression: str | None  # None: a past-tense event with no date of its own
    sentence: str
    readings: tuple[tuple[dt.date, dt.date], ...]  # each (first, last day) it can mean
    tense: str  # "future" | "past" | "present"
    predicates: frozenset[str]
    titles: frozenset[str]  # the event noun with its modifiers ("gather:trilateral")
    keys: frozenset[str]  # the predicates of every clause of its sentence
    names: frozenset[str]
    actors: tuple[str, ...]  # its people and organisations, in order (the first: its subject)
    words: frozenset[str]
    said_on: dt.date  # the report's date
    mode: str  # the tense its readings were taken in
    night: bool  # "tonight", "this evening", "late on Monday": near midnight somewhere

    @property
    def first(self) -> dt.date:
        return min(a for a, _ in self.readings)

    @property
    def last(self) -> dt.date:
        return max(b for _, b in self.readings)


def _fold(word: str) -> str:
    w = word.lower().strip(".'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    return GROUP.get(w, w)


def same_word(a: str, b: str) -> bool:
    """``a`` and ``b`` (folded) name one thing: equal, or one a stem of the other ("russia"
    ~ "russian", "iran" ~ "iranian", "vote" ~ "voted"), the stem at least four letters."""
    if a == b:
        return True
    if a.startswith(("country:", "org:")) or b.startswith(("country:", "org:")):
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    if long_.startswith(short) and len(long_) - len(short) <= 3:
        return True
    stem = _DEMONYM.sub("", long_)  # "chinese" -> "chin" ~ "china"
    return len(stem) >= 4 and stem != long_ and short.startswith(stem)


def _same_actor(mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """Some person or organisation named in both: one name's words within the other's
    ("Thatcher" ~ "Margaret Thatcher", "Chase-AMP" ~ "Chase-AMP Bank")."""
    for a in mine:
        for b in theirs:
            x, y = set(a.split()), set(b.split())
            if x <= y or y <= x:
                return True
    return False


def _shared(mine: Iterable[str], theirs: Iterable[str]) -> int:
    theirs = list(theirs)
    return sum(any(same_word(a, b) for b in theirs) for a in mine)


_WEAK = frozenset({"say", "release"})  # "said", "reported": a sentence's frame, not its news


def _synonymous(a: Event, b: Event) -> bool:
    """A predicate of one shares a WordNet synset with a verb of the other ("met" ~
    "encountered"): a spinner's synonym swap of the event verb."""
    from unspin.nlp.lexicon.synonyms import synonym_match  # WordNet: loaded by compare already

    pairs = [(x, y) for x in a.predicates for y in b.keys] + [
        (x, y) for x in b.predicates for y in a.keys
    ]
    for x, y in pairs:
        found = synonym_match((x,), (y,))
        if found is not None and found.relation == "synset":
            return True
    return False


def same_event(a: Event, b: Event) -> bool:
    """Same predicate (by group), and participants that overlap: a name or figure and two
    more words, or three words; at least 40% of the smaller side's, more when the predicate
    is only "said" or an undated past event is matched."""
    shared_keys = {k for k in a.predicates if any(same_word(k, x) for x in b.keys)} | {
        k for k in b.predicates if any(same_word(k, x) for x in a.keys)
    }
    if not shared_keys and not _synonymous(a, b):
        return False
    if (
        a.actors
        and b.actors
        and not (_same_actor(a.actors[:1], b.actors) or _same_actor(b.actors[:1], a.actors))
    ):
        return False  # another company, another person: a like event, not the same one
    mine, theirs = a.words | a.names, b.words | b.names
    shared = _shared(mine, theirs)
    names = _shared(a.names, b.names)
    strict = shared_keys <= _WEAK or a.expression is None or b.expression is None
    need = (3 if names else 4) + strict
    share = shared / max(1, min(len(mine), len(theirs)))
    return shared >= need and share >= (0.5 if strict else 0.4)


def _inside(spans: Sequence[tuple[int, int]], start: int) -> bool:
    return any(a <= start < b for a, b in spans)


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _event_verb(token: Token) -> Token:
    """The verb an expression hangs from: up the heads to the first verb, then up through the
    verbs it only completes ("voted to approve": the vote)."""
    t = token
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    while t.dep_ in ("xcomp", "conj") and t.head.pos_ in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _tense(verb: Token) -> str:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lower = {c.lower_ for c in aux}
    if lower & _FUTURE_CUES:
        return "future"
    if any(c.lower_ == "to" for c in aux) and verb.head.lemma_ in _TO_FUTURE:
        return "future"
    to_come = verb.lemma_ in _TO_FUTURE and any(c.dep_ == "xcomp" for c in verb.children)
    if to_come and (verb.tag_ in ("VBZ", "VBP") or lower & {"is", "are"}):
        return "future"
    if verb.tag_ == "VBD" or lower & {"was", "were", "had", "has", "have"}:
        return "past"
    return "present"


def _predicates(verb: Token, path: Sequence[Token] = ()) -> frozenset[str]:
    """What happens: the verb (unless light or reporting), the verbs it completes, event
    words under it, and the nouns the expression dates ("yesterday's election")."""
    keys: set[str] = {
        _fold(t.lemma_) for t in path if t.pos_ in ("NOUN", "VERB") and t.lower_ not in _DATE_WORDS
    }
    if verb.lemma_ not in _LIGHT and verb.lemma_ not in _REPORTING:
        keys.add(_fold(verb.lemma_))
    for child in verb.children:
        plain = child.lemma_ not in _LIGHT and child.lemma_ not in _REPORTING
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB" and plain:
            keys.add(_fold(child.lemma_))
    keys.update(GROUP[t.lemma_.lower()] for t in _event_words(verb, path))
    if not keys:
        keys.add("say" if verb.lemma_ in _REPORTING else _fold(verb.lemma_))
    return frozenset(keys)


def _event_words(verb: Token, path: Sequence[Token] = ()) -> list[Token]:
    """The words under ``verb`` that name its event ("a meeting ... will be held", "take
    part in a summit"), and those of the phrase the date sits in ("in Iran on Wednesday for
    talks" dates the talks, whatever the sentence's verb)."""
    anchor = path[0] if path else verb  # what the date's own phrase hangs from
    found = [
        g
        for p in anchor.children
        if p.dep_ == "prep" and p.lower_ not in _WHEN
        for g in p.children
        if g.dep_ == "pobj" and g.lemma_.lower() in GROUP
    ]
    completed = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"]
    args = [*_arguments(verb), *(a for c in completed for a in _arguments(c))]
    events = [t for t in args if t.pos_ in ("NOUN", "VERB") and t.lemma_.lower() in GROUP]
    if not events and verb.lemma_ in _LIGHT:  # the parse missed the subject: look further
        events = [t for t in _untimed(verb) if t.pos_ == "NOUN" and t.lemma_.lower() in GROUP]
    return found + events


def _titles(verb: Token, path: Sequence[Token] = ()) -> frozenset[str]:
    """The event as a noun with its own modifiers ("trilateral meeting" ~ "trilateral talks":
    "gather:trilateral"): what names one event among the like ones of a story."""
    nouns = [t for t in (*path, *_event_words(verb, path)) if t.pos_ == "NOUN"]
    return frozenset(
        f"{GROUP.get(n.lemma_.lower(), n.lemma_.lower())}:{m.lemma_.lower()}"
        for n in nouns
        for m in n.children
        if m.dep_ in ("amod", "compound", "nmod")
        and m.pos_ in ("ADJ", "NOUN", "PROPN")
        and m.lower_ not in _DATE_WORDS
        and m.lemma_.lower() not in _GENERIC
    )


# Modifiers that any event of a story can carry.
_GENERIC = frozenset((
    "new", "first", "second", "third", "last", "next", "final", "further", "other", "more",
    "key", "major", "big", "high", "top", "previous", "recent", "special", "annual", "regular",
    "emergency",
))  # fmt: skip


# Prepositions that date an event by another one ("a day after their summit").
_WHEN = frozenset({"after", "before", "since", "until", "till", "during", "following", "ahead"})


def _arguments(verb: Token) -> list[Token]:
    """The verb's subject and objects, and the objects of its own prepositions ("take part
    in a summit"), not words nested further ("a day after their summit")."""
    out = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
            out.append(c)
        if c.dep_ == "prep" and c.lower_ not in _WHEN:
            out += [g for g in c.children if g.dep_ == "pobj"]
        if c.dep_ == "dobj":  # "take part in a summit" with "in" under "part"
            out += [g for p in c.children if p.dep_ == "prep" for g in p.children]
    return out


def _untimed(verb: Token) -> list[Token]:
    """The verb's subtree without the phrases that date it by another event."""
    skip = {t.i for c in verb.children if c.dep_ == "prep" and c.lower_ in _WHEN for t in c.subtree}
    return [t for t in verb.subtree if t.i not in skip]


def _clause(verb: Token) -> list[Token]:
    """The verb's sentence, within its paragraph (a byline line the parser ran into the first
    sentence is not a participant)."""
    text = verb.doc.text
    lo = text.rfind("\n\n", 0, verb.idx) + 1
    hi = text.find("\n\n", verb.idx)
    hi = len(text) if hi < 0 else hi
    return [t for t in verb.sent if lo <= t.idx < hi]


def _sentence_keys(verb: Token) -> frozenset[str]:
    """The verbs of the whole sentence: the parse may hang a date from another clause of it
    in another report's wording."""
    keys = {
        _fold(t.lemma_)
        for t in _clause(verb)
        if t.pos_ == "VERB" and t.lemma_ not in _LIGHT and t.lemma_ not in _REPORTING
    }
    return frozenset(keys)


def _participants(
    verb: Token, skip: range
) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """Names (and figures) and content words of the sentence: who and what the event involves,
    wherever the parse put the subject ("X said its unit, effective today, cut prices")."""
    names: set[str] = set()
    words: set[str] = set()
    clause = _clause(verb)
    lo, hi = clause[0].i, clause[-1].i
    actors: list[str] = []
    for ent in verb.sent.ents:
        if not lo <= ent.start <= hi:
            continue
        canon = canonical_entity(ent.text) if ent.label_ in _NAME_TYPES else None
        if canon:
            names.add(canon)
        if ent.label_ in ("ORG", "PERSON"):
            # An alias the table knows ("IMF" ~ "International Monetary Fund") is one actor.
            bare = [_fold(t.text) for t in ent if t.pos_ == "PROPN" and _fold(t.text) not in _LEGAL]
            key = canon or " ".join(bare)
            if key and key not in actors:
                actors.append(key)
    for t in clause:
        if t.i in skip or t.pos_ in _SKIP_POS or t.is_stop or not t.text[:1].isalnum():
            continue
        w = _fold(t.lemma_ if t.pos_ in ("NOUN", "VERB") else t.text)
        if w in _DATE_WORDS or len(w) < 2:
            continue
        # Names and figures identify an event; a spinner keeps both.
        if t.pos_ == "PROPN" or t.ent_type_ in _NAME_TYPES or any(c.isdigit() for c in w):
            names.add(w)
        else:
            words.add(w)
    return frozenset(names), tuple(actors), frozenset(words)


def _roundup(text: str) -> bool:
    """A weekly roundup names several weekdays; its "on Wednesday" is not a dated report."""
    return len({m.lower() for m in re.findall(rf"\b({WEEKDAY})\b", text, re.IGNORECASE)}) >= 3


class _Parsed:
    """spaCy tokens of a report: its whole cached parse (the article and its sources, which
    ``compare`` has parsed already), or only the sentences asked for (other reports)."""

    def __init__(self, text: str, *, whole: bool) -> None:
        self.text = text
        self.doc = parse(text).doc if whole else None
        self.sentences = _sentence_spans(text)
        self.cache: dict[int, Doc] = {}

    def span(self, start: int, end: int) -> tuple[Span, int] | None:
        """The tokens over ``start:end`` and the offset of their document in the text."""
        if self.doc is not None:
            got = self.doc.char_span(start, end, alignment_mode="expand")
            return (got, 0) if got is not None and len(got) else None
        a, b = next(((a, b) for a, b in self.sentences if a <= start < b), (start, end))
        if a not in self.cache:
            self.cache[a] = _nlp()(self.text[a:b])
        got = self.cache[a].char_span(start - a, end - a, alignment_mode="expand")
        return (got, a) if got is not None and len(got) else None


def dated_events(article: Article, *, whole: bool = True) -> list[Event]:
    """The events ``article`` dates with a relative expression outside quotation marks,
    resolved against its own date (none without a date)."""
    if article.published is None:
        return []
    text = article.text
    quoted = quoted_mask(text)
    roundup = _roundup(text)
    parsed = _Parsed(text, whole=whole)
    out: list[Event] = []
    for m in EXPRESSION.finditer(text):
        if _inside(quoted, m.start()) or _deadline(text, m):
            continue
        got = parsed.span(m.start(), m.end())
        if got is None:
            continue
        weekday = re.search(rf"\b(?:{WEEKDAY})$", m.group(0), re.IGNORECASE) is not None
        event = _event_at(
            got[0], m.start(), m.end(), m.group(0), article.published, roundup and weekday
        )
        if event is not None:
            out.append(event)
    return out


def _event_at(
    tokens: Span, start: int, end: int, expr: str, published: dt.date, any_tense: bool
) -> Event | None:
    verb = _event_verb(tokens[-1])
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    tense = _tense(verb)
    # Tense dates a weekday only when the expression modifies the verb itself: "delivery on
    # Wednesday" in a past-tense sentence can still be the coming Wednesday.
    path = _path(tokens, verb)
    direct = _modifies(path)
    mode = tense if direct and not any_tense else "present"
    days = days_meant(expr, published, mode)
    if days is None:
        return None
    names, actors, words = _participants(verb, range(tokens[0].i, tokens[-1].i + 1))
    predicates = _predicates(verb, path)
    clause = _clause(verb)
    sent = verb.doc[clause[0].i : clause[-1].i + 1].text
    return Event(
        start=start,
        end=end,
        expression=expr,
        sentence=sent,
        readings=days,
        tense=tense,
        predicates=predicates,
        titles=_titles(verb, path),
        keys=_sentence_keys(verb) | predicates,
        names=names,
        actors=actors,
        words=words,
        said_on=published,
        mode=mode,
        night=bool(_NIGHT.search(expr)) or _late(tokens),
    )


def _path(tokens: Span, verb: Token) -> list[Token]:
    """The words between the expression and ``verb`` in the parse ("delivery" in "delivery on
    Wednesday", "move" in "yesterday's move")."""
    out, t = [], tokens[-1]
    for _ in range(8):
        if t.i == verb.i or t.head.i == t.i:
            break
        if not tokens.start <= t.i < tokens.end:
            out.append(t)
        t = t.head
    return out


def _modifies(path: Sequence[Token]) -> bool:
    """Whether the expression hangs from its verb through prepositions only, not a noun."""
    return all(t.pos_ in ("ADP", "ADV", "PART") for t in path)


def _late(tokens: Span) -> bool:
    """ "late on Monday", "Monday night": the expression's neighbours place it near midnight."""
    doc = tokens.doc
    near = doc[max(0, tokens.start - 2) : min(len(doc), tokens.end + 2)].text
    return bool(_NIGHT.search(near))


def past_events(report: Article, near: Sequence[Event], *, whole: bool = True) -> list[Event]:
    """Events ``report`` tells in the past tense with no date of their own, in the sentences
    that share a name with one of ``near`` (the article's future events): each happened on or
    before the report's date."""
    if report.published is None or not near:
        return []
    text = report.text
    keys = {n for e in near for n in e.names if not n.startswith(("country:", "org:"))}
    parsed = _Parsed(text, whole=whole)
    out: list[Event] = []
    for a, b in parsed.sentences:
        chunk = text[a:b]
        tokens = {_fold(w) for w in re.findall(r"[\w'’]+", chunk)}
        if not any(same_word(k, t) for k in keys for t in tokens):
            continue
        got = parsed.span(a, b)
        if got is None:
            continue
        sent, base = got
        for verb in sent:
            if verb.pos_ != "VERB" or verb.tag_ != "VBD" or verb.lemma_ in _REPORTING:
                continue
            names, actors, words = _participants(verb, range(0))
            predicates = _predicates(verb)
            out.append(
                Event(
                    start=base + verb.idx,
                    end=base + verb.idx + len(verb.text),
                    expression=None,
                    sentence=chunk,
                    readings=((report.published - dt.timedelta(days=3650), report.published),),
                    tense="past",
                    predicates=predicates,
                    titles=_titles(verb),
                    keys=predicates,
                    names=names,
                    actors=actors,
                    words=words,
                    said_on=report.published,
                    mode="past",
                    night=False,
                )
            )
    return out


def related_reports(report: Report, others: Sequence[Article]) -> tuple[Article, ...]:
    """Of ``others``, the dated reports that are not ``report``'s sources."""
    kept = {s.id for s in report.sources}
    return tuple(o for o in others if o.published is not None and o.id not in kept)


__all__ = [
    "Event",
    "dated_events",
    "past_events",
    "related_reports",
    "same_event",
]
