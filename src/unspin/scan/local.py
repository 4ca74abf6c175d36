"""The local engine: worker processes on one machine, one input file per task.

Each worker opens the reference index once (its "model load": the SQLite index, the alias
map, spaCy) and then runs read -> fingerprint -> shortlist -> trace over whole files, writing
each file's rows as one batch. A worker that dies (killed, out of memory) takes only its
unfinished files with it: they are retried in a fresh pool, and given up on after
MAX_ATTEMPTS, counted in the run summary, never fatal.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from unspin.scan.pages import FileResult, file_id, local_file, read_pages
from unspin.scan.parquet import write_part
from unspin.scan.reference import ReferenceIndex
from unspin.scan.stages import TRACE_BATCH, fingerprint_keys, shortlist, trace_pages

__all__ = ["MAX_ATTEMPTS", "run_local", "scan_file"]

log = logging.getLogger("unspin.scan")
MAX_ATTEMPTS = 3
_reference: ReferenceIndex | None = None  # one per worker process


def run_local(
    files: list[str], db: str, outdir: Path, file_done: Any, *, jobs: int | None = None
) -> dict[str, str]:
    """Scan ``files``; returns ``{file: why}`` for the files given up on."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    attempts = dict.fromkeys(files, 0)
    failed: dict[str, str] = {}
    pending = list(files)
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    while pending:
        with ProcessPoolExecutor(
            jobs, mp_context=mp.get_context(method), initializer=_init, initargs=(db,)
        ) as pool:
            running: dict[Future[dict[str, Any]], str] = {}
            queue = iter(pending)
            pending = []
            broken = False
            _fill(pool, queue, running, jobs * 2, outdir)
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    path = running.pop(fut)
                    try:
                        counts = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        attempts[path] += 1
                        if attempts[path] >= MAX_ATTEMPTS:
                            failed[path] = "worker_died"
                        else:
                            pending.append(path)
                        continue
                    except Exception as err:  # a bug on some page: this file only
                        log.exception("scanning %s failed", path)
                        failed[path] = f"{type(err).__name__}: {err}"
                        continue
                    file_done(path, counts)
                if not broken:
                    _fill(pool, queue, running, jobs * 2, outdir)
            if broken:
                pending.extend(queue)  # not yet submitted when the pool broke
    return failed


def _fill(
    pool: ProcessPoolExecutor,
    queue: Iterator[str],
    running: dict[Future[dict[str, Any]], str],
    depth: int,
    outdir: Path,
) -> None:
    while len(running) < depth:
        path = next(queue, None)
        if path is None:
            return
        running[pool.submit(scan_file, path, str(outdir))] = path


def _trace_error(page: dict[str, Any], path: str, err: Exception, result: FileResult) -> None:
    log.warning("page %s of %s: %s: %s", page["page_id"], path, type(err).__name__, err)
    result.skipped["trace_error"] += 1
    result.read -= 1


def _init(db: str) -> None:
    global _reference
    _reference = ReferenceIndex(db)
    fingerprint_keys("Warm the alias map up in Washington.", _reference.config)


def scan_file(path: str, outdir: str, reference: ReferenceIndex | None = None) -> dict[str, Any]:
    """Scan one file and write its batch; returns its counts (pages read, skips by reason)."""
    ref = reference or _reference
    assert ref is not None, "scan_file needs a reference (worker initializer not run)"
    result = FileResult(path)
    matches: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    chunk: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []

    def trace_chunk() -> None:
        for (page, _), traced in zip(chunk, trace_pages(chunk, ref.config), strict=True):
            if isinstance(traced, Exception):
                _trace_error(page, path, traced, result)
                continue
            matches.append(traced[0])
            lines.extend(traced[1])
        chunk.clear()

    with local_file(path) as local:  # a remote object: fetched whole to a temporary file
        for page in read_pages(local, result, name=path):
            try:
                keys = fingerprint_keys(page["text"], ref.config)
                short = shortlist(keys, ref.postings(keys))
                chunk.append((page, ref.texts(doc for doc, _ in short)))
            except Exception as err:  # never lose the file for one page
                _trace_error(page, path, err, result)
                continue
            if len(chunk) >= TRACE_BATCH:
                trace_chunk()
    trace_chunk()
    batch = file_id(path)
    out = Path(outdir)
    write_part(out / "spun_lines", batch, lines, "spun_lines")
    write_part(out / "matches", batch, matches, "matches")
    return {
        "pages": result.read,
        "skipped": dict(result.skipped),
        "other_records": result.other_records,
    }
