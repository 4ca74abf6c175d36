"""Helpers for the ``unspin serve`` tests (imported by tests/test_serve_*.py).

Nothing here touches a real network: URL tests replace the resolver (``fake_dns``) and send
requests through ``httpx.MockTransport`` clients or to servers on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import importlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from conftest import demo_article
from report_factory import XSS_PAYLOADS
from unspin.core.model import Article
from unspin.serve import ServeSettings, create_app

# The module, not the function ``unspin.ingest.fetch`` that the package re-exports.
fetch_module = importlib.import_module("unspin.ingest.fetch")
PUBLIC_IP = "93.184.216.34"  # a public address; nothing ever connects to it in these tests
SPUN = demo_article("spun.json")
WIRE = demo_article("wire.json")
MISATTRIBUTED = "Our patience is not unlimited"
PASTED = f"{SPUN.title}\n\nBy Staff Writer\n\n{SPUN.published}\n\n{SPUN.text}"
# English enough to be analysed, with every payload inside it.
HOSTILE_TEXT = " ".join(
    f"The council said that it would repair the quay {n} before the winter and that the work "
    f"was to be paid for by the port. {payload}"
    for n, payload in enumerate(XSS_PAYLOADS)
)


def make_app(
    db: Path | None = None,
    *,
    fetch_client: Callable[[], httpx.Client] | None = None,
    **settings: Any,
) -> FastAPI:
    # Analyses in this process unless a test asks for the worker process (it loads a model).
    settings = {"isolate": False, **settings}
    return create_app(ServeSettings(db=db, warm_up=False, **settings), fetch_client=fetch_client)


def article_json(article: Article) -> dict[str, Any]:
    """The interchange format the API takes."""
    return {
        "title": article.title,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "text": article.text,
    }


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """Make ``answers`` the only DNS there is; returns the log of names looked up."""
    looked_up: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        looked_up.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return answers[host]

    monkeypatch.setattr(fetch_module, "resolve_host", resolve)
    return looked_up


class Recorder:
    """An httpx MockTransport handler that records every request it is sent."""

    def __init__(self, respond: Callable[[httpx.Request], httpx.Response] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self._respond = respond or (lambda request: httpx.Response(404))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._respond(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


@contextlib.contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
