"""Stage 1: crawled files -> pages (clean article text and metadata), bad records counted.

One input file is the unit of work everywhere: a worker process (local engine) or a Spark task
reads it start to end, so a page's id (file + its position in the file) is the same in both
engines and a rerun can skip the files that are finished.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.core.errors import InputError
from unspin.core.limits import MAX_ANALYSIS_CHARS, analysis_size_problem
from unspin.core.sites import host_of
from unspin.ingest.bulk import ReadSummary, iter_articles
from unspin.ingest.quality import is_english, prose_words

__all__ = [
    "CRAWL_SUFFIXES",
    "MAX_TEXT_CHARS",
    "MIN_WORDS",
    "FileResult",
    "crawl_files",
    "file_id",
    "read_pages",
]

# What `unspin scan` reads: web archives and bulk records (feeds and single pages are `index`'s).
CRAWL_SUFFIXES = (".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".parquet")
MAX_TEXT_CHARS = MAX_ANALYSIS_CHARS  # extracted text: the limits of every analysis (limits.py)
MIN_WORDS = 25  # fewer words can't show copying; menus, captions, error pages
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class FileResult:
    """What reading one input file produced besides its pages."""

    file: str
    read: int = 0  # pages that reached tracing
    skipped: Counter[str] = field(default_factory=Counter)  # pages (or records) not scanned
    other_records: int = 0  # WARC requests, metadata, warcinfo: not pages at all


def crawl_files(
    inputs: list[str], since: dt.date | None = None, until: dt.date | None = None
) -> list[str]:
    """Input files in a stable order: directories expanded (sorted), files kept as given;
    ``s3://``, ``gs://`` and ``hdfs://`` prefixes listed (see :mod:`.storage`). With ``since``
    or ``until``, only the files dated in that range by their name or folders (CC-NEWS:
    ``crawl-data/CC-NEWS/2024/01/CC-NEWS-20240115...warc.gz``).

    A missing input is an error before anything runs (a typo must not give an empty scan).
    """
    from unspin.scan.storage import in_dates, is_remote, list_remote

    out: list[str] = []
    for given in inputs:
        if is_remote(given):
            out.extend(list_remote(given, CRAWL_SUFFIXES))
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name.lower().endswith(CRAWL_SUFFIXES)
            )
            out.extend(found)
        elif path.is_file():
            if not path.name.lower().endswith(CRAWL_SUFFIXES):
                raise InputError(
                    given, f"is not a crawl file unspin scan reads ({', '.join(CRAWL_SUFFIXES)})"
                )
            out.append(str(path))
        else:
            raise InputError(given, "does not exist")
    return in_dates(dict.fromkeys(out), since, until)


def file_id(path: str) -> str:
    """Short stable id of an input file (its path as given), for part files and markers."""
    return hashlib.sha1(path.encode()).hexdigest()[:16]


def read_pages(
    path: str, result: FileResult | None = None, *, name: str | None = None
) -> Iterator[dict[str, Any]]:
    """The pages of one crawl file as plain dicts (picklable, Spark-row friendly).

    HTML is extracted with trafilatura (via the readers of ``unspin index``); non-HTML
    responses, corrupt records, oversized pages, pages in other languages and near-empty pages
    are skipped and counted in ``result.skipped``. ``name`` is what the pages' ids and ``file``
    column use (the object's URI when ``path`` is a local copy of it).
    """
    name = name or path
    result = result if result is not None else FileResult(name)
    summary = ReadSummary()
    ordinal = 0
    for art in iter_articles([path], summary=summary):
        ordinal += 1
        words = _WORD.findall(art.text[: MAX_TEXT_CHARS + 1])
        if analysis_size_problem(art.text) is not None:
            result.skipped["too_large"] += 1
            continue
        if len(words) < MIN_WORDS:
            result.skipped["too_short"] += 1
            continue
        if prose_words(art.text) < MIN_WORDS:  # menus, link lists, index pages
            result.skipped["no_article_text"] += 1
            continue
        if not is_english(words):
            result.skipped["not_english"] += 1
            continue
        result.read += 1
        yield {
            "page_id": hashlib.sha1(f"{name}\0{ordinal}".encode()).hexdigest()[:16],
            "file": name,
            "url": art.url,
            "site": host_of(art.url) or art.site,  # the host: farms brand themselves freely
            "title": art.title,
            "byline": art.byline,
            "published": art.published.isoformat() if art.published else None,
            "text": art.text,
            "words": len(words),
        }
    skipped = Counter(summary.skipped)
    result.other_records += skipped.pop("warc_not_response", 0)
    result.skipped.update(skipped)


@contextlib.contextmanager
def local_file(path: str) -> Iterator[str]:
    """A local path for a crawl file: itself, or a temporary copy of a remote object."""
    from unspin.scan.storage import fetch, is_remote

    if not is_remote(path):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="unspin-crawl-") as tmp:
        yield str(fetch(path, tmp))
