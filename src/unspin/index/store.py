"""The corpus store: articles, their fingerprints, LSH bands and a BM25 index.

    Store (protocol)
    ├── SQLiteStore    one file, WAL mode; the default (``unspin index --db news.db``)
    └── MemoryStore    dicts; for tests and throw-away corpora

Both share the write logic in :class:`_StoreBase` (what "unchanged", "updated", "copy" mean)
and differ only in a handful of primitives, so they behave the same (the tests run every case
against both).

Writes go through an insertion session (``with store.session() as s: s.add(prepared)``) that
commits every ``batch_size`` articles in one transaction and reports only committed outcomes,
so a ``kill -9`` loses nothing that was reported as indexed. SQLite writers take the write lock
up front (``BEGIN IMMEDIATE``) and wait for each other (``busy_timeout``), so two ``index``
processes on one file interleave batches instead of failing or corrupting it.

Identical texts (same :func:`~unspin.index.fingerprints.content_hash`) are fingerprinted once:
the first becomes the *canonical* row and later ones are stored as *copies* pointing at it;
retrieval lists them together and prefers the earliest published. Queries are SQL lookups; the
index is never loaded into memory.

The file is marked as unspin's with ``PRAGMA application_id`` (``APPLICATION_ID``). A file
with another mark, or with tables but neither the mark nor unspin's ``meta`` table, is another
program's database: it is refused before anything is written to it. Indexes made before the
mark existed are recognised by their ``meta`` table and marked when next opened for writing.
A write that fails (disk full, read-only file) raises ``StoreError`` with one line; the
transaction is rolled back, so what was committed before stays.

The store also keeps the reports ``unspin serve`` hands out (``save_report`` / ``load_report``:
JSON text under a random id), so a report's link keeps working after a restart.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import sqlite3
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from unspin.core.errors import UnspinError
from unspin.core.model import Article
from unspin.index.fingerprints import (
    DEFAULT_CONFIG,
    DocFingerprints,
    FingerprintConfig,
    fingerprint,
    scheme,
)
from unspin.index.tokens import fast_tokens
from unspin.ingest import text_id

__all__ = [
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
    "open_store",
    "prepare_article",
]

SENT_BITS = 10  # postings pack (article rowid << 10) | sentence index
LOG_MERGE_MIN = 1_000_000  # postings in the logs before a merge is worth it
LOG_MERGE_FRACTION = 8  # ... or this fraction of all postings, whichever is larger
SENT_MASK = (1 << SENT_BITS) - 1
SCHEMA_VERSION = "1"
APPLICATION_ID = 0x756E7370  # "unsp"


class StoreError(UnspinError):
    """The index file can't be used (wrong scheme, not a database, locked too long)."""

    code = "E300"


class Outcome:
    """What happened to one article offered to the store."""

    ADDED = "added"  # new text, fingerprinted
    COPY = "copy"  # new key, text identical to an indexed article: stored as its copy
    UPDATED = "updated"  # known key, new text: replaced
    UNCHANGED = "unchanged"  # known key, same text: skipped
    DUPLICATE_ID = "duplicate_id"  # key seen earlier in this run with other text: skipped

    INDEXED = frozenset({ADDED, COPY, UPDATED})


# --- values -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article with its fingerprints, ready to store (pure, picklable)."""

    key: str
    article: Article
    fp: DocFingerprints


def article_key(article: Article, content_hash: int) -> str:
    """The store key: the article's own id, else its URL, else its content hash.

    An id that ingestion derived from the text (no id given) is not the article's own: keyed
    by it, the same text republished at another URL would read as "unchanged" and never be
    listed as a copy.
    """
    if article.id and article.id != text_id(article.text):
        return article.id
    return article.url or article.id or f"sha:{content_hash & ((1 << 64) - 1):016x}"


def prepare_article(
    article: Article, config: FingerprintConfig = DEFAULT_CONFIG
) -> PreparedArticle:
    fp = fingerprint(article.text, config)
    return PreparedArticle(key=article_key(article, fp.content_hash), article=article, fp=fp)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredArticle:
    rowid: int
    key: str
    article: Article  # ``article.id`` is the store key
    content_hash: int
    canonical_id: int | None  # None: this row carries the fingerprints
    n_sentences: int
    added_at: str

    @property
    def published(self) -> dt.date | None:
        return self.article.published


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Outcomes of one committed batch: ``(key, outcome)`` pairs in input order."""

    outcomes: tuple[tuple[str, str], ...]

    def counts(self) -> Counter[str]:
        return Counter(o for _, o in self.outcomes)


@dataclass(frozen=True, slots=True)
class StoreStats:
    articles: int
    canonical: int  # distinct texts
    sentences: int
    fingerprints: int
    bands: int
    bytes: int  # size on disk (db + WAL); 0 for memory
    path: str | None = None

    def as_dict(self) -> dict[str, int | str | None]:
        return {
            "articles": self.articles,
            "distinct_texts": self.canonical,
            "sentences": self.sentences,
            "fingerprints": self.fingerprints,
            "bands": self.bands,
            "bytes": self.bytes,
            "path": self.path,
        }


@runtime_checkable
class Store(Protocol):
    """What retrieval and indexing need from a store."""

    config: FingerprintConfig

    def session(
        self, *, batch_size: int = ..., on_commit: Callable[[BatchResult], None] | None = ...
    ) -> contextlib.AbstractContextManager[InsertionSession]: ...
    def add(self, prepared: PreparedArticle) -> str: ...
    def delete(self, key_or_url: str) -> int: ...
    def get(self, key: str) -> StoredArticle | None: ...
    def get_many(self, rowids: Iterable[int]) -> dict[int, StoredArticle]: ...
    def sentence_postings(self, hashes: Iterable[int], cap: int) -> dict[int, list[int]]: ...
    def band_matches(self, bands: Iterable[int]) -> Counter[int]: ...
    def signatures(self, rowids: Iterable[int]) -> dict[int, np.ndarray]: ...
    def search(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]: ...
    def copies_of(self, rowids: Iterable[int]) -> dict[int, list[StoredArticle]]: ...
    def stats(self) -> StoreStats: ...
    def save_report(self, report_json: str) -> str: ...
    def load_report(self, report_id: str) -> str | None: ...
    def delete_report(self, report_id: str) -> bool: ...
    def prune_reports(
        self, *, max_age_s: float | None, max_count: int | None, max_bytes: int | None
    ) -> int: ...
    def close(self) -> None: ...


# --- shared write logic -------------------------------------------------------------------


@dataclass
class _Row:
    rowid: int
    content_hash: int
    canonical_id: int | None
    run_id: str | None


class InsertionSession:
    """Buffers prepared articles and commits them in batches (see module docstring)."""

    def __init__(
        self,
        store: _StoreBase,
        batch_size: int,
        on_commit: Callable[[BatchResult], None] | None,
    ) -> None:
        self.store = store
        self.batch_size = max(1, batch_size)
        self.on_commit = on_commit
        self.run_id = uuid.uuid4().hex
        self.committed: Counter[str] = Counter()
        self._buffer: list[PreparedArticle] = []

    def add(self, prepared: PreparedArticle) -> None:
        self._buffer.append(prepared)
        if len(self._buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> BatchResult:
        if not self._buffer:
            return BatchResult(())
        batch, self._buffer = self._buffer, []
        result = self.store._write_batch(batch, self.run_id)
        self.committed.update(result.counts())
        if self.on_commit is not None:
            self.on_commit(result)
        return result

    def discard(self) -> int:
        n = len(self._buffer)
        self._buffer = []
        return n


class _StoreBase:
    """Write semantics on top of a few storage primitives (implemented per backend)."""

    config: FingerprintConfig

    # -- primitives (backend) --
    def _find_by_key(self, key: str) -> _Row | None:
        raise NotImplementedError

    def _find_canonical(self, content_hash: int) -> int | None:
        raise NotImplementedError

    def _insert_row(self, p: PreparedArticle, canonical_id: int | None, run_id: str | None) -> int:
        raise NotImplementedError

    def _delete_row(self, rowid: int) -> None:
        raise NotImplementedError

    def _row_ids_for(self, key_or_url: str) -> list[int]:
        raise NotImplementedError

    def _copy_ids(self, rowid: int) -> list[int]:
        raise NotImplementedError

    def _is_canonical(self, rowid: int) -> bool:
        raise NotImplementedError

    def _set_canonical(self, rowids: Sequence[int], canonical_id: int | None) -> None:
        raise NotImplementedError

    def _add_index(
        self, rowid: int, fp: DocFingerprints, title: str | None, text: str, promoted: bool = False
    ) -> None:
        raise NotImplementedError

    def _remove_index(self, rowid: int, fp: DocFingerprints, title: str | None, text: str) -> None:
        raise NotImplementedError

    def _load_text(self, rowid: int) -> tuple[str | None, str]:
        raise NotImplementedError

    def _transaction(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError

    # -- public write API --
    def session(
        self,
        *,
        batch_size: int = 256,
        on_commit: Callable[[BatchResult], None] | None = None,
    ) -> contextlib.AbstractContextManager[InsertionSession]:
        return self._session(batch_size, on_commit)

    @contextlib.contextmanager
    def _session(
        self, batch_size: int, on_commit: Callable[[BatchResult], None] | None
    ) -> Iterator[InsertionSession]:
        s = InsertionSession(self, batch_size, on_commit)
        try:
            yield s
        except BaseException:
            s.discard()  # uncommitted work is dropped; what was reported stays committed
            raise
        s.flush()
        self._end_session()

    def _end_session(self) -> None:
        """Backend work after a session's last batch (SQLite: merge the postings logs)."""

    def add(self, prepared: PreparedArticle) -> str:
        """Add one article in its own transaction; returns its :class:`Outcome`."""
        return self._write_batch([prepared], None).outcomes[0][1]

    def delete(self, key_or_url: str) -> int:
        """Delete every article whose key or URL is ``key_or_url``; returns how many."""
        with self._transaction():
            ids = self._row_ids_for(key_or_url)
            for rowid in ids:
                self._delete_article(rowid)
        return len(ids)

    def _write_batch(self, batch: Sequence[PreparedArticle], run_id: str | None) -> BatchResult:
        outcomes: list[tuple[str, str]] = []
        with self._transaction():
            for p in batch:
                outcomes.append((p.key, self._apply(p, run_id)))
        return BatchResult(tuple(outcomes))

    def _apply(self, p: PreparedArticle, run_id: str | None) -> str:
        existing = self._find_by_key(p.key)
        updated = False
        if existing is not None:
            if existing.content_hash == p.fp.content_hash:
                return Outcome.UNCHANGED
            if run_id is not None and existing.run_id == run_id:
                return Outcome.DUPLICATE_ID
            self._delete_article(existing.rowid)
            updated = True
        canonical = self._find_canonical(p.fp.content_hash)
        rowid = self._insert_row(p, canonical, run_id)
        if canonical is None:
            self._add_index(rowid, p.fp, p.article.title, p.article.text)
        if updated:
            return Outcome.UPDATED
        return Outcome.ADDED if canonical is None else Outcome.COPY

    def _delete_article(self, rowid: int) -> None:
        row_title, text = self._load_text(rowid)
        copies = self._copy_ids(rowid)
        is_canonical = self._is_canonical(rowid)
        if is_canonical:
            fp = fingerprint(text, self.config)
            self._remove_index(rowid, fp, row_title, text)
            if copies:
                heir, rest = copies[0], copies[1:]
                self._set_canonical([heir], None)
                self._set_canonical(rest, heir)
                heir_title, _ = self._load_text(heir)
                self._add_index(heir, fp, heir_title, text, promoted=True)
        self._delete_row(rowid)


# --- SQLite -------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: stale postings can't alias
    key TEXT NOT NULL UNIQUE,
    url TEXT, site TEXT, title TEXT, byline TEXT, published TEXT,
    text TEXT NOT NULL,
    content_hash INTEGER NOT NULL,
    canonical_id INTEGER,                  -- NULL: this row carries the fingerprints
    n_sentences INTEGER NOT NULL,
    n_fingerprints INTEGER NOT NULL,
    signature BLOB,
    run_id TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_copies ON articles(canonical_id) WHERE canonical_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS sentence_fp (h INTEGER NOT NULL, p INTEGER NOT NULL, PRIMARY KEY (h, p))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_band (h INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (h, doc))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentence_fp_log (h INTEGER NOT NULL, p INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS doc_band_log (h INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, created TEXT NOT NULL, json TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(
    title, text, content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
"""
_COUNTERS = ("articles", "canonical", "sentences", "fingerprints", "bands")


class SQLiteStore(_StoreBase):
    """The default store: one SQLite file in WAL mode."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        config: FingerprintConfig = DEFAULT_CONFIG,
        busy_timeout_s: float = 120.0,
        cache_mb: int = 64,
        readonly: bool = False,
    ) -> None:
        self.path = os.fspath(path)
        self.config = config
        self.scheme = scheme(config)
        self._pending: list[tuple[int, int]] = []
        self._pending_bands: list[tuple[int, int]] = []
        self._delta: Counter[str] = Counter()
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(
                    uri,
                    uri=True,
                    isolation_level=None,
                    timeout=busy_timeout_s,
                    check_same_thread=False,
                )
            else:
                self.conn = sqlite3.connect(
                    self.path,
                    isolation_level=None,
                    timeout=busy_timeout_s,
                    check_same_thread=False,
                )
            self.conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            self.conn.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
            self._refuse_foreign()
            if not readonly:
                self._init_schema()
            self._check_scheme()
        except StoreError:
            self.conn.close()
            raise
        except sqlite3.DatabaseError as err:
            with contextlib.suppress(Exception):
                self.conn.close()
            raise self._write_error(err, "not a usable unspin index") from None

    def _refuse_foreign(self) -> None:
        """Refuse another program's SQLite file before anything is written to it."""
        c = self.conn
        app_id = int(c.execute("PRAGMA application_id").fetchone()[0])
        if app_id == APPLICATION_ID:
            return
        if app_id != 0:
            raise StoreError(
                f"{self.path}: another program's SQLite database (application_id "
                f"{app_id:#x}); unspin leaves it untouched. Give --db a new file name"
            )
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if tables and "meta" not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(
                f"{self.path}: an SQLite database that is not an unspin index (tables: "
                f"{shown}); unspin leaves it untouched. Give --db a new file name"
            )

    def _write_error(
        self, err: sqlite3.Error, what: str = "could not write the index"
    ) -> StoreError:
        """One line for a failed write: what happened, and that nothing of it was kept."""
        text = str(err).lower()
        if "full" in text:
            return StoreError(
                f"{self.path}: the disk is full (SQLite: {err}); the last batch was rolled "
                "back and everything committed before it is kept. Free space and run again"
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StoreError(
                f"{self.path}: the index is read-only ({err}); check the permissions of the "
                "file and of its folder (SQLite writes a -wal file beside it)"
            )
        if "locked" in text or "busy" in text:
            return StoreError(f"{self.path}: the index stayed locked by another writer ({err})")
        return StoreError(f"{self.path}: {what} ({err})")

    # -- setup --
    def _init_schema(self) -> None:
        c = self.conn
        mode = c.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal" and self.path != ":memory:":
            raise StoreError(f"{self.path}: could not switch the database to WAL mode ({mode})")
        c.execute("PRAGMA synchronous=NORMAL")  # WAL+NORMAL: a committed batch survives kill -9
        c.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    c.execute(statement)
            c.execute(f"PRAGMA application_id={APPLICATION_ID}")
            cur = c.execute("SELECT value FROM meta WHERE key='scheme'").fetchone()
            if cur is None:
                c.executemany(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
                    [("scheme", self.scheme), ("schema_version", SCHEMA_VERSION)]
                    + [(f"count_{k}", "0") for k in _COUNTERS],
                )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _check_scheme(self) -> None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='scheme'").fetchone()
        except sqlite3.OperationalError as err:
            raise StoreError(f"{self.path}: not an unspin index ({err})") from err
        if row is None:
            raise StoreError(f"{self.path}: not an unspin index (no scheme recorded)")
        if row[0] != self.scheme:
            raise StoreError(
                f"{self.path} was built with fingerprint scheme {row[0]!r} but this unspin uses "
                f"{self.scheme!r}; index into a new --db file (or re-index this corpus)"
            )

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise self._write_error(err) from None
        try:
            yield
            self._flush_pending()
            self._flush_counters()
            c.execute("COMMIT")
        except BaseException as err:
            self._pending.clear()
            self._pending_bands.clear()
            self._delta.clear()
            if c.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    c.execute("ROLLBACK")
            if isinstance(err, sqlite3.OperationalError):
                raise self._write_error(err) from None
            raise

    def _flush_pending(self) -> None:
        # Postings go to append-only logs (see _merge_log): appends touch the last pages only,
        # where inserts into the big (h, p) B-trees would touch a random page each.
        if self._pending:
            self.conn.executemany("INSERT INTO sentence_fp_log(h, p) VALUES (?, ?)", self._pending)
            self._pending.clear()
        if self._pending_bands:
            self.conn.executemany(
                "INSERT INTO doc_band_log(h, doc) VALUES (?, ?)", self._pending_bands
            )
            self._pending_bands.clear()

    # -- the postings logs --
    #
    # Postings keyed by (hash, article) arrive in random key order; inserting one batch into the
    # big B-trees dirties about one page per posting, so commit cost grows with the store (at
    # 200k articles, ~70 KB written per article). Batches append their postings to two
    # unindexed logs instead, in the same transaction as their articles (a committed article
    # keeps its postings through a kill -9), and the logs are merged into the B-trees in key
    # order, which touches each page once per merge: when they reach 1/LOG_MERGE_FRACTION of
    # the postings (so the cost per article stays flat as the store grows), at the end of every
    # session, before any delete, and after a single ``add``. Lookups read the logs too (a
    # scan, only while they are not empty: during an indexing run, or after a crash until the
    # next write).

    def _log_rows(self) -> int:
        # Logs are only appended to and emptied whole, so the largest rowid is the row count.
        r = self.conn.execute(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM sentence_fp_log),"
            " (SELECT coalesce(max(rowid), 0) FROM doc_band_log)"
        ).fetchone()
        return int(r[0]) + int(r[1])

    def _merge_log(self, *, force: bool) -> None:
        n = self._log_rows()
        if n == 0:
            return
        if not force:
            main = self._count("fingerprints") + self._count("bands")
            if n < max(LOG_MERGE_MIN, main // LOG_MERGE_FRACTION):
                return
        with self._transaction():
            self._merge_log_rows()

    def _merge_log_rows(self) -> None:
        c = self.conn
        c.execute(
            "INSERT OR IGNORE INTO sentence_fp(h, p) SELECT h, p FROM sentence_fp_log ORDER BY h, p"
        )
        c.execute("DELETE FROM sentence_fp_log")
        c.execute(
            "INSERT OR IGNORE INTO doc_band(h, doc) SELECT h, doc FROM doc_band_log ORDER BY h, doc"
        )
        c.execute("DELETE FROM doc_band_log")

    def _log_lookup(self, table: str, hashes: list[int]) -> dict[int, list[int]]:
        """``{hash: [values]}`` from a postings log (one scan per 500 hashes)."""
        out: dict[int, list[int]] = defaultdict(list)
        c = self.conn
        try:
            if not hashes or c.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
                return out
        except sqlite3.OperationalError:  # a read-only index from before the logs existed
            return out
        col = "p" if table == "sentence_fp_log" else "doc"
        for chunk in _chunks(hashes, 500):
            q = f"SELECT h, {col} FROM {table} WHERE h IN ({','.join('?' * len(chunk))})"
            for h, v in c.execute(q, chunk):
                out[h].append(v)
        return out

    def _write_batch(self, batch: Sequence[PreparedArticle], run_id: str | None) -> BatchResult:
        result = super()._write_batch(batch, run_id)
        self._merge_log(force=run_id is None)  # a single add() leaves nothing in the logs
        return result

    def _end_session(self) -> None:
        self._merge_log(force=True)

    def _flush_counters(self) -> None:
        if self._delta:
            self.conn.executemany(
                "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ?",
                [(v, f"count_{k}") for k, v in self._delta.items()],
            )
            self._delta.clear()

    # -- primitives --
    def _find_by_key(self, key: str) -> _Row | None:
        r = self.conn.execute(
            "SELECT id, content_hash, canonical_id, run_id FROM articles WHERE key = ?", (key,)
        ).fetchone()
        return _Row(*r) if r else None

    def _find_canonical(self, content_hash: int) -> int | None:
        r = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND canonical_id IS NULL LIMIT 1",
            (content_hash,),
        ).fetchone()
        return r[0] if r else None

    def _insert_row(self, p: PreparedArticle, canonical_id: int | None, run_id: str | None) -> int:
        a = p.article
        fp = p.fp
        cur = self.conn.execute(
            "INSERT INTO articles(key, url, site, title, byline, published, text, content_hash,"
            " canonical_id, n_sentences, n_fingerprints, signature, run_id, added_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                p.key, a.url, a.site, a.title, a.byline,
                a.published.isoformat() if a.published else None,
                a.text, fp.content_hash, canonical_id, len(fp.sentences),
                fp.n_fingerprints if canonical_id is None else 0,
                fp.signature.astype("<u4").tobytes(), run_id, _now(),
            ),
        )  # fmt: skip
        self._delta["articles"] += 1
        return int(cur.lastrowid or 0)

    def _delete_row(self, rowid: int) -> None:
        self.conn.execute("DELETE FROM articles WHERE id = ?", (rowid,))
        self._delta["articles"] -= 1

    def _row_ids_for(self, key_or_url: str) -> list[int]:
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE key = ? UNION SELECT id FROM articles WHERE url = ?",
            (key_or_url, key_or_url),
        ).fetchall()
        return [r[0] for r in rows]

    def _copy_ids(self, rowid: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE canonical_id = ?"
            " ORDER BY published IS NULL, published, id",
            (rowid,),
        ).fetchall()
        return [r[0] for r in rows]

    def _is_canonical(self, rowid: int) -> bool:
        r = self.conn.execute("SELECT canonical_id FROM articles WHERE id = ?", (rowid,)).fetchone()
        return r is not None and r[0] is None

    def _set_canonical(self, rowids: Sequence[int], canonical_id: int | None) -> None:
        self.conn.executemany(
            "UPDATE articles SET canonical_id = ? WHERE id = ?", [(canonical_id, r) for r in rowids]
        )

    def _load_text(self, rowid: int) -> tuple[str | None, str]:
        r = self.conn.execute("SELECT title, text FROM articles WHERE id = ?", (rowid,)).fetchone()
        return (r[0], r[1]) if r else (None, "")

    def _add_index(
        self, rowid: int, fp: DocFingerprints, title: str | None, text: str, promoted: bool = False
    ) -> None:
        base = rowid << SENT_BITS
        n = 0
        for i, s in enumerate(fp.sentences):
            p = base | i
            for h in s.fingerprints:
                self._pending.append((h, p))
                n += 1
        for h in fp.bands:
            self._pending_bands.append((h, rowid))
        self.conn.execute(
            "INSERT INTO article_fts(rowid, title, text) VALUES (?, ?, ?)", (rowid, title, text)
        )
        if promoted:
            self.conn.execute("UPDATE articles SET n_fingerprints = ? WHERE id = ?", (n, rowid))
        self._delta.update(
            {"canonical": 1, "sentences": len(fp.sentences), "fingerprints": n,
             "bands": len(fp.bands)}
        )  # fmt: skip

    def _remove_index(self, rowid: int, fp: DocFingerprints, title: str | None, text: str) -> None:
        self._flush_pending()
        if self._log_rows():
            self._merge_log_rows()  # postings are deleted from the B-trees only
        base = rowid << SENT_BITS
        keys = [(h, base | i) for i, s in enumerate(fp.sentences) for h in s.fingerprints]
        c = self.conn
        before = c.total_changes
        c.executemany("DELETE FROM sentence_fp WHERE h = ? AND p = ?", keys)
        removed = c.total_changes - before
        c.executemany(
            "DELETE FROM doc_band WHERE h = ? AND doc = ?", [(h, rowid) for h in fp.bands]
        )
        c.execute(
            "INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
            (rowid, title, text),
        )
        self._delta.update(
            {"canonical": -1, "sentences": -len(fp.sentences), "fingerprints": -removed,
             "bands": -len(fp.bands)}
        )  # fmt: skip

    # -- reads --
    def get(self, key: str) -> StoredArticle | None:
        r = self.conn.execute(_SELECT + " WHERE key = ?", (key,)).fetchone()
        return _stored(r) if r else None

    def get_many(self, rowids: Iterable[int]) -> dict[int, StoredArticle]:
        out: dict[int, StoredArticle] = {}
        for chunk in _chunks(list(dict.fromkeys(rowids)), 500):
            q = _SELECT + f" WHERE id IN ({','.join('?' * len(chunk))})"
            for r in self.conn.execute(q, chunk):
                out[r[0]] = _stored(r)
        return out

    def sentence_postings(self, hashes: Iterable[int], cap: int) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        q = "SELECT p FROM sentence_fp WHERE h = ? LIMIT ?"
        c = self.conn
        wanted = list(dict.fromkeys(hashes))
        logged = self._log_lookup("sentence_fp_log", wanted)
        for h in wanted:
            rows = c.execute(q, (h, cap + 1)).fetchall()
            posts = [r[0] for r in rows]
            if h in logged:
                posts = sorted({*posts, *logged[h]})
            if posts and len(posts) <= cap:
                out[h] = posts
        return out

    def band_matches(self, bands: Iterable[int]) -> Counter[int]:
        hits: Counter[int] = Counter()
        q = "SELECT doc FROM doc_band WHERE h = ? LIMIT 1000"
        wanted = list(dict.fromkeys(bands))
        logged = self._log_lookup("doc_band_log", wanted)
        for h in wanted:
            docs = {r[0] for r in self.conn.execute(q, (h,))}
            docs.update(logged.get(h, ()))
            hits.update(docs)
        return hits

    def signatures(self, rowids: Iterable[int]) -> dict[int, np.ndarray]:
        out: dict[int, np.ndarray] = {}
        for chunk in _chunks(list(dict.fromkeys(rowids)), 500):
            q = f"SELECT id, signature FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            for rowid, blob in self.conn.execute(q, chunk):
                if blob:
                    out[rowid] = np.frombuffer(blob, dtype="<u4").astype(np.uint32)
        return out

    def search(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """BM25 over the rarest few of ``terms`` (see :func:`select_terms`)."""
        words = [t for t in dict.fromkeys(terms) if t and t.isalnum()]
        if not words:
            return []
        # Document frequency by a bounded probe per term: cost stays flat as the corpus grows.
        df: dict[str, int] = {}
        probe = "SELECT rowid FROM article_fts WHERE article_fts MATCH ? LIMIT ?"
        for w in words:
            n = len(self.conn.execute(probe, (f'"{w}"', TERM_DF_CAP + 1)).fetchall())
            if n:
                df[w] = n
        chosen = select_terms(words, df)
        if not chosen:
            return []
        query = " OR ".join(f'"{w}"' for w in chosen)
        try:
            rows = self.conn.execute(
                "SELECT rowid, bm25(article_fts) AS s FROM article_fts WHERE article_fts MATCH ?"
                " ORDER BY s LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [(r[0], -float(r[1])) for r in rows]

    def _count(self, name: str) -> int:
        r = self.conn.execute("SELECT value FROM meta WHERE key = ?", (f"count_{name}",)).fetchone()
        return int(r[0]) if r else 0

    def copies_of(self, rowids: Iterable[int]) -> dict[int, list[StoredArticle]]:
        out: dict[int, list[StoredArticle]] = defaultdict(list)
        for chunk in _chunks(list(dict.fromkeys(rowids)), 500):
            q = _SELECT + f" WHERE canonical_id IN ({','.join('?' * len(chunk))})"
            for r in self.conn.execute(q, chunk):
                out[r[9]].append(_stored(r))
        return dict(out)

    def stats(self) -> StoreStats:
        rows = dict(self.conn.execute("SELECT key, value FROM meta WHERE key LIKE 'count_%'"))
        size = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                size += os.path.getsize(self.path + suffix)
        return StoreStats(
            articles=int(rows.get("count_articles", 0)),
            canonical=int(rows.get("count_canonical", 0)),
            sentences=int(rows.get("count_sentences", 0)),
            fingerprints=int(rows.get("count_fingerprints", 0)),
            bands=int(rows.get("count_bands", 0)),
            bytes=size,
            path=self.path,
        )

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- reports (``unspin serve``) --
    def save_report(self, report_json: str) -> str:
        """Store a report's JSON; returns its new id. One statement, so it commits on its own."""
        report_id = new_report_id()
        try:
            self.conn.execute(
                "INSERT INTO reports(id, created, json) VALUES (?, ?, ?)",
                (report_id, _now(), report_json),
            )
        except sqlite3.OperationalError as err:
            raise self._write_error(err, "could not store the report") from None
        return report_id

    def load_report(self, report_id: str) -> str | None:
        try:
            row = self.conn.execute(
                "SELECT json FROM reports WHERE id = ?", (report_id,)
            ).fetchone()
        except sqlite3.OperationalError:  # a read-only index from before reports existed
            return None
        return str(row[0]) if row else None

    def delete_report(self, report_id: str) -> bool:
        try:
            cur = self.conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
        except sqlite3.OperationalError as err:
            raise self._write_error(err, "could not delete the report") from None
        return cur.rowcount > 0

    def prune_reports(
        self, *, max_age_s: float | None, max_count: int | None, max_bytes: int | None
    ) -> int:
        """Delete reports older than ``max_age_s``, past the newest ``max_count``, and past
        ``max_bytes`` of JSON counted from the newest; returns how many went."""
        c = self.conn
        before = c.total_changes
        with self._transaction():
            if max_age_s is not None:
                c.execute("DELETE FROM reports WHERE created < ?", (_ago(max_age_s),))
            if max_count is not None:
                c.execute(
                    "DELETE FROM reports WHERE id IN (SELECT id FROM reports "
                    "ORDER BY created DESC, rowid DESC LIMIT -1 OFFSET ?)",
                    (max_count,),
                )
            if max_bytes is not None:
                c.execute(
                    "DELETE FROM reports WHERE id IN (SELECT id FROM (SELECT id, "
                    "SUM(length(CAST(json AS BLOB))) OVER (ORDER BY created DESC, rowid DESC)"
                    " AS total FROM reports) WHERE total > ?)",
                    (max_bytes,),
                )
        return c.total_changes - before


_SELECT = (
    "SELECT id, key, url, site, title, byline, published, text, content_hash, canonical_id,"
    " n_sentences, added_at FROM articles"
)


def _stored(r: Sequence[object]) -> StoredArticle:
    published = dt.date.fromisoformat(str(r[6])) if r[6] else None
    art = Article(
        text=str(r[7]), title=_s(r[4]), byline=_s(r[5]), published=published, url=_s(r[2]),
        site=_s(r[3]), id=str(r[1]),
    )  # fmt: skip
    return StoredArticle(
        rowid=int(r[0]),  # type: ignore[call-overload]
        key=str(r[1]),
        article=art,
        content_hash=int(r[8]),  # type: ignore[call-overload]
        canonical_id=None if r[9] is None else int(r[9]),  # type: ignore[call-overload]
        n_sentences=int(r[10]),  # type: ignore[call-overload]
        added_at=str(r[11]),
    )


def _s(v: object) -> str | None:
    return None if v is None else str(v)


def _chunks(xs: list[int], n: int) -> Iterator[list[int]]:
    for i in range(0, len(xs), n):
        yield xs[i : i + n]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _ago(seconds: float) -> str:
    """``_now()`` as it was ``seconds`` ago (same format, so strings compare as times)."""
    then = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)
    return then.isoformat(timespec="seconds")


def new_report_id() -> str:
    """Random, so report links cannot be guessed from one another."""
    return uuid.uuid4().hex


# --- memory -------------------------------------------------------------------------------


@dataclass
class _MemRow:
    stored: StoredArticle
    run_id: str | None
    signature: np.ndarray
    n_fingerprints: int = 0


@dataclass
class _MemIndex:
    postings: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    bands: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    terms: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    doc_len: dict[int, int] = field(default_factory=dict)


class MemoryStore(_StoreBase):
    """Everything in dicts; same behaviour as :class:`SQLiteStore` (BM25 re-implemented)."""

    def __init__(self, *, config: FingerprintConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self.scheme = scheme(config)
        self._rows: dict[int, _MemRow] = {}
        self._by_key: dict[str, int] = {}
        self._ix = _MemIndex()
        self._next_id = 1
        self._counts: Counter[str] = Counter()
        self._canonical_by_hash: dict[int, int] = {}
        self._reports: dict[str, str] = {}
        self._report_times: dict[str, str] = {}

    def close(self) -> None:
        pass

    def save_report(self, report_json: str) -> str:
        report_id = new_report_id()
        self._reports[report_id] = report_json
        self._report_times[report_id] = _now()
        return report_id

    def load_report(self, report_id: str) -> str | None:
        return self._reports.get(report_id)

    def delete_report(self, report_id: str) -> bool:
        self._report_times.pop(report_id, None)
        return self._reports.pop(report_id, None) is not None

    def prune_reports(
        self, *, max_age_s: float | None, max_count: int | None, max_bytes: int | None
    ) -> int:
        oldest = _ago(max_age_s) if max_age_s is not None else ""
        total = 0
        gone = []
        for n, report_id in enumerate(reversed(self._reports)):  # newest first
            total += len(self._reports[report_id].encode())
            if (
                self._report_times[report_id] < oldest
                or (max_count is not None and n >= max_count)
                or (max_bytes is not None and total > max_bytes)
            ):
                gone.append(report_id)
        for report_id in gone:
            self.delete_report(report_id)
        return len(gone)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        yield  # no atomicity needed: nothing outlives the process

    def _find_by_key(self, key: str) -> _Row | None:
        rowid = self._by_key.get(key)
        if rowid is None:
            return None
        r = self._rows[rowid]
        return _Row(rowid, r.stored.content_hash, r.stored.canonical_id, r.run_id)

    def _find_canonical(self, content_hash: int) -> int | None:
        return self._canonical_by_hash.get(content_hash)

    def _insert_row(self, p: PreparedArticle, canonical_id: int | None, run_id: str | None) -> int:
        rowid = self._next_id
        self._next_id += 1
        stored = StoredArticle(
            rowid=rowid, key=p.key, article=replace(p.article, id=p.key, boilerplate=(),
                                                    source_format=None),
            content_hash=p.fp.content_hash, canonical_id=canonical_id,
            n_sentences=len(p.fp.sentences), added_at=_now(),
        )  # fmt: skip
        self._rows[rowid] = _MemRow(stored, run_id, p.fp.signature)
        self._by_key[p.key] = rowid
        self._counts["articles"] += 1
        return rowid

    def _delete_row(self, rowid: int) -> None:
        r = self._rows.pop(rowid)
        self._by_key.pop(r.stored.key, None)
        self._counts["articles"] -= 1

    def _row_ids_for(self, key_or_url: str) -> list[int]:
        return [
            rowid
            for rowid, r in self._rows.items()
            if r.stored.key == key_or_url or r.stored.article.url == key_or_url
        ]

    def _copy_ids(self, rowid: int) -> list[int]:
        rows = [r.stored for r in self._rows.values() if r.stored.canonical_id == rowid]
        rows.sort(key=lambda s: (s.published is None, s.published or dt.date.min, s.rowid))
        return [s.rowid for s in rows]

    def _is_canonical(self, rowid: int) -> bool:
        r = self._rows.get(rowid)
        return r is not None and r.stored.canonical_id is None

    def _set_canonical(self, rowids: Sequence[int], canonical_id: int | None) -> None:
        for rowid in rowids:
            r = self._rows[rowid]
            r.stored = replace(r.stored, canonical_id=canonical_id)

    def _load_text(self, rowid: int) -> tuple[str | None, str]:
        a = self._rows[rowid].stored.article
        return a.title, a.text

    def _add_index(
        self, rowid: int, fp: DocFingerprints, title: str | None, text: str, promoted: bool = False
    ) -> None:
        ix = self._ix
        self._canonical_by_hash[fp.content_hash] = rowid
        base = rowid << SENT_BITS
        n = 0
        for i, s in enumerate(fp.sentences):
            for h in s.fingerprints:
                ix.postings[h].add(base | i)
                n += 1
        for h in fp.bands:
            ix.bands[h].add(rowid)
        tf = Counter(_fts_terms(title, text))
        for term, c in tf.items():
            ix.terms[term][rowid] = c
        ix.doc_len[rowid] = sum(tf.values())
        self._rows[rowid].n_fingerprints = n
        self._rows[rowid].signature = fp.signature
        self._counts.update(
            {"canonical": 1, "sentences": len(fp.sentences), "fingerprints": n,
             "bands": len(fp.bands)}
        )  # fmt: skip

    def _remove_index(self, rowid: int, fp: DocFingerprints, title: str | None, text: str) -> None:
        ix = self._ix
        if self._canonical_by_hash.get(fp.content_hash) == rowid:
            del self._canonical_by_hash[fp.content_hash]
        base = rowid << SENT_BITS
        removed = 0
        for i, s in enumerate(fp.sentences):
            for h in s.fingerprints:
                post = ix.postings.get(h)
                if post is not None and (base | i) in post:
                    post.discard(base | i)
                    removed += 1
                    if not post:
                        del ix.postings[h]
        for h in fp.bands:
            ix.bands.get(h, set()).discard(rowid)
        for term in set(_fts_terms(title, text)):
            docs = ix.terms.get(term)
            if docs is not None:
                docs.pop(rowid, None)
                if not docs:
                    del ix.terms[term]
        ix.doc_len.pop(rowid, None)
        self._counts.update(
            {"canonical": -1, "sentences": -len(fp.sentences), "fingerprints": -removed,
             "bands": -len(fp.bands)}
        )  # fmt: skip

    def get(self, key: str) -> StoredArticle | None:
        rowid = self._by_key.get(key)
        return self._rows[rowid].stored if rowid is not None else None

    def get_many(self, rowids: Iterable[int]) -> dict[int, StoredArticle]:
        return {r: self._rows[r].stored for r in rowids if r in self._rows}

    def sentence_postings(self, hashes: Iterable[int], cap: int) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for h in dict.fromkeys(hashes):
            post = self._ix.postings.get(h)
            if post and len(post) <= cap:
                out[h] = sorted(post)
        return out

    def band_matches(self, bands: Iterable[int]) -> Counter[int]:
        hits: Counter[int] = Counter()
        for h in dict.fromkeys(bands):
            hits.update(self._ix.bands.get(h, ()))
        return hits

    def signatures(self, rowids: Iterable[int]) -> dict[int, np.ndarray]:
        return {r: self._rows[r].signature for r in rowids if r in self._rows}

    def search(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """Okapi BM25 (k1=1.2, b=0.75), the same formula as FTS5's ``bm25()``."""
        ix = self._ix
        n_docs = len(ix.doc_len)
        if not n_docs:
            return []
        avg = sum(ix.doc_len.values()) / n_docs
        scores: dict[int, float] = defaultdict(float)
        words = [t for t in dict.fromkeys(terms) if t and t.isalnum()]
        df = {w: len(ix.terms[w]) for w in words if w in ix.terms}
        for term in select_terms(words, df):
            docs = ix.terms.get(term)
            if not docs:
                continue
            idf = math.log(1 + (n_docs - len(docs) + 0.5) / (len(docs) + 0.5))
            for rowid, tf in docs.items():
                norm = tf + 1.2 * (1 - 0.75 + 0.75 * ix.doc_len[rowid] / avg)
                scores[rowid] += idf * tf * 2.2 / norm
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:limit]

    def copies_of(self, rowids: Iterable[int]) -> dict[int, list[StoredArticle]]:
        wanted = set(rowids)
        out: dict[int, list[StoredArticle]] = defaultdict(list)
        for r in self._rows.values():
            cid = r.stored.canonical_id
            if cid is not None and cid in wanted:
                out[cid].append(r.stored)
        return dict(out)

    def stats(self) -> StoreStats:
        c = self._counts
        return StoreStats(
            articles=c["articles"], canonical=c["canonical"], sentences=c["sentences"],
            fingerprints=c["fingerprints"], bands=c["bands"], bytes=0, path=None,
        )  # fmt: skip


MAX_QUERY_TERMS = 8
TERM_DF_CAP = 100


def select_terms(words: Sequence[str], df: Mapping[str, int]) -> list[str]:
    """The rarest few query words that occur in at least one and at most ``TERM_DF_CAP``
    documents.

    BM25 cost grows with the documents its terms match; rare names and words carry the
    signal anyway, so the query is at most ``MAX_QUERY_TERMS`` such terms.
    """
    ok = [w for w in words if 0 < df.get(w, 0) <= TERM_DF_CAP]
    ok.sort(key=lambda w: (df[w], w))
    return ok[:MAX_QUERY_TERMS]


def _fts_terms(title: str | None, text: str) -> list[str]:
    """Tokens the way FTS5's unicode61 tokenizer sees them (letters/digits runs, folded)."""
    out: list[str] = []
    for part in (title or "", text):
        for tok in fast_tokens(part)[1]:
            out.extend(x for x in _SPLIT_NON_ALNUM(tok) if x)
    return out


def _SPLIT_NON_ALNUM(tok: str) -> list[str]:
    if tok.isalnum():
        return [tok]
    buf = "".join(ch if ch.isalnum() else " " for ch in tok)
    return buf.split()


# --- opening ------------------------------------------------------------------------------


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
