"""The web application: ``create_app(settings)``; ``unspin serve`` runs it under uvicorn.

GET  /                      the analyst's page (form)       POST /check   the form's target
GET  /reports/{id}          a report as a page
POST /v1/check              trace an article in the index -> report (kept, with links)
POST /v1/compare            compare an article with given source(s) -> report
POST /v1/articles           add an article to the index (X-API-Key when configured)
GET  /v1/articles/{id}      an indexed article
GET  /v1/reports/{id}       a report made earlier    DELETE /v1/reports/{id}  (with the key)
GET  /v1/alerts             alerts raised by `unspin watch --track`
GET  /healthz               liveness;  /openapi.json, /docs: the API described
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

import anyio.to_thread
import httpx
from fastapi import FastAPI

from unspin import __version__
from unspin.serve.api import router as api_router
from unspin.serve.errors import install_error_handlers
from unspin.serve.limits import RequestLimits
from unspin.serve.pages import router as pages_router
from unspin.serve.service import Service
from unspin.serve.settings import ServeSettings
from unspin.serve.worker import warm_up


def create_app(
    settings: ServeSettings | None = None,
    *,
    fetch_client: Callable[[], httpx.Client] | None = None,
) -> FastAPI:
    """The app over ``settings.db``. ``fetch_client`` replaces the URL client (tests)."""
    settings = settings or ServeSettings()
    svc = Service(settings, fetch_client=fetch_client)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            # With a worker process, the model is loaded there; this process needs none.
            await anyio.to_thread.run_sync(svc.worker.start if svc.worker else warm_up)
        try:
            yield
        finally:
            svc.close()

    app = FastAPI(
        title="unspin",
        version=__version__,
        summary="Trace a news article to its sources and name every change.",
        description=(
            'Errors have one shape: `{"error": {"code", "message"}}`. '
            "Reports follow `unspin/schema/report.schema.json`."
        ),
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.service = svc
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(
        RequestLimits,
        max_body_bytes=settings.max_body_bytes,
        body_timeout_s=settings.body_timeout_s,
    )
    app.include_router(api_router)
    app.include_router(pages_router)
    return app


def app_from_env() -> FastAPI:
    """For uvicorn's worker processes (``--workers N``): settings from ``UNSPIN_*``."""
    return create_app(ServeSettings.from_env())


__all__ = ["app_from_env", "create_app", "warm_up"]
