"""Who said it: speech cues, the speaker behind a cue, and one name per person per article.

A cue is a speech verb ("said", "told", "warned", "according to"). Its speaker is the verb's
subject, found in the dependency parse ("X said", "said X", "X told Y", "X, who ..., said",
"state TV quoted X as saying"). The subject is then resolved:

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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from unspin.nlp.parse import Parsed


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one set."""
    return frozenset(text.split())


# Lemmas of verbs that introduce reported speech (direct or indirect).
SPEECH_VERBS = _words(
    """
    say tell add note write ask claim state declare explain insist argue warn announce
    report tweet post continue reply respond answer recall acknowledge admit suggest
    predict promise vow pledge urge stress emphasize emphasise remark comment observe
    conclude testify confirm deny contend maintain assert quip joke shout yell scream
    whisper mutter complain lament boast brag concede allege counter retort inform
    remind reiterate repeat proclaim exclaim wonder agree caution mention disclose
    reveal estimate speculate describe call quote charge cite recount affirm blast slam
    chide scoff sneer snap thunder plead beg demand propose recommend advise order
    threaten protest object interject begin opine muse reason surmise tout hail praise
    criticize criticise mock ridicule echo boom bark beam confess interrupt chime gush
    rail tease marvel exult fume rant sigh laugh cheer chant sing text email message
    wrote caption headline thank applaud congratulate apologize apologise
    """
)
# Phrasal cues: lemma + particle ("went on", "shot back", "pointed out").
PHRASAL_CUES = frozenset(
    {
        ("go", "on"),
        ("shoot", "back"),
        ("fire", "back"),
        ("point", "out"),
        ("chime", "in"),
        ("pipe", "up"),
        ("cut", "in"),
        ("hit", "back"),
        ("speak", "out"),
        ("lash", "out"),
    }
)
# The subset that takes an indirect-speech clause ("X said that ...").
INDIRECT_VERBS = _words(
    """
    say tell add note write claim state declare explain insist argue warn announce
    report tweet post reply respond answer recall acknowledge admit suggest predict
    promise vow pledge stress emphasize emphasise remark comment observe conclude
    testify confirm deny contend maintain assert concede allege counter inform remind
    reiterate repeat proclaim agree caution mention disclose reveal estimate speculate
    charge recount affirm boast brag complain lament assure indicate ask wonder
    """
)
# Nouns that name a medium rather than a person: a channel reports, it does not speak.
CHANNEL_NOUNS = _words(
    """
    tv television radio agency newspaper paper daily tabloid media outlet broadcaster
    network channel website site station wire magazine journal service press report
    reports release statement communique communiqué document filing memo poll survey
    study broadcast newscast bulletin program programme show
    """
)
CHANNEL_NAMES = _words(
    """
    reuters ap afp irna tass ria xinhua cnn bbc msnbc fox abc cbs nbc npr pbs politico
    axios bloomberg tasnim fars isna sputnik interfax kyodo yonhap dpa ansa efe
    """
)
# Words that name a role a person can be referred to by ("the president said").
ROLE_NOUNS = _words(
    """
    president leader minister premier chancellor king queen prince princess emperor pope
    spokesman spokeswoman spokesperson official senator governor mayor candidate nominee
    chairman chairwoman chair secretary ambassador envoy general commander chief
    director judge justice attorney lawyer prosecutor sheriff officer diplomat lawmaker
    congressman congresswoman representative speaker ayatollah cleric aide adviser
    advisor manager executive ceo founder father mother son daughter wife husband
    brother sister coach economist analyst professor researcher scientist doctor author
    activist organizer strategist pollster campaign head deputy vice
    """
)
TITLES = _words(
    """
    mr mrs ms miss dr prof sir dame lord lady president sen senator gov governor rep
    representative rev fr gen col maj capt lt sgt adm secretary minister prime supreme
    leader ayatollah sheikh king queen prince princess pope chancellor premier judge
    justice mayor ambassador chairman chairwoman speaker former late the st sheriff
    attorney billionaire businessman businesswoman mogul tycoon candidate nominee
    frontrunner host anchor democrat republican sens reps govs
    """
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "jr.", "sr."})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
OTHER_PRONOUNS = frozenset({"i", "we", "they", "you", "it", "me", "us", "them", "one"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father", "fr"})
_FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen"})
# A few common first names, to keep "he" off "Hillary Clinton" when nothing else tells.
_FEMALE_NAMES = _words(
    """
    hillary nancy elizabeth sarah kellyanne hope ivanka melania michelle huma donna
    debbie carly nikki susan mary patricia jennifer linda barbara margaret lisa karen
    betty helen sandra dorothy ashley kimberly emily jessica amy anna angela theresa
    marine ursula christine kamala maxine dianne jeanne katie kate megyn rachel laura
    julia maria olga sophia emma olivia fatima aisha leila chelsea jill janet
    condoleezza madeleine samantha
    """
)
_MALE_NAMES = _words(
    """
    donald bernie bill barack joe ted marco john jeb ben chris mike paul mitch rand rick
    scott jeff reince newt rudy corey steve george james robert michael william david
    richard joseph thomas charles mark tim tom kevin jason brian eric vladimir ali
    hassan mohammad mahmoud xi emmanuel boris recep benjamin sergei dmitry javad viktor
    justin jim bob harry peter andrew anthony lindsey martin frank henry jack sean ryan
    adam
    """
)


def is_cue(tok: Token) -> bool:
    """A speech verb ("said", "warned") or the "according" of "according to"."""
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children) or (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
        )
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.tag_ == "VBZ"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    return any(
        (lemma, c.lower_) in PHRASAL_CUES for c in tok.children if c.dep_ in ("prt", "advmod")
    )


def cue_text(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    prt = [
        c
        for c in tok.children
        if c.dep_ == "prt"
        or (c.dep_ == "advmod" and (tok.lemma_.lower(), c.lower_) in PHRASAL_CUES)
    ]
    return f"{tok.text} {prt[0].text}" if prt else tok.text


def subject_of(verb: Token, skip: Callable[[int], bool] | None = None) -> Token | None:
    """The speaker token of a cue: its subject, the pobj of "according to", the object of
    "quoted X as saying", or the subject of the verb it hangs off ("smiled and said")."""
    if verb.lower_ == "according":
        for to in verb.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
        nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            for obj in nxt.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    if verb.lemma_.lower() == "quote":
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                return c
    tok = verb
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX"):
            subjects = [
                c
                for c in tok.children
                if c.dep_ in ("nsubj", "nsubjpass") and not (skip and skip(c.idx))
            ]
            if len(subjects) > 1:
                # A misparse gives a verb two subjects ("... post-Brexit, Mr Juncker asked"):
                # the person, else the one next to the verb.
                subjects.sort(key=lambda c: (c.ent_type_ != "PERSON", abs(c.i - tok.i)))
            if subjects:
                return subjects[0]
            for c in tok.children:
                if c.dep_ == "agent":
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            return obj
        # "smiled and said", "tried to laugh it off by interjecting", "emailed supporters
        # saying": the speaker is the subject of the verb this one hangs off.
        if tok.dep_ not in _CLIMB or tok.head is tok:
            break
        tok = tok.head
        if tok.lemma_.lower() == "quote":
            for c in tok.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    return c
    return None


_CLIMB = frozenset({"conj", "xcomp", "advcl", "pcomp", "acl", "prep", "pobj", "dobj", "relcl"})


# ----------------------------------------------------------------------------------------
# Names


def name_tokens(name: str) -> tuple[str, ...]:
    """Lowercased name words, titles and possessives stripped ("Mr. Trump's" -> ("trump",))."""
    words = re.findall(r"[^\W\d_][\w\-'’.]*", name)
    out = []
    for w in words:
        w = re.sub(r"['’]s$", "", w).strip(".'’").lower()
        if w:
            out.append(w)
    while len(out) > 1 and out[0] in TITLES:
        out = out[1:]
    while len(out) > 1 and out[-1] in _NAME_SUFFIXES:
        out = out[:-1]
    return tuple(out)


def clean_name(name: str) -> str:
    """A display name: titles, possessive and surrounding punctuation dropped."""
    words = name.split()
    while len(words) > 1 and words[0].strip(".,").lower() in TITLES:
        words = words[1:]
    out = " ".join(words).strip(" ,.;:")
    return re.sub(r"['’]s$", "", out)


def same_speaker(a: str | None, b: str | None) -> bool | None:
    """True/False when both are named and comparable; None when either is missing or is not
    a name to compare (a role, a description, a date, a verb phrase).

    Names match after titles, roles and honorifics are dropped and hyphens read as spaces:
    "Spokeswoman Heather Nauert" = "Heather Nauert", "Kim Jong-un" = "Kim Jong Un". One form
    holding the other's words is the same speaker ("Joe Biden" in "Projects Joe Biden"); a
    surname one letter or two off under the same given name is a spelling ("Naort").
    A person and an organisation or country are not compared: a person speaks for one.
    """
    if not a or not b:
        return None
    # Aliases of one country or organisation speak as one: "the United States" = "America".
    ca, cb = _canonical(a), _canonical(b)
    if ca is not None and ca == cb:
        return True
    if (ca or "").startswith("country:") or (cb or "").startswith("country:"):
        return None
    ta, tb = speaker_name_words(a), speaker_name_words(b)
    if ta is None or tb is None:
        return None
    if ta == tb:
        return True
    org_a, org_b = bool(set(ta) & _ORG_WORDS), bool(set(tb) & _ORG_WORDS)
    if org_a != org_b:
        return None
    shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if shorter[-1] in longer and set(shorter) <= set(longer):
        return True
    if ta[-1] != tb[-1]:
        # One given name, two spellings of one surname: a typo, not another person.
        return len(ta) > 1 and len(tb) > 1 and ta[0] == tb[0] and _spelling_of(ta[-1], tb[-1])
    # Same surname: different given names mean different people ("Bill" vs "Hillary").
    fa, fb = ta[:-1], tb[:-1]
    if fa and fb and fa[0][:1] != fb[0][:1]:
        return False
    return not (fa and fb and len(fa[0]) > 2 and len(fb[0]) > 2 and fa[0] != fb[0])


_NAME_PARTICLES = _words("de da del della di du van von der den bin ibn al el la le")
# ("May" is left out: it is a surname as often as a month.)
_CALENDAR = _words(
    """
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
    friday saturday sunday today yesterday tomorrow
    """
)
_DETERMINERS = _words("the a an this that these those")


def speaker_name_words(name: str) -> tuple[str, ...] | None:
    """The lowercased words that name a speaker, without titles, roles and honorifics
    ("State Department Spokeswoman Heather Nauert" -> ("heather", "nauert")); None when the
    speaker is not a name: a role or description ("the president", "Trump's own letter",
    "the couple"), a date ("2017-09-22", "Tuesday"), a verb phrase ("Breton Tweeted")."""
    found = list(re.finditer(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+", name))
    if not found or any(m.group().isdigit() for m in found):
        return None
    # Parts glued to the word before may be lowercase ("Kim Jong-un", a mangled "François");
    # other words of a name may not.
    words = [(m.group(), m.start() > 0 and not name[m.start() - 1].isspace()) for m in found]
    while words and words[0][0].lower() in _DETERMINERS:
        words = words[1:]
    low = [w.lower() for w, _ in words]
    if not words or any(w in _CALENDAR for w in low):
        return None
    pronoun = low[0] in PERSON_PRONOUNS or low[0] in OTHER_PRONOUNS
    if pronoun and not (len(words[0][0]) > 1 and words[0][0].isupper()):  # "He", "I"; not "US"
        return None  # "He said": whose words these are is our reading, not the text's
    # A verb after the name: a headline fragment, not a speaker ("Breton Tweeted").
    if len(low) > 1 and _speech_verb_form(low[-1]):
        return None
    # Titles, roles and possessors in front of a name go ("Trump's running mate Mike
    # Pence"); a phrase that ends in one is a role or a thing ("Trump's own letter").
    cut = max(
        (
            i + 1
            for i, w in enumerate(low)
            if w in TITLES or w in ROLE_NOUNS or re.search(r"['’]s$", w)
        ),
        default=0,
    )
    if cut >= len(words):
        return None
    words, low = words[cut:], low[cut:]
    while len(low) > 1 and low[-1] in _NAME_SUFFIXES:
        words, low = words[:-1], low[:-1]
    capital = [w[:1].isupper() or glued or w.lower() in _NAME_PARTICLES for w, glued in words]
    if all(capital):
        return tuple(low)
    # Lowercase words: a description ("country's prime minister"), unless a full name ends it
    # ("Trump's running mate Mike Pence").
    run = len(capital)
    while run > 0 and capital[run - 1]:
        run -= 1
    return tuple(low[run:]) if len(low) - run >= 2 else None


def _speech_verb_form(word: str) -> bool:
    """A speech verb ("said", "tweeted", "warns"), not part of a name."""
    if word in ("said", "says", "told"):
        return True
    return any(
        word.endswith(end) and word[: -len(end)] in SPEECH_VERBS for end in ("s", "es", "ed", "d")
    )


def _spelling_of(a: str, b: str) -> bool:
    """Two surnames that are one misspelt as the other ("Naort", "Nauert")."""
    from rapidfuzz import fuzz

    return a[:1] == b[:1] and min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= 70


def _canonical(name: str) -> str | None:
    from unspin.nlp.lexicon.aliases import canonical_entity

    return canonical_entity(name)


def _gender_of(tokens: Iterable[str]) -> str | None:
    for t in tokens:
        if t in _MALE_HONORIFICS or t in _MALE_NAMES:
            return "m"
        if t in _FEMALE_HONORIFICS or t in _FEMALE_NAMES:
            return "f"
    return None


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
        ents = [_extend_name(e) if e.label_ == "PERSON" else e for e in self.doc.ents]
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
        gender = _gender_of([*context[-1:], *name_tokens(ent.text)[:1], *ent.text.lower().split()])
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
                if not fg or _given_compatible(given, fg):
                    fitting.append(pid)
                    break
        if not fitting:
            return None
        if len(fitting) == 1:
            return fitting[0]
        if given:
            for pid in fitting:
                if any(
                    form[:-1] and _given_compatible(given, form[:-1])
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
            self.people[pid].gender = _gender_of(text.lower().split())
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
        if ent is None or ent.label_ != "PERSON":
            inner = self._person_in_phrase(tok)
            if inner is not None:
                ent = inner
        low = tok.lower_
        if ent is not None and (ent.label_ == "PERSON" or _org_tagged_person(ent)):
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
            pid = self.resolve_role(head, mods, tok.idx) if head in ROLE_NOUNS else None
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
            if e is not None and e.label_ == "PERSON":
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


_ORG_WORDS = _words(
    """
    party news council committee inc corp corporation association times post department
    ministry university college bank group company agency house court senate congress
    institute foundation center centre union league network media press club fund trust
    campaign office board commission service services journal daily airlines motors
    """
)


def _org_tagged_person(ent: Span) -> bool:
    """A two- or three-word proper name tagged ORG that carries a person's role.

    "Lina Ortez, the port director, said": taken for a person.
    """
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 3:
        return False
    if not all(t.pos_ == "PROPN" and t.is_title for t in ent):
        return False
    if any(t.lower_ in _ORG_WORDS for t in ent):
        return False
    root = ent.root
    return any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in root.children)


def _looks_like_person(ent: Span) -> bool:
    """An ORG-tagged name that is a person's: a title or a known first name in front."""
    words = [t.lower_.strip(".") for t in ent]
    if not 2 <= len(words) <= 4 or not all(t.pos_ == "PROPN" for t in ent):
        return False
    return words[0] in TITLES or words[0] in _MALE_NAMES or words[0] in _FEMALE_NAMES


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names agree: equal, or one is an initial of the other."""
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[:1] == y[:1]
    return False


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
    while left < tok.i and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


__all__ = [
    "CHANNEL_NOUNS",
    "INDIRECT_VERBS",
    "SPEECH_VERBS",
    "Speaker",
    "SpeakerResolver",
    "clean_name",
    "cue_text",
    "is_cue",
    "name_tokens",
    "same_speaker",
    "speaker_name_words",
    "subject_of",
]
