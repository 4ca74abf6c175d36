"""Real pages cut into excerpts and mixed into collages: does ``check`` find what ``compare``
finds?

    python benchmarks/realworld_collages.py                      # dev pairs, seed 11
    python benchmarks/realworld_collages.py --seed 7 --n 40      # another draw
    python benchmarks/realworld_collages.py --respin 0.2         # the excerpts respun first

A collage takes a paragraph or two from each of several reports. Two measures, on the
realworld pairs (``../shared/data/realworld``) with every pair's source indexed among the
distractors as ``realworld_eval`` indexes them:

1. **Excerpts.** Every run of ``--size`` consecutive paragraphs of each page, on its own.
   ``compare`` with the labelled source says whether the excerpt alone shows the copy; a
   ``check`` that does not then find that source (as the source, an identical copy, or a
   version of the story it shows) lost it on the way: to retrieval, or to the comparison with
   the other candidates. Independent reports' excerpts: whether ``check`` takes the other
   report.
2. **Collages.** ``--n`` pages, each made of one excerpt that shows the copy from each of two
   or three copy pairs (spun or faithful), and one excerpt of an independent report put
   among them: how many of the true sources ``check`` finds, and whether it takes the
   independent report's other report. A draw whose other report shares text with a chosen
   excerpt or its source (the set holds several pages of one wire story) is not counted for
   the independent side.

``--respin R`` first puts each page through the cheap spinner of ``realworld_variants``
(``spinsim`` with ``crude_synonyms``) at rate R. Exits 0 with a message when the data is
absent. The texts are third-party excerpts: read here, never copied into the repository.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compare_eval as ce  # noqa: E402
import realworld_eval as rw  # noqa: E402

_WORD = re.compile(r"[a-z0-9]+")
SHARED_RUN = 8  # words in a row that make two texts share text


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def excerpts(text: str, size: int) -> list[str]:
    paras = paragraphs(text)
    return ["\n\n".join(paras[i : i + size]) for i in range(max(1, len(paras) - size + 1))]


def page_text(pair: dict[str, Any], respin: float) -> str:
    text = pair["derivative"]["text"]
    if not respin:
        return text
    import spinsim
    from unspin.core.model import Article

    rng = random.Random(f"{pair['id']}:collage-respin")
    spun = spinsim.spin(Article(text=text), rng=rng, synonym_rate=respin, crude_synonyms=True)
    return spun.derivative.text


def found_ids(report: Any) -> tuple[set[str], set[str]]:
    """(sources and their identical copies, versions listed beside them)."""
    ids: set[str] = set()
    versions: set[str] = set()
    for m in report.source_matches:
        ids.add(m.id)
        ids.update(m.copies)
        versions.update(m.versions)
    return ids, versions


def how_found(want: str, ids: set[str], versions: set[str]) -> str | None:
    """ "found" (the source or an identical copy), "found as a version", or None."""
    if want in ids:
        return "found"
    return "found as a version" if want in versions else None


def shows_copy(text: str, pair: dict[str, Any]) -> bool:
    from unspin.app import compare
    from unspin.core.model import is_copied

    derivative = rw.article({**pair["derivative"], "text": text}, "excerpt")
    report = compare(derivative, rw.article(pair["source"], "source"))
    return any(is_copied(m.evidence) for m in report.source_matches)


def runs(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + SHARED_RUN]) for i in range(len(words) - SHARED_RUN + 1)}


def excerpt_rows(
    store: Any, pairs: list[dict[str, Any]], size: int, respin: float
) -> tuple[Counter[str], list[str], dict[str, list[str]]]:
    """Part 1; also returns each copy pair's excerpts that show the copy alone."""
    from unspin.app import check

    counts: Counter[str] = Counter()
    lost: list[str] = []
    showing: dict[str, list[str]] = {}
    for pair in pairs:
        want = f"{pair['id']}:source"
        for i, text in enumerate(excerpts(page_text(pair, respin), size)):
            ids, versions = found_ids(
                check(rw.article({**pair["derivative"], "text": text}), store)
            )
            if pair["kind"] == "same_event_independent":
                counts["independent"] += 1
                counts["independent taken"] += how_found(want, ids, versions) is not None
                continue
            if not shows_copy(text, pair):
                counts["copy excerpts not showing the copy alone"] += 1
                continue
            showing.setdefault(pair["id"], []).append(text)
            counts["copy excerpts showing the copy alone"] += 1
            how = how_found(want, ids, versions)
            if how:
                counts[how] += 1
            else:
                lost.append(f"{pair['id']} excerpt {i}")
    return counts, lost, showing


def collage_rows(
    store: Any,
    pairs: list[dict[str, Any]],
    showing: dict[str, list[str]],
    n: int,
    seed: int,
    size: int,
    respin: float,
) -> tuple[Counter[str], Counter[str]]:
    """Part 2: counts, and the pairs whose source a collage lost."""
    from unspin.app import check

    rng = random.Random(seed)
    by_id = {p["id"]: p for p in pairs}
    independents = [p for p in pairs if p["kind"] == "same_event_independent"]
    copy_ids = sorted(showing)
    counts: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    if len(copy_ids) < 3 or not independents:
        return counts, lost
    for _ in range(n):
        chosen = rng.sample(copy_ids, rng.choice([2, 3]))
        texts = [rng.choice(showing[c]) for c in chosen]
        other = rng.choice(independents)
        texts.insert(
            rng.randrange(len(texts) + 1), rng.choice(excerpts(page_text(other, respin), size))
        )
        ids, versions = found_ids(check(rw.article({"text": "\n\n".join(texts)}, "collage"), store))
        for c in chosen:
            want = f"{c}:source"
            counts["sources"] += 1
            how = how_found(want, ids, versions)
            if how:
                counts[how] += 1
            else:
                lost[c] += 1
        other_text = runs(other["source"]["text"])
        shares = any(runs(t) & other_text for t in texts) or any(
            runs(by_id[c]["source"]["text"]) & other_text for c in chosen
        )
        if shares:
            counts["independent draws sharing text (not counted)"] += 1
            continue
        counts["independent draws"] += 1
        want = f"{other['id']}:source"
        counts["independent taken"] += how_found(want, ids, versions) is not None
    return counts, lost


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    ap.add_argument("--size", type=int, default=2, help="paragraphs per excerpt")
    ap.add_argument("--n", type=int, default=40, help="collages")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--respin", type=float, default=0.0)
    ap.add_argument("--distractors", type=int, default=rw.DISTRACTORS)
    args = ap.parse_args(argv)
    if not (args.data / "realworld" / "pairs").is_dir():
        print(f"no realworld data at {args.data}; skipping")
        return 0
    pairs = rw.load_pairs(args.data, args.split)
    ce._init_worker()
    store = rw.build_store(args.data, pairs, args.distractors)
    counts, lost, showing = excerpt_rows(store, pairs, args.size, args.respin)
    c_counts, c_lost = collage_rows(
        store, pairs, showing, args.n, args.seed, args.size, args.respin
    )
    cmd = "python benchmarks/realworld_collages.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    shown = counts["copy excerpts showing the copy alone"]
    lines = [
        f"Command: `{cmd.strip()}`",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| copy excerpts ({args.size} paragraphs) showing the copy to `compare` alone | "
        f"{shown} of {shown + counts['copy excerpts not showing the copy alone']} |",
        f"| ... `check` finds the source | {counts['found']}/{shown} |",
        f"| ... found, or listed as a version of the source shown | "
        f"{counts['found'] + counts['found as a version']}/{shown} |",
        f"| independent reports' excerpts: other report taken | "
        f"{counts['independent taken']}/{counts['independent']} |",
        f"| collages ({args.n}, seed {args.seed}): true sources found | "
        f"{c_counts['found']}/{c_counts['sources']} |",
        f"| ... found, or listed as a version | "
        f"{c_counts['found'] + c_counts['found as a version']}/{c_counts['sources']} |",
        f"| ... independent report's other report taken | "
        f"{c_counts['independent taken']}/{c_counts['independent draws']} "
        f"({c_counts['independent draws sharing text (not counted)']} draws sharing text "
        "not counted) |",
        "",
        f"Excerpts lost by check: {', '.join(lost) or 'none'}. "
        f"Collages' lost sources by pair: {dict(c_lost) or 'none'}.",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
