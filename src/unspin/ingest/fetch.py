"""The only module that touches the network: GET one http(s) URL, with limits.

Limits: connect and read timeouts, a size cap enforced while streaming, at most
``max_redirects`` redirects (each target re-checked), and a Content-Type that is a page.
Pass your own ``httpx.Client`` (for example one over ``httpx.MockTransport``) to change how
requests are sent; the checks here still apply.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import httpx

from unspin.errors import FetchError
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
    """What a fetch may do. A future ``allow_private: bool`` belongs here (see check_target)."""

    timeout: float = DEFAULT_TIMEOUT  # seconds, for connecting and for each read
    total_timeout: float = 3 * DEFAULT_TIMEOUT  # a server that trickles bytes is cut off too
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    url: str  # the final URL, after redirects
    content: bytes
    media_type: str | None  # "text/html"; None when the server sent no Content-Type
    charset: str | None
    fmt: str | None  # "html" or "txt" from the media type; None: sniff the content


def is_url(source: str) -> bool:
    """Whether ``source`` is written as a URL (any scheme), rather than a path."""
    return _URL.match(source) is not None


def check_target(
    url: httpx.URL, *, policy: FetchPolicy, name: str, redirected: bool = False
) -> None:
    """Refuse a URL we must not request; called for the first URL and every redirect.

    This is the hook for SSRF protection (``FetchPolicy.allow_private``): resolve the host and
    refuse loopback/private addresses, and pin the connection to the checked address in a
    custom transport so DNS rebinding cannot slip past. Not done yet.
    """
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


def fetch(
    url: str, *, policy: FetchPolicy | None = None, client: httpx.Client | None = None
) -> Fetched:
    """GET ``url`` and return its body, following up to ``policy.max_redirects`` redirects."""
    policy = policy or FetchPolicy()
    if client is None:
        with httpx.Client(headers={"User-Agent": policy.user_agent}) as own:
            return _fetch(url, policy, own)
    return _fetch(url, policy, client)


def _fetch(name: str, policy: FetchPolicy, client: httpx.Client) -> Fetched:
    try:
        current = httpx.URL(name)
    except httpx.InvalidURL as err:
        raise FetchError(name, f"is not a valid URL ({err})") from None
    visited: set[str] = set()
    deadline = time.monotonic() + policy.total_timeout
    for hop in range(policy.max_redirects + 1):
        check_target(current, policy=policy, name=name, redirected=hop > 0)
        visited.add(str(current))
        answer = _get(current, name, policy, client, deadline)
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
    url: httpx.URL, name: str, policy: FetchPolicy, client: httpx.Client, deadline: float
) -> Fetched | httpx.URL:
    """One request: the page, or the URL a redirect points to."""
    headers = {"Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"}
    try:
        with client.stream(
            "GET", url, headers=headers, timeout=policy.timeout, follow_redirects=False
        ) as resp:
            if resp.status_code in _REDIRECTS and "location" in resp.headers:
                return url.join(resp.headers["location"])
            if resp.status_code >= 400:
                raise FetchError(
                    name, f"the server answered HTTP {resp.status_code} {resp.reason_phrase}"
                )
            media_type, fmt = _page_type(resp, name)
            content = _read(resp, name, policy, deadline)
            return Fetched(
                url=str(resp.url),
                content=content,
                media_type=media_type,
                charset=resp.charset_encoding,
                fmt=fmt,
            )
    except httpx.TimeoutException:
        raise FetchError(
            name, f"timed out after {policy.timeout:g} s; the server did not answer in time"
        ) from None
    except httpx.ConnectError as err:
        raise FetchError(name, f"could not connect ({err}); check the address") from None
    except httpx.HTTPError as err:
        raise FetchError(name, f"the request failed ({type(err).__name__}: {err})") from None


def _page_type(resp: httpx.Response, name: str) -> tuple[str | None, str | None]:
    header = resp.headers.get("content-type")
    if not header:
        return None, None  # no claim either way: the content is sniffed later
    media_type = header.split(";")[0].strip().lower()
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
