"""Adversarial inputs against the CLI and ``unspin serve``: time and peak memory per probe,
beside a normal 1,000-word compare measured in the same run (issue 17).

    python benchmarks/adversarial.py                 # every probe, CLI and API (a few minutes)
    python benchmarks/adversarial.py --only cli      # or: api

Every probe runs in its own process (the CLI) or against one server (the API) under an address
space limit (``--max-gb``, default 3), so a regression cannot take the shared machine's memory.
CLI rows are the wall time of the whole ``unspin compare`` process (model load included, as a
user waits for it) and its peak RSS (``wait4``). API rows are the request's latency and the
peak RSS of the server and its analysis process during the probe (``VmHWM``, reset before each
probe through ``/proc/PID/clear_refs``). Goals: each probe ends (answered or refused) within
10x the normal compare and under 1.5 GB; during a pathological request, a small request's
latency stays within 2x its solo latency plus one queue slot (the request ahead of it).

The articles are generated here (no data set is read). Output: a table on stdout, JSON under
benchmarks/out/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

OUT = Path(__file__).resolve().parent / "out"
NAMES = ["Maria Lopez", "John Okafor", "Chen Wei", "Anna Berg", "Ravi Patel", "Lena Novak"]
ORGS = ["the ministry", "the city council", "the central bank", "a regional court", "the union"]
VERBS = ["said", "announced", "warned", "confirmed", "argued", "reported"]
TOPICS = ["new rules for freight", "a rise in prices", "delays at the border",
          "a plan to cut emissions", "the budget for schools", "talks with farmers"]  # fmt: skip
PLACES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Perth"]


def news(words: int, seed: int) -> str:
    """A made-up news text of about ``words`` words, in paragraphs of four sentences."""
    rng = random.Random(seed)
    sentences: list[str] = []
    n = 0
    while n < words:
        s = (
            f"{rng.choice(NAMES)} of {rng.choice(ORGS)} {rng.choice(VERBS)} on "
            f"{rng.choice(['Monday', 'Tuesday', 'Friday'])} that {rng.choice(TOPICS)} in "
            f"{rng.choice(PLACES)} would cost {rng.randint(2, 900)} million dollars over "
            f"{rng.randint(2, 12)} years."
        )
        sentences.append(s)
        n += len(s.split())
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def spun(text: str) -> str:
    for a, b in (("said", "stated"), ("warned", "cautioned"), ("rise", "increase"),
                 ("million", "million US")):  # fmt: skip
        text = text.replace(a, b)
    return text


def probes() -> dict[str, tuple[str, str | None]]:
    """name -> (derivative file content, source content or None for the normal source)."""
    normal = news(1000, 1)
    lede = news(60, 7)
    short = "The quay was closed for repairs. "
    return {
        "normal 1,000-word compare": (spun(normal), None),
        "16,000 '!' in an article": (f"{lede}\n\n{'!' * 16_000}\n\n{lede}", None),
        "emoji wall 288 KB": ("\U0001f600\U0001f389\U0001f44d\U0001f525" * 18_000, None),
        "short repeated sentences 0.3 MB a side": (short * 9_000, short * 9_000),
        "repeated sentences, 1,400 a side (under the limit)": (short * 1_400, short * 1_400),
        "largest articles allowed, both sides": (news(10_000, 2), news(10_000, 3)),
        "'! ' x 7,000 (7,000 one-mark sentences)": (f"{lede} " + "! " * 7_000, None),
        "1 MB news text": (news(170_000, 4), None),
        "200k tiny sentences": ("Go. " * 200_000, None),
        "9.9 MB of text": ("word " * 2_000_000, None),
        "lone surrogate (JSON)": ('{"text": "The quay \\ud800 reopened."}', None),
        "JSON nested 100k deep": (
            '{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}",
            None,
        ),
    }


def suffix(content: str) -> str:
    return ".json" if content.startswith("{") else ".txt"


# --- the CLI ---------------------------------------------------------------------------------


def limit_memory(max_gb: float) -> Callable[[], None]:
    def apply() -> None:
        cap = int(max_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply


def run_cli(args: list[str], max_gb: float, timeout_s: float) -> dict[str, Any]:
    exe = Path(sys.executable).with_name("unspin")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=limit_memory(max_gb), start_new_session=True,
    )  # fmt: skip
    deadline = started + timeout_s
    status, usage = 0, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in stderr.splitlines() if line.strip()]
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1) if usage else None,
        "exit": proc.returncode,
        "stderr_lines": len(lines),
        "message": lines[-1][:160] if lines else "",
        "timed_out": seconds >= timeout_s,
    }


def cli_probes(work: Path, max_gb: float, timeout_s: float) -> list[dict[str, Any]]:
    normal_source = work / "source.txt"
    normal_source.write_text(news(1000, 1), encoding="utf-8")
    rows = []
    for name, (content, source) in probes().items():
        d = work / f"probe{suffix(content)}"
        d.write_text(content, encoding="utf-8", errors="surrogatepass")
        s = normal_source
        if source is not None:
            s = work / "probe-source.txt"
            s.write_text(source, encoding="utf-8")
        row = run_cli(["compare", str(d), str(s), "-f", "json"], max_gb, timeout_s)
        rows.append({"surface": "cli", "probe": name, "bytes": len(content.encode(
            errors="surrogatepass")), **row})  # fmt: skip
        print(_line(rows[-1]), flush=True)
    rows.extend(index_probe(work, max_gb, timeout_s))
    return rows


def index_probe(work: Path, max_gb: float, timeout_s: float) -> list[dict[str, Any]]:
    """A 3.8M-character record among good ones, then a check of a 2 KB article."""
    records = work / "records.jsonl"
    with open(records, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "wire", "text": news(1000, 1)}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": news(650_000, 5)[:3_800_000]}) + "\n")
        fh.write('{"id": "deep", "text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
        fh.write(json.dumps({"id": "other", "text": news(800, 6)}) + "\n")
    db = work / "index.db"
    rows = []
    row = run_cli(["index", "--db", str(db), str(records)], max_gb, timeout_s)
    rows.append({"surface": "cli", "probe": "index: 3.8M-char record + 100k-deep line",
                 "bytes": records.stat().st_size, **row})  # fmt: skip
    print(_line(rows[-1]), flush=True)
    article = work / "article.txt"
    article.write_text(spun(news(350, 1)), encoding="utf-8")
    row = run_cli(["check", "--db", str(db), str(article), "-f", "json"], max_gb, timeout_s)
    rows.append({"surface": "cli", "probe": "check a 2 KB article against that index",
                 "bytes": article.stat().st_size, **row})  # fmt: skip
    print(_line(rows[-1]), flush=True)
    return rows


# --- the API ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_pids(root: int) -> list[int]:
    pids, frontier = [root], [root]
    while frontier:
        pid = frontier.pop()
        children = []
        for task in Path(f"/proc/{pid}/task").glob("*"):  # a thread may have started a child
            with contextlib.suppress(OSError):
                children += (task / "children").read_text().split()
        pids.extend(int(c) for c in children)
        frontier.extend(int(c) for c in children)
    return pids


def reset_peaks(root: int) -> None:
    for pid in tree_pids(root):
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_mb(root: int) -> float:
    """Sum of the peak RSS (since the last reset) of the server's processes."""
    total = 0
    for pid in tree_pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def start_server(db: Path, port: int, max_gb: float, log: Path) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("unspin")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(exe), "serve", "--db", str(db), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=limit_memory(max_gb),
        )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit(f"the server did not start; see {log}")


def as_request(content: str, source: str | None, normal: str) -> tuple[str, str]:
    """The probe as a /v1/compare body (raw JSON text, so surrogates and nesting survive)."""
    # a probe that starts with "{" is already an article object
    derivative = content if content.startswith("{") else json.dumps({"text": content})
    return "/v1/compare", (
        '{"derivative": '
        + derivative
        + ', "source": '
        + json.dumps({"text": source or normal})
        + "}"
    )


def api_probes(work: Path, max_gb: float, timeout_s: float) -> list[dict[str, Any]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(work / "serve.db", port, max_gb, work / "serve.log")
    rows: list[dict[str, Any]] = []
    normal = news(1000, 1)
    headers = {"Content-Type": "application/json"}
    try:
        with httpx.Client(base_url=base, timeout=timeout_s) as client:
            path, body = as_request(spun(news(1000, 40)), None, news(1000, 41))
            client.post(path, content=body, headers=headers)  # warm; nothing is cached for later
            for i, (name, (content, source)) in enumerate(probes().items()):
                # each probe its own source text, so no parse is served from the cache
                fresh = normal if i == 0 else news(1000, 100 + i)
                path, body = as_request(content, source, fresh)
                reset_peaks(proc.pid)
                started = time.perf_counter()
                try:
                    answer = client.post(path, content=body.encode(errors="surrogatepass"),
                                         headers=headers)  # fmt: skip
                    status = answer.status_code
                    message = answer.json().get("error", {}).get("message", "") if status >= 400 \
                        else ""  # fmt: skip
                except httpx.HTTPError as err:
                    status, message = 0, type(err).__name__
                rows.append({
                    "surface": "api", "probe": name, "bytes": len(body),
                    "seconds": round(time.perf_counter() - started, 2),
                    "peak_rss_mb": peak_mb(proc.pid), "status": status,
                    "message": message[:160],
                })  # fmt: skip
                print(_line(rows[-1]), flush=True)
            rows.extend(isolation(base, normal, timeout_s))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return rows


def isolation(base: str, normal: str, timeout_s: float) -> list[dict[str, Any]]:
    """A small compare alone; then sent while the heaviest allowed compare is being analysed
    (half its solo time after it), so that it queues behind it."""

    def small(seed: int) -> dict[str, Any]:  # a new text each time: nothing is cached
        return {"derivative": {"text": spun(news(200, seed))}, "source": {"text": news(200, seed)}}

    def heavy(seed: int) -> dict[str, Any]:
        return {
            "derivative": {"text": news(10_000, seed)},
            "source": {"text": news(10_000, seed + 1)},
        }

    async def timed(client: httpx.AsyncClient, body: dict[str, Any], delay: float) -> float:
        await asyncio.sleep(delay)
        started = time.perf_counter()
        (await client.post("/v1/compare", json=body)).raise_for_status()
        return time.perf_counter() - started

    async def main() -> tuple[float, float, float]:
        async with httpx.AsyncClient(base_url=base, timeout=timeout_s) as client:
            solo = sorted([await timed(client, small(300 + k), 0) for k in range(5)])[2]
            heavy_alone = await timed(client, heavy(500), 0)
            _heavy_s, small_s = await asyncio.gather(
                timed(client, heavy(600), 0), timed(client, small(400), heavy_alone / 2)
            )
            return solo, heavy_alone, small_s

    solo, heavy_alone, during = asyncio.run(main())
    allowed = 2 * solo + heavy_alone
    row = {
        "surface": "api", "probe": "small compare during the largest allowed compare",
        "solo_s": round(solo, 2), "queue_slot_s": round(heavy_alone, 2),
        "seconds": round(during, 2), "allowed_s": round(allowed, 2),
        "held": during <= allowed,
    }  # fmt: skip
    print(_line(row), flush=True)
    return [row]


def _line(row: dict[str, Any]) -> str:
    what = row.get("status", row.get("exit", ""))
    return (
        f"{row['surface']:4} {row['probe'][:52]:52} {row.get('seconds', ''):>7} s "
        f"{row.get('peak_rss_mb', '') or '':>8} MB  {what!s:>4}  {row.get('message', '')[:60]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["cli", "api"])
    parser.add_argument("--max-gb", type=float, default=3.0, help="address space per process")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per probe")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only in (None, "cli"):
            rows += cli_probes(work, args.max_gb, args.timeout)
        if args.only in (None, "api"):
            rows += api_probes(work, args.max_gb, args.timeout)
    for surface in ("cli", "api"):
        base = next((r for r in rows if r["surface"] == surface
                     and r["probe"].startswith("normal")), None)  # fmt: skip
        for r in rows:
            if base and r["surface"] == surface and "bytes" in r:
                r["x_normal"] = round(r["seconds"] / base["seconds"], 1)
                r["within_goal"] = r["x_normal"] <= 10 and (r["peak_rss_mb"] or 0) <= 1536
    OUT.mkdir(exist_ok=True)
    out = OUT / f"adversarial-{time.strftime('%Y%m%dT%H%M%S')}.json"
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "max_gb": args.max_gb}  # fmt: skip
    out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2), encoding="utf-8")
    print(f"\nwrote {out}")
    for r in rows:
        if "x_normal" in r:
            print(f"{r['surface']:4} {r['probe'][:52]:52} x{r['x_normal']:<6} "
                  f"{'ok' if r['within_goal'] else 'OVER'}")  # fmt: skip


if __name__ == "__main__":
    main()
