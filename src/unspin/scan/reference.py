"""The reference corpus of a scan: an ``unspin index`` database, built first when needed.

``--reference news.db`` is used as it is (read only). ``--reference refs.parquet`` (or .jsonl,
.csv, a folder: anything ``unspin index`` reads) is indexed once into the output folder's
``_reference/reference.db`` and reused by reruns. The reference is indexed on one machine; it
is original reporting and far smaller than the crawls scanned against it.

For Spark the index is exported once to Parquet (:func:`export_snapshot`, see
:mod:`unspin.index.store.snapshot`), leaving out fingerprints with more than POSTING_CAP
postings, exactly what the local engine's lookups leave out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from unspin.core.errors import InputError
from unspin.index.indexer import index_paths
from unspin.index.store import SQLiteStore, StoreError, open_store
from unspin.index.store.snapshot import export_parquet, group_articles
from unspin.scan.stages import POSTING_CAP

__all__ = ["ReferenceIndex", "export_snapshot", "open_reference"]


class ReferenceIndex:
    """Read access to the reference index for the local engine's workers (one per process)."""

    def __init__(self, path: str) -> None:
        self.path = path
        store = open_store(path, readonly=True)
        assert isinstance(store, SQLiteStore)
        self.store = store
        self.config = store.config

    def postings(self, keys: Iterable[int]) -> dict[int, list[int]]:
        return self.store.sentence_postings(keys, POSTING_CAP)

    def texts(self, groups: Iterable[int]) -> list[dict[str, Any]]:
        """The reference texts of the shortlisted rowids and every identical copy of them."""
        return group_articles(self.store, groups)

    def close(self) -> None:
        self.store.close()


def open_reference(given: str, workdir: Path, *, jobs: int = 1) -> str:
    """The path of the reference index for ``given``, building it from records when needed."""
    path = Path(given)
    if not path.exists():
        raise InputError(given, "does not exist (give an `unspin index` database or records)")
    if path.is_file() and _is_sqlite(path):
        try:
            open_store(path, readonly=True).close()
        except StoreError as err:
            raise InputError(given, f"is not a usable unspin index ({err})") from err
        return str(path)
    db = workdir / "_reference" / "reference.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    stamp = db.with_suffix(".source.json")
    source = {"path": str(path.resolve()), "mtime": path.stat().st_mtime_ns}
    if db.exists() and stamp.exists() and json.loads(stamp.read_text()) == source:
        return str(db)  # built by an earlier run from the same file
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    store = open_store(db)
    try:
        summary = index_paths(store, [path], jobs=jobs)
    finally:
        store.close()
    if summary.indexed == 0:
        raise InputError(given, "has no articles to use as the reference")
    stamp.write_text(json.dumps(source))
    return str(db)


def export_snapshot(db: str, folder: str) -> dict[str, str]:
    """Write the reference index as Parquet ``keys`` and ``articles`` tables under ``folder``.

    Reused while the index is unchanged (same size and modification time).
    """
    return export_parquet(db, folder, posting_cap=POSTING_CAP)


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"
