"""Throughput, memory and output equality of `unspin scan`, local and Spark, on a synthetic crawl.

    python benchmarks/scan_perf.py                                   # 10k and 100k pages
    python benchmarks/scan_perf.py --sizes 1000 --configs local:1    # smoke run
    python benchmarks/scan_perf.py --write                           # also update docs/benchmarks.md

For each size: the crawl is generated once by benchmarks/crawlsim.py (kept in
``--workdir``/scan-crawl-<pages>-s<seed>, reused while its manifest matches) and its reference
indexed once with ``unspin index --db <dir>/reference.db <dir>/reference.jsonl``. Then each
config runs ``unspin scan --reference <dir>/reference.db --out <fresh dir> <dir>/crawl`` as a
subprocess (``python -m unspin``). A baseline config (``...@SRC``) reads an index that its
own code built from the same ``reference.jsonl`` (``reference-<tag>.db``): an older unspin
refuses an index of another fingerprint scheme.

* ``local:N``: ``--engine local --jobs N``;
* ``spark:N``: ``--engine spark --master local[N]``, with SPARK_LOCAL_IP=127.0.0.1 and
  PYSPARK_PYTHON set to this interpreter.

Measured per run: wall seconds; pages/s = ``pages_read`` (OUT/summary.json) / wall; peak memory
= the largest sum of RSS over the process and all its descendants (the JVM and Python workers
for Spark), sampled from /proc every 0.2 s; CPU seconds = the larger of wait4()'s rusage (the
process and the descendants it reaped) and the sum of the sampled utime+stime per process (this
catches a JVM nobody reaps; it misses the last 0.2 s of each process).

Equality: OUT/matches, OUT/sites and OUT/networks (and any other table both runs wrote) of
every config are compared with the first config's, file by file (partition keys left out): rows sorted by all columns (lists as tuples), compared exactly; when they differ
the first differing row is shown (and whether they agree once floats are rounded to 1e-6).

Quality against the crawl's truth.jsonl (fault pages left out), per run:

* recall: of spun, collage and faithful pages, the share whose matches row lists every true
  source in ``sources`` (collages also "any": at least one); a page with no row is a miss;
* false-copy rate: of the original pages with a row, the share whose verdict is not "original";
* farms in top K: the share of farm sites among the K sites ranked first in OUT/sites (rank 1
  first), K = the number of farm sites in the crawl (about 40);
* networks: how many of the crawl's farm networks are contained in one OUT/networks row
  (``=``: exactly equal).

Prints a Markdown table and writes JSON to ``--workdir``/scan_perf.json; with ``--write`` it also
replaces (or appends) the section "## Scan throughput (`benchmarks/scan_perf.py`)" in
docs/benchmarks.md. Figures are only what was measured; a failed config is reported with the
tail of its output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

import crawlsim
from trace_perf import SHARED

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "out"
DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## Scan throughput (`benchmarks/scan_perf.py`)"
TABLES = ("matches", "sites", "networks")
COPY_KINDS = ("spun", "collage", "faithful")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# --- configs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Config:
    engine: str
    n: int
    src: str | None = None  # another checkout's src/ to run (a baseline), e.g. ../main/src

    @classmethod
    def parse(cls, text: str) -> Config:
        spec, _, src = text.partition("@")
        engine, _, n = spec.partition(":")
        if engine not in {"local", "spark"} or not n.isdigit() or int(n) < 1:
            raise argparse.ArgumentTypeError(f"{text!r}: expected local:N or spark:N[@SRC]")
        if src and not (Path(src) / "unspin").is_dir():
            raise argparse.ArgumentTypeError(f"{text!r}: {src} holds no unspin package")
        return cls(engine, int(n), src or None)

    def __str__(self) -> str:
        return f"{self.engine}:{self.n}" + (f"@{self.src}" if self.src else "")

    def args(self) -> list[str]:
        if self.engine == "local":
            return ["--engine", "local", "--jobs", str(self.n)]
        return ["--engine", "spark", "--master", f"local[{self.n}]"]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.src:  # the baseline's code wins over this checkout's (workers inherit it)
            env["PYTHONPATH"] = os.pathsep.join(
                [str(Path(self.src).resolve()), env.get("PYTHONPATH", "")]
            )
        if self.engine == "spark":
            env["SPARK_LOCAL_IP"] = "127.0.0.1"
            env.setdefault("PYSPARK_PYTHON", sys.executable)
            env.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        return env


# --- the crawl and its index --------------------------------------------------------------


def ensure_crawl(pages: int, seed: int, workdir: Path) -> tuple[Path, dict[str, Any]]:
    """The crawl of ``pages`` pages and its reference index (made once, then reused)."""
    d = workdir / f"scan-crawl-{pages}-s{seed}"
    manifest_path = d / "manifest.json"
    info: dict[str, Any] = {}
    fresh = False
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if (manifest.get("version"), manifest.get("pages"), manifest.get("seed")) != (
        crawlsim.VERSION,
        pages,
        seed,
    ) or manifest.get("faults"):
        print(f"generating a crawl of {pages:,} pages in {d} ...", file=sys.stderr, flush=True)
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(Path(crawlsim.__file__)),
                "--pages",
                str(pages),
                "--out",
                str(d),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        manifest = json.loads(manifest_path.read_text())
        fresh = True
    info["crawl_gen_s"] = manifest.get("elapsed_s")
    db, ok = d / "reference.db", d / "reference.db.ok"
    if fresh or not ok.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        ok.unlink(missing_ok=True)
        print(f"indexing {d / 'reference.jsonl'} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "unspin", "index", "--db", str(db), str(d / "reference.jsonl")],
            check=True,
        )
        ok.write_text(json.dumps({"index_s": round(time.perf_counter() - t0, 1)}))
    info.update(json.loads(ok.read_text()))
    info["reference_articles"] = manifest.get("reference_articles")
    info["kinds"] = manifest.get("kinds")
    return d, info


def reference_db(crawl: Path, config: Config) -> Path:
    """The reference index ``config`` reads: the crawl's, or for a baseline checkout one it
    built itself (an older unspin refuses an index of another fingerprint scheme)."""
    if not config.src:
        return crawl / "reference.db"
    tag = hashlib.sha1(str(Path(config.src).resolve()).encode()).hexdigest()[:8]
    db, ok = crawl / f"reference-{tag}.db", crawl / f"reference-{tag}.db.ok"
    if not ok.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        print(f"indexing for {config.src} ...", file=sys.stderr, flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "unspin",
                "index",
                "--db",
                str(db),
                str(crawl / "reference.jsonl"),
            ],
            check=True,
            env=config.env(),
        )
        ok.write_text("{}")
    return db


# --- one run ------------------------------------------------------------------------------


def proc_table() -> dict[int, tuple[int, int, float, int]]:
    """pid -> (ppid, start time, CPU seconds, RSS bytes) for every process we can read."""
    out: dict[int, tuple[int, int, float, int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        f = stat[stat.rindex(b")") + 2 :].split()
        # fields from 3 (state): ppid 4, utime 14, stime 15, starttime 22, rss 24
        cpu = (int(f[11]) + int(f[12])) / TICKS
        out[int(entry.name)] = (int(f[1]), int(f[19]), cpu, int(f[21]) * PAGE_SIZE)
    return out


def descendants(root: int, table: dict[int, tuple[int, int, float, int]]) -> list[int]:
    kids: dict[int, list[int]] = {}
    for pid, (ppid, *_rest) in table.items():
        kids.setdefault(ppid, []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            out.append(pid)
        todo.extend(kids.get(pid, ()))
    return out


def measure(cmd: Sequence[str], env: dict[str, str], log: Path, timeout: float) -> dict[str, Any]:
    """Run ``cmd``; wall, peak tree RSS, CPU seconds, exit code."""
    with log.open("wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        peak = 0
        cpu_seen: dict[tuple[int, int], float] = {}
        timed_out = False
        while True:
            table = proc_table()
            tree = descendants(proc.pid, table)
            peak = max(peak, sum(table[p][3] for p in tree))
            for p in tree:
                cpu_seen[(p, table[p][1])] = table[p][2]
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGTERM)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)

    # Descendants still running 10 s after the run ended (a JVM or a worker that outlived its
    # driver): counted, then ended. They are the run's own processes (same pid and start time).
    def still_running() -> list[int]:
        table = proc_table()
        return [p for (p, start) in cpu_seen if p != proc.pid and table.get(p, (0, -1))[1] == start]

    left = still_running()
    deadline = time.perf_counter() + 10
    while left and time.perf_counter() < deadline:
        time.sleep(0.5)
        left = still_running()
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    return {
        "rc": proc.returncode,
        "timed_out": timed_out,
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(peak / 2**20, 1),
        "cpu_s": round(max(usage.ru_utime + usage.ru_stime, sum(cpu_seen.values())), 1),
        "processes": len(cpu_seen),
        "left_behind": len(left),
    }


def run_scan(crawl: Path, config: Config, out: Path, timeout: float) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "unspin",
        "scan",
        "--reference",
        str(reference_db(crawl, config)),
        "--out",
        str(out),
        *config.args(),
        str(crawl / "crawl"),
    ]
    print(f"running {config}: {shlex.join(cmd[2:])}", file=sys.stderr, flush=True)
    log = out.with_suffix(".log")
    res = measure(cmd, config.env(), log, timeout)
    res["config"] = str(config)
    res["out"] = str(out)
    summary = out / "summary.json"
    if res["rc"] == 0 and summary.exists():
        s = json.loads(summary.read_text())
        res["pages_read"] = s.get("pages_read")
        res["skipped"] = s.get("skipped")
        res["scan_elapsed_s"] = s.get("elapsed_s")
        if isinstance(res["pages_read"], int) and res["wall_s"]:
            res["pages_per_s"] = round(res["pages_read"] / res["wall_s"], 1)
    else:
        tail = log.read_text(errors="replace").strip().splitlines()[-12:]
        res["error"] = (
            f"rc={res['rc']}" + (" (timed out)" if res["timed_out"] else "")
            if summary.exists() or res["rc"] != 0
            else "no summary.json"
        )
        res["error_tail"] = "\n".join(tail)
    return res


# --- reading outputs ----------------------------------------------------------------------


def load_rows(out: Path, table: str) -> tuple[list[str], list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    path = out / table
    # file by file: a partitioned table's partition keys (batch=...) are layout, not data
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else []
    if not files:
        return [], []
    tables = [pq.read_table(f) for f in files]
    names = list(dict.fromkeys(c for t in tables for c in t.column_names))
    rows = [r for t in tables for r in t.to_pylist()]
    return names, rows


def _freeze(v: Any, digits: int | None) -> Any:
    if isinstance(v, list | tuple):
        return tuple(_freeze(x, digits) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x, digits)) for k, x in v.items()))
    if digits is not None and isinstance(v, float):
        return round(v, digits)
    return v


def _sorted(rows: Iterable[dict[str, Any]], cols: Sequence[str], digits: int | None) -> list[str]:
    return sorted(json.dumps([_freeze(r.get(c), digits) for c in cols], default=str) for r in rows)


def compare(a: Path, b: Path) -> dict[str, Any]:
    """Per table: identical (bool) and, if not, what differs first."""
    result: dict[str, Any] = {}

    def tables_in(out: Path) -> set[str]:
        return {d.name for d in out.iterdir() if d.is_dir() and any(d.rglob("*.parquet"))}

    extra = sorted((tables_in(a) & tables_in(b)) - set(TABLES))  # e.g. spun_lines
    for table in (*TABLES, *extra):
        ca, ra = load_rows(a, table)
        cb, rb = load_rows(b, table)
        entry: dict[str, Any] = {"rows": [len(ra), len(rb)]}
        if ca != cb:
            entry["columns"] = {
                "only_a": sorted(set(ca) - set(cb)),
                "only_b": sorted(set(cb) - set(ca)),
            }
        cols = [c for c in ca if c in cb]
        sa, sb = _sorted(ra, cols, None), _sorted(rb, cols, None)
        entry["identical"] = ca == cb and sa == sb
        if sa != sb:
            only_a = Counter(sa) - Counter(sb)
            only_b = Counter(sb) - Counter(sa)
            entry["only_a"], entry["only_b"] = sum(only_a.values()), sum(only_b.values())
            first = next(
                i for i, (x, y) in enumerate(zip([*sa, ""], [*sb, ""], strict=False)) if x != y
            )
            row_a = json.loads(sa[first]) if first < len(sa) else None
            row_b = json.loads(sb[first]) if first < len(sb) else None
            if row_a is not None and row_b is not None:
                key = {
                    c: v
                    for c, v in zip(cols, row_a, strict=True)
                    if c in {"url", "site", "network"}
                }
                entry["first_diff"] = {
                    "row": key or row_a[:2],
                    "differs": {
                        c: [x, y] for c, x, y in zip(cols, row_a, row_b, strict=True) if x != y
                    },
                }
            else:
                entry["first_diff"] = {"a": row_a, "b": row_b}
            entry["equal_rounded_1e-6"] = _sorted(ra, cols, 6) == _sorted(rb, cols, 6)
        result[table] = entry
    return result


def quality(crawl: Path, out: Path) -> dict[str, Any]:
    truth = [json.loads(line) for line in (crawl / "truth.jsonl").open(encoding="utf-8")]
    truth = [t for t in truth if not t.get("fault")]
    sites_info = [json.loads(line) for line in (crawl / "sites.jsonl").open(encoding="utf-8")]
    _, matches = load_rows(out, "matches")
    by_url = {r["url"]: r for r in matches}
    q: dict[str, Any] = {"matches_rows": len(matches)}
    hits_all: Counter[str] = Counter()
    hits_any: Counter[str] = Counter()
    n: Counter[str] = Counter()
    verdicts: dict[str, Counter[str]] = {}
    false_copy = originals = missing_orig = 0
    false_by_source: Counter[str] = Counter()
    for t in truth:
        row = by_url.get(t["url"])
        kind = t["kind"]
        verdicts.setdefault(kind, Counter())[row["verdict"] if row else "(no row)"] += 1
        if kind in COPY_KINDS:
            n[kind] += 1
            found = set(row.get("sources") or ()) if row else set()
            hits_all[kind] += set(t["sources"]) <= found
            hits_any[kind] += bool(set(t["sources"]) & found)
        elif kind == "original":
            if row is None:
                missing_orig += 1
                continue
            originals += 1
            if row["verdict"] != "original":
                false_copy += 1
                false_by_source[str(t.get("article", "?")).split("/")[0]] += 1
    q["recall"] = {k: round(hits_all[k] / n[k], 4) if n[k] else None for k in COPY_KINDS}
    q["recall_collage_any"] = round(hits_any["collage"] / n["collage"], 4) if n["collage"] else None
    total = sum(n.values())
    q["recall_all_copies"] = round(sum(hits_all.values()) / total, 4) if total else None
    q["false_copy_rate"] = round(false_copy / originals, 4) if originals else None
    q["false_copies_by_data_set"] = dict(false_by_source)
    q["originals_without_row"] = missing_orig
    q["verdicts"] = {k: dict(v.most_common()) for k, v in sorted(verdicts.items())}
    q["skip_truth"] = dict(
        Counter(t["kind"] for t in truth if t["kind"] not in {"original", *COPY_KINDS})
    )

    crawled = {t["site"] for t in truth}
    farms = {s["site"] for s in sites_info if s["type"] == "farm" and s["site"] in crawled}
    _, site_rows = load_rows(out, "sites")
    ranked = sorted(
        (r for r in site_rows if r.get("rank") is not None), key=lambda r: (r["rank"], r["site"])
    )
    k = len(farms)
    top = [r["site"] for r in ranked[:k]]
    q["top_k"] = k
    q["farms_in_top_k"] = round(sum(s in farms for s in top) / len(top), 4) if top else None
    spun_share: dict[str, float] = {
        r["site"]: float(r["share_spun"])
        for r in site_rows
        if isinstance(r.get("share_spun"), int | float)
    }
    for label, group in (("farm", farms), ("independent", crawled - farms)):
        vals = [spun_share[s] for s in group if s in spun_share]
        q[f"mean_share_spun_{label}"] = round(sum(vals) / len(vals), 4) if vals else None

    true_nets: dict[str, set[str]] = {}
    for s in sites_info:
        if s["network"] and s["site"] in crawled:
            true_nets.setdefault(s["network"], set()).add(s["site"])
    _, net_rows = load_rows(out, "networks")
    found_sets = [set(r.get("sites") or ()) for r in net_rows]
    q["networks_true"] = len(true_nets)
    q["networks_out"] = len(found_sets)
    q["networks_found"] = sum(any(v <= f for f in found_sets) for v in true_nets.values())
    q["networks_exact"] = sum(any(v == f for f in found_sets) for v in true_nets.values())
    q["networks_largest"] = max(map(len, found_sets), default=0)
    return q


# --- report -------------------------------------------------------------------------------


def fmt(v: Any, spec: str = ",") -> str:
    if v is None:
        return "–"
    return format(v, spec) if isinstance(v, int | float) else str(v)


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "| pages | config | wall s | pages/s | peak RSS (tree) | CPU s | recall spun / collage / "
        "faithful | false-copy rate | farms in top K | networks found (=) | same as baseline: "
        "matches / sites / networks |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for r in results:
        if "error" in r:
            tail = r.get("error_tail", "").replace("|", "\\|").replace("\n", " ⏎ ")[-300:]
            lines.append(
                f"| {r['size']:,} | {r['config']} | {fmt(r.get('wall_s'))} | failed: {r['error']} "
                f"| {fmt(r.get('peak_rss_mb'))} MB | {fmt(r.get('cpu_s'))} | `{tail}` | | | | |"
            )
            continue
        q = r.get("quality", {})
        rec = q.get("recall", {})
        eq = r.get("equal")
        same = (
            " / ".join("yes" if eq[t]["identical"] else "**no**" for t in TABLES)
            if eq
            else "(baseline)"
        )
        lines.append(
            f"| {r['size']:,} | {r['config']} | {fmt(r['wall_s'])} | {fmt(r.get('pages_per_s'))} "
            f"| {fmt(r['peak_rss_mb'])} MB | {fmt(r['cpu_s'])} | "
            f"{fmt(rec.get('spun'))} / {fmt(rec.get('collage'))} / {fmt(rec.get('faithful'))} | "
            f"{fmt(q.get('false_copy_rate'))} | {fmt(q.get('farms_in_top_k'))} (K={q.get('top_k')}) | "
            f"{q.get('networks_found')}/{q.get('networks_true')} ({q.get('networks_exact')}); "
            f"{q.get('networks_out')} out, largest {q.get('networks_largest')} sites | {same} |"
        )
    return "\n".join(lines)


def ratios(results: list[dict[str, Any]]) -> list[str]:
    ok = {(r["size"], r["config"]): r["pages_per_s"] for r in results if r.get("pages_per_s")}
    out: list[str] = []
    sizes = sorted({s for s, _ in ok})
    for size in sizes:
        for n in (1, 2, 4, 8):
            a, b = ok.get((size, f"spark:{n}")), ok.get((size, f"local:{n}"))
            if a and b:
                out.append(f"spark/local, {n} core(s), {size:,} pages: {a / b:.2f}×")
        for engine in ("local", "spark"):
            a, b = ok.get((size, f"{engine}:2")), ok.get((size, f"{engine}:1"))
            if a and b:
                out.append(f"{engine}, 2 cores vs 1, {size:,} pages: {a / b:.2f}×")
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        for config in sorted({c for _, c in ok}):
            a, b = ok.get((hi, config)), ok.get((lo, config))
            if a and b:
                out.append(f"{config}, pages/s at {hi:,} vs {lo:,} pages: {a / b:.2f}×")
    return out


def machine() -> str:
    mem = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"nproc {os.cpu_count()}, {int(mem) / 2**20:.1f} GiB RAM, {model}; "
        f"Python {platform.python_version()}; load average at the end {load}"
    )


def section(
    command: str, results: list[dict[str, Any]], crawls: dict[int, dict[str, Any]], quick: list[str]
) -> str:
    lines = [
        HEADING,
        "",
        "```",
        command,
        "```",
        "",
        f"Machine: {machine()}. Timings on a shared machine are indicative; ratios come from one run.",
        "",
        "Crawl: benchmarks/crawlsim.py (seeded): real Reuters/BBC/FNC-1 articles as WARC.gz pages, "
        "about 55% independent originals, 25% spun copies of reference articles on content farms "
        "(6 networks plus standalone farms), 8% collages, 7% faithful copies, 5% pages to skip "
        "(non-HTML, non-English, boilerplate). Reference: the other half of the real articles, "
        "indexed with `unspin index`.",
        "",
    ]
    for size, info in sorted(crawls.items()):
        lines.append(
            f"- {size:,} pages: {info.get('reference_articles'):,} reference articles; "
            f"crawl generated in {info.get('crawl_gen_s')} s, index built in {info.get('index_s')} s; "
            f"page kinds {info.get('kinds')}"
        )
    lines += ["", table(results), ""]
    lines.append(
        "Peak RSS sums the scan process and all its descendants (JVM and Python workers for "
        "Spark), sampled every 0.2 s. Recall: the page's matches row lists all its true sources; "
        "false-copy rate: original pages given another verdict; farms in top K: farm sites among "
        "the K sites ranked first (K = farm sites in the crawl); networks: true farm networks "
        "contained in one output network (exactly equal). 'Same as baseline' compares the sorted "
        "rows with the first config's."
    )
    if quick:
        lines += ["", "Ratios (pages/s):", "", *[f"- {x}" for x in quick]]
    diffs = [
        f"- {r['size']:,} {r['config']} vs baseline, {t}: {json.dumps(r['equal'][t])[:800]}"
        for r in results
        if r.get("equal")
        for t in r["equal"]
        if not r["equal"][t]["identical"]
    ]
    if diffs:
        lines += ["", "Differences:", "", *diffs]
    left = [
        f"{r['size']:,} {r['config']}: {r['left_behind']}" for r in results if r.get("left_behind")
    ]
    if left:
        lines += [
            "",
            "Processes still running 10 s after the scan exited (then ended): " + "; ".join(left),
        ]
    skipped = [
        f"- {r['size']:,} {r['config']}: skipped {r.get('skipped')} (truth: {r['quality'].get('skip_truth')})"
        for r in results
        if "quality" in r
    ]
    if skipped:
        lines += ["", "Skipped pages as counted by the scan:", "", *skipped]
    return "\n".join(lines) + "\n"


def write_section(doc: Path, text: str) -> None:
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == HEADING), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + text + ("\n" + rest if rest else "")
    doc.write_text(new, encoding="utf-8")


# --- driver -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument(
        "--configs",
        type=lambda s: [Config.parse(x) for x in s.split(",") if x],
        default=[Config.parse(x) for x in ["local:1", "local:2", "spark:1", "spark:2"]],
        help="comma-separated local:N / spark:N, each optionally @SRC: run another checkout's "
        "src/ (a baseline in the same run), e.g. local:1@../main/src,local:1 "
        "(default local:1,local:2,spark:1,spark:2)",
    )
    ap.add_argument(
        "--configs-at",
        action="append",
        default=[],
        metavar="SIZE=CONFIGS",
        help="configs for one size instead of --configs, e.g. 10000=local:2,spark:2",
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=OUT)
    ap.add_argument("--timeout", type=float, default=3 * 3600, help="seconds per scan run")
    ap.add_argument("--write", action="store_true", help=f"update the section in {DOC.name}")
    ap.add_argument("--doc", type=Path, default=DOC, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: scan_perf needs ../shared/data; nothing measured.")
        return 0
    command = "python benchmarks/scan_perf.py" + (
        " " + shlex.join(sys.argv[1:]) if argv is None and sys.argv[1:] else ""
    )
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    crawls: dict[int, dict[str, Any]] = {}
    per_size = {
        int(spec.split("=", 1)[0]): [Config.parse(x) for x in spec.split("=", 1)[1].split(",") if x]
        for spec in args.configs_at
    }
    for size in args.sizes:
        crawl, info = ensure_crawl(size, args.seed, args.workdir)
        crawls[size] = info
        baseline: Path | None = None
        for config in per_size.get(size, args.configs):
            tag = f"-{Path(config.src).resolve().parent.name}" if config.src else ""
            out = args.workdir / "scan-runs" / f"{size}-{config.engine}{config.n}{tag}"
            r = {"size": size, **run_scan(crawl, config, out, args.timeout)}
            if "error" not in r:
                r["quality"] = quality(crawl, out)
                if baseline is None:
                    baseline = out
                    r["baseline"] = True
                else:
                    r["equal"] = compare(baseline, out)
            results.append(r)
            print(json.dumps(r, default=str), file=sys.stderr, flush=True)
            (args.workdir / "scan_perf.json").write_text(
                json.dumps({"command": command, "crawls": crawls, "results": results}, indent=1),
                encoding="utf-8",
            )
    text = section(command, results, crawls, ratios(results))
    print(text)
    if args.write:
        write_section(args.doc, text)
        print(f"wrote the section to {args.doc}", file=sys.stderr)
    return 0 if all("error" not in r for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
