"""Two newsrooms' reports of one claim, from FNC-1: called a copy, or flagged for a quote?

    python benchmarks/fnc1_same_claim.py                      # dev split, 300 pairs
    python benchmarks/fnc1_same_claim.py --split test         # the held-out half, rarely

FNC-1 (``../shared/data/fnc1``) gives, per headline, bodies from several outlets that agree
with or discuss one claim. ``trace_eval.hard_negative_pairs`` picks, per headline, two bodies
that share no long sentence: two reports of one story, each written by its own newsroom, that
often quote the same statement, name the same people and give the same figures. Each pair is
given to ``unspin.compare`` (the second body as the page, the first as its source). None is
a copy, so every copy verdict, every ``quote_misattributed`` and every other named quote
change (altered, unquoted) is a false alarm, or two transcriptions of one statement.

Printed: pairs called a copy; pairs with a named quote change, by kind; pairs with a
misattribution; and, per misattribution, the pair's index and the two speakers (read those by
hand: the texts stay in ``../shared/data``). The split is ``trace_eval``'s (by a hash of the
headline), the same pairs as its same-claim negatives. Exits 0 with a message when the data
is absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compare_eval as ce  # noqa: E402
import trace_eval as te  # noqa: E402

PAIRS = 300


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--pairs", type=int, default=PAIRS)
    args = ap.parse_args(argv)
    if not (args.data / "fnc1" / "train_bodies.csv").is_file():
        print(f"no FNC-1 data at {args.data / 'fnc1'}; skipping")
        return 0
    import unspin
    from unspin.core.model import Article

    te.EVAL_SPLIT = args.split
    ce._init_worker()
    pairs = te.hard_negative_pairs(args.data, args.pairs)
    copies = flagged = misattributed = 0
    kinds: Counter[str] = Counter()
    notes = []
    for i, (_headline, indexed, queried) in enumerate(pairs):
        report = unspin.compare(
            Article(id="page", text=queried.text), Article(id="source", text=indexed.text)
        )
        named = [
            c
            for c in report.changes
            if c.kind.value.startswith("quote_") and c.kind.value != "quote_fabricated"
        ]
        copies += report.verdict.value != "original"
        flagged += bool(named)
        kinds.update({c.kind.value for c in named})
        moved = [c for c in named if c.kind.value == "quote_misattributed"]
        misattributed += bool(moved)
        notes += [f"- pair {i}: page gives it to {c.speaker!r}" for c in moved]
    cmd = "python benchmarks/fnc1_same_claim.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    lines = [
        f"Command: `{cmd.strip()}`",
        "",
        f"| FNC-1 same-claim pairs ({args.split}) | pairs |",
        "|---|---:|",
        f"| pairs | {len(pairs)} |",
        f"| called a copy (verdict not `original`) | {copies} |",
        f"| with a named quote change (altered, unquoted, misattributed) | {flagged} |",
        *(f"| with `{k}` | {n} |" for k, n in sorted(kinds.items())),
        f"| with a misattribution | {misattributed} |",
        "",
        *notes,
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
