"""Entity aliases (pycountry + curated table) and WordNet synonymy."""

from __future__ import annotations

import pytest

from unspin.nlp.lexicon import synonyms
from unspin.nlp.lexicon.aliases import alias_table, canonical_entity, tokenize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Russia", "Russian Federation"),
        ("U.S.", "USA"),
        ("the United States", "America"),
        ("UK", "Britain"),
        ("United Kingdom", "Great Britain"),
        ("Turkey", "Türkiye"),
        ("Germany", "Federal Republic of Germany"),  # from pycountry's official names
        ("Viet Nam", "Vietnam"),
        ("United Nations", "U.N."),
        ("IRN", "Iran"),  # an ISO alpha-3 code that is not an English word
    ],
)
def test_aliases_of_one_thing_share_a_canonical_id(a, b):  # type: ignore[no-untyped-def]
    assert canonical_entity(a) is not None
    assert canonical_entity(a) == canonical_entity(b)


@pytest.mark.parametrize("text", ["us", "can", "turkey dinner", "Austria-Hungary", "Moscow"])
def test_non_aliases_are_not_resolved(text):  # type: ignore[no-untyped-def]
    assert canonical_entity(text) is None


def test_us_virgin_islands_is_not_the_united_states():
    assert canonical_entity("U.S.") != canonical_entity("Virgin Islands, U.S.")


def test_pronoun_us_is_not_matched_in_running_text():
    tokens = tokenize("They told us that the US would act.")
    matches = alias_table().find_all(tokens)
    assert [" ".join(tokens[m.start : m.end]) for m in matches] == ["the US"]


def test_longest_alias_wins():
    tokens = tokenize("Officials of the United States of America met.")
    (match,) = alias_table().find_all(tokens)
    assert " ".join(tokens[match.start : match.end]) == "the United States of America"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("stressed", "stress"), ("emphasised", "emphasise")),
        (("said", "say"), ("stated", "state")),
        (("big",), ("large",)),
        (("talks", "talk"), ("negotiations", "negotiation")),
        (("assault",), ("attack",)),
    ],
)
def test_wordnet_synonyms(a, b):  # type: ignore[no-untyped-def]
    assert synonyms.synonym_match(a, b) is not None


@pytest.mark.parametrize(
    ("a", "b"), [(("the",), ("a",)), (("years",), ("months",)), (("rose",), ("fell",))]
)
def test_wordnet_non_synonyms(a, b):  # type: ignore[no-untyped-def]
    assert synonyms.synonym_match(a, b) is None


def test_wordnet_cache_is_written_and_reused(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    synonyms.wordnet.cache_clear()
    try:
        first = synonyms.wordnet()
        cached = list((tmp_path / "unspin").glob("wordnet30-*.pickle"))
        assert len(cached) == 1
        synonyms.wordnet.cache_clear()
        second = synonyms.wordnet()
        assert second.synsets("emphasise") == first.synsets("emphasise") != frozenset()
        # A corrupt cache is rebuilt, not fatal.
        cached[0].write_bytes(b"not a pickle")
        synonyms.wordnet.cache_clear()
        assert synonyms.wordnet().knows("emphasise")
        # So is one pickled by another version whose classes lived in another module.
        cached[0].write_bytes(b"\x80\x04cunspin.gone\nWordNetIndex\n.")
        synonyms.wordnet.cache_clear()
        assert synonyms.wordnet().knows("emphasise")
    finally:
        synonyms.wordnet.cache_clear()
