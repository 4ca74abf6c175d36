"""HTML pages: trafilatura body and metadata, furniture out of the body, charsets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from unspin.core.errors import EmptyInputError
from unspin.ingest import article_from_html, load_article

DATA = Path(__file__).parent / "data" / "ingest"
PAGE = DATA / "news_page.html"
FURNITURE = (
    "Share this article",
    "Advertisement",
    "Sign up for our newsletter to get the day\u2019s harbour news in your inbox.",
    "Other reports by Jane Doe",
    "Discuss This Article",
)
PARAGRAPH = (
    "<p>The caf\u00e9 on the quay \u2013 \u201cthe best in the bay\u201d \u2013 will reopen in "
    "May after storm repairs, the owner\u2019s son told the harbour council on Monday.</p>"
)


@pytest.mark.parametrize("source", [PAGE, str(PAGE)])
def test_news_page(source: Path | str) -> None:
    article = load_article(source)
    assert article.title == "Harbour council approves ferry terminal expansion"
    assert article.byline == "Jane Doe"
    assert article.published == dt.date(2023, 11, 2)
    assert article.site == "The Harbour Times"
    assert article.url == "https://www.harbourtimes.example/news/2023/11/02/ferry-terminal"
    assert article.source_format == "html"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 6 and "\n" not in article.text.replace("\n\n", "")
    # The <h1> is the title, not the first line of the body.
    assert paragraphs[0].startswith("The Port Alder town council voted 7 to 2 on Wednesday")
    assert paragraphs[-1].startswith("The island ferry service carried 410,000 passengers")
    assert "Councillor Tom Brandt said on Twitter that he would ask" in article.text
    # Furniture inside <article> is reported; furniture outside it never reaches the body.
    assert article.boilerplate == FURNITURE
    for phrase in (*FURNITURE, "Facebook", "Newsletter", "Follow us", "All rights reserved"):
        assert phrase not in article.text
    for nav in ("Sport", "Business", "Opinion", "Search"):
        assert nav not in article.text


@pytest.mark.parametrize("url", ["https://harbourtimes.example/a?id=7"])
def test_url_given_wins_over_canonical(url: str) -> None:
    article = article_from_html(PAGE.read_bytes(), url=url, name=url)
    assert article.url == url
    assert article.site == "The Harbour Times"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"title": "Given"}, ("Given", "Jane Doe", dt.date(2023, 11, 2))),
        ({"published": "2023-11-01"}, (None, "Jane Doe", dt.date(2023, 11, 1))),
    ],
)
def test_explicit_values_beat_the_page(
    kwargs: dict[str, Any], expected: tuple[str | None, str | None, dt.date | None]
) -> None:
    article = load_article(PAGE, **kwargs)
    got = (article.title, article.byline, article.published)
    assert got[1:] == expected[1:]
    assert got[0] == (expected[0] or "Harbour council approves ferry terminal expansion")


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
        ('<meta charset="iso-8859-1">', "cp1252"),
        ("", "cp1252"),  # no declaration: sniffed
        ('<meta charset="utf-8">', "utf-8"),
    ],
)
def test_page_bytes_decoded(head: str, encoding: str) -> None:
    html = (
        f"<html><head>{head}<title>Caf\u00e9 to reopen</title></head>"
        f"<body><article><h1>Caf\u00e9 to reopen</h1>{PARAGRAPH * 3}</article></body></html>"
    )
    article = article_from_html(html.encode(encoding))
    assert article.title == "Caf\u00e9 to reopen"
    assert article.text.startswith(
        "The caf\u00e9 on the quay \u2013 \u201cthe best in the bay\u201d \u2013 will reopen"
    )
    assert "owner\u2019s son" in article.text


@pytest.mark.parametrize(("name", "fmt"), [("page", None), ("page.txt", "html")])
def test_html_found_without_html_extension(tmp_path: Path, name: str, fmt: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(PAGE.read_bytes())
    article = load_article(path, fmt=fmt)
    assert article.source_format == "html"
    assert article.title == "Harbour council approves ferry terminal expansion"


@pytest.mark.parametrize(
    "html",
    [
        (DATA / "empty_page.html").read_text(encoding="utf-8"),
        "<html><body><article><h1>Only a headline here</h1></article></body></html>",
        "<html><body><p>Share this article</p><p>Advertisement</p></body></html>",
    ],
)
def test_page_without_article_text(html: str) -> None:
    with pytest.raises(EmptyInputError, match=r"^page\.html: no article text found in the page"):
        article_from_html(html, name="page.html")
