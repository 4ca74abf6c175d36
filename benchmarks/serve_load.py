"""A bounded load test of ``unspin serve`` on loopback: throughput, latency percentiles, errors.

    python benchmarks/serve_load.py                       # 50 clients, 30 s, /v1/check, 1 worker
    python benchmarks/serve_load.py --workers 2 --scenario read --duration 20
    python benchmarks/serve_load.py --rate 2              # open loop: 2 checks/s, at most 50 open

It starts a real server (``unspin serve`` in a subprocess, a fresh index in a temporary
folder holding the demo wire story), then:

1. single-request latency: ``--single`` requests one at a time, after 3 warm-ups (the median
   is "single" below);
2. load: ``--clients`` concurrent clients for ``--duration`` seconds. Closed loop by default:
   each client sends its next request as soon as the last is answered, so there are always
   ``--clients`` requests in the system. With ``--rate R`` requests start at R per second
   instead (open loop), never more than ``--clients`` at once.

Scenarios: ``check`` posts the demo's spun copy to /v1/check (a full trace and analysis; each
text gets a distinct last sentence so nothing could be served from a cache); ``read`` gets a
stored report from /v1/reports/{id} (one SQLite read and JSON); ``page`` gets the report page
/reports/{id} (the HTML rendering).

Every loop is bounded in count and time, and only 127.0.0.1 is ever contacted. The goal from
the issue: zero errors, and p95 under load within twice the single-request latency.
A CPU-bound request served by W worker processes cannot meet that with C >> W clients in a
closed loop: by Little's law each waits for about C / W requests ahead of it. The open-loop
mode shows the load at which the goal holds. Output: a table on stdout, JSON under
benchmarks/out/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

OUT = Path(__file__).resolve().parent / "out"
REQUEST_TIMEOUT_S = 300.0


def demo(name: str) -> dict[str, Any]:
    return json.loads(resources.files("unspin.demo_data").joinpath(name).read_text("utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("unspin")
    command = [str(exe), "serve", "--db", str(db), "--port", str(port), "--workers", str(workers)]
    with open(log, "wb") as out:
        # Its own process group, so stopping it stops its worker processes too.
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited; see {log}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise SystemExit(f"the server did not start in 180 s; see {log}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Scenario:
    """Builds the scenario's requests; ``prepare`` makes what it reads (a stored report)."""

    def __init__(self, name: str, base: str) -> None:
        self.name = name
        self.base = base
        self.spun = demo("spun.json")
        self.report_id = ""

    def prepare(self) -> None:
        wire = demo("wire.json")
        httpx.post(
            self.base + "/v1/articles", json=wire, timeout=REQUEST_TIMEOUT_S
        ).raise_for_status()
        made = httpx.post(self.base + "/v1/check", json=self.spun, timeout=REQUEST_TIMEOUT_S)
        made.raise_for_status()
        self.report_id = made.json()["id"]

    def request(self, n: int) -> tuple[str, str, dict[str, Any] | None]:
        if self.name == "check":
            body = dict(
                self.spun, text=self.spun["text"] + f"\n\nThis copy was request number {n}."
            )
            return "POST", "/v1/check", body
        if self.name == "read":
            return "GET", f"/v1/reports/{self.report_id}", None
        return "GET", f"/reports/{self.report_id}", None


async def send(client: httpx.AsyncClient, scenario: Scenario, n: int) -> tuple[float, str]:
    """(latency in seconds, "ok" or what went wrong)."""
    method, path, body = scenario.request(n)
    started = time.perf_counter()
    try:
        answer = await client.request(method, path, json=body)
        outcome = "ok" if answer.is_success else f"HTTP {answer.status_code}"
    except httpx.HTTPError as err:
        outcome = type(err).__name__
    return time.perf_counter() - started, outcome


def client_pool(base: str, clients: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    return httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT_S, limits=limits)


async def single(scenario: Scenario, count: int) -> list[float]:
    async with client_pool(scenario.base, 1) as client:
        for n in range(3):
            await send(client, scenario, -1 - n)
        results = [await send(client, scenario, -10 - n) for n in range(count)]
    bad = [o for _, o in results if o != "ok"]
    if bad:
        raise SystemExit(f"single requests failed: {Counter(bad)}")
    return [latency for latency, _ in results]


async def load(
    scenario: Scenario, clients: int, duration: float, rate: float | None
) -> tuple[list[tuple[float, str]], float]:
    results: list[tuple[float, str]] = []
    counter = iter(range(10**9))
    started = time.perf_counter()
    deadline = started + duration
    async with client_pool(scenario.base, clients) as client:
        if rate is None:

            async def user() -> None:
                while time.perf_counter() < deadline:
                    results.append(await send(client, scenario, next(counter)))

            await asyncio.gather(*(user() for _ in range(clients)))
        else:
            open_slots = asyncio.Semaphore(clients)
            tasks: list[asyncio.Task[None]] = []

            async def one(n: int) -> None:
                try:
                    results.append(await send(client, scenario, n))
                finally:
                    open_slots.release()

            n = 0
            while (now := time.perf_counter()) < deadline:
                await asyncio.sleep(max(0.0, started + n / rate - now))
                await open_slots.acquire()
                tasks.append(asyncio.create_task(one(next(counter))))
                n += 1
            await asyncio.gather(*tasks)
    return results, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["check", "read", "page"], default="check")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--rate", type=float, default=None, help="open loop: requests/s")
    parser.add_argument("--single", type=int, default=20, help="sequential requests first")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="unspin-load-") as tmp:
        port = free_port()
        log = Path(tmp) / "server.log"
        proc = start_server(Path(tmp) / "load.db", port, args.workers, log)
        try:
            scenario = Scenario(args.scenario, f"http://127.0.0.1:{port}")
            scenario.prepare()
            alone = asyncio.run(single(scenario, args.single))
            results, elapsed = asyncio.run(load(scenario, args.clients, args.duration, args.rate))
        finally:
            stop_server(proc)
            kept_log = OUT / f"serve_load_{args.scenario}_server.log"
            OUT.mkdir(exist_ok=True)
            kept_log.write_bytes(log.read_bytes())  # what the server said, for any errors

    latencies = [latency for latency, _ in results]
    errors = Counter(outcome for _, outcome in results if outcome != "ok")
    base = statistics.median(alone)
    summary = {
        "scenario": args.scenario,
        "workers": args.workers,
        "clients": args.clients,
        "mode": "closed loop" if args.rate is None else f"open loop {args.rate:g}/s",
        "duration_s": round(elapsed, 1),
        "requests": len(results),
        "throughput_rps": round(len(results) / elapsed, 2),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "single_ms": round(base * 1000, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "p95_over_single": round(percentile(latencies, 95) / base, 2),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    goal = summary["errors"] == 0 and summary["p95_over_single"] <= 2
    print(
        "| scenario | workers | clients | mode | req/s | single ms | p50 ms | p95 ms | p99 ms | errors | p95/single | goal |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    s = summary
    print(
        f"| {s['scenario']} | {s['workers']} | {s['clients']} | {s['mode']} | {s['throughput_rps']} "
        f"| {s['single_ms']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | {s['errors']} "
        f"| {s['p95_over_single']} | {'met' if goal else 'missed'} |"
    )
    OUT.mkdir(exist_ok=True)
    name = f"serve_load_{args.scenario}_w{args.workers}_c{args.clients}"
    name += f"_r{args.rate:g}" if args.rate else ""
    (OUT / f"{name}.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
