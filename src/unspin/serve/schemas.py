"""The web API's request and response bodies (pydantic: only at this edge, as spaCy does).

An article can be given three ways, each with optional metadata that overrides what is found:

    {"text": "..."}    pasted text; a title, "By ..." and date line on top are recognised
    {"html": "..."}    a saved page; the article is extracted as from an .html file
    {"url": "https://..."}    fetched by the server (public addresses only, size and time capped)

``{"text": ..., "url": ...}`` is an article with its address as metadata: nothing is fetched.
This is also the article interchange format (``{"title", "byline", "published", "url", "text"}``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_URL_CHARS = 2048
MAX_META_CHARS = 1000
MAX_SOURCES = 8


class ArticleInput(BaseModel):
    """One article: ``text``, ``html`` or ``url`` (to fetch), with optional metadata."""

    # Extra keys are ignored, so an ``Article.to_dict()`` (with "site", "boilerplate") posts as is.
    model_config = ConfigDict(extra="ignore")

    text: str | None = Field(default=None, description="The article's text, as pasted from a page.")
    html: str | None = Field(default=None, description="The page's HTML; the article is extracted.")
    url: str | None = Field(
        default=None,
        max_length=MAX_URL_CHARS,
        description="Fetched when neither text nor html is given; otherwise metadata only.",
    )
    title: str | None = Field(default=None, max_length=MAX_META_CHARS)
    byline: str | None = Field(default=None, max_length=MAX_META_CHARS)
    published: dt.date | None = Field(default=None, description="YYYY-MM-DD")
    id: str | None = Field(
        default=None, max_length=200, description="Your id for the article (the index key)."
    )

    @field_validator("published", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # pydantic reads a number as a Unix time; the spec (and a user) means "YYYY-MM-DD".
        if value is None or isinstance(value, str | dt.date):
            return value
        raise ValueError('"published" must be a date written as YYYY-MM-DD')

    @model_validator(mode="after")
    def _one_content(self) -> ArticleInput:
        for field in ("text", "html", "url", "title", "byline", "id"):
            value = getattr(self, field)
            if value and _SURROGATE.search(value):
                # JSON's "\ud800" alone: no character; it could be neither stored nor echoed
                raise ValueError(f'"{field}" holds a lone surrogate (\\ud800-\\udfff), '
                                 "which is not valid Unicode")  # fmt: skip
        if self.text is not None and self.html is not None:
            raise ValueError('give either "text" or "html", not both')
        if self.text is None and self.html is None and not self.url:
            raise ValueError('give the article as "text", "html" or "url"')
        return self

    @property
    def fetches(self) -> bool:
        return self.text is None and self.html is None


class CompareRequest(BaseModel):
    """An article and the source(s) to compare it with (no index involved)."""

    derivative: ArticleInput
    source: ArticleInput | None = None
    sources: list[ArticleInput] | None = Field(
        None, max_length=MAX_SOURCES, description="Several sources, for a collage."
    )

    @model_validator(mode="after")
    def _some_source(self) -> CompareRequest:
        if (self.source is None) == (not self.sources):
            raise ValueError('give exactly one of "source" or "sources"')
        return self

    def all_sources(self) -> list[ArticleInput]:
        return [self.source] if self.source is not None else list(self.sources or [])


class ReportLinks(BaseModel):
    html: str = Field(description="The report as a page: /reports/{id}")
    json_: str = Field(alias="json", description="This document: /v1/reports/{id}")

    model_config = ConfigDict(populate_by_name=True)


class ReportEnvelope(BaseModel):
    """A stored report. ``report`` is the document of ``unspin/schema/report.schema.json``."""

    id: str
    created: str = Field(description="When the report was made (UTC, ISO 8601).")
    links: ReportLinks
    report: dict[str, Any]


class ArticleLinks(BaseModel):
    json_: str = Field(alias="json", description="/v1/articles/{id}")

    model_config = ConfigDict(populate_by_name=True)


class AddedArticle(BaseModel):
    id: str = Field(description="The index key: your id, else a hash of the text.")
    outcome: str = Field(description="added | copy | updated | unchanged")
    links: ArticleLinks


class StoredArticleOut(BaseModel):
    id: str
    added_at: str
    links: ArticleLinks
    article: dict[str, Any] = Field(description="The interchange format, with the full text.")


class AlertList(BaseModel):
    """``unspin watch`` alerts, newest first; each as written to its ``--alerts`` file."""

    count: int
    alerts: list[dict[str, Any]] = Field(
        description="copier_url, copier_site, source_url, track, verdict, coverage, changes "
        "(counts by kind), report_id, report (the report page), created"
    )


class Health(BaseModel):
    status: str
    version: str


class FieldProblem(BaseModel):
    field: str
    message: str


class ErrorDetail(BaseModel):
    code: str = Field(description="E1xx: the input; E4xx/E5xx: the request (see README).")
    message: str = Field(description="What is wrong and what to do about it.")
    fields: list[FieldProblem] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


__all__ = [
    "AddedArticle",
    "AlertList",
    "ArticleInput",
    "ArticleLinks",
    "CompareRequest",
    "ErrorBody",
    "ErrorDetail",
    "FieldProblem",
    "Health",
    "ReportEnvelope",
    "ReportLinks",
    "StoredArticleOut",
]
