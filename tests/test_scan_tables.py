"""The scan's pure pieces: shortlist (the join's semantics), site ranking, networks."""

from __future__ import annotations

import datetime as dt

import pytest

from unspin.corpus.store import SENT_BITS
from unspin.scan.pages import is_english, prose_words
from unspin.scan.stages import MIN_SHARED, SHORTLIST, shortlist
from unspin.scan.tables import NETWORK_MAX_SITES, networks, rank_sites, site_row, wilson_lower


def post(doc: int, sentence: int = 0) -> int:
    return doc << SENT_BITS | sentence


def test_shortlist_counts_distinct_shared_fingerprints_per_reference() -> None:
    postings = {
        1: [post(7, 0), post(7, 3), post(9)],  # one key in two sentences of doc 7: counts once
        2: [post(7, 1)],
        3: [post(9), post(5)],
        4: [post(5)],
        5: [post(5)],
    }
    assert shortlist([1, 2, 3, 4, 5, 6], postings) == [(5, 3), (7, 2), (9, 2)]
    assert MIN_SHARED == 2
    assert shortlist([1], postings) == []  # one shared name pair is no lead


def test_shortlist_keeps_the_best_few_by_a_stable_order() -> None:
    postings = {k: [post(d) for d in range(100)] for k in range(3)}
    got = shortlist([0, 1, 2], postings)
    assert got == [(d, 3) for d in range(SHORTLIST)]


def test_wilson_lower_bound_ranks_volume_above_a_single_page() -> None:
    assert wilson_lower(0, 0) == 0.0
    assert wilson_lower(1, 1) < wilson_lower(400, 450)
    assert 0 < wilson_lower(5, 10) < 0.5


def _row(site: str, verdict: str, *, spun: bool, sources: list[str], day: str) -> dict:
    return {
        "site": site, "verdict": verdict, "spun_or_unattributed": spun,
        "n_sources": len(sources), "sources": sources, "quotes": 2,
        "n_quote_misattributed": 1 if spun else 0, "n_quote_unquoted": 0,
        "n_entity_swap": 3 if spun else 0, "n_inserted": 1,
        "published": dt.date.fromisoformat(day),
    }  # fmt: skip


def test_site_row_and_ranking() -> None:
    farm = site_row("farm.example", [
        _row("farm.example", "spun_copy", spun=True, sources=["a"], day="2026-03-02"),
        _row("farm.example", "collage", spun=True, sources=["a", "b"], day="2026-03-01"),
        _row("farm.example", "original", spun=False, sources=[], day="2026-03-05"),
    ])  # fmt: skip
    assert farm["pages"] == 3 and farm["spun_pages"] == 2 and farm["collages"] == 1
    assert farm["top_sources"] == ["a", "b"]
    assert (farm["first_seen"], farm["last_seen"]) == (dt.date(2026, 3, 1), dt.date(2026, 3, 5))
    assert farm["quotes_misattributed"] == 2 and farm["share_quotes_misattributed"] == 0.3333
    honest = site_row("paper.example", [
        _row("paper.example", "original", spun=False, sources=[], day="2026-03-02")
    ])  # fmt: skip
    ranked = rank_sites([honest, farm], {"farm.example": "net-001"})
    assert [r["site"] for r in ranked] == ["farm.example", "paper.example"]
    assert [r["rank"] for r in ranked] == [1, 2] and ranked[0]["network"] == "net-001"


def _line(line: int, site: str, page: str) -> dict:
    return {"line": line, "site": site, "page_id": page, "published": dt.date(2026, 1, 1),
            "status": "spun", "text": f"line {line}"}  # fmt: skip


def test_networks_need_two_shared_lines_and_join_transitively() -> None:
    lines = [
        _line(1, "a", "a1"),
        _line(1, "b", "b1"),
        _line(2, "a", "a1"),
        _line(2, "b", "b2"),
        _line(3, "b", "b2"),
        _line(3, "c", "c1"),
        _line(4, "b", "b1"),
        _line(4, "c", "c1"),
        _line(5, "d", "d1"),
        _line(5, "e", "e1"),  # one shared line only: no link
    ]
    (net,) = networks(lines)
    assert net["network"] == "net-001" and net["sites"] == ["a", "b", "c"]
    assert net["shared_lines"] == 4 and net["pages"] == 4  # a1 b1 b2 c1


def test_a_line_on_many_sites_is_boilerplate_not_a_network() -> None:
    sites = [f"s{i}" for i in range(NETWORK_MAX_SITES + 1)]
    lines = [_line(n, s, f"{s}-p") for n in (1, 2) for s in sites]
    assert networks(lines) == []


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("The minister said on Tuesday that the talks would resume in the spring.", True),
        ("Der Minister sagte am Dienstag, dass die Gespräche im Frühjahr weitergehen.", False),
        ("El ministro dijo el martes que las conversaciones se reanudarán en primavera.", False),
    ],
)
def test_is_english(text: str, english: bool) -> None:
    assert is_english(text.split()) is english


def test_prose_words_tells_an_article_from_a_section_front() -> None:
    front = "World\n\nBusiness\n\nMarkets close mixed after a quiet day\n\nShare on X | Email"
    assert prose_words(front) == 0
    wrapped = "The bank said it would\nraise rates by half a point, the first rise in\nthree years."
    assert prose_words(wrapped) == 17  # one sentence, hard-wrapped
