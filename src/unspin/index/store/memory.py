"""A store in dicts, for tests and throw-away corpora: same behaviour as the SQLite store.

BM25 is re-implemented with FTS5's formula and tokenizer, so searches rank alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from unspin.index.fingerprints import DEFAULT_CONFIG, DocFingerprints, FingerprintConfig, scheme
from unspin.index.store.base import (
    PreparedArticle,
    Row,
    StoreBase,
    StoredArticle,
    StoreStats,
    ago,
    new_report_id,
    now,
    select_terms,
)
from unspin.index.store.postings import pack_posting
from unspin.index.tokens import fast_tokens

__all__ = ["MemoryStore"]


@dataclass
class _MemRow:
    stored: StoredArticle
    run_id: str | None
    signature: np.ndarray
    n_fingerprints: int = 0


@dataclass
class _MemIndex:
    postings: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    bands: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    terms: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    doc_len: dict[int, int] = field(default_factory=dict)


class MemoryStore(StoreBase):
    """Everything in dicts; same behaviour as :class:`SQLiteStore` (BM25 re-implemented)."""

    def __init__(self, *, config: FingerprintConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self.scheme = scheme(config)
        self._rows: dict[int, _MemRow] = {}
        self._by_key: dict[str, int] = {}
        self._ix = _MemIndex()
        self._next_id = 1
        self._counts: Counter[str] = Counter()
        self._canonical_by_hash: dict[int, int] = {}
        self._reports: dict[str, str] = {}
        self._report_times: dict[str, str] = {}

    def close(self) -> None:
        pass

    def save_report(self, report_json: str) -> str:
        report_id = new_report_id()
        self._reports[report_id] = report_json
        self._report_times[report_id] = now()
        return report_id

    def load_report(self, report_id: str) -> str | None:
        return self._reports.get(report_id)

    def delete_report(self, report_id: str) -> bool:
        self._report_times.pop(report_id, None)
        return self._reports.pop(report_id, None) is not None

    def prune_reports(
        self, *, max_age_s: float | None, max_count: int | None, max_bytes: int | None
    ) -> int:
        oldest = ago(max_age_s) if max_age_s is not None else ""
        total = 0
        gone = []
        for n, report_id in enumerate(reversed(self._reports)):  # newest first
            total += len(self._reports[report_id].encode())
            if (
                self._report_times[report_id] < oldest
                or (max_count is not None and n >= max_count)
                or (max_bytes is not None and total > max_bytes)
            ):
                gone.append(report_id)
        for report_id in gone:
            self.delete_report(report_id)
        return len(gone)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        yield  # no atomicity needed: nothing outlives the process

    def _find_by_key(self, key: str) -> Row | None:
        rowid = self._by_key.get(key)
        if rowid is None:
            return None
        r = self._rows[rowid]
        return Row(rowid, r.stored.content_hash, r.stored.canonical_id, r.run_id)

    def _find_canonical(self, content_hash: int) -> int | None:
        return self._canonical_by_hash.get(content_hash)

    def _insert_row(self, p: PreparedArticle, canonical_id: int | None, run_id: str | None) -> int:
        rowid = self._next_id
        self._next_id += 1
        stored = StoredArticle(
            rowid=rowid, key=p.key, article=replace(p.article, id=p.key, boilerplate=(),
                                                    source_format=None),
            content_hash=p.fp.content_hash, canonical_id=canonical_id,
            n_sentences=len(p.fp.sentences), added_at=now(),
        )  # fmt: skip
        self._rows[rowid] = _MemRow(stored, run_id, p.fp.signature)
        self._by_key[p.key] = rowid
        self._counts["articles"] += 1
        return rowid

    def _delete_row(self, rowid: int) -> None:
        r = self._rows.pop(rowid)
        self._by_key.pop(r.stored.key, None)
        self._counts["articles"] -= 1

    def _row_ids_for(self, key_or_url: str) -> list[int]:
        return [
            rowid
            for rowid, r in self._rows.items()
            if r.stored.key == key_or_url or r.stored.article.url == key_or_url
        ]

    def _copy_ids(self, rowid: int) -> list[int]:
        rows = [r.stored for r in self._rows.values() if r.stored.canonical_id == rowid]
        rows.sort(key=lambda s: (s.published is None, s.published or dt.date.min, s.rowid))
        return [s.rowid for s in rows]

    def _is_canonical(self, rowid: int) -> bool:
        r = self._rows.get(rowid)
        return r is not None and r.stored.canonical_id is None

    def _set_canonical(self, rowids: Sequence[int], canonical_id: int | None) -> None:
        for rowid in rowids:
            r = self._rows[rowid]
            r.stored = replace(r.stored, canonical_id=canonical_id)

    def _load_text(self, rowid: int) -> tuple[str | None, str]:
        a = self._rows[rowid].stored.article
        return a.title, a.text

    def _add_index(
        self, rowid: int, fp: DocFingerprints, title: str | None, text: str, promoted: bool = False
    ) -> None:
        ix = self._ix
        self._canonical_by_hash[fp.content_hash] = rowid
        n = 0
        for i, s in enumerate(fp.sentences):
            p = pack_posting(rowid, i)
            for h in s.fingerprints:
                ix.postings[h].add(p)
                n += 1
        for h in fp.bands:
            ix.bands[h].add(rowid)
        tf = Counter(_fts_terms(title, text))
        for term, c in tf.items():
            ix.terms[term][rowid] = c
        ix.doc_len[rowid] = sum(tf.values())
        self._rows[rowid].n_fingerprints = n
        self._rows[rowid].signature = fp.signature
        self._counts.update(
            {"canonical": 1, "sentences": len(fp.sentences), "fingerprints": n,
             "bands": len(fp.bands)}
        )  # fmt: skip

    def _remove_index(self, rowid: int, fp: DocFingerprints, title: str | None, text: str) -> None:
        ix = self._ix
        if self._canonical_by_hash.get(fp.content_hash) == rowid:
            del self._canonical_by_hash[fp.content_hash]
        removed = 0
        for i, s in enumerate(fp.sentences):
            p = pack_posting(rowid, i)
            for h in s.fingerprints:
                post = ix.postings.get(h)
                if post is not None and p in post:
                    post.discard(p)
                    removed += 1
                    if not post:
                        del ix.postings[h]
        for h in fp.bands:
            ix.bands.get(h, set()).discard(rowid)
        for term in set(_fts_terms(title, text)):
            docs = ix.terms.get(term)
            if docs is not None:
                docs.pop(rowid, None)
                if not docs:
                    del ix.terms[term]
        ix.doc_len.pop(rowid, None)
        self._counts.update(
            {"canonical": -1, "sentences": -len(fp.sentences), "fingerprints": -removed,
             "bands": -len(fp.bands)}
        )  # fmt: skip

    def get(self, key: str) -> StoredArticle | None:
        rowid = self._by_key.get(key)
        return self._rows[rowid].stored if rowid is not None else None

    def get_many(self, rowids: Iterable[int]) -> dict[int, StoredArticle]:
        return {r: self._rows[r].stored for r in rowids if r in self._rows}

    def sentence_postings(self, hashes: Iterable[int], cap: int) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for h in dict.fromkeys(hashes):
            post = self._ix.postings.get(h)
            if post and len(post) <= cap:
                out[h] = sorted(post)
        return out

    def band_matches(self, bands: Iterable[int]) -> Counter[int]:
        hits: Counter[int] = Counter()
        for h in dict.fromkeys(bands):
            hits.update(self._ix.bands.get(h, ()))
        return hits

    def signatures(self, rowids: Iterable[int]) -> dict[int, np.ndarray]:
        return {r: self._rows[r].signature for r in rowids if r in self._rows}

    def search(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """Okapi BM25 (k1=1.2, b=0.75), the same formula as FTS5's ``bm25()``."""
        ix = self._ix
        n_docs = len(ix.doc_len)
        if not n_docs:
            return []
        avg = sum(ix.doc_len.values()) / n_docs
        scores: dict[int, float] = defaultdict(float)
        words = [t for t in dict.fromkeys(terms) if t and t.isalnum()]
        df = {w: len(ix.terms[w]) for w in words if w in ix.terms}
        for term in select_terms(words, df):
            docs = ix.terms.get(term)
            if not docs:
                continue
            idf = math.log(1 + (n_docs - len(docs) + 0.5) / (len(docs) + 0.5))
            for rowid, tf in docs.items():
                norm = tf + 1.2 * (1 - 0.75 + 0.75 * ix.doc_len[rowid] / avg)
                scores[rowid] += idf * tf * 2.2 / norm
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:limit]

    def copies_of(self, rowids: Iterable[int]) -> dict[int, list[StoredArticle]]:
        wanted = set(rowids)
        out: dict[int, list[StoredArticle]] = defaultdict(list)
        for r in self._rows.values():
            cid = r.stored.canonical_id
            if cid is not None and cid in wanted:
                out[cid].append(r.stored)
        return dict(out)

    def stats(self) -> StoreStats:
        c = self._counts
        return StoreStats(
            articles=c["articles"], canonical=c["canonical"], sentences=c["sentences"],
            fingerprints=c["fingerprints"], bands=c["bands"], bytes=0, path=None,
        )  # fmt: skip


def _fts_terms(title: str | None, text: str) -> list[str]:
    """Tokens the way FTS5's unicode61 tokenizer sees them (letters/digits runs, folded)."""
    out: list[str] = []
    for part in (title or "", text):
        for tok in fast_tokens(part)[1]:
            out.extend(x for x in _SPLIT_NON_ALNUM(tok) if x)
    return out


def _SPLIT_NON_ALNUM(tok: str) -> list[str]:
    if tok.isalnum():
        return [tok]
    buf = "".join(ch if ch.isalnum() else " " for ch in tok)
    return buf.split()
