"""Real pages: unspin on ``../shared/data/realworld`` (hand-labelled pairs, dev and test).

The calibration set for every decision that judges a real page (issues 12-16). Two parts:

1. ``compare`` per pair (the derivative against its labelled source): the verdict by kind
   (spun pages should not be ``original`` or ``faithful_copy``; faithful copies should be
   ``faithful_copy``; independent reports should not be copies), and recall of the annotated
   change labels by the change kinds unspin reports (quote labels by any quote kind).
2. ``check`` per pair with every pair's source indexed among real distractors (Reuters-21578,
   BBC, FNC-1 bodies; deterministic selection, the recipe of ``trace_eval.py``): whether the
   true source is found for spun and faithful pairs, and whether an independent report's
   "source" is taken as one.

Usage::

    python benchmarks/realworld_eval.py --split dev            # design on this
    python benchmarks/realworld_eval.py --split test           # report; score rarely
    python benchmarks/realworld_eval.py --split both --output docs/benchmarks_realworld.md
    python benchmarks/realworld_eval.py --split dev --sources-cut 0.67   # sources as excerpts

``--sources-cut F`` cuts every source's text at F of its length, mid-word, for ``compare`` and
in the index: the sources as excerpts, feed summaries or paywalled pages give them (most
realworld texts are already cut at about 2,000 characters; this cuts them shorter).

Exits 0 with a message when the data is absent. The realworld texts are third-party
excerpts: they are read here and never copied into the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compare_eval as ce  # noqa: E402

REPO = HERE.parent
DEFAULT_OUTPUT = REPO / "docs" / "benchmarks_realworld.md"
KINDS = ("spun", "faithful_copy", "same_event_independent")
QUOTE_LABELS = {"quote_altered", "quote_unquoted", "misattributed_quote"}
DISTRACTORS = 4700  # BBC, FNC-1 and Reuters articles indexed beside the sources
QUOTE_KINDS = {"quote_altered", "quote_unquoted", "quote_misattributed", "quote_fabricated"}
COPY_VERDICTS = {"faithful_copy", "spun_copy", "collage", "partly_derived"}
_WORD = re.compile(r"[^\W_]+")


# --------------------------------------------------------------------------- data


def load_pairs(data: Path, split: str) -> list[dict[str, Any]]:
    pairs = []
    for path in sorted((data / "realworld" / "pairs").glob("*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        if split in ("both", pair["split"]):
            pairs.append(pair)
    return pairs


def article(page: dict[str, Any], id_: str | None = None) -> Any:
    from unspin.core.model import Article

    published = None
    if page.get("date"):
        published = dt.date.fromisoformat(page["date"][:10])
    return Article(
        text=page["text"],
        title=page.get("title"),
        byline=page.get("byline"),
        published=published,
        url=page.get("url"),
        site=page.get("site"),
        id=id_,
    )


# --------------------------------------------------------------------------- label matching


def _words(text: str | None) -> str:
    return " " + " ".join(_WORD.findall((text or "").lower())) + " "


# Every quotation mark and apostrophe folded to one character (same length), so that a page
# typeset with other marks (curly, single, guillemets) still holds the annotation's words.
_PLAIN = str.maketrans({"\n": " ", **{m: '"' for m in "'“”„‘’«»‹›"}})


def _plain(text: str) -> str:
    return text.translate(_PLAIN)


def _span_of(text: str, needle: str | None) -> tuple[int, int] | None:
    """Where ``needle`` (an annotation's words) lies in ``text``, by words, roughly."""
    if not needle:
        return None
    at = text.find(needle)
    if at < 0:  # a line break or another typography of the marks (same length)
        at = _plain(text).find(_plain(needle))
    if at >= 0:
        return at, at + len(needle)
    lowered = text.lower()
    words = _WORD.findall(needle.lower())
    if not words:
        return None
    # Anchor on the needle's first / last few words, whatever lies between them.
    head = re.search(r"\W+".join(map(re.escape, words[:4])), lowered)
    tails = list(re.finditer(r"\W+".join(map(re.escape, words[-4:])), lowered))
    if head is None:
        return None
    tail = next((m for m in reversed(tails) if m.start() >= head.start()), None)
    if tail is not None:
        return head.start(), tail.end()
    return head.start(), head.start() + len(" ".join(words))


def _overlaps(change: Any, span: tuple[int, int] | None) -> bool:
    if span is None or change.start is None:
        return False
    return change.start < span[1] and span[0] < (change.end or change.start)


def label_found(label: dict[str, Any], report: Any, text: str) -> bool:
    """Whether ``report`` names the change an annotation describes."""
    kind = label["type"]
    changes = report.changes
    if kind in ("entity_swap", "synonym_swap"):
        to, frm = _words(label.get("to")).strip(), _words(label.get("from")).strip()
        return any(
            c.kind.value in ("entity_swap", "synonym_swap")
            and (
                (to and to in _words(c.to))
                or (frm and frm in _words(c.from_))
                # A label that spans a phrase or a whole sentence: a swap named inside it.
                or (
                    _words(c.to).strip()
                    and _words(c.from_).strip()
                    and _words(c.to) in f" {to} "
                    and _words(c.from_) in f" {frm} "
                )
            )
            for c in changes
        )
    if kind in QUOTE_LABELS:
        needle = label.get("derivative_form") or label.get("text") or label.get("quote")
        span = _span_of(text, needle)
        return any(c.kind.value in QUOTE_KINDS and _overlaps(c, span) for c in changes)
    if kind == "number_changed":
        return any(c.kind.value == "number_changed" for c in changes)
    if kind == "stale_relative_date":
        return any(c.kind.value == "stale_relative_date" for c in changes)
    return False


SCORED_LABELS = (
    "entity_swap",
    "synonym_swap",
    "quote_altered",
    "quote_unquoted",
    "misattributed_quote",
    "number_changed",
    "stale_relative_date",
)


# --------------------------------------------------------------------------- compare


def eval_compare(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import unspin

    rows = []
    for pair in pairs:
        deriv = article(pair["derivative"], f"{pair['id']}:derivative")
        src = article(pair["source"], f"{pair['id']}:source")
        t = time.perf_counter()
        report = unspin.compare(deriv, src)
        secs = time.perf_counter() - t
        labels = [
            (a["type"], label_found(a, report, deriv.text))
            for a in pair["annotations"]
            if a["type"] in SCORED_LABELS
        ]
        kinds = Counter(c.kind.value for c in report.changes)
        rows.append(
            {
                "id": pair["id"],
                "kind": pair["kind"],
                "split": pair["split"],
                "verdict": report.verdict.value,
                "score": report.score,
                "summary": report.summary,
                "labels": labels,
                "kinds": kinds,
                "secs": secs,
                "report": report,
                "pair": pair,
            }
        )
        print(
            f"compare {pair['id']:4} {pair['kind']:24} {report.verdict.value:15} "
            f"score={report.score} spun={report.summary.spun:.2f} "
            f"reworded={report.summary.reworded:.2f} misattr={kinds['quote_misattributed']} "
            f"labels {sum(f for _, f in labels)}/{len(labels)}",
            flush=True,
        )
    return rows


# --------------------------------------------------------------------------- check


def with_sources_cut(pairs: list[dict[str, Any]], fraction: float | None) -> list[dict[str, Any]]:
    """The pairs with each source's text cut at ``fraction`` of its length, mid-word, as an
    excerpt, a feed summary or a paywalled page is (``--sources-cut``); as they are for None."""
    if fraction is None:
        return pairs
    out = []
    for pair in pairs:
        text = pair["source"]["text"]
        source = {**pair["source"], "text": text[: int(len(text) * fraction)], "truncated": True}
        out.append({**pair, "source": source})
    return out


def build_store(
    data: Path, pairs: list[dict[str, Any]], distractors: int, sources_cut: float | None = None
) -> Any:
    """A memory store: every pair's source (all splits) among ``distractors`` real articles."""
    import trace_eval as te
    from unspin.index.store import open_store, prepare_article

    store = open_store(None)
    all_pairs = with_sources_cut(load_pairs(data, "both"), sources_cut)
    excluded = {p["derivative"]["text"] for p in all_pairs}
    docs = te.corpus(data, distractors, [], excluded)
    with store.session() as session:
        for p in all_pairs:
            session.add(prepare_article(article(p["source"], f"{p['id']}:source")))
        for d in docs:
            session.add(prepare_article(te._article(d)))
    print(f"indexed {len(all_pairs)} realworld sources + {len(docs)} distractors", flush=True)
    return store


def eval_check(store: Any, pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from unspin.app import check

    rows = []
    for pair in pairs:
        deriv = article(pair["derivative"], f"{pair['id']}:derivative")
        want = f"{pair['id']}:source"
        t = time.perf_counter()
        report = check(deriv, store)
        secs = time.perf_counter() - t
        ids = set()
        for m in report.source_matches:
            ids.add(m.id)
            ids.update(m.copies)
        found = want in ids
        # Listed beside a source as another version of its story that carries the copy too.
        as_version = not found and any(want in m.versions for m in report.source_matches)
        rows.append(
            {
                "id": pair["id"],
                "kind": pair["kind"],
                "split": pair["split"],
                "found": found,
                "as_version": as_version,
                "verdict": report.verdict.value,
                "score": report.score,
                "sources": [m.id for m in report.source_matches],
                "secs": secs,
                "report": report,
            }
        )
        print(
            f"check   {pair['id']:4} {pair['kind']:24} found={found!s:5} "
            f"{report.verdict.value:15} score={report.score} sources={len(ids)} "
            f"{secs * 1000:.0f} ms",
            flush=True,
        )
    return rows


# --------------------------------------------------------------------------- render


def _frac(a: int, b: int) -> str:
    return f"{a}/{b}" if b else "-"


def compare_table(rows: list[dict[str, Any]], splits: Sequence[str]) -> list[str]:
    def by(split: str, kind: str) -> list[dict[str, Any]]:
        return [r for r in rows if r["split"] == split and r["kind"] == kind]

    out = ["| measure | " + " | ".join(splits) + " |", "|---|" + "---:|" * len(splits)]

    def line(name: str, fn: Any) -> None:
        out.append(f"| {name} | " + " | ".join(fn(s) for s in splits) + " |")

    line(
        "spun pages called a copy (not `original`, not `faithful_copy`)",
        lambda s: _frac(
            sum(r["verdict"] not in ("original", "faithful_copy") for r in by(s, "spun")),
            len(by(s, "spun")),
        ),
    )
    line(
        "spun pages called `faithful_copy`",
        lambda s: _frac(
            sum(r["verdict"] == "faithful_copy" for r in by(s, "spun")), len(by(s, "spun"))
        ),
    )
    line(
        "faithful copies called `faithful_copy`",
        lambda s: _frac(
            sum(r["verdict"] == "faithful_copy" for r in by(s, "faithful_copy")),
            len(by(s, "faithful_copy")),
        ),
    )
    line(
        "faithful copies scoring 100",
        lambda s: _frac(
            sum(r["score"] == 100 for r in by(s, "faithful_copy")), len(by(s, "faithful_copy"))
        ),
    )
    line(
        "independent reports called a copy",
        lambda s: _frac(
            sum(r["verdict"] in COPY_VERDICTS for r in by(s, "same_event_independent")),
            len(by(s, "same_event_independent")),
        ),
    )
    for kind in ("faithful_copy", "same_event_independent"):
        line(
            f"{kind} pairs with a `quote_misattributed`",
            lambda s, k=kind: _frac(
                sum(r["kinds"]["quote_misattributed"] > 0 for r in by(s, k)), len(by(s, k))
            ),
        )
    for label in SCORED_LABELS:

        def rec(s: str, label: str = label) -> str:
            hits = [f for r in rows if r["split"] == s for t, f in r["labels"] if t == label]
            return _frac(sum(hits), len(hits))

        line(f"label `{label}` found", rec)

    def quote_labels(s: str) -> str:
        hits = [f for r in rows if r["split"] == s for t, f in r["labels"] if t in QUOTE_LABELS]
        return _frac(sum(hits), len(hits))

    line("quote labels found (any quote kind)", quote_labels)
    return out


def check_table(rows: list[dict[str, Any]], splits: Sequence[str]) -> list[str]:
    def by(split: str, kinds: Sequence[str]) -> list[dict[str, Any]]:
        return [r for r in rows if r["split"] == split and r["kind"] in kinds]

    out = ["| measure | " + " | ".join(splits) + " |", "|---|" + "---:|" * len(splits)]

    def line(name: str, fn: Any) -> None:
        out.append(f"| {name} | " + " | ".join(fn(s) for s in splits) + " |")

    for kinds, name in (
        (("spun",), "spun pages: true source found"),
        (("faithful_copy",), "faithful copies: true source found"),
        (("spun", "faithful_copy"), "all copies: true source found"),
    ):
        line(name, lambda s, k=kinds: _frac(sum(r["found"] for r in by(s, k)), len(by(s, k))))
    copies, independent = ("spun", "faithful_copy"), ("same_event_independent",)
    line(
        "all copies: true source found, or listed as another version of the source shown",
        lambda s: _frac(
            sum(r["found"] or r["as_version"] for r in by(s, copies)), len(by(s, copies))
        ),
    )
    line(
        "independent reports: other report taken as a source",
        lambda s: _frac(sum(r["found"] for r in by(s, independent)), len(by(s, independent))),
    )
    line(
        "independent reports: other report taken, or listed as a version",
        lambda s: _frac(
            sum(r["found"] or r["as_version"] for r in by(s, independent)), len(by(s, independent))
        ),
    )
    line(
        "copies (spun, faithful) called `original` by check",
        lambda s: _frac(
            sum(r["verdict"] == "original" for r in by(s, ("spun", "faithful_copy"))),
            len(by(s, ("spun", "faithful_copy"))),
        ),
    )
    line(
        "check latency p50 (ms)",
        lambda s: f"{_median([r['secs'] for r in by(s, KINDS)]) * 1000:.0f}",
    )
    return out


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else 0.0


def per_pair(compare_rows: list[dict[str, Any]], check_rows: list[dict[str, Any]]) -> list[str]:
    checked = {r["id"]: r for r in check_rows}
    out = [
        "| pair | split | kind | compare verdict | score | labels found | check: source found | check verdict |",
        "|---|---|---|---|---:|---:|---|---|",
    ]
    for r in compare_rows:
        c = checked.get(r["id"])
        labels = f"{sum(f for _, f in r['labels'])}/{len(r['labels'])}" if r["labels"] else "-"
        out.append(
            f"| {r['id']} | {r['split']} | {r['kind']} | {r['verdict']} | {r['score']} | "
            f"{labels} | {c['found'] if c else '-'} | {c['verdict'] if c else '-'} |"
        )
    return out


def _quote_table(rows: list[dict[str, Any]]) -> list[str]:
    import realworld_quotes as rq

    scores = rq.quote_scores([r["pair"] for r in rows], [r["report"] for r in rows])
    return rq._table(scores).split("\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    ap.add_argument("--distractors", type=int, default=DISTRACTORS)
    ap.add_argument("--skip-check", action="store_true", help="compare only (fast)")
    ap.add_argument("--output", type=Path, default=None, help="write the tables here")
    ap.add_argument("--pairs", default="", help="comma-separated pair ids (debugging)")
    ap.add_argument(
        "--networks", action="store_true", help="also scan the farm networks (issue 16)"
    )
    ap.add_argument(
        "--sources-cut",
        type=float,
        default=None,
        metavar="FRACTION",
        help="cut every source's text at this fraction of its length (a robustness probe)",
    )
    args = ap.parse_args(argv)
    if not (args.data / "realworld" / "pairs").is_dir():
        print(f"no realworld data at {args.data}; skipping")
        return 0
    pairs = with_sources_cut(load_pairs(args.data, args.split), args.sources_cut)
    if args.pairs:
        wanted = set(args.pairs.split(","))
        pairs = [p for p in pairs if p["id"] in wanted]
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    ce._init_worker()
    compare_rows = eval_compare(pairs)
    check_rows: list[dict[str, Any]] = []
    if not args.skip_check:
        store = build_store(args.data, pairs, args.distractors, args.sources_cut)
        check_rows = eval_check(store, pairs)
    cmd = "python benchmarks/realworld_eval.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    md = [
        f"Command: `{cmd.strip()}`",
        "",
        "### compare (derivative against its labelled source)",
        "",
    ]
    md += compare_table(compare_rows, splits)
    if check_rows:
        md += ["", f"### check (sources among {args.distractors} distractors)", ""]
        md += check_table(check_rows, splits)
    md += ["", "### quotes (issue 13: `realworld_quotes.quote_scores`)", ""]
    md += _quote_table(compare_rows)
    if args.networks:
        import realworld_networks as rn

        split = None if args.split == "both" else args.split
        result = rn.networks_eval(args.data, split)
        md += ["", "### networks (issue 16: `realworld_networks.networks_eval`)", ""]
        md += (
            [result["skipped"]]
            if "skipped" in result
            else rn.render(result, split, cmd).split("\n")[2:]
        )
    md += ["", "### per pair", "", *per_pair(compare_rows, check_rows)]
    text = "\n".join(md) + "\n"
    print(text)
    misses = defaultdict(list)
    for r in compare_rows:
        for t, f in r["labels"]:
            if not f:
                misses[t].append(r["id"])
    print("label misses:", dict(misses))
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
