"""Issue 15: stale relative dates found from the event, not only from a copied sentence.

A page republishes a report a day later and keeps its "today"; the index holds only another
report of the same event, in other words. Every text here is made up for the tests.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.app import compare
from unspin.cli import app
from unspin.core.model import Article, ChangeKind, Report
from unspin.credibility import with_related
from unspin.credibility.relative_days import days_meant

WED, THU, SAT = dt.date(2019, 3, 6), dt.date(2019, 3, 7), dt.date(2019, 3, 9)

SUMMIT = (
    "The presidents of Kazakhstan and Azerbaijan will later on Wednesday take part in a "
    "trilateral summit with their Iranian host in Tehran.\n\n"
    "The leaders are expected to discuss energy corridors, shipping on the Caspian Sea and new "
    "rail links between the three countries.\n\n"
    "Iran's foreign ministry said the talks would also cover customs rules for cross-border "
    "trade."
)
GRAIN = (
    "Kazakhstan exported more wheat in February than a year earlier, the agriculture ministry "
    "said on Tuesday.\n\nMost shipments went to Central Asian neighbours and to Iran by rail."
)
MEETING = (
    "A trilateral meeting of the Azerbaijani, Kazakh and Iranian presidents will be held in "
    "Tehran today."
)
PAGE_REST = (
    "\n\nEnergy corridors and shipping on the Caspian are on the agenda, alongside rail "
    "connections linking the three nations.\n\n"
    "Analysts say the region's landlocked producers need new routes to world markets."
)


def source(**kw: object) -> Article:
    base: dict[str, object] = dict(
        id="wire-1",
        title="Caspian leaders gather in Tehran for three-way summit",
        url="https://wire.example/caspian-summit",
        published=WED,
        text=SUMMIT,
    )
    return Article(**{**base, **kw})  # type: ignore[arg-type]


def page(first: str = MEETING, published: dt.date | None = THU, **kw: object) -> Article:
    return Article(text=first + PAGE_REST, published=published, **kw)  # type: ignore[arg-type]


def stale(report: Report) -> list:  # type: ignore[type-arg]
    return report.changes_of(ChangeKind.STALE_RELATIVE_DATE)


def finding(report: Report) -> str:
    return next(f for f in report.findings if f.criterion == "relative_dates").explanation


def test_issue15_today_flagged_from_the_same_event_in_other_words() -> None:
    report = compare(page(), [source()])
    (change,) = stale(report)
    assert change.text == "today"
    assert report.article.text[change.start : change.end] == "today"
    assert (change.from_, change.to) == ("2019-03-06", "2019-03-07")
    assert change.source_id == "wire-1"
    assert "later on Wednesday take part in a trilateral summit" in (change.source_text or "")
    text = finding(report)
    assert "Caspian leaders gather in Tehran" in text and "Wednesday 6 March 2019" in text


@pytest.mark.parametrize(
    ("first", "published", "title"),
    [
        pytest.param(MEETING, WED, None, id="same-day copy"),
        pytest.param(
            MEETING.replace("will be held", "was held").replace("today", "on Wednesday"),
            THU,
            None,
            id="correctly updated",
        ),
        pytest.param(MEETING.replace("today", "tonight"), THU, None, id="a day off near midnight"),
        pytest.param(
            f"\u201c{MEETING}\u201d the foreign minister said on Wednesday.",
            THU,
            None,
            id="quotation",
        ),
        pytest.param(MEETING, THU, "Live: Caspian summit in Tehran", id="live blog"),
        pytest.param(
            "On Monday the rail ministers met in Baku. On Tuesday the envoys met in Astana. "
            + MEETING.replace("today", "on Wednesday"),
            SAT,
            None,
            id="weekly roundup",
        ),
        pytest.param(
            "The presidents of Kazakhstan and Azerbaijan will sign a rail agreement in Tehran "
            "today, a day after their summit.",
            THU,
            None,
            id="same people, another event",
        ),
        pytest.param(
            MEETING.replace("will be held", "was held").replace("today", "on Monday"),
            THU,
            None,
            id="another weekday is a wrong date, not a kept one",
        ),
        pytest.param(
            "Kazakhstan's grain exports rose again today, traders said.",
            THU,
            None,
            id="another event",
        ),
    ],
)
def test_issue15_no_false_alarm(first: str, published: dt.date, title: str | None) -> None:
    report = compare(page(first, published, title=title), [source()])
    assert not stale(report), finding(report)


def test_issue15_a_report_that_agrees_with_the_article_outweighs_one_that_does_not() -> None:
    agrees = source(
        id="wire-2",
        published=THU,
        text=SUMMIT.replace("later on Wednesday", "on Thursday"),
    )
    assert not stale(compare(page(), [source(), agrees]))


def test_issue15_the_same_move_by_another_company_is_another_event() -> None:
    wire = Article(
        id="wire-4",
        published=WED,
        text="Nordline Ferries Ltd said it will cut its winter fares to Velden by 12 pct, "
        "effective later on Wednesday.",
    )
    rival = Article(
        published=THU,
        text="Baltmar Shipping Ltd said it will cut its winter fares to Velden by 12 pct, "
        "effective today.\n\nThe rival ferry line had cut its fares a day earlier.",
    )
    assert not stale(compare(rival, [wire]))
    same = Article(published=THU, text=rival.text.replace("Baltmar Shipping", "Nordline Ferries"))
    assert stale(compare(same, [wire]))


def test_issue15_future_event_an_earlier_report_tells_as_past() -> None:
    vote = Article(
        id="wire-3",
        title="Velden parliament approves budget",
        published=WED,
        text="The Velden parliament voted on the new budget, approving it by 64 votes to 31 "
        "after a debate on farm subsidies, the speaker said.",
    )
    late = Article(
        published=THU,
        text="The Velden parliament will vote on the new budget today after a debate on farm "
        "subsidies.\n\nThe opposition wants more money for schools.",
    )
    report = compare(late, [vote])
    (change,) = stale(report)
    assert change.text == "today" and change.source_id == "wire-3"
    assert "already tells it as past on Wednesday 6 March 2019" in finding(report)


def test_issue15_related_reports_are_evidence_without_being_sources() -> None:
    """The hook ``trace`` calls with the candidates it did not keep as sources."""
    unrelated = Article(id="wire-9", published=dt.date(2019, 3, 5), text=GRAIN)
    report = compare(page(), [unrelated])
    assert not stale(report)
    found = with_related(report, [source(id="idx-7")])
    (change,) = stale(found)
    assert change.source_id == "idx-7" and [s.id for s in found.sources] == ["wire-9"]
    again = with_related(found, [source(id="idx-7")])  # idempotent
    assert len(stale(again)) == 1


@pytest.mark.parametrize(
    ("expr", "published", "tense", "days"),
    [
        ("later on Wednesday", WED, "present", [WED]),
        ("on Wednesday", THU, "past", [WED]),
        ("on Wednesday", THU, "future", [dt.date(2019, 3, 13)]),
        ("on Wednesday", THU, "present", [WED, dt.date(2019, 3, 13)]),
        ("yesterday", THU, "past", [WED]),
        ("tonight", WED, "future", [WED]),
    ],
)
def test_issue15_days_meant(expr: str, published: dt.date, tense: str, days: list) -> None:  # type: ignore[type-arg]
    got = days_meant(expr, published, tense)
    assert got is not None and [a for a, b in got] == days


def _write(path: Path, data: dict[str, str]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_issue15_end_to_end_index_then_check_and_compare(tmp_path: Path) -> None:
    wire = _write(
        tmp_path / "wire.json",
        {
            "title": "Caspian leaders gather in Tehran for three-way summit",
            "published": "2019-03-06",
            "url": "https://wire.example/caspian-summit",
            "text": SUMMIT,
        },
    )
    grain = _write(
        tmp_path / "grain.json",
        {"title": "Kazakh grain exports rise", "published": "2019-03-05", "text": GRAIN},
    )
    farm = tmp_path / "page.txt"
    farm.write_text(
        "Caspian Nations Pledge New Trade Corridors\n\nDana Pellow\nMarch 7, 2019\n\n"
        + MEETING
        + PAGE_REST,
        encoding="utf-8",
    )
    db = str(tmp_path / "index.db")
    runner = CliRunner()
    r = runner.invoke(app, ["index", "--db", db, str(wire), str(grain)])
    assert r.exit_code == 0, r.output
    for args in (
        ["check", "--db", db, str(farm), "--format", "json"],
        ["compare", str(farm), str(wire), "--format", "json"],
    ):
        r = runner.invoke(app, args)
        assert r.exit_code == 0, r.output
        out = json.loads(r.output)
        (change,) = [c for c in out["changes"] if c["kind"] == "stale_relative_date"]
        assert (change["text"], change["from"], change["to"]) == (
            "today",
            "2019-03-06",
            "2019-03-07",
        )
        assert "later on Wednesday take part" in change["source_text"]
        (f,) = [f for f in out["findings"] if f["criterion"] == "relative_dates"]
        assert f["status"] == "fail" and "Wednesday 6 March 2019" in f["explanation"]


# The article against itself: a collage keeps one report's "today" beside another report's
# weekday for the same event (made-up text, in the shape of the specimen's).
COLLAGE = (
    "A trilateral meeting of the Azerbaijani, Kazakh and Iranian presidents will be held in "
    "Tehran today.\n\n"
    "Energy corridors and shipping on the Caspian are on the agenda.\n\n"
    "Kazakh President Nursultan Aliyev, in Iran on Wednesday for trilateral talks with Tehran "
    "and Azerbaijan, offered support for a new rail link between the three countries."
)


def test_own_datings_a_kept_today_beside_the_pages_own_weekday_fails_relative_dates() -> None:
    report = compare(Article(text=COLLAGE, published=THU), [])
    stale = report.changes_of(ChangeKind.STALE_RELATIVE_DATE)
    assert [(c.text, c.from_, c.to, c.source_id) for c in stale] == [
        ("today", WED.isoformat(), THU.isoformat(), None)
    ]
    assert "in Iran on Wednesday for trilateral talks" in (stale[0].source_text or "")
    finding = next(f for f in report.findings if f.criterion == "relative_dates")
    assert finding.status == "fail"
    assert "the article itself" in finding.explanation
    assert (finding.evidence[0].start, finding.evidence[0].end) == (stale[0].start, stale[0].end)


@pytest.mark.parametrize(
    "text, published",
    [
        (COLLAGE, WED),  # written on the Wednesday: both datings are that day
        # talks that run over two days are dated twice, correctly
        (COLLAGE.replace("will be held", "continues"), THU),
        # two meetings of one story, each named its own way: not one event
        (
            COLLAGE.replace("for trilateral talks", "for bilateral talks"),
            THU,
        ),
    ],
)
def test_own_datings_no_false_alarm(text: str, published: dt.date) -> None:
    report = compare(Article(text=text, published=published), [])
    assert not report.changes_of(ChangeKind.STALE_RELATIVE_DATE)
