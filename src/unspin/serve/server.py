"""Running the app under uvicorn: one process, or ``workers`` processes on one port."""

from __future__ import annotations

import inspect
import os
import socket
from typing import Any

import uvicorn

from unspin.serve.app import create_app
from unspin.serve.settings import ServeSettings
from unspin.serve.timeouts import head_timeout_protocol


def run(settings: ServeSettings, *, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted. Each worker process loads its own model and opens the db."""
    if workers == 1:
        uvicorn.run(
            create_app(settings), host=host, port=port, server_header=False,
            **connection_limits(settings),
        )  # fmt: skip
        return
    # Workers are separate processes started from an import string: settings go by env.
    os.environ.update(settings.to_env())
    config = uvicorn.Config(
        "unspin.serve.app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        server_header=False,
        **connection_limits(settings),
    )
    from uvicorn.supervisors import Multiprocess

    listener = _tcp(config.bind_socket())
    supervisor: dict[str, Any] = {"sockets": [listener]}
    if "target" in inspect.signature(Multiprocess).parameters:  # older uvicorn
        supervisor["target"] = uvicorn.Server(config).run
    Multiprocess(config, **supervisor).run()


def connection_limits(settings: ServeSettings) -> dict[str, Any]:
    """uvicorn options for slow or too many clients: a deadline for each request head
    (``timeouts.HeadTimeoutProtocol``), idle keep-alive closed, at most ``max_connections``
    (more are answered 503). Bodies are timed by ``limits.RequestLimits``."""
    return {
        "http": head_timeout_protocol(settings.header_timeout_s),
        "timeout_keep_alive": settings.keep_alive_s,
        "limit_concurrency": settings.max_connections,
        "h11_max_incomplete_event_size": 64 * 1024,  # a request head of at most 64 KB
    }


def _tcp(listener: socket.socket) -> socket.socket:
    """The same socket, with its protocol named.

    uvicorn opens the shared socket with protocol 0, and asyncio sets TCP_NODELAY only on
    connections whose socket says TCP; without it every answer on a kept-alive connection
    waits about 40 ms for the client's delayed ACK (Nagle).
    """
    if listener.family not in (socket.AF_INET, socket.AF_INET6):
        return listener
    return socket.socket(
        listener.family, listener.type, socket.IPPROTO_TCP, fileno=listener.detach()
    )


__all__ = ["connection_limits", "run"]
