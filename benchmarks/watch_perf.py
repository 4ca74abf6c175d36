"""``unspin watch --once`` on a feed of N items served on 127.0.0.1: items indexed a second.

    python benchmarks/watch_perf.py                  # 200 items, the configurations below
    python benchmarks/watch_perf.py --items 50 --latency 0.05

A news site (tests/watch_http.py) serves one RSS feed of ``--items`` distinct article pages
(robots.txt, ETag, Last-Modified). Each configuration runs ``--once`` into a fresh index, in
this process (``Watcher.run_round``, the code the CLI runs), and is timed from the first
request to the last commit:

* ``sequential``: one request at a time to the host (``--concurrency 1``): the baseline;
* ``parallel``: ``--concurrency 8`` at a rate that does not bind on loopback (``--rate 1000``);
* each again with ``--latency`` seconds added by the server to every page (a far server:
  loopback has none, which hides what the parallel fetch is for).

A warm-up round on another index comes first (loading trafilatura, the language check and the
alias map once is not per item). Then a second ``--once`` on each index: the requests it sends (all should be conditional
and answered 304) and what it indexes (nothing). Last, the command as cron runs it: ``unspin watch --once`` in a new process (start-up
included) on bare loopback into a fresh index. The goal from issue 18: >= 20 items/s for the
200-item feed. Output: a markdown table, JSON under benchmarks/out/.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from unspin.watch import WatchConfig, Watcher  # noqa: E402
from watch_http import Response, Site, article_page, rss, serve, synthetic_article  # noqa: E402


def build(site: Site, items: int, latency: float) -> str:
    site.add("/robots.txt", Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
    prefix = f"/l{int(latency * 1000)}"
    links = []
    for n in range(items):
        path = f"{prefix}/story/{n}.html"
        article = synthetic_article(n)
        site.add(path, Response(body=article_page(article), delay_s=latency))
        links.append((site.base + path, article["title"]))
    return site.feed(f"{prefix}/feed.xml", rss(links))


def run(db: Path, feed: str, site: Site, *, concurrency: int, rate: float) -> dict[str, object]:
    config = WatchConfig(
        feeds=(feed,),
        allow_hosts=frozenset({site.base.removeprefix("http://")}),
        rate=rate,
        concurrency=concurrency,
        workers=max(8, 2 * concurrency),
    )
    site.clear_log()
    t0 = time.perf_counter()
    with Watcher(db, config) as watcher:
        summary = watcher.run_round()
    wall = time.perf_counter() - t0
    sent = site.requests()
    return {
        "indexed": summary.indexed,
        "round_s": round(summary.seconds, 2),
        "wall_s": round(wall, 2),
        "items_per_s": round(summary.indexed / summary.seconds, 1) if summary.seconds else 0,
        "requests": len(sent),
        "conditional": sum(r.conditional for r in sent),
        "not_modified": sum(r.status == 304 for r in sent),
        "line": summary.line(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.05, help="added per page, seconds")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "watch_perf.json")
    args = ap.parse_args()

    rows = []
    with serve(Site()) as site, tempfile.TemporaryDirectory() as tmp:
        feeds = {lat: build(site, args.items, lat) for lat in (0.0, args.latency)}
        # Warm-up (not timed): trafilatura, the language check and the alias map load once.
        warm = site.feed("/warm.xml", rss([(site.base + "/l0/story/0.html", "warm-up")]))
        run(Path(tmp) / "warm.db", warm, site, concurrency=1, rate=1000.0)
        for lat, feed in feeds.items():
            for name, conc, rate in (
                ("sequential", 1, 1000.0),
                ("parallel", args.concurrency, 1000.0),
            ):
                db = Path(tmp) / f"{name}-{lat}.db"
                first = run(db, feed, site, concurrency=conc, rate=rate)
                second = run(db, feed, site, concurrency=conc, rate=rate)
                rows.append({"latency_s": lat, "mode": name, "concurrency": conc,
                             "first": first, "second": second})  # fmt: skip
                print(first["line"], file=sys.stderr)
        # The command itself, in a new process (start-up included), on bare loopback.
        db = Path(tmp) / "cli.db"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "unspin", "watch", feeds[0.0], "--db", str(db), "--once",
             "--rate", "1000", "--concurrency", str(args.concurrency),
             "--allow-host", site.base.removeprefix("http://")],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        cli_wall = time.perf_counter() - t0
        line = proc.stdout.strip().splitlines()[-1]
        cli_row = f"{line} (process wall time {cli_wall:.2f} s)"

    print(f"\n{args.items} items, one host on 127.0.0.1; {platform.processor() or platform.machine()},"
          f" Python {platform.python_version()}\n")  # fmt: skip
    print("| added latency | mode | concurrency | indexed | round s | items/s | "
          "2nd run: requests | conditional | 304 | indexed |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        f, s = r["first"], r["second"]
        print(f"| {r['latency_s'] * 1000:.0f} ms | {r['mode']} | {r['concurrency']} | "
              f"{f['indexed']} | {f['round_s']} | {f['items_per_s']} | {s['requests']} | "
              f"{s['conditional']} | {s['not_modified']} | {s['indexed']} |")  # fmt: skip
    base = {r["latency_s"]: r["first"]["items_per_s"] for r in rows if r["mode"] == "sequential"}
    for r in rows:
        if r["mode"] == "parallel" and base[r["latency_s"]]:
            ratio = r["first"]["items_per_s"] / base[r["latency_s"]]
            print(f"\nparallel / sequential at {r['latency_s'] * 1000:.0f} ms: {ratio:.2f}x")
    if cli_row:
        print(f"\nthe command line (`unspin watch --once --concurrency {args.concurrency} --rate 1000`,"
              f" a new process): {cli_row}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"items": args.items, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
