"""The page in a real browser: Playwright drives Debian's chromium against a live server.

Playwright never downloads a browser here: it launches the ``chromium`` on PATH by path. The
tests skip when chromium or the playwright package is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from serve_support import (
    HOSTILE_TEXT,
    MISATTRIBUTED,
    PASTED,
    WIRE,
    article_json,
    live_server,
    make_app,
)

sync_api = pytest.importorskip("playwright.sync_api")
TIMEOUT_MS = 90_000  # the first check in a fresh process loads the NLP model


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with live_server(make_app()) as base:
        httpx.post(f"{base}/v1/articles", json=article_json(WIRE), timeout=60).raise_for_status()
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not on PATH (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    page.problems = []  # console errors (a CSP violation is one) and alert() dialogs
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    page.close()


def _check_pasted(page: Any, base_url: str, text: str) -> None:
    page.goto(base_url + "/")
    page.fill("#text", text)
    page.click("#submit")
    page.wait_for_url("**/reports/*")


def test_pasting_an_article_shows_the_misattributed_quote(page: Any, base_url: str) -> None:
    _check_pasted(page, base_url, PASTED)
    quote = page.locator("#side-by-side .chg.k-quote_misattributed", has_text=MISATTRIBUTED)
    quote.first.scroll_into_view_if_needed()
    assert quote.first.is_visible()
    assert "Oleg Varin -> Selim Aydar" in quote.first.get_attribute("title")
    assert page.locator(".verdict-label").inner_text() == "Spun copy"
    # The report's own script ran under the page's Content-Security-Policy.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert page.problems == []
    # The link in the bar opens the same report again.
    link = page.url
    page.goto(base_url + "/")
    page.goto(link)
    assert page.locator("#side-by-side .chg.k-quote_misattributed").count() >= 1


def test_pasted_markup_never_runs(page: Any, base_url: str) -> None:
    _check_pasted(page, base_url, HOSTILE_TEXT)
    assert page.evaluate("document.documentElement.getAttribute('data-pwned')") is None
    assert page.locator("img, svg").count() == 0
    assert "<script>alert(1)</script>" in page.locator("#side-by-side").inner_text()
    assert page.problems == []
