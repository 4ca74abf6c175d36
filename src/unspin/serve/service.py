"""What the routes do, without HTTP: read an article, check or compare it, keep the report.

Routes run the pieces in this order, so slow network reads never hold the analysis slot:

    read_article   in a worker thread, concurrently: fetch (URLs) and extraction
    check/compare  through ``analysis_gate``: one analysis at a time per process
    save_report    in a worker thread: one INSERT, then reports past the retention bounds go
    report_page    through ``render_gate``; reports never change, so pages are cached

With a db file, check/compare run in a child process (``worker.AnalysisWorker``) that is
killed when an analysis passes ``analysis_deadline_s``: the request gets 504 and the next one a
fresh process, so one pathological request holds the slot no longer than the deadline.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

import httpx

from unspin.core.errors import FetchError, InputTooLargeError
from unspin.core.model import Article, Report
from unspin.core.report_document import dumps, report_document, report_from_document
from unspin.index.store import StoredArticle, prepare_article
from unspin.ingest import article_from_html, article_from_text, load_article
from unspin.ingest.fetch import is_url
from unspin.serve.errors import ServiceError
from unspin.serve.gate import CpuGate
from unspin.serve.page_html import render_message
from unspin.serve.schemas import ArticleInput
from unspin.serve.settings import ServeSettings
from unspin.serve.stores import StorePool
from unspin.serve.worker import AnalysisWorker, DeadlineExceeded, WorkerCrashed

_TEXT_FILES = (".txt", ".text", ".md")
CACHED_PAGES = 64  # rendered report pages kept (about 60 KB each)


class Service:
    def __init__(
        self,
        settings: ServeSettings,
        *,
        fetch_client: Callable[[], httpx.Client] | None = None,
    ) -> None:
        self.settings = settings
        self.stores = StorePool(settings.db)
        self.analysis_gate = CpuGate(queue_limit=settings.queue_limit, wait_s=settings.queue_wait_s)
        self.render_gate = CpuGate(queue_limit=settings.queue_limit, wait_s=settings.queue_wait_s)
        self._pages: OrderedDict[str, str] = OrderedDict()
        self._pages_lock = threading.Lock()
        self._pruned_at = -float("inf")
        self.fetch_policy = settings.fetch_policy()
        self.worker: AnalysisWorker | None = None
        if settings.isolate and settings.db is not None:
            self.worker = AnalysisWorker(settings.db, deadline_s=settings.analysis_deadline_s)
        # Tests pass a client over httpx.MockTransport; None: a fresh guarded client per fetch,
        # so no cookies or connections are shared between callers.
        self._fetch_client = fetch_client

    # -- reading ------------------------------------------------------------------------------
    def read_article(self, given: ArticleInput, *, name: str) -> Article:
        meta: dict[str, Any] = {
            "title": given.title, "byline": given.byline, "published": given.published,
        }  # fmt: skip
        if given.text is not None:
            article = article_from_text(given.text, url=given.url, name=name, **meta)
        elif given.html is not None:
            article = article_from_html(given.html, url=given.url, name=name, **meta)
        else:
            article = self._fetch(str(given.url), meta)
        if given.id:
            article = dataclasses.replace(article, id=given.id)
        return self._within_limit(article, name)

    def read_upload(self, data: bytes, filename: str) -> Article:
        """An uploaded file: text files as pasted text, anything else as an HTML page."""
        name = filename or "upload"
        if PurePath(name).suffix.lower() in _TEXT_FILES:
            from unspin.ingest.decode import decode_bytes

            article = article_from_text(decode_bytes(data, name=name), name=name)
        else:
            article = article_from_html(data, name=name)
        return self._within_limit(article, name)

    def _fetch(self, url: str, meta: dict[str, Any]) -> Article:
        if not is_url(url):
            # load_article would read it as a path on this server: never for a caller.
            raise FetchError(url, "is not a URL; give an http(s) address such as https://...")
        if self._fetch_client is None:
            return load_article(url, fetch_policy=self.fetch_policy, **meta)
        with self._fetch_client() as client:
            return load_article(url, fetch_policy=self.fetch_policy, client=client, **meta)

    def _within_limit(self, article: Article, name: str) -> Article:
        limit = self.settings.max_article_chars
        if len(article.text) > limit:
            raise InputTooLargeError(
                name,
                f"the article is {len(article.text):,} characters; the service analyses at "
                f"most {limit:,}. Send one article, or run `unspin check` locally",
            )
        return article

    # -- analysis (call through self.analysis_gate) -------------------------------------------
    def check(self, article: Article) -> Report:
        if self.worker is not None:
            return self._isolated("check", article)  # type: ignore[no-any-return]
        from unspin.app import check

        with self.stores.store() as store:
            return check(article, store)

    def compare(self, derivative: Article, sources: list[Article]) -> Report:
        if self.worker is not None:
            return self._isolated("compare", derivative, sources)  # type: ignore[no-any-return]
        from unspin.app import compare

        return compare(derivative, sources)

    def _isolated(self, kind: str, *args: object) -> object:
        assert self.worker is not None
        try:
            return self.worker.run(kind, *args)
        except DeadlineExceeded as err:
            raise ServiceError(
                504,
                "E504",
                f"the analysis took longer than {err.deadline_s:g} s and was stopped; "
                "send a shorter article, or run `unspin check` locally",
            ) from None
        except WorkerCrashed as err:
            raise ServiceError(
                503, "E503", f"the analysis process failed ({err}); retry the request",
                headers={"Retry-After": "5"},
            ) from None  # fmt: skip

    def add_article(self, article: Article) -> tuple[str, str]:
        """Index ``article``; returns its key and what happened (added, copy, updated...)."""
        prepared = prepare_article(article)
        with self.stores.store() as store:
            return prepared.key, store.add(prepared)

    # -- storage ------------------------------------------------------------------------------
    def save_report(self, report: Report) -> tuple[str, dict[str, Any]]:
        document = report_document(report)
        s = self.settings
        with self.stores.store() as store:
            report_id = store.save_report(dumps(document))
            now = time.monotonic()
            with self._pages_lock:
                due = now - self._pruned_at >= s.report_prune_interval_s
                if due:
                    self._pruned_at = now
            if due:
                store.prune_reports(
                    max_age_s=s.report_max_age_days * 86400,
                    max_count=s.report_max_count,
                    max_bytes=s.report_max_bytes,
                )
            return report_id, document

    def load_report(self, report_id: str) -> dict[str, Any] | None:
        with self.stores.store() as store:
            raw = store.load_report(report_id)
        return None if raw is None else json.loads(raw)

    def delete_report(self, report_id: str) -> bool:
        with self._pages_lock:
            self._pages.pop(report_id, None)
        with self.stores.store() as store:
            return store.delete_report(report_id)

    def report_page(self, report_id: str) -> str | None:
        """The report as an HTML page (call through self.render_gate); None: no such report."""
        with self._pages_lock:
            if report_id in self._pages:
                self._pages.move_to_end(report_id)
                return self._pages[report_id]
        with self.stores.store() as store:
            raw = store.load_report(report_id)
        if raw is None:
            return None
        limit = self.settings.max_page_report_bytes
        if len(raw) > limit:
            return render_message(
                "Report too large for a page",
                f"This report is {len(raw):,} characters of JSON, over the {limit:,} this "
                f"server renders as a page; get it from /v1/reports/{report_id}",
            )
        from unspin.render.html_report import render_html

        html = render_html(report_from_document(json.loads(raw)))
        with self._pages_lock:
            self._pages[report_id] = html
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        return html

    def get_article(self, key: str) -> StoredArticle | None:
        with self.stores.store() as store:
            return store.get(key)

    def watch_status(self, alerts: int = 10) -> dict[str, Any]:
        """The index's freshness and its latest ``unspin watch`` alerts (see unspin.watch)."""
        from unspin.index.store.watch_state import freshness, latest_alerts

        with self.stores.store() as store:
            conn = getattr(store, "conn", None)  # None: the in-memory index, never watched
            if conn is None:
                return {"newest": None, "last_round": None, "alerts": []}
            return {**freshness(conn), "alerts": latest_alerts(conn, alerts)}

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
        self.stores.close()


__all__ = ["Service"]
