"""SSRF: with ``allow_private=False`` (what ``unspin serve`` uses) no URL reaches this machine,
its network or a metadata service, by address, by name, by redirect or by DNS rebinding.

Loopback cases aim at a real server on 127.0.0.1, so a broken guard would show up as a
fetched page. Private and metadata cases go through a recording MockTransport instead, so even
a broken guard sends nothing to those networks. DNS is always faked (``fake_dns``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from fastapi.testclient import TestClient

from serve_support import PUBLIC_IP, Recorder, fake_dns, fetch_module, make_app
from unspin.core.errors import FetchError
from unspin.ingest.fetch import FetchPolicy, fetch, non_public_reason

GUARDED = FetchPolicy(allow_private=False, timeout=5)
PAGE = b"<html><body><article><p>The harbour reopened on Monday after repairs.</p></article></body></html>"  # noqa: E501


class _Handler(BaseHTTPRequestHandler):
    server: _LocalSite

    def do_GET(self) -> None:
        self.server.hits.append((self.path, self.headers.get("Host", "")))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _LocalSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[tuple[str, str]] = []


@pytest.fixture
def local_site() -> Iterator[_LocalSite]:
    """A page on 127.0.0.1 that records who asked for what (and under which Host)."""
    site = _LocalSite()
    thread = threading.Thread(target=site.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield site
    site.shutdown()
    site.server_close()
    thread.join()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00:ec2::254", "private"),  # the AWS metadata service over IPv6
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1%eth0", "link-local"),
        ("100.100.100.200", "not a public address"),  # shared address space (Alibaba metadata)
        ("224.0.0.1", "multicast"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_which_addresses_are_public(address: str, reason: str | None) -> None:
    found = non_public_reason(address)
    assert (found is None) if reason is None else (found is not None and reason in found)


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "localhost-alias.test"])
def test_loopback_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch, local_site: _LocalSite, host: str
) -> None:
    fake_dns(monkeypatch, {"localhost-alias.test": ["127.0.0.1"]})
    url = f"http://{host}:{local_site.server_port}/article.html"
    with pytest.raises(FetchError, match="loopback address; only public addresses are fetched"):
        fetch(url, policy=GUARDED)
    assert local_site.hits == []
    # The CLI's default policy is for the local user, who may fetch from this machine.
    if host == "127.0.0.1":
        assert fetch(url).content == PAGE


@pytest.mark.parametrize(
    ("url", "dns", "reason"),
    [
        ("http://10.0.0.5/admin", {}, "private address"),
        ("http://169.254.169.254/latest/meta-data/", {}, "link-local address"),
        ("http://metadata.test/computeMetadata/v1/", {"metadata.test": ["169.254.169.254"]},
         "link-local"),
        # One bad address among good ones is enough: the connection could use any of them.
        ("https://mixed.test/", {"mixed.test": [PUBLIC_IP, "10.0.0.1"]}, "private address"),
    ],
)  # fmt: skip
def test_private_and_metadata_targets_are_refused(
    monkeypatch: pytest.MonkeyPatch, url: str, dns: dict[str, list[str]], reason: str
) -> None:
    fake_dns(monkeypatch, dns)
    site = Recorder()
    with site.client() as client, pytest.raises(FetchError, match=reason):
        fetch(url, policy=GUARDED, client=client)
    assert site.requests == []


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:{port}/article.html", "http://internal.test:{port}/"]
)
def test_a_redirect_to_loopback_is_refused(
    monkeypatch: pytest.MonkeyPatch, local_site: _LocalSite, target: str
) -> None:
    fake_dns(monkeypatch, {"news.test": [PUBLIC_IP], "internal.test": ["127.0.0.1"]})
    location = target.format(port=local_site.server_port)
    site = Recorder(lambda r: httpx.Response(302, headers={"Location": location}))
    with site.client() as client, pytest.raises(FetchError, match=r"redirects to .*loopback"):
        fetch("https://news.test/story", policy=GUARDED, client=client)
    assert len(site.requests) == 1
    assert local_site.hits == []


def test_dns_rebinding_is_caught_when_connecting(
    monkeypatch: pytest.MonkeyPatch, local_site: _LocalSite
) -> None:
    """The name is public when checked and loopback when connected: the connection is refused."""
    answers = iter([[PUBLIC_IP]])
    monkeypatch.setattr(
        fetch_module, "resolve_host", lambda host, port: next(answers, ["127.0.0.1"])
    )
    url = f"http://rebind.test:{local_site.server_port}/article.html"
    with pytest.raises(
        FetchError, match=r"rebind\.test resolves to 127\.0\.0\.1, which is a loopback"
    ):
        fetch(url, policy=GUARDED)
    assert local_site.hits == []


def test_the_connection_goes_to_the_checked_address(
    monkeypatch: pytest.MonkeyPatch, local_site: _LocalSite
) -> None:
    """The socket connects to the address that was checked, with the URL's Host header."""
    looked_up = fake_dns(monkeypatch, {"news.test": ["127.0.0.1"]})
    # Count this one loopback address as public, so the guarded client may connect to it.
    real = fetch_module.non_public_reason
    monkeypatch.setattr(fetch_module, "non_public_reason",
                        lambda a: None if a == "127.0.0.1" else real(a))  # fmt: skip
    port = local_site.server_port
    page = fetch(f"http://news.test:{port}/story", policy=GUARDED)
    assert page.content == PAGE
    assert local_site.hits == [("/story", f"news.test:{port}")]
    assert looked_up == ["news.test", "news.test"]  # the check, then the connection


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:{port}/", "http://10.1.1.1/", "http://169.254.169.254/latest/meta-data/",
     "http://loopback.test:{port}/", "http://redirect.test/"],
)  # fmt: skip
def test_the_api_refuses_internal_urls(
    monkeypatch: pytest.MonkeyPatch, local_site: _LocalSite, url: str
) -> None:
    fake_dns(monkeypatch, {"loopback.test": ["127.0.0.1"], "redirect.test": [PUBLIC_IP]})
    port = local_site.server_port
    redirects = Recorder(lambda r: httpx.Response(301, headers={
        "Location": f"http://127.0.0.1:{port}/"}))  # fmt: skip
    with TestClient(make_app(fetch_client=redirects.client)) as c:
        answer = c.post("/v1/check", json={"url": url.format(port=port)})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "E105"
    assert "only public addresses are fetched" in error["message"]
    assert local_site.hits == []
    assert all(r.url.host == "redirect.test" for r in redirects.requests)
