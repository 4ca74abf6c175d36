"""``unspin watch``: keep an index current from RSS/Atom feeds, and alert on copies.

    feeds.py     feed and sitemap parsing, the feeds file
    polite.py    per-host pace, Retry-After, robots.txt
    state.py     what a run remembers, in the index's SQLite file
    alerts.py    tracked sources, alert lines, the webhook
    loop.py      the rounds: poll, fetch, extract, index, trace
    commands.py  the command line

from unspin.watch import Watcher, WatchConfig
with Watcher("news.db", WatchConfig(feeds=("https://wire.example/rss",))) as w:
    summary = w.run_round()
"""

from __future__ import annotations

from unspin.watch.loop import USER_AGENT, RoundSummary, WatchConfig, Watcher

__all__ = ["USER_AGENT", "RoundSummary", "WatchConfig", "Watcher"]
