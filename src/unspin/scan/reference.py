"""The reference corpus of a scan: an ``unspin index`` database, built first when needed.

``--reference news.db`` is used as it is (read only). ``--reference refs.parquet`` (or .jsonl,
.csv, a folder: anything ``unspin index`` reads) is indexed once into the output folder's
``_reference/reference.db`` and reused by reruns. The reference is indexed on one machine; it
is original reporting and far smaller than the crawls scanned against it.

For Spark the index is exported once to two Parquet tables the executors join against:
``keys`` (fingerprint ``h``, packed posting ``p``; fingerprints with more than POSTING_CAP
postings left out, exactly what the local engine's lookups leave out) and ``articles``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from unspin.core.errors import InputError
from unspin.index.indexer import index_paths
from unspin.index.store import SQLiteStore, StoreError, open_store
from unspin.scan.stages import POSTING_CAP

__all__ = ["ReferenceIndex", "export_snapshot", "open_reference"]

_ARTICLE_COLUMNS = ("id", "group", "key", "url", "site", "title", "byline", "published", "text")
_SELECT = (
    "SELECT id, coalesce(canonical_id, id), key, url, site, title, byline, published, text"
    " FROM articles"
)


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
        wanted = sorted(set(groups))
        out: list[dict[str, Any]] = []
        conn = self.store.conn
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            q = f"{_SELECT} WHERE id IN ({marks}) OR canonical_id IN ({marks})"
            out.extend(_row(r) for r in conn.execute(q, chunk + chunk))
        return out

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
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"keys": str(out / "keys.parquet"), "articles": str(out / "articles.parquet")}
    stamp_path = out / "stamp.json"
    stat = os.stat(db)
    wal = Path(db + "-wal")
    stamp = {
        "db": str(Path(db).resolve()),
        "size": stat.st_size,
        "mtime": stat.st_mtime_ns,
        "wal": wal.stat().st_mtime_ns if wal.exists() else None,
    }
    if stamp_path.exists() and json.loads(stamp_path.read_text()) == stamp:
        return paths
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        key_schema = pa.schema([("h", pa.int64()), ("p", pa.int64())])
        with pq.ParquetWriter(paths["keys"] + ".part", key_schema) as w:
            for h, p in _batched(_capped_postings(conn), 200_000):
                w.write_table(pa.table({"h": h, "p": p}, schema=key_schema))
        art_schema = pa.schema(
            [("id", pa.int64()), ("group", pa.int64())]
            + [(c, pa.string()) for c in _ARTICLE_COLUMNS[2:]]
        )
        with pq.ParquetWriter(paths["articles"] + ".part", art_schema) as w:
            cur = conn.execute(_SELECT + " ORDER BY id")
            while rows := cur.fetchmany(20_000):
                cols = list(zip(*rows, strict=True))
                w.write_table(
                    pa.table(dict(zip(_ARTICLE_COLUMNS, cols, strict=True)), schema=art_schema)
                )
    finally:
        conn.close()
    for target in paths.values():
        os.replace(target + ".part", target)
    stamp_path.write_text(json.dumps(stamp))
    return paths


def _capped_postings(conn: sqlite3.Connection) -> Iterator[tuple[int, int]]:
    """Every (fingerprint, posting) pair, for fingerprints with at most POSTING_CAP postings."""
    logged = conn.execute("SELECT 1 FROM sentence_fp_log LIMIT 1").fetchone() is not None
    q = (
        "SELECT h, p FROM (SELECT h, p FROM sentence_fp UNION SELECT h, p FROM sentence_fp_log)"
        " ORDER BY h, p"
        if logged
        else "SELECT h, p FROM sentence_fp ORDER BY h, p"
    )
    current: int | None = None
    posts: list[int] = []
    for h, p in conn.execute(q):
        if h != current:
            if current is not None and len(posts) <= POSTING_CAP:
                yield from ((current, x) for x in posts)
            current, posts = h, []
        posts.append(p)
    if current is not None and len(posts) <= POSTING_CAP:
        yield from ((current, x) for x in posts)


def _batched(pairs: Iterator[tuple[int, int]], n: int) -> Iterator[tuple[list[int], list[int]]]:
    hs: list[int] = []
    ps: list[int] = []
    for h, p in pairs:
        hs.append(h)
        ps.append(p)
        if len(hs) >= n:
            yield hs, ps
            hs, ps = [], []
    if hs:
        yield hs, ps


def _row(r: Iterable[Any]) -> dict[str, Any]:
    return dict(zip(_ARTICLE_COLUMNS, r, strict=True))


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"
