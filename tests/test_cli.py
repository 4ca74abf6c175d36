"""The `unspin` command as a user runs it: formats, outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from unspin.cli import app

runner = CliRunner()
DEMO = ROOT / "src" / "unspin" / "demo_data"


def test_demo_prints_every_planted_kind():
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    for kind in (
        "entity_swap",
        "synonym_swap",
        "number_changed",
        "date_changed",
        "reworded",
        "reordered",
        "inserted",
        "dropped",
        "verdict: spun_copy",
    ):
        assert kind in result.output


def test_compare_json_files_to_json(tmp_path: Path):
    result = runner.invoke(
        app, ["compare", str(DEMO / "spun.json"), str(DEMO / "wire.json"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["verdict"] == "spun_copy"
    assert {"from": "Russia", "to": "Russian Federation"}.items() <= next(
        c for c in report["changes"] if c["kind"] == "entity_swap"
    ).items()


def test_compare_writes_html_report(tmp_path: Path):
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        ["compare", str(DEMO / "spun.json"), str(DEMO / "wire.json"), "-f", "html", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "Russian Federation" in page and "entity_swap" in page


def test_compare_txt_with_flags(tmp_path: Path):
    derivative = tmp_path / "copy.txt"
    derivative.write_text(
        "Russian Federation and Türkiye agreed on Wednesday to extend a Black Sea shipping "
        "corridor for grain by another 90 days, the two governments said in a joint statement.\n",
        "utf-8",
    )
    result = runner.invoke(
        app,
        [
            "compare",
            str(derivative),
            str(DEMO / "wire.json"),
            "-f",
            "json",
            "--title",
            "Grain deal",
            "--published",
            "2026-11-05",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["article"]["title"] == "Grain deal"
    assert report["article"]["published"] == "2026-11-05"
    kinds = {c["kind"] for c in report["changes"]}
    assert {"entity_swap", "number_changed", "dropped"} <= kinds


@pytest.mark.parametrize(
    ("content", "name", "needle"),
    [
        (b"", "empty.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image.png", "binary"),
        (b'{"title": "No body"}', "notext.json", '"text"'),
        (None, "missing.txt", "no such file"),
    ],
)
def test_bad_input_one_line_error_and_nonzero_exit(tmp_path: Path, content, name, needle):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["compare", str(path), str(DEMO / "wire.json")])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and needle in lines[0]
    assert "Traceback" not in result.output + result.stderr


def test_bad_published_flag_is_a_usage_error():
    result = runner.invoke(
        app,
        ["compare", str(DEMO / "spun.json"), str(DEMO / "wire.json"), "--published", "yesterday"],
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output + result.stderr


def test_installed_entry_point_runs_demo_as_json():
    # The console script a user gets from `pip install`, run in a fresh process.
    exe = Path(sys.executable).with_name("unspin")
    proc = subprocess.run(
        [str(exe), "demo", "--format", "json"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["sentences"] == 11


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"unspin {name}" in readme
