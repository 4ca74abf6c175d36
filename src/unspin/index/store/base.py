"""What every store backend shares: the :class:`Store` protocol, its values, the write logic.

A backend subclasses :class:`StoreBase` and implements its storage primitives (find, insert,
delete a row; add and remove a row's index entries; a transaction); :class:`StoreBase` decides
what "unchanged", "updated" and "copy" mean, so every backend behaves the same. The package
``__init__`` re-exports all of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from unspin.core.errors import UnspinError
from unspin.core.model import Article
from unspin.index.fingerprints import (
    DEFAULT_CONFIG,
    DocFingerprints,
    FingerprintConfig,
    fingerprint,
)
from unspin.ingest import text_id

__all__ = [
    "BatchResult",
    "InsertionSession",
    "Outcome",
    "PreparedArticle",
    "Row",
    "Store",
    "StoreBase",
    "StoreError",
    "StoreStats",
    "StoredArticle",
    "article_key",
    "new_report_id",
    "prepare_article",
    "select_terms",
]


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
class Row:
    rowid: int
    content_hash: int
    canonical_id: int | None
    run_id: str | None


class InsertionSession:
    """Buffers prepared articles and commits them in batches (see module docstring)."""

    def __init__(
        self,
        store: StoreBase,
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


class StoreBase:
    """Write semantics on top of a few storage primitives (implemented per backend)."""

    config: FingerprintConfig

    # -- primitives (backend) --
    def _find_by_key(self, key: str) -> Row | None:
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


# --- shared helpers -----------------------------------------------------------------------

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


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def ago(seconds: float) -> str:
    """``now()`` as it was ``seconds`` ago (same format, so strings compare as times)."""
    then = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)
    return then.isoformat(timespec="seconds")


def new_report_id() -> str:
    """Random, so report links cannot be guessed from one another."""
    return uuid.uuid4().hex
