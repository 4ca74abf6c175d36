"""The corpus store: articles, their fingerprints, LSH bands and a BM25 index.

    Store (protocol, base.py)
    ├── SQLiteStore    sqlite.py: one file, WAL mode; the default (``unspin index --db news.db``)
    └── MemoryStore    memory.py: dicts; for tests and throw-away corpora

    postings.py        how a sentence posting packs an article rowid and a sentence index
    snapshot.py        bulk reads of an SQLite index for ``unspin scan``
    watch_state.py     the tables ``unspin watch`` keeps in the index file

Both backends share the write logic in :class:`~unspin.index.store.base.StoreBase` (what
"unchanged", "updated", "copy" mean) and differ only in a handful of primitives, so they behave
the same (the tests run every case against both). A new backend is one more module that
subclasses it, plus a branch in :func:`open_store`.

Identical texts (same :func:`~unspin.index.fingerprints.content_hash`) are fingerprinted once:
the first becomes the *canonical* row and later ones are stored as *copies* pointing at it;
retrieval lists them together and prefers the earliest published.

The values and the protocol live in ``base.py`` rather than here so that the backends import
them without importing this package back (no cycle); everything is re-exported here.
SQL (``sqlite3``) is used only in this package.
"""

from __future__ import annotations

import os
from pathlib import Path

from unspin.index.fingerprints import DEFAULT_CONFIG, FingerprintConfig
from unspin.index.store.base import (
    BatchResult,
    InsertionSession,
    Outcome,
    PreparedArticle,
    Store,
    StoredArticle,
    StoreError,
    StoreStats,
    article_key,
    new_report_id,
    prepare_article,
    select_terms,
)
from unspin.index.store.memory import MemoryStore
from unspin.index.store.postings import SENT_BITS, SENT_MASK
from unspin.index.store.sqlite import APPLICATION_ID, SQLiteStore

__all__ = [
    "APPLICATION_ID",
    "SENT_BITS",
    "SENT_MASK",
    "BatchResult",
    "InsertionSession",
    "MemoryStore",
    "Outcome",
    "PreparedArticle",
    "SQLiteStore",
    "Store",
    "StoreError",
    "StoreStats",
    "StoredArticle",
    "article_key",
    "new_report_id",
    "open_store",
    "prepare_article",
    "select_terms",
]


def open_store(
    path: str | os.PathLike[str] | None,
    *,
    config: FingerprintConfig = DEFAULT_CONFIG,
    readonly: bool = False,
) -> SQLiteStore | MemoryStore:
    """A :class:`SQLiteStore` at ``path``, or a :class:`MemoryStore` when ``path`` is None."""
    if path is None:
        return MemoryStore(config=config)
    where = Path(path)
    if readonly and not where.exists():
        raise StoreError(f"{os.fspath(path)}: no such index; build one with `unspin index --db`")
    if not where.parent.is_dir():
        raise StoreError(f"{os.fspath(path)}: folder {where.parent} does not exist")
    return SQLiteStore(path, config=config, readonly=readonly)
