"""``unspin watch`` against a real news site on 127.0.0.1 (tests/watch_http.py), never a mock.

The site serves an RSS wire feed, an Atom feed of a site that spins wire copy, and a feed of
trouble: a 429 with Retry-After, a 500, a 404, a page that is no article, a redirect to a host
that is not allowed and a page robots.txt keeps private; plus a broken feed and a feed that
answers 500.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from serve_support import make_app
from unspin.index.store import open_store
from unspin.watch import WatchConfig, Watcher
from watch_http import (
    MENU_PAGE,
    Response,
    Site,
    article_page,
    atom,
    fixture_article,
    once_then,
    rss,
    serve,
    synthetic_article,
)

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
SLOW_ITEMS = 24


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve(Site()) as s:
        s.add("/robots.txt", Response(body=ROBOTS, content_type="text/plain"))
        wire = [("/wire/desal.html", fixture_article("wire_story.json"))] + [
            (f"/wire/{n}.html", synthetic_article(n, templates=range(5))) for n in range(4)
        ]
        digest = [("/digest/plant.html", fixture_article("spun_copy.json"))] + [
            (f"/digest/{n}.html", synthetic_article(10 + n, templates=range(5, 10)))
            for n in range(2)
        ]
        for path, article in wire + digest:
            s.page(path, article)
        s.feed("/wire.xml", rss([(s.base + p, a["title"]) for p, a in wire]))
        # Atom, with links relative to the feed.
        s.feed("/digest.xml", atom([(p, a["title"]) for p, a in digest]), "application/atom+xml")

        ok = synthetic_article(50, templates=range(5))
        s.page("/messy/ok.html", ok)
        s.add("/messy/throttled.html", once_then(
            Response(429, b"slow down", "text/plain", {"Retry-After": "1"}),
            Response(body=article_page(synthetic_article(51, templates=range(5)))),
        ))  # fmt: skip
        s.add("/messy/flaky.html", Response(500, b"oops", "text/plain"))
        s.add("/messy/menu.html", Response(body=MENU_PAGE))
        # Off this host: 127.0.0.2 is not among the allowed hosts, so the fetcher refuses it.
        port = s.base.rsplit(":", 1)[1]
        s.add("/messy/moved.html", Response(302, b"", None, {
            "Location": f"http://127.0.0.2:{port}/wire/desal.html"}))  # fmt: skip
        s.page("/private/secret.html", synthetic_article(52))
        messy = ["ok", "throttled", "flaky", "gone", "menu", "moved"]
        links = [(f"{s.base}/messy/{m}.html", m) for m in messy]
        links.append((f"{s.base}/private/secret.html", "secret"))
        s.feed("/messy.xml", rss(links))
        s.add("/broken.xml", Response(body=b"<rss><channel><item><title>cut off", content_type=
                                      "application/rss+xml"))  # fmt: skip
        s.add("/down.xml", Response(500, b"down", "text/plain"))
        s.add("/throttled.xml", Response(429, b"", "text/plain", {"Retry-After": "120"}))

        slow = [(f"/slow/{n}.html", synthetic_article(100 + n)) for n in range(SLOW_ITEMS)]
        for path, article in slow:
            s.add(path, Response(body=article_page(article), delay_s=0.12))
        s.feed("/slow.xml", rss([(s.base + p, a["title"]) for p, a in slow]))
        yield s


def allowed(site: Site) -> frozenset[str]:
    return frozenset({site.base.removeprefix("http://")})


def config(site: Site, *feeds: str, **kw: object) -> WatchConfig:
    return WatchConfig(
        feeds=tuple(site.base + f for f in feeds),
        allow_hosts=allowed(site),
        rate=kw.pop("rate", 50.0),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def run_once(db: Path, cfg: WatchConfig):  # type: ignore[no-untyped-def]
    with Watcher(db, cfg) as w:
        return w.run_round()


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unspin", "watch", *args],
        capture_output=True, text=True, timeout=timeout, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_round_indexes_new_items_and_counts_every_failure(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    site.clear_log()
    cfg = config(site, "/wire.xml", "/messy.xml", "/broken.xml", "/down.xml")
    s = run_once(db, cfg)

    assert s.indexed == 5 + 2  # the wire feed, ok.html, and throttled.html after its wait
    assert dict(s.skipped) == {"robots": 1, "not_an_article": 1, "http_404": 1,
                               "blocked_address": 1}  # fmt: skip
    assert s.failed == 1  # the 500: retried next round
    assert (s.feeds, s.feeds_failed) == (4, 2)
    reasons = dict(rows(db, "SELECT url, reason FROM watch_items WHERE reason IS NOT NULL"))
    assert "127.0.0.2" in reasons[site.base + "/messy/moved.html"]
    assert "only public addresses are fetched" in reasons[site.base + "/messy/moved.html"]
    errors = dict(rows(db, "SELECT url, last_error FROM watch_feeds WHERE errors > 0"))
    assert "HTTP 500" in errors[site.base + "/down.xml"]
    assert "not a readable RSS/Atom feed" in errors[site.base + "/broken.xml"]
    item_errors = dict(rows(db, "SELECT url, item_errors FROM watch_feeds"))
    assert item_errors[site.base + "/messy.xml"] == 5

    # Retry-After: 1 was waited out before the page was asked for again.
    throttled = site.requests("/messy/throttled.html")
    assert [r.status for r in throttled] == [429, 200]
    assert throttled[1].at - throttled[0].at >= 0.95
    assert not site.requests("/private/")  # robots.txt said no
    assert all(r.headers["user-agent"].startswith("unspin-watch/") for r in site.requests())
    assert rows(db, "SELECT COUNT(*) FROM articles") == [(7,)]

    # A restart: only the 500 is fetched again; the dead feeds are polled and counted again.
    site.clear_log()
    s2 = run_once(db, cfg)
    assert (s2.indexed, s2.failed, s2.new_items) == (0, 1, 0)
    pages = {r.path for r in site.requests() if not r.path.endswith((".xml", ".txt"))}
    assert pages == {"/messy/flaky.html"}
    assert dict(rows(db, "SELECT url, errors FROM watch_feeds"))[site.base + "/down.xml"] == 2
    assert rows(db, "SELECT attempts FROM watch_items WHERE url LIKE '%flaky%'") == [(2,)]


def test_pages_of_one_host_keep_to_the_rate(site: Site, tmp_path: Path) -> None:
    site.clear_log()
    s = run_once(tmp_path / "news.db", config(site, "/wire.xml", "/digest.xml", rate=8.0))
    assert s.indexed == 8
    starts = sorted(r.at for r in site.requests() if r.path.endswith(".html"))
    # Started 1/8 s apart. A thread may get the interpreter late (extraction runs beside it),
    # so one arrival can slip towards the next, but four never come together (as
    # --concurrency 4 alone would allow) and the average pace holds.
    assert starts[-1] - starts[0] >= 7 / 8 - 0.05
    assert min(b - a for a, b in zip(starts, starts[3:], strict=False)) >= 3 / 8 - 0.15


def test_a_feed_that_asks_to_wait_is_not_polled_before_retry_after(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    site.clear_log()
    first = run_once(db, config(site, "/throttled.xml"))
    assert first.feeds_failed == 1
    # A 429 is about the host, not one feed: the next run (a restart) leaves the whole host
    # alone until Retry-After (120 s) is over.
    site.clear_log()
    second = run_once(db, config(site, "/throttled.xml", "/wire.xml"))
    assert (second.feeds_deferred, second.feeds_failed) == (2, 0)
    assert not site.requests()


def test_second_once_sends_only_conditional_requests(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    args = [site.base + "/wire.xml", site.base + "/digest.xml", "--db", str(db), "--once",
            "--allow-host", site.base.removeprefix("http://"), "--rate", "50"]  # fmt: skip
    site.clear_log()
    first = cli(*args)
    assert first.returncode == 0, first.stderr
    assert "indexed 8" in first.stdout and "round 1" in first.stdout
    site.clear_log()
    second = cli(*args)
    assert second.returncode == 0, second.stderr
    assert "indexed 0" in second.stdout and "2 not modified" in second.stdout
    sent = site.requests()
    assert len(sent) == 2 and all(r.conditional and r.status == 304 for r in sent), sent
    assert rows(db, "SELECT COUNT(*) FROM articles") == [(8,)]


def test_a_spun_copy_of_a_tracked_source_alerts_once(site: Site, tmp_path: Path) -> None:
    db, alerts = tmp_path / "news.db", tmp_path / "alerts.jsonl"
    # The webhook is down for the first POST, then takes them.
    hook = f"/hook/{tmp_path.name}"
    site.add(hook, once_then(Response(503, b"", "text/plain"), Response(204, b"", None)))
    cfg = config(site, "/wire.xml", "/digest.xml", tracks=(site.base + "/wire/",),
                 alerts=alerts, alert_url=site.base + hook)  # fmt: skip
    s = run_once(db, cfg)
    assert (s.indexed, s.traced, s.alerts) == (8, 8, 1)
    assert any("HTTP 503" in e for e in s.errors)
    [line] = alerts.read_text("utf-8").splitlines()
    alert = json.loads(line)
    assert alert["copier_url"] == site.base + "/digest/plant.html"
    assert alert["source_url"] == site.base + "/wire/desal.html"
    assert alert["verdict"] == "spun_copy"
    assert alert["track"] == site.base + "/wire/"
    assert 0.5 < alert["coverage"] <= 1
    assert alert["changes"]["synonym_swap"] >= 1
    store = open_store(db)
    try:
        report = json.loads(store.load_report(alert["report_id"]) or "{}")
    finally:
        store.close()
    assert report["report"]["verdict"] == "spun_copy"

    # Killed after the alert was kept but before it was written, and before the copy was
    # marked traced: the restart traces it again and writes the line once, not twice.
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE watch_alerts SET written = 0")
        con.execute("UPDATE watch_items SET state = 'indexed' WHERE url LIKE '%plant.html'")
    con.close()
    again = run_once(db, cfg)
    assert (again.traced, again.alerts) == (1, 0)
    assert len(alerts.read_text("utf-8").splitlines()) == 1
    # The webhook got the alert once it answered, and only once.
    posts = [r for r in site.requests(hook) if r.method == "POST"]
    assert [r.status for r in posts] == [503, 204]
    assert json.loads(posts[1].body) == alert
    run_once(db, cfg)
    assert len([r for r in site.requests(hook) if r.method == "POST"]) == 2

    # The web page and the API show it.
    with TestClient(make_app(db)) as client:
        listed = client.get("/v1/alerts").json()
        assert client.get("/v1/alerts?limit=0").status_code == 422
        page = client.get("/").text
    assert listed["count"] == 1 and listed["alerts"][0]["alert_id"] == alert["alert_id"]
    assert "Latest alerts" in page and f'href="/reports/{alert["report_id"]}"' in page
    assert "Last watch round" in page and "Newest article" in page


def test_kill_9_resumes_without_duplicates_or_losses(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    args = [site.base + "/slow.xml", "--db", str(db), "--once", "--rate", "50",
            "--concurrency", "1", "--allow-host", site.base.removeprefix("http://")]  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "unspin", "watch", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    done: list[tuple[object, ...]] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                done = rows(db, "SELECT url FROM watch_items WHERE state = 'done'")
            except sqlite3.OperationalError:
                done = []
            if len(done) >= 4:
                break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 4 <= len(done) < SLOW_ITEMS, "the kill should land mid-run"

    site.clear_log()
    second = cli(*args)
    assert second.returncode == 0, second.stderr
    refetched = {r.path for r in site.requests("/slow/")}
    assert not refetched & {str(u).removeprefix(site.base) for (u,) in done}
    assert rows(db, "SELECT COUNT(*), COUNT(DISTINCT url) FROM articles") == [
        (SLOW_ITEMS, SLOW_ITEMS)
    ]
    assert rows(db, "SELECT state, COUNT(*) FROM watch_items GROUP BY state") == [
        ("done", SLOW_ITEMS)
    ]


def test_loopback_feeds_are_refused_without_allow_host(site: Site, tmp_path: Path) -> None:
    site.clear_log()
    proc = cli(site.base + "/wire.xml", "--db", str(tmp_path / "news.db"), "--once")
    assert proc.returncode == 1  # every feed failed
    assert "loopback address" in proc.stderr
    assert not site.requests()


def test_rounds_repeat_until_stopped_and_robots_crawl_delay_paces_a_host(
    tmp_path: Path,
) -> None:
    # A host of its own, whose robots.txt asks for a second between requests.
    with serve(Site()) as other:
        other.add("/robots.txt", Response(body=b"User-agent: unspin\nCrawl-delay: 1\n",
                                          content_type="text/plain"))  # fmt: skip
        pages = [(f"/p/{n}.html", synthetic_article(200 + n)) for n in range(3)]
        for path, article in pages:
            other.page(path, article)
        other.feed("/feed.xml", rss([(other.base + p, a["title"]) for p, a in pages]))
        cfg = config(other, "/feed.xml", rate=50.0, concurrency=4)
        with Watcher(tmp_path / "news.db", cfg) as watcher:
            thread = threading.Thread(target=watcher.run, args=(0.2,))
            thread.start()
            deadline = time.monotonic() + 30
            while watcher.state.rounds() < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            watcher.stop.set()
            thread.join(timeout=30)
            assert not thread.is_alive()
            rounds = watcher.state.rounds()
        assert rounds >= 3
        starts = [r.at for r in other.requests() if r.path.startswith(("/p/", "/feed"))]
        assert all(b - a >= 0.8 for a, b in itertools.pairwise(starts)), starts
        assert starts[-1] - starts[0] >= len(starts) - 1 - 0.1
        feed_polls = other.requests("/feed.xml")
        assert len(feed_polls) == rounds and all(r.conditional for r in feed_polls[1:])
        assert len(other.requests("/robots.txt")) == 1
        assert rows(tmp_path / "news.db", "SELECT COUNT(*) FROM articles") == [(3,)]


def test_a_long_crawl_delay_leaves_items_for_later_rounds(tmp_path: Path) -> None:
    with serve(Site()) as other:
        other.add("/robots.txt", Response(body=b"User-agent: *\nCrawl-delay: 2\n",
                                          content_type="text/plain"))  # fmt: skip
        pages = [(f"/p/{n}.html", synthetic_article(300 + n)) for n in range(3)]
        for path, article in pages:
            other.page(path, article)
        other.feed("/feed.xml", rss([(other.base + p, a["title"]) for p, a in pages]))
        # A round waits at most 1 s for a turn, or one Crawl-delay: one page a round here.
        cfg = config(other, "/feed.xml", max_wait_s=1.0)
        first = run_once(tmp_path / "news.db", cfg)
        assert (first.indexed, first.deferred) == (1, 2)
        second = run_once(tmp_path / "news.db", cfg)
        assert (second.indexed, second.deferred) == (1, 1)
        assert len(other.requests("/p/")) == 2  # the deferred pages were never asked for


def test_the_feeds_file_is_read_again_every_round(site: Site, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# wires\n{site.base}/wire.xml\n")
    cfg = WatchConfig(feeds=(), feeds_file=feeds, allow_hosts=allowed(site), rate=50.0)
    with Watcher(tmp_path / "news.db", cfg) as watcher:
        first = watcher.run_round()
        feeds.write_text(f"{site.base}/wire.xml\n{site.base}/digest.xml\n")
        second = watcher.run_round()
        feeds.unlink()  # unreadable now: the last good list is kept
        third = watcher.run_round()
    assert (first.feeds, first.indexed) == (1, 5)
    assert (second.feeds, second.new_items, second.indexed) == (2, 3, 3)
    assert third.feeds == 2 and "no such file" in third.errors[0]
