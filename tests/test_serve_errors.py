"""Bad input gets a 4xx whose JSON error says what to fix; nothing gets a stack trace."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from ingest_http import PDF, PNG
from serve_support import PUBLIC_IP, SPUN, Recorder, fake_dns, make_app

MB = 1024 * 1024
GERMAN = (
    "Der Hafen wurde am Montag nach den Reparaturen wieder geöffnet, sagte die Behörde, und "
    "die Fähren fahren wieder nach dem alten Fahrplan. Die Arbeiten an der Mole hatten drei "
    "Monate gedauert und waren teurer als geplant, weil das Wetter im Winter schlecht war."
)


def _site(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/report.pdf":
        return httpx.Response(200, headers={"Content-Type": "application/pdf"}, content=PDF)
    if request.url.path == "/photo.png":
        return httpx.Response(200, headers={"Content-Type": "image/png"}, content=PNG)
    if request.url.path == "/down":
        raise httpx.ConnectError("connection refused")
    return httpx.Response(404, text="not here")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = make_app(fetch_client=Recorder(_site).client, max_article_chars=2_000)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(autouse=True)
def dns(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"news.example": [PUBLIC_IP]})


def _error(answer: httpx.Response, status: int, code: str, *fragments: str) -> None:
    assert answer.status_code == status, answer.text[:500]
    assert answer.headers["content-type"] == "application/json"
    assert list(answer.json()) == ["error"]
    error = answer.json()["error"]
    assert error["code"] == code
    for fragment in fragments:
        assert fragment in error["message"]
    assert "Traceback" not in answer.text


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code", "says"),
    [
        (b"", "application/json", 400, "E400", "the request body is empty"),
        (b"", None, 400, "E400", "the request body is empty"),
        (b'{"text": "abc",', "application/json", 400, "E400", "not valid JSON"),
        (b"text=hello", "application/x-www-form-urlencoded", 415, "E415", "application/json"),
        (b"hello", "text/plain", 415, "E415", "the body is text/plain"),
        (b"[1, 2]", "application/json", 422, "E422", "invalid request"),
        (b'{"text": 7}', "application/json", 422, "E422", "text: Input should be a valid string"),
        (b'{"published": "last week", "text": "x"}', "application/json", 422, "E422", "published:"),
        # a number is no date here (pydantic alone would read it as a Unix time)
        (b'{"published": 1730000000, "text": "x"}', "application/json", 422, "E422", "YYYY-MM-DD"),
        (b"{}", "application/json", 422, "E422", 'give the article as "text", "html" or "url"'),
    ],
)  # fmt: skip
def test_malformed_requests(
    client: TestClient, content: bytes, content_type: str | None, status: int, code: str, says: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    _error(client.post("/v1/check", content=content, headers=headers), status, code, says)


@pytest.mark.parametrize(
    ("body", "status", "code", "says"),
    [
        ({"text": "   "}, 422, "E101", "contains only whitespace"),
        ({"text": GERMAN}, 422, "E104", "does not look like English"),
        ({"html": "<html><body><nav>Home | About</nav></body></html>"}, 422, "E101", "html:"),
        ({"text": SPUN.text * 3}, 413, "E103", "the service analyses at most 2,000"),
        ({"url": "https://news.example/report.pdf"}, 422, "E105", "serves application/pdf"),
        ({"url": "https://news.example/photo.png"}, 422, "E105", "serves image/png"),
        ({"url": "https://news.example/down"}, 422, "E105", "could not connect"),
        ({"url": "https://news.example/gone"}, 422, "E105", "HTTP 404"),
        ({"url": "https://unknown-host.example/"}, 422, "E105", "could not resolve"),
        ({"url": "file:///etc/passwd"}, 422, "E105", "file:// URLs are not supported"),
        # Never a path on the server: load_article would read files.
        ({"url": "/etc/passwd"}, 422, "E105", "/etc/passwd: is not a URL"),
        ({"url": "unspin.db"}, 422, "E105", "unspin.db: is not a URL"),
    ],
)  # fmt: skip
def test_unreadable_articles(
    client: TestClient, body: dict[str, str], status: int, code: str, says: str
) -> None:
    _error(client.post("/v1/check", json=body), status, code, says)


def test_a_20_mb_body_is_refused_unread(client: TestClient) -> None:
    big = b'{"text": "' + b"a" * (20 * MB) + b'"}'
    _error(client.post("/v1/check", content=big, headers={"Content-Type": "application/json"}),
           413, "E413", "over the 11.0 MB limit")  # fmt: skip


def test_a_chunked_body_is_cut_off_at_the_limit(client: TestClient) -> None:
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(20):
            sent += 1
            yield b"a" * MB

    answer = client.post(
        "/v1/articles", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _error(answer, 413, "E413")


def test_a_20_mb_upload_to_the_page_is_refused(client: TestClient) -> None:
    files = {"file": ("huge.html", b"<p>" + b"a" * (20 * MB) + b"</p>", "text/html")}
    answer = client.post("/check", files=files)
    assert answer.status_code == 413
    assert "over the 11.0 MB limit" in answer.text
    assert answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/v1/check"), ("GET", "/v1/compare")])
def test_wrong_method(client: TestClient, method: str, path: str) -> None:
    _error(client.request(method, path), 405, "E405", "not allowed")


def test_a_bug_is_a_500_without_details(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(article: object) -> None:
        raise RuntimeError("secret /srv/unspin/config path")

    monkeypatch.setattr(client.app.state.service, "check", broken)  # type: ignore[attr-defined]
    answer = client.post("/v1/check", json={"text": SPUN.text})
    _error(answer, 500, "E500", "internal error")
    assert "secret" not in answer.text
