"""The service's settings: one frozen object, built by ``unspin serve`` or from the environment.

Worker processes (``--workers N``) are started by uvicorn from an import string, so they read
the same settings from ``UNSPIN_*`` environment variables (:meth:`ServeSettings.from_env`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from unspin.core.limits import MAX_ANALYSIS_CHARS
from unspin.ingest.fetch import DEFAULT_MAX_BYTES, FetchPolicy

DEFAULT_DB = Path("unspin.db")
ENV_DB = "UNSPIN_DB"
ENV_API_KEY = "UNSPIN_API_KEY"
ENV_ALLOW_PRIVATE = "UNSPIN_ALLOW_PRIVATE_URLS"
ENV_DEADLINE = "UNSPIN_ANALYSIS_DEADLINE_S"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeSettings:
    db: Path | None = DEFAULT_DB  # None: an in-memory index, gone when the process ends
    api_key: str | None = None  # when set, POST /v1/articles needs it in X-API-Key
    allow_private_urls: bool = False  # True only where every caller may reach your network
    # A 10 MB page (the fetch and file cap) plus room for JSON escaping or form framing.
    max_body_bytes: int = DEFAULT_MAX_BYTES + 1024 * 1024
    # Analysis time grows with length; a long news article is 30,000 characters. The limits
    # of every analysis (unspin.core.limits) apply too; this can only lower the character limit.
    max_article_chars: int = MAX_ANALYSIS_CHARS
    queue_limit: int = 64  # analyses waiting per worker before 503
    queue_wait_s: float = 120.0  # longest wait for an analysis slot before 503
    fetch_timeout_s: float = 10.0
    warm_up: bool = True  # load the NLP model before accepting requests
    # Analyses run in a child process, killed past the deadline (504). Needs a db file (the
    # child opens it too); with db=None, or isolate=False, they run in a thread, unbounded.
    isolate: bool = True
    analysis_deadline_s: float = 60.0
    # Reports kept: the newest, within all three bounds; older ones are deleted after a save
    # (at most every report_prune_interval_s: the size bound reads every report's length).
    report_max_age_days: float = 30.0
    report_max_count: int = 10_000
    report_max_bytes: int = 512 * 1024 * 1024
    report_prune_interval_s: float = 60.0  # the bounds are applied at most this often
    # A stored report larger than this is not rendered as a page (its JSON stays available).
    max_page_report_bytes: int = 2 * 1024 * 1024
    # uvicorn: whole request head within header_timeout_s, each body chunk within
    # body_timeout_s, idle keep-alive connections closed after keep_alive_s; at most
    # max_connections open at once (more are answered 503).
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    keep_alive_s: float = 5.0
    max_connections: int = 256

    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(
            timeout=self.fetch_timeout_s,
            total_timeout=2 * self.fetch_timeout_s,
            allow_private=self.allow_private_urls,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> ServeSettings:
        return cls(
            db=Path(env.get(ENV_DB) or DEFAULT_DB),
            api_key=env.get(ENV_API_KEY) or None,
            allow_private_urls=env.get(ENV_ALLOW_PRIVATE, "") in ("1", "true", "yes"),
            analysis_deadline_s=float(env.get(ENV_DEADLINE) or 60.0),
        )

    def to_env(self) -> dict[str, str]:
        """What :meth:`from_env` reads back (the db must be a file to be shared by workers)."""
        env = {
            ENV_DB: str(self.db or DEFAULT_DB),
            ENV_ALLOW_PRIVATE: "1" if self.allow_private_urls else "",
            ENV_DEADLINE: str(self.analysis_deadline_s),
        }
        if self.api_key:
            env[ENV_API_KEY] = self.api_key
        return env


__all__ = ["DEFAULT_DB", "ServeSettings"]
