"""Slow clients: uvicorn's HTTP/1.1 protocol with a deadline for the request head.

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) but has no limit on how
long a client may take to send a request's head: each byte that arrives re-arms nothing and
cancels the keep-alive timer, so thousands of connections trickling a header line each stay
open for ever (slowloris). :class:`HeadTimeoutProtocol` closes a connection whose request head
is not complete ``head_timeout_s`` after the connection opened or the previous response ended.
Bodies are timed in :class:`~unspin.serve.limits.RequestLimits`; the number of connections is
uvicorn's ``limit_concurrency``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class HeadTimeoutProtocol(H11Protocol):
    head_timeout_s = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # the head arrived (or the peer is done)
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout_s, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self.transport.close()


def head_timeout_protocol(seconds: float) -> type[HeadTimeoutProtocol]:
    """The protocol class with ``seconds`` as its head deadline (uvicorn takes a class)."""
    return type("HeadTimeoutProtocol", (HeadTimeoutProtocol,), {"head_timeout_s": seconds})


__all__ = ["HeadTimeoutProtocol", "head_timeout_protocol"]
