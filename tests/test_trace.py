"""unspin check: trace an article to indexed sources, including collages and non-copies."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, demo_article, load_fixture_article
from unspin.app import check
from unspin.cli import app
from unspin.core.model import Article, ChangeKind, Verdict
from unspin.core.serialise import report_to_dict
from unspin.index.store import open_store, prepare_article


@pytest.fixture
def store():  # type: ignore[no-untyped-def]
    s = open_store(None)
    with s.session() as session:
        for article in (
            demo_article("wire.json"),
            load_fixture_article("compare/independent_a.json"),
        ):
            session.add(prepare_article(article))
    yield s
    s.close()


def test_spun_copy_is_traced_to_the_wire_story(store):  # type: ignore[no-untyped-def]
    report = check(demo_article("spun.json"), store)
    assert [s.title for s in report.sources] == [demo_article("wire.json").title]
    assert report.verdict is Verdict.SPUN_COPY
    assert report.changes_of(ChangeKind.ENTITY_SWAP)


def test_independent_report_of_the_same_event_has_no_source(store):  # type: ignore[no-untyped-def]
    report = check(load_fixture_article("compare/independent_b.json"), store)
    assert report.sources == ()
    assert report.verdict is Verdict.ORIGINAL


def test_collage_names_every_contributing_source(store):  # type: ignore[no-untyped-def]
    wire = demo_article("wire.json").text.split("\n\n")
    flood = load_fixture_article("compare/independent_a.json").text.split("\n\n")
    collage = Article(text="\n\n".join([wire[0], flood[0], wire[4], flood[1]]))
    report = check(collage, store)
    assert len(report.sources) == 2
    assert report.verdict is Verdict.COLLAGE
    assert all(m.coverage > 0.3 for m in report.source_matches)


def test_whole_article_rewrite_is_traced_to_its_source(store):  # type: ignore[no-untyped-def]
    # Every sentence reworded (an LLM rewrite): no sentence is copied, but all follow the wire.
    report = check(load_fixture_article("trace/rewrite.json"), store)
    assert [s.title for s in report.sources] == [demo_article("wire.json").title]
    assert report.verdict is not Verdict.ORIGINAL
    assert report.source_matches[0].coverage > 0.7


def test_shared_quote_and_a_paraphrased_fact_are_not_copying(store):  # type: ignore[no-untyped-def]
    # Written independently: the same quoted statement and one sentence close to the wire's
    # ("Washington welcomed the talks but said it would be watching the shipments closely").
    report = check(load_fixture_article("trace/independent_grain.json"), store)
    assert report.sources == ()
    assert report.verdict is Verdict.ORIGINAL


def test_collage_that_cuts_into_a_quote_still_names_the_source(store):  # type: ignore[no-untyped-def]
    wire = demo_article("wire.json").text.split("\n\n")
    flood = load_fixture_article("compare/independent_a.json").text.split("\n\n")
    # Starts inside Varin's quote: the stray closing mark must not make the copied narration
    # that follows read as a quotation.
    cut = "Our " + wire[2].split('"Our ')[1]
    collage = Article(text="\n\n".join([flood[0], cut + " " + wire[3], flood[2]]))
    report = check(collage, store)
    assert demo_article("wire.json").title in [s.title for s in report.sources]
    assert len(report.sources) == 2


def test_collage_excerpt_without_names_or_numbers_is_traced(store):  # type: ignore[no-untyped-def]
    # Two lightly edited sentences from a story about a bakery: one rare word each, no names,
    # no figures, so no fingerprint ties them to it, and the wire story dominates the rest.
    with store.session() as session:
        session.add(prepare_article(load_fixture_article("trace/bakery.json")))
    wire = demo_article("wire.json").text.split("\n\n")
    excerpt = (
        "The owners said the cost of flour and power had gone up each month this year. "
        "Many people who live close by said they would miss the smell of fresh sourdough in "
        "the morning."
    )
    report = check(Article(text="\n\n".join([*wire[:4], excerpt, *wire[4:6]])), store)
    assert sorted(s.title for s in report.sources) == sorted(
        [demo_article("wire.json").title, load_fixture_article("trace/bakery.json").title]
    )
    assert report.verdict is Verdict.COLLAGE


def test_identical_republications_are_listed_as_copies_of_the_wire(store):  # type: ignore[no-untyped-def]
    wire = demo_article("wire.json")
    # The same text republished the next day by a portal (indexed after the wire story).
    repost = dataclasses.replace(
        wire,
        url="https://portal.example/news/grain-deal",
        site="portal.example",
        byline="By Portal Staff",
        published=dt.date(2026, 11, 5),
        id=None,
    )
    with store.session() as session:
        session.add(prepare_article(repost))
    report = check(demo_article("spun.json"), store)
    assert [s.url for s in report.sources] == [wire.url]
    assert report.source_matches[0].copies == (repost.url,)
    assert report_to_dict(report)["sources"][0]["copies"] == [repost.url]


def test_source_published_after_the_article_is_not_its_source(store):  # type: ignore[no-untyped-def]
    spun = dataclasses.replace(demo_article("spun.json"), published=dt.date(2026, 11, 1))
    report = check(spun, store)
    assert report.sources == ()


def test_cli_index_then_check(tmp_path: Path):
    runner = CliRunner()
    db = tmp_path / "news.db"
    demo = ROOT / "src" / "unspin" / "demo_data"
    result = runner.invoke(app, ["index", "--db", str(db), str(demo / "wire.json")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["check", "--db", str(db), str(demo / "spun.json"), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["verdict"] == "spun_copy"
    assert report["sources"][0]["coverage"] > 0.8


def test_cli_index_keeps_a_republication_at_another_url_as_a_copy(tmp_path: Path):
    wire = json.loads((ROOT / "src" / "unspin" / "demo_data" / "wire.json").read_text("utf-8"))
    repost = {**wire, "url": "https://portal.example/news/grain-deal", "published": "2026-11-05"}
    repost.pop("id", None)
    (tmp_path / "repost.json").write_text(json.dumps(repost), "utf-8")
    db = tmp_path / "news.db"
    demo = ROOT / "src" / "unspin" / "demo_data"
    runner = CliRunner()
    result = runner.invoke(
        app, ["index", "--db", str(db), str(demo / "wire.json"), str(tmp_path / "repost.json")]
    )
    assert result.exit_code == 0, result.output
    assert "identical copies 1" in result.output
    result = runner.invoke(app, ["check", "--db", str(db), str(demo / "spun.json"), "-f", "json"])
    source = json.loads(result.stdout)["sources"][0]
    assert source["url"] == wire["url"]
    assert source["copies"] == [repost["url"]]


def test_cli_check_without_index_is_a_clear_error(tmp_path: Path):
    result = CliRunner().invoke(app, ["check", "--db", str(tmp_path / "none.db"), "x.txt"])
    assert result.exit_code != 0
    assert "no such index" in result.stderr


def test_a_report_assessed_later_equals_the_one_assessed_by_compare(demo_pair):  # type: ignore[no-untyped-def]
    # check() compares without the credibility checks and assesses the report it keeps once.
    from unspin import app
    from unspin.comparison import classify  # compare() without the credibility checks
    from unspin.credibility import assess

    spun, wire = demo_pair
    bare = classify.compare(spun, wire)
    assert bare.findings == () and bare.score is None
    assert assess(bare) == app.compare(spun, wire)


def _index_version(store, text: str, url: str) -> Article:  # type: ignore[no-untyped-def]
    """Another filing of the demo wire story (``text``, at ``url``), indexed in ``store``."""
    version = dataclasses.replace(demo_article("wire.json"), text=text, url=url, id=None)
    with store.session() as session:
        session.add(prepare_article(version))
    return version


def test_another_version_of_the_wire_story_is_listed_beside_it(store):  # type: ignore[no-untyped-def]
    wire = demo_article("wire.json")
    # The story as first filed: its first four paragraphs and a line the update replaced.
    first_filed = _index_version(
        store,
        "\n\n".join(wire.text.split("\n\n")[:4])
        + "\n\nThe statement gave no details of how shipments would be inspected.",
        "https://wire.example.org/2026/11/04/russia-turkey-grain-corridor-first",
    )
    report = check(demo_article("spun.json"), store)
    # One story, not a collage of its versions.
    assert report.verdict is Verdict.SPUN_COPY
    assert [s.url for s in report.sources] == [wire.url]
    match = report.source_matches[0]
    assert match.versions == (first_filed.url,)
    assert match.copies == ()  # not the identical text
    assert report_to_dict(report)["sources"][0]["versions"] == [first_filed.url]
    # Another newsroom's report of the same event is not a version of it.
    assert load_fixture_article("compare/independent_a.json").url not in match.versions


def test_a_version_that_matches_no_sentence_best_is_still_listed(store):  # type: ignore[no-untyped-def]
    wire = demo_article("wire.json")
    # An earlier filing whose sentences the update retouched: every sentence the page takes
    # matches the update better, but the earlier filing alone shows the copy as well.
    paragraphs = wire.text.split("\n\n")[:3]
    earlier = _index_version(
        store,
        "\n\n".join(paragraphs)
        .replace("agreed on Wednesday", "agreed late on Wednesday")
        .replace("said the deal would", "said that the deal would")
        .replace("stressed that Moscow", "stressed Moscow"),
        "https://wire.example.org/2026/11/04/grain-corridor-earlier",
    )
    report = check(demo_article("spun.json"), store)
    assert report.verdict is Verdict.SPUN_COPY
    assert [s.url for s in report.sources] == [wire.url]
    assert report.source_matches[0].versions == (earlier.url,)


def test_a_version_left_out_of_the_report_is_found_by_comparing_it_alone() -> None:
    from unspin.comparison import classify
    from unspin.comparison.versions import other_versions

    wire = dataclasses.replace(demo_article("wire.json"), id="wire")
    earlier = dataclasses.replace(
        wire,
        id="earlier",
        url="https://wire.example.org/earlier",
        text=wire.text.split("\n\n")[0].replace("agreed on Wednesday", "agreed late on Wednesday"),
    )
    independent = dataclasses.replace(load_fixture_article("compare/independent_a.json"), id="a")
    page = demo_article("spun.json")
    report = classify.compare(page, [wire])
    assert other_versions(page, report, [independent, earlier]) == {"wire": ["earlier"]}
    # Behind more reports of the same event than there are comparisons to pay for: the
    # version, most alike to the source kept, is compared first.
    others = [
        dataclasses.replace(independent, id=f"other-{i}", url=f"https://other{i}.example/a")
        for i in range(3)
    ]
    assert other_versions(page, report, [*others, earlier]) == {"wire": ["earlier"]}


def test_a_page_split_between_two_versions_of_the_story_is_still_a_copy() -> None:
    # Two filings of the wire story, each missing a line the other has. The page takes one
    # line from each, words replaced one for one: compared with both, each filing explains
    # one line and shows too little on its own; the page was made from the story all the same.
    wire = demo_article("wire.json")
    insurance = "Shipping companies said insurance costs remained high despite the deal."
    watch = (
        "The United States welcomed the extension but warned that it would watch shipments closely."
    )
    first = dataclasses.replace(
        wire,
        id=None,
        url="https://wire.example.org/grain-first",
        text=wire.text.replace(
            watch,
            "The United States welcomed the extension, but warned that it would now watch all "
            "shipments very closely.",
        ),
    )
    update = dataclasses.replace(
        wire,
        id=None,
        url="https://wire.example.org/grain-update",
        text=wire.text.replace(insurance, "Insurers have yet to cut their rates."),
    )
    store = open_store(None)
    with store.session() as session:
        session.add(prepare_article(first))
        session.add(prepare_article(update))
    page = Article(
        title="Grain deal lifts markets",
        text="\n\n".join(
            [
                "Grain prices eased in Chicago on Thursday as traders weighed the news.",
                "Shipping companies said insurance costs remained painfully high despite the deal.",
                "Analysts at two Chicago brokers expect wheat futures to stay volatile.",
                "The United States toasted the extension but signalled that it would audit "
                "shipments closely.",
                "Farmers in Kansas said the weather mattered more to them than the Black Sea.",
            ]
        ),
    )
    report = check(page, store)
    assert report.verdict is Verdict.PARTLY_DERIVED
    assert [s.url for s in report.sources] == [first.url]
    assert report.source_matches[0].versions == (update.url,)
    store.close()


def test_a_tracked_version_of_the_source_still_alerts(store):  # type: ignore[no-untyped-def]
    from unspin.watch.alerts import Tracks, alerts_for

    wire = demo_article("wire.json")
    first_filed = _index_version(
        store,
        "\n\n".join(wire.text.split("\n\n")[:4]),
        "https://first-filings.example/grain-corridor",
    )
    copier = demo_article("spun.json")
    report = check(copier, store)
    assert report.source_matches[0].versions == (first_filed.url,)
    alerts = alerts_for(report, copier, Tracks(["first-filings.example"]), report_id="r1")
    assert len(alerts) == 1
