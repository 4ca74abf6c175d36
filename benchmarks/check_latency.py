"""`check` latency on 1,000-word articles, the real-pages issue's goal (p50 under 500 ms).

    python benchmarks/check_latency.py                      # this checkout
    PYTHONPATH=/other/tree/src python benchmarks/check_latency.py --label old

The store is realworld_eval's: every realworld pair's source among 4,700 real distractors
(Reuters-21578, BBC, FNC-1 bodies), in memory. Articles: BBC News bodies of 800-1,200 words,
the first ``--articles`` by id that are *not* in the store (``check`` retrieves, verifies and
finds no source, or same-topic ones) and the first that *are* (``check`` compares them with
their copy). Each is checked ``--rounds`` times with the parse cache cleared, after one
warm-up check. Prints the p50 per group. To compare two versions, run it for each, one after
the other on the same machine, and alternate (the machine is shared and noisy).
Exits 0 with a message when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str] | None = None) -> int:
    import compare_eval as ce

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--articles", type=int, default=10, help="per group")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--label", default="this checkout")
    args = ap.parse_args(argv)
    if not (args.data / "realworld").is_dir():
        print(f"no realworld data under {args.data}; skipping")
        return 0

    import realworld_eval as rw
    import trace_eval as te
    import unspin.nlp.parse as parse
    from unspin.app import check

    pairs = rw.load_pairs(args.data, "dev")
    store = rw.build_store(args.data, pairs, 4700)
    ce._init_worker()
    held_out = {p["derivative"]["text"] for p in rw.load_pairs(args.data, "both")}
    indexed = {d.text for d in te.corpus(args.data, 4700, [], held_out)}
    bbc = [
        d
        for d in te.corpus(args.data, 30000, [], set())
        if d.corpus == "bbc" and 800 <= len(d.text.split()) <= 1200
    ]
    groups = {
        "not indexed": sorted((d for d in bbc if d.text not in indexed), key=lambda d: d.id),
        "indexed (a copy)": sorted((d for d in bbc if d.text in indexed), key=lambda d: d.id),
    }
    check(te._article(groups["not indexed"][0]), store)  # warm-up: models, caches
    for name, docs in groups.items():
        times = []
        for _ in range(args.rounds):
            for d in docs[: args.articles]:
                parse._cache.clear()
                t = time.perf_counter()
                check(te._article(d), store)
                times.append(time.perf_counter() - t)
        p50 = statistics.median(times) * 1000
        print(f"{args.label}: {name}: p50 {p50:.0f} ms over {len(times)} checks", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
