"""Quote changes on real pages: the hand-labelled realworld pairs.

    python benchmarks/realworld_quotes.py --split dev            # design here
    python benchmarks/realworld_quotes.py --split test           # rarely; count it in the doc
    python benchmarks/realworld_quotes.py --split dev --show     # every quote change, by pair

Data: ``../shared/data/realworld/pairs/*.json`` next to the repository (override with
``--data`` or ``UNSPIN_SHARED_DATA``). Exits 0 with a message when the data is absent.

Each pair is run through ``unspin.compare(derivative, source)``. Measured per split:

- recall of the annotated quote labels (``quote_altered``, ``quote_unquoted``,
  ``misattributed_quote``): a label is found when a change of a quote kind (misattributed,
  unquoted, altered, fabricated) overlaps the label's words in the derivative (and, stricter,
  how many are found by a misattributed, unquoted or altered change);
- on ``faithful_copy`` and on ``same_event_independent`` pairs: how many pairs have any
  ``quote_misattributed``, and how many such changes in all;
- how many faithful and independent pairs have any quote change at all;
- ``quote_fabricated`` counts, per pair kind.

``quote_scores(pairs, reports)`` is the function other benchmarks import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

try:
    import unspin  # noqa: F401
except ImportError:  # running from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from unspin.core.model import Article, ChangeKind, Report

QUOTE_KINDS = frozenset(
    {
        ChangeKind.QUOTE_MISATTRIBUTED,
        ChangeKind.QUOTE_UNQUOTED,
        ChangeKind.QUOTE_ALTERED,
        ChangeKind.QUOTE_FABRICATED,
    }
)
CHANGE_KINDS = QUOTE_KINDS - {ChangeKind.QUOTE_FABRICATED}
# The annotation field that holds the label's words as the derivative prints them.
LABEL_FIELDS = {
    "quote_altered": "derivative_form",
    "quote_unquoted": "text",
    "misattributed_quote": "derivative_form",
}
_WORD = re.compile(r"\w+")


def default_data_dir() -> Path:
    env = os.environ.get("UNSPIN_SHARED_DATA")
    if env:
        return Path(env) / "realworld" / "pairs"
    return Path(__file__).resolve().parents[1].parent / "shared" / "data" / "realworld" / "pairs"


def load_pairs(data: Path, splits: Iterable[str] = ("dev", "test")) -> list[dict[str, Any]]:
    wanted = set(splits)
    pairs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(data.glob("*.json"))]
    return [p for p in pairs if p.get("split") in wanted]


def article_of(page: dict[str, Any], id_: str) -> Article:
    date = page.get("date")
    return Article(
        text=page["text"],
        title=page.get("title"),
        byline=page.get("byline"),
        published=dt.date.fromisoformat(date) if date else None,
        url=page.get("url"),
        site=page.get("site"),
        id=id_,
    )


def label_span(text: str, words: str) -> tuple[int, int] | None:
    """Where a label's words stand in the derivative: exactly, else the stretch between its
    first and last few words (labels are typed by hand: marks and spaces may differ)."""
    words = words.strip().strip("\"“”'‘’")
    if not words:
        return None
    at = text.find(words)
    if at >= 0:
        return at, at + len(words)
    tokens = _WORD.findall(words)
    if len(tokens) < 2:
        return None
    low = text.lower()
    head = r"\W+".join(re.escape(t.lower()) for t in tokens[:3])
    tail = r"\W+".join(re.escape(t.lower()) for t in tokens[-3:])
    m = re.search(head, low)
    if m is None:
        return None
    n = re.compile(tail).search(low, m.start())
    if n is None or n.end() - m.start() > 3 * len(words):
        return m.start(), m.end()
    return m.start(), n.end()


def quote_scores(pairs: Sequence[dict[str, Any]], reports: Sequence[Report]) -> dict[str, Any]:
    """Quote results of ``reports`` (``unspin.compare`` of each pair) against the labels.

    Returns, per split and for ``all``: ``labels``/``found``/``recall`` (overall and per label
    type), ``faithful_pairs``/``faithful_pairs_misattributed``/``faithful_misattributed``,
    the same for ``independent``, ``faithful_pairs_flagged``/``independent_pairs_flagged``
    (pairs with any quote change), ``fabricated`` per pair kind, and ``missed`` (pair id,
    label type, words) for reading.
    """
    out: dict[str, Any] = {}
    for split in [*sorted({p["split"] for p in pairs}), "all"]:
        chosen = [
            (p, r) for p, r in zip(pairs, reports, strict=True) if split in ("all", p["split"])
        ]
        out[split] = _scores(chosen)
    return out


def _scores(chosen: list[tuple[dict[str, Any], Report]]) -> dict[str, Any]:
    labels: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missed: list[tuple[str, str, str]] = []
    fabricated: Counter[str] = Counter()
    pairs_by_kind: Counter[str] = Counter()
    misattributed_pairs: Counter[str] = Counter()
    misattributed: Counter[str] = Counter()
    flagged: Counter[str] = Counter()  # pairs with any quote change
    named = 0  # labels found by an altered, unquoted or misattributed change
    for pair, report in chosen:
        kind = pair["kind"]
        pairs_by_kind[kind] += 1
        text = pair["derivative"]["text"]
        quote_spans = [
            (c.start, c.end)
            for c in report.changes
            if c.kind in QUOTE_KINDS and c.start is not None and c.end is not None
        ]
        # The kinds that name the change (not "fabricated"): the stricter count.
        change_spans = [
            (c.start, c.end)
            for c in report.changes
            if c.kind in CHANGE_KINDS and c.start is not None and c.end is not None
        ]
        for label in pair.get("annotations", []):
            field = LABEL_FIELDS.get(label["type"])
            if field is None:
                continue
            labels[label["type"]] += 1
            span = label_span(text, label.get(field) or label.get("quote") or "")
            if span is not None and any(s < span[1] and span[0] < e for s, e in change_spans):
                named += 1
            if span is not None and any(s < span[1] and span[0] < e for s, e in quote_spans):
                found[label["type"]] += 1
            else:
                missed.append((pair["id"], label["type"], (label.get(field) or "")[:90]))
        flagged[kind] += bool(quote_spans)
        n_mis = sum(1 for c in report.changes if c.kind is ChangeKind.QUOTE_MISATTRIBUTED)
        misattributed[kind] += n_mis
        misattributed_pairs[kind] += n_mis > 0
        fabricated[kind] += sum(1 for c in report.changes if c.kind is ChangeKind.QUOTE_FABRICATED)
    n_labels = sum(labels.values())
    n_found = sum(found.values())
    return {
        "pairs": sum(pairs_by_kind.values()),
        "labels": n_labels,
        "found": n_found,
        "recall": round(n_found / n_labels, 3) if n_labels else None,
        "found_by_change_kind": named,
        "by_type": {t: [found[t], labels[t]] for t in sorted(labels)},
        "faithful_pairs": pairs_by_kind["faithful_copy"],
        "faithful_pairs_misattributed": misattributed_pairs["faithful_copy"],
        "faithful_misattributed": misattributed["faithful_copy"],
        "independent_pairs": pairs_by_kind["same_event_independent"],
        "independent_pairs_misattributed": misattributed_pairs["same_event_independent"],
        "independent_misattributed": misattributed["same_event_independent"],
        "spun_misattributed": misattributed["spun"],
        "faithful_pairs_flagged": flagged["faithful_copy"],
        "independent_pairs_flagged": flagged["same_event_independent"],
        "fabricated": dict(sorted(fabricated.items())),
        "missed": missed,
    }


def run_pairs(pairs: Sequence[dict[str, Any]]) -> list[Report]:
    from unspin import compare

    return [
        compare(
            article_of(p["derivative"], f"{p['id']}-derivative"),
            article_of(p["source"], f"{p['id']}-source"),
        )
        for p in pairs
    ]


def _table(scores: dict[str, Any]) -> str:
    rows = [
        "| split | pairs | quote labels found (by altered/unquoted/misattributed) "
        "| altered | unquoted | misattributed "
        "| faithful pairs with a misattribution (changes) "
        "| independent pairs with a misattribution (changes) "
        "| faithful / independent pairs with any quote change | quote_fabricated by kind |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for split, s in scores.items():
        by = s["by_type"]

        def cell(t: str, by: dict[str, list[int]] = by) -> str:
            return f"{by[t][0]}/{by[t][1]}" if t in by else "-"

        recall = (
            f"{s['found']}/{s['labels']} ({s['recall']:.0%}) ({s['found_by_change_kind']})"
            if s["labels"]
            else "-"
        )
        fab = ", ".join(f"{k} {v}" for k, v in s["fabricated"].items()) or "0"
        rows.append(
            f"| {split} | {s['pairs']} | {recall} | {cell('quote_altered')} "
            f"| {cell('quote_unquoted')} | {cell('misattributed_quote')} "
            f"| {s['faithful_pairs_misattributed']}/{s['faithful_pairs']} "
            f"({s['faithful_misattributed']}) "
            f"| {s['independent_pairs_misattributed']}/{s['independent_pairs']} "
            f"({s['independent_misattributed']}) "
            f"| {s['faithful_pairs_flagged']} / {s['independent_pairs_flagged']} | {fab} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--split", action="append", choices=["dev", "test"])
    ap.add_argument("--show", action="store_true", help="print every quote change by pair")
    ap.add_argument("--write", type=Path, help="write the table to this Markdown file")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"realworld pairs not found at {args.data}; nothing to measure")
        return 0
    pairs = load_pairs(args.data, args.split or ["dev"])
    t0 = time.perf_counter()
    reports = run_pairs(pairs)
    elapsed = time.perf_counter() - t0
    if args.show:
        for pair, report in zip(pairs, reports, strict=True):
            quote_changes = [c for c in report.changes if c.kind in QUOTE_KINDS]
            if not quote_changes:
                continue
            for c in quote_changes:
                print(f"{pair['id']} {pair['kind']:<22}", end="")
                who = (
                    f" [{c.source_speaker} -> {c.speaker}]" if c.source_speaker or c.speaker else ""
                )
                print(f" {c.kind.value}{who} {c.confidence}: {c.text[:110]!r}")
    scores = quote_scores(pairs, reports)
    table = _table(scores)
    print(table)
    for split, s in scores.items():
        if split != "all":
            for pid, kind, words in s["missed"]:
                print(f"  missed {split} {pid} {kind}: {words!r}")
    print(f"{len(pairs)} pairs in {elapsed:.1f}s")
    if args.write:
        args.write.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
