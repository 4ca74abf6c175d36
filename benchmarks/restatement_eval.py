"""Fluent rewrites: does `compare` read a page that restates its source sentence by sentence as
a copy, and leave related-but-different pages alone? (issue 12, session 10)

    python benchmarks/restatement_eval.py                  # MRPC train pairs
    python benchmarks/restatement_eval.py --split test     # MRPC test pairs (compare_eval's)

No fluent rewrites of whole articles are at hand, so pseudo-articles are built from the
Microsoft Research Paraphrase Corpus (``../shared/data/mrpc``), whose pairs are two news
outlets' sentences on one story:

* **restated**: ``--sentences`` consecutive pairs (file order) that annotators called
  paraphrases; the source is their first sentences, the page their second sentences, in the
  same order: a rewrite made of real human paraphrases;
* **different**: the same built from pairs called *not* paraphrases (related sentences that
  differ in facts or claims): the hard negative.

Each page is compared with its source (``unspin.compare``). Reported per group: pages called
a copy (any verdict but ``original``), pages whose source evidence includes a restatement
("restated in the source's order"), and the share of page sentences aligned to the source.
Each pseudo-article's sentences come from different stories, so its order is the only thing
that ties them: the figures measure the sentence-level test, not the document-level order a
real independent report lacks.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FILES = {"train": "msr_paraphrase_train.txt", "test": "msr_paraphrase_test.txt"}


def load(data: Path, split: str) -> list[tuple[int, str, str]]:
    path = data / "mrpc" / FILES[split]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return [(int(r[0]), r[3], r[4]) for r in rows if len(r) == 5]


def pages(
    pairs: Sequence[tuple[int, str, str]], label: int, size: int, limit: int
) -> list[tuple[str, str]]:
    """(page, source) texts of ``size`` consecutive pairs with this label, one per paragraph."""
    chosen = [(a, b) for q, a, b in pairs if q == label]
    out = []
    for i in range(0, len(chosen) - size + 1, size):
        group = chosen[i : i + size]
        out.append(("\n\n".join(b for _, b in group), "\n\n".join(a for a, _ in group)))
        if len(out) >= limit:
            break
    return out


def score(docs: Sequence[tuple[str, str]]) -> dict[str, float]:
    import unspin
    from unspin.core.model import Article, SentenceStatus, Verdict

    copies = restated = 0
    aligned: list[float] = []
    for page, source in docs:
        report = unspin.compare(Article(text=page, id="page"), Article(text=source, id="src"))
        copies += report.verdict is not Verdict.ORIGINAL
        evidence = [e for m in report.source_matches for e in m.evidence]
        restated += any(e.reason.startswith("restated") for e in evidence)
        n = len(report.sentences) or 1
        aligned.append(sum(s.status is not SentenceStatus.INSERTED for s in report.sentences) / n)
    n = len(docs) or 1
    return {
        "pages": len(docs),
        "copies": copies / n,
        "restated": restated / n,
        "aligned": statistics.mean(aligned) if aligned else 0.0,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", choices=tuple(FILES), default="train")
    ap.add_argument("--sentences", type=int, default=6, help="pairs per pseudo-article")
    ap.add_argument("--pages", type=int, default=100, help="pseudo-articles per group")
    args = ap.parse_args(argv)
    if not (args.data / "mrpc").is_dir():
        print(f"no MRPC under {args.data}; skipping")
        return 0
    pairs = load(args.data, args.split)
    print(f"MRPC {args.split}: {len(pairs)} pairs; {args.sentences} per pseudo-article\n")
    print("| group | pages | called a copy | restatement evidence | page sentences aligned |")
    print("|---|---:|---:|---:|---:|")
    for name, label in (("restated (paraphrases)", 1), ("different (not paraphrases)", 0)):
        r = score(pages(pairs, label, args.sentences, args.pages))
        print(
            f"| {name} | {r['pages']} | {r['copies']:.2f} | {r['restated']:.2f} | "
            f"{r['aligned']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
