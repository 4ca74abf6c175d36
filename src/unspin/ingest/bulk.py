"""Read articles for indexing from folders, record files, web archives and feeds.

    folder/             every supported file below it (hidden files skipped)
    *.txt *.json *.html one article each, via ``unspin.ingest.load_article``
    *.jsonl[.gz]        one record per line     } columns mapped to Article fields
    *.csv[.gz] *.tsv    one record per row      } (``--map text=body,title=headline``)
    *.parquet           one record per row      } pyarrow, the ``index`` extra
    *.warc[.gz]         HTML responses only (warcio + trafilatura); the rest counted and skipped
    *.rss *.atom *.xml  feed items (feedparser): content or summary as text; an item with
                        neither is indexed from its linked page only when that page is in a
                        WARC given in the same run (no network access while indexing)

Nothing here stops a run: every bad record (corrupt WARC record, malformed feed, CSV without
the text column, a file that disappeared) is skipped, logged and counted by reason in a
:class:`ReadSummary`.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from unspin.core.errors import InputError, UnspinError
from unspin.core.model import Article
from unspin.core.sites import host_of
from unspin.ingest import article_from_html, load_article, text_id
from unspin.ingest.html import html_to_text

__all__ = [
    "ARTICLE_FIELDS",
    "ReadSummary",
    "iter_articles",
    "parse_mapping",
    "record_to_article",
]

log = logging.getLogger("unspin.index")

ARTICLE_FIELDS = ("text", "title", "byline", "published", "url", "site", "id")
# Column names tried, in order, when --map does not name one.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "articleBody", "article_body", "content", "article", "story"),
    "title": ("title", "headline", "Headline"),
    "byline": ("byline", "author", "authors"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate"),
    "url": ("url", "link", "news_url", "canonical_link"),
    "site": ("site", "source", "publisher", "sitename"),
    "id": ("id", "doc_id", "newid", "Body ID", "news_id", "article_id", "guid"),
}

WARN_PER_REASON = 5
QUIET_REASONS = frozenset(
    {"empty_text", "warc_not_html", "warc_not_response", "unsupported_format"}
)

_SINGLE = {".txt", ".text", ".md", ".json", ".html", ".htm", ".xhtml"}
_FEEDS = {".rss", ".atom", ".xml", ".rdf"}


@dataclass
class ReadSummary:
    """What the readers saw: articles read per format, records skipped per reason."""

    read: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    files: int = 0

    def skip(self, reason: str, where: str, detail: str = "") -> None:
        """Count a skipped record and log why (the first few per reason as warnings)."""
        self.skipped[reason] += 1
        n = self.skipped[reason]
        level = logging.WARNING if n <= WARN_PER_REASON else logging.INFO
        if reason in QUIET_REASONS:
            level = logging.INFO
        log.log(level, "skipped %s: %s%s", where, reason, f" ({detail})" if detail else "")
        if n == WARN_PER_REASON and level == logging.WARNING:
            log.warning("further %r records are logged at INFO level", reason)

    @property
    def total_read(self) -> int:
        return sum(self.read.values())


def parse_mapping(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"text=body,title=headline"`` -> ``{"text": "body", "title": "headline"}``."""
    if spec is None:
        return {}
    if isinstance(spec, Mapping):
        pairs = list(spec.items())
    else:
        pairs = []
        for part in spec.split(","):
            if not part.strip():
                continue
            name, sep, column = part.partition("=")
            if not sep or not column.strip():
                raise InputError("--map", f"{part.strip()!r} is not FIELD=COLUMN")
            pairs.append((name.strip(), column.strip()))
    out: dict[str, str] = {}
    for name, column in pairs:
        if name not in ARTICLE_FIELDS:
            raise InputError("--map", f"unknown field {name!r}; use {', '.join(ARTICLE_FIELDS)}")
        out[name] = column
    return out


Loader = Callable[[str], Article]


def iter_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    mapping: Mapping[str, str] | None = None,
    summary: ReadSummary | None = None,
    loader: Loader | None = None,
) -> Iterator[Article]:
    """Every article under ``paths``; problems are counted in ``summary`` and skipped.

    ``loader`` reads one .txt/.json/.html file (default ``unspin.ingest.load_article``).
    Feeds are read before WARC files so feed metadata can reach pages archived there.
    """
    summary = summary if summary is not None else ReadSummary()
    mapping = dict(mapping or {})
    files: list[tuple[int, Path]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend((_kind_order(f), f) for f in _walk(path))
        elif path.exists():
            files.append((_kind_order(path), path))
        else:
            summary.skip("not_found", str(path))
    files.sort(key=lambda x: x[0])  # stable: feeds first, then everything in the given order
    pending: dict[str, dict[str, Any]] = {}  # feed items waiting for their page in a WARC
    for _, path in files:
        summary.files += 1
        try:
            yield from _read_file(path, mapping, summary, loader, pending)
        except FileNotFoundError:
            summary.skip("file_vanished", str(path))
        except IsADirectoryError:
            summary.skip("unreadable", str(path), "is a directory")
        except PermissionError as err:
            summary.skip("unreadable", str(path), str(err))
    for url in pending:
        summary.skip("feed_item_no_text", url, "no content, and the page is in no WARC given")


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _suffixes(path: Path) -> tuple[str, bool]:
    """The format suffix (".jsonl") and whether the file is gzipped."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return os.path.splitext(name)[1], gz


def _kind_order(path: Path) -> int:
    suffix, _ = _suffixes(path)
    if suffix in _FEEDS:
        return 0
    return 2 if suffix in (".warc", ".arc") else 1


def _read_file(
    path: Path,
    mapping: dict[str, str],
    summary: ReadSummary,
    loader: Loader | None,
    pending: dict[str, dict[str, Any]],
) -> Iterator[Article]:
    suffix, gz = _suffixes(path)
    if suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(path, gz, mapping, summary)
    elif suffix in (".csv", ".tsv"):
        yield from _read_csv(path, gz, suffix == ".tsv", mapping, summary)
    elif suffix == ".parquet":
        yield from _read_parquet(path, mapping, summary)
    elif suffix in (".warc", ".arc"):
        yield from _read_warc(path, summary, pending)
    elif suffix in _FEEDS:
        yield from _read_feed(path, summary, pending)
    elif suffix in _SINGLE and not gz:
        art = _load_single(path, summary, loader)
        if art is not None:
            summary.read["file"] += 1
            yield art
    else:
        summary.skip("unsupported_format", str(path), "not a format unspin index reads")


# --- single files -------------------------------------------------------------------------


def _load_single(path: Path, summary: ReadSummary, loader: Loader | None) -> Article | None:
    load = loader or load_article
    try:
        art = load(str(path))
    except FileNotFoundError:
        summary.skip("file_vanished", str(path))
        return None
    except InputError as err:
        summary.skip(_reason(err), str(path), err.problem)
        return None
    except UnspinError as err:
        summary.skip("input_error", str(path), err.message)
        return None
    except OSError as err:
        summary.skip("unreadable", str(path), str(err))
        return None
    # Key folder files by URL, else by path, unless the file names its own id: re-indexing
    # an edited file then replaces the old version instead of adding a second one.
    if art.url is None and (art.id is None or art.id == text_id(art.text)):
        art = replace(art, id=str(path.resolve()))
    return art


def _reason(err: UnspinError) -> str:
    name = type(err).__name__.removesuffix("Error")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() or "input"


# --- records ------------------------------------------------------------------------------


def _columns(available: Iterable[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """Field -> column for one file, from the explicit mapping, else the defaults."""
    avail = list(available)
    out: dict[str, str] = {}
    for name in ARTICLE_FIELDS:
        if name in mapping:
            if mapping[name] in avail:
                out[name] = mapping[name]
            continue
        for cand in DEFAULT_COLUMNS[name]:
            if cand in avail:
                out[name] = cand
                break
    return out


def record_to_article(
    record: Mapping[str, Any], columns: Mapping[str, str], *, source_format: str
) -> Article | str:
    """An Article from one record, or the reason it can't be one."""
    text_col = columns.get("text")
    if text_col is None or text_col not in record:
        return "missing_column"
    text = record.get(text_col)
    if not isinstance(text, str) or not text.strip():
        return "empty_text"
    values: dict[str, Any] = {}
    for name in ("title", "byline", "url", "site", "id"):
        col = columns.get(name)
        v = record.get(col) if col else None
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v if x)
        values[name] = str(v).strip() or None if v is not None else None
    published = None
    col = columns.get("published")
    if col and record.get(col) not in (None, ""):
        published = _parse_date(record[col])
    if values["site"] is None and values["url"]:
        values["site"] = host_of(values["url"])
    return Article(text=text, published=published, source_format=source_format, **values)


def _parse_date(value: Any) -> dt.date | None:
    try:
        from unspin.ingest.dates import parse_date_value

        parsed: dt.date | None = parse_date_value(value)
        return parsed
    except (ImportError, ValueError, TypeError, OverflowError):
        pass
    if isinstance(value, str):
        from dateutil import parser as _dateutil

        try:
            day: dt.date = _dateutil.parse(value, ignoretz=True).date()
            return day
        except (ValueError, OverflowError):
            return None
    return None


def _open_text(path: Path, gz: bool) -> IO[str]:
    if gz:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", errors="replace")
    return open(path, encoding="utf-8-sig", errors="replace", newline="")


def _read_jsonl(
    path: Path, gz: bool, mapping: Mapping[str, str], summary: ReadSummary
) -> Iterator[Article]:
    columns: dict[str, str] | None = None
    with _open_text(path, gz) as fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except (OSError, EOFError, gzip.BadGzipFile) as err:
                summary.skip("corrupt_file", f"{path}:{lineno + 1}", str(err))
                return
            if not line:
                return
            lineno += 1
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                summary.skip("malformed_json", f"{path}:{lineno}", str(err))
                continue
            except RecursionError:
                summary.skip("malformed_json", f"{path}:{lineno}", "nested too deeply")
                continue
            if not isinstance(rec, dict):
                summary.skip("malformed_record", f"{path}:{lineno}", "not a JSON object")
                continue
            if columns is None or columns.get("text") not in rec:
                columns = _columns(rec.keys(), mapping)
            art = record_to_article(rec, columns, source_format="jsonl")
            if isinstance(art, str):
                summary.skip(art, f"{path}:{lineno}")
                continue
            summary.read["jsonl"] += 1
            yield art


def _read_csv(
    path: Path, gz: bool, tsv: bool, mapping: Mapping[str, str], summary: ReadSummary
) -> Iterator[Article]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with _open_text(path, gz) as fh:
        reader = csv.DictReader(fh, delimiter="\t" if tsv else ",")
        try:
            header = reader.fieldnames or []
        except csv.Error as err:
            summary.skip("malformed_csv", str(path), str(err))
            return
        columns = _columns(header, mapping)
        if "text" not in columns:
            want = mapping.get("text") or " or ".join(DEFAULT_COLUMNS["text"][:3])
            summary.skip("missing_column", str(path), f"no text column {want!r} in the header")
            return
        rowno = 1
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                summary.skip("malformed_csv", f"{path}:{rowno + 1}", str(err))
                return
            rowno += 1
            art = record_to_article(rec, columns, source_format="csv")
            if isinstance(art, str):
                summary.skip(art, f"{path}:{rowno}")
                continue
            summary.read["csv"] += 1
            yield art


def _read_parquet(
    path: Path, mapping: Mapping[str, str], summary: ReadSummary
) -> Iterator[Article]:
    try:
        import pyarrow.parquet as pq
    except ImportError as err:
        raise UnspinError(
            f"{path}: reading Parquet needs pyarrow; install it with pip install 'unspin[index]'"
        ) from err
    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as err:  # pyarrow raises ArrowInvalid (a ValueError)
        summary.skip("corrupt_file", str(path), str(err))
        return
    columns = _columns(pf.schema_arrow.names, mapping)
    if "text" not in columns:
        summary.skip("missing_column", str(path), "no text column in the schema")
        return
    try:
        for batch in pf.iter_batches(batch_size=1024, columns=sorted(set(columns.values()))):
            for rec in batch.to_pylist():
                art = record_to_article(rec, columns, source_format="parquet")
                if isinstance(art, str):
                    summary.skip(art, str(path))
                    continue
                summary.read["parquet"] += 1
                yield art
    except (OSError, ValueError) as err:
        summary.skip("corrupt_file", str(path), str(err))


# --- WARC ---------------------------------------------------------------------------------

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_RESYNC = 1000
# A news page is well under a megabyte; a bigger payload is a dump or an attack, and
# trafilatura on it would take minutes. Same limit as a fetched page (ingest.fetch).
MAX_PAGE_BYTES = 10 * 1024 * 1024


def _read_warc(
    path: Path, summary: ReadSummary, pending: dict[str, dict[str, Any]]
) -> Iterator[Article]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as err:
        raise UnspinError(
            f"{path}: reading WARC needs warcio; install it with pip install 'unspin[index]'"
        ) from err
    _, gz = _suffixes(path)
    with open(path, "rb") as fh:
        offset = 0
        for _attempt in range(_MAX_RESYNC):
            fh.seek(offset)
            it = ArchiveIterator(fh)
            failed_at = None
            try:
                for rec in it:
                    where = f"{path}@{it.offset}"  # start of this record (absolute)
                    art = _warc_record(rec, where, summary)
                    if art is None:
                        continue
                    meta = pending.pop(art.url or "", None)
                    if meta:
                        fill = {k: v for k, v in meta.items() if v and not getattr(art, k)}
                        art = replace(art, **fill)
                    summary.read["warc"] += 1
                    yield art
            except Exception as err:  # warcio raises several types on corrupt input
                failed_at = int(it.offset)
                summary.skip("warc_corrupt_record", f"{path}@{failed_at}", type(err).__name__)
            if failed_at is None:
                return
            nxt = _next_record_start(fh, failed_at + 1, gz)
            if nxt is None:
                return
            offset = nxt


def _next_record_start(fh: IO[bytes], start: int, gz: bool) -> int | None:
    """The next place a WARC record (or gzip member) could begin, for resynchronising."""
    marker = b"\x1f\x8b\x08" if gz else b"WARC/1."
    fh.seek(start)
    buf = b""
    pos = start
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            return None
        buf = buf[-len(marker) :] + chunk
        i = buf.find(marker)
        if i >= 0:
            return pos - (len(buf) - len(chunk)) + i
        pos += len(chunk)


def _warc_record(rec: Any, where: str, summary: ReadSummary) -> Article | None:
    if rec.rec_type != "response":
        summary.skipped["warc_not_response"] += 1  # requests, metadata: expected, not logged
        return None
    http = rec.http_headers
    if http is None:
        summary.skip("warc_not_http", where)
        return None
    status = http.get_statuscode()
    ctype = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if status != "200":
        summary.skip("warc_not_ok", where, f"HTTP {status}")
        return None
    if ctype not in _HTML_TYPES:
        summary.skipped["warc_not_html"] += 1
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI")
    data = rec.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        summary.skip("too_large", where, f"over {MAX_PAGE_BYTES // (1024 * 1024)} MB")
        return None
    if getattr(rec.raw_stream, "limit", 0) > 0:  # the file ended inside this record
        summary.skip("warc_truncated", where, f"{rec.raw_stream.limit} bytes missing")
        return None
    try:
        return _html_article(data, url, where)
    except InputError as err:
        summary.skip(_reason(err), where, err.problem)
    except UnspinError as err:
        summary.skip("input_error", where, err.message)
    return None


def _html_article(html: bytes | str, url: str | None, name: str) -> Article:
    art = article_from_html(html, url=url, name=name)
    if url and (art.id is None or art.id == text_id(art.text)):
        art = replace(art, id=url)
    return replace(art, source_format="warc")


# --- feeds --------------------------------------------------------------------------------


def _read_feed(
    path: Path, summary: ReadSummary, pending: dict[str, dict[str, Any]]
) -> Iterator[Article]:
    try:
        import feedparser
    except ImportError as err:
        raise UnspinError(
            f"{path}: reading feeds needs feedparser; install it with pip install 'unspin[index]'"
        ) from err
    data = path.read_bytes()
    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            summary.skip("malformed_feed", str(path), type(exc).__name__ if exc else "")
        else:
            summary.skip("empty_feed", str(path))
        return
    site = host_of(parsed.feed.get("link", "")) if parsed.get("feed") else None
    for n, entry in enumerate(entries):
        where = f"{path}#{n}"
        link = entry.get("link")
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            try:
                published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except ValueError:
                published = None
        meta = {
            "title": html_to_text(entry.get("title") or "") or None,
            "byline": entry.get("author"),
            "published": published,
        }
        html = ""
        if entry.get("content"):
            html = max((c.get("value") or "" for c in entry["content"]), key=len)
        html = html or entry.get("summary") or ""
        text = html_to_text(html)
        if not text.strip():
            if link:
                pending[link] = meta  # indexed from its page if a WARC of this run has it
            else:
                summary.skip("feed_item_no_text", where)
            continue
        summary.read["feed"] += 1
        yield Article(
            text=text,
            url=link,
            site=host_of(link) if link else site,
            id=entry.get("id") or link or None,
            source_format="feed",
            **meta,
        )
