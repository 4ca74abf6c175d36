"""Object stores and HDFS for the scan: ``s3://``, ``gs://``, ``hdfs://`` crawls, reference, output.

Through pyarrow's file systems (``pyarrow.fs.FileSystem.from_uri``; credentials and endpoints
as the AWS/GCS/Hadoop clients read them, e.g. ``AWS_ENDPOINT_URL`` for MinIO or a local S3).

* Crawl files are listed in the driver and fetched whole by the task that scans them (a worker
  process or a Spark executor) into a local temporary file: the WARC and record readers need
  a seekable local file. A page's id and ``file`` column are the object's URI.
* A remote reference is fetched once into the output's local work folder and indexed there.
* A remote ``--out`` is written through a local work folder: each finished batch is uploaded
  (its old objects deleted first) and only then its files' markers, so a run killed between
  the two leaves no marker and the rerun replaces that batch; object stores have no rename,
  and nothing relies on one. The summary tables are uploaded last.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from unspin.core.errors import InputError

__all__ = [
    "REMOTE_SCHEMES",
    "RemoteOut",
    "fetch",
    "file_date",
    "in_dates",
    "is_remote",
    "list_remote",
]

REMOTE_SCHEMES = ("s3", "gs", "gcs", "hdfs", "viewfs")
_DAY_IN_NAME = re.compile(r"(?<!\d)(20\d\d|19\d\d)(\d\d)(\d\d)(?:\d{6})?(?!\d)")
_MONTH_IN_PATH = re.compile(r"/((?:19|20)\d\d)/(\d\d)(?:/(\d\d))?/")


def is_remote(path: str) -> bool:
    scheme, sep, _ = str(path).partition("://")
    return bool(sep) and scheme.lower() in REMOTE_SCHEMES


def _fs(uri: str) -> tuple[Any, str, str]:
    """(file system, path in it, the URI prefix that turns such a path back into a URI).

    Options in the URI's query (``s3://bucket/crawl?endpoint_override=host:9000&scheme=http``)
    are pyarrow's; listed files keep them (see :func:`list_remote`).
    """
    import pyarrow.fs as pafs

    try:
        fs, path = pafs.FileSystem.from_uri(uri)
    except Exception as err:  # unknown scheme, bad bucket name, no HDFS client
        raise InputError(uri, f"cannot be opened ({type(err).__name__}: {err})") from err
    scheme = uri.split("://", 1)[0]
    if scheme.lower() in ("s3", "gs", "gcs"):
        prefix = f"{scheme}://"
    else:  # hdfs://host:port/path -> "/path"
        at = uri.find(path, len(scheme) + 3) if path else -1
        prefix = uri[:at] if at > 0 else f"{scheme}://"
    return fs, path.rstrip("/"), prefix


def list_remote(uri: str, suffixes: tuple[str, ...]) -> list[str]:
    """The files under ``uri`` (or ``uri`` itself) whose names end in ``suffixes``, sorted."""
    import pyarrow.fs as pafs

    fs, path, prefix = _fs(uri)
    query = "?" + uri.split("?", 1)[1] if "?" in uri else ""
    try:
        info = fs.get_file_info(path)
    except OSError as err:
        raise InputError(uri, f"cannot be listed ({err})") from err
    if info.type == pafs.FileType.NotFound:
        raise InputError(uri, "does not exist")
    if info.type == pafs.FileType.File:
        if not info.path.lower().endswith(suffixes):
            raise InputError(uri, f"is not a crawl file unspin scan reads ({', '.join(suffixes)})")
        return [uri]
    found = []
    for f in fs.get_file_info(pafs.FileSelector(path, recursive=True)):
        rel = f.path[len(path) :].lstrip("/")
        hidden = any(part.startswith((".", "_")) for part in rel.split("/"))
        if f.type == pafs.FileType.File and not hidden and f.path.lower().endswith(suffixes):
            found.append(prefix + f.path + query)
    return sorted(found)


def fetch(uri: str, folder: str | os.PathLike[str] | None = None) -> Path:
    """Copy one remote file to a local file (same name) and return its path."""
    fs, path, _ = _fs(uri)
    target_dir = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="unspin-fetch-"))
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / Path(path).name
    with fs.open_input_stream(path) as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def fetch_tree(uri: str, folder: Path) -> Path:
    """A remote file or folder copied under ``folder``; the local path of the copy.

    Files already there with the remote size are kept (and so is the index built from them).
    """
    import pyarrow.fs as pafs

    fs, path, _ = _fs(uri)
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        raise InputError(uri, "does not exist")
    if info.type == pafs.FileType.File:
        local = folder / Path(path).name
        if local.is_file() and local.stat().st_size == info.size:
            return local
        return fetch(uri, folder)
    root = folder / (Path(path).name or "data")
    for f in fs.get_file_info(pafs.FileSelector(path, recursive=True)):
        if f.type == pafs.FileType.File:
            local = root / f.path[len(path) :].lstrip("/")
            if local.is_file() and local.stat().st_size == f.size:
                continue
            local.parent.mkdir(parents=True, exist_ok=True)
            with fs.open_input_stream(f.path) as src, local.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    return root


def file_date(path: str) -> dt.date | None:
    """The day (or month) a crawl file is from, read from its name or folders.

    CC-NEWS names its files ``CC-NEWS-20240115093512-00042.warc.gz`` in ``.../2024/01/``.
    """
    path = path.split("?", 1)[0]
    name = path.rsplit("/", 1)[-1]
    m = _DAY_IN_NAME.search(name)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    m2 = _MONTH_IN_PATH.search("/" + path.replace("\\", "/"))
    if m2:
        try:
            return dt.date(int(m2[1]), int(m2[2]), int(m2[3] or 1))
        except ValueError:
            return None
    return None


def in_dates(paths: Iterable[str], since: dt.date | None, until: dt.date | None) -> list[str]:
    """The crawl files dated within ``[since, until]`` (a month folder counts as its days)."""
    if since is None and until is None:
        return list(paths)
    out = []
    for p in paths:
        day = file_date(p)
        if day is None:
            continue
        month_only = not _DAY_IN_NAME.search(p.split("?", 1)[0].rsplit("/", 1)[-1])
        last = _month_end(day) if month_only else day
        if (since is None or last >= since) and (until is None or day <= until):
            out.append(p)
    return out


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


class RemoteOut:
    """A remote output folder, written through the local work folder ``local``."""

    TABLES = ("matches", "spun_lines")

    def __init__(self, uri: str) -> None:
        self.uri = uri.rstrip("/")
        self.fs, self.path, _ = _fs(self.uri)
        digest = hashlib.sha1(self.uri.encode()).hexdigest()[:16]
        self.local = Path(tempfile.gettempdir()) / "unspin-scan-out" / digest
        self.uploaded: set[str] = set()

    def pull(self, resume: bool) -> None:
        """Fresh local copy of the remote markers and batches (what earlier runs finished)."""
        import pyarrow.fs as pafs

        shutil.rmtree(self.local / "_done", ignore_errors=True)
        for t in self.TABLES:
            shutil.rmtree(self.local / t, ignore_errors=True)
        self.local.mkdir(parents=True, exist_ok=True)
        if not resume:
            for name in ("_done", *self.TABLES, "sites", "networks"):
                self.fs.delete_dir_contents(f"{self.path}/{name}", missing_dir_ok=True)
            return
        for name in ("_done", *self.TABLES):
            base = f"{self.path}/{name}"
            if self.fs.get_file_info(base).type == pafs.FileType.NotFound:
                continue
            for f in self.fs.get_file_info(pafs.FileSelector(base, recursive=True)):
                if f.type != pafs.FileType.File:
                    continue
                local = self.local / name / f.path[len(base) :].lstrip("/")
                local.parent.mkdir(parents=True, exist_ok=True)
                with self.fs.open_input_stream(f.path) as src, local.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                if name != "_done":
                    self.uploaded.add(f"{name}/{local.parent.name}")

    def push_batches(self) -> None:
        """Upload the batches written locally since the last call (old objects replaced)."""
        for t in self.TABLES:
            folder = self.local / t
            if not folder.is_dir():
                continue
            for batch in sorted(folder.glob("batch=*")):
                key = f"{t}/{batch.name}"
                if key in self.uploaded:
                    continue
                remote = f"{self.path}/{key}"
                self.fs.delete_dir_contents(remote, missing_dir_ok=True)
                for part in sorted(batch.glob("*.parquet")):
                    self._put(part, f"{remote}/{part.name}")
                self.uploaded.add(key)

    def push_marker(self, marker: Path) -> None:
        self.push_batches()
        self._put(marker, f"{self.path}/_done/{marker.name}")

    def push_summary(self) -> None:
        for name in ("sites", "networks"):
            remote = f"{self.path}/{name}"
            self.fs.delete_dir_contents(remote, missing_dir_ok=True)
            for part in sorted((self.local / name).glob("*.parquet")):
                self._put(part, f"{remote}/{part.name}")
        for name in ("summary.json", "summary.html"):
            self._put(self.local / name, f"{self.path}/{name}")

    def _put(self, local: Path, remote: str) -> None:
        with local.open("rb") as src, self.fs.open_output_stream(remote) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
