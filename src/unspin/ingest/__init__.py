"""Ingestion: turn a file, a URL or in-memory content into one ``Article``.

    load_article(source)          a path (.txt, .json, .html) or an http(s) URL
    article_from_text(text)       pasted text, possibly with title/byline/date lines on top
    article_from_html(html)       a page already in memory

Every format goes through the same finish: site furniture out of the body (into
``Article.boilerplate``), paragraphs split by blank lines, an English check. Problems raise
``unspin.core.errors.InputError`` subclasses whose message names the input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import httpx

from unspin.core.errors import EmptyInputError, InputError
from unspin.core.limits import check_analysis_size, check_raw_size
from unspin.core.model import Article
from unspin.core.sites import host_of
from unspin.ingest.boilerplate import split_boilerplate
from unspin.ingest.dates import parse_date_value
from unspin.ingest.decode import decode_bytes, read_capped, sniff_html_charset
from unspin.ingest.fetch import DEFAULT_MAX_BYTES, FetchPolicy, fetch, is_url, strip_credentials
from unspin.ingest.html import extract_html
from unspin.ingest.jsonfile import parse_json_article
from unspin.ingest.normalize import normalize_text
from unspin.ingest.quality import check_english, require_prose
from unspin.ingest.text import split_header

FORMATS = ("html", "json", "txt")
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|main|div|p)\b", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Meta:
    """Article metadata from one place: the content, or the caller's explicit values."""

    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    site: str | None = None
    id: str | None = None

    def updated(self, explicit: _Meta) -> _Meta:
        """This, with every field ``explicit`` sets replacing the detected one."""
        return replace(self, **{k: v for k, v in asdict(explicit).items() if v is not None})


def text_id(text: str) -> str:
    """The id of an article that names none: a hash of its text (stable across runs)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_article(
    source: str | os.PathLike[str],
    *,
    title: str | None = None,
    byline: str | None = None,
    published: dt.date | str | None = None,
    fmt: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
    fetch_policy: FetchPolicy | None = None,
) -> Article:
    """Read one article from a path or an http(s) URL.

    ``fmt`` ("txt", "json", "html") forces the format; otherwise the file extension (or the
    served Content-Type) decides, then the content. Explicit ``title``/``byline``/``published``
    replace what was detected. ``client`` and ``fetch_policy`` apply to URLs only.
    """
    name = os.fspath(source)
    if is_url(name):
        name = strip_credentials(name)
    if fmt is not None and fmt not in FORMATS:
        raise InputError(name, f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    explicit = _explicit(name, title, byline, published)
    if isinstance(source, str) and is_url(source):
        policy = fetch_policy or FetchPolicy(max_bytes=max_bytes)
        page = fetch(source, policy=policy, client=client)
        kind = fmt or page.fmt or _sniff(page.content)
        charset = page.charset or (sniff_html_charset(page.content) if kind == "html" else None)
        text = _decode(page.content, name, charset)
        return _from_format(kind, text, name=name, url=page.url, explicit=explicit)
    data = read_capped(name, max_bytes=max_bytes, name=name)
    kind = fmt or _EXTENSIONS.get(Path(name).suffix.lower()) or _sniff(data)
    text = _decode(data, name, sniff_html_charset(data) if kind == "html" else None)
    return _from_format(kind, text, name=name, url=None, explicit=explicit)


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    byline: str | None = None,
    published: dt.date | str | None = None,
    url: str | None = None,
    name: str = "<text>",
) -> Article:
    """An article from pasted text; title/byline/date lines on top are recognised."""
    _require_text(text, name)
    explicit = _explicit(name, title, byline, published)
    return _from_text(text, name=name, url=url, explicit=explicit)


def article_from_html(
    html: str | bytes,
    *,
    url: str | None = None,
    name: str = "<html>",
    title: str | None = None,
    byline: str | None = None,
    published: dt.date | str | None = None,
) -> Article:
    """An article from an HTML page in memory (bytes are decoded with its declared charset)."""
    if isinstance(html, bytes):
        html = _decode(html, name, sniff_html_charset(html))
    _require_text(html, name)
    explicit = _explicit(name, title, byline, published)
    return _from_html(html, name=name, url=url, explicit=explicit)


def _from_format(kind: str, text: str, *, name: str, url: str | None, explicit: _Meta) -> Article:
    if kind == "html":
        return _from_html(text, name=name, url=url, explicit=explicit)
    if kind == "json":
        return _from_json(text, name=name, url=url, explicit=explicit)
    return _from_text(text, name=name, url=url, explicit=explicit)


def _from_text(text: str, *, name: str, url: str | None, explicit: _Meta) -> Article:
    check_raw_size(text, name)
    # Furniture goes first, so a "Skip to content" line above the title does not hide it.
    body, furniture = split_boilerplate(normalize_text(text))
    parts = split_header(body)
    meta = _Meta(title=parts.title, byline=parts.byline, published=parts.published)
    meta = meta.updated(explicit)
    return _finish(parts.body, furniture, name=name, fmt="txt", url=url, meta=meta)


def _from_json(text: str, *, name: str, url: str | None, explicit: _Meta) -> Article:
    parsed = parse_json_article(text, name=name)
    check_raw_size(parsed.text, name)
    body, furniture = split_boilerplate(normalize_text(parsed.text))
    meta = _Meta(title=parsed.title, byline=parsed.byline, published=parsed.published, id=parsed.id)
    url = parsed.url or url
    return _finish(body, furniture, name=name, fmt="json", url=url, meta=meta.updated(explicit))


def _from_html(html: str, *, name: str, url: str | None, explicit: _Meta) -> Article:
    parts = extract_html(html, url=url, name=name)
    body, furniture = split_boilerplate(parts.body)
    require_prose(body, name=name)
    meta = _Meta(title=parts.title, byline=parts.byline, published=parts.published, site=parts.site)
    url = url or parts.url
    return _finish(body, furniture, name=name, fmt="html", url=url, meta=meta.updated(explicit))


def _finish(
    body: str, furniture: tuple[str, ...], *, name: str, fmt: str, url: str | None, meta: _Meta
) -> Article:
    text = normalize_text(body)
    if not text:
        raise EmptyInputError(
            name, "has no article text, only site furniture (share buttons, links, notices)"
        )
    for field, value in (("text", text), ("title", meta.title), ("byline", meta.byline),
                         ("url", url), ("id", meta.id)):  # fmt: skip
        require_unicode(value, name, field)
    url = strip_credentials(url) if url else url
    check_analysis_size(text, name)
    check_english(text, name=name)
    return Article(
        text=text,
        title=meta.title,
        byline=meta.byline,
        published=meta.published,
        url=url,
        site=meta.site or host_of(url),
        # A content hash: the same text gets the same id on every run and machine.
        id=meta.id or text_id(text),
        boilerplate=furniture,
        source_format=fmt,
    )


def _explicit(
    name: str, title: str | None, byline: str | None, published: dt.date | str | None
) -> _Meta:
    try:
        date = parse_date_value(published)
    except ValueError as err:
        raise InputError(name, f"published: {err}") from None
    return _Meta(title=title, byline=byline, published=date)


def _decode(data: bytes, name: str, declared: str | None) -> str:
    if not data:
        raise EmptyInputError(name, "is empty; pass a file with the article's text")
    text = decode_bytes(data, name=name, declared=declared)
    _require_text(text, name)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def require_unicode(value: str | None, name: str, field: str = "text") -> None:
    """Refuse a lone UTF-16 surrogate (JSON's "\\ud800"): it is no character, and could
    be neither stored nor sent back."""
    found = _SURROGATE.search(value) if value else None
    if found is not None:
        raise InputError(
            name,
            f"{field} holds a lone surrogate \\u{ord(found.group()):04x} at character "
            f"{found.start():,}, which is not valid Unicode; fix the encoding of the input",
        )


def _require_text(text: str, name: str) -> None:
    if not text.strip():
        if text:
            raise EmptyInputError(name, "contains only whitespace; pass the article's text")
        raise EmptyInputError(name, "is empty; pass the article's text")


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json"
    return "html" if _HTML_SNIFF.search(head) else "txt"


__all__ = [
    "FORMATS",
    "FetchPolicy",
    "article_from_html",
    "article_from_text",
    "load_article",
    "text_id",
]
