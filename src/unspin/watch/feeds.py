"""Feeds: RSS and Atom (feedparser) and XML sitemaps, read into the links of their items.

A feed that cannot be read raises :class:`FeedError`; the watch loop counts it against that
feed and goes on with the others.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
import xml.sax
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from unspin.core.errors import InputError

__all__ = ["FEED_TYPES", "FeedError", "FeedItem", "parse_feed", "read_feeds_file"]

# Media types a feed or sitemap is served as (besides text/html and text/plain, which some
# servers use): accepted by the fetcher for feeds only.
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/x-rss+xml",
    }
)
_SITEMAP = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)\b")
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class FeedError(Exception):
    """A feed (or sitemap) that could not be read; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    link: str  # absolute http(s) URL of the item's page
    title: str | None = None
    published: dt.date | None = None


def parse_feed(content: bytes, url: str) -> list[FeedItem]:
    """The items of an RSS/Atom feed or a sitemap, in the feed's order, each link once."""
    if not content.strip():
        raise FeedError("the feed is empty")
    head = content[:2048]
    match = _SITEMAP.search(head)
    items = _sitemap(content, url, match.group(1).decode()) if match else _feed(content, url)
    seen: set[str] = set()
    out = []
    for item in items:
        if item.link not in seen and urlsplit(item.link).scheme in ("http", "https"):
            seen.add(item.link)
            out.append(item)
    return out


def _feed(content: bytes, url: str) -> list[FeedItem]:
    import feedparser

    # The bytes were fetched already: tell feedparser where from (relative links) and that
    # they are XML (else it flags every feed "no Content-type specified").
    headers = {"content-location": url, "content-type": "application/xml"}
    parsed = feedparser.parse(content, response_headers=headers)
    items = []
    for entry in parsed.get("entries") or []:
        link = entry.get("link") or ""
        if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]  # Atom entries may carry their address only as the id
        if not link:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(when.tm_year, when.tm_mon, when.tm_mday) if when else None
        title = (entry.get("title") or "").strip() or None
        items.append(FeedItem(link=urljoin(url, link.strip()), title=title, published=published))
    if not items:
        # A feed with a syntax error is still read when items come out of it (feeds in the
        # wild often have one); one that yields nothing is counted as broken.
        exc = parsed.get("bozo_exception")
        if parsed.get("bozo") and isinstance(exc, xml.sax.SAXException):
            raise FeedError(f"not a readable RSS/Atom feed ({_reason(exc)})")
        if not parsed.get("version"):
            raise FeedError("not an RSS or Atom feed (no channel or feed element)")
    return items


def _sitemap(content: bytes, url: str, root_name: str) -> list[FeedItem]:
    if root_name == "sitemapindex":
        raise FeedError("a sitemap index; list its sitemaps as feeds instead")
    try:
        root = ET.fromstring(content)
    except ET.ParseError as err:
        raise FeedError(f"not a readable sitemap ({err})") from None
    items = []
    for node in root.iter(f"{_SITEMAP_NS}url"):
        loc = (node.findtext(f"{_SITEMAP_NS}loc") or "").strip()
        if not loc:
            continue
        lastmod = (node.findtext(f"{_SITEMAP_NS}lastmod") or "").strip()
        published = None
        if lastmod:
            try:
                published = dt.date.fromisoformat(lastmod[:10])
            except ValueError:
                published = None
        items.append(FeedItem(link=urljoin(url, loc), published=published))
    return items


def _reason(exc: object) -> str:
    text = str(exc or "unknown error").strip().splitlines()
    return text[0][:200] if text else "unknown error"


def read_feeds_file(path: str | os.PathLike[str]) -> list[str]:
    """Feed URLs, one a line; blank lines and ``#`` comments are ignored."""
    name = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(name, "no such file; give a text file with one feed URL a line") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(name, f"cannot be read ({err})") from None
    urls = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        check_feed_url(line, f"{name}:{number}")
        urls.append(line)
    return urls


def check_feed_url(url: str, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(where, f"{url!r} is not an http(s) feed URL")
