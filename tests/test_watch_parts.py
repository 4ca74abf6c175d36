"""The pieces of ``unspin watch``: feeds, Retry-After, tracked prefixes, the command's input
checks, and the fetcher's allow-list (against the loopback server of tests/ingest_http.py)."""

from __future__ import annotations

import datetime as dt
import email.utils
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest_http import serve as serve_ingest
from unspin.cli import app
from unspin.core.errors import FetchError, InputError
from unspin.ingest import load_article
from unspin.ingest.fetch import FetchPolicy, HTTPStatusError, fetch
from unspin.watch.alerts import Tracks
from unspin.watch.commands import parse_interval
from unspin.watch.feeds import FeedError, parse_feed, read_feeds_file
from unspin.watch.polite import host_of, retry_after_seconds
from unspin.watch.state import WatchState
from watch_http import atom, rss

runner = CliRunner()
FEED = "https://wire.example/rss.xml"


# --- feeds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "links"),
    [
        (rss([("https://wire.example/a", "A"), ("https://wire.example/b", "B"),
              ("https://wire.example/a", "A again")]),
         ["https://wire.example/a", "https://wire.example/b"]),
        (atom([("/story/1", "One"), ("story/2", "Two")]),
         ["https://wire.example/story/1", "https://wire.example/story/2"]),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         b"<url><loc>https://wire.example/s/1</loc><lastmod>2026-11-17</lastmod></url>"
         b"<url><loc>https://wire.example/s/2</loc></url></urlset>",
         ["https://wire.example/s/1", "https://wire.example/s/2"]),
        (rss([("mailto:desk@wire.example", "no page"), ("https://wire.example/c", "C")]),
         ["https://wire.example/c"]),
        (rss([]), []),
    ],
)  # fmt: skip
def test_feed_items_are_absolute_page_links_in_order(content: bytes, links: list[str]) -> None:
    items = parse_feed(content, FEED)
    assert [i.link for i in items] == links


def test_feed_items_carry_title_and_date() -> None:
    [item] = parse_feed(rss([("https://wire.example/a", "Ferry fares rise")]), FEED)
    assert item.title == "Ferry fares rise"
    assert item.published == dt.date(2026, 11, 17)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty"),
        (b"<rss><channel><item><title>cut off", "not a readable RSS/Atom feed"),
        (b"<!DOCTYPE html><html><body><p>Welcome to our news site</p></body></html>",
         "not"),
        (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>',
         "sitemap index"),
        (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>x',
         "not a readable sitemap"),
    ],
)  # fmt: skip
def test_unreadable_feeds_say_why(content: bytes, says: str) -> None:
    with pytest.raises(FeedError, match=says):
        parse_feed(content, FEED)


def test_feeds_file_skips_comments_and_names_a_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "feeds.txt"
    good.write_text("# wires\nhttps://a.example/rss\n\n  https://b.example/atom  \n")
    assert read_feeds_file(good) == ["https://a.example/rss", "https://b.example/atom"]
    bad = tmp_path / "bad.txt"
    bad.write_text("https://a.example/rss\nfeeds.example/rss\n")
    with pytest.raises(InputError, match=r"bad\.txt:2: 'feeds\.example/rss' is not an http"):
        read_feeds_file(bad)


# --- politeness ---------------------------------------------------------------------------


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = time.time()
    assert retry_after_seconds("120") == 120
    in_30s = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= (retry_after_seconds(in_30s, now=now) or 0) <= 31
    assert retry_after_seconds(email.utils.formatdate(now - 300, usegmt=True), now=now) == 0
    assert retry_after_seconds("99999999") == 24 * 3600  # capped at a day
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("url", "host"),
    [("http://127.0.0.1:8080/a", "127.0.0.1:8080"), ("https://Wire.Example:443/x", "wire.example"),
     ("http://wire.example/", "wire.example")],
)  # fmt: skip
def test_host_of_keeps_a_port_that_is_not_the_default(url: str, host: str) -> None:
    assert host_of(url) == host


# --- tracked sources ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "url", "matches"),
    [
        ("wire.example", "https://wire.example/world/1", True),
        ("wire.example", "http://www.wire.example/x", True),
        ("wire.example", "https://news.wire.example/x", True),
        ("wire.example", "https://notwire.example/x", False),
        ("wire.example/world/", "https://wire.example/world/1", True),
        ("wire.example/world/", "https://wire.example/sport/1", False),
        ("https://wire.example/world/", "https://wire.example/world/1", True),
        ("https://wire.example/world/", "http://wire.example/world/1", False),
        ("http://127.0.0.1:8001/wire/", "http://127.0.0.1:8002/wire/1", False),
        ("http://127.0.0.1:8001/wire/", "http://127.0.0.1:8001/wire/1", True),
    ],
)
def test_tracked_prefixes(prefix: str, url: str, matches: bool) -> None:
    assert (Tracks([prefix]).match(url) == prefix) is matches


@pytest.mark.parametrize("prefix", ["", "ftp://wire.example/", "https://"])
def test_a_bad_track_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="give a site"):
        Tracks([prefix])


# --- the command's input checks -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("1h30m", 5400), ("90", 90), ("45s", 45), ("2H", 7200)]
)
def test_intervals(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["https://a.example/rss", "--interval", "5x"], "'5x' is not an interval"),
        (["https://a.example/rss", "--interval", "3s"], "too short"),
        (["https://a.example/rss", "--allow-host", "bad host!"], "is not HOST or HOST:PORT"),
        (["https://a.example/rss", "--allow-host", "h:99999"], "is not HOST or HOST:PORT"),
        (["ftp://a.example/rss"], "'ftp://a.example/rss' is not an http(s) URL"),
        (["--feeds-file", "missing.txt"], "missing.txt: no such file"),
        ([], "give FEED URL(s) or --feeds-file"),
        (["https://a.example/rss", "--alerts", "a.jsonl"], "alerts need tracked sources"),
        (["https://a.example/rss", "--track", "ftp://x/"], "give a site"),
        (["https://a.example/rss", "--track", "a.example", "--alerts", "no/such/a.jsonl"],
         "folder no/such does not exist"),
        (["https://a.example/rss", "--track", "a.example", "--alert-url", "nope"],
         "'nope' is not an http(s) URL"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], says: str) -> None:
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["watch", "--db", str(db), "--once", *args],
                           env={"COLUMNS": "200"})  # fmt: skip
    assert result.exit_code == 2, result.output
    assert says in " ".join((result.output + result.stderr).split())
    assert not db.exists()  # nothing was created or fetched


# --- the fetcher's allow-list ---------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_ingest() as base:
        yield base


def _public_only(*allow: str) -> FetchPolicy:
    return FetchPolicy(allow_private=False, allow_hosts=frozenset(allow))


def test_an_allowed_loopback_host_is_fetched(server: str) -> None:
    here = server.removeprefix("http://")
    for allow in (here, "127.0.0.1"):  # host:port, or the host on any port
        article = load_article(server + "/article.html", fetch_policy=_public_only(allow))
        assert article.title == "Harbour council approves ferry terminal expansion"


@pytest.mark.parametrize("allow", ["127.0.0.1:1", "localhost", "127.0.0.2"])
def test_other_private_hosts_stay_refused(server: str, allow: str) -> None:
    with pytest.raises(FetchError, match="loopback address; only public addresses are fetched"):
        fetch(server + "/article.html", policy=_public_only(allow))


def test_http_errors_carry_status_and_pages_their_headers(server: str) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server + "/missing")
    assert (caught.value.status, caught.value.retry_after) == (404, None)
    page = fetch(server + "/article.html", headers={"If-None-Match": '"nothing"'})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")


def test_a_state_write_waits_for_a_read_in_progress_on_the_shared_connection(
    tmp_path: Path,
) -> None:
    # The watcher's thread writes while another thread (the API, a test) reads the state on
    # the same connection, and the index's own connection has committed meanwhile: SQLite
    # refuses the write at once (a stale WAL snapshot) instead of waiting; it must wait.
    db = tmp_path / "news.db"
    index = sqlite3.connect(db, isolation_level=None)
    index.execute("PRAGMA journal_mode=WAL")
    state = WatchState(db)
    try:
        for n in range(2):
            state.round_finished(f"2026-01-01T00:00:0{n}", {"n": n})
        reading = state.conn.execute("SELECT id FROM watch_rounds")
        reading.fetchone()  # a read in progress: one of two rows taken
        index.execute("CREATE TABLE other_writes(a)")  # the index commits meanwhile
        threading.Timer(0.3, reading.close).start()
        state.round_finished("2026-01-01T00:00:02", {"n": 2})
        assert state.rounds() == 3
    finally:
        state.close()
        index.close()
