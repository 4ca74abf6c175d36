"""The JSON API under ``/v1`` (plus ``/healthz``). OpenAPI at ``/openapi.json``, docs at /docs."""

from __future__ import annotations

import re
import secrets
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import APIKeyHeader

from unspin import __version__
from unspin.core.limits import check_compare_size
from unspin.index.store import Outcome
from unspin.serve.errors import API_ERRORS, ServiceError
from unspin.serve.schemas import (
    AddedArticle,
    AlertList,
    ArticleInput,
    ArticleLinks,
    CompareRequest,
    ErrorBody,
    Health,
    ReportEnvelope,
    ReportLinks,
    StoredArticleOut,
)
from unspin.serve.service import Service

router = APIRouter()
REPORT_ID = re.compile(r"[0-9a-f]{32}")
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {**info, "model": ErrorBody} for status, info in API_ERRORS.items()
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such id"}
}
_api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="Needed for writes when the server has a key."
)


def service(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


ServiceDep = Annotated[Service, Depends(service)]


def require_api_key(request: Request, key: Annotated[str | None, Depends(_api_key_header)]) -> None:
    """Writes, deletions and reads of stored article texts need the key, when there is one."""
    expected = service(request).settings.api_key
    if expected is None:
        return
    if key is None or not secrets.compare_digest(key.encode(), expected.encode()):
        what = "to read stored articles" if request.method == "GET" else "for writes"
        raise ServiceError(
            401,
            "E401",
            f"this server needs an API key {what}; send it in the X-API-Key header"
            if key is None
            else "wrong API key in X-API-Key",
            headers={"WWW-Authenticate": "X-API-Key"},
        )


def report_links(report_id: str) -> ReportLinks:
    return ReportLinks(html=f"/reports/{report_id}", json=f"/v1/reports/{report_id}")


def envelope(report_id: str, document: dict[str, Any]) -> ReportEnvelope:
    return ReportEnvelope(
        id=report_id,
        created=document["created"],
        links=report_links(report_id),
        report=document["report"],
    )


async def _saved(svc: Service, report: Any, response: Response) -> ReportEnvelope:
    report_id, document = await anyio.to_thread.run_sync(svc.save_report, report)
    response.headers["Location"] = f"/v1/reports/{report_id}"
    return envelope(report_id, document)


@router.get("/healthz", response_model=Health, tags=["service"])
async def healthz() -> Health:
    """Liveness: the process answers (the model was loaded before it started listening)."""
    return Health(status="ok", version=__version__)


@router.post(
    "/v1/check", response_model=ReportEnvelope, status_code=201, responses=_ERRORS, tags=["reports"]
)
async def check(body: ArticleInput, svc: ServiceDep, response: Response) -> ReportEnvelope:
    """Trace an article to the indexed articles it was made from; report every change.

    Give ``{"url": ...}``, ``{"text": ...}`` (pasted text, optional title/byline/published) or
    ``{"html": ...}``. The report is kept: ``links`` open it again, also after a restart.
    """
    article = await anyio.to_thread.run_sync(lambda: svc.read_article(body, name=_name(body)))
    report = await svc.analysis_gate.run(svc.check, article)
    return await _saved(svc, report, response)


@router.post(
    "/v1/compare",
    response_model=ReportEnvelope,
    status_code=201,
    responses=_ERRORS,
    tags=["reports"],
)
async def compare(body: CompareRequest, svc: ServiceDep, response: Response) -> ReportEnvelope:
    """Compare an article with the source(s) you name, sentence by sentence (no index)."""

    def read_all() -> tuple[Any, list[Any]]:
        derivative = svc.read_article(body.derivative, name=_name(body.derivative, "derivative"))
        sources = [
            svc.read_article(s, name=_name(s, f"sources[{i}]" if body.sources else "source"))
            for i, s in enumerate(body.all_sources())
        ]
        check_compare_size(
            [(_name(body.derivative, "derivative"), derivative.text)]
            + [(f"source {i + 1}", s.text) for i, s in enumerate(sources)]
        )
        return derivative, sources

    derivative, sources = await anyio.to_thread.run_sync(read_all)
    report = await svc.analysis_gate.run(svc.compare, derivative, sources)
    return await _saved(svc, report, response)


@router.get(
    "/v1/reports/{report_id}", response_model=ReportEnvelope, responses=_NOT_FOUND,
    tags=["reports"],
)  # fmt: skip
def get_report(report_id: str, svc: ServiceDep) -> ReportEnvelope:
    """A report made earlier, by the id ``/v1/check`` or ``/v1/compare`` returned."""
    document = svc.load_report(report_id) if REPORT_ID.fullmatch(report_id) else None
    if document is None:
        raise ServiceError(404, "E404", f"no report with id {report_id!r}")
    return envelope(report_id, document)


@router.delete(
    "/v1/reports/{report_id}",
    status_code=204,
    responses={
        **_NOT_FOUND,
        401: {"model": ErrorBody, "description": "API key missing or wrong"},
        503: {"model": ErrorBody, "description": "The index can't be written now"},
    },
    dependencies=[Depends(require_api_key)],
    tags=["reports"],
)
async def delete_report(report_id: str, svc: ServiceDep) -> Response:
    """Delete a stored report (and its page). Needs ``X-API-Key`` when the server has a key.

    Reports are also deleted on their own past the server's retention bounds (age, count,
    total size)."""
    found = REPORT_ID.fullmatch(report_id) is not None and await anyio.to_thread.run_sync(
        svc.delete_report, report_id
    )
    if not found:
        raise ServiceError(404, "E404", f"no report with id {report_id!r}")
    return Response(status_code=204)


@router.post(
    "/v1/articles",
    response_model=AddedArticle,
    status_code=201,
    responses={
        **_ERRORS,
        200: {"model": AddedArticle, "description": "Already indexed with this text"},
        401: {"model": ErrorBody, "description": "API key missing or wrong"},
    },
    dependencies=[Depends(require_api_key)],
    tags=["index"],
)
async def add_article(body: ArticleInput, svc: ServiceDep, response: Response) -> AddedArticle:
    """Add an article to the index, so later checks can trace copies back to it.

    Needs ``X-API-Key`` when the server was started with a key. ``outcome`` says whether it
    was ``added``, stored as a ``copy`` of an identical text, ``updated`` (201), or
    ``unchanged`` (200).
    """
    article = await anyio.to_thread.run_sync(lambda: svc.read_article(body, name=_name(body)))
    key, outcome = await svc.analysis_gate.run(svc.add_article, article)
    if outcome not in Outcome.INDEXED:
        response.status_code = 200  # nothing new was stored
    return AddedArticle(id=key, outcome=outcome, links=ArticleLinks(json=f"/v1/articles/{key}"))


@router.get(
    "/v1/articles/{article_id:path}",
    response_model=StoredArticleOut,
    responses={**_NOT_FOUND, 401: {"model": ErrorBody, "description": "API key missing or wrong"}},
    dependencies=[Depends(require_api_key)],
    tags=["index"],
)
def get_article(article_id: str, svc: ServiceDep) -> StoredArticleOut:
    """An indexed article, with its full text, by the id ``POST /v1/articles`` returned.

    Needs ``X-API-Key`` when the server was started with a key, as adding one does."""
    stored = svc.get_article(article_id)
    if stored is None:
        raise ServiceError(404, "E404", f"no indexed article with id {article_id!r}")
    return StoredArticleOut(
        id=stored.key,
        added_at=stored.added_at,
        links=ArticleLinks(json=f"/v1/articles/{stored.key}"),
        article=stored.article.to_dict(),
    )


@router.get("/v1/alerts", response_model=AlertList, tags=["index"])
def list_alerts(svc: ServiceDep, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> AlertList:
    """Alerts raised by ``unspin watch --track``: new articles made from a tracked source,
    newest first (one per copier and source)."""
    alerts = svc.watch_status(alerts=limit)["alerts"]
    return AlertList(count=len(alerts), alerts=alerts)


def _name(given: ArticleInput, role: str = "") -> str:
    """How error messages name the input: "text", "derivative.html" (a URL names itself)."""
    what = "text" if given.text is not None else "html" if given.html is not None else "url"
    return f"{role}.{what}" if role else what


__all__ = ["REPORT_ID", "envelope", "report_links", "router"]
