"""The body of ``unspin scan`` (registered by ``unspin.cli``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from unspin.errors import UnspinError

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
        Path,
        typer.Option("--out", "-o", help="Output folder (Parquet tables, summary.html)."),
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
) -> None:
    """Scan a crawl against a reference corpus; rank the sites that publish spun copies.

    Writes OUT/matches (a row per page), OUT/sites (ranked), OUT/networks, OUT/summary.json
    and OUT/summary.html. Bad records are counted, never fatal; a rerun resumes.
    """
    from unspin.scan.run import ScanOptions, scan

    logging.getLogger("unspin.corpus").setLevel(logging.ERROR)  # skips are counted instead
    err = Console(stderr=True)
    options = ScanOptions(
        engine=engine, jobs=jobs, master=master, batch_files=batch_files, resume=resume
    )
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
    table = Table(title=f"unspin scan -> {out}", show_header=False)
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
    Console().print(f"Open {out / 'summary.html'}; tables in {out}/matches, sites, networks.")
