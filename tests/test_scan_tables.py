"""The scan's pure pieces: shortlist (the join's semantics), site ranking, networks."""

from __future__ import annotations

import datetime as dt

import pytest

from unspin.index.store import SENT_BITS
from unspin.ingest.quality import is_english, prose_words
from unspin.scan.lines import line_bands, line_hash, line_words, split_lines
from unspin.scan.stages import MIN_SHARED, SHORTLIST, shortlist
from unspin.scan.tables import (
    HABIT_SHARE,
    NETWORK_MAX_SITES,
    networks,
    rank_sites,
    site_row,
    wilson_lower,
)


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


def _line(
    site: str,
    page: str,
    text: str,
    *,
    source: str | None = None,
    swaps: tuple[str, ...] = (),
    page_lines: int = 10,
    page_sources: tuple[str, ...] = (),
) -> dict:
    words = line_words(text)
    return {
        "line": line_hash(words), "site": site, "page_id": page,
        "published": dt.date(2026, 1, 1), "status": "untraced" if source is None else "spun",
        "text": text, "source": None if source is None else line_hash(line_words(source)),
        "swaps": list(swaps), "bands": line_bands(words), "page_lines": page_lines,
        "page_sources": list(page_sources),
    }  # fmt: skip


FILLER = "The committee on Thursday overwhelmingly approved new tariffs on steel and aluminium"
FILLER_B = "Norvik Bank board members met on Friday before agreeing to sell 40% of the Zurich unit"


def test_near_identical_lines_link_sites_and_the_links_show_them() -> None:
    lines = [
        _line("a.example", "a1", f"{FILLER} from the U.S. and limit the minister's power."),
        # the spinner varies the line between sites: USA, a curly apostrophe, upper case
        _line("b.example", "b1", f"{FILLER} from the USA and limit the MINISTER’S power."),
        _line("c.example", "c1", FILLER_B + ", officials said on Sunday."),
        _line("b.example", "b2", FILLER_B + ", officials said on Sunday."),
        _line("d.example", "d1", "A different sentence about the weather in the north today."),
    ]  # fmt: skip
    (net,) = networks(lines)
    assert net["network"] == "net-001" and net["sites"] == ["a.example", "b.example", "c.example"]
    assert net["shared_lines"] == 2 and net["pages"] == 4
    ab = next(link for link in net["links"] if link["site_a"] == "a.example")
    assert ab["site_b"] == "b.example" and ab["kind"] == "near_identical"
    assert "U.S." in ab["text_a"] and "USA" in ab["text_b"]


def test_shared_quotes_and_paraphrase_do_not_link_independent_reports() -> None:
    quote = '"We have reached no agreement on the compounds and the talks will go on next month"'
    lines = [
        _line("paper.example", "p1", f"{quote}, a spokeswoman for the ministry told reporters."),
        _line("wire.example", "w1", f"{quote}, the ministry said in a statement on Friday."),
        _line(
            "paper.example",
            "p2",
            "The ministry told the ambassador at a meeting in the capital "
            "that it had dropped its demand for the talks.",
        ),
        _line(
            "wire.example",
            "w2",
            "At a meeting in the capital, the ministry told the envoy that "
            "the demand for talks had been dropped.",
        ),
    ]
    assert networks(lines) == []


def test_syndicated_copies_of_one_story_are_not_a_network() -> None:
    story = [
        f"{FILLER}, the trade ministry said in a statement on its website.",
        "Exporters in the north had warned for months that the measure would cost them dearly.",
        "The opposition leader called the vote a betrayal of the farmers who elected the party.",
        "Prices of scrap metal rose by a third in the weeks before the committee met again.",
        "Two members of the committee abstained, citing the cost to the shipyards on the coast.",
        FILLER_B + ", a person familiar with the matter said.",
    ]
    lines = [_line(site, f"{site}-1", t, page_lines=6) for site in ("x.example", "y.example")
             for t in story]  # fmt: skip
    assert networks(lines) == []


def test_the_spin_signature_links_sites_and_different_spins_do_not() -> None:
    src = f"{FILLER} from Russia, the minister said."
    spun = f"{FILLER} from Russian Federation, the minister said."
    swap = ("russia > russian federation",)
    same = [
        _line("f.example", "f1", spun, source=src, swaps=swap, page_lines=2),
        _line("g.example", "g1", spun, source=src, swaps=swap, page_lines=2),
    ]
    (net,) = networks(same)
    assert net["sites"] == ["f.example", "g.example"]
    assert net["links"][0]["kind"] == "spin_signature"
    other = [
        _line("f.example", "f1", spun, source=src, swaps=swap),
        _line(
            "h.example",
            "h1",
            src.replace("minister", "official"),
            source=src,
            swaps=("minister > official",),
        ),
    ]
    assert networks(other) == []
    # a page the reference does not explain, carrying the same swapped-in words
    untraced = [same[0], _line("k.example", "k1", spun.replace("said", "says"))]
    (net,) = networks(untraced)
    assert net["links"][0]["kind"] == "same_swaps"
    unspun = [same[0], _line("k.example", "k1", src)]  # the wire sentence as printed
    assert networks(unspun) == []


# An unindexed wire story (its original is not in the reference), in the versions two
# newsrooms ran: each desk made its small house edits ("United States" for "U.S.", a credit
# added at the end, a word more).
WIRE_STORY = [
    (
        "Harlow and the U.S. agreed last winter to a 12 pct levy on cedar shingles, ending a long "
        "quarrel over subsidies to Harlow's mills.",
        "Harlow and the United States agreed last winter to a 12 pct levy on cedar shingles, "
        "ending a long quarrel over subsidies to Harlow's mills.",
    ),
    (
        "The shingles are for delivery in the 2025/26 season under the third year of the Harlow "
        "Timber Supply Accord.",
        "The shingles are for delivery in the 2025/26 season under the third year of the Harlow "
        "Timber Supply Accord, the forestry agency said.",
    ),
]


def _newsroom_pages(site: str, version: int, pages: int) -> list[dict]:
    """A newsroom's crawled pages: the wire story once (among its own reporting)."""
    own = [
        _line(
            site, f"{site}-{i}", f"{site} reporters covered council meeting number {i} at length."
        )
        for i in range(1, pages)
    ]
    wire = [_line(site, f"{site}-0", pair[version], page_lines=14) for pair in WIRE_STORY]
    return own + wire


def test_newsrooms_running_one_unindexed_wire_story_are_not_a_network() -> None:
    lines = [*_newsroom_pages("ledger.example", 0, 12), *_newsroom_pages("courier.example", 1, 9)]
    assert networks(lines, {"ledger.example": 12, "courier.example": 9}) == []
    # chained through the wire stories each pair ran, four newsrooms are no network either
    chain = [*lines, *_newsroom_pages("herald.example", 0, 10)]
    sites = {"ledger.example": 12, "courier.example": 9, "herald.example": 10}
    assert networks(chain, sites) == []


def test_farm_sites_printing_the_same_lines_as_a_habit_are_a_network() -> None:
    # two farm sites of few pages, the same unexplained lines on most of them
    lines = [line for v, site in enumerate(("spin1.example", "spin2.example"))
             for line in _newsroom_pages(site, v, 1)]  # fmt: skip
    (net,) = networks(lines, {"spin1.example": 2, "spin2.example": 3})
    assert net["sites"] == ["spin1.example", "spin2.example"]
    assert {link["kind"] for link in net["links"]} == {"near_identical"}
    # the same lines on a small share of each site's pages: a one-off, not a habit
    many = int(2 / HABIT_SHARE) + 1
    assert networks(lines, {"spin1.example": many, "spin2.example": many}) == []


def test_one_spinners_varied_spins_of_a_sentence_link_its_sites() -> None:
    # One operator's sites print one wire sentence with one synonym more or less, and "USA"
    # on one where the other has "US": still one spinner's signature.
    src = f"{FILLER} from the U.S., the minister said."
    lines = [
        _line(
            "f.example",
            "f1",
            f"{FILLER} from the USA, the minister stated.",
            source=src,
            swaps=("u.s. > usa", "said > stated"),
            page_lines=2,
        ),
        _line(
            "g.example",
            "g1",
            f"{FILLER} from the US, the minister said.",
            source=src,
            swaps=("u.s. > us",),
            page_lines=2,
        ),
    ]
    (net,) = networks(lines)
    assert net["sites"] == ["f.example", "g.example"]
    assert net["links"][0]["kind"] == "spin_signature"
    # two spins that share one swap and differ in two are two spinners' work
    lines[1] = {**lines[1], "swaps": ["u.s. > us", "minister > official", "from > out of"]}
    assert networks(lines) == []


def test_the_spin_signature_links_sites_when_it_is_their_habit() -> None:
    src = f"{FILLER} from Russia, the minister said."
    spun = f"{FILLER} from Russian Federation, the minister said."
    swap = ("russia > russian federation",)
    lines = [
        _line("f.example", "f1", spun, source=src, swaps=swap, page_lines=2),
        _line("g.example", "g1", spun, source=src, swaps=swap, page_lines=2),
    ]
    # one signature links two sites of a few pages each ...
    (net,) = networks(lines, {"f.example": 3, "g.example": 8})
    assert net["sites"] == ["f.example", "g.example"]
    # ... but not two sites of hundreds of pages: two operators with one spinning tool print
    # the same spin of a popular wire sentence now and then
    assert networks(lines, {"f.example": 500, "g.example": 800}) == []


def test_a_line_on_many_sites_is_boilerplate_not_a_network() -> None:
    sites = [f"s{i}" for i in range(NETWORK_MAX_SITES + 1)]
    lines = [_line(s, f"{s}-p", f"{FILLER}, subscribe to our newsletter for more.") for s in sites]
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


def test_split_lines_parts_sentences_glued_without_a_space() -> None:
    text = "The vote passed 98-2 on Thursday.Officials said the bill goes to the House next week."
    assert split_lines(text) == [
        "The vote passed 98-2 on Thursday.",
        "Officials said the bill goes to the House next week.",
    ]
    assert split_lines("The U.S. Senate voted.") == ["The U.S. Senate voted."]


def test_the_summary_shows_why_sites_are_linked() -> None:
    from unspin.scan.summary_html import render_summary_html

    lines = [
        _line("a.example", "a1", f"{FILLER} from the U.S. and <b>more</b>."),
        _line("b.example", "b1", f"{FILLER} from the USA and <b>more</b>."),
    ]
    totals = {"pages": 2, "traced_pages": 0, "spun_pages": 0, "sites": 2,
              "sites_with_spun_copies": 0, "networks": 1, "skipped": {}}  # fmt: skip
    summary = {"engine": "local", "files": 1, "files_scanned": 1, "files_done_before": 0,
               "files_failed": {},
               "elapsed_s": 1.0, "pages_per_s": 2.0, "totals": totals}  # fmt: skip
    html = render_summary_html(summary, [], networks(lines))
    assert "a.example<br>b.example" in html and "near identical" in html
    assert "<del>U.S.</del>" in html and "<ins>USA</ins>" in html
    assert "<b>more</b>" not in html  # crawled text is escaped


def test_networks_do_not_depend_on_the_order_of_the_rows() -> None:
    import random

    lines = [
        _line("a.example", "a1", f"{FILLER} from the U.S. and more."),
        _line("b.example", "b1", f"{FILLER} from the USA and more."),
        _line("b.example", "b2", FILLER_B + " today."),
        _line("c.example", "c1", FILLER_B + " today."),
        _line("a.example", "a2", FILLER_B + " today!"),
    ]
    expected = networks(lines)
    assert expected[0]["sites"] == ["a.example", "b.example", "c.example"]
    rng = random.Random(3)
    for _ in range(10):  # the Spark engine returns the lines in any order
        rng.shuffle(lines)
        assert networks(lines) == expected


def test_a_credit_line_on_a_few_sites_is_furniture_not_a_network() -> None:
    credit = "This story was first published by the Daily Example."
    lines = [_line(s, f"{s}-p", credit) for s in ("p.example", "q.example", "r.example")]
    assert networks(lines) == []


def test_crawl_files_are_dated_by_their_name_or_folders() -> None:
    import datetime as dt

    from unspin.scan.storage import file_date, in_dates, is_remote

    cc = "s3://commoncrawl/crawl-data/CC-NEWS/2024/01/CC-NEWS-20240115093512-00042.warc.gz"
    assert file_date(cc) == dt.date(2024, 1, 15)
    assert file_date("/crawl/2023/12/part-7.warc.gz") == dt.date(2023, 12, 1)
    assert file_date("/crawl/part-7.warc.gz") is None
    month = "/crawl/2023/12/part-7.warc.gz"  # a month folder counts as all its days
    files = [cc, month, "/crawl/part-7.warc.gz"]
    assert in_dates(files, dt.date(2024, 1, 1), dt.date(2024, 1, 31)) == [cc]
    assert in_dates(files, dt.date(2023, 12, 20), None) == [cc, month]
    assert in_dates(files, None, None) == files
    assert is_remote(cc) and is_remote("hdfs://nn:8020/crawl") and not is_remote("/crawl")


def test_copies_of_a_line_on_many_pages_give_the_network_of_one_copy() -> None:
    # The same unexplained line on 40 pages of each of two sites: the copies are compared as
    # a group, and the network is the one a single copy on each site gives.
    text = "Harbour pilots in Kessmoor said 14 ships waited outside the Calloway breakwater."
    sites = ("spin1.example", "spin2.example")
    lines = [
        _line(site, f"{site}/{i:02d}", text, page_lines=3) for site in sites for i in range(40)
    ]
    pages = {site: 4 for site in sites}
    (net,) = networks(lines, pages)
    (single,) = networks([lines[0], lines[40]], pages)
    assert net["sites"] == single["sites"] == list(sites)
    assert net["links"] == single["links"]
    assert networks(list(reversed(lines)), pages) == [net]
