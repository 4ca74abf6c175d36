"""Stored reports: the JSON kept in the store rebuilds the very report (and page) it came from."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from report_factory import collage_report, hostile_report, sample_report
from serve_support import SPUN, WIRE
from unspin.app import compare
from unspin.core.model import Report
from unspin.core.report_document import dumps, report_document, report_from_document
from unspin.index.store import SQLiteStore, open_store
from unspin.render.html_report import render_html


def _demo() -> Report:
    return compare(SPUN, [WIRE])


def _with_copies() -> Report:
    report = sample_report()
    copies = ("wire-1-mirror", "https://mirror.example/story")
    matches = tuple(dataclasses.replace(m, copies=copies) for m in report.source_matches)
    return dataclasses.replace(report, source_matches=matches)


@pytest.mark.parametrize(
    "make", [sample_report, collage_report, hostile_report, _demo, _with_copies]
)
def test_a_stored_report_rebuilds_exactly(make) -> None:  # type: ignore[no-untyped-def]
    report = make()
    rebuilt = report_from_document(json.loads(dumps(report_document(report))))
    assert rebuilt == report
    assert render_html(rebuilt) == render_html(report)


@pytest.mark.parametrize("extra", [{"a_later_field": 1}])
def test_documents_from_a_newer_version_still_load(extra: dict[str, int]) -> None:
    document = report_document(sample_report())
    for change in document["report"]["changes"]:
        change.update(extra)
    document["report"]["summary"].update(extra)
    assert report_from_document(document) == sample_report()


@pytest.mark.parametrize("backend", ["sqlite", "memory"])
def test_save_and_load_reports(tmp_path: Path, backend: str) -> None:
    store = open_store(tmp_path / "news.db" if backend == "sqlite" else None)
    first, second = store.save_report('{"n": 1}'), store.save_report('{"n": 2}')
    assert first != second
    assert (store.load_report(first), store.load_report(second)) == ('{"n": 1}', '{"n": 2}')
    assert store.load_report("0" * 32) is None
    store.close()


def test_reports_persist_and_old_indexes_gain_the_table(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    store = SQLiteStore(db)
    kept = store.save_report('{"kept": true}')
    store.close()
    # An index made before reports existed: no table. Opening it for writing adds one.
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE reports")
    readonly = SQLiteStore(db, readonly=True)
    assert readonly.load_report(kept) is None
    readonly.close()
    store = SQLiteStore(db)
    assert store.load_report(kept) is None
    again = store.save_report('{"again": true}')
    store.close()
    reader = SQLiteStore(db, readonly=True)
    assert reader.load_report(again) == '{"again": true}'
    reader.close()
