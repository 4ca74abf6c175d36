"""Index throughput, retrieval latency, memory and store size, beside datasketch MinHashLSH.

    python benchmarks/trace_perf.py --sizes 10000 100000 --queries 200
    python benchmarks/trace_perf.py --sizes 1000000 --jobs 2 --workdir /big/disk

The corpus of each size is written once as JSONL under ``--workdir`` (kept and reused; 1M
articles are 1.3 GB, and their index another ~4 GB while it is measured) and indexed the way
``unspin index`` does it (``index_paths``: start-up with the alias map, JSONL reading,
fingerprints, SQLite, the final postings merge). Docs per CPU-second count this process and
its ``--jobs`` workers.

Corpus: the real articles in ../shared/data (Reuters-21578 bodies, BBC News, FNC-1 bodies;
about 24,600 texts). Sizes beyond that are *expanded*: extra article k is real article
``k % R`` rewritten as variant ``v = k // R``: its paragraphs rotated by v, every number
shifted by ``7919 * v``, and every name and rare word (outside the common-word list) given a
variant suffix ("Amgen" -> "Amgenqb"), while common words stay as they are. Each
variant is then a distinct article in the same style, with its own names, numbers and rare
words (so its own fingerprints), the way independent reports are; not a near-copy of the
real one, which would inflate every posting list by the number of variants.

Queries: ``--queries`` real articles of the corpus (over 400 characters), each spun by a cheap
simulator: the first sentence dropped, the rest shuffled, and 20% of the words a WordNet-based
spinner could swap (lower-case, not stop words, known to WordNet) replaced by unseen words.
Retrieval is ``unspin.index.candidates(store, query, k=10)`` on the SQLite store: the
fingerprint, LSH and BM25 lookups plus the sentence-level verification of the top candidates.

Baseline: datasketch ``MinHashLSH`` (threshold 0.5, 64 permutations) over the same word
3-shingles (stop words dropped), built and queried in its own process; recall@1 ranks its LSH
hits by estimated Jaccard.

Every phase runs in its own subprocess so each peak RSS (``ru_maxrss``) is its own. Output: a
table on stdout and JSON under benchmarks/out/.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gzip
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
OUT = Path(__file__).resolve().parent / "out"


# --- corpus -------------------------------------------------------------------------------


def real_articles() -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for shard in sorted((SHARED / "reuters21578").glob("reut2-*.jsonl.gz")):
        with gzip.open(shard, "rt", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if d.get("body"):
                    out.append(
                        {"id": f"reuters/{d['newid']}", "title": d["title"], "text": d["body"]}
                    )
    for part in sorted((SHARED / "bbc_news").glob("*.jsonl")):
        for line in part.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            out.append({"id": f"bbc/{d['doc_id']}", "title": d["title"], "text": d["body"]})
    csv.field_size_limit(2**31 - 1)
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (SHARED / "fnc1" / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out.append(
                    {
                        "id": f"fnc/{name[:4]}/{row['Body ID']}",
                        "title": "",
                        "text": row["articleBody"],
                    }
                )
    return out


def corpus(n: int) -> Iterator[dict[str, str]]:
    real = real_articles()
    r = len(real)
    for k in range(n):
        base = real[k % r]
        v = k // r
        if v == 0:
            yield base
            continue
        paras = [p for p in base["text"].split("\n\n") if p.strip()] or [base["text"]]
        rot = v % len(paras)
        paras = paras[rot:] + paras[:rot]
        text = _TOKEN.sub(functools.partial(_variant_token, v=v), "\n\n".join(paras))
        title = _TOKEN.sub(functools.partial(_variant_token, v=v), base["title"] or "")
        yield {"id": f"{base['id']}#v{v}", "title": title, "text": text}


_TOKEN = re.compile(r"[A-Za-z]+|\d+")


def _variant_token(m: re.Match[str], v: int) -> str:
    w = m.group()
    if w.isdigit():
        return str(int(w) + 7919 * v)
    if not _common(w.lower()):  # names and rare words; "The", "House" stay
        return w + _suffix(v)
    return w


@functools.lru_cache(maxsize=500_000)
def _common(w: str) -> bool:
    from unspin.index.tokens import is_common

    return is_common(w)


def _suffix(v: int) -> str:
    out = ""
    while True:
        v, d = divmod(v, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[d]
        if v == 0:
            return "q" + out


def spin(text: str, rng: random.Random, rate: float = 0.2) -> str:
    from unspin.core.wordlists import STOP_WORDS
    from unspin.index.tokens import split_sentences
    from unspin.nlp.lexicon.synonyms import wordnet

    wn = wordnet()

    sents = [text[a:b] for a, b in split_sentences(text)]
    if len(sents) > 2:
        sents = sents[1:]
    rng.shuffle(sents)

    def swap(m: re.Match[str]) -> str:
        w = m.group()
        if w[0].islower() and w not in STOP_WORDS and wn.knows(w) and rng.random() < rate:
            return "zq" + format(rng.getrandbits(24), "x")
        return w

    return " ".join(re.sub(r"[A-Za-z]+", swap, s) for s in sents)


def queries(n_corpus: int, q: int, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    real = real_articles()
    pool = [a for a in real[: min(n_corpus, len(real))] if len(a["text"]) > 400]
    picks = rng.sample(pool, min(q, len(pool)))
    return [(a["id"], spin(a["text"], rng)) for a in picks]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- phases (each in its own process) ------------------------------------------------------


def corpus_file(n: int, workdir: Path) -> Path:
    """The first ``n`` articles of :func:`corpus` as JSONL (written once, then reused)."""
    path = workdir / f"corpus-{n}.jsonl"
    if not path.exists():
        part = path.with_suffix(".part")
        with part.open("w", encoding="utf-8") as fh:
            for a in corpus(n):
                fh.write(json.dumps(a, ensure_ascii=False) + "\n")
        part.rename(path)
    return path


def read_corpus(path: str) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def cpu_s() -> float:
    """CPU seconds of this process and its finished children (``--jobs`` workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def phase_index(db: str, path: str, jobs: int) -> dict[str, object]:
    """``unspin index --db DB PATH`` in-process: JSONL reading, fingerprints and SQLite."""
    import logging

    logging.disable(logging.WARNING)
    from unspin.index import index_paths, open_store

    t0, c0 = time.perf_counter(), cpu_s()
    store = open_store(db)  # start-up (alias map, schema) is part of the cost
    summary = index_paths(store, [path], jobs=jobs)
    st = store.stats()
    store.close()
    wall, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {
        "docs": summary.offered,
        "indexed": summary.indexed,
        "wall_s": round(wall, 2),
        "docs_per_s": round(summary.offered / wall, 1),
        "cpu_s": round(cpu, 2),
        "docs_per_cpu_s": round(summary.offered / cpu, 1) if cpu else None,
        "mean_chars": round(os.path.getsize(path) / max(1, summary.offered)),
        "peak_rss_mb": round(rss_mb(), 1),
        "store_mb": round(st.bytes / 2**20, 1),
        "sentences": st.sentences,
        "fingerprints": st.fingerprints,
    }


def phase_query(db: str, n: int, q: int) -> dict[str, object]:
    from unspin.core.model import Article
    from unspin.index import candidates, open_store
    from unspin.index.fingerprints import fingerprint

    fingerprint("Warm the alias map: United States, Russia.")
    store = open_store(db, readonly=True)
    qs = queries(n, q)
    candidates(store, Article(text=qs[0][1], id="warm"), k=10)
    lat: list[float] = []
    hits = story = 0
    for src_id, text in qs:
        t0 = time.perf_counter()
        found = candidates(store, Article(text=text, id="q"), k=10)
        lat.append((time.perf_counter() - t0) * 1000)
        exact = bool(found) and (found[0].id == src_id or src_id in found[0].copies)
        # or an expanded variant of the source ("#v1") on top
        variant = bool(found) and found[0].id.split("#")[0] == src_id
        hits += exact
        story += exact or variant
    store.close()
    return {
        "queries": len(qs),
        "recall_at_1": round(hits / len(qs), 4),
        "recall_at_1_or_variant": round(story / len(qs), 4),
        "p50_ms": round(statistics.median(lat), 2),
        "p95_ms": round(statistics.quantiles(lat, n=20)[18], 2),
        "peak_rss_mb": round(rss_mb(), 1),
    }


def phase_datasketch(path: str, n: int, q: int) -> dict[str, object]:
    from datasketch import MinHash, MinHashLSH

    from unspin.index.fingerprints import shingle_words
    from unspin.index.tokens import fast_tokens

    def shingles(text: str) -> list[bytes]:
        w = shingle_words(fast_tokens(text)[1])
        return [" ".join(w[i : i + 3]).encode() for i in range(max(1, len(w) - 2))]

    def mh(text: str) -> MinHash:
        m = MinHash(num_perm=64)
        m.update_batch(shingles(text))
        return m

    base_rss = rss_mb()
    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    sigs = {}
    t0, c0 = time.perf_counter(), cpu_s()
    docs = 0
    for a in read_corpus(path):
        m = mh(a["text"])
        if a["id"] not in sigs:
            lsh.insert(a["id"], m)
            sigs[a["id"]] = m
        docs += 1
    build, build_cpu = time.perf_counter() - t0, cpu_s() - c0
    rss_built = rss_mb()
    lat: list[float] = []
    hits = 0
    qs = queries(n, q)
    for src_id, text in qs:
        t1 = time.perf_counter()
        m = mh(text)
        res = lsh.query(m)
        best = max(res, key=lambda k: m.jaccard(sigs[k]), default=None)
        lat.append((time.perf_counter() - t1) * 1000)
        hits += best == src_id
    return {
        "docs": docs,
        "docs_per_s": round(docs / build, 1),
        "docs_per_cpu_s": round(docs / build_cpu, 1),
        "recall_at_1": round(hits / len(qs), 4),
        "p50_ms": round(statistics.median(lat), 2),
        "p95_ms": round(statistics.quantiles(lat, n=20)[18], 2),
        "peak_rss_mb": round(rss_built, 1),
        "rss_growth_mb": round(rss_built - base_rss, 1),
    }


# --- driver -------------------------------------------------------------------------------


def run_phase(*args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", *args], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {args} failed:\n{out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--baseline-max", type=int, default=None, help="run datasketch only up to this size"
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "unspin-trace-perf",
        help="where corpus files (kept, reused) and the index (deleted after) go",
    )
    ap.add_argument("--out", type=Path, default=OUT / "trace_perf.json")
    ap.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        name, *rest = args.phase
        if name == "index":
            res = phase_index(rest[0], rest[1], int(rest[2]))
        elif name == "query":
            res = phase_query(rest[0], int(rest[1]), int(rest[2]))
        else:
            res = phase_datasketch(rest[0], int(rest[1]), int(rest[2]))
        print(json.dumps(res))
        return
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is absent: the benchmark needs ../shared/data")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        path = str(corpus_file(n, args.workdir))
        db = str(args.workdir / f"bench-{n}.db")
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
        row: dict[str, object] = {"size": n, "jobs": args.jobs, "cpus": os.cpu_count()}
        try:
            row["index"] = run_phase("index", db, path, str(args.jobs))
            row["query"] = run_phase("query", db, str(n), str(args.queries))
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(db + suffix).unlink(missing_ok=True)
        if not args.no_baseline and (args.baseline_max is None or n <= args.baseline_max):
            row["datasketch"] = run_phase("datasketch", path, str(n), str(args.queries))
        results.append(row)
        print(json.dumps(row, indent=1), flush=True)
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(
        f"{'size':>8} {'idx docs/s':>10} {'p50 ms':>7} {'p95 ms':>7} {'R@1':>5} {'RSS MB':>7} "
        f"{'db MB':>6} | {'ds docs/s':>9} {'ds p50':>6} {'ds R@1':>6} {'ds RSS':>6}"
    )
    for r in results:
        i: dict[str, Any] = r["index"]  # type: ignore[assignment]
        q: dict[str, Any] = r["query"]  # type: ignore[assignment]
        d: dict[str, Any] = r.get("datasketch") or {}  # type: ignore[assignment]
        print(
            f"{r['size']:>8} {i['docs_per_s']:>10} {q['p50_ms']:>7} {q['p95_ms']:>7} "
            f"{q['recall_at_1']:>5} {q['peak_rss_mb']:>7} {i['store_mb']:>6} | "
            f"{d.get('docs_per_s', '-'):>9} {d.get('p50_ms', '-'):>6} "
            f"{d.get('recall_at_1', '-'):>6} {d.get('peak_rss_mb', '-'):>6}"
        )


if __name__ == "__main__":
    main()
