"""Analyses in a child process that can be stopped: the per-request deadline.

A thread cannot be stopped in Python, so an analysis that overruns would hold the service's
only analysis slot until it ended. :class:`AnalysisWorker` runs ``check`` and ``compare`` in
one child process instead (started with ``spawn``: it loads its own model and opens the index
read-only). The parent waits at most ``deadline_s`` for the answer; past it, the child is
killed, a fresh one is started for the next request, and the caller gets
:class:`DeadlineExceeded` (504 in the API). Errors raised in the child (an article that can't
be read, a store that fails) come back as the same ``UnspinError`` class and message.

The child is started on first use (or by ``start()`` when the service warms up); start-up
time is not counted against a request's deadline.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

from unspin.core.errors import UnspinError

log = logging.getLogger("unspin.serve")
START_TIMEOUT_S = 300.0  # loading the model on a busy machine


class DeadlineExceeded(Exception):
    """The analysis ran past its deadline and was stopped."""

    def __init__(self, deadline_s: float) -> None:
        super().__init__(f"the analysis ran past {deadline_s:g} s and was stopped")
        self.deadline_s = deadline_s


class WorkerCrashed(Exception):
    """The analysis process ended without an answer (killed from outside, out of memory)."""


class AnalysisWorker:
    """One child process for analyses, replaced whenever it overruns or dies."""

    def __init__(self, db: str | os.PathLike[str], *, deadline_s: float) -> None:
        self.db = os.fspath(db)
        self.deadline_s = deadline_s
        self._ctx = mp.get_context("spawn")
        self._process: Any = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    def start(self) -> None:
        with self._lock:
            self._ensure_started()

    def run(self, kind: str, *args: Any) -> Any:
        """``compare(*args)`` or ``check(*args)`` in the child, within ``deadline_s``."""
        with self._lock:
            conn = self._ensure_started()
            try:
                conn.send((kind, args))
                ready = conn.poll(self.deadline_s)
            except (BrokenPipeError, EOFError, OSError) as err:
                self._stop()
                raise WorkerCrashed(f"the analysis process ended ({err})") from None
            if not ready:
                log.warning("analysis ran past %g s: stopping its process", self.deadline_s)
                self._stop()
                raise DeadlineExceeded(self.deadline_s)
            try:
                status, value = conn.recv()
            except (EOFError, OSError) as err:
                self._stop()
                raise WorkerCrashed(f"the analysis process ended ({err})") from None
        if status == "ok":
            return value
        if status == "unspin":
            raise _rebuild(*value)
        raise WorkerCrashed(str(value))

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _ensure_started(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._stop()
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_child_main, args=(child, self.db), name="unspin-analysis", daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(START_TIMEOUT_S):
            process.kill()
            raise WorkerCrashed(f"the analysis process did not start in {START_TIMEOUT_S:g} s")
        try:
            parent.recv()  # "ready"
        except EOFError:
            process.join(5)
            raise WorkerCrashed("the analysis process failed to start") from None
        self._process, self._conn = process, parent
        return parent

    def _stop(self) -> None:
        if self._process is not None:
            self.restarts += 1
            self._process.kill()
            self._process.join(10)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None


def _rebuild(module: str, name: str, message: str, attrs: dict[str, Any]) -> UnspinError:
    """The child's error as the same class (its __init__ may take other arguments)."""
    import importlib

    cls = getattr(importlib.import_module(module), name, UnspinError)
    if not (isinstance(cls, type) and issubclass(cls, UnspinError)):
        cls = UnspinError
    err = cls.__new__(cls)
    UnspinError.__init__(err, message)
    for key, value in attrs.items():
        setattr(err, key, value)
    return err


def warm_up() -> None:
    """Load the models in this process (the server's, or the analysis process)."""
    from unspin.app import warm_up as load_models

    load_models()
    log.info("unspin serve: model loaded")


def _child_main(conn: Connection, db: str) -> None:  # pragma: no cover - runs in the child
    import signal

    # Ctrl-C reaches the whole process group: the parent stops this process itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    warm_up()
    conn.send("ready")
    store = None
    while True:
        try:
            kind, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if kind == "compare":
                from unspin.app import compare

                value = compare(*args)
            elif kind == "check":
                from unspin.app import check
                from unspin.index.store import open_store

                if store is None:
                    store = open_store(db, readonly=True)
                value = check(*args, store)
            else:
                raise ValueError(f"unknown analysis {kind!r}")
            conn.send(("ok", value))
        except UnspinError as err:
            attrs = {
                k: v for k in ("source", "problem") if isinstance(v := getattr(err, k, None), str)
            }
            conn.send(
                ("unspin", (type(err).__module__, type(err).__qualname__, err.message, attrs))
            )
        except Exception as err:  # a bug: reported to the parent, the child carries on
            logging.getLogger("unspin.serve").exception("analysis failed")
            conn.send(("crash", f"{type(err).__name__}: {err}"))


__all__ = ["AnalysisWorker", "DeadlineExceeded", "WorkerCrashed", "warm_up"]
