"""The default store: one SQLite file in WAL mode (``unspin index --db news.db``).

Writes go through an insertion session (``with store.session() as s: s.add(prepared)``) that
commits every ``batch_size`` articles in one transaction and reports only committed outcomes,
so a ``kill -9`` loses nothing that was reported as indexed. Writers take the write lock up
front (``BEGIN IMMEDIATE``) and wait for each other (``busy_timeout``), so two ``index``
processes on one file interleave batches instead of failing or corrupting it. Queries are SQL
lookups; the index is never loaded into memory.

The file is marked as unspin's with ``PRAGMA application_id`` (``APPLICATION_ID``). A file
with another mark, or with tables but neither the mark nor unspin's ``meta`` table, is another
program's database: it is refused before anything is written to it. Indexes made before the
mark existed are recognised by their ``meta`` table and marked when next opened for writing.
A write that fails (disk full, read-only file) raises ``StoreError`` with one line; the
transaction is rolled back, so what was committed before stays.

The file also keeps the reports ``unspin serve`` hands out (``save_report`` / ``load_report``:
JSON text under a random id), so a report's link keeps working after a restart.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from unspin.core.model import Article
from unspin.index.fingerprints import DEFAULT_CONFIG, DocFingerprints, FingerprintConfig, scheme
from unspin.index.store.base import (
    TERM_DF_CAP,
    BatchResult,
    PreparedArticle,
    Row,
    StoreBase,
    StoredArticle,
    StoreError,
    StoreStats,
    ago,
    new_report_id,
    now,
    select_terms,
)
from unspin.index.store.postings import pack_posting

__all__ = ["APPLICATION_ID", "SQLiteStore"]

LOG_MERGE_MIN = 1_000_000  # postings in the logs before a merge is worth it
LOG_MERGE_FRACTION = 8  # ... or this fraction of all postings, whichever is larger
SCHEMA_VERSION = "1"
APPLICATION_ID = 0x756E7370  # "unsp"

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
T = TypeVar("T")


def retry_while_locked(action: Callable[[], T], *, timeout_s: float) -> T:
    """``action()``, tried again after a short pause while SQLite answers "locked" or "busy"
    at once. It does so, without waiting out ``busy_timeout``, where waiting could deadlock:
    two connections creating one file, or a write on a connection whose WAL read snapshot is
    stale. The other side finishes in moments."""
    deadline = time.monotonic() + timeout_s
    pause = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as err:
            busy = "locked" in str(err) or "busy" in str(err)
            if not busy or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


class SQLiteStore(StoreBase):
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
        """Create the tables if they are missing. Two processes creating one new file at the
        same moment can meet SQLite's deadlock rule (it answers "locked" at once instead of
        waiting), so a lock error at creation is retried after a short pause."""
        retry_while_locked(self._create_schema, timeout_s=60.0)

    def _create_schema(self) -> None:
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
    def _find_by_key(self, key: str) -> Row | None:
        r = self.conn.execute(
            "SELECT id, content_hash, canonical_id, run_id FROM articles WHERE key = ?", (key,)
        ).fetchone()
        return Row(*r) if r else None

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
                fp.signature.astype("<u4").tobytes(), run_id, now(),
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
        n = 0
        for i, s in enumerate(fp.sentences):
            p = pack_posting(rowid, i)
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
        keys = [
            (h, pack_posting(rowid, i)) for i, s in enumerate(fp.sentences) for h in s.fingerprints
        ]
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
                (report_id, now(), report_json),
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
                c.execute("DELETE FROM reports WHERE created < ?", (ago(max_age_s),))
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
