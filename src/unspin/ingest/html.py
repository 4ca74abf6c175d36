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

from unspin.ingest.dates import parse_date_value
from unspin.ingest.normalize import join_paragraphs
from unspin.ingest.quality import no_article

# Published date, not last-modified; and no guessing from dates mentioned in the text, which
# would give a news story the date of the event it reports.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_SPACE = re.compile(r"\s+")


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
        raise no_article(name)
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


def _clean(value: str | None) -> str | None:
    return (_SPACE.sub(" ", value).strip() or None) if value else None


def _same(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip().casefold() == _SPACE.sub(" ", b).strip().casefold()
