"""The analyst's page, in-process: the form's three inputs, its errors, and escaping."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from report_factory import XSS_PAYLOADS, hostile_report
from serve_support import HOSTILE_TEXT, MISATTRIBUTED, PASTED, WIRE, article_json, make_app

DATA = Path(__file__).parent / "data" / "ingest"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(make_app(), follow_redirects=False) as c:
        c.post("/v1/articles", json=article_json(WIRE))
        yield c


def _report_page(client: TestClient, answer_to_form) -> str:  # type: ignore[no-untyped-def]
    assert answer_to_form.status_code == 303, answer_to_form.text[:500]
    location = answer_to_form.headers["location"]
    assert re.fullmatch(r"/reports/[0-9a-f]{32}", location)
    page = client.get(location)
    assert page.status_code == 200
    return page.text


def test_the_form_offers_text_url_and_file(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for field in (
        'name="text"',
        'name="url"',
        'type="file" id="file" name="file"',
        'name="source_text"',
        'name="source_url"',
        'enctype="multipart/form-data"',
    ):
        assert field in page.text
    assert "script-src 'none'" in page.headers["content-security-policy"]


def test_pasted_text_is_checked_against_the_index(client: TestClient) -> None:
    html = _report_page(client, client.post("/check", data={"text": PASTED}))
    assert "Spun copy" in html
    assert re.search(r'class="chg k-quote_misattributed"[^>]*>' + MISATTRIBUTED, html)
    assert 'href="/v1/reports/' in html  # the bar on top links the JSON


def test_a_source_given_in_the_form_is_compared_instead(client: TestClient) -> None:
    form = {"text": PASTED, "source_text": WIRE.text}
    html = _report_page(client, client.post("/check", data=form))
    assert re.search(r'class="chg k-quote_misattributed"[^>]*>' + MISATTRIBUTED, html)


def test_an_uploaded_page_is_extracted(client: TestClient) -> None:
    upload = {"file": ("story.html", (DATA / "news_page.html").read_bytes(), "text/html")}
    html = _report_page(client, client.post("/check", files=upload))
    assert "Harbour council approves ferry terminal expansion" in html


@pytest.mark.parametrize(
    ("form", "status", "says"),
    [
        ({}, 422, "fill in one of: the text, the address, or a saved page"),
        ({"text": PASTED, "url": "https://news.example/a"}, 422, "fill in only one of"),
        ({"url": "http://127.0.0.1:8000/"}, 422, "loopback address"),
        ({"text": PASTED, "source_text": "x", "source_url": "https://a.example/"}, 422,
         "not both"),
    ],
)  # fmt: skip
def test_form_errors_are_shown_on_the_form(
    client: TestClient, form: dict[str, str], status: int, says: str
) -> None:
    answer = client.post("/check", data=form)
    assert answer.status_code == status
    assert 'role="alert"' in answer.text
    assert says in answer.text
    if form.get("text"):  # what the analyst typed is kept
        assert "Ministers will sign the extension in Ankara today." in answer.text


def test_pasted_markup_stays_text_in_the_report(client: TestClient) -> None:
    html = _report_page(client, client.post("/check", data={"text": HOSTILE_TEXT}))
    _inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pasted_markup_stays_text_in_the_form_after_an_error(client: TestClient) -> None:
    answer = client.post("/check", data={"text": HOSTILE_TEXT, "url": "https://a.example/"})
    assert answer.status_code == 422
    _inert(answer.text)
    assert "&lt;/textarea&gt;" in answer.text


def test_a_hostile_stored_report_renders_inert(client: TestClient) -> None:
    service = client.app.state.service  # type: ignore[attr-defined]
    report_id, _ = service.save_report(hostile_report())
    page = client.get(f"/reports/{report_id}")
    _inert(page.text)
    # The CSP allows exactly the report's own script, by hash.
    [script] = re.findall(r"<script>(.*?)</script>", page.text, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}';" in page.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/reports/0123456789abcdef0123456789abcdef", "/reports/x"])
def test_a_missing_report_is_a_page_too(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "no report with id" in answer.text


def _inert(html: str) -> None:
    """No payload survives as markup: each is shown as text (the browser test runs them)."""
    for payload in XSS_PAYLOADS:
        if "<" in payload:
            assert payload not in html
    assert "<img" not in html and "<svg" not in html
    assert len(re.findall(r"<script\b", html)) <= 1  # only the report's own
