"""The credibility checks (unspin.credibility): each on small fictional articles, then the score."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import unspin
from report_factory import sample_report
from unspin.core.model import Article, ChangeKind, Finding, Report
from unspin.credibility import CRITERIA, Context, assess, dates, headline, page, provenance
from unspin.credibility.score import score

TODAY = dt.date(2026, 12, 1)  # "today" for these tests, so they do not depend on the clock
WED, THU = dt.date(2026, 11, 4), dt.date(2026, 11, 5)

SOURCE_TEXT = (
    "Foreign ministers from six countries will meet in Tehran today to discuss regional trade, "
    "the Iranian foreign ministry said in a statement. "
    "The talks will be held in Tehran today and are expected to last two days, officials said. "
    "Delegations from Turkey and Pakistan arrived on Tuesday evening, the ministry added. "
    "A final communique is expected to address tariffs on agricultural goods and transit fees."
)
COPY_TEXT = (
    "Foreign ministers from six countries will meet in Tehran today to discuss regional trade, "
    "the Iranian foreign ministry said in a statement. "
    "The talks will be held in Tehran today and are expected to last two days, officials said. "
    "Delegations from Turkey and Pakistan arrived on Tuesday evening, the ministry added. "
    "A final communique is expected to address tariffs on agricultural goods and transit fees."
)


def _source(**kw: object) -> Article:
    base = dict(
        id="wire-1",
        text=SOURCE_TEXT,
        title="Six foreign ministers meet in Tehran for trade talks",
        byline="By Dana Holt, Caspian Wire",
        published=WED,
        url="https://caspianwire.example/2026/11/04/tehran-talks",
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def _copy(**kw: object) -> Article:
    base = dict(
        text=COPY_TEXT,
        title="Six foreign ministers meet in Tehran for trade talks",
        byline="By Staff Writer",
        published=THU,
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def _assessed(article: Article, *sources: Article) -> Report:
    return assess(unspin.compare(article, list(sources)), today=TODAY)


def _finding(report: Report, criterion: str) -> Finding:
    found = [f for f in report.findings if f.criterion == criterion]
    assert len(found) == 1, (criterion, report.findings)
    return found[0]


def _alone(article: Article) -> Report:
    """A report on an article without any source (no NLP): what `check` sees with no match."""
    return unspin.compare(article, [])


def _provenance(report: Report) -> list[Finding]:
    """The findings of the four criteria that compare the article with its sources."""
    checks = (
        provenance.spin,
        provenance.inserted_claims,
        provenance.quotes_faithful,
        provenance.figures_faithful,
    )
    return [c.check(report, Context()).finding for c in checks]


# --------------------------------------------------------------------------------------------
# relative dates


def test_today_copied_from_previous_day_source_is_stale() -> None:
    report = _assessed(_copy(), _source())
    stale = report.changes_of(ChangeKind.STALE_RELATIVE_DATE)
    assert len(stale) == 2  # both sentences say "today"
    held = stale[1]
    text = report.article.text
    assert held.start is not None and held.end is not None
    assert text[held.start : held.end] == "today"
    assert "held in Tehran today" in text[held.start - 20 : held.end]
    assert (held.from_, held.to) == ("2026-11-04", "2026-11-05")
    assert held.source_id == "wire-1"
    assert held.source_start is not None
    assert SOURCE_TEXT[held.source_start : held.source_end] == "today"
    f = _finding(report, "relative_dates")
    assert f.status == "fail"
    assert "Wednesday 4 November 2026" in f.explanation
    assert "Thursday 5 November 2026" in f.explanation
    assert {(e.start, e.end) for e in f.evidence} == {(c.start, c.end) for c in stale}


def test_same_day_copy_and_past_weekday_are_not_stale() -> None:
    same_day = _assessed(_copy(published=WED), _source())
    assert not same_day.changes_of(ChangeKind.STALE_RELATIVE_DATE)
    assert _finding(same_day, "relative_dates").status == "pass"
    # "on Tuesday" written on Wednesday still means the same Tuesday when read on Thursday.
    assert not dates.is_stale("on Tuesday", WED, THU)
    assert dates.is_stale("on Tuesday", WED, dt.date(2026, 11, 11))
    assert dates.is_stale("yesterday", WED, THU)
    assert not dates.is_stale("last week", WED, THU)
    assert dates.is_stale("this week", WED, dt.date(2026, 11, 9))


def test_today_next_to_another_explicit_date_without_source() -> None:
    text = (
        "The summit opens today, November 4, in the capital. "
        "Leaders are expected to sign a short declaration on water rights."
    )
    report = assess(_alone(_copy(text=text)), today=TODAY)
    stale = report.changes_of(ChangeKind.STALE_RELATIVE_DATE)
    assert [(c.text, c.from_, c.to) for c in stale] == [("today", "2026-11-04", "2026-11-05")]
    assert _finding(report, "relative_dates").status == "fail"


def test_plain_today_without_source_is_not_flagged() -> None:
    text = (
        "The summit opens today in the capital, and leaders arrived on Wednesday. "
        "A declaration on water rights is expected on December 12."
    )
    report = assess(_alone(_copy(text=text)), today=TODAY)
    assert not report.changes_of(ChangeKind.STALE_RELATIVE_DATE)
    assert _finding(report, "relative_dates").status == "pass"


@pytest.mark.parametrize(
    ("published", "reason"),
    [(None, "has no date"), (dt.date(2027, 1, 3), "in the future")],
)
def test_dates_not_assessable(published: dt.date | None, reason: str) -> None:
    report = assess(_alone(_copy(published=published)), today=TODAY)
    f = _finding(report, "relative_dates")
    assert f.status == "not_assessable"
    assert reason in f.explanation


def test_unparseable_date_reaches_the_check_as_no_date() -> None:
    # Ingestion keeps a date it cannot parse out of the Article; the check says why.
    outcome = dates.relative_dates.check(_alone(_copy(published=None)), Context(today=TODAY))
    assert outcome.finding.status == "not_assessable"
    assert "could not be parsed" in outcome.finding.explanation
    assert outcome.changes == ()


# --------------------------------------------------------------------------------------------
# headline


def test_unrelated_headline_is_unsupported() -> None:
    title = "Local bakery wins national prize for its sourdough bread"
    report = _assessed(_copy(title=title), _source())
    f = _finding(report, "headline_supported")
    assert f.status == "fail"
    assert "unrelated" in f.explanation or "disagree" in f.explanation
    assert "probability" in f.explanation
    changes = report.changes_of(ChangeKind.HEADLINE_UNSUPPORTED)
    assert [c.text for c in changes] == [title]
    assert changes[0].start is None


def test_matching_headline_passes() -> None:
    report = _assessed(_copy(), _source())
    f = _finding(report, "headline_supported")
    assert f.status == "pass"
    assert not report.changes_of(ChangeKind.HEADLINE_UNSUPPORTED)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": None}, "no headline"),
        ({"title": "   "}, "no headline"),
        ({"text": "Foreign ministers meet in Tehran to discuss regional trade."}, "one sentence"),
    ],
)
def test_headline_not_assessable(changes: dict[str, object], reason: str) -> None:
    report = assess(_alone(_copy(**changes)), today=TODAY)
    f = _finding(report, "headline_supported")
    assert f.status == "not_assessable"
    assert reason in f.explanation


def test_headline_check_on_empty_body() -> None:
    report = dataclasses.replace(sample_report(), sentences=())
    report = dataclasses.replace(report, article=dataclasses.replace(report.article, text=" "))
    outcome = headline.headline_supported.check(report, Context())
    assert outcome.finding.status == "not_assessable"
    assert "empty" in outcome.finding.explanation
    assert outcome.changes == ()


# --------------------------------------------------------------------------------------------
# page: byline, boilerplate, credit


def test_copy_without_credit_fails_byline_and_credit() -> None:
    report = _assessed(_copy(), _source())
    byline = _finding(report, "byline")
    assert byline.status == "fail"
    assert "does not credit the source" in byline.explanation
    credit = _finding(report, "source_credited")
    assert credit.status == "fail"
    assert "Caspian Wire" in credit.explanation


def test_crediting_the_wire_passes() -> None:
    credited = _copy(text=COPY_TEXT + " (Reporting by Caspian Wire.)", byline="By Dana Holt")
    report = _assessed(credited, _source())
    assert _finding(report, "source_credited").status == "pass"
    assert _finding(report, "byline").status == "pass"


def test_a_copy_crediting_an_agency_is_credited_against_a_partner_copy_that_names_none() -> None:
    # The source matched is another site's copy of the agency story, naming no origin.
    partner = _source(byline=None, url="https://partner.example/tehran-talks", site=None)
    credited = _copy(text=COPY_TEXT + " -AFP", byline=None)
    credit = _finding(_assessed(credited, partner), "source_credited")
    assert credit.status == "pass"
    assert "AFP" in credit.explanation
    # Against a source that names its own agency, another agency's name is no credit.
    wire = _source(byline=None, text="TEHRAN (Reuters) - " + SOURCE_TEXT)
    assert _finding(_assessed(credited, wire), "source_credited").status == "fail"
    # A picture's credit credits the picture, not the story.
    pictured = _copy(text="Delegates arrive in Tehran. Credit Dana Holt AFP\n\n" + COPY_TEXT)
    assert _finding(_assessed(pictured, partner), "source_credited").status == "fail"
    # Nor is an agency named in a sentence the copy took from its source.
    told = "An Iranian official told AFP on Tuesday that the talks would be difficult."
    longer = _source(
        byline=None,
        site=None,
        text=f"{SOURCE_TEXT} {told} " + " ".join(SOURCE_TEXT.split(". ")[::-1]),
    )
    retold = _copy(text=f"{COPY_TEXT} {told}", byline=None)
    assert _finding(_assessed(retold, longer), "source_credited").status == "fail"


def test_a_partner_byline_over_a_story_its_text_credits_is_no_failure() -> None:
    # Syndication as printed: the partner's staff byline, the wire's credit in the dateline.
    credited = _copy(text="TEHRAN (Caspian Wire) - " + COPY_TEXT, byline="By Staff Writer")
    report = _assessed(credited, _source())
    byline = _finding(report, "byline")
    assert byline.status == "pass"
    assert "Caspian Wire" in byline.explanation


def test_missing_byline_and_boilerplate() -> None:
    article = _copy(byline=None, boilerplate=("Other reports by Staff", "Discuss This Article"))
    report = assess(_alone(article), today=TODAY)
    assert _finding(report, "byline").status == "fail"
    assert "no byline" in _finding(report, "byline").explanation
    bp = _finding(report, "boilerplate")
    assert bp.status == "fail"
    assert bp.evidence == ()
    assert "Discuss This Article" in bp.explanation
    assert [c.text for c in report.changes_of(ChangeKind.BOILERPLATE)] == [
        "Other reports by Staff",
        "Discuss This Article",
    ]
    assert _finding(report, "source_credited").status == "not_assessable"


def test_credit_names_do_not_match_inside_words() -> None:
    src = _source(byline="By AP")
    assert page.credit_names(src)[0] == "AP"
    assert not page._mentions("a gap in the talks", "AP")
    assert page._mentions("(AP) - talks began", "AP")


# --------------------------------------------------------------------------------------------
# provenance


def test_provenance_on_hand_built_spun_report() -> None:
    report = sample_report()
    found = {f.criterion: f for f in _provenance(report)}
    assert found["quotes_faithful"].status == "fail"
    assert "misattributed" in found["quotes_faithful"].explanation
    assert found["figures_faithful"].status == "fail"
    assert "15" in found["figures_faithful"].explanation
    assert found["inserted_claims"].status == "fail"
    assert "possible fabrication" in found["inserted_claims"].explanation
    text = report.article.text
    for f in found.values():
        for e in f.evidence:
            assert 0 <= e.start < e.end <= len(text)
    quote = report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)[0]
    assert (quote.start, quote.end) in {(e.start, e.end) for e in found["quotes_faithful"].evidence}


def test_quotes_faithful_cites_the_quotes_turned_into_narration_it_names() -> None:
    wire = (
        "Union leader Kemi Adeyemi called the plan \u201chistoric\u201d but said the money "
        "must reach the traders. \u201cWe have heard promises before, and the promises did "
        "not feed our children,\u201d she said.\n\nThe floods destroyed 3,000 shops."
    )
    page_text = (
        "Union leader Kemi Adeyemi called the plan \u201cmomentous\u201d but said the money "
        "must reach the traders. They have heard promises before, and the promises did not "
        "feed their children.\n\nThe floods destroyed 3,000 shops."
    )
    report = unspin.compare(Article(text=page_text, id="page"), Article(text=wire, id="wire"))
    finding = next(f for f in report.findings if f.criterion == "quotes_faithful")
    assert finding.status == "fail"
    assert "turned into narration" in finding.explanation
    cited = {page_text[e.start : e.end] for e in finding.evidence}
    unquoted = report.changes_of(ChangeKind.QUOTE_UNQUOTED)
    assert unquoted and all(page_text[c.start : c.end] in cited for c in unquoted)
    assert "momentous" in cited


@pytest.mark.parametrize(
    "line",
    [
        "Delegates arrive at the foreign ministry in Tehran, November 4. REUTERS/Dana Holt",
        "The Iranian foreign minister greets a delegate in Tehran. (AP Photo/Lee Marsh)",
        "Published: November 5, 2026 10:42 GMT",
        "(Reporting by Dana Holt in Tehran; Editing by Lee Marsh)",
        "The Associated Press contributed to this report.",
        "This story has been updated with comments from the foreign ministry.",
        "This article originally appeared on Harbour Daily.",
    ],
    ids=[
        "caption-wire-credit",
        "caption-ap-photo",
        "posted-line",
        "reporting-by",
        "contributed",
        "updated-note",
        "originally-appeared",
    ],
)
def test_a_caption_a_posted_line_or_an_editors_line_is_no_inserted_claim(line: str) -> None:
    paragraphs = COPY_TEXT.split(". ")
    text = ".\n\n".join(paragraphs[:2]) + ".\n\n" + line + "\n\n" + ". ".join(paragraphs[2:])
    report = _assessed(_copy(text=text), _source())
    assert any(s.status.value == "inserted" for s in report.sentences)
    assert _finding(report, "inserted_claims").status == "pass"
    claim = "Delegates from the two countries signed a new transit agreement on the border."
    report = _assessed(_copy(text=text.replace(line, claim)), _source())
    assert _finding(report, "inserted_claims").status == "fail"


def test_provenance_not_assessable_without_source() -> None:
    findings = _provenance(_alone(_copy()))
    assert {f.status for f in findings} == {"not_assessable"}
    assert all("no source" in f.explanation for f in findings)


def test_faithful_copy_passes_provenance() -> None:
    report = _assessed(_copy(), _source())
    for name in ("spin", "inserted_claims", "quotes_faithful", "figures_faithful"):
        assert _finding(report, name).status == "pass", name


# --------------------------------------------------------------------------------------------
# score


def test_registered_criteria_are_the_score_table() -> None:
    # The score means "share of these weights passed": the registry must hold the table's
    # criteria, in its order, weighing 100 in all.
    assert [c.name for c in CRITERIA] == [
        "headline_supported",
        "relative_dates",
        "byline",
        "boilerplate",
        "source_credited",
        "spin",
        "inserted_claims",
        "quotes_faithful",
        "figures_faithful",
    ]
    assert sum(c.weight for c in CRITERIA) == 100


def test_each_criterion_gives_one_finding_under_its_name_and_weight() -> None:
    report = _assessed(_copy(), _source())
    *findings, summary = report.findings
    assert [(f.criterion, f.weight) for f in findings] == [(c.name, c.weight) for c in CRITERIA]
    assert summary.criterion == "score"


def test_score_is_share_of_assessable_weight() -> None:
    findings = [
        Finding(criterion="a", status="pass", weight=30, explanation=""),
        Finding(criterion="b", status="fail", weight=10, explanation=""),
        Finding(criterion="c", status="not_assessable", weight=60, explanation=""),
    ]
    assert score(findings) == 75.0
    assert score(findings[2:]) is None
    assert score([]) is None


def test_bad_input_reports_how_many_criteria_were_assessable() -> None:
    article = Article(text="Ministers met.", title=None, byline=None, published=None)
    report = assess(_alone(article), today=TODAY)
    statuses = {f.criterion: f.status for f in report.findings}
    assert statuses["headline_supported"] == "not_assessable"
    assert statuses["relative_dates"] == "not_assessable"
    summary = _finding(report, "score")
    assert summary.weight == 0
    # byline and boilerplate are the only criteria left without title, date or source
    assert "2 of 9 criteria assessable" in summary.explanation
    assert report.score == 33.3  # boilerplate passes (weight 5), byline fails (weight 10)


def test_demo_score_and_findings(demo_pair) -> None:  # type: ignore[no-untyped-def]
    spun, wire = demo_pair
    report = assess(unspin.compare(spun, wire), today=TODAY)
    statuses = {f.criterion: f.status for f in report.findings}
    assert statuses["byline"] == "fail"
    assert statuses["quotes_faithful"] == "fail"
    assert statuses["figures_faithful"] == "fail"
    # "today" copied a day later is stale; "on Wednesday" a day later still holds.
    assert statuses["relative_dates"] == "fail"
    (stale,) = report.changes_of("stale_relative_date")
    assert stale.text == "today" and (stale.from_, stale.to) == ("2026-11-04", "2026-11-05")
    assert report.score is not None and 0 <= report.score < 60
    assert "9 of 9 criteria assessable" in _finding(report, "score").explanation


def test_assess_is_idempotent() -> None:
    once = _assessed(_copy(boilerplate=("Discuss This Article",)), _source())
    twice = assess(once, today=TODAY)
    assert twice == once


def test_uncertain_disagree_does_not_fail_the_headline(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.credibility.stance import StanceResult

    probs = {"agree": 0.25, "disagree": 0.41, "discuss": 0.33, "unrelated": 0.01}
    monkeypatch.setattr(
        headline, "predict_stance", lambda h, b: StanceResult(label="disagree", probabilities=probs)
    )
    outcome = headline.headline_supported.check(_alone(_copy()), Context())
    assert outcome.finding.status == "pass"
    assert "uncertain" in outcome.finding.explanation
    assert outcome.changes == ()
    probs = {"agree": 0.1, "disagree": 0.7, "discuss": 0.19, "unrelated": 0.01}
    outcome = headline.headline_supported.check(_alone(_copy()), Context())
    assert outcome.finding.status == "fail"
    assert "contradicts" in outcome.finding.explanation
    assert [c.kind for c in outcome.changes] == [ChangeKind.HEADLINE_UNSUPPORTED]


def test_a_source_dated_after_the_article_is_not_what_it_was_made_from() -> None:
    """The page carries the wire's text, but the wire is dated a day later: the page cannot
    have been made from it. `check` never offers such a source; given one, `compare` says why
    it shows no copy."""
    from rich.console import Console

    from unspin.render.html_report import render_html
    from unspin.render.terminal import render_terminal

    report = _assessed(_copy(published=WED), _source(published=THU))
    assert report.verdict.value == "original"
    credited = _finding(report, "source_credited")
    assert credited.status == "not_assessable"
    assert "after the article" in credited.explanation
    # Nor is it where the page's "today" came from: a stale date needs an earlier source.
    assert _finding(report, "relative_dates").status != "fail"
    console = Console(width=200, record=True)
    render_terminal(report, console)
    assert "dated 2026-11-05, after the article (2026-11-04)" in console.export_text()
    assert "dated 2026-11-05, after the article (2026-11-04)" in render_html(report)
    # The same source dated the day before: a copy, owing credit.
    before = _assessed(_copy(published=THU), _source(published=WED))
    assert before.verdict.value == "faithful_copy"
    assert _finding(before, "source_credited").status == "fail"
