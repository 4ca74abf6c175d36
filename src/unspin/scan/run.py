"""``scan()``: one run over a crawl, resumable, with either engine, then the summary tables.

Output folder::

    matches/batch=<id>/part-*.parquet     one row per page (see tables.MATCHES)
    spun_lines/batch=<id>/part-*.parquet  spun/inserted lines of traced pages (networks' input)
    sites/part-0.parquet                  one row per site, ranked
    networks/part-0.parquet               groups of sites sharing spun lines
    summary.json  summary.html            the run: counts, skips by reason, top farms
    _done/<file id>.json                  finished input files (a rerun skips them)
    _reference/                           the reference index/snapshot built for this folder

A ``batch`` is one input file (local engine) or one group of files (a Spark job); its folder is
written whole or not at all, and a file is marked done only after its batch is written, so a
killed run leaves no partial or duplicate rows behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.core.errors import InputError
from unspin.scan.pages import crawl_files, file_id
from unspin.scan.parquet import read_table, write_table
from unspin.scan.reference import open_reference
from unspin.scan.storage import RemoteOut, fetch_tree, is_remote
from unspin.scan.tables import membership, networks, rank_sites

__all__ = ["ScanOptions", "ScanSummary", "scan"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanOptions:
    engine: str = "local"  # "local" | "spark"
    jobs: int | None = None  # local: worker processes (default: CPU count)
    master: str | None = None  # spark: master URL (default local[*] unless spark-submit set one)
    batch_files: int = 32  # spark: input files per job (the unit of resumption)
    resume: bool = True
    since: dt.date | None = None  # only crawl files dated from this day (name or folders)
    until: dt.date | None = None  # ... to this day


@dataclass
class ScanSummary:
    """What one run did (this run's work, plus the totals over every finished file)."""

    engine: str
    files: int = 0
    files_done_before: int = 0
    files_scanned: int = 0
    files_failed: dict[str, str] = field(default_factory=dict)
    pages_read: int = 0  # this run
    other_records: int = 0  # this run: WARC requests, metadata (not pages)
    skipped: Counter[str] = field(default_factory=Counter)  # this run, by reason
    elapsed_s: float = 0.0
    totals: dict[str, Any] = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        return self.pages_read / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "files": self.files,
            "files_done_before": self.files_done_before,
            "files_scanned": self.files_scanned,
            "files_failed": self.files_failed,
            "pages_read": self.pages_read,
            "skipped": dict(sorted(self.skipped.items())),
            "other_records": self.other_records,
            "elapsed_s": round(self.elapsed_s, 3),
            "pages_per_s": round(self.pages_per_s, 2),
            "totals": self.totals,
        }


# An engine scans the given files and calls back with each finished file's counts.
FileDone = Callable[[str, dict[str, Any]], None]


def scan(
    inputs: list[str],
    reference: str,
    out: str | os.PathLike[str],
    options: ScanOptions | None = None,
    *,
    progress: Callable[[int, int, int], None] | None = None,
) -> ScanSummary:
    """Scan the crawl files under ``inputs`` against ``reference``; write tables under ``out``.

    ``progress(files_finished, files_total, pages_read)`` is called as files finish.
    """
    options = options or ScanOptions()
    if options.engine not in ("local", "spark"):
        raise InputError("--engine", f"{options.engine!r} is not an engine; use local or spark")
    started = time.perf_counter()
    files = crawl_files(inputs, options.since, options.until)
    if not files:
        raise InputError(", ".join(inputs) or "inputs", "holds no crawl files to scan")
    remote: RemoteOut | None = None
    if is_remote(str(out)):  # written through a local work folder, see storage.RemoteOut
        remote = RemoteOut(str(out))
        remote.pull(options.resume)
        outdir = remote.local
    else:
        outdir = Path(out)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(str(out), "is a file, not an output folder")
    outdir.mkdir(parents=True, exist_ok=True)
    if is_remote(reference):
        reference = str(fetch_tree(reference, outdir / "_reference" / "source"))
    db = open_reference(reference, outdir, jobs=options.jobs or 1)
    done_dir = outdir / "_done"
    if not options.resume and done_dir.exists():
        for name in ("_done", "matches", "spun_lines", "sites", "networks"):
            shutil.rmtree(outdir / name, ignore_errors=True)
    done_dir.mkdir(exist_ok=True)
    summary = ScanSummary(engine=options.engine, files=len(files))
    todo = [f for f in files if not (done_dir / f"{file_id(f)}.json").exists()]
    summary.files_done_before = len(files) - len(todo)

    def file_done(path: str, counts: dict[str, Any]) -> None:
        marker = done_dir / f"{file_id(path)}.json"
        _write_json(marker, {"file": path, **counts})
        if remote is not None:  # its batch first, then its marker
            remote.push_marker(marker)
        summary.files_scanned += 1
        summary.pages_read += counts["pages"]
        summary.skipped.update(counts["skipped"])
        summary.other_records += counts.get("other_records", 0)
        if progress is not None:
            progress(summary.files_done_before + summary.files_scanned, len(files),
                     summary.pages_read)  # fmt: skip

    if todo:
        if options.engine == "local":
            from unspin.scan.local import run_local

            failed = run_local(todo, db, outdir, file_done, jobs=options.jobs)
        else:
            from unspin.scan.spark import run_spark

            failed = run_spark(todo, db, outdir, file_done, options)
        summary.files_failed = failed
    if options.engine == "spark":
        from unspin.scan.spark import summarise_spark

        site_rows, shared_lines = summarise_spark(outdir, options)
    else:
        site_rows, shared_lines = summarise_local(outdir)
    nets = networks(shared_lines, {r["site"]: r["pages"] for r in site_rows})
    sites = rank_sites(site_rows, membership(nets))
    write_table(outdir / "sites", sites, "sites")
    write_table(outdir / "networks", nets, "networks")
    summary.elapsed_s = time.perf_counter() - started
    summary.totals = _totals(done_dir, files, sites, nets)
    _write_json(outdir / "summary.json", summary.as_dict())
    from unspin.scan.summary_html import write_summary_html

    write_summary_html(outdir / "summary.html", summary.as_dict(), sites, nets)
    if remote is not None:
        remote.push_summary()
    return summary


def summarise_local(outdir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per-site rows and the lines that share an LSH band with a line of another site (the
    candidates ``tables.networks`` compares), from the tables on disk."""
    from collections import defaultdict

    from unspin.scan.tables import BAND_MAX_SITES, site_row

    by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in read_table(outdir / "matches", "matches"):
        if row["site"]:
            by_site[row["site"]].append(row)
    site_rows = [site_row(s, rows) for s, rows in by_site.items()]
    lines = read_table(outdir / "spun_lines", "spun_lines")
    sites_of: dict[int, set[str]] = defaultdict(set)
    for r in lines:
        if r["site"]:
            for b in r["bands"] or ():
                sites_of[b].add(r["site"])
    shared = [
        r
        for r in lines
        if r["site"] and any(2 <= len(sites_of[b]) <= BAND_MAX_SITES for b in r["bands"] or ())
    ]
    return site_rows, shared


def _totals(
    done_dir: Path, files: list[str], sites: list[dict[str, Any]], nets: list[dict[str, Any]]
) -> dict[str, Any]:
    """Counts over every finished file of this output (earlier runs included)."""
    pages = other = 0
    skipped: Counter[str] = Counter()
    for f in files:
        marker = done_dir / f"{file_id(f)}.json"
        if marker.exists():
            d = json.loads(marker.read_text())
            pages += d["pages"]
            other += d.get("other_records", 0)
            skipped.update(d["skipped"])
    return {
        "pages": pages,
        "skipped": dict(sorted(skipped.items())),
        "other_records": other,
        "traced_pages": sum(s["traced_pages"] for s in sites),
        "spun_pages": sum(s["spun_pages"] for s in sites),
        "sites": len(sites),
        "sites_with_spun_copies": sum(s["spun_pages"] > 0 for s in sites),
        "networks": len(nets),
    }


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)
