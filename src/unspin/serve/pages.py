"""The analyst's page: a form (paste text, give a URL or upload a page), and report pages.

Server-rendered with Jinja2 (autoescape on), no JavaScript of its own and no build step. The
report page is the CLI's HTML report (``unspin.render.html_report``) with a small navigation
bar on top; every page is sent with a Content-Security-Policy that allows only its own inline
script, so even a bug in escaping could not run injected code.
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from unspin import __version__
from unspin.core.errors import UnspinError
from unspin.core.model import Article, Report
from unspin.serve.api import REPORT_ID, service
from unspin.serve.errors import ServiceError, status_for
from unspin.serve.page_html import environment, page_headers
from unspin.serve.schemas import ArticleInput
from unspin.serve.service import Service

router = APIRouter(include_in_schema=False)
_FIELDS = ("text", "url", "source_text", "source_url")


def _page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=page_headers(html))


def _index(
    request: Request, svc: Service, *, values: dict[str, str] | None = None,
    error: dict[str, str] | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    with svc.stores.store() as store:
        articles = store.stats().articles
    watch = svc.watch_status()
    html = (
        environment()
        .get_template("index.html.j2")
        .render(
            articles=articles,
            watch=watch,
            values=values or dict.fromkeys(_FIELDS, ""),
            error=error,
            version=__version__,
            base_url=str(request.base_url),
        )
    )
    return _page(html, status)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return _index(request, service(request))


@router.post("/check")
async def check_form(request: Request) -> Response:
    """The form: check against the index, or compare with the source given; then the report."""
    svc = service(request)
    limits = {"max_files": 2, "max_fields": len(_FIELDS) + 2,
              "max_part_size": svc.settings.max_body_bytes}  # fmt: skip
    async with request.form(**limits) as form:  # closes the upload's temporary file
        values = {k: v.strip() if isinstance(v := form.get(k), str) else "" for k in _FIELDS}
        upload = form.get("file")
        data, filename = None, ""
        if isinstance(upload, UploadFile) and upload.filename:
            data, filename = await upload.read(), upload.filename
    try:
        report = await _run(svc, values, data, filename)
        report_id, _ = await anyio.to_thread.run_sync(svc.save_report, report)
    except (UnspinError, ServiceError) as err:
        # The form again, with what was typed and what to fix.
        status = err.status_code if isinstance(err, ServiceError) else status_for(err)
        error = {"title": "The article could not be checked.", "message": err.message,
                 "code": err.code}  # fmt: skip
        return await anyio.to_thread.run_sync(
            lambda: _index(request, svc, values=values, error=error, status=status)
        )
    return RedirectResponse(f"/reports/{report_id}", status_code=303)


async def _run(svc: Service, values: dict[str, str], upload: bytes | None, filename: str) -> Report:
    given = [what for what in ("text", "url") if values[what]] + (["file"] if upload else [])
    if len(given) != 1:
        raise ServiceError(
            422,
            "E422",
            "fill in one of: the text, the address, or a saved page"
            if not given
            else f"fill in only one of the text, the address and the file (got {', '.join(given)})",
        )
    if values["source_text"] and values["source_url"]:
        raise ServiceError(422, "E422", "give the source as text or as an address, not both")

    def read() -> tuple[Article, Article | None]:
        if upload is not None:
            article = svc.read_upload(upload, filename)
        else:
            article = svc.read_article(_input(values["text"], values["url"]), name="the article")
        source = None
        if values["source_text"] or values["source_url"]:
            given = _input(values["source_text"], values["source_url"])
            source = svc.read_article(given, name="the source")
        return article, source

    article, source = await anyio.to_thread.run_sync(read)
    if source is None:
        return await svc.analysis_gate.run(svc.check, article)
    return await svc.analysis_gate.run(svc.compare, article, [source])


def _input(text: str, url: str) -> ArticleInput:
    return ArticleInput(text=text) if text else ArticleInput(url=url)


@router.get("/reports/{report_id}", response_class=HTMLResponse)
async def report_page(request: Request, report_id: str) -> HTMLResponse:
    """A report as a page, by its link; reports outlive the process (they are in the store)."""
    svc = service(request)
    html = None
    if REPORT_ID.fullmatch(report_id):
        html = await svc.render_gate.run(svc.report_page, report_id)
    if html is None:
        raise ServiceError(404, "E404", f"no report with id {report_id!r}; check the link")
    return _page(_with_nav(html, report_id))


def _with_nav(html: str, report_id: str) -> str:
    # The report page is a whole document; the bar goes right after its <body> tag, which
    # comes before any article text (and article text is escaped, so it holds no "<body>").
    nav = environment().get_template("report_nav.html.j2").render(report_id=report_id)
    return html.replace("<body>", "<body>\n" + nav, 1)


__all__ = ["router"]
