"""Speaker names: the words around a name (titles, roles, pronouns, channels) and the rules
that read two names as one person or two.

``speaker_name_words`` keeps the words that name a speaker, ``same_speaker`` compares two,
``name_tokens``/``clean_name`` give a name's lookup key and display form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from unspin.comparison.quotes.cues import SPEECH_VERBS
from unspin.core.wordlists import STOP_WORDS
from unspin.index.tokens import is_common


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one set."""
    return frozenset(text.split())


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
    guardian telegraph mirror times mail express observer herald tribune gazette
    chronicle inquirer youtube twitter facebook instagram tiktok
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
FEMALE_NAMES = _words(
    """
    hillary nancy elizabeth sarah kellyanne hope ivanka melania michelle huma donna
    debbie carly nikki susan mary patricia jennifer linda barbara margaret lisa karen
    betty helen sandra dorothy ashley kimberly emily jessica amy anna angela theresa
    marine ursula christine kamala maxine dianne jeanne katie kate megyn rachel laura
    julia maria olga sophia emma olivia fatima aisha leila chelsea jill janet
    condoleezza madeleine samantha
    """
)


MALE_NAMES = _words(
    """
    donald bernie bill barack joe ted marco john jeb ben chris mike paul mitch rand rick
    scott jeff reince newt rudy corey steve george james robert michael william david
    richard joseph thomas charles mark tim tom kevin jason brian eric vladimir ali
    hassan mohammad mahmoud xi emmanuel boris recep benjamin sergei dmitry javad viktor
    justin jim bob harry peter andrew anthony lindsey martin frank henry jack sean ryan
    adam
    """
)


def name_tokens(name: str) -> tuple[str, ...]:
    """Lowercased name words, titles and possessives stripped ("Mr. Trump's" -> ("trump",))."""
    words = re.findall(r"[^\W\d_][\w\-'’.]*", name)
    out = []
    for w in words:
        w = re.sub(r"['’]s$", "", w).strip(".'’").lower()
        if w:
            out.append(w)
    while len(out) > 1 and (out[0] in TITLES or _leading_verb(out[0])):
        out = out[1:]
    while len(out) > 1 and out[-1] in _NAME_SUFFIXES:
        out = out[:-1]
    return tuple(out)


def clean_name(name: str) -> str:
    """A display name: titles, possessive and surrounding punctuation dropped."""
    words = name.split()
    while len(words) > 1 and (
        words[0].strip(".,").lower() in TITLES or _leading_verb(words[0].lower())
    ):
        words = words[1:]
    out = " ".join(words).strip(" ,.;:")
    return re.sub(r"['’]s$", "", out)


def same_speaker(a: str | None, b: str | None) -> bool | None:
    """True/False when both are named and comparable; None when either is missing or is not
    a name to compare (a role, a description, a date, a verb phrase).

    Names match after titles, roles and honorifics are dropped and hyphens read as spaces:
    "Spokeswoman Heather Nauert" = "Heather Nauert", "Kim Jong-un" = "Kim Jong Un". One form
    holding the other's words is the same speaker ("Joe Biden" in "Projects Joe Biden"); a
    surname one letter or two off under the same given name is a spelling ("Naort"); a bare
    surname one letter off the other's ("Riguelme", "Joe Riquelme") is not compared.
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
    org_a, org_b = bool(set(ta) & ORG_WORDS), bool(set(tb) & ORG_WORDS)
    if org_a != org_b:
        return None
    shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if shorter[-1] in longer and set(shorter) <= set(longer):
        return True
    if ta[-1] != tb[-1]:
        if min(len(ta), len(tb)) == 1 and _typed_alike(ta[-1], tb[-1]):
            return None  # a bare surname a letter off the other's: a typo, or a relative
        # One given name, two spellings of one surname: a typo, not another person.
        return len(ta) > 1 and len(tb) > 1 and ta[0] == tb[0] and _spelling_of(ta[-1], tb[-1])
    # Same surname: different given names mean different people ("Bill" vs "Hillary"). A
    # common word is no given name unless it is a known one: "Watch Biden" is a caption's verb.
    fa, fb = _given_names(ta[:-1]), _given_names(tb[:-1])
    if fa and fb and fa[0][:1] != fb[0][:1]:
        return False
    return not (fa and fb and len(fa[0]) > 2 and len(fb[0]) > 2 and fa[0] != fb[0])


def _given_names(words: tuple[str, ...]) -> tuple[str, ...]:
    if words and is_common(words[0]) and words[0] not in MALE_NAMES | FEMALE_NAMES:
        return ()
    return words


_TITLE_CASE_STOPS = STOP_WORDS - {"of", "will", "may"}  # "Prince of Wales", "John Will Smith"

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
    # A verb after the name: a headline fragment, not a speaker ("Breton Tweeted"); so is a
    # title-case phrase with a capitalised function word inside ("Trump Hit Over Not ...").
    if len(low) > 1 and _speech_verb_form(low[-1]):
        return None
    if any(
        w[:1].isupper() and not glued and w.lower() in _TITLE_CASE_STOPS for w, glued in words[1:-1]
    ):
        return None
    # Titles, roles and possessors in front of a name go ("Trump's running mate Mike
    # Pence"); a phrase that ends in one is a role or a thing ("Trump's own letter").
    cut = max(
        (
            i + 1
            for i, w in enumerate(low)
            if w in TITLES or _role_word(w) or re.search(r"['’]s$", w)
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


def _role_word(word: str) -> bool:
    """A role, or several people of one ("Officials said", "Lawmakers said"): no one's name."""
    if word in ROLE_NOUNS:
        return True
    if word.endswith("men"):  # spokesmen, chairmen
        return word[:-3] + "man" in ROLE_NOUNS
    if word.endswith("es") and word[:-2] in ROLE_NOUNS:  # witnesses
        return True
    return word.endswith("s") and word[:-1] in ROLE_NOUNS


def _leading_verb(word: str) -> bool:
    """ "Added" in "Added Sandberg": the parser took a verb-first attribution's verb for part
    of the name. Not "said", which is also a given name (Said Jalili)."""
    return word not in ("said", "says") and _speech_verb_form(word)


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


def _typed_alike(a: str, b: str) -> bool:
    """One letter changed, added, dropped or two swapped ("Riguelme", "Adbulla")."""
    from rapidfuzz.distance import OSA

    return min(len(a), len(b)) >= 5 and OSA.distance(a, b) <= 1


def _canonical(name: str) -> str | None:
    from unspin.nlp.lexicon.aliases import canonical_entity

    return canonical_entity(name)


def gender_of(tokens: Iterable[str]) -> str | None:
    for t in tokens:
        if t in _MALE_HONORIFICS or t in MALE_NAMES:
            return "m"
        if t in _FEMALE_HONORIFICS or t in FEMALE_NAMES:
            return "f"
    return None


ORG_WORDS = _words(
    """
    party news council committee inc corp corporation association times post department
    ministry university college bank group company agency house court senate congress
    institute foundation center centre union league network media press club fund trust
    campaign office board commission service services journal daily airlines motors
    police army military navy government administration authority authorities embassy
    parliament cabinet bureau command coalition alliance organisation organization regime
    """
)


def given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names agree: equal, or one is an initial of the other."""
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[:1] == y[:1]
    return False


__all__ = [
    "CHANNEL_NAMES",
    "CHANNEL_NOUNS",
    "FEMALE_NAMES",
    "FEMALE_PRONOUNS",
    "MALE_NAMES",
    "MALE_PRONOUNS",
    "ORG_WORDS",
    "OTHER_PRONOUNS",
    "PERSON_PRONOUNS",
    "RELATIVE_PRONOUNS",
    "ROLE_NOUNS",
    "TITLES",
    "clean_name",
    "gender_of",
    "given_compatible",
    "name_tokens",
    "same_speaker",
    "speaker_name_words",
]
