"""Who said it: the speaker behind a cue's subject, and one name per person per article.

A cue's subject (see ``cues.subject_of``) is resolved against the article's people:

- a named person is normalised within the article: "Putin", "Vladimir Putin" and "Russian
  President Vladimir Putin" are one person, named by the longest form seen ("Vladimir Putin");
  a bare surname shared by two people ("Clinton") goes to the one mentioned most recently;
- a pronoun ("he", "she") goes to the nearest fitting preceding named person, preferring
  grammatical subjects and skipping names whose known gender does not fit;
- a role ("the supreme leader", "the spokesman") goes to the person earlier given that role
  ("Supreme Leader Ali Khamenei", "Ross Miller, the police spokesman"), else stays a role;
- a channel ("state TV", "the news agency", "Reuters reported") is kept as a channel, never
  resolved to a person nor used as an antecedent for a later pronoun.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unspin.comparison.quotes.names import (
    CHANNEL_NAMES,
    CHANNEL_NOUNS,
    FEMALE_NAMES,
    FEMALE_PRONOUNS,
    MALE_NAMES,
    MALE_PRONOUNS,
    ORG_WORDS,
    OTHER_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
    TITLES,
    clean_name,
    gender_of,
    given_compatible,
    name_tokens,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from unspin.nlp.parse import Parsed


@dataclass(slots=True)
class _Person:
    forms: list[tuple[str, ...]] = field(default_factory=list)
    displays: dict[tuple[str, ...], str] = field(default_factory=dict)
    gender: str | None = None
    roles: set[str] = field(default_factory=set)

    @property
    def canonical(self) -> str:
        best = max(self.forms, key=lambda f: (len(f), len(self.displays[f])))
        return self.displays[best]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    person: int  # index into SpeakerResolver.people
    subject: bool
    sentence: int


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: ``name`` (normalised), the mention span it was read from, its kind
    (person, pronoun, role, channel, organisation, group)."""

    name: str | None
    start: int
    end: int
    kind: str
    person: int | None = None


class SpeakerResolver:
    """Per-article registry of people and their mentions, built once from the parse."""

    def __init__(self, parsed: Parsed, inside_quote: Callable[[int], bool]) -> None:
        self.parsed = parsed
        self.text = parsed.text
        self.doc = parsed.doc
        self.inside_quote = inside_quote
        self.people: list[_Person] = []
        self._by_surname: dict[str, list[int]] = {}
        self.mentions: list[Mention] = []
        self._sent_starts = [s.start for s in parsed.sentences]
        self._last_by_person: dict[int, int] = {}
        self._mention_starts: list[int] = []
        self._ent_at: list[Span | None] = [None] * len(self.doc)
        ents = [_last_line(e) for e in self.doc.ents]
        ents = [_extend_name(e) if e.label_ == "PERSON" else e for e in ents]
        for ent in ents:
            for i in range(ent.start, ent.end):
                self._ent_at[i] = ent
        for ent in ents:
            if ent.label_ == "PERSON" or _org_tagged_person(ent):
                self._add_entity(ent)
        self.mentions.sort(key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]

    # -- registry --------------------------------------------------------------------------
    def _sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def _add_entity(self, ent: Span) -> int | None:
        tokens = name_tokens(ent.text)
        if not tokens or not any(t[:1].isalpha() for t in tokens):
            return None
        display = clean_name(ent.text)
        if not display:
            return None
        pid = self._match(tokens, ent.start_char)
        if pid is None:
            pid = len(self.people)
            self.people.append(_Person())
            self._by_surname.setdefault(tokens[-1], []).append(pid)
        person = self.people[pid]
        if tokens not in person.displays or len(display) > len(person.displays[tokens]):
            person.displays[tokens] = display
        if tokens not in person.forms:
            person.forms.append(tokens)
        context = [t.lower_ for t in self.doc[max(0, ent.start - 2) : ent.start]]
        gender = gender_of([*context[-1:], *name_tokens(ent.text)[:1], *ent.text.lower().split()])
        if gender and not person.gender:
            person.gender = gender
        person.roles.update(self._roles_of(ent))
        root = ent.root
        subject = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")
        )
        self._last_by_person[pid] = ent.start_char
        if not self.inside_quote(ent.start_char):
            self._mention_starts.append(ent.start_char)
            self.mentions.append(
                Mention(
                    start=ent.start_char,
                    end=ent.end_char,
                    person=pid,
                    subject=subject,
                    sentence=self._sentence_of(ent.start_char),
                )
            )
        return pid

    def _roles_of(self, ent: Span) -> set[str]:
        """Title and role words next to a name: "Russian President Vladimir Putin",
        "Putin, the Russian president", "the police chief, Ross Miller"."""
        roles: set[str] = set()
        doc = self.doc
        for tok in ent:
            if tok.lower_.strip(".") in TITLES or tok.lower_ in ROLE_NOUNS:
                roles.add(tok.lower_.strip("."))
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 5:
            tok = doc[i]
            if tok.is_punct or tok.dep_ in ("det", "case") or tok.pos_ in ("DET", "PART"):
                if tok.dep_ == "case" or tok.pos_ == "PART":
                    i -= 1
                    continue
                break
            if not (ent.start <= tok.head.i < ent.end or tok.head.i >= i):
                break
            roles.add(tok.lemma_.lower())
            i -= 1
        root = ent.root
        for c in root.children:
            if c.dep_ == "appos":
                roles.update(t.lemma_.lower() for t in c.subtree if t.pos_ in ("NOUN", "ADJ"))
        if root.dep_ == "appos":
            roles.update(
                t.lemma_.lower() for t in root.head.subtree if t.pos_ == "NOUN" and t.i < ent.start
            )
            roles.add(root.head.lemma_.lower())
        return {r for r in roles if r.isalpha()}

    def _match(self, tokens: tuple[str, ...], pos: int) -> int | None:
        """The person a name form belongs to: same surname, compatible given names; for a
        bare surname shared by several people, the one mentioned last before ``pos``."""
        cands = self._by_surname.get(tokens[-1], [])
        if not cands:
            return None
        given = tokens[:-1]
        fitting = []
        for pid in cands:
            person = self.people[pid]
            if not given:
                fitting.append(pid)
                continue
            for form in person.forms:
                fg = form[:-1]
                if not fg or given_compatible(given, fg):
                    fitting.append(pid)
                    break
        if not fitting:
            return None
        if len(fitting) == 1:
            return fitting[0]
        if given:
            for pid in fitting:
                if any(
                    form[:-1] and given_compatible(given, form[:-1])
                    for form in self.people[pid].forms
                ):
                    return pid
        return max(fitting, key=lambda p: self._last_mention_before(p, pos))

    def _last_mention_before(self, pid: int, pos: int) -> int:
        """Start of ``pid``'s last mention before ``pos`` (bounded backward scan)."""
        idx = bisect.bisect_left(self._mention_starts, pos)
        for k in range(idx - 1, max(-1, idx - 200), -1):
            if self.mentions[k].person == pid:
                return self.mentions[k].start
        last = self._last_by_person.get(pid, -1)
        return last if last < pos else -1

    def person_for_name(self, text: str, pos: int, *, create: bool = True) -> int | None:
        tokens = name_tokens(text)
        if not tokens:
            return None
        pid = self._match(tokens, pos)
        if pid is None and create:
            pid = len(self.people)
            self.people.append(_Person(forms=[tokens], displays={tokens: clean_name(text)}))
            self.people[pid].gender = gender_of(text.lower().split())
            self._by_surname.setdefault(tokens[-1], []).append(pid)
        return pid

    def canonical(self, pid: int) -> str:
        return self.people[pid].canonical

    # -- resolution ------------------------------------------------------------------------
    def resolve(self, tok: Token) -> Speaker | None:
        """The speaker named by subject token ``tok``."""
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            tok = tok.head.head
        # A person's name: its entity, or an appositive name ("the spokesman, Ross Miller").
        ent = self._ent_at[tok.i]
        named_in_phrase = False
        if ent is None or ent.label_ != "PERSON":
            inner = self._person_in_phrase(tok)
            if inner is not None:
                ent, named_in_phrase = inner, True
        low = tok.lower_
        if ent is not None and (
            ent.label_ == "PERSON" or named_in_phrase or _org_tagged_person(ent)
        ):
            pid = self.person_for_name(ent.text, ent.start_char)
            if pid is not None:
                return Speaker(
                    name=self.canonical(pid),
                    start=ent.start_char,
                    end=ent.end_char,
                    kind="person",
                    person=pid,
                )
        if low in PERSON_PRONOUNS:
            pid = self.resolve_pronoun(low, tok.idx)
            return Speaker(
                name=self.canonical(pid) if pid is not None else None,
                start=tok.idx,
                end=tok.idx + len(tok),
                kind="pronoun",
                person=pid,
            )
        if low in OTHER_PRONOUNS or tok.pos_ == "PRON":
            return Speaker(name=None, start=tok.idx, end=tok.idx + len(tok), kind="pronoun")
        if ent is None and tok.is_title and tok.lower_ not in ROLE_NOUNS | CHANNEL_NOUNS:
            # A known person's surname the tagger missed ("Voss added:").
            pid = self.person_for_name(tok.text, tok.idx, create=False)
            if pid is not None:
                return Speaker(
                    name=self.canonical(pid),
                    start=tok.idx,
                    end=tok.idx + len(tok),
                    kind="person",
                    person=pid,
                )
        span = _noun_phrase(tok)
        phrase = span.text.strip()
        start, end = span.start_char, span.end_char
        head = tok.lemma_.lower()
        if head in CHANNEL_NOUNS or low in CHANNEL_NAMES:
            return Speaker(name=phrase, start=start, end=end, kind="channel")
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "FAC", "LOC"):
            if low in CHANNEL_NAMES or ent.text.lower() in CHANNEL_NAMES:
                return Speaker(
                    name=ent.text, start=ent.start_char, end=ent.end_char, kind="channel"
                )
            # spaCy sometimes tags a name as ORG ("Manafort said", "Mayor Lina Ortez said").
            if _looks_like_person(ent):
                pid = self.person_for_name(ent.text, ent.start_char)
                if pid is not None:
                    s0 = ent.start_char
                    for t in ent[:-1]:
                        if t.lower_.strip(".") not in TITLES:
                            break
                        s0 = t.nbor().idx
                    return Speaker(
                        name=self.canonical(pid),
                        start=s0,
                        end=ent.end_char,
                        kind="person",
                        person=pid,
                    )
            if tok.pos_ == "PROPN" and len(ent) <= 2:
                pid = self.person_for_name(ent.text, ent.start_char, create=False)
                if pid is not None:
                    return Speaker(
                        name=self.canonical(pid),
                        start=ent.start_char,
                        end=ent.end_char,
                        kind="person",
                        person=pid,
                    )
            return Speaker(
                name=ent.text, start=ent.start_char, end=ent.end_char, kind="organisation"
            )
        if tok.pos_ == "PROPN":
            name_toks = [t for t in span if t.pos_ == "PROPN" or t.text.endswith(".")]
            if name_toks:
                s, e = name_toks[0].idx, name_toks[-1].idx + len(name_toks[-1])
                text = self.text[s:e]
                if low in CHANNEL_NAMES:
                    return Speaker(name=text, start=s, end=e, kind="channel")
                pid = self.person_for_name(text, s)
                if pid is not None:
                    return Speaker(
                        name=self.canonical(pid), start=s, end=e, kind="person", person=pid
                    )
        if head in ROLE_NOUNS or tok.pos_ == "NOUN":
            mods = {
                t.lemma_.lower()
                for t in span
                if t.i != tok.i and t.pos_ in ("ADJ", "NOUN", "PROPN")
            }
            # "Officials said" names no one person, however many officials the text named.
            one = head in ROLE_NOUNS and tok.tag_ not in ("NNS", "NNPS")
            pid = self.resolve_role(head, mods, tok.idx) if one else None
            if pid is not None:
                return Speaker(
                    name=self.canonical(pid), start=start, end=end, kind="role", person=pid
                )
            kind = "role" if head in ROLE_NOUNS else "group"
            return Speaker(name=phrase, start=start, end=end, kind=kind)
        return Speaker(name=phrase or None, start=start, end=end, kind="group")

    def _person_in_phrase(self, tok: Token) -> Span | None:
        """A name inside the subject's phrase: "the spokesman, Ross Miller", "Speaker of the
        House Rep. Paul Ryan" (not a possessor: "Trump's spokeswoman" is not Trump)."""
        best: Span | None = None
        stack = [c for c in tok.children if c.dep_ in ("appos", "compound", "prep", "flat")]
        seen = 0
        while stack and seen < 40:
            t = stack.pop()
            seen += 1
            e = self._ent_at[t.i]
            if e is not None and (
                e.label_ == "PERSON"
                # "The chief of the army, General Tunde Bello," (the tagger's ORG): a role's
                # appositive name is the person holding it.
                or (t.dep_ == "appos" and tok.lemma_.lower() in ROLE_NOUNS and _names_one(e))
            ):
                if best is None or e.start > best.start:
                    best = e
                continue
            stack.extend(
                c for c in t.children if c.dep_ in ("appos", "compound", "prep", "pobj", "flat")
            )
        return best

    def resolve_pronoun(self, pronoun: str, pos: int) -> int | None:
        """Nearest fitting named person before ``pos``: gender must not clash; a grammatical
        subject in the last three sentences wins over a nearer non-subject."""
        gender = "m" if pronoun in MALE_PRONOUNS else "f" if pronoun in FEMALE_PRONOUNS else None
        idx = bisect.bisect_left(self._mention_starts, pos)
        sentence = self._sentence_of(pos)
        nearest: int | None = None
        for k in range(idx - 1, max(-1, idx - 80), -1):
            m = self.mentions[k]
            person = self.people[m.person]
            if gender and person.gender and person.gender != gender:
                continue
            if nearest is None:
                nearest = m.person
            if sentence - m.sentence > 3:
                break
            if m.subject:
                return m.person
        return nearest

    def resolve_role(self, head: str, mods: set[str], pos: int) -> int | None:
        """The person last mentioned before ``pos`` with role ``head`` (and its modifiers)."""
        idx = bisect.bisect_left(self._mention_starts, pos)
        fallback: int | None = None
        for k in range(idx - 1, max(-1, idx - 400), -1):
            person = self.people[self.mentions[k].person]
            if head in person.roles:
                if not mods or mods & person.roles:
                    return self.mentions[k].person
                if fallback is None:
                    fallback = self.mentions[k].person
        return fallback


def _last_line(ent: Span) -> Span:
    """The part of an entity after its last line break: a heading run into the next paragraph
    ("Trump Hit Over Not Releasing Tax Returns\\n\\nTrump") names only what follows it."""
    breaks = [t.i for t in ent if "\n" in t.text or "\n" in t.whitespace_]
    if not breaks or breaks[-1] + 1 >= ent.end:
        return ent
    return ent.doc[breaks[-1] + 1 : ent.end]


def _extend_name(ent: Span) -> Span:
    """Take in capitalised proper-noun compounds just left of a name, not titles.

    The tagger sometimes marks only "Markov" in "Ilya Markov".
    """
    from spacy.tokens import Span as _Span

    start = ent.start
    doc = ent.doc
    while start > 0 and ent.start - start < 3:
        t = doc[start - 1]
        if (
            t.pos_ == "PROPN"
            and t.is_title
            and t.dep_ == "compound"
            and ent.start <= t.head.i < ent.end
            and t.lower_.strip(".") not in TITLES
            and not t.ent_type_
        ):
            start -= 1
        else:
            break
    if start == ent.start:
        return ent
    return _Span(doc, start, ent.end, label=ent.label_)


def _org_tagged_person(ent: Span) -> bool:
    """A two- or three-word proper name tagged ORG that carries a person's role.

    "Lina Ortez, the port director, said": taken for a person.
    """
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 3:
        return False
    if not all(t.pos_ == "PROPN" and t.is_title for t in ent):
        return False
    if any(t.lower_ in ORG_WORDS for t in ent):
        return False
    root = ent.root
    return any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in root.children)


def _names_one(ent: Span) -> bool:
    """A name of two to four capitalised words, none an organisation's word ("General Tunde
    Bello", not "Transport Workers Union")."""
    return (
        2 <= len(ent) <= 4
        and all(t.pos_ == "PROPN" and t.is_title for t in ent)
        and not any(t.lower_ in ORG_WORDS for t in ent)
    )


def _looks_like_person(ent: Span) -> bool:
    """An ORG-tagged name that is a person's: a title or a known first name in front."""
    words = [t.lower_.strip(".") for t in ent]
    if not 2 <= len(words) <= 4 or not all(t.pos_ == "PROPN" for t in ent):
        return False
    return words[0] in TITLES or words[0] in MALE_NAMES or words[0] in FEMALE_NAMES


def _noun_phrase(tok: Token) -> Span:
    """The subject's noun phrase without relative clauses, appositives or trailing commas."""
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod"):
            left = min(left, c.left_edge.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "prep") and c.i == right + 1 and c.dep_ != "prep":
            right = c.i
    doc = tok.doc
    # Not past a line break: a heading run into the next paragraph is not the subject's.
    left = _last_line(doc[left : tok.i + 1]).start
    while left < tok.i and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


__all__ = ["Mention", "Speaker", "SpeakerResolver"]
