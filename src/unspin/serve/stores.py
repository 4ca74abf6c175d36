"""Stores for concurrent requests.

A :class:`~unspin.index.store.SQLiteStore` holds one sqlite connection and buffers writes in
Python, so two threads must never use one at the same time. The pool hands each request its
own store for as long as it needs it: a SQLite connection to the one file, opened when no idle
one is left (so at most one per worker thread; WAL lets readers run beside a writer, and
writers wait for each other through ``busy_timeout``), or, without a file, the one shared
:class:`~unspin.index.store.MemoryStore`, to one request at a time.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

from unspin.index.store import MemoryStore, SQLiteStore, open_store


class StorePool:
    def __init__(self, db: str | os.PathLike[str] | None) -> None:
        self.db = db
        self._lock = threading.Lock()
        # The memory store is shared: one request at a time. SQLite: no limit but the threads'.
        self._exclusive = threading.Lock() if db is None else contextlib.nullcontext()
        # Opening one now creates the file and its tables, and fails early on a bad --db.
        first = open_store(db)
        self._idle: list[SQLiteStore | MemoryStore] = [first]
        self._opened: list[SQLiteStore | MemoryStore] = [first]

    @contextlib.contextmanager
    def store(self) -> Iterator[SQLiteStore | MemoryStore]:
        """A store for this thread alone until the block ends."""
        with self._exclusive:
            with self._lock:
                store = self._idle.pop() if self._idle else None
            if store is None:
                store = open_store(self.db)
                with self._lock:
                    self._opened.append(store)
            try:
                yield store
            finally:
                with self._lock:
                    self._idle.append(store)

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
            self._idle.clear()


__all__ = ["StorePool"]
