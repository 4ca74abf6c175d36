"""The service's settings: one frozen object, built by ``unspin serve`` or from the environment.

Worker processes (``--workers N``) are started by uvicorn from an import string, so they read
the same settings from ``UNSPIN_*`` environment variables (:meth:`ServeSettings.from_env`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from unspin.ingest.fetch import DEFAULT_MAX_BYTES, FetchPolicy
from unspin.limits import MAX_ANALYSIS_CHARS

DEFAULT_DB = Path("unspin.db")
ENV_DB = "UNSPIN_DB"
ENV_API_KEY = "UNSPIN_API_KEY"
ENV_ALLOW_PRIVATE = "UNSPIN_ALLOW_PRIVATE_URLS"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeSettings:
    db: Path | None = DEFAULT_DB  # None: an in-memory index, gone when the process ends
    api_key: str | None = None  # when set, POST /v1/articles needs it in X-API-Key
    allow_private_urls: bool = False  # True only where every caller may reach your network
    # A 10 MB page (the fetch and file cap) plus room for JSON escaping or form framing.
    max_body_bytes: int = DEFAULT_MAX_BYTES + 1024 * 1024
    # Analysis time grows with length; a long news article is 30,000 characters. The limits
    # of every analysis (unspin.limits) apply too; this can only lower the character limit.
    max_article_chars: int = MAX_ANALYSIS_CHARS
    queue_limit: int = 64  # analyses waiting per worker before 503
    queue_wait_s: float = 120.0  # longest wait for an analysis slot before 503
    fetch_timeout_s: float = 10.0
    warm_up: bool = True  # load the NLP model before accepting requests

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
        )

    def to_env(self) -> dict[str, str]:
        """What :meth:`from_env` reads back (the db must be a file to be shared by workers)."""
        env = {
            ENV_DB: str(self.db or DEFAULT_DB),
            ENV_ALLOW_PRIVATE: "1" if self.allow_private_urls else "",
        }
        if self.api_key:
            env[ENV_API_KEY] = self.api_key
        return env


__all__ = ["DEFAULT_DB", "ServeSettings"]
