"""Tracked sources and alerts: which new articles were made from your stories.

``--track PREFIX`` names a site (``wire.example``, any subdomain and scheme, optionally with a
path: ``wire.example/world/``) or a URL prefix (``https://wire.example/world/``). A newly indexed
article whose trace report lists a tracked article among its sources raises one alert per
(copier, tracked source) pair:

    {"alert_id", "created", "copier_url", "copier_site", "copier_title", "source_url",
     "source_title", "track", "verdict", "coverage", "changes": {kind: count},
     "report_id", "report": "/reports/<report_id>"}

An article from the tracked prefix itself (the newsroom's own update of its story) does not
alert against that prefix. Alerts are appended to a JSONL file exactly once (the state marks
each written, and a line already in the file from a run cut short is not written again), and
optionally POSTed as JSON to a webhook, retried in later rounds until it answers 2xx.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from unspin.core.model import Article, Report, Verdict

__all__ = ["AlertSink", "Tracks", "alert_id", "alerts_for"]

WEBHOOK_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class _Prefix:
    given: str
    host: str
    path: str
    scheme: str | None  # None: a site, any scheme


class Tracks:
    """The ``--track`` prefixes; :meth:`match` says which one a URL falls under."""

    def __init__(self, prefixes: Iterable[str]) -> None:
        self.prefixes: list[_Prefix] = []
        for given in prefixes:
            text = given.strip()
            has_scheme = "://" in text
            parts = urlsplit(text if has_scheme else "http://" + text)
            host = (parts.hostname or "").lower().removeprefix("www.")
            if not host or (has_scheme and parts.scheme not in ("http", "https")):
                raise ValueError(
                    f"--track {given!r}: give a site (wire.example) or an http(s) URL prefix"
                )
            scheme = parts.scheme if has_scheme else None
            self.prefixes.append(_Prefix(given, host, parts.path or "/", scheme))

    def __bool__(self) -> bool:
        return bool(self.prefixes)

    def match(self, url: str | None) -> str | None:
        """The tracked prefix ``url`` falls under, as given; None when none does."""
        if not url:
            return None
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        for p in self.prefixes:
            if p.scheme is not None and parts.scheme != p.scheme:
                continue
            if p.scheme is not None and (parts.port or None) != (urlsplit(p.given).port or None):
                continue
            if not (host == p.host or host.endswith("." + p.host)):
                continue
            if (parts.path or "/").startswith(p.path):
                return p.given
        return None


def alerts_for(
    report: Report, copier: Article, tracks: Tracks, *, report_id: str
) -> list[dict[str, Any]]:
    """One alert per tracked source among the report's sources (none for an original)."""
    if report.verdict is Verdict.ORIGINAL:
        return []
    own = tracks.match(copier.url)
    changes = dict(sorted(Counter(str(c.kind) for c in report.changes).items()))
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    out = []
    for match in report.source_matches:
        # The tracked story may be the version shown, an identical copy or another version.
        for url in (match.url, *match.copies, *match.versions):
            track = tracks.match(url)
            if track is None or track == own or url == copier.url:
                continue
            assert url is not None
            out.append(
                {
                    "alert_id": alert_id(copier.url or copier.id or "", url),
                    "created": created,
                    "copier_url": copier.url,
                    "copier_site": copier.site,
                    "copier_title": copier.title,
                    "source_url": url,
                    "source_title": match.title,
                    "track": track,
                    "verdict": str(report.verdict),
                    "coverage": round(match.coverage, 3),
                    "changes": changes,
                    "report_id": report_id,
                    "report": f"/reports/{report_id}",
                }
            )
            break  # one alert per source: its first tracked address
    return out


def alert_id(copier: str, source: str) -> str:
    return hashlib.sha256(f"{copier}\n{source}".encode()).hexdigest()[:24]


class AlertSink:
    """Where alerts go: a JSONL file (each line once) and, optionally, a webhook."""

    def __init__(
        self, path: Path | None, url: str | None = None, *, user_agent: str = "unspin"
    ) -> None:
        self.path = path
        self.url = url
        self.user_agent = user_agent

    def write(self, alerts: Sequence[dict[str, Any]]) -> list[str]:
        """Append the alerts not already in the file; returns the ids now in it."""
        if self.path is None or not alerts:
            return [a["alert_id"] for a in alerts]
        present = self._ids_in_file()
        lines = [a for a in alerts if a["alert_id"] not in present]
        if lines:
            with open(self.path, "a", encoding="utf-8") as fh:
                for a in lines:
                    fh.write(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        return [a["alert_id"] for a in alerts]

    def _ids_in_file(self) -> set[str]:
        assert self.path is not None
        ids: set[str] = set()
        try:
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        ids.add(json.loads(line)["alert_id"])
                    except (ValueError, KeyError, TypeError):
                        continue  # a torn last line or someone else's line
        except FileNotFoundError:
            pass
        return ids

    def post(self, alerts: Sequence[dict[str, Any]]) -> tuple[list[str], str | None]:
        """POST each alert to the webhook; returns the ids it took (2xx) and the first error."""
        if self.url is None:
            return [a["alert_id"] for a in alerts], None
        done: list[str] = []
        error = None
        with httpx.Client(
            timeout=WEBHOOK_TIMEOUT_S, headers={"User-Agent": self.user_agent}
        ) as client:
            for a in alerts:
                try:
                    resp = client.post(self.url, json=a)
                except httpx.HTTPError as err:
                    error = f"webhook {self.url}: {type(err).__name__}: {err}"
                    break  # down: the rest waits for the next round
                if resp.is_success:
                    done.append(a["alert_id"])
                elif error is None:
                    error = f"webhook {self.url}: HTTP {resp.status_code}"
        return done, error
