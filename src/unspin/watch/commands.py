"""The body of ``unspin watch`` (registered by ``unspin.cli``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.markup import escape

from unspin.core.errors import UnspinError

__all__ = ["parse_allow_host", "parse_interval", "watch_command"]

_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)([hms]?)")
_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "": 1.0}
MIN_INTERVAL_S = 10.0
_HOST = re.compile(r"(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?")


def parse_interval(text: str) -> float:
    """Seconds in "15m", "1h30m", "90s" or "90"; at least MIN_INTERVAL_S."""
    value = text.strip().lower()
    pos, total = 0, 0.0
    for match in _INTERVAL.finditer(value):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(value) or not value:
        raise typer.BadParameter(
            f"{text!r} is not an interval; use e.g. 15m, 1h, 90s", param_hint="--interval"
        )
    if total < MIN_INTERVAL_S:
        raise typer.BadParameter(
            f"{text!r} is too short; poll at most every {MIN_INTERVAL_S:g}s",
            param_hint="--interval",
        )
    return total


def parse_allow_host(text: str) -> str:
    """``host`` or ``host:port`` (``[::1]:8080`` for IPv6), lower case."""
    match = _HOST.fullmatch(text.strip())
    if match is None or (match.group(2) and not 0 < int(match.group(2)) < 65536):
        raise typer.BadParameter(
            f"{text!r} is not HOST or HOST:PORT (e.g. intranet.local, 127.0.0.1:8080)",
            param_hint="--allow-host",
        )
    return text.strip().lower()


def _check_url(url: str, flag: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise typer.BadParameter(f"{url!r} is not an http(s) URL", param_hint=flag)
    return url


def watch_command(
    feeds: Annotated[
        list[str] | None,
        typer.Argument(help="RSS/Atom feed (or sitemap) URLs to follow.", show_default=False),
    ] = None,
    db: Annotated[
        Path,
        typer.Option(
            "--db", envvar="UNSPIN_DB", help="The index file (SQLite); created if missing."
        ),
    ] = Path("unspin.db"),
    feeds_file: Annotated[
        Path | None,
        typer.Option(
            "--feeds-file",
            help="A text file with one feed URL a line (# comments); read again every round.",
        ),
    ] = None,
    interval: Annotated[
        str, typer.Option("--interval", help="Time between rounds: 15m, 1h, 90s.")
    ] = "15m",
    once: Annotated[
        bool, typer.Option("--once", help="Run one round and exit (for cron).")
    ] = False,
    track: Annotated[
        list[str] | None,
        typer.Option(
            "--track",
            help="Your stories: a site (wire.example) or URL prefix; alert when a new article "
            "is made from one (repeatable).",
        ),
    ] = None,
    alerts: Annotated[
        Path | None,
        typer.Option("--alerts", help="Append one JSON line per alert to this file."),
    ] = None,
    alert_url: Annotated[
        str | None,
        typer.Option("--alert-url", help="Also POST each alert as JSON to this webhook."),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Let the fetcher reach this private or loopback HOST[:PORT] (repeatable); "
            "every other private address stays refused.",
        ),
    ] = None,
    rate: Annotated[
        float, typer.Option("--rate", min=0.01, help="Requests a second to one host, at most.")
    ] = 2.0,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Requests at once to one host.")
    ] = 4,
) -> None:
    """Follow news feeds into the index: fetch, extract and index every new item.

    Polite: conditional requests, robots.txt, a per-host pace, Retry-After. State lives in
    the index, so a restart resumes where the last run stopped. With --track, every new
    article is traced and one alert is raised per copier of a tracked story.
    """
    from unspin.watch.alerts import Tracks
    from unspin.watch.feeds import read_feeds_file
    from unspin.watch.loop import WatchConfig, Watcher

    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    urls = [_check_url(u, "FEED") for u in feeds or []]
    seconds = parse_interval(interval)
    hosts = frozenset(parse_allow_host(h) for h in allow_host or [])
    if alert_url is not None:
        _check_url(alert_url, "--alert-url")
    try:
        Tracks(track or [])
    except ValueError as e:
        raise typer.BadParameter(str(e).removeprefix("--track "), param_hint="--track") from None
    if (alerts or alert_url) and not track:
        raise typer.BadParameter("alerts need tracked sources: add --track PREFIX")
    if alerts is not None and not alerts.parent.is_dir():
        raise typer.BadParameter(
            f"{alerts}: folder {alerts.parent} does not exist", param_hint="--alerts"
        )
    try:
        # Read now to fail early; the watcher reads it again every round.
        in_file = read_feeds_file(feeds_file) if feeds_file is not None else []
        if not urls and not in_file:
            raise typer.BadParameter("give FEED URL(s) or --feeds-file FILE")
        config = WatchConfig(
            feeds=tuple(dict.fromkeys(urls)),
            feeds_file=feeds_file,
            rate=rate,
            concurrency=concurrency,
            workers=min(32, max(8, 2 * concurrency)),
            allow_hosts=hosts,
            tracks=tuple(track or ()),
            alerts=alerts,
            alert_url=alert_url,
        )

        def log(line: str) -> None:
            out.print(escape(line), soft_wrap=True)

        with Watcher(db, config, log=log) as watcher:
            n = len(watcher.feeds())
            every = "one round" if once else f"a round every {interval}"
            log(f"watching {n} feed{'s' if n != 1 else ''} into {db}: {every}")
            try:
                summary = watcher.run(seconds, once=once)
            except KeyboardInterrupt:
                watcher.stop.set()
                err.print("stopped; the next run resumes where this one left off")
                raise typer.Exit(code=130) from None
            for line in summary.errors[:10]:
                err.print(f"[yellow]warning:[/] {escape(line)}", soft_wrap=True)
    except UnspinError as e:
        err.print(f"[bold red]error:[/] {escape(str(e))}", soft_wrap=True)
        raise typer.Exit(code=2 if e.code.startswith("E1") else 1) from None
    if summary.feeds and summary.feeds_failed == summary.feeds:
        raise typer.Exit(code=1)  # every feed failed: cron should hear about it
