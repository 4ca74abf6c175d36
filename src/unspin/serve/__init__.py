"""``unspin serve``: the web API and the analyst's page over one index.

    from unspin.serve import ServeSettings, create_app
    app = create_app(ServeSettings(db="news.db", api_key="..."))

Modules: ``app`` (assembly), ``api`` (/v1 routes), ``pages`` (HTML), ``service`` (the work,
without HTTP), ``gate`` (the analysis queue), ``stores`` (a store per request), ``reports``
(stored reports), ``limits`` (body size, JSON only), ``errors`` (one error shape),
``schemas`` (request/response bodies), ``settings``.
"""

from __future__ import annotations

from unspin.serve.app import create_app
from unspin.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
