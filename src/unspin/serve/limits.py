"""Request limits applied before any route runs: body size and, for the API, JSON bodies.

A declared ``Content-Length`` over the cap is refused before a byte of the body is read; a
chunked body is counted as it arrives and cut off at the cap (uvicorn has no limit of its own).
Each part of a body must arrive within ``body_timeout_s`` (408 otherwise), so a client that
trickles its body cannot hold a connection and a worker thread for ever.
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unspin.ingest.decode import format_size
from unspin.serve.errors import ServiceError, error_response

_WRITES = frozenset({"POST", "PUT", "PATCH"})


def too_large(limit: int) -> ServiceError:
    return ServiceError(
        413,
        "E413",
        f"the request body is over the {format_size(limit)} limit; "
        "send one article (an HTML page of at most 10 MB, or its text)",
    )


class RequestLimits:
    """ASGI middleware: refuse bodies over ``max_body_bytes`` and non-JSON API writes."""

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, body_timeout_s: float | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            response = error_response(scope["path"], refusal.status_code, refusal.code,
                                      refusal.message)  # fmt: skip
            await response(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _refusal(self, scope: Scope) -> ServiceError | None:
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            return too_large(self.max_body_bytes)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        api_write = scope["method"] in _WRITES and scope["path"].startswith("/v1/")
        if api_write and content_type and not _is_json(content_type):
            return ServiceError(
                415,
                "E415",
                f"the body is {content_type}; send JSON with "
                "'Content-Type: application/json' (curl: -H 'Content-Type: application/json')",
            )
        return None

    def _counting(self, receive: Receive) -> Receive:
        received = 0
        limit = self.max_body_bytes
        timeout = self.body_timeout_s
        complete = False

        async def counted() -> Message:
            nonlocal received, complete
            if complete or timeout is None:
                message = await receive()  # after the body: waiting for a disconnect is fine
            else:
                try:
                    message = await asyncio.wait_for(receive(), timeout)
                except TimeoutError:
                    raise ServiceError(
                        408,
                        "E408",
                        f"the request body stopped arriving for {timeout:g} s; "
                        "send the whole body at once",
                    ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if received > limit:
                    # An HTTPException: FastAPI re-raises it from body parsing unchanged.
                    raise too_large(limit)
            return message

        return counted


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


__all__ = ["RequestLimits", "too_large"]
