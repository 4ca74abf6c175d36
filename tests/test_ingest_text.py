"""Plain text ingestion: header lines (title, byline, date), body convention, furniture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from unspin.core.errors import InputError, UnsupportedLanguageError
from unspin.ingest import article_from_text, load_article
from unspin.ingest.boilerplate import is_boilerplate, split_boilerplate
from unspin.ingest.quality import check_english
from unspin.ingest.text import parse_byline, split_header

DATA = Path(__file__).parent / "data" / "ingest"
BODY = (
    "The council voted on Wednesday to expand the ferry terminal on the north quay.\n\n"
    "Work is due to start in March."
)
NOV_2 = dt.date(2023, 11, 2)


@pytest.mark.parametrize("name", ["pasted_article.txt"])
def test_pasted_page_header_and_furniture(name: str) -> None:
    article = load_article(DATA / name)
    assert article.title == "Kestrel Bay library will open on Sundays from January"
    assert article.byline == "Priya Lind"
    assert article.published == NOV_2
    assert article.source_format == "txt"
    assert article.text.startswith("The public library in Kestrel Bay will open on Sundays")
    assert article.text.endswith("keep the\nSunday hours.")
    # A real sentence that mentions Twitter stays; the share buttons do not.
    assert "Grace Pym, said on Twitter" in article.text
    assert article.boilerplate == (
        "Skip to content",
        "Share this article",
        "Facebook Twitter Email",
        "Advertisement",
        "Sign up for our newsletter",
        "Other reports by Priya Lind",
        "Harbour school wins national science prize",
        "Coastal path reopens after landslip",
        "Discuss This Article",
        "Copyright 2023 The Kestrel Bay Courier. All rights reserved.",
    )
    for line in article.boilerplate:
        assert line not in article.text


@pytest.mark.parametrize("name", ["wire_story.txt"])
def test_bare_wire_story_keeps_first_sentence_and_soft_wraps(name: str) -> None:
    article = load_article(DATA / name)
    assert (article.title, article.byline, article.published) == (None, None, None)
    assert article.text.startswith("NORTHGATE, Nov 2 (Harbour Wire) - Northgate's water company")
    # Hard-wrapped lines stay single newlines; paragraphs are split by one blank line.
    assert "it would\nraise prices" in article.text
    assert article.text.count("\n\n") == 2
    assert article.boilerplate == ()


@pytest.mark.parametrize(
    ("header", "title", "byline", "published"),
    [
        (
            "Ferry terminal to grow\n\nBy Jane Doe\n\nNovember 2, 2023\n\n",
            "Ferry terminal to grow",
            "Jane Doe",
            NOV_2,
        ),
        (
            "Ferry terminal to grow\nBy Jane Doe | Nov. 2, 2023 10:14 AM\n\n",
            "Ferry terminal to grow",
            "Jane Doe",
            NOV_2,
        ),
        (  # a page's crumbs and share buttons above the title; stamps beside the date
            "Home » News » Local\n\nFerry terminal to grow\n\nBy Jane Doe\n\n"
            "Published: 2 November 2023, 10:32 GMT | Updated 3 hours ago\n\n"
            "Share on Facebook Share on Twitter Email\n\n",
            "Ferry terminal to grow",
            "Jane Doe",
            NOV_2,
        ),
        (
            "Ferry terminal to grow\nThursday, 2 November 2023\nBY JANE DOE\n\n",
            "Ferry terminal to grow",
            "JANE DOE",
            NOV_2,
        ),
        ("Ferry terminal to grow\n2023-11-02\n", "Ferry terminal to grow", None, NOV_2),
        ("Published: Nov. 2, 2023 10:14 AM\n\n", None, None, NOV_2),
        ("By Jane Doe, November 2, 2023\n\n", None, "Jane Doe", NOV_2),
        (
            "By Jane Doe and Tom Hale, Harbour Wire\n",
            None,
            "Jane Doe and Tom Hale, Harbour Wire",
            None,
        ),
        (
            "Will the ferry terminal grow?\n\nBy The Harbour Times\n\n",
            "Will the ferry terminal grow?",
            "The Harbour Times",
            None,
        ),
        (
            "Ferry terminal to grow\n\nA standfirst sentence about the plan.\n\nBy Jane Doe\n\n",
            "Ferry terminal to grow",
            "Jane Doe",
            None,
        ),
    ],
)
def test_header_lines_recognised(
    header: str, title: str | None, byline: str | None, published: dt.date | None
) -> None:
    article = article_from_text(header + BODY)
    assert (article.title, article.byline, article.published) == (title, byline, published)
    assert article.text.endswith(BODY)
    assert "By " not in article.text and "2023" not in article.text


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "By the time the votes were counted, the hall was empty.\n\n" + BODY,
        "By Tuesday, most ferries had stopped running.\n\n" + BODY,
        "By Christmas, prices on the island had\nrisen by a third.\n\n" + BODY,
        "\u201cWe will not give up,\u201d said the ferry company\n\n" + BODY,
        "PORT ALDER (Harbour Wire) - The town council voted on\nWednesday to expand the quay.",
        "The council met on November 2, 2023.\n\n" + BODY,
        "The council made three decisions:\n\n" + BODY,
        "A single line that has no full stop",
    ],
)
def test_body_starting_with_a_sentence_keeps_it(text: str) -> None:
    article = article_from_text(text)
    assert article.title is None and article.byline is None and article.published is None
    assert article.text == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", ("Jane Doe", None)),
        ("by Jean-Luc de la Tour", ("Jean-Luc de la Tour", None)),
        ("By J. R. Moss, staff reporter", ("J. R. Moss, staff reporter", None)),
        ("Written by Priya Lind · 2 Nov 2023", ("Priya Lind", NOV_2)),
        ("By the harbour, boats waited.", None),
        ("By then the ferry had left", None),
        ("Byron Moss won the race", None),
    ],
)
def test_parse_byline(line: str, expected: tuple[str, dt.date | None] | None) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"title": "Explicit title"}, ("Explicit title", "Jane Doe", NOV_2)),
        ({"byline": "Tom Hale"}, ("Ferry terminal to grow", "Tom Hale", NOV_2)),
        ({"published": "2024-01-05"}, ("Ferry terminal to grow", "Jane Doe", dt.date(2024, 1, 5))),
        (
            {"published": "Jan. 5, 2024"},
            ("Ferry terminal to grow", "Jane Doe", dt.date(2024, 1, 5)),
        ),
        (
            {"published": dt.datetime(2024, 1, 5, 9, 30)},
            ("Ferry terminal to grow", "Jane Doe", dt.date(2024, 1, 5)),
        ),
    ],
)
def test_explicit_metadata_overrides_detected(
    kwargs: dict[str, Any], expected: tuple[str | None, str | None, dt.date | None]
) -> None:
    text = "Ferry terminal to grow\nBy Jane Doe\nNovember 2, 2023\n\n" + BODY
    article = article_from_text(text, **kwargs)
    assert (article.title, article.byline, article.published) == expected
    assert article.text == BODY


@pytest.mark.parametrize("published", ["next Tuesday", "2023-02-30", "May 2023"])
def test_bad_explicit_date_is_an_input_error(published: str) -> None:
    with pytest.raises(InputError, match=r"^<text>: published: .* is not a date; use YYYY-MM-DD"):
        article_from_text(BODY, published=published)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Para one.\r\nstill one.\r\n\r\n\r\n\r\nPara two.  \n",
            "Para one.\nstill one.\n\nPara two.",
        ),
        ("  \n\nPara one.\n \t \nPara two.\n\n\n", "Para one.\n\nPara two."),
        ("Caf\u0065\u0301 on the quay.\u200b", "Caf\u00e9 on the quay."),
        # no-break and thin spaces are spaces; a line of them is a blank line
        ("Para\u00a0one of\u202fit.\n\u00a0\nPara two.", "Para one of it.\n\nPara two."),
        # two spaces after a stop, as typewriters taught
        ("The port reopened.  Ships sailed.", "The port reopened. Ships sailed."),
        # UTF-8 read as Windows-1252 by the site that scraped it; curly marks kept curly
        (
            "The mayor said \u00e2\u20ac\u0153we\u00e2\u20ac\u2122ll rebuild\u00e2\u20ac\u009d.",
            "The mayor said \u201cwe\u2019ll rebuild\u201d.",
        ),
        # HTML entities left in by a scraper, straight marks kept straight
        ("It&#8217;s &quot;over&quot;, she said.", 'It\u2019s "over", she said.'),
    ],
)
def test_body_convention(raw: str, expected: str) -> None:
    assert article_from_text(raw).text == expected


@pytest.mark.parametrize("url", ["https://www.harbourtimes.example/news/1"])
def test_site_and_id(url: str) -> None:
    first = article_from_text(BODY, url=url)
    second = article_from_text(BODY)
    assert first.site == "harbourtimes.example" and first.url == url
    assert first.id == second.id and len(first.id or "") == 16
    assert article_from_text(BODY + " More.").id != first.id


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Share on Facebook",
        "Facebook Twitter Email",
        "Facebook | Twitter | WhatsApp | Copy link",
        "Discuss This Article",
        "Leave a comment",
        "12 comments",
        "Sign up for our newsletter",
        "Subscribe",
        "Subscribe to our daily briefing, free in your inbox.",
        "Follow us on Facebook and Instagram",
        "Follow Jane Doe on Twitter",
        "Related articles",
        "Related: Harbour plan approved",
        "You may also like",
        "Read more: Ferry fares to rise",
        "Read more »",
        "Click here to read the full report",
        "Other reports by Jane Doe",
        "More from The Harbour Times",
        "© 2023 The Harbour Times",
        "Copyright 2023 The Harbour Times. All rights reserved.",
        "Advertisement",
        "Story continues below advertisement",
        "Tags: ferries, harbour, council",
        "Photo: Jane Doe/The Harbour Times",
        "4 min read",
        "- Share this article",
        "Share on Facebook Share on Twitter Email",
        "Home » World » Europe",
        "News > Local > Harbour",
        "Home / Business",
        "Read more:",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Councillor Tom Brandt said on Twitter that he would appeal.",
        "Share prices fell 3 percent on Monday.",
        "Subscribers will pay more from April, the company said.",
        "Sign up rates for the ferry pass doubled in October, the operator said.",
        "Other reports by the agency suggested the seals had left",
        "Follow the coast road north for two miles.",
        "Read more than 20 books a year, the campaign urges parents.",
        "Advertising revenue fell by a third.",
        "The copyright dispute went to court in 2021.",
        "Related groups have filed similar complaints.",
        "Click through the gallery below.",
        "The council will discuss this article of the charter in March.",
        "The ferry / rail deal is done.",
        "Fares rose > 5% in May, the operator said.",
    ],
)
def test_news_sentences_are_not_furniture(line: str) -> None:
    assert not is_boilerplate(line)
    assert split_boilerplate(line) == (line, ())


@pytest.mark.parametrize(
    "text",
    [
        "Other reports by Jane Doe\n- Fish market reopens\n\n- Lighthouse repainted\n\n"
        "Discuss This Article",
        "Related stories\nFish market reopens after storm repairs\nVolunteers repaint a lighthouse",
        "Read more:\n\nFish market reopens after storm repairs",
    ],
)
def test_link_list_under_a_furniture_heading(text: str) -> None:
    body, furniture = split_boilerplate("Real sentence one.\n\n" + text)
    assert body.strip() == "Real sentence one."
    assert len(furniture) == len([line for line in text.split("\n") if line.strip()])


@pytest.mark.parametrize(
    "text",
    [
        "Results: Port Alder Rovers 3, Kestrel Bay United 1; Harbour Athletic 0, Northgate "
        "Wanderers 2; Island Celtic 1, Seaview Town 1. Goals: Brandt 12, Okafor 45, Lind 77; "
        "Moss 30, Quay 66. Attendance 4,210. Referee Tom Hale.",
        "Too short to judge: der Stadtrat hat entschieden.",
    ],
)
def test_english_check_lets_names_and_short_texts_through(text: str) -> None:
    check_english(text, name="<text>")


@pytest.mark.parametrize(
    "text",
    [
        "港口委员会周三晚上以七票对两票通过了扩建北码头渡轮码头的计划，结束了持续近三年的争议。"
        "工程将于三月开工，预计持续十八个月。",
        "El ayuntamiento de Puerto Aliso aprobó el miércoles por la noche la ampliación de la "
        "terminal de ferris en el muelle norte, poniendo fin a una disputa que duraba casi tres "
        "años. Las obras comenzarán en marzo.",
    ],
)
def test_english_check_rejects_other_languages(text: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="does not look like English"):
        check_english(text, name="<text>")


@pytest.mark.parametrize(
    "expected",
    [
        [
            "FORMATS",
            "FetchPolicy",
            "article_from_html",
            "article_from_text",
            "load_article",
            "text_id",
        ]
    ],
)
def test_ingest_public_api(expected: list[str]) -> None:
    import unspin.ingest

    assert unspin.ingest.__all__ == expected == sorted(expected)


def test_a_bare_name_beside_the_date_line_is_the_byline() -> None:
    parts = split_header(
        "Harbour reopens after storm\n\nMara Quill\nNovember 4, 2026\n\n"
        "The harbour reopened on Friday after engineers checked every berth.\n"
    )
    assert parts.byline == "Mara Quill"
    assert parts.published == dt.date(2026, 11, 4)
    assert "Mara Quill" not in parts.body


def test_a_bare_name_without_a_date_line_stays_in_the_body() -> None:
    parts = split_header(
        "Harbour reopens after storm\n\nMara Quill\n\n"
        "The harbour reopened on Friday after engineers checked every berth.\n"
    )
    assert parts.byline is None
    assert "Mara Quill" in parts.body


def test_other_reports_by_alone_is_furniture() -> None:
    body, removed = split_boilerplate(
        "The harbour reopened on Friday after engineers checked every berth.\n\nOther reports by\n"
    )
    assert removed == ("Other reports by",)
    assert "Other reports" not in body


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The mayor didnʼt say.", "The mayor didn\u2019t say."),  # the modifier letter
        ("It´s over, it`s done.", "It\u2019s over, it\u2019s done."),  # accents for it
        (
            "He said ``we will rebuild.'' Then he left.",
            "He said \u201cwe will rebuild.\u201d Then he left.",
        ),
        # A straight opening mark closed with two apostrophes, as some wires type it.
        (
            '"The claims are false,\'\' said Lee. "They are unsourced."',
            '"The claims are false,\u201d said Lee. "They are unsourced."',
        ),
        ("The wall is 5\u2032 high.", "The wall is 5\u2032 high."),  # a prime after a figure stays
    ],
)
def test_apostrophes_and_marks_typed_with_other_characters(raw: str, expected: str) -> None:
    assert article_from_text(raw).text == expected
