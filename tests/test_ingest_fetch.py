"""URLs: a real HTTP server on 127.0.0.1, plus the client seam (httpx.MockTransport)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import httpx
import pytest

from ingest_http import PDF, serve
from unspin.core.errors import FetchError
from unspin.ingest import load_article
from unspin.ingest.fetch import FetchPolicy, fetch, is_url

TITLE = "Harbour council approves ferry terminal expansion"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve() as base:
        yield base


@pytest.mark.parametrize(
    ("path", "final"),
    [
        ("/article.html", "/article.html"),
        ("/article-no-type", "/article-no-type"),  # no Content-Type: the content is sniffed
        ("/hop/1", "/article.html"),
        ("/hop/5", "/article.html"),  # five redirects: the most allowed
    ],
)
def test_article_page(server: str, path: str, final: str) -> None:
    article = load_article(server + path)
    assert article.title == TITLE
    assert article.byline == "Jane Doe"
    assert article.published == dt.date(2023, 11, 2)
    assert article.source_format == "html"
    assert article.url == server + final  # where the redirects ended
    assert "Other reports by Jane Doe" in article.boilerplate


@pytest.mark.parametrize("path", ["/plain.txt"])
def test_plain_text_page(server: str, path: str) -> None:
    article = load_article(server + path)
    assert (article.title, article.byline) == ("Ferry fares to rise in spring", "Jane Doe")
    assert article.published == dt.date(2023, 11, 3)
    assert article.source_format == "txt"
    assert article.site == "127.0.0.1"
    assert article.text.startswith("Ferry fares to the islands will rise by 6 percent")


@pytest.mark.parametrize("path", ["/report.pdf"])
def test_fetch_returns_final_url_and_type(server: str, path: str) -> None:
    with pytest.raises(FetchError, match="serves application/pdf, not an HTML page"):
        fetch(server + path)
    page = fetch(server + "/hop/2")
    assert (page.url, page.media_type, page.charset, page.fmt) == (
        server + "/article.html",
        "text/html",
        "utf-8",
        "html",
    )
    assert page.content.startswith(b"<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("path", "policy", "message"),
    [
        ("/hop/6", FetchPolicy(), r"more than 5 redirects; open it in a browser"),
        ("/hop/3", FetchPolicy(max_redirects=2), r"more than 2 redirects"),
        ("/slow", FetchPolicy(timeout=0.3), r"timed out after 0.3 s"),
        ("/huge", FetchPolicy(max_bytes=100_000), r"the page is over the 100,000 bytes limit"),
        ("/huge-declared", FetchPolicy(), r"the page is over the 10.0 MB limit"),
        ("/missing", FetchPolicy(), r"the server answered HTTP 404 Not Found"),
    ],
)
def test_fetch_limits(server: str, path: str, policy: FetchPolicy, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=message) as info:
        load_article(server + path, fetch_policy=policy)
    assert str(info.value).startswith(f"{server}{path}: ")
    assert time.monotonic() - started < 3  # limits cut the request short


@pytest.mark.parametrize("max_bytes", [100_000])
def test_max_bytes_applies_to_urls(server: str, max_bytes: int) -> None:
    with pytest.raises(FetchError, match="over the 100,000 bytes limit"):
        load_article(server + "/huge", max_bytes=max_bytes)


def _mock_site(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/moved":
        return httpx.Response(301, headers={"Location": "/story"})
    if request.url.path == "/to-file":
        return httpx.Response(302, headers={"Location": "file:///etc/passwd"})
    if request.url.path == "/pdf":
        return httpx.Response(200, headers={"Content-Type": "application/pdf"}, content=PDF)
    page = (
        "<html><head><title>Quay repairs finished</title></head><body><article>"
        + "<p>Repairs to the north quay were finished on Friday, two weeks ahead of the plan, "
        "and ferries will use it again from Monday, the harbour authority said.</p>"
        * 2
        + "</article></body></html>"
    )
    return httpx.Response(200, headers={"Content-Type": "text/html; charset=utf-8"}, text=page)


@pytest.mark.parametrize(
    ("url", "outcome"),
    [
        ("https://news.example/moved", "Quay repairs finished"),
        ("https://news.example/to-file", r"redirects to file:/+etc/passwd; only http"),
        ("https://news.example/pdf", "serves application/pdf"),
    ],
)
def test_custom_client_seam(url: str, outcome: str) -> None:
    with httpx.Client(transport=httpx.MockTransport(_mock_site)) as client:
        if outcome.startswith("Quay"):
            article = load_article(url, client=client)
            assert (article.title, article.url) == (outcome, "https://news.example/story")
            assert article.site == "news.example"
        else:
            with pytest.raises(FetchError, match=outcome):
                load_article(url, client=client)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("https://news.example/a", True),
        ("HTTP://news.example", True),
        ("ftp://files.example/a.txt", True),
        ("news/2023/article.html", False),
        ("C:\\news\\article.txt", False),
        ("article.json", False),
    ],
)
def test_is_url(source: str, expected: bool) -> None:
    assert is_url(source) is expected
