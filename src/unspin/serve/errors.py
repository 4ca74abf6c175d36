"""Every error the service answers with, in one shape: ``{"error": {"code", "message"}}``.

    code    E1xx   the article could not be read (unspin.core.errors: empty, not English, fetch...)
            E3xx   the index file (unspin.index.store.StoreError)
            E400   malformed JSON or an empty body          E401   missing or wrong API key
            E404   no such report/article/page              E405   method not allowed
            E413   body or article too large                E415   not JSON
            E422   fields missing or invalid ("fields" lists them)
            E503   busy: too many analyses queued (Retry-After says when to retry), or the
                   index can't be written now (disk full, read-only)
            E504   the analysis ran past the deadline and was stopped
            E500   a bug: logged on the server, never a stack trace in the answer

API paths (``/v1/...``) get JSON; the page's paths get the same message as a small HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from unspin.core.errors import InputError, InputTooLargeError, UnspinError
from unspin.serve.page_html import page_headers, render_message

log = logging.getLogger("unspin.serve")

_HTTP_MESSAGES = {
    404: "no such page; see /docs for the API and / for the page",
    405: "this method is not allowed here; see /docs",
}
# Error statuses documented for every API route (schemathesis holds us to them).
API_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed JSON or an empty body"},
    413: {"description": "The body or the article is too large"},
    415: {"description": "The body is not JSON"},
    422: {"description": "A field is missing or invalid, or the article can't be read"},
    503: {"description": "Busy: too many analyses queued; retry after Retry-After seconds"},
    504: {"description": "The analysis ran past the server's deadline and was stopped"},
}


class ServiceError(HTTPException):
    """An HTTP error with our code. A subclass of Starlette's, so FastAPI passes it through."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code
        self.message = message


def busy(queued: int, retry_after_s: int) -> ServiceError:
    return ServiceError(
        503,
        "E503",
        f"the server is busy ({queued} analyses queued); retry in {retry_after_s} s",
        headers={"Retry-After": str(retry_after_s)},
    )


def status_for(err: UnspinError) -> int:
    if isinstance(err, InputTooLargeError):
        return 413
    if isinstance(err, InputError):
        return 422
    if err.code == "E300":  # the index can't be written now (disk full, read-only): retry later
        return 503
    return 500  # the model or the index failed: not something the caller can fix


def is_page(path: str) -> bool:
    """Paths of the analyst's page (HTML errors); everything else is API (JSON errors)."""
    return path == "/" or path.startswith(("/check", "/reports/"))


def error_response(
    path: str,
    status: int,
    code: str,
    message: str,
    *,
    fields: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if is_page(path):
        title = "Not found" if status == 404 else "Something went wrong"
        html = render_message(title, message, code=code)
        return HTMLResponse(
            html, status_code=status, headers={**page_headers(html), **(headers or {})}
        )
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UnspinError, _unspin_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


async def _unspin_error(request: Request, err: UnspinError) -> Response:
    status = status_for(err)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, err)
    return error_response(request.url.path, status, err.code, err.message)


async def _http_error(request: Request, err: HTTPException) -> Response:
    if isinstance(err, ServiceError):
        code, message = err.code, err.message
    else:
        code = f"E{err.status_code}"
        message = _HTTP_MESSAGES.get(err.status_code, str(err.detail))
        if isinstance(err.__cause__, RecursionError):  # FastAPI's body parsing
            message = "the body is JSON nested too deeply to read; send one flat article object"
    headers = dict(err.headers or {})
    if err.status_code == 405:  # every route on this path, not just the first one's methods
        headers["Allow"] = ", ".join(sorted(_allowed_methods(request)))
    return error_response(request.url.path, err.status_code, code, message, headers=headers)


def _allowed_methods(request: Request) -> set[str]:
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return methods


async def _validation_error(request: Request, err: RequestValidationError) -> Response:
    problems = list(err.errors())
    if any(p.get("type") == "json_invalid" for p in problems):
        ctx = problems[0].get("ctx") or {}
        where = problems[0]["loc"][-1]
        return error_response(
            request.url.path,
            400,
            "E400",
            f"the body is not valid JSON ({ctx.get('error', 'decode error')} at character "
            f'{where}); send an object such as {{"text": "..."}}',
        )
    if any(p.get("loc") == ("body",) and p.get("type") == "missing" for p in problems):
        return error_response(
            request.url.path,
            400,
            "E400",
            'the request body is empty; send a JSON object such as {"text": "..."}',
        )
    fields = [{"field": _field(p["loc"]), "message": _plain(p)} for p in problems]
    summary = "; ".join(f"{f['field']}: {f['message']}" if f["field"] else f["message"]
                        for f in fields[:5])  # fmt: skip
    return error_response(
        request.url.path, 422, "E422", f"invalid request: {summary}", fields=fields
    )


async def _unexpected(request: Request, err: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=err)
    return error_response(
        request.url.path,
        500,
        "E500",
        "internal error; it was logged on the server. Please report it with your input.",
    )


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts)


def _plain(problem: dict[str, Any]) -> str:
    message = str(problem.get("msg", "invalid"))
    return message.removeprefix("Value error, ")  # our validators' own words


__all__ = [
    "API_ERRORS",
    "ServiceError",
    "busy",
    "error_response",
    "install_error_handlers",
    "is_page",
    "status_for",
]
