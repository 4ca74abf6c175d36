"""Entity aliases: names that denote the same country or organisation.

Sources: pycountry (ISO 3166 names, official names, common names and alpha-3 codes) plus
``aliases.tsv``, a table we curate where pycountry falls short (its ``lookup`` does not resolve
"Russia", "U.S.", "America", "UK", "Britain" or "Turkey").

Matching is on tokens. Aliases of up to three capital letters ("US", "UK", "UN") match only in
exactly that case, so the pronoun "us" is never read as the United States; everything else
matches ignoring case and dots ("U.S." == "US" only through the table, never by fuzzing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MAX_ALIAS_TOKENS = 8
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:[.'’][A-Za-zÀ-ÖØ-öø-ÿ0-9]+)*\.?|[^\sA-Za-z0-9]")


def _fold(token: str) -> str:
    return token.lower().replace(".", "").replace("’", "'")


def _is_short_acronym(alias: str) -> bool:
    bare = alias.replace(".", "")
    return bare.isupper() and bare.isalpha() and len(bare) <= 3 and " " not in alias


@dataclass(frozen=True, slots=True)
class AliasMatch:
    canonical: str
    start: int  # token index
    end: int  # token index, exclusive


class AliasTable:
    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self._folded: dict[tuple[str, ...], str] = {}
        self._exact: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        self._first: set[str] = set()  # first folded token of every alias: a cheap pre-check
        self._longest = 1
        for canonical, alias in pairs:
            self._names.setdefault(canonical, []).append(alias)
            if _is_short_acronym(alias):
                self._exact[alias] = canonical
                continue
            key = tuple(_fold(t) for t in tokenize(alias))
            if key:
                self._folded.setdefault(key, canonical)
                self._first.add(key[0])
                self._longest = max(self._longest, len(key))

    def __len__(self) -> int:
        return len(self._folded) + len(self._exact)

    def aliases_of(self, canonical: str) -> list[str]:
        return list(self._names.get(canonical, ()))

    def canonical(self, text: str) -> str | None:
        """The canonical id of ``text`` if the whole of it is a known alias."""
        text = text.strip()
        if text in self._exact:
            return self._exact[text]
        key = tuple(_fold(t) for t in tokenize(text))
        return self._folded.get(key)

    def match_at(self, tokens: Sequence[str], i: int) -> AliasMatch | None:
        """The longest alias starting at token ``i`` of ``tokens`` (surface forms)."""
        if tokens[i] in self._exact:
            exact: AliasMatch | None = AliasMatch(self._exact[tokens[i]], i, i + 1)
        else:
            exact = None
        if _fold(tokens[i]) not in self._first:
            return exact
        longest = min(MAX_ALIAS_TOKENS, self._longest, len(tokens) - i)
        for n in range(longest, 0, -1):
            window = tokens[i : i + n]
            if n == 1 and window[0] in self._exact:
                return AliasMatch(self._exact[window[0]], i, i + 1)
            key = tuple(_fold(t) for t in window)
            canonical = self._folded.get(key)
            if canonical is not None:
                # A lone lowercase word is never a name ("turkey" the bird, "china" plates).
                if n == 1 and not window[0][:1].isupper():
                    return exact
                return AliasMatch(canonical, i, i + n)
        return exact

    def find_all(self, tokens: Sequence[str]) -> list[AliasMatch]:
        out: list[AliasMatch] = []
        i = 0
        while i < len(tokens):
            m = self.match_at(tokens, i)
            if m is None:
                i += 1
            else:
                out.append(m)
                i = m.end
        return out


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _curated_pairs() -> list[tuple[str, str]]:
    raw = resources.files("unspin.nlp.lexicon").joinpath("aliases.tsv").read_text("utf-8")
    pairs = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, alias = line.split("\t", 1)
        pairs.append((canonical.strip(), alias.strip()))
    return pairs


def _pycountry_pairs() -> list[tuple[str, str]]:
    import pycountry

    # spaCy's English stop words, as packaged for indexing (importing spaCy itself costs
    # seconds and hundreds of MB, and only lower-case letters are looked up here)
    from unspin.core.wordlists import STOP_WORDS

    pairs = []
    for country in pycountry.countries:
        canonical = f"country:{country.alpha_3}"
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                pairs.append((canonical, name))
        code = country.alpha_3
        # Alpha-3 codes double as English words ("CAN", "AND", "PER"); keep only the others.
        if code.lower() not in STOP_WORDS and not _is_english_word(code.lower()):
            pairs.append((canonical, code))
    return pairs


def _is_english_word(word: str) -> bool:
    code = word.upper()
    if code in _CHECKED_CODES:  # answered without loading WordNet (~100 MB, ~0.6 s)
        return code in _ENGLISH_CODES
    from unspin.nlp.lexicon.synonyms import wordnet

    return wordnet().knows(word)


# The alpha-3 codes of pycountry 26.2.16, and those that WordNet 3.0 knows as words (lower
# case), so building the alias map needs no WordNet; a code added later is looked up.
_CHECKED_CODES = frozenset(
    (  # noqa: SIM905  (a long code list reads best as one split string)
        "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES "
        "BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE "
        "CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK "
        "DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB "
        "GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND "
        "IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN "
        "LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT "
        "MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR "
        "NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU "
        "RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN "
        "SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA "
        "UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE "
    ).split()
)

_ENGLISH_CODES = frozenset(
    (  # noqa: SIM905
        "AGO ALA ALB ARE ARM ATF AUS BEL BEN BES BHS BRA CAN COD COG COL CUB ESP EST FIN GAB "
        "GIB GIN GUM GUY HND HUN JAM KEN KOR LAO LIE LUX MAC MAR MUS NGA PAN POL PRY QAT RUS "
        "SEN SGS SLE SOM STP SUR TLS TON TUN USA VAT "
    ).split()
)


@lru_cache(maxsize=1)
def alias_table() -> AliasTable:
    # Curated first: where both name a thing, the curated entry wins (setdefault).
    return AliasTable(_curated_pairs() + _pycountry_pairs())


def canonical_entity(text: str) -> str | None:
    """``canonical_entity("Russian Federation") == canonical_entity("Russia") == "country:RUS"``."""
    return alias_table().canonical(text)
