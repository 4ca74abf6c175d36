"""Politeness: a per-host pace, Retry-After backoff, and robots.txt.

:class:`HostGate` lets at most ``concurrency`` requests run at once to one host and starts them
at most ``rate`` a second (slower when robots.txt asks for a Crawl-delay), and never before a
host's backoff ends. Hosts are independent: a slow or throttling host delays only its own
requests. :class:`Robots` keeps each host's robots.txt in the watch state for a day and
refreshes it with a conditional request (RFC 9309: a 4xx means no rules, a 5xx or no answer
means keep off the host for now).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import threading
import time
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from unspin.core.errors import FetchError
from unspin.ingest.fetch import FetchPolicy, HTTPStatusError, fetch
from unspin.watch.state import WatchState

__all__ = [
    "ROBOTS_AGENT",
    "ROBOTS_TTL_S",
    "HostBusy",
    "HostGate",
    "Robots",
    "host_of",
    "retry_after_seconds",
]

ROBOTS_AGENT = "unspin"  # the product token robots.txt rules name
ROBOTS_TTL_S = 24 * 3600  # RFC 9309: a cached robots.txt is good for at most a day
MAX_RETRY_AFTER_S = 24 * 3600
DEFAULT_BACKOFF_S = 60.0  # a 429 or 503 without Retry-After
# What a FetchError says when the failure may pass (no answer, rather than a wrong one).
TRANSIENT = ("timed out", "could not connect", "the request failed", "took longer")


def host_of(url: str) -> str:
    """``host`` or ``host:port`` (the port only when it is not the scheme's default)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        port = None
    return host if port is None or port == default else f"{host}:{port}"


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); None if
    absent or unreadable. Capped at a day; never negative."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_S)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = time.time() if now is None else now
    return max(0.0, min(when.timestamp() - now, MAX_RETRY_AFTER_S))


class HostBusy(Exception):
    """A host's turn is further away than the caller will wait."""


@dataclass
class _Host:
    semaphore: threading.Semaphore
    interval: float
    next_at: float = 0.0
    not_before: float = 0.0  # epoch seconds
    requests: int = 0
    starts: list[float] = field(default_factory=list)


class HostGate:
    """Per-host pacing for worker threads (see the module docstring)."""

    def __init__(
        self, *, rate: float, concurrency: int, stop: threading.Event | None = None
    ) -> None:
        if rate <= 0 or concurrency < 1:
            raise ValueError("rate must be > 0 and concurrency >= 1")
        self.rate = rate
        self.concurrency = concurrency
        self.stop = stop or threading.Event()
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        with self._lock:
            h = self._hosts.get(host)
            if h is None:
                h = _Host(threading.Semaphore(self.concurrency), 1.0 / self.rate)
                self._hosts[host] = h
            return h

    @contextlib.contextmanager
    def slot(self, host: str, *, max_wait: float | None = None) -> Iterator[None]:
        """Hold one of the host's slots, started no sooner than its pace and backoff allow.

        Raises :class:`HostBusy` rather than wait more than ``max_wait`` seconds (or one
        interval, if longer) for its turn, after a long Retry-After or behind a queue that a
        Crawl-delay makes long: the request is left for a later round.
        """
        h = self._host(host)
        h.semaphore.acquire()
        try:
            with self._lock:
                now = time.time()
                at = max(now, h.next_at, h.not_before)
                # At least one request per interval always waits its turn, so a Crawl-delay
                # longer than max_wait slows the host down without starving it.
                if max_wait is not None and at - now > max(max_wait, h.interval):
                    raise HostBusy(f"{host} asked to wait {at - now:.0f} s")
                h.next_at = at + h.interval
                h.requests += 1
            if at > now:
                self.stop.wait(at - now)
            yield
        finally:
            h.semaphore.release()

    def crawl_delay(self, host: str, seconds: float) -> None:
        """robots.txt asks for ``seconds`` between requests: never go faster than that."""
        h = self._host(host)
        with self._lock:
            h.interval = max(h.interval, seconds)

    def back_off(self, host: str, until: float) -> None:
        """No request to ``host`` before epoch second ``until`` (a 429 or 503)."""
        h = self._host(host)
        with self._lock:
            h.not_before = max(h.not_before, until)

    def not_before(self, host: str) -> float:
        return self._host(host).not_before

    def requests(self) -> int:
        with self._lock:
            return sum(h.requests for h in self._hosts.values())


class Robots:
    """robots.txt per host, cached in the watch state (module docstring)."""

    def __init__(
        self, state: WatchState, gate: HostGate, client: httpx.Client, policy: FetchPolicy
    ) -> None:
        self.state = state
        self.gate = gate
        self.client = client
        self.policy = policy
        self._parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def prepare(self, url: str) -> bool:
        """Load (or fetch) the rules of ``url``'s host; False when the host is unreachable for
        now (robots.txt answered 5xx or not at all): keep off it this round."""
        host = host_of(url)
        if host not in self._parsers:
            self._parsers[host] = self._load(url, host)
        return self._parsers[host] is not None

    def allowed(self, url: str) -> bool:
        parser = self._parsers.get(host_of(url))
        return parser is not None and parser.can_fetch(ROBOTS_AGENT, url)

    def _load(self, url: str, host: str) -> urllib.robotparser.RobotFileParser | None:
        cached = self.state.host(host)
        fresh = cached.robots_fetched is not None and (
            time.time() - cached.robots_fetched < ROBOTS_TTL_S
        )
        if not fresh:
            parts = urlsplit(url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            headers = {}
            if cached.robots_status is not None and cached.robots_status < 400:
                if cached.robots_etag:
                    headers["If-None-Match"] = cached.robots_etag
                if cached.robots_last_modified:
                    headers["If-Modified-Since"] = cached.robots_last_modified
            try:
                with self.gate.slot(host):
                    page = fetch(robots_url, policy=self.policy, client=self.client,
                                 headers=headers)  # fmt: skip
            except HTTPStatusError as err:
                if err.status >= 500 or err.status == 429:
                    return None  # unreachable: keep off for now (RFC 9309 2.3.1.4)
                self.state.robots_fetched(host, body="", status=err.status, etag=None,
                                          last_modified=None)  # fmt: skip
                cached = self.state.host(host)
            except FetchError as err:
                if any(t in err.problem for t in TRANSIENT):
                    return None  # no answer: keep off for now
                # Not a text file, or too big: no usable rules, as for a 404.
                self.state.robots_fetched(host, body="", status=404, etag=None,
                                          last_modified=None)  # fmt: skip
                cached = self.state.host(host)
            else:
                if page.status == 304:
                    self.state.robots_refreshed(host)
                else:
                    body = page.content.decode("utf-8", "replace")
                    self.state.robots_fetched(
                        host, body=body, status=page.status, etag=page.headers.get("etag"),
                        last_modified=page.headers.get("last-modified"),
                    )  # fmt: skip
                cached = self.state.host(host)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse((cached.robots or "").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.gate.crawl_delay(host, float(delay))
        return parser
