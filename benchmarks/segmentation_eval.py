"""Do the parser and the index see the same sentences? Boundary agreement on real text.

unspin splits sentences two ways: spaCy's parse (:func:`unspin.nlp.parse.parse`, used by
``compare``, quotes and credibility) and the fast splitter the index and the scan fingerprint
with (:func:`unspin.index.tokens.split_sentences`). Both cut at the same paragraph breaks
(:mod:`unspin.core.text`). This script measures, per corpus, the share of sentence boundaries
(end offsets) that both put in the same place, and the share of paragraph breaks that both
honour.

Usage::

    python benchmarks/segmentation_eval.py [--per-corpus 300] [--output FILE]

Reads ``../shared/data`` (realworld pages, BBC, FNC-1, Reuters-21578); exits 0 with a message
when it is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compare_eval as ce  # noqa: E402

_NEWLINE = re.compile(r"\n")


def realworld_texts(data: Path) -> Iterable[str]:
    import realworld_eval as rw

    for pair in rw.load_pairs(data, "both"):
        yield pair["derivative"]["text"]
        yield pair["source"]["text"]


def agreement(texts: Iterable[str]) -> dict[str, float]:
    from unspin.core.text import paragraph_breaks
    from unspin.index.tokens import split_sentences
    from unspin.nlp.parse import parse

    both = only_parse = only_fast = 0
    breaks_total = breaks_kept = 0
    n = 0
    for text in texts:
        n += 1
        parsed = {s.end for s in parse(text).sentences}
        fast = {end for _, end in split_sentences(text)}
        both += len(parsed & fast)
        only_parse += len(parsed - fast)
        only_fast += len(fast - parsed)
        # Every paragraph break must end a sentence on both sides.
        for brk in paragraph_breaks(text).finditer(text):
            if brk.start() == 0 or brk.end() >= len(text):
                continue
            end = len(text[: brk.start()].rstrip())
            breaks_total += 1
            breaks_kept += end in parsed and end in fast
    union = both + only_parse + only_fast
    return {
        "texts": n,
        "boundaries": union,
        "agreement": both / union if union else 1.0,
        "paragraph_breaks": breaks_total,
        "breaks_honoured": breaks_kept / breaks_total if breaks_total else 1.0,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--per-corpus", type=int, default=300)
    ap.add_argument("--output", type=Path, default=None)
    args = ap.parse_args(argv)
    if not (args.data / "bbc_news").is_dir():
        print(f"no data at {args.data}; skipping")
        return 0
    corpora = {
        "realworld pages": list(realworld_texts(args.data)),
        "BBC": [d.text for _, d in enumerate(islice(ce.load_bbc(args.data), args.per_corpus))],
        "FNC-1 bodies": [
            d.text for _, d in enumerate(islice(ce.load_fnc(args.data), args.per_corpus))
        ],
        "Reuters-21578": [
            d.text for _, d in enumerate(islice(ce.load_reuters(args.data), args.per_corpus))
        ],
    }
    rows = [
        "| corpus | texts | boundaries | same boundary in parser and index | paragraph breaks | honoured by both |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    t = time.perf_counter()
    for name, texts in corpora.items():
        r = agreement(texts)
        rows.append(
            f"| {name} | {r['texts']} | {r['boundaries']} | {r['agreement']:.3f} | "
            f"{r['paragraph_breaks']} | {r['breaks_honoured']:.3f} |"
        )
        print(rows[-1], flush=True)
    cmd = "python benchmarks/segmentation_eval.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    text = (
        f"Command: `{cmd.strip()}` ({time.perf_counter() - t:.0f} s)\n\n" + "\n".join(rows) + "\n"
    )
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
