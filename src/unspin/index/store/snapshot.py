"""Bulk reads of an SQLite index for ``unspin scan``: reference texts by group, a Parquet export.

The scan shortlists reference articles by their canonical rowid (a *group* of identical texts)
and then needs every text of the group as raw rows. For Spark the index is exported once to
two Parquet tables the executors join against: ``keys`` (fingerprint ``h``, packed posting
``p``; fingerprints with more than ``posting_cap`` postings left out, exactly what the local
engine's lookups leave out) and ``articles`` (``ARTICLE_COLUMNS``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from unspin.index.store.sqlite import SQLiteStore

__all__ = ["ARTICLE_COLUMNS", "export_parquet", "group_articles"]

ARTICLE_COLUMNS = ("id", "group", "key", "url", "site", "title", "byline", "published", "text")
_SELECT = (
    "SELECT id, coalesce(canonical_id, id), key, url, site, title, byline, published, text"
    " FROM articles"
)


def group_articles(store: SQLiteStore, groups: Iterable[int]) -> list[dict[str, Any]]:
    """The articles whose rowid is in ``groups`` and every identical copy of them, as rows
    keyed by ``ARTICLE_COLUMNS`` (dates as stored: ISO text)."""
    wanted = sorted(set(groups))
    out: list[dict[str, Any]] = []
    conn = store.conn
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        q = f"{_SELECT} WHERE id IN ({marks}) OR canonical_id IN ({marks})"
        out.extend(_row(r) for r in conn.execute(q, chunk + chunk))
    return out


def export_parquet(db: str, folder: str, *, posting_cap: int) -> dict[str, str]:
    """Write the index at ``db`` as Parquet ``keys`` and ``articles`` tables under ``folder``.

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
            for h, p in _batched(_capped_postings(conn, posting_cap), 200_000):
                w.write_table(pa.table({"h": h, "p": p}, schema=key_schema))
        art_schema = pa.schema(
            [("id", pa.int64()), ("group", pa.int64())]
            + [(c, pa.string()) for c in ARTICLE_COLUMNS[2:]]
        )
        with pq.ParquetWriter(paths["articles"] + ".part", art_schema) as w:
            cur = conn.execute(_SELECT + " ORDER BY id")
            while rows := cur.fetchmany(20_000):
                cols = list(zip(*rows, strict=True))
                w.write_table(
                    pa.table(dict(zip(ARTICLE_COLUMNS, cols, strict=True)), schema=art_schema)
                )
    finally:
        conn.close()
    for target in paths.values():
        os.replace(target + ".part", target)
    stamp_path.write_text(json.dumps(stamp))
    return paths


def _capped_postings(conn: sqlite3.Connection, cap: int) -> Iterator[tuple[int, int]]:
    """Every (fingerprint, posting) pair, for fingerprints with at most ``cap`` postings."""
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
            if current is not None and len(posts) <= cap:
                yield from ((current, x) for x in posts)
            current, posts = h, []
        posts.append(p)
    if current is not None and len(posts) <= cap:
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
    return dict(zip(ARTICLE_COLUMNS, r, strict=True))
