"""HTML pages: trafilatura finds the article body and its metadata.

trafilatura returns one paragraph per line; the body convention is a blank line between
paragraphs, so lines are re-joined here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document

from unspin.core.errors import EmptyInputError
from unspin.ingest.dates import parse_date_value
from unspin.ingest.normalize import join_paragraphs

# Published date, not last-modified; and no guessing from dates mentioned in the text, which
# would give a news story the date of the event it reports.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_SPACE = re.compile(r"\s+")
_MIN_WORDS = 10
_MIN_LINE_WORDS = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlParts:
    body: str
    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    url: str | None = None
    site: str | None = None


def extract_html(html: str, *, url: str | None, name: str) -> HtmlParts:
    found = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=False,  # tables come out as cell soup that no sentence aligns with
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )
    doc = found if isinstance(found, Document) else None  # None: nothing found
    title = _clean(doc.title) if doc is not None else None
    lines = (doc.text or "").split("\n") if doc is not None else []
    # The page's <h1> usually opens the extracted text; it is the title, not body.
    while lines and title and _same(lines[0], title):
        lines.pop(0)
    body = join_paragraphs(lines)
    if doc is None or not body:
        raise _no_article(name)
    try:
        published = parse_date_value(doc.date)
    except ValueError:
        published = None  # htmldate returned something odd: better no date than a wrong one
    return HtmlParts(
        body=body,
        title=title,
        byline=_clean(doc.author),
        published=published,
        url=_clean(doc.url),
        site=_clean(doc.sitename) or _clean(doc.hostname),
    )


def require_prose(body: str, *, name: str) -> None:
    """Refuse a "body" that is only menu words: when a page has no article, trafilatura's
    fallback returns whatever text it finds, such as "Home", "News", "Sport"."""
    lines = [line.split() for line in body.split("\n")]
    if sum(map(len, lines)) < _MIN_WORDS or max(map(len, lines), default=0) < _MIN_LINE_WORDS:
        raise _no_article(name)


def _no_article(name: str) -> EmptyInputError:
    return EmptyInputError(
        name, "no article text found in the page; save the article text as .txt instead"
    )


def _clean(value: str | None) -> str | None:
    return (_SPACE.sub(" ", value).strip() or None) if value else None


def _same(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip().casefold() == _SPACE.sub(" ", b).strip().casefold()
