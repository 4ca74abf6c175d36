"""HTML, the one place it becomes text: trafilatura finds a page's article body and metadata
(:func:`extract_html`); a feed entry's fragment is flattened (:func:`html_to_text`).

trafilatura returns one paragraph per line; the body convention is a blank line between
paragraphs, so lines are re-joined here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser

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


class _TextExtractor(HTMLParser):
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's title or summary): block tags become
    paragraph breaks, scripts and styles go. No article extraction: a fragment has no page
    around its text, so trafilatura would find nothing to keep."""
    if "<" not in html and "&" not in html:
        return html.strip()
    p = _TextExtractor()
    p.feed(html)
    p.close()
    text = "".join(p.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
