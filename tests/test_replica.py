"""The specimen's rows end to end, on a replica written for these tests.

``../shared/docs/specimen/`` holds a real content-farm page and what a fact-checker finds in
it; its wire sources are not on every machine. ``tests/data/replica/`` is a page of our own
with the same make-up, and the four reports it is made from: a collage of wire lines, names
swapped by a spinner ("Russia" -> "Russian Federation", "U.S." -> "USA", "America" -> "the
United States"), one leader's quoted words printed without marks after another leader's quote
(the headline rests on them), a "today" kept from the day before, scraped furniture, and a
byline that credits no one. Indexed with an independent report of the same summit and
unrelated stories, ``unspin check`` on the saved page (HTML, or text as the specimen is kept)
must show every row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, demo_article, load_fixture_article
from unspin.app import check, load_article
from unspin.cli import app
from unspin.core.model import ChangeKind, Report, Verdict
from unspin.index.store import open_store, prepare_article

REPLICA = ROOT / "tests" / "data" / "replica"
SOURCES = ("wire_meeting", "wire_arrival", "broadcast_summit", "wire_analysis")
MOVED = "Our cooperation can isolate the United States and bring calm to the region."


@pytest.fixture(scope="module", params=["farm_page.html", "farm_page.txt"])
def report(request: pytest.FixtureRequest) -> Iterator[Report]:
    # The page as a browser saves it, and as the specimen is kept: pasted text with its
    # headline, byline and date lines on top and the furniture at the end.
    store = open_store(None)
    with store.session() as session:
        for name in (*SOURCES, "independent_report"):
            session.add(prepare_article(load_fixture_article(f"replica/{name}.json")))
        for other in (demo_article("wire.json"), load_fixture_article("trace/bakery.json")):
            session.add(prepare_article(other))
    yield check(load_article(str(REPLICA / request.param)), store)
    store.close()


def _findings(report: Report) -> dict[str, object]:
    return {f.criterion: f for f in report.findings}


def test_the_page_is_a_collage_of_the_four_reports_and_not_of_the_independent_one(
    report: Report,
) -> None:
    want = {load_fixture_article(f"replica/{name}.json").url for name in SOURCES}
    assert {s.url for s in report.sources} == want
    assert report.verdict is Verdict.COLLAGE
    assert all(m.evidence for m in report.source_matches)


def test_the_spinners_names_are_named(report: Report) -> None:
    swaps = {(c.from_, c.to) for c in report.changes if c.kind is ChangeKind.ENTITY_SWAP}
    assert swaps >= {
        ("Russia", "Russian Federation"),
        ("U.S.", "USA"),
        ("America", "the United States"),
    }


def test_the_unquoted_words_read_as_the_other_leaders(report: Report) -> None:
    at = report.article.text.index(MOVED)
    moved = [
        c
        for c in report.changes
        if c.kind is ChangeKind.QUOTE_MISATTRIBUTED
        and c.start is not None
        and c.start <= at < (c.end or 0)
    ]
    assert [(c.speaker, c.source_speaker) for c in moved] == [("Arlen Voss", "Ilya Markov")]
    assert _findings(report)["quotes_faithful"].status == "fail"


def test_the_stale_today_is_flagged(report: Report) -> None:
    stale = [c for c in report.changes if c.kind is ChangeKind.STALE_RELATIVE_DATE]
    assert stale and report.article.text[stale[0].start : stale[0].end] == "today"
    assert _findings(report)["relative_dates"].status == "fail"


def test_the_furniture_and_the_byline_that_credits_no_one_fail(report: Report) -> None:
    assert report.article.byline == "Dale Prewitt"
    assert not any("Other reports by" in s.text for s in report.sentences)
    findings = _findings(report)
    assert findings["boilerplate"].status == "fail"
    assert findings["byline"].status == "fail"
    credited = findings["source_credited"]
    assert credited.status == "fail" and credited.evidence


def test_the_page_fails_the_assessment(report: Report) -> None:
    assert report.score is not None and report.score < 60
    assert _findings(report)["score"].status == "fail"


def test_the_cli_shows_it_from_the_saved_page(tmp_path: Path) -> None:
    db = tmp_path / "wire.db"
    runner = CliRunner()
    files = [str(REPLICA / f"{name}.json") for name in (*SOURCES, "independent_report")]
    assert runner.invoke(app, ["index", "--db", str(db), *files]).exit_code == 0
    result = runner.invoke(app, ["check", "--db", str(db), str(REPLICA / "farm_page.html")])
    assert result.exit_code == 0, result.output
    assert "collage" in result.output.lower()
    assert "Russian Federation" in result.output


@pytest.mark.parametrize("variant", ["moved words spun", "one block"])
def test_the_moved_quote_is_found_when_spun_or_flattened(variant: str) -> None:
    store = open_store(None)
    with store.session() as session:
        for name in (*SOURCES, "independent_report"):
            session.add(prepare_article(load_fixture_article(f"replica/{name}.json")))
    page = load_article(str(REPLICA / "farm_page.txt"))
    text = page.text
    if variant == "moved words spun":
        text = text.replace("cooperation can isolate", "collaboration can isolate")
        text = text.replace("calm to the region.", "calm to the area.")
    else:
        text = " ".join(p.strip() for p in text.split("\n\n"))
    report = check(dataclasses.replace(page, text=text), store)
    store.close()
    assert report.verdict is Verdict.COLLAGE
    moved = [c for c in report.changes if c.kind is ChangeKind.QUOTE_MISATTRIBUTED]
    assert [(c.speaker, c.source_speaker) for c in moved] == [("Arlen Voss", "Ilya Markov")]
