"""Faults: ``kill -9`` during indexing loses nothing reported, and two indexers share a file.

Both tests run real ``unspin.index`` indexing in subprocesses over a generated corpus.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# The child switches the alias map off (loading it costs seconds and doesn't matter here);
# it prints one line per committed batch, after the commit.
CHILD = r"""
import json, os, sys
from unspin.index import fingerprints
fingerprints.set_entity_canonicalizer(None)
from unspin.index import open_store, index_paths
store = open_store(sys.argv[1])
total = 0
def on_commit(result):
    global total
    total += len(result.outcomes)
    print("committed", total, flush=True)
batch = int(os.environ.get("BATCH", "40"))
summary = index_paths(store, sys.argv[2:], batch_size=batch, on_commit=on_commit)
print("done", json.dumps(summary.as_dict()), flush=True)
"""

_WORDS = [
    "harbour",
    "council",
    "ferry",
    "storm",
    "orchard",
    "tunnel",
    "bridge",
    "budget",
    "mayor",
    "river",
    "festival",
    "school",
    "clinic",
    "tram",
    "quarry",
    "mill",
    "museum",
    "library",
    "market",
    "stadium",
    "airport",
    "canal",
    "dam",
]
_NAMES = [
    "Aldous",
    "Brekke",
    "Corwin",
    "Dalby",
    "Eskil",
    "Fenwick",
    "Gorm",
    "Halvard",
    "Isak",
    "Jarle",
]


def make_corpus(path: Path, n: int, start: int = 0, seed: int = 3) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            r = random.Random(seed * 100_000 + i)
            sents = [
                f"The {r.choice(_WORDS)} in {r.choice(_NAMES)}ville cost {r.randint(1, 999)} "
                f"million crowns, {r.choice(_NAMES)} {r.choice(_NAMES)} said on record {i}."
                for _ in range(r.randint(3, 6))
            ]
            fh.write(json.dumps({"id": f"doc{i}", "text": " ".join(sents)}) + "\n")
    del rng


def run_child(db: Path, *paths: Path, batch: int = 40) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), *map(str, paths)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**__import__("os").environ, "BATCH": str(batch)},
    )


def check_consistent(db: Path) -> int:
    """Integrity, and every counter agreeing with the tables; returns the article count."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        # postings of the last batches may still sit in the log after a kill -9
        n_fp = con.execute(
            "SELECT (SELECT count(*) FROM sentence_fp) + (SELECT count(*) FROM sentence_fp_log)"
        ).fetchone()[0]
        declared = con.execute("SELECT coalesce(sum(n_fingerprints), 0) FROM articles").fetchone()[
            0
        ]
        meta = dict(con.execute("SELECT key, value FROM meta"))
        assert n_fp == declared == int(meta["count_fingerprints"])
        assert n_articles == int(meta["count_articles"])
        fts = con.execute("SELECT count(*) FROM article_fts_docsize").fetchone()[0]
        canonical = con.execute(
            "SELECT count(*) FROM articles WHERE canonical_id IS NULL"
        ).fetchone()[0]
        assert fts == canonical == int(meta["count_canonical"])
        return int(n_articles)
    finally:
        con.close()


def test_kill_9_loses_nothing_reported_and_the_rerun_completes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    make_corpus(corpus, 1500)
    db = tmp_path / "k.db"
    child = run_child(db, corpus, batch=30)
    reported = 0
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        if line.startswith("committed"):
            reported = int(line.split()[1])
            if reported >= 90:
                child.send_signal(signal.SIGKILL)
                break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, "indexing finished before it could be killed"
    child.stdout.close()
    child.stderr.close()  # type: ignore[union-attr]

    assert check_consistent(db) >= reported
    rerun = run_child(db, corpus, batch=200)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    summary = json.loads(out.strip().splitlines()[-1].removeprefix("done "))
    assert summary["outcomes"]["unchanged"] >= reported
    assert summary["outcomes"]["unchanged"] + summary["outcomes"].get("added", 0) == 1500
    assert check_consistent(db) == 1500


def test_two_concurrent_indexers_share_one_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    make_corpus(a, 500, start=0)
    make_corpus(b, 500, start=250)  # 250 documents in both
    db = tmp_path / "c.db"
    procs = [run_child(db, a, batch=25), run_child(db, b, batch=25)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1].removeprefix("done ")))
    assert check_consistent(db) == 750
    added = sum(r["outcomes"].get("added", 0) for r in results)
    unchanged = sum(r["outcomes"].get("unchanged", 0) for r in results)
    assert added == 750 and unchanged == 250
