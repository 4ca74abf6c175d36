"""A bounded queue in front of CPU-bound work (analysis; rendering report pages).

One job runs at a time per gate and worker process: spaCy's pipeline is not documented as
thread-safe, and the GIL would serialise the work anyway, so more threads would only make
every request finish later (and starve the event loop). Others wait in FIFO order; past
``queue_limit`` waiting, or after ``wait_s``, a request is turned away with 503 and a
Retry-After instead of piling up. Scale with processes (``unspin serve --workers N``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread

from unspin.serve.errors import busy

T = TypeVar("T")


class CpuGate:
    def __init__(self, *, slots: int = 1, queue_limit: int = 64, wait_s: float = 120.0) -> None:
        self.slots = slots
        self.queue_limit = queue_limit
        self.wait_s = wait_s
        self.waiting = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore = asyncio.Semaphore(slots)

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """``work(*args)`` in a worker thread, once a slot is free."""
        semaphore = self._bound_semaphore()
        if semaphore.locked() and self.waiting >= self.queue_limit:
            raise busy(self.waiting, retry_after_s=5)
        self.waiting += 1
        try:
            await asyncio.wait_for(semaphore.acquire(), self.wait_s)
        except TimeoutError:
            raise busy(self.waiting, retry_after_s=10) from None
        finally:
            self.waiting -= 1
        try:
            return await anyio.to_thread.run_sync(work, *args)
        finally:
            semaphore.release()

    def _bound_semaphore(self) -> asyncio.Semaphore:
        # An asyncio semaphore belongs to one event loop; a test client may bring a new one.
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._semaphore, self.waiting = loop, asyncio.Semaphore(self.slots), 0
        return self._semaphore


__all__ = ["CpuGate"]
