"""The body of ``unspin index`` (registered by ``unspin.cli``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from unspin.core.errors import UnspinError
from unspin.index.indexer import IndexSummary, index_paths
from unspin.index.store import BatchResult, Outcome, StoreStats, open_store
from unspin.ingest.bulk import ReadSummary, parse_mapping

__all__ = ["DEFAULT_DB", "index_command"]

DEFAULT_DB = Path("unspin.db")
PROGRESS_AFTER_S = 1.0


def index_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders and files to index: .txt/.json/.html, .jsonl[.gz], .csv, .parquet, "
            ".warc[.gz], .rss/.atom/.xml feeds.",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        Path,
        typer.Option(
            "--db", envvar="UNSPIN_DB", help="The index file (SQLite); created if missing."
        ),
    ] = DEFAULT_DB,
    map: Annotated[
        str | None,
        typer.Option(
            "--map",
            help="Columns of JSONL/CSV/Parquet records, e.g. text=body,title=headline,id=doc_id,"
            "published=date,url=link.",
        ),
    ] = None,
    stats: Annotated[
        bool, typer.Option("--stats", help="Print what the index holds (after any indexing).")
    ] = False,
    delete: Annotated[
        list[str] | None,
        typer.Option("--delete", help="Remove the article with this id or URL (repeatable)."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Fingerprint in this many processes."),
    ] = 1,
) -> None:
    """Index articles into DB so `unspin check` can trace copies back to them.

    Re-indexing unchanged articles is skipped; bad records are skipped and counted.
    """
    out = Console()
    err = Console(stderr=True)
    paths = list(paths or [])
    delete = list(delete or [])
    if not paths and not delete and not stats:
        raise typer.BadParameter("give PATH(s) to index, --delete ID, or --stats")
    try:
        mapping = parse_mapping(map)
        store = open_store(db)
    except UnspinError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None
    try:
        for key in delete:
            n = store.delete(key)
            if n == 0 and Path(key).exists():
                n = store.delete(str(Path(key).resolve()))
            out.print(f"deleted {n} article{'s' if n != 1 else ''} for {key}", highlight=False)
        if paths:
            summary = _run(store, paths, mapping, err, jobs)
            _print_summary(out, summary)
            if summary.files == 0 and summary.skipped["not_found"] == len(paths):
                raise typer.Exit(code=2)
        if stats:
            _print_stats(out, store.stats())
    except UnspinError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None
    finally:
        store.close()


def _run(
    store: object, paths: list[Path], mapping: dict[str, str], err: Console, jobs: int = 1
) -> IndexSummary:
    t0 = time.monotonic()
    reads = ReadSummary()
    progress: Progress | None = None
    task = None
    committed = 0

    def on_commit(result: BatchResult) -> None:
        nonlocal progress, task, committed
        committed += len(result.outcomes)
        if progress is None and time.monotonic() - t0 > PROGRESS_AFTER_S and err.is_terminal:
            progress = Progress(
                SpinnerColumn(),
                TextColumn("[progress.description]{task.description}"),
                BarColumn(bar_width=None),
                TextColumn("{task.completed:,} articles"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            progress.start()
            task = progress.add_task("indexing", total=None)
        if progress is not None and task is not None:
            progress.update(
                task, completed=committed, description=f"indexing ({reads.files} files)"
            )

    try:
        return index_paths(
            store,  # type: ignore[arg-type]
            paths,
            mapping=mapping,
            on_commit=on_commit,
            reads=reads,
            jobs=jobs,
        )
    finally:
        if progress is not None:
            progress.stop()


def _print_summary(out: Console, s: IndexSummary) -> None:
    o = s.outcomes
    parts = [f"added {o[Outcome.ADDED]:,}"]
    if o[Outcome.COPY]:
        parts.append(f"identical copies {o[Outcome.COPY]:,}")
    if o[Outcome.UPDATED]:
        parts.append(f"updated {o[Outcome.UPDATED]:,}")
    line = f"indexed {s.indexed:,} articles ({', '.join(parts)})"
    if o[Outcome.UNCHANGED]:
        line += f"; {o[Outcome.UNCHANGED]:,} unchanged"
    line += f" in {s.seconds:.1f}s ({s.docs_per_second:,.0f}/s)"
    out.print(line, highlight=False)
    shown = {k: v for k, v in s.skipped.items() if v and k not in ("warc_not_response",)}
    if shown:
        reasons = ", ".join(f"{k} {v:,}" for k, v in sorted(shown.items(), key=lambda x: -x[1]))
        out.print(f"skipped {sum(shown.values()):,}: {reasons}", highlight=False)


def _print_stats(out: Console, st: StoreStats) -> None:
    table = Table(title=f"index {st.path}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("articles", f"{st.articles:,}")
    table.add_row("distinct texts", f"{st.canonical:,}")
    table.add_row("sentences", f"{st.sentences:,}")
    table.add_row("sentence fingerprints", f"{st.fingerprints:,}")
    table.add_row("LSH band entries", f"{st.bands:,}")
    table.add_row("size on disk", _size(st.bytes))
    out.print(table)


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.1f} {unit}" if unit != "B" else f"{int(size)} B"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover
