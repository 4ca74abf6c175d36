"""Quote extraction and speaker attribution on PolNeAR, beside textacy's direct_quotations.

    python benchmarks/quotes_eval.py --split dev            # tune here (or on train)
    python benchmarks/quotes_eval.py --split test           # once, at the end

Data: ``../shared/data/polnear/{train,dev,test}.jsonl`` next to the repository (override with
``--data`` or ``UNSPIN_SHARED_DATA``). Exits 0 with a message when the data is absent.

What is measured, per system, on the same spaCy parses:

- content spans: precision, recall and F1, exact and overlap. A gold unit is one annotated
  attribution relation (its Content, possibly discontinuous); a predicted unit is one quote
  (all its parts). Spans are compared after trimming whitespace, quotation marks, edge
  punctuation and a leading "that" on both sides. Exact: the same trimmed character sets.
  Overlap: at least one shared character. One-to-one greedy matching, largest overlap first.
- speaker accuracy: for overlap-matched pairs whose gold relation has a Source, whether the
  predicted speaker is right: its mention span overlaps the gold Source span, or its
  normalised name's surname (last word) is a word of the gold Source text (or the gold
  Source's last word is a word of the predicted name).
- two subsets: ``direct`` (gold Content made of quoted text only: every part opens with a
  quotation mark; predictions: quotes from quotation marks that are not partial quotes
  inside narration; a prediction that only overlaps non-direct gold is left out of the
  direct precision) and ``all`` (every relation, every prediction; for unspin a quote nested
  inside another of its quotes with the same speaker mention counts once).

textacy raises on a document with an odd number of quote tokens; it is run on the whole
article (as its API intends: failures score as no predictions) and, more kindly, paragraph
by paragraph.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import unspin  # noqa: F401
except ImportError:  # running from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from unspin.comparison.quotes.marks import paragraph_spans

_QUOTES = "\"'“”‘’«»„‚‹›「」『』"
_EDGE = _QUOTES + ",.;:!?—–-…()[] \t\n\r\u00a0"
_OPENERS = '"“«„‘'


def default_data_dir() -> Path:
    env = os.environ.get("UNSPIN_SHARED_DATA")
    if env:
        return Path(env) / "polnear"
    return Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"


# ---------------------------------------------------------------------------------------
# Data


@dataclass
class Relation:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] | None
    direct: bool


@dataclass
class Article:
    id: str
    text: str
    relations: list[Relation]


def load_split(path: Path) -> list[Article]:
    articles = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row["text"]
            annotator = sorted(row["annotations"])[0]
            relations = parse_ann(row["annotations"][annotator], text)
            articles.append(Article(id=row["filename"], text=text, relations=relations))
    return articles


def parse_ann(ann: str, text: str) -> list[Relation]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for line in ann.splitlines():
        if line.startswith("T"):
            cols = line.split("\t")
            if len(cols) < 2 or " " not in cols[1]:
                continue
            _label, ranges = cols[1].split(" ", 1)
            try:
                spans[cols[0]] = [
                    (int(a), int(b)) for a, b in (r.split() for r in ranges.split(";"))
                ]
            except ValueError:
                continue
    out = []
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        args = dict(a.split(":", 1) for a in cols[1].split() if ":" in a)
        content = spans.get(args.get("Content", ""))
        if not content:
            continue
        source = spans.get(args.get("Source", ""))
        direct = all(text[s:e].strip()[:1] in _OPENERS for s, e in content)
        out.append(Relation(content=content, source=source, direct=direct))
    return out


# ---------------------------------------------------------------------------------------
# Spans


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    if text[s : s + 5].lower() == "that ":
        s += 5
    return s, e


def charset(text: str, parts: Iterable[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for s, e in parts:
        a, b = trim(text, s, e)
        out.update(i for i in range(a, b) if not text[i].isspace())
    return frozenset(out)


@dataclass
class Pred:
    chars: frozenset[int]
    speaker: str | None
    mention: tuple[int, int] | None
    direct: bool  # counts in the direct subset


def surname_match(gold: str, pred: str | None) -> bool:
    from unspin.comparison.quotes.names import name_tokens

    if not pred:
        return False
    g, p = name_tokens(gold), name_tokens(pred)
    if not g or not p:
        return False
    # The gold Source is a phrase ("Archbishop X of the Y"): the surname must be in it.
    return p[-1] in g or g[-1] in p


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    exact_gold: int = 0
    exact_pred: int = 0
    over_gold: int = 0
    over_pred: int = 0
    spk_total: int = 0
    spk_right: int = 0

    def add(self, other: Tally) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def prf(self, kind: str) -> tuple[float, float, float]:
        tp_g = getattr(self, f"{kind}_gold")
        tp_p = getattr(self, f"{kind}_pred")
        p = tp_p / self.pred if self.pred else 0.0
        r = tp_g / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def speaker_acc(self) -> float:
        return self.spk_right / self.spk_total if self.spk_total else 0.0


def match(
    gold: list[frozenset[int]], preds: list[frozenset[int]], *, exact: bool
) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            if exact:
                if g and g == p:
                    pairs.append((len(g), gi, pi))
            else:
                n = len(g & p)
                if n:
                    pairs.append((n, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _n, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def score_article(art: Article, preds: list[Pred], subset: str) -> Tally:
    text = art.text
    rels = art.relations
    gold_sets = [charset(text, r.content) for r in rels]
    if subset == "direct":
        keep_g = [i for i, r in enumerate(rels) if r.direct and gold_sets[i]]
        other = [gold_sets[i] for i, r in enumerate(rels) if not r.direct]
        direct_union = frozenset().union(*(gold_sets[i] for i in keep_g)) if keep_g else frozenset()
        keep_p = [
            i
            for i, p in enumerate(preds)
            if p.direct
            and p.chars
            and (p.chars & direct_union or not any(p.chars & o for o in other))
        ]
    else:
        keep_g = [i for i in range(len(rels)) if gold_sets[i]]
        keep_p = [i for i, p in enumerate(preds) if p.chars]
    g_sets = [gold_sets[i] for i in keep_g]
    p_sets = [preds[i].chars for i in keep_p]
    t = Tally(gold=len(g_sets), pred=len(p_sets))
    ex = match(g_sets, p_sets, exact=True)
    t.exact_gold = t.exact_pred = len(ex)
    ov = match(g_sets, p_sets, exact=False)
    t.over_gold = t.over_pred = len(ov)
    for gi, pi in ov:
        rel = rels[keep_g[gi]]
        if not rel.source:
            continue
        pred = preds[keep_p[pi]]
        t.spk_total += 1
        gold_src = " ".join(text[s:e] for s, e in rel.source)
        right = (pred.mention is not None and overlaps(pred.mention, rel.source)) or surname_match(
            gold_src, pred.speaker
        )
        t.spk_right += int(right)
    return t


# ---------------------------------------------------------------------------------------
# Systems


def unspin_preds(text: str, parsed: Any) -> list[Pred]:
    from unspin.comparison.quotes.extract import extract_quote_details

    details = extract_quote_details(text, parsed)
    preds = []
    for d in details:
        q = d.quote
        mention = (
            (q.speaker_start, q.speaker_end)
            if q.speaker_start is not None and q.speaker_end is not None
            else None
        )
        preds.append(
            Pred(
                chars=charset(text, d.parts),
                speaker=q.speaker,
                mention=mention,
                direct=q.direct and not d.partial,
            )
        )
    # A partial quote inside an indirect one of the same speaker is one attribution.
    keep = []
    for i, p in enumerate(preds):
        nested = any(
            j != i and p.chars < o.chars and p.mention == o.mention and p.mention is not None
            for j, o in enumerate(preds)
        )
        if not nested:
            keep.append(p)
    return keep


@dataclass
class _Triple:
    content: tuple[int, int]
    speaker: str | None
    mention: tuple[int, int] | None


def textacy_triples(doc: Any, offset: int = 0) -> tuple[list[_Triple], bool]:
    """textacy's direct quotations in ``doc``; False when it refuses the document."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return [], False
    out = []
    for tr in triples:
        c = tr.content
        sp = tr.speaker
        mention = (sp[0].idx + offset, sp[-1].idx + len(sp[-1]) + offset) if sp else None
        out.append(
            _Triple(
                content=(c.start_char + offset, c.end_char + offset),
                speaker=" ".join(t.text for t in sp) if sp else None,
                mention=mention,
            )
        )
    return out, True


def textacy_article(text: str, doc: Any, *, per_paragraph: bool) -> tuple[list[Pred], int]:
    triples: list[_Triple] = []
    failed = 0
    if not per_paragraph:
        triples, ok = textacy_triples(doc)
        failed += not ok
    else:
        for s, e in paragraph_spans(text):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            found, ok = textacy_triples(span.as_doc(), offset=span.start_char)
            failed += not ok
            triples.extend(found)
    preds = [
        Pred(chars=charset(text, [t.content]), speaker=t.speaker, mention=t.mention, direct=True)
        for t in triples
    ]
    return preds, failed


# ---------------------------------------------------------------------------------------
# Report


def fmt(t: Tally) -> str:
    ep, er, ef = t.prf("exact")
    op, orr, of = t.prf("over")
    return (
        f"| {ep:.3f} | {er:.3f} | {ef:.3f} | {op:.3f} | {orr:.3f} | {of:.3f} | "
        f"{t.speaker_acc:.3f} ({t.spk_right}/{t.spk_total}) | {t.gold} | {t.pred} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--split", default="dev", choices=["train", "dev", "test", "annotator-training"]
    )
    ap.add_argument("--data", type=Path, default=None, help="the polnear folder")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--no-textacy", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)

    data_dir = args.data or default_data_dir()
    path = data_dir / f"{args.split}.jsonl"
    if not path.exists():
        print(f"PolNeAR not found at {path}; skipping the quote benchmark.")
        return 0
    use_textacy = not args.no_textacy
    if use_textacy:
        try:
            import textacy  # noqa: F401
        except ImportError:
            print("textacy is not installed (pip install textacy); running unspin only.")
            use_textacy = False

    from unspin.nlp.parse import load_pipeline, model_name, parse

    articles = load_split(path)
    if args.limit:
        articles = articles[: args.limit]
    load_pipeline()
    systems = ["unspin"] + (
        ["textacy (whole article)", "textacy (per paragraph)"] if use_textacy else []
    )
    tallies = {(s, sub): Tally() for s in systems for sub in ("direct", "all")}
    seconds: dict[str, float] = dict.fromkeys(systems, 0.0)
    failed = 0
    parse_s = 0.0
    for art in articles:
        t0 = time.perf_counter()
        parsed = parse(art.text)
        parse_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        preds = {"unspin": unspin_preds(art.text, parsed)}
        seconds["unspin"] += time.perf_counter() - t0
        if use_textacy:
            t0 = time.perf_counter()
            preds["textacy (whole article)"], f = textacy_article(
                art.text, parsed.doc, per_paragraph=False
            )
            failed += f
            seconds["textacy (whole article)"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            preds["textacy (per paragraph)"], _ = textacy_article(
                art.text, parsed.doc, per_paragraph=True
            )
            seconds["textacy (per paragraph)"] += time.perf_counter() - t0
        for s in systems:
            for sub in ("direct", "all"):
                tallies[(s, sub)].add(score_article(art, preds[s], sub))

    n_rel = sum(len(a.relations) for a in articles)
    print(
        f"PolNeAR {args.split}: {len(articles)} articles, {n_rel} attribution relations; "
        f"spaCy model {model_name()}; parse {parse_s:.1f}s"
    )
    if use_textacy:
        print(
            f"textacy bailed out (odd number of quote tokens) on {failed}/{len(articles)} "
            "whole articles"
        )
    header = (
        "| system | subset | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 "
        "| speaker acc. (matched) | gold | predicted |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|"
    )
    print(header)
    for sub in ("direct", "all"):
        for s in systems:
            print(f"| {s} | {sub} " + fmt(tallies[(s, sub)]))
    print()
    for s in systems:
        print(f"{s}: {seconds[s]:.2f}s for {len(articles)} articles (after parsing)")
    if args.json:
        out = {
            f"{s}/{sub}": {
                "exact": tallies[(s, sub)].prf("exact"),
                "overlap": tallies[(s, sub)].prf("over"),
                "speaker_accuracy": tallies[(s, sub)].speaker_acc,
                "speaker_n": tallies[(s, sub)].spk_total,
                "gold": tallies[(s, sub)].gold,
                "pred": tallies[(s, sub)].pred,
            }
            for s in systems
            for sub in ("direct", "all")
        }
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
