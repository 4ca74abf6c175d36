"""The ``unspin`` command line: parses arguments, calls the API, renders. Nothing else."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from unspin.core.errors import OutputError, UnspinError
from unspin.core.model import Report

app = typer.Typer(
    name="unspin",
    help="Trace a news article to its sources and name every change that was made.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_err = Console(stderr=True)


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="text (terminal), json, or html (needs --output).")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
]


def _fail(err: UnspinError) -> typer.Exit:
    # escape(): a message may hold brackets (`pip install -e '.[embeddings]'`), not markup
    _err.print(f"[bold red]error:[/] {escape(str(err))}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2 if err.code.startswith("E1") else 1)


def _parse_date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint=flag
        ) from None


def _check_output(output: Path | None) -> None:
    """Refuse an --output the report could not be written to, before any analysis."""
    if output is None:
        return
    if output.is_dir():
        raise OutputError(str(output), "is a directory; give a file name for the report")
    folder = output.parent
    if not folder.is_dir():
        raise OutputError(str(output), f"folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise OutputError(str(output), "is not writable (permission denied)")


def _emit(report: Report, fmt: Format, output: Path | None) -> None:
    try:
        _write(report, fmt, output)
    except OSError as err:
        raise OutputError(
            str(output or "<stdout>"), f"the report could not be written ({err.strerror or err})"
        ) from None


def _write(report: Report, fmt: Format, output: Path | None) -> None:
    if fmt is Format.text:
        from unspin.render.terminal import render_terminal

        if output is None:
            render_terminal(report)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                render_terminal(report, Console(file=fh, width=100, force_terminal=False))
        return
    if fmt is Format.json:
        from unspin.core.serialise import render_json

        text = render_json(report)
    else:
        from unspin.render.html_report import render_html

        text = render_html(report)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        _err.print(f"wrote {output}", highlight=False)


@app.command()
def compare(
    derivative: Annotated[str, typer.Argument(help="The suspicious article: file or http(s) URL.")],
    source: Annotated[str, typer.Argument(help="The article it may be made from: file or URL.")],
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    title: Annotated[
        str | None, typer.Option(help="Title of DERIVATIVE, if not in the file.")
    ] = None,
    byline: Annotated[str | None, typer.Option(help="Byline of DERIVATIVE.")] = None,
    published: Annotated[str | None, typer.Option(help="Date of DERIVATIVE (YYYY-MM-DD).")] = None,
) -> None:
    """Compare DERIVATIVE with SOURCE sentence by sentence and name every change.

    Inputs may be .txt (pasted text; a title, byline and date on the first lines are
    recognised), .json ({"title", "byline", "published", "url", "text"}), .html, or a URL.
    """
    from unspin.app import compare as run_compare
    from unspin.app import load_article

    date = _parse_date(published, "--published")
    try:
        _check_output(output)
        d = load_article(derivative, title=title, byline=byline, published=date)
        s = load_article(source)
        report = run_compare(d, s)
        _emit(report, fmt, output)
    except UnspinError as err:
        raise _fail(err) from None


@app.command()
def demo(fmt: FormatOption = Format.text, output: OutputOption = None) -> None:
    """Compare the bundled example: a fictional wire story and a spun copy of it."""
    from unspin.app import compare as run_compare
    from unspin.app import demo_articles

    try:
        _check_output(output)
        report = run_compare(*demo_articles())
        _emit(report, fmt, output)
    except UnspinError as err:
        raise _fail(err) from None


@app.command()
def check(
    article: Annotated[str, typer.Argument(help="The article to trace: file or http(s) URL.")],
    db: Annotated[
        Path, typer.Option("--db", envvar="UNSPIN_DB", help="The index built by `unspin index`.")
    ] = Path("unspin.db"),
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    embeddings: Annotated[
        bool,
        typer.Option(
            "--embeddings",
            help="Also match heavily reworded sentences by sentence embeddings (needs the "
            "optional `embeddings` extra; see the README).",
        ),
    ] = False,
) -> None:
    """Trace ARTICLE to the indexed articles it was made from and report every change."""
    from unspin.app import check_in_index

    try:
        _check_output(output)
        if not db.exists():
            raise UnspinError(
                f"{db}: no such index; build one with `unspin index --db {db} PATH...`"
            )
        report = check_in_index(article, db, embeddings=embeddings)
        _emit(report, fmt, output)
    except UnspinError as err:
        raise _fail(err) from None


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 for every interface.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        Path,
        typer.Option(
            "--db",
            envvar="UNSPIN_DB",
            help="The index (created if missing); keeps the reports too.",
        ),
    ] = Path("unspin.db"),
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            envvar="UNSPIN_API_KEY",
            help="Require this key (X-API-Key header) to add articles. Prefer the env variable.",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes; each loads the NLP model.")
    ] = 1,
    allow_private_urls: Annotated[
        bool,
        typer.Option(help="Also fetch loopback and private addresses (trusted networks only)."),
    ] = False,
    analysis_deadline: Annotated[
        float,
        typer.Option(min=1.0, help="Stop an analysis after this many seconds (answer 504)."),
    ] = 60.0,
) -> None:
    """Run the web API and the analyst's page (http://127.0.0.1:8000 by default)."""
    from unspin.index.store import open_store
    from unspin.serve import ServeSettings
    from unspin.serve.server import run

    settings = ServeSettings(
        db=db,
        api_key=api_key,
        allow_private_urls=allow_private_urls,
        analysis_deadline_s=analysis_deadline,
    )
    if api_key is None and host not in ("127.0.0.1", "localhost", "::1"):
        _err.print(
            f"[yellow]warning:[/] listening on {host} without --api-key: "
            "anyone who can reach it can add articles to the index",
            highlight=False,
        )
    try:
        open_store(db).close()  # a bad --db fails here, once, before listening
        run(settings, host=host, port=port, workers=workers)
    except UnspinError as err:
        raise _fail(err) from None


def _register_index() -> None:
    from unspin.cli.index import index_command

    app.command("index")(index_command)


_register_index()


def _register_scan() -> None:
    from unspin.scan.commands import scan_command

    app.command("scan")(scan_command)


_register_scan()


def _register_watch() -> None:
    from unspin.watch.commands import watch_command

    app.command("watch")(watch_command)


_register_watch()


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
