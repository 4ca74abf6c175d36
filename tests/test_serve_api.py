"""The web API in-process (Starlette's TestClient over ASGI): routes, reports, keys, restarts."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from serve_support import (
    MISATTRIBUTED,
    PUBLIC_IP,
    SPUN,
    WIRE,
    Recorder,
    article_json,
    fake_dns,
    make_app,
)
from unspin.schema import validate_report
from unspin.serve import ServeSettings
from unspin.serve.errors import ServiceError
from unspin.serve.gate import CpuGate
from unspin.serve.stores import StorePool


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """An in-memory index holding the demo wire story."""
    with TestClient(make_app()) as c:
        assert c.post("/v1/articles", json=article_json(WIRE)).status_code == 201
        yield c


@pytest.fixture(scope="module")
def checked(client: TestClient) -> httpx.Response:
    """One check of the demo's spun copy, shared by the tests that read its report."""
    body = {"text": SPUN.text, "title": SPUN.title, "published": SPUN.published.isoformat()}
    return client.post("/v1/check", json=body)


def misattributed(report: dict) -> list[dict]:
    return [c for c in report["changes"] if c["kind"] == "quote_misattributed"]


@pytest.mark.parametrize(
    "path",
    ["/v1/check", "/v1/compare", "/v1/articles", "/v1/articles/{article_id}",
     "/v1/reports/{report_id}", "/healthz"],
)  # fmt: skip
def test_openapi_describes_every_route(client: TestClient, path: str) -> None:
    spec = client.get("/openapi.json").json()
    assert path in spec["paths"]
    assert client.get("/healthz").json()["status"] == "ok"


def test_check_traces_the_spun_copy_to_the_indexed_wire(checked: httpx.Response) -> None:
    assert checked.status_code == 201
    body = checked.json()
    assert checked.headers["location"] == f"/v1/reports/{body['id']}"
    assert body["links"] == {"html": f"/reports/{body['id']}", "json": f"/v1/reports/{body['id']}"}
    report = body["report"]
    validate_report(report)
    assert report["verdict"] == "spun_copy"
    assert [s["url"] for s in report["sources"]] == [WIRE.url]
    [quote] = misattributed(report)
    assert (quote["text"], quote["speaker"], quote["source_speaker"]) == (
        MISATTRIBUTED, "Selim Aydar", "Oleg Varin",
    )  # fmt: skip


def test_a_report_opens_again_by_its_id(client: TestClient, checked: httpx.Response) -> None:
    again = client.get(checked.json()["links"]["json"])
    assert again.status_code == 200
    assert again.json() == checked.json()


def test_compare_with_a_given_source(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare", json={"derivative": article_json(SPUN), "source": article_json(WIRE)}
    )
    assert answer.status_code == 201
    report = answer.json()["report"]
    assert [s["url"] for s in report["sources"]] == [WIRE.url]
    assert [q["text"] for q in misattributed(report)] == [MISATTRIBUTED]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"derivative": {"text": "x"}}, 'give exactly one of "source" or "sources"'),
        ({"source": {"text": "x"}}, "derivative: Field required"),
        ({"derivative": {"text": "x"}, "sources": [{}]}, "sources.0: give the article as"),
    ],
)
def test_compare_says_which_field_is_wrong(client: TestClient, body: dict, message: str) -> None:
    answer = client.post("/v1/compare", json=body)
    assert answer.status_code == 422
    assert message in answer.json()["error"]["message"]


def test_articles_are_added_once_and_read_back(client: TestClient) -> None:
    again = client.post("/v1/articles", json=article_json(WIRE))
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    stored = client.get(again.json()["links"]["json"])
    assert stored.status_code == 200
    assert stored.json()["article"]["text"] == WIRE.text
    assert stored.json()["article"]["url"] == WIRE.url


@pytest.mark.parametrize("key", ["team/story 7"])
def test_your_own_article_id_is_the_key(client: TestClient, key: str) -> None:
    body = {"text": WIRE.text + "\n\nA later paragraph was added.", "id": key}
    added = client.post("/v1/articles", json=body)
    assert added.json()["id"] == key
    assert client.get(f"/v1/articles/{key}").json()["id"] == key


@pytest.mark.parametrize(
    "path",
    ["/v1/reports/0123456789abcdef0123456789abcdef", "/v1/reports/not-an-id",
     "/v1/articles/no-such-article"],
)  # fmt: skip
def test_unknown_ids_are_404_with_a_message(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "E404"
    assert "no " in answer.json()["error"]["message"]


def test_check_fetches_a_url_through_the_client_seam(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"news.example": [PUBLIC_IP]})
    page = f"<html><head><title>{SPUN.title}</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in SPUN.text.split("\n\n")
    ) + "</article></body></html>"  # fmt: skip
    site = Recorder(lambda r: httpx.Response(200, html=page))
    with TestClient(make_app(fetch_client=site.client)) as c:
        c.post("/v1/articles", json=article_json(WIRE))
        answer = c.post("/v1/check", json={"url": "https://news.example/story"})
    assert answer.status_code == 201, answer.text
    report = answer.json()["report"]
    assert report["article"]["url"] == "https://news.example/story"
    assert [s["url"] for s in report["sources"]] == [WIRE.url]
    assert [str(r.url) for r in site.requests] == ["https://news.example/story"]


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({}, 401, "needs an API key"),
        ({"X-API-Key": "guess"}, 401, "wrong API key"),
        ({"X-API-Key": "s3cret"}, 201, None),
    ],
)
def test_writes_need_the_configured_api_key(
    headers: dict[str, str], status: int, message: str | None
) -> None:
    with TestClient(make_app(api_key="s3cret")) as c:
        answer = c.post("/v1/articles", json=article_json(WIRE), headers=headers)
        assert answer.status_code == status
        if message:
            assert message in answer.json()["error"]["message"]
        # Reading and checking stay open: only writes to the index are guarded.
        assert c.post("/v1/check", json={"text": ""}).status_code == 422


def test_reports_and_articles_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with TestClient(make_app(db)) as first:
        first.post("/v1/articles", json=article_json(WIRE))
        made = first.post("/v1/compare", json={"derivative": article_json(SPUN),
                                                "source": article_json(WIRE)})  # fmt: skip
    with TestClient(make_app(db)) as second:
        again = second.get(made.json()["links"]["json"])
        page = second.get(made.json()["links"]["html"])
        index = second.get("/")
    assert again.json() == made.json()
    assert page.status_code == 200
    assert MISATTRIBUTED in page.text
    assert "among the 1 indexed" in " ".join(index.text.split())


def test_the_gate_queues_then_turns_away() -> None:
    """One analysis runs; one waits its turn; the next is told to retry (503)."""
    release = threading.Event()
    started = threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "done"

    async def scenario() -> list[object]:
        gate = CpuGate(slots=1, queue_limit=1, wait_s=10)
        running = asyncio.create_task(gate.run(slow))
        while not started.is_set():
            await asyncio.sleep(0.01)
        queued = asyncio.create_task(gate.run(lambda: "queued"))
        await asyncio.sleep(0.05)
        with pytest.raises(ServiceError) as refused:
            await gate.run(lambda: "refused")
        release.set()
        return [await running, await queued, refused.value.status_code, refused.value.headers]

    done, queued, status, headers = asyncio.run(scenario())
    assert (done, queued, status) == ("done", "queued", 503)
    assert headers is not None and "Retry-After" in headers


@pytest.mark.parametrize("db_name", ["reports.db", None])
def test_concurrent_requests_each_get_a_store(tmp_path: Path, db_name: str | None) -> None:
    pool = StorePool(tmp_path / db_name if db_name else None)

    def save_and_load(n: int) -> bool:
        with pool.store() as store:
            report_id = store.save_report(f'{{"n": {n}}}')
        with pool.store() as store:
            return store.load_report(report_id) == f'{{"n": {n}}}'

    with ThreadPoolExecutor(8) as threads:
        assert all(threads.map(save_and_load, range(64)))
    pool.close()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_refuses_an_unusable_db_before_listening(tmp_path: Path, workers: str) -> None:
    from typer.testing import CliRunner

    from unspin.cli import app

    db = tmp_path / "missing-folder" / "news.db"
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--workers", workers])
    assert result.exit_code == 1
    assert "does not exist" in result.output + result.stderr


@pytest.mark.parametrize(
    "settings",
    [
        ServeSettings(db=Path("news.db")),
        ServeSettings(db=Path("/srv/index.db"), api_key="k3y", allow_private_urls=True),
    ],
)
def test_worker_processes_get_the_same_settings(settings: ServeSettings) -> None:
    """`--workers N` hands settings to each process through the environment."""
    assert ServeSettings.from_env(settings.to_env()) == settings


def test_worker_connections_are_not_delayed_by_nagle() -> None:
    """Connections accepted on the shared worker socket get TCP_NODELAY (no 40 ms stalls)."""
    import socket

    from unspin.serve.server import _tcp

    async def nodelay_of_accepted(listener: socket.socket) -> int:
        accepted: list[int] = []

        def protocol() -> asyncio.Protocol:
            class Probe(asyncio.Protocol):
                def connection_made(self, transport: asyncio.BaseTransport) -> None:
                    sock = transport.get_extra_info("socket")
                    accepted.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

            return Probe()

        server = await asyncio.get_running_loop().create_server(protocol, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        while not accepted:
            await asyncio.sleep(0.01)
        writer.close()
        await writer.wait_closed()
        server.close()
        await server.wait_closed()
        return accepted[0]

    def uvicorn_style_socket() -> socket.socket:
        sock = socket.socket(family=socket.AF_INET)  # what uvicorn's Config.bind_socket does
        sock.bind(("127.0.0.1", 0))
        return sock

    assert asyncio.run(nodelay_of_accepted(uvicorn_style_socket())) == 0
    assert asyncio.run(nodelay_of_accepted(_tcp(uvicorn_style_socket()))) != 0
