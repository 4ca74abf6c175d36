"""The tables ``unspin watch`` keeps in the index's SQLite file, and their reads for ``serve``.

    watch_feeds    per feed: validators (ETag, Last-Modified), Retry-After, polls, error counts
    watch_items    per item link: new -> indexed -> done, or skipped / retry / failed, and why
    watch_hosts    per host: Retry-After backoff and the cached robots.txt
    watch_rounds   one row per finished round (its counts, as JSON)
    watch_alerts   one row per (copier, source) pair: the alert line, written / posted yet

Every change is committed before the work that depends on it starts, so a ``kill -9`` at any
point loses nothing and duplicates nothing: items still ``new`` are fetched next time, items
``indexed`` but not yet traced are traced from the index, and an alert recorded but not yet
written is written (once: the JSONL file is checked for its id first).

This module only stores; what a failure or a skip means for an item (how many tries it gets)
is :class:`unspin.watch.state.WatchState`'s to decide.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from unspin.index.store.base import StoreError
from unspin.index.store.sqlite import retry_while_locked

__all__ = [
    "FeedState",
    "HostState",
    "ItemState",
    "PendingItem",
    "WatchTables",
    "freshness",
    "latest_alerts",
]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT, last_modified TEXT,
    not_before REAL,                      -- epoch seconds: no poll before (Retry-After)
    polls INTEGER NOT NULL DEFAULT 0,
    not_modified INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,    -- failed polls (HTTP errors, broken feeds)
    consecutive_errors INTEGER NOT NULL DEFAULT 0,
    item_errors INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, last_polled TEXT, last_ok TEXT
);
CREATE TABLE IF NOT EXISTS watch_items (
    url TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    state TEXT NOT NULL,                  -- new indexed done skipped retry failed
    article_key TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    title TEXT, published TEXT,
    seq INTEGER NOT NULL,                 -- feed order, for a stable processing order
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS watch_items_open ON watch_items(state)
    WHERE state IN ('new', 'indexed', 'retry');
CREATE TABLE IF NOT EXISTS watch_hosts (
    host TEXT PRIMARY KEY,
    not_before REAL,
    robots TEXT, robots_status INTEGER, robots_fetched REAL,
    robots_etag TEXT, robots_last_modified TEXT
);
CREATE TABLE IF NOT EXISTS watch_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL, finished TEXT NOT NULL, json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_alerts (
    id TEXT PRIMARY KEY,
    copier_url TEXT NOT NULL, source_url TEXT NOT NULL,
    created TEXT NOT NULL, json TEXT NOT NULL,
    written INTEGER NOT NULL DEFAULT 0, posted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (copier_url, source_url)
);
"""


class ItemState:
    NEW = "new"  # in a feed, not fetched yet
    INDEXED = "indexed"  # in the index, not traced yet
    DONE = "done"
    SKIPPED = "skipped"  # for good: not an article, 4xx, robots.txt, not English
    RETRY = "retry"  # a passing failure (5xx, timeout): fetched again next round
    FAILED = "failed"  # too many passing failures (unspin.watch.state.MAX_ATTEMPTS)

    OPEN = (NEW, RETRY)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    not_before: float | None = None
    errors: int = 0
    consecutive_errors: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingItem:
    url: str
    feed: str
    attempts: int = 0
    title: str | None = None
    published: str | None = None
    article_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HostState:
    host: str
    not_before: float | None = None
    robots: str | None = None
    robots_status: int | None = None
    robots_fetched: float | None = None
    robots_etag: str | None = None
    robots_last_modified: str | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class WatchTables:
    """The watch tables, over a connection of its own to the index file."""

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout_s: float = 120.0) -> None:
        self.path = os.fspath(path)
        self.busy_timeout_s = busy_timeout_s
        try:
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=busy_timeout_s, check_same_thread=False
            )
            self.conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            with self._tx():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot keep the watch state here ({err})") from err

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        c = self.conn
        self._begin()
        try:
            yield c
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, retried while SQLite refuses it at once: it does not wait out
        ``busy_timeout`` when this connection's read snapshot is stale (WAL: the index's own
        connection committed while a read on this connection, shared with another thread
        such as the API's, was in progress); that read ends in moments."""
        retry_while_locked(
            lambda: self.conn.execute("BEGIN IMMEDIATE"), timeout_s=self.busy_timeout_s
        )

    # -- feeds ----------------------------------------------------------------------------
    def feed(self, url: str) -> FeedState:
        row = self.conn.execute(
            "SELECT etag, last_modified, not_before, errors, consecutive_errors"
            " FROM watch_feeds WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return FeedState(url=url)
        return FeedState(
            url=url, etag=row[0], last_modified=row[1], not_before=row[2], errors=row[3],
            consecutive_errors=row[4],
        )  # fmt: skip

    def feed_polled(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        not_modified: bool,
        items: Iterable[tuple[str, str | None, str | None]] = (),
    ) -> int:
        """A successful poll: keep the validators and add the items not seen before (one
        transaction). ``items`` are (link, title, published); returns how many were new."""
        now = _now()
        with self._tx() as c:
            self._ensure_feed(c, url)
            c.execute(
                "UPDATE watch_feeds SET etag = ?, last_modified = ?, not_before = NULL,"
                " polls = polls + 1, not_modified = not_modified + ?, consecutive_errors = 0,"
                " last_polled = ?, last_ok = ? WHERE url = ?",
                (etag, last_modified, int(not_modified), now, now, url),
            )
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) FROM watch_items").fetchone()[0]
            added = 0
            for link, title, published in items:
                cur = c.execute(
                    "INSERT OR IGNORE INTO watch_items(url, feed, state, title, published, seq,"
                    " first_seen, updated) VALUES (?, ?, 'new', ?, ?, ?, ?, ?)",
                    (link, url, title, published, seq + added + 1, now, now),
                )
                added += cur.rowcount
        return added

    def feed_failed(self, url: str, error: str, *, not_before: float | None = None) -> None:
        with self._tx() as c:
            self._ensure_feed(c, url)
            c.execute(
                "UPDATE watch_feeds SET polls = polls + 1, errors = errors + 1,"
                " consecutive_errors = consecutive_errors + 1, last_error = ?, last_polled = ?,"
                " not_before = ? WHERE url = ?",
                (error, _now(), not_before, url),
            )

    @staticmethod
    def _ensure_feed(c: sqlite3.Connection, url: str) -> None:
        c.execute("INSERT OR IGNORE INTO watch_feeds(url) VALUES (?)", (url,))

    # -- items ----------------------------------------------------------------------------
    def open_items(self) -> list[PendingItem]:
        """Items to fetch: new ones, and passing failures to retry, in feed order."""
        rows = self.conn.execute(
            "SELECT url, feed, attempts, title, published FROM watch_items"
            " WHERE state IN ('new', 'retry') ORDER BY seq"
        )
        return [
            PendingItem(url=r[0], feed=r[1], attempts=r[2], title=r[3], published=r[4])
            for r in rows
        ]

    def untraced_items(self) -> list[PendingItem]:
        """Items indexed but not traced yet (a run stopped between the two)."""
        rows = self.conn.execute(
            "SELECT url, feed, article_key FROM watch_items WHERE state = 'indexed' ORDER BY seq"
        )
        return [PendingItem(url=r[0], feed=r[1], article_key=r[2]) for r in rows]

    def items_indexed(self, pairs: Iterable[tuple[str, str]], *, traced: bool) -> None:
        """(item url, article key) pairs now committed to the index."""
        state = ItemState.DONE if traced else ItemState.INDEXED
        now = _now()
        with self._tx() as c:
            c.executemany(
                "UPDATE watch_items SET state = ?, article_key = ?, reason = NULL, updated = ?"
                " WHERE url = ?",
                [(state, key, now, url) for url, key in pairs],
            )

    def items_done(self, urls: Iterable[str]) -> None:
        now = _now()
        with self._tx() as c:
            c.executemany(
                "UPDATE watch_items SET state = 'done', updated = ? WHERE url = ?",
                [(now, url) for url in urls],
            )

    def item_ended(self, item: PendingItem, state: str, reason: str, *, attempt: bool) -> None:
        """``item`` leaves the fetch for now in ``state``; ``attempt``: it used up a try and
        counts against its feed."""
        with self._tx() as c:
            c.execute(
                "UPDATE watch_items SET state = ?, reason = ?, attempts = attempts + ?,"
                " updated = ? WHERE url = ?",
                (state, reason, int(attempt), _now(), item.url),
            )
            if attempt:  # a failure or a skip, each counted against its feed
                c.execute(
                    "UPDATE watch_feeds SET item_errors = item_errors + 1 WHERE url = ?",
                    (item.feed,),
                )

    # -- hosts ----------------------------------------------------------------------------
    def host(self, host: str) -> HostState:
        row = self.conn.execute(
            "SELECT not_before, robots, robots_status, robots_fetched, robots_etag,"
            " robots_last_modified FROM watch_hosts WHERE host = ?",
            (host,),
        ).fetchone()
        if row is None:
            return HostState(host=host)
        return HostState(
            host=host, not_before=row[0], robots=row[1], robots_status=row[2],
            robots_fetched=row[3], robots_etag=row[4], robots_last_modified=row[5],
        )  # fmt: skip

    def host_backoff(self, host: str, not_before: float) -> None:
        with self._tx() as c:
            c.execute("INSERT OR IGNORE INTO watch_hosts(host) VALUES (?)", (host,))
            c.execute(
                "UPDATE watch_hosts SET not_before = MAX(COALESCE(not_before, 0), ?)"
                " WHERE host = ?",
                (not_before, host),
            )

    def robots_fetched(
        self, host: str, *, body: str | None, status: int, etag: str | None,
        last_modified: str | None,
    ) -> None:  # fmt: skip
        with self._tx() as c:
            c.execute("INSERT OR IGNORE INTO watch_hosts(host) VALUES (?)", (host,))
            c.execute(
                "UPDATE watch_hosts SET robots = ?, robots_status = ?, robots_fetched = ?,"
                " robots_etag = ?, robots_last_modified = ? WHERE host = ?",
                (body, status, time.time(), etag, last_modified, host),
            )

    def robots_refreshed(self, host: str) -> None:
        """A 304 for robots.txt: the cached copy stays good for another while."""
        with self._tx() as c:
            c.execute(
                "UPDATE watch_hosts SET robots_fetched = ? WHERE host = ?", (time.time(), host)
            )

    # -- rounds ---------------------------------------------------------------------------
    def round_finished(self, started: str, summary: dict[str, Any]) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO watch_rounds(started, finished, json) VALUES (?, ?, ?)",
                (started, _now(), json.dumps(summary, separators=(",", ":"))),
            )

    def rounds(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM watch_rounds").fetchone()[0])

    # -- alerts ---------------------------------------------------------------------------
    def record_alert(self, alert: dict[str, Any]) -> bool:
        """Keep ``alert`` unless its (copier, source) pair alerted before; True when kept."""
        with self._tx() as c:
            cur = c.execute(
                "INSERT OR IGNORE INTO watch_alerts(id, copier_url, source_url, created, json)"
                " VALUES (?, ?, ?, ?, ?)",
                (alert["alert_id"], alert["copier_url"], alert["source_url"], alert["created"],
                 json.dumps(alert, ensure_ascii=False, separators=(",", ":"))),
            )  # fmt: skip
            return cur.rowcount == 1

    def unwritten_alerts(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT json FROM watch_alerts WHERE written = 0 ORDER BY rowid")
        return [json.loads(r[0]) for r in rows]

    def unposted_alerts(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT json FROM watch_alerts WHERE posted = 0 ORDER BY rowid")
        return [json.loads(r[0]) for r in rows]

    def alerts_written(self, ids: Iterable[str]) -> None:
        with self._tx() as c:
            c.executemany("UPDATE watch_alerts SET written = 1 WHERE id = ?", [(i,) for i in ids])

    def alerts_posted(self, ids: Iterable[str]) -> None:
        with self._tx() as c:
            c.executemany("UPDATE watch_alerts SET posted = 1 WHERE id = ?", [(i,) for i in ids])


# --- reading, for ``unspin serve`` (tolerates an index that was never watched) --------------


def freshness(conn: sqlite3.Connection) -> dict[str, Any]:
    """The newest indexed article and the last watch round (None where there is none)."""
    out: dict[str, Any] = {"newest": None, "last_round": None}
    with contextlib.suppress(sqlite3.OperationalError):
        row = conn.execute(
            "SELECT key, url, title, published, added_at FROM articles ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is not None:
            out["newest"] = dict(
                zip(("id", "url", "title", "published", "added_at"), row, strict=True)
            )
    with contextlib.suppress(sqlite3.OperationalError):
        row = conn.execute(
            "SELECT started, finished, json FROM watch_rounds ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is not None:
            out["last_round"] = {"started": row[0], "finished": row[1], **json.loads(row[2])}
    return out


def latest_alerts(conn: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    """The newest alerts first."""
    try:
        rows = conn.execute(
            "SELECT json FROM watch_alerts ORDER BY created DESC, rowid DESC LIMIT ?", (limit,)
        ).fetchall()
    except sqlite3.OperationalError:  # never watched
        return []
    return [json.loads(r[0]) for r in rows]
