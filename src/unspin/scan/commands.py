"""The body of ``unspin scan`` (registered by ``unspin.cli``)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from unspin.core.errors import InputError, UnspinError

__all__ = ["scan_command"]


def scan_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Crawl files or folders: .warc[.gz], .jsonl[.gz], .parquet.", show_default=False
        ),
    ],
    reference: Annotated[
        str,
        typer.Option(
            "--reference",
            "-r",
            help="Original reporting to trace pages to: an `unspin index` database, or records "
            "(.jsonl/.parquet/...) that are indexed into OUT/_reference first.",
            show_default=False,
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            help="Output folder (Parquet tables, summary.html): a path, or s3://, gs://, hdfs://.",
        ),
    ],
    engine: Annotated[
        str, typer.Option("--engine", help="local (worker processes) or spark (PySpark).")
    ] = "local",
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="local: worker processes (default: all CPUs)."),
    ] = None,
    master: Annotated[
        str | None,
        typer.Option(
            "--master", help="spark: master URL (default local[*], or what spark-submit set)."
        ),
    ] = None,
    batch_files: Annotated[
        int, typer.Option("--batch-files", min=1, help="spark: input files per Spark job.")
    ] = 32,
    resume: Annotated[
        bool,
        typer.Option("--resume/--restart", help="Skip input files an earlier run on OUT finished."),
    ] = True,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only crawl files from this day on (YYYY-MM-DD or YYYY-MM), by the date in "
            "their name or folders (CC-NEWS: crawl-data/CC-NEWS/YYYY/MM/CC-NEWS-YYYYMMDD...).",
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only crawl files up to this day (inclusive).")
    ] = None,
) -> None:
    """Scan a crawl against a reference corpus; rank the sites that publish spun copies.

    Writes OUT/matches (a row per page), OUT/sites (ranked), OUT/networks, OUT/summary.json
    and OUT/summary.html. Bad records are counted, never fatal; a rerun resumes.
    """
    from unspin.scan.run import ScanOptions, scan

    logging.getLogger("unspin.index").setLevel(logging.ERROR)  # skips are counted instead
    err = Console(stderr=True)
    try:
        first, last = _day(since, "--since", start=True), _day(until, "--until", start=False)
    except UnspinError as e:
        err.print(f"[bold red]error:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None
    options = ScanOptions(
        engine=engine, jobs=jobs, master=master, batch_files=batch_files, resume=resume,
        since=first, until=last,
    )  # fmt: skip
    with Progress(
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[pages]} pages"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("scan", total=None, pages=0)

        def progress(done: int, total: int, pages: int) -> None:
            bar.update(task, completed=done, total=total, pages=pages)

        try:
            summary = scan(inputs, reference, out, options, progress=progress)
        except UnspinError as e:
            bar.stop()
            err.print(f"[bold red]error:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2) from None
    d = summary.as_dict()
    t = d["totals"]
    table = Table(title=f"unspin scan -> {escape(out)}", show_header=False)
    table.add_row(
        "files",
        f"{d['files']} ({d['files_scanned']} scanned now, "
        f"{d['files_done_before']} done before, {len(d['files_failed'])} failed)",
    )
    table.add_row(
        "pages", f"{t['pages']} ({d['pages_read']} in this run, {d['pages_per_s']:.1f} pages/s)"
    )
    table.add_row("traced to a source", str(t["traced_pages"]))
    table.add_row("spun or uncredited copies", str(t["spun_pages"]))
    table.add_row("sites (with spun copies)", f"{t['sites']} ({t['sites_with_spun_copies']})")
    table.add_row("networks", str(t["networks"]))
    for reason, n in t["skipped"].items():
        table.add_row(f"skipped: {reason}", str(n))
    if t["other_records"]:
        table.add_row("other records (WARC requests, metadata)", str(t["other_records"]))
    Console().print(table)
    for f, why in d["files_failed"].items():
        err.print(f"[yellow]failed:[/] {escape(f)}: {escape(why)} (a rerun retries it)")
    where = out.rstrip("/")
    Console().print(
        f"Open {escape(where)}/summary.html; tables in {escape(where)}/matches, sites, networks."
    )


def _day(value: str | None, option: str, *, start: bool) -> dt.date | None:
    """``YYYY-MM-DD``, or ``YYYY-MM`` (its first day for --since, its last for --until)."""
    if value is None:
        return None
    try:
        if len(value) == 7:
            first = dt.date.fromisoformat(value + "-01")
            if start:
                return first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
                days=1
            )
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(option, f"{value!r} is not a date (YYYY-MM-DD or YYYY-MM)") from None
