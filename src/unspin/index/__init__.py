"""The corpus index: store articles, fingerprint them spin-robustly, retrieve candidate sources.

from unspin.index import open_store, index_paths, candidates
store = open_store("news.db")
index_paths(store, ["feeds/", "archive.jsonl"])
for c in candidates(store, article, k=5):
    c.id, c.coverage, [(h.sentence, h.source_sentence) for h in c.hits]
"""

from __future__ import annotations

from unspin.index.fingerprints import FingerprintConfig, fingerprint, sentence_immutables
from unspin.index.indexer import IndexSummary, index_articles, index_paths
from unspin.index.retrieve import Candidate, SentenceHit, candidates
from unspin.index.store import (
    MemoryStore,
    Outcome,
    SQLiteStore,
    Store,
    StoreError,
    StoreStats,
    open_store,
)
from unspin.ingest.bulk import ReadSummary, iter_articles, parse_mapping

__all__ = [
    "Candidate",
    "FingerprintConfig",
    "IndexSummary",
    "MemoryStore",
    "Outcome",
    "ReadSummary",
    "SQLiteStore",
    "SentenceHit",
    "Store",
    "StoreError",
    "StoreStats",
    "candidates",
    "fingerprint",
    "index_articles",
    "index_paths",
    "iter_articles",
    "open_store",
    "parse_mapping",
    "sentence_immutables",
]
