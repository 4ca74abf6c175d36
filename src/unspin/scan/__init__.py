"""Scan whole crawls: trace every page to the reference, rank sites, find networks.

    from unspin.scan import ScanOptions, scan
    summary = scan(["crawl/"], "news.db", "results/", ScanOptions(engine="local"))

Stages (pure functions over one page or one file, shared by both engines):
:mod:`.pages` (read + extract) -> :mod:`.stages` (fingerprint, shortlist, trace) ->
:mod:`.tables` (sites, networks). Engines: :mod:`.local` (processes) and :mod:`.spark`.
"""

from __future__ import annotations

from unspin.scan.run import ScanOptions, ScanSummary, scan

__all__ = ["ScanOptions", "ScanSummary", "scan"]
