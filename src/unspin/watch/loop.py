"""The watch loop: poll feeds, fetch and index new items, trace them, raise alerts.

One round:

1. finish what a stopped run left: alerts recorded but not delivered, items indexed but not
   traced;
2. poll every feed (in parallel, each host at its pace) with a conditional GET; a feed's new
   links and its validators are committed together;
3. fetch the open items through the SSRF-safe fetcher in worker threads (per host at most
   ``concurrency`` at once, ``rate`` a second, after robots.txt and any Retry-After), extract
   them with the ingest code, and index them in batches from this thread (the only writer);
4. trace each newly indexed article when sources are tracked (:mod:`.alerts`).

Nothing an item or a feed does stops the round: every failure is counted against its feed
and recorded with its reason; passing failures (5xx, timeouts) are retried in later rounds,
up to :data:`~unspin.watch.state.MAX_ATTEMPTS` tries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue
from typing import Any

import httpx

from unspin import __version__
from unspin.core.errors import (
    EmptyInputError,
    FetchError,
    InputError,
    UnspinError,
    UnsupportedLanguageError,
)
from unspin.core.model import Article
from unspin.index.store import BatchResult, Outcome, SQLiteStore, open_store, prepare_article
from unspin.ingest import load_article
from unspin.ingest.fetch import (
    DEFAULT_TIMEOUT,
    Fetched,
    FetchPolicy,
    HTTPStatusError,
    PublicOnlyTransport,
    check_target,
    fetch,
)
from unspin.watch.alerts import AlertSink, Tracks, alerts_for
from unspin.watch.feeds import FEED_TYPES, FeedError, parse_feed, read_feeds_file
from unspin.watch.polite import (
    DEFAULT_BACKOFF_S,
    TRANSIENT,
    HostBusy,
    HostGate,
    Robots,
    host_of,
    retry_after_seconds,
)
from unspin.watch.state import PendingItem, WatchState

__all__ = ["USER_AGENT", "RoundSummary", "WatchConfig", "Watcher"]

USER_AGENT = f"unspin-watch/{__version__} (news source tracer; feed follower)"
COMMIT_EVERY_S = 2.0


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchConfig:
    feeds: tuple[str, ...]  # given on the command line
    feeds_file: Path | None = None  # read again every round: edits apply without a restart
    rate: float = 2.0  # requests a second to one host
    concurrency: int = 4  # requests at once to one host
    workers: int = 8  # fetching threads in all
    allow_hosts: frozenset[str] = frozenset()
    tracks: tuple[str, ...] = ()
    alerts: Path | None = None
    alert_url: str | None = None
    max_wait_s: float = 30.0  # the longest Retry-After waited out within a round
    batch_size: int = 50  # articles a commit
    timeout_s: float = DEFAULT_TIMEOUT
    user_agent: str = USER_AGENT


@dataclass
class RoundSummary:
    round: int = 0
    feeds: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_deferred: int = 0  # Retry-After not over yet, or robots.txt unreachable
    new_items: int = 0  # links first seen this round
    indexed: int = 0  # articles added to the index (new, copies, updates)
    unchanged: int = 0  # already in the index with the same text
    skipped: Counter[str] = field(default_factory=Counter)  # for good, by reason
    failed: int = 0  # passing failures, retried next round
    deferred: int = 0  # items left for the next round (host backoff)
    traced: int = 0
    alerts: int = 0
    requests: int = 0
    seconds: float = 0.0
    articles: int = 0  # in the index after the round
    errors: list[str] = field(default_factory=list)  # one line each, for the log

    @property
    def items_per_second(self) -> float:
        return self.indexed / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["skipped"] = dict(self.skipped)
        out["seconds"] = round(self.seconds, 3)
        out["items_per_second"] = round(self.items_per_second, 1)
        out["errors"] = self.errors[:20]
        return out

    def line(self) -> str:
        """The progress line printed after each round."""
        feeds = f"{self.feeds} feed{'s' if self.feeds != 1 else ''}"
        notes = [
            f"{n} {what}"
            for n, what in (
                (self.feeds_not_modified, "not modified"),
                (self.feeds_failed, "failed"),
                (self.feeds_deferred, "deferred"),
            )
            if n
        ]
        if notes:
            feeds += f" ({', '.join(notes)})"
        items = [f"indexed {self.indexed}"]
        if self.unchanged:
            items.append(f"unchanged {self.unchanged}")
        if self.skipped:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items()))
            items.append(f"skipped {sum(self.skipped.values())} ({reasons})")
        if self.failed:
            items.append(f"failed {self.failed} (retried next round)")
        if self.deferred:
            items.append(f"deferred {self.deferred}")
        parts = [f"round {self.round}", feeds, f"{self.new_items} new items", ", ".join(items)]
        if self.traced:
            parts.append(f"traced {self.traced}, alerts {self.alerts}")
        parts.append(f"{self.requests} requests")
        parts.append(f"index {self.articles:,} articles")
        parts.append(f"{self.seconds:.1f}s ({self.items_per_second:.1f} items/s)")
        return " · ".join(parts)


_Result = tuple[PendingItem, Article | BaseException]


class _Stopped(Exception):
    """This item was not fetched (the watcher is stopping, or its host asked for a longer
    wait than a round's): it stays open for the next round."""


class Watcher:
    """Follows ``config.feeds`` into the index at ``db``; :meth:`run_round` does one round."""

    def __init__(
        self,
        db: str | Path,
        config: WatchConfig,
        *,
        stop: threading.Event | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.config = config
        self.stop = stop or threading.Event()
        self.log = log or (lambda line: None)
        self.tracks = Tracks(config.tracks)
        store = open_store(db)
        assert isinstance(store, SQLiteStore)
        self.store = store
        self.state = WatchState(db)
        self.sink = AlertSink(config.alerts, config.alert_url, user_agent=config.user_agent)
        common = {"allow_private": False, "allow_hosts": config.allow_hosts,
                  "user_agent": config.user_agent, "timeout": config.timeout_s,
                  "total_timeout": 3 * config.timeout_s}  # fmt: skip
        self.page_policy = FetchPolicy(**common)  # type: ignore[arg-type]
        self.feed_policy = FetchPolicy(**common, extra_types=FEED_TYPES)  # type: ignore[arg-type]
        self.client = httpx.Client(
            headers={"User-Agent": config.user_agent},
            transport=PublicOnlyTransport(allow_hosts=config.allow_hosts),
        )
        self.gate = HostGate(rate=config.rate, concurrency=config.concurrency, stop=self.stop)
        self._rounds = self.state.rounds()
        self._file_feeds: list[str] = []

    def close(self) -> None:
        self.client.close()
        self.state.close()
        self.store.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the loop -------------------------------------------------------------------------
    def run(self, interval_s: float, *, once: bool = False) -> RoundSummary:
        """Rounds every ``interval_s`` seconds until ``stop`` is set (one with ``once``)."""
        while True:
            summary = self.run_round()
            if once or self.stop.wait(interval_s):
                return summary

    def run_round(self) -> RoundSummary:
        t0 = time.perf_counter()
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        requests0 = self.gate.requests()
        self._rounds += 1
        s = RoundSummary(round=self._rounds)
        robots = Robots(self.state, self.gate, self.client, self.feed_policy)
        pool = ThreadPoolExecutor(self.config.workers, thread_name_prefix="unspin-watch")
        try:
            self._deliver_alerts(s)
            self._trace(self.state.untraced_items(), s)
            self._poll_feeds(pool, robots, s)
            traced_now = self._fetch_and_index(pool, robots, s)
            self._trace(traced_now, s)
        except BaseException:  # Ctrl-C: queued fetches are dropped, started ones end soon
            self.stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        self._deliver_alerts(s)
        s.requests = self.gate.requests() - requests0
        s.articles = self.store.stats().articles
        s.seconds = time.perf_counter() - t0
        self.state.round_finished(started, s.as_dict())
        self.log(s.line())
        return s

    # -- feeds ----------------------------------------------------------------------------
    def feeds(self, s: RoundSummary | None = None) -> list[str]:
        """The feeds of this round: the given ones and those of the feeds file, read now (a
        file that cannot be read now keeps its last good list)."""
        if self.config.feeds_file is not None:
            try:
                self._file_feeds = read_feeds_file(self.config.feeds_file)
            except InputError as err:
                if s is not None:
                    s.errors.append(f"{err}; using its last good list")
        return list(dict.fromkeys([*self.config.feeds, *self._file_feeds]))

    def _poll_feeds(self, pool: ThreadPoolExecutor, robots: Robots, s: RoundSummary) -> None:
        feeds = self.feeds(s)
        s.feeds = len(feeds)
        now = time.time()
        polls: list[tuple[str, Future[Fetched]]] = []
        for url in feeds:
            feed = self.state.feed(url)
            host = host_of(url)
            self._load_backoff(host)
            if (feed.not_before and feed.not_before > now) or self.gate.not_before(host) > now:
                s.feeds_deferred += 1
                continue
            refused = self._refused(url)
            if refused is not None:
                self._feed_failed(url, refused, s)
                continue
            if not robots.prepare(url):
                s.feeds_deferred += 1
                continue
            if not robots.allowed(url):
                self._feed_failed(url, "robots.txt disallows fetching this feed", s)
                continue
            headers = {}
            if feed.etag:
                headers["If-None-Match"] = feed.etag
            if feed.last_modified:
                headers["If-Modified-Since"] = feed.last_modified
            polls.append((url, pool.submit(self._get_feed, url, headers)))
        for url, future in polls:
            try:
                page = future.result()
            except HostBusy:
                s.feeds_deferred += 1  # its host asked for a wait longer than a round's
                continue
            except HTTPStatusError as err:
                wait = retry_after_seconds(err.retry_after)
                if err.status in (429, 503):
                    wait = DEFAULT_BACKOFF_S if wait is None else wait
                not_before = time.time() + wait if wait is not None else None
                if not_before is not None:
                    self._back_off(host_of(url), not_before)
                self._feed_failed(url, err.problem, s, not_before=not_before)
                continue
            except FetchError as err:
                self._feed_failed(url, err.problem, s)
                continue
            if page.status == 304:
                s.feeds_not_modified += 1
                self.state.feed_polled(url, etag=self.state.feed(url).etag,
                                       last_modified=self.state.feed(url).last_modified,
                                       not_modified=True)  # fmt: skip
                continue
            try:
                items = parse_feed(page.content, page.url)
            except FeedError as err:
                self._feed_failed(url, str(err), s)
                continue
            s.new_items += self.state.feed_polled(
                url,
                etag=page.headers.get("etag"),
                last_modified=page.headers.get("last-modified"),
                not_modified=False,
                items=[
                    (i.link, i.title, i.published.isoformat() if i.published else None)
                    for i in items
                ],
            )

    def _get_feed(self, url: str, headers: dict[str, str]) -> Fetched:
        with self.gate.slot(host_of(url), max_wait=self.config.max_wait_s):
            return fetch(url, policy=self.feed_policy, client=self.client, headers=headers)

    def _feed_failed(
        self, url: str, problem: str, s: RoundSummary, *, not_before: float | None = None
    ) -> None:
        s.feeds_failed += 1
        s.errors.append(f"feed {url}: {problem}")
        self.state.feed_failed(url, problem, not_before=not_before)

    # -- items ----------------------------------------------------------------------------
    def _fetch_and_index(
        self, pool: ThreadPoolExecutor, robots: Robots, s: RoundSummary
    ) -> list[PendingItem]:
        """Fetch, extract and index the open items; returns those to trace."""
        items = self.state.open_items()
        now = time.time()
        todo: list[PendingItem] = []
        for item in items:
            host = host_of(item.url)
            self._load_backoff(host)
            refused = self._refused(item.url)
            if refused is not None:
                self.state.item_skipped(item, refused)
                s.skipped["blocked_address"] += 1
                continue
            if self.gate.not_before(host) > now + self.config.max_wait_s or not robots.prepare(
                item.url
            ):
                s.deferred += 1
                continue
            if not robots.allowed(item.url):
                self.state.item_skipped(item, "robots.txt disallows this page")
                s.skipped["robots"] += 1
                continue
            todo.append(item)
        if not todo:
            return []

        by_key: dict[str, list[PendingItem]] = defaultdict(list)
        to_trace: list[PendingItem] = []
        trace = bool(self.tracks)

        def committed(result: BatchResult) -> None:
            pairs = []
            for key, outcome in result.outcomes:
                for item in by_key.pop(key, []):
                    pairs.append((item.url, key))
                    if outcome in Outcome.INDEXED:
                        s.indexed += 1
                    else:
                        s.unchanged += 1
                    if trace and outcome != Outcome.DUPLICATE_ID:
                        to_trace.append(dataclasses.replace(item, article_key=key))
            self.state.items_indexed(pairs, traced=not trace)

        # The indexer's session commits every batch_size articles, and at least every
        # COMMIT_EVERY_S seconds, so a slow feed's articles do not wait in memory for a crash.
        last = time.monotonic()
        with self.store.session(batch_size=self.config.batch_size, on_commit=committed) as ses:
            for item, got in self._fetched(pool, todo, s):
                if isinstance(got, Article):
                    prepared = prepare_article(got, self.store.config)
                    by_key[prepared.key].append(item)
                    ses.add(prepared)
                else:
                    self._item_failed(item, got, s)
                if time.monotonic() - last > COMMIT_EVERY_S:
                    ses.flush()
                    last = time.monotonic()
        return to_trace

    def _fetched(
        self, pool: ThreadPoolExecutor, todo: list[PendingItem], s: RoundSummary
    ) -> Iterator[_Result]:
        """(item, article or error) as the workers finish; 429s are retried after their wait."""
        done: Queue[_Result] = Queue()
        tries: Counter[str] = Counter()

        def submit(item: PendingItem) -> None:
            tries[item.url] += 1
            future = pool.submit(self._get_item, item)
            future.add_done_callback(lambda f: done.put((item, f.exception() or f.result())))

        for item in todo:
            submit(item)
        waiting = len(todo)
        while waiting:
            item, got = done.get()
            waiting -= 1
            if isinstance(got, _Stopped):
                s.deferred += 1
                continue
            if isinstance(got, HTTPStatusError) and got.status in (429, 503):
                host = host_of(item.url)
                wait = retry_after_seconds(got.retry_after)
                wait = DEFAULT_BACKOFF_S if wait is None else wait
                self._back_off(host, time.time() + wait)
                again = tries[item.url] < 3 and not self.stop.is_set()
                if again and wait <= self.config.max_wait_s:
                    submit(item)  # the gate holds it until the host's wait is over
                    waiting += 1
                else:
                    s.deferred += 1  # stays open: the next round fetches it
                continue
            yield item, got

    def _get_item(self, item: PendingItem) -> Article:
        if self.stop.is_set():
            raise _Stopped(item.url)
        try:
            with self.gate.slot(host_of(item.url), max_wait=self.config.max_wait_s):
                article = load_article(item.url, fetch_policy=self.page_policy, client=self.client)
        except HostBusy:  # only the gate raises it, before any request
            raise _Stopped(item.url) from None  # left open for a later round
        published = article.published
        if published is None and item.published:
            published = dt.date.fromisoformat(item.published)
        # Keyed by its final address: the same page reached twice is stored once.
        return dataclasses.replace(
            article,
            id=article.url or item.url,
            title=article.title or item.title,
            published=published,
        )

    def _item_failed(self, item: PendingItem, err: BaseException, s: RoundSummary) -> None:
        reason, transient = _classify(err)
        problem = err.problem if isinstance(err, InputError) else f"{type(err).__name__}: {err}"
        if transient:
            state = self.state.item_failed(item, problem)
            s.failed += 1
            s.errors.append(f"{item.url}: {problem}" + (" (gave up)" if state == "failed" else ""))
        else:
            self.state.item_skipped(item, problem)
            s.skipped[reason] += 1

    # -- hosts ----------------------------------------------------------------------------
    def _refused(self, url: str) -> str | None:
        """Why the fetcher would refuse ``url`` (SSRF rules, scheme), checked before anything
        is sent to its host, robots.txt included; None when it may be fetched."""
        try:
            check_target(httpx.URL(url), policy=self.page_policy, name=url)
        except FetchError as err:
            return err.problem
        except httpx.InvalidURL as err:
            return f"is not a valid URL ({err})"
        return None

    def _load_backoff(self, host: str) -> None:
        kept = self.state.host(host).not_before
        if kept:
            self.gate.back_off(host, kept)

    def _back_off(self, host: str, until: float) -> None:
        self.gate.back_off(host, until)
        self.state.host_backoff(host, until)

    # -- tracing and alerts ---------------------------------------------------------------
    def _trace(self, items: list[PendingItem], s: RoundSummary) -> None:
        if not items:
            return
        if not self.tracks:
            self.state.items_done(i.url for i in items)
            return
        for item in items:
            stored = self.store.get(item.article_key or item.url)
            if stored is not None:
                s.traced += 1
                try:
                    s.alerts += self._alerts_for(stored.article)
                except UnspinError as err:
                    s.errors.append(f"trace {item.url}: {err}")
            self.state.items_done([item.url])

    def _alerts_for(self, article: Article) -> int:
        """Trace ``article``; record an alert per tracked source it was made from."""
        from unspin.app import check_candidates, retrieve
        from unspin.core.report_document import dumps, report_document

        # Retrieval first: the report's sources come from these candidates, so without a
        # tracked one among them no alert is possible and the comparison is skipped.
        # (check_candidates: the retrieval is not repeated.)
        found = retrieve(article, self.store)
        if not any(self.tracks.match(u) for c in found for u in (c.url, *c.copies)):
            return 0
        report = check_candidates(article, found)
        tracked = [
            m
            for m in report.source_matches
            if any(self.tracks.match(u) for u in (m.url, *m.copies, *m.versions))
        ]
        if not tracked:
            return 0
        report_id = self.store.save_report(dumps(report_document(report)))
        alerts = alerts_for(report, article, self.tracks, report_id=report_id)
        return sum(self.state.record_alert(a) for a in alerts)

    def _deliver_alerts(self, s: RoundSummary) -> None:
        unwritten = self.state.unwritten_alerts()
        if unwritten:
            try:
                self.state.alerts_written(self.sink.write(unwritten))
            except OSError as err:  # a full disk, a removed folder: written next round
                s.errors.append(f"alerts file {self.sink.path}: {err}")
        unposted = self.state.unposted_alerts()
        if unposted:
            done, error = self.sink.post(unposted)
            self.state.alerts_posted(done)
            if error:
                s.errors.append(error)


def _classify(err: BaseException) -> tuple[str, bool]:
    """A reason to count, and whether the failure may pass (then it is retried)."""
    if isinstance(err, HTTPStatusError):
        if err.status >= 500 or err.status == 408:
            return f"http_{err.status}", True
        return f"http_{err.status}", False
    if isinstance(err, FetchError):
        if any(t in err.problem for t in TRANSIENT):
            return "network", True
        if "only public addresses" in err.problem:
            return "blocked_address", False
        return "not_a_page", False
    if isinstance(err, UnsupportedLanguageError):
        return "not_english", False
    if isinstance(err, EmptyInputError):
        return "not_an_article", False
    if isinstance(err, InputError):
        return "unreadable", False
    return "error", True  # a bug in extraction: counted, retried, never stops the run
