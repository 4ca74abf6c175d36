"""Trace accuracy: spun copies, collages and same-event hard negatives against a real corpus.

Builds an in-memory store of real articles from ``../shared/data`` (Reuters-21578, BBC, FNC-1
bodies; deterministic selection), then measures (issue 4, "Measure"):

1. spun derivatives of indexed articles at synonym rates 0 / 0.1 / 0.3 / 0.5 (entity aliasing
   0.5, reorder 0.2, delete 0.1, one inserted sentence from another article, quote marks
   dropped 0.3): recall@1 of ``candidates()`` and whether ``check()`` keeps the true source;
2. collages of 2-5 sentences from each of 2-5 indexed articles (same BBC category, else same
   corpus), lightly spun: share where ``check()`` keeps every contributing source, verdicts;
3. hard negatives: FNC-1 bodies linked to the same headline (stance agree/discuss) are
   independent reports of one claim; one is indexed, the other queried (pairs sharing an
   identical sentence of 10+ words are skipped as real copies): false-copy rate.

Usage::

    python benchmarks/trace_eval.py [--limit 3000] [--queries 100] [--collages 50] [--negatives 100]

``--split dev`` and ``--split test`` (default) draw disjoint spun queries, collages and
hard-negative headlines from the same store recipe: tune on dev, report test.

Runs in one process (the memory store lives in it). Exits 0 with a message when the data is
absent.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import random
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
DEFAULT_OUTPUT = REPO / "docs" / "benchmarks_trace.md"
SEED = 20240604
RATES = (0.0, 0.1, 0.3, 0.5)
SPIN = dict(entity_alias_rate=0.5, reorder_rate=0.2, delete_rate=0.1, drop_quote_marks_rate=0.3)
LIGHT = dict(entity_alias_rate=0.2, synonym_rate=0.1, drop_quote_marks_rate=0.3)
_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“A-Z0-9])")
_WORDS = re.compile(r"\w+")


EVAL_SPLIT = "test"


def _h(key: str) -> int:
    return int(hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()[:12], 16)


def _in_split(key: str) -> bool:
    """Half of the items for dev, the other half for test, by a hash of their key."""
    return (_h("split:" + key) % 2 == 0) == (EVAL_SPLIT == "dev")


def _sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n", text):
        for piece in _SPLIT.split(para.strip()):
            s = re.sub(r"\s+", " ", piece).strip()
            if s:
                out.append(s)
    return out


def _long_sentences(text: str) -> set[str]:
    return {
        " ".join(_WORDS.findall(s.lower()))
        for s in _sentences(text)
        if len(_WORDS.findall(s)) >= 10
    }


def _article(doc: ce.Doc) -> Any:
    from unspin.core.model import Article

    return Article(text=doc.text, title=doc.title, id=doc.id)


# --------------------------------------------------------------------------- data


def hard_negative_pairs(data: Path, n: int) -> list[tuple[str, ce.Doc, ce.Doc]]:
    """(headline, indexed body, queried body) for ``n`` headlines with 2+ agree/discuss bodies."""
    csv.field_size_limit(1 << 30)
    bodies: dict[str, str] = {}
    with (data / "fnc1" / "train_bodies.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            bodies[rec["Body ID"]] = rec["articleBody"].strip()
    groups: dict[str, list[str]] = defaultdict(list)
    with (data / "fnc1" / "train_stances.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            if (
                rec["Stance"] in ("agree", "discuss")
                and rec["Body ID"] not in groups[rec["Headline"]]
            ):
                groups[rec["Headline"]].append(rec["Body ID"])
    pairs: list[tuple[str, ce.Doc, ce.Doc]] = []
    used: set[str] = set()
    skipped_copies = 0
    for headline in sorted((h for h in groups if _in_split(h)), key=_h):
        ids = sorted(
            (b for b in groups[headline] if b not in used and ce._usable(bodies[b])), key=_h
        )
        found = None
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if bodies[a] == bodies[b]:
                    continue
                if _long_sentences(bodies[a]) & _long_sentences(bodies[b]):
                    skipped_copies += 1
                    continue
                found = (a, b)
                break
            if found:
                break
        if not found:
            continue
        a, b = found
        used.update(found)
        pairs.append(
            (
                headline,
                ce.Doc(f"fnc1-train:{a}", "fnc1", None, bodies[a]),
                ce.Doc(f"fnc1-train:{b}", "fnc1", None, bodies[b]),
            )
        )
        if len(pairs) >= n:
            break
    print(
        f"hard negatives: {len(pairs)} pairs ({skipped_copies} candidate pairs skipped as copies)"
    )
    return pairs


def corpus(data: Path, limit: int, pinned: Sequence[ce.Doc], excluded: set[str]) -> list[ce.Doc]:
    """``limit`` docs: ``pinned`` first, then a deterministic hash-ordered mix of the corpora."""
    excluded_texts = excluded
    docs = list(pinned)
    have = {d.id for d in docs} | {d.text for d in docs}
    pools = []
    for loader in (ce.load_reuters, ce.load_bbc, ce.load_fnc):
        pool = [
            d
            for d in loader(data)
            if d.text not in excluded_texts and d.id not in have and d.text not in have
        ]
        pools.append(sorted(pool, key=lambda d: _h(d.id)))
    # Round-robin so every corpus is represented (BBC is the smallest).
    i = 0
    while len(docs) < limit and any(i < len(p) for p in pools):
        for p in pools:
            if i < len(p) and len(docs) < limit and p[i].text not in have:
                docs.append(p[i])
                have.add(p[i].text)
        i += 1
    return docs


# --------------------------------------------------------------------------- evaluation


def _kept(report: Any) -> list[str]:
    return [s.id for s in report.sources]


def eval_spun(
    store: Any, docs: list[ce.Doc], n: int, fails: list[str]
) -> dict[float, Counter[str]]:
    import spinsim
    from unspin.app import check
    from unspin.index.retrieve import candidates

    queries = sorted((d for d in docs if _in_split(d.id)), key=lambda d: _h("q:" + d.id))[:n]
    donors = sorted(docs, key=lambda d: _h("d:" + d.id))
    out: dict[float, Counter[str]] = {}
    for rate in RATES:
        c: Counter[str] = Counter()
        for qi, doc in enumerate(queries):
            rng = random.Random(_h(f"spin:{rate}:{doc.id}"))
            donor = next(d for d in donors[qi:] + donors if d.id != doc.id)
            insert = ce._donor_sentences(donor, 1, rng)
            try:
                spun = spinsim.spin(
                    _article(doc), rng=rng, synonym_rate=rate, insert_sentences=insert, **SPIN
                )
            except Exception as exc:
                c["spin_error"] += 1
                fails.append(f"spin error on `{doc.id}` at rate {rate}: {exc!r}")
                continue
            deriv = _typeset(spun.derivative)
            c["n"] += 1
            cands = candidates(store, deriv, k=10)
            top = cands[0].id if cands else None
            c["r1"] += top == doc.id
            c["r10"] += any(x.id == doc.id for x in cands)
            report = check(deriv, store)
            kept = _kept(report)
            c["kept"] += doc.id in kept
            c["donor"] += donor.id in kept and bool(insert)
            c["extra"] += any(k not in (doc.id, donor.id) for k in kept)
            if top != doc.id or doc.id not in kept:
                cov = next((f"{x.coverage:.2f}" for x in cands if x.id == doc.id), "-")
                fails.append(
                    f"spun rate {rate}: source `{doc.id}`; top-1 `{top}`; true-source coverage {cov}; "
                    f"kept {kept}; verdict {report.verdict.value}"
                )
        out[rate] = c
        print(f"rate {rate}: {dict(c)}", flush=True)
    return out


def eval_collages(store: Any, docs: list[ce.Doc], n: int, fails: list[str]) -> Counter[str]:
    import spinsim
    from unspin.app import check
    from unspin.comparison.copying import NARRATION_MIN_WORDS as EVIDENCE_MIN_WORDS
    from unspin.comparison.narration import UnquotedWords
    from unspin.core.model import Article

    groups: dict[str, list[ce.Doc]] = defaultdict(list)
    for d in docs:
        key = d.id.split(":")[1].split("/")[0] if d.corpus == "bbc" else d.corpus
        if len(_sentences(d.text)) >= 5:
            groups[key].append(d)
    keys = sorted(groups)
    c: Counter[str] = Counter()
    for i in range(n):
        rng = random.Random(_h(f"collage:{EVAL_SPLIT}:{i}"))
        group = groups[keys[i % len(keys)]]
        k = rng.randint(2, 5)
        parts = rng.sample(group, k)
        paras: list[str] = []
        narrating: set[str] = set()  # parts whose excerpt carries some of their own narration
        for d in parts:
            sents = [s for s in _sentences(d.text) if 8 <= len(s.split()) <= 60]
            m = min(len(sents), rng.randint(2, 5))
            start = rng.randrange(0, len(sents) - m + 1)
            paras.append(" ".join(sents[start : start + m]))
            unquoted = UnquotedWords(d.text)
            if any(unquoted.count(x) >= EVIDENCE_MIN_WORDS for x in sents[start : start + m]):
                narrating.add(d.id)
        collage = Article(text="\n\n".join(paras), id=f"collage:{i}")
        try:
            deriv = _typeset(spinsim.spin(collage, rng=rng, **LIGHT).derivative)
        except Exception as exc:
            fails.append(f"collage {i}: spin error {exc!r}; unspun collage used")
            deriv = collage
        report = check(deriv, store)
        kept = set(_kept(report))
        truth = {d.id for d in parts}
        c["n"] += 1
        c[f"k={k}"] += 1
        c["all"] += truth <= kept
        c["all_narrating"] += narrating <= kept
        c["quote_only_parts"] += len(truth - narrating)
        c["quote_only_kept"] += len((truth - narrating) & kept)
        c["found"] += len(truth & kept)
        c["truth"] += len(truth)
        c["extra"] += bool(kept - truth)
        c["verdict:" + report.verdict.value] += 1
        if not truth <= kept:
            fails.append(
                f"collage {i} ({k} sources, group {keys[i % len(keys)]}): missed "
                f"{sorted((truth - kept) & narrating)} with narration, "
                f"{sorted(truth - kept - narrating)} quote-only; kept {sorted(kept)}; "
                f"verdict {report.verdict.value}"
            )
    print(f"collages: {dict(c)}", flush=True)
    return c


def eval_negatives(
    store: Any, pairs: list[tuple[str, ce.Doc, ce.Doc]], fails: list[str]
) -> Counter[str]:
    from unspin.app import check

    c: Counter[str] = Counter()
    for headline, indexed, query in pairs:
        report = check(_article(query), store)
        kept = _kept(report)
        c["n"] += 1
        c["same_claim"] += indexed.id in kept
        c["any"] += bool(kept)
        c["not_original"] += report.verdict.value != "original"
        c["verdict:" + report.verdict.value] += 1
        if indexed.id in kept:
            fails.append(
                f"hard negative: query `{query.id}` called a copy of same-claim `{indexed.id}` "
                f"(headline: {headline[:80]!r}); verdict {report.verdict.value}; kept "
                + str([(m.id, round(m.coverage, 2), m.sentences) for m in report.source_matches])
            )
    print(f"negatives: {dict(c)}", flush=True)
    return c


# --------------------------------------------------------------------------- report


def _pct(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "-"


def render(
    cmd: str,
    n_docs: int,
    spun: dict[float, Counter[str]],
    col: Counter[str],
    neg: Counter[str],
    fails: list[str],
    secs: dict[str, float],
) -> str:
    L = [
        "# Trace benchmark (unspin check)",
        "",
        f"Command: `{cmd}`",
        "",
        f"Store: in-memory, {n_docs} real articles (Reuters-21578, BBC, FNC-1 bodies; seed {SEED}; "
        f"split {EVAL_SPLIT}). "
        f"Timings: index {secs['index']:.0f} s, spun {secs['spun']:.0f} s, collages {secs['collage']:.0f} s, "
        f"negatives {secs['neg']:.0f} s.",
        "",
        "## Spun copies (entity alias 0.5, reorder 0.2, delete 0.1, 1 inserted sentence, quote marks dropped 0.3)",
        "",
        "| synonym rate | n | recall@1 (candidates) | recall@10 | check() keeps true source | inserted sentence's article kept | other sources kept | goal (recall@1) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rate, c in spun.items():
        goal = ">= 0.99" if rate <= 0.3 else ">= 0.95"
        L.append(
            f"| {rate:.0%} | {c['n']} | {_pct(c['r1'], c['n'])} | {_pct(c['r10'], c['n'])} | "
            f"{_pct(c['kept'], c['n'])} | {_pct(c['donor'], c['n'])} | {_pct(c['extra'], c['n'])} | {goal} |"
        )
    verdicts = ", ".join(f"{k[8:]} {v}" for k, v in sorted(col.items()) if k.startswith("verdict:"))
    sizes = ", ".join(f"{k} {v}" for k, v in sorted(col.items()) if k.startswith("k="))
    L += [
        "",
        "## Collages (2-5 sentences from each of 2-5 indexed articles, same BBC category / corpus; "
        "light spin: alias 0.2, synonyms 0.1, quote marks dropped 0.3)",
        "",
        "| metric | value | goal |",
        "|---|---|---|",
        f"| all contributing sources kept by check() | {_pct(col['all'], col['n'])} | >= 0.95 |",
        f"| all sources kept, counting those whose excerpt has narration of their own | "
        f"{_pct(col['all_narrating'], col['n'])} | |",
        f"| sources whose excerpt is only quotations (by their own quote marks): kept | "
        f"{_pct(col['quote_only_kept'], col['quote_only_parts'])} | not copying by design |",
        f"| contributing sources kept (micro) | {_pct(col['found'], col['truth'])} | |",
        f"| collages with a non-contributing source kept | {_pct(col['extra'], col['n'])} | |",
        f"| verdicts | {verdicts} | collage |",
        f"| sources per collage | {sizes} | |",
        "",
        "## Hard negatives (FNC-1 same-headline agree/discuss bodies, no shared 10+-word sentence)",
        "",
        "| metric | value | goal |",
        "|---|---|---|",
        f"| false copies (same-claim body kept as a source) | {_pct(neg['same_claim'], neg['n'])} | <= 0.01 |",
        f"| any source kept | {_pct(neg['any'], neg['n'])} | |",
        f"| verdict other than original | {_pct(neg['not_original'], neg['n'])} | |",
        "| verdicts | "
        + ", ".join(f"{k[8:]} {v}" for k, v in sorted(neg.items()) if k.startswith("verdict:"))
        + " | original |",
        "",
        f"## Failures ({len(fails)}; first 15)",
        "",
    ]
    L += [f"- {f}" for f in fails[:15]] or ["- none"]
    return "\n".join(L) + "\n"


TYPOGRAPHY = False  # --typography: derivatives printed as a web page prints them


def _typeset(article: Any) -> Any:
    if not TYPOGRAPHY:
        return article
    return dataclasses.replace(article, text=ce.web_typography(article.text))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=3000, help="articles in the store")
    ap.add_argument("--queries", type=int, default=100, help="spun queries per synonym rate")
    ap.add_argument("--collages", type=int, default=50)
    ap.add_argument("--negatives", type=int, default=100)
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    ap.add_argument(
        "--typography",
        action="store_true",
        help="spun pages and collages in a web page's typography (compare_eval's); prints only",
    )
    args = ap.parse_args(argv)
    global EVAL_SPLIT, TYPOGRAPHY
    EVAL_SPLIT = args.split
    TYPOGRAPHY = args.typography
    if not (args.data / "reuters21578").is_dir():
        print(f"no data at {args.data}; skipping the trace benchmark")
        return 0
    cmd = "python benchmarks/trace_eval.py " + " ".join(argv if argv is not None else sys.argv[1:])

    from unspin.index.store import open_store, prepare_article

    secs: dict[str, float] = {}
    pairs = hard_negative_pairs(args.data, args.negatives)
    queried = {q.text for _, _, q in pairs}
    docs = corpus(args.data, args.limit, [a for _, a, _ in pairs], queried)
    t = time.perf_counter()
    store = open_store(None)
    with store.session() as session:
        for d in docs:
            session.add(prepare_article(_article(d)))
    secs["index"] = time.perf_counter() - t
    print(
        f"indexed {len(docs)} docs in {secs['index']:.1f} s ({Counter(d.corpus for d in docs)})",
        flush=True,
    )

    ce._init_worker()  # warm spaCy / WordNet
    fails: list[str] = []
    t = time.perf_counter()
    spun = eval_spun(store, docs, args.queries, fails)
    secs["spun"] = time.perf_counter() - t
    t = time.perf_counter()
    col = eval_collages(store, docs, args.collages, fails)
    secs["collage"] = time.perf_counter() - t
    t = time.perf_counter()
    neg = eval_negatives(store, pairs, fails)
    secs["neg"] = time.perf_counter() - t
    store.close()

    md = render(cmd.strip(), len(docs), spun, col, neg, fails, secs)
    print(md)
    if not args.typography:
        args.output.write_text(md, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
