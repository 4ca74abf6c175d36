"""The only module that touches the network: GET one http(s) URL, with limits.

Limits: connect and read timeouts, a size cap enforced while streaming, at most
``max_redirects`` redirects (each target re-checked), and a Content-Type that is a page.
Pass your own ``httpx.Client`` (for example one over ``httpx.MockTransport``) to change how
requests are sent; the checks here still apply.

Fetching for other people (``unspin serve``) needs ``FetchPolicy(allow_private=False)``: then
only public addresses are fetched, so nobody can use the service to reach this machine, its
network or a cloud metadata service (SSRF). The rule is applied twice:

* :func:`check_target`, for the first URL and after every redirect: the host is resolved and
  refused if *any* of its addresses is loopback, private, link-local, multicast or reserved;
* :class:`PublicOnlyTransport`, when a connection is opened: the host is resolved once more,
  checked again, and the socket connects to that checked address (TLS still verifies the host
  name). A name that answers a public address to the check and ``127.0.0.1`` to the
  connection (DNS rebinding) is refused there.

The library and CLI default to ``allow_private=True``: they act for the local user, who can
reach those addresses anyway (an intranet page, a test server on localhost).
``FetchPolicy.allow_hosts`` names hosts (``"intranet.local"``, ``"127.0.0.1:8080"``) that are
reached even with ``allow_private=False``; every other host keeps the rule (``unspin watch``).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from unspin.core.errors import FetchError
from unspin.ingest.decode import format_size

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "unspin/0.1 (news source tracer)"
# Media types we can read, and the format each is read as.
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt"}
_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    """What a fetch may do."""

    timeout: float = DEFAULT_TIMEOUT  # seconds, for connecting and for each read
    total_timeout: float = 3 * DEFAULT_TIMEOUT  # a server that trickles bytes is cut off too
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    # False: refuse every host that is or resolves to a non-public address (module docstring).
    allow_private: bool = True
    # Reached even when allow_private is False: "host" (any port) or "host:port", lower case.
    allow_hosts: frozenset[str] = frozenset()
    # Media types taken besides pages, their content sniffed by the caller (feeds, robots.txt).
    extra_types: frozenset[str] = frozenset()

    def allows_host(self, host: str, port: int) -> bool:
        return _host_allowed(host, port, self.allow_hosts)


def _host_allowed(host: str, port: int, allowed: frozenset[str]) -> bool:
    host = host.lower().strip("[]")
    with_port = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return bool(allowed) and (host in allowed or with_port in allowed)


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    url: str  # the final URL, after redirects
    content: bytes
    media_type: str | None  # "text/html"; None when the server sent no Content-Type
    charset: str | None
    fmt: str | None  # "html" or "txt" from the media type; None: sniff the content
    status: int = 200  # 304 (empty content) when a conditional request found nothing new
    headers: Mapping[str, str] = field(default_factory=dict)  # the final response's


class HTTPStatusError(FetchError):
    """The server answered 4xx or 5xx; ``retry_after`` is its Retry-After header, if any."""

    def __init__(self, source: str, problem: str, *, status: int, retry_after: str | None):
        super().__init__(source, problem)
        self.status = status
        self.retry_after = retry_after


def is_url(source: str) -> bool:
    """Whether ``source`` is written as a URL (any scheme), rather than a path."""
    return _URL.match(source) is not None


def check_target(
    url: httpx.URL, *, policy: FetchPolicy, name: str, redirected: bool = False
) -> None:
    """Refuse a URL we must not request; called for the first URL and every redirect."""
    if url.scheme not in _SCHEMES and redirected:
        raise FetchError(name, f"redirects to {url}; only http(s) redirects are followed")
    if url.scheme not in _SCHEMES:
        raise FetchError(
            name,
            f"{url.scheme}:// URLs are not supported; use an http(s) URL, "
            "or download the file and pass its path",
        )
    if not url.host:
        raise FetchError(name, "the URL has no host name")
    port = url.port or (443 if url.scheme == "https" else 80)
    if not policy.allow_private and not policy.allows_host(url.host, port):
        try:
            _require_public(url.host, port)
        except BlockedAddressError as err:
            where = f"redirects to {url}, but {err}" if redirected else str(err)
            raise FetchError(name, f"{where}; {_ONLY_PUBLIC}") from None
        except OSError as err:
            raise FetchError(
                name, f"could not resolve the host name {url.host} ({err}); check the address"
            ) from None


# --- public addresses only (SSRF) ----------------------------------------------------------

_ONLY_PUBLIC = "only public addresses are fetched"


class BlockedAddressError(Exception):
    """A host that is, or resolves to, an address we must not connect to."""


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order (tests replace this)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052 well-known prefix: IPv4 in last 32 bits
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215 local use: never public


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d),
    IPv4-compatible (::a.b.c.d), 6to4 (2002::/16), Teredo (2001::/32: server and client) and
    NAT64 (64:ff9b::/96). Each reaches, or names, that IPv4 host."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    value = int(ip)
    if ip in _NAT64 or (value >> 32 == 0 and value > 1):
        found.append(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    return found


def non_public_reason(address: str) -> str | None:
    """Why ``address`` is not a public internet address ("a loopback address"), or None.

    An IPv6 address that embeds an IPv4 address (see :func:`embedded_ipv4`) is judged by that
    IPv4 address too: ``2002:7f00:1::1`` (6to4 for 127.0.0.1) is a loopback address.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return "a local-use NAT64 address (it translates to a private IPv4 network)"
        for inner in embedded_ipv4(ip):
            reason = _address_reason(inner)
            if reason is not None:
                return f"{reason} ({inner}, embedded in {ip})"
        if ip.ipv4_mapped is not None:
            return None  # ::ffff:a.b.c.d is exactly the public IPv4 address it maps
    return _address_reason(ip)


def _address_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "the unspecified address (it reaches this machine)"
    if ip.is_link_local:
        return "a link-local address (where cloud metadata services answer)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None


def strip_credentials(url: str) -> str:
    """``url`` without a user name or password (``https://user:pw@host/`` -> ``https://host/``),
    so that credentials given to fetch a page are never stored or shown in a report."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return url
    if not parsed.userinfo:
        return url
    return str(parsed.copy_with(username=None, password=None))


def _require_public(host: str, port: int) -> list[str]:
    """The addresses of ``host``, all checked public; raises BlockedAddressError otherwise."""
    try:
        addresses = [str(ipaddress.ip_address(host))]  # an address literal: no lookup
    except ValueError:
        addresses = resolve_host(host, port)
    if not addresses:
        raise OSError(f"{host} has no addresses")
    for address in addresses:
        reason = non_public_reason(address)
        if reason is not None:
            shown = host if address == host else f"{host} resolves to {address}, which"
            raise BlockedAddressError(f"{shown} is {reason}")
    return addresses


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Resolves once, checks every address, and connects the socket to a checked address."""

    def __init__(self, allow_hosts: frozenset[str] = frozenset()) -> None:
        self.allow_hosts = allow_hosts

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        if _host_allowed(host, port, self.allow_hosts):  # named by the operator: not checked
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = _require_public(host, port)
        except OSError as err:
            raise httpcore.ConnectError(f"could not resolve {host}: {err}") from None
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as err:
                failure = err
        assert failure is not None
        raise failure


class PublicOnlyTransport(httpx.HTTPTransport):
    """An httpx transport whose every connection goes to a checked public address.

    TLS is unchanged: certificates are verified against the URL's host name, not the address.
    Environment proxies are not used (a proxy would make the address check meaningless).
    """

    def __init__(self, *, allow_hosts: frozenset[str] = frozenset()) -> None:
        super().__init__(trust_env=False)
        # httpx has no public hook for the network backend, so its pool is rebuilt with ours.
        # Fail closed if httpx ever stops keeping the pool here.
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx internals changed: cannot install the public-only guard")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=10,
            network_backend=_PublicOnlyBackend(allow_hosts),
        )


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    client: httpx.Client | None = None,
    headers: Mapping[str, str] | None = None,
) -> Fetched:
    """GET ``url`` and return its body, following up to ``policy.max_redirects`` redirects.

    ``headers`` are added to the request (``If-None-Match``: a 304 comes back as ``status``).
    """
    policy = policy or FetchPolicy()
    if client is None:
        transport = (
            None if policy.allow_private else PublicOnlyTransport(allow_hosts=policy.allow_hosts)
        )
        with httpx.Client(headers={"User-Agent": policy.user_agent}, transport=transport) as own:
            return _fetch(url, policy, own, headers)
    return _fetch(url, policy, client, headers)


def _fetch(
    name: str, policy: FetchPolicy, client: httpx.Client, headers: Mapping[str, str] | None = None
) -> Fetched:
    try:
        current = httpx.URL(name)
    except httpx.InvalidURL as err:
        raise FetchError(strip_credentials(name), f"is not a valid URL ({err})") from None
    name = strip_credentials(name)  # errors name the page, never its password
    visited: set[str] = set()
    deadline = time.monotonic() + policy.total_timeout
    for hop in range(policy.max_redirects + 1):
        check_target(current, policy=policy, name=name, redirected=hop > 0)
        visited.add(str(current))
        answer = _get(current, name, policy, client, deadline, headers)
        if isinstance(answer, Fetched):
            return answer
        if str(answer) in visited:
            raise FetchError(name, f"redirect loop: the redirects lead back to {answer}")
        current = answer
    raise FetchError(
        name,
        f"more than {policy.max_redirects} redirects; "
        "open it in a browser and pass the article's final address",
    )


def _get(
    url: httpx.URL,
    name: str,
    policy: FetchPolicy,
    client: httpx.Client,
    deadline: float,
    extra: Mapping[str, str] | None = None,
) -> Fetched | httpx.URL:
    """One request: the page, or the URL a redirect points to."""
    headers = {"Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"}
    headers.update(extra or {})
    try:
        with client.stream(
            "GET", url, headers=headers, timeout=policy.timeout, follow_redirects=False
        ) as resp:
            if resp.status_code in _REDIRECTS and "location" in resp.headers:
                return url.join(resp.headers["location"])
            if resp.status_code == 304:  # Not Modified: the caller's copy is current
                return Fetched(url=str(resp.url), content=b"", media_type=None, charset=None,
                               fmt=None, status=304, headers=dict(resp.headers))  # fmt: skip
            if resp.status_code >= 400:
                raise HTTPStatusError(
                    name,
                    f"the server answered HTTP {resp.status_code} {resp.reason_phrase}",
                    status=resp.status_code,
                    retry_after=resp.headers.get("retry-after"),
                )
            media_type, fmt = _page_type(resp, name, policy)
            content = _read(resp, name, policy, deadline)
            return Fetched(
                url=strip_credentials(str(resp.url)),
                content=content,
                media_type=media_type,
                charset=resp.charset_encoding,
                fmt=fmt,
                status=resp.status_code,
                headers=dict(resp.headers),
            )
    except BlockedAddressError as err:  # the connection-time check (DNS rebinding)
        raise FetchError(name, f"{err}; {_ONLY_PUBLIC}") from None
    except httpx.TimeoutException:
        raise FetchError(
            name, f"timed out after {policy.timeout:g} s; the server did not answer in time"
        ) from None
    except httpx.ConnectError as err:
        raise FetchError(name, f"could not connect ({err}); check the address") from None
    except httpx.HTTPError as err:
        raise FetchError(name, f"the request failed ({type(err).__name__}: {err})") from None


def _page_type(
    resp: httpx.Response, name: str, policy: FetchPolicy
) -> tuple[str | None, str | None]:
    header = resp.headers.get("content-type")
    if not header:
        return None, None  # no claim either way: the content is sniffed later
    media_type = header.split(";")[0].strip().lower()
    if media_type in policy.extra_types:
        return media_type, None
    if media_type not in PAGE_TYPES:
        raise FetchError(
            name,
            f"serves {media_type}, not an HTML page; "
            "save the article's text to a .txt file and pass that",
        )
    return media_type, PAGE_TYPES[media_type]


def _read(resp: httpx.Response, name: str, policy: FetchPolicy, deadline: float) -> bytes:
    too_big = FetchError(
        name,
        f"the page is over the {format_size(policy.max_bytes)} limit; "
        "pass a single article or raise max_bytes",
    )
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    # Counted after decompression, so a small gzip bomb is stopped too.
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise too_big
        if time.monotonic() > deadline:
            raise FetchError(
                name, f"the download took longer than {policy.total_timeout:g} s; gave up"
            )
        chunks.append(chunk)
    return b"".join(chunks)
