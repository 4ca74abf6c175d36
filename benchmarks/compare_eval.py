"""Score ``unspin.compare`` against the spin simulator's ground truth, and on MRPC.

    python benchmarks/compare_eval.py --split test            # the reported figures
    python benchmarks/compare_eval.py --split dev --failures 5  # for tuning, with examples
    python benchmarks/compare_eval.py --split dev --limit 60    # a quick look

Articles: Reuters-21578 bodies (NORM, >= 5 sentences), BBC News bodies (duplicates removed) and
FNC-1 bodies (train + competition test, duplicates removed), 400-6,000 characters each, from
``../shared/data`` (Reuters: the trailing "Reuter" and the <company> brackets removed). Each
article goes to DEV or TEST by a hash of its id, so the split never changes; within a split,
articles are taken in hash order, interleaving the three corpora. Each article is spun by
``benchmarks/spinsim.py`` with one of four rate profiles (drawn per article from a seed made
of the split and the article id) and compared with its source.

Scoring (one-to-one, greedy in text order):

* entity/synonym swaps: a predicted change of the same kind whose derivative span overlaps the
  planted one, with the same from/to (case, a leading "the" and outer punctuation ignored);
* number/date changes, quote_unquoted: same kind, overlapping derivative span;
* reordered/inserted: same kind, overlapping the planted derivative sentence;
* dropped: same kind, overlapping source span (``Change.source_start/source_end``);
* false-change rate: share of untouched derivative sentences (verbatim copies, not moved) that
  some non-``copied`` change overlaps; also the share whose aligned sentence is not ``copied``;
* alignment: a derivative sentence counts as aligned when the source sentences the report
  gives for it (``AlignedSentence.source_text`` located in the source) are the simulator's.

MRPC (test file, 1,725 pairs): each pair is two one-sentence articles, ``compare(#2, #1)``; the
table gives the status distribution of the derivative sentence for paraphrase pairs and for
non-paraphrase pairs.

``--typography`` prints each derivative as a web page would (curly quotation marks by
position, curly apostrophes inside words, no-break spaces after short words), changing no
offset: a farm's WordPress page beside a wire story in straight marks. The scores should be
those of the plain run.

The table is printed; with ``--split test`` and no ``--limit`` it is also written, with the
command, to ``docs/benchmarks_compare.md`` (``--output`` overrides, ``--output -`` skips).
Exits 0 with a message when the data folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gzip
import hashlib
import json
import multiprocessing as mp
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

DEFAULT_DATA = Path(os.environ.get("UNSPIN_SHARED_DATA", REPO.parent / "shared" / "data"))
DEFAULT_OUTPUT = REPO / "docs" / "benchmarks_compare.md"
MIN_CHARS, MAX_CHARS, MIN_SENTENCES = 400, 6000, 5
DEFAULT_LIMIT = 520

PROFILES: dict[str, dict[str, float]] = {
    "light": dict(
        entity_alias_rate=0.5,
        synonym_rate=0.03,
        number_change_rate=0.03,
        date_change_rate=0.1,
        drop_quote_marks_rate=0.2,
        delete_rate=0.05,
        reorder_rate=0.0,
        split_rate=0.0,
        merge_rate=0.0,
        inserts=0,
    ),
    "medium": dict(
        entity_alias_rate=0.8,
        synonym_rate=0.08,
        number_change_rate=0.08,
        date_change_rate=0.2,
        drop_quote_marks_rate=0.3,
        delete_rate=0.1,
        reorder_rate=0.1,
        split_rate=0.15,
        merge_rate=0.08,
        inserts=1,
    ),
    "heavy": dict(
        entity_alias_rate=1.0,
        synonym_rate=0.15,
        number_change_rate=0.15,
        date_change_rate=0.3,
        drop_quote_marks_rate=0.5,
        delete_rate=0.15,
        reorder_rate=0.2,
        split_rate=0.25,
        merge_rate=0.15,
        inserts=2,
    ),
    "structure": dict(
        entity_alias_rate=0.0,
        synonym_rate=0.0,
        number_change_rate=0.0,
        date_change_rate=0.0,
        drop_quote_marks_rate=0.0,
        delete_rate=0.15,
        reorder_rate=0.2,
        split_rate=0.2,
        merge_rate=0.15,
        inserts=2,
    ),
}

TOKEN_KINDS = ("entity_swap", "synonym_swap", "number_changed", "date_changed", "quote_unquoted")
SENTENCE_KINDS = ("reordered", "inserted", "dropped")
SCORED_KINDS = TOKEN_KINDS + SENTENCE_KINDS
GOALS = {"entity_swap": (0.95, 0.90), "synonym_swap": (0.95, 0.90)}
UNTOUCHED_GOAL = 0.995


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    corpus: str
    title: str | None
    text: str


def _hash(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16)


def split_of(doc_id: str) -> str:
    return "dev" if _hash("split:" + doc_id) % 2 == 0 else "test"


_SENT_END = re.compile(r"[.!?][\"”’']?(?=\s+[\"“A-Z0-9]|\s*$)")
_REUTER_TAIL = re.compile(r"\s*\bReuter\s*$", re.IGNORECASE)
# Reuters marks company names "<Sumitomo Bank Ltd>"; spaCy cuts sentences at the brackets.
_REUTER_TICKER = re.compile(r"<([^<>\n]{1,80})>")


def _usable(text: str) -> bool:
    return MIN_CHARS <= len(text) <= MAX_CHARS and len(_SENT_END.findall(text)) >= MIN_SENTENCES


def load_reuters(data: Path) -> Iterator[Doc]:
    for path in sorted((data / "reuters21578").glob("reut2-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec.get("text_type") != "NORM" or not rec.get("body"):
                    continue
                body = _REUTER_TICKER.sub(r"\1", _REUTER_TAIL.sub("", rec["body"]).rstrip())
                if _usable(body):
                    yield Doc(f"reuters:{rec['newid']}", "reuters", rec.get("title"), body)


def load_bbc(data: Path) -> Iterator[Doc]:
    seen: set[str] = set()
    for path in sorted((data / "bbc_news").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                body = rec["body"].strip()
                if body in seen or not _usable(body):
                    continue
                seen.add(body)
                yield Doc(f"bbc:{rec['doc_id']}", "bbc", rec.get("title"), body)


def load_fnc(data: Path) -> Iterator[Doc]:
    csv.field_size_limit(1 << 30)
    seen: set[str] = set()
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (data / "fnc1" / name).open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                body = rec["articleBody"].strip()
                if body in seen or not _usable(body):
                    continue
                seen.add(body)
                part = "train" if name.startswith("train") else "test"
                yield Doc(f"fnc1-{part}:{rec['Body ID']}", "fnc1", None, body)


def select(data: Path, split: str) -> list[Doc]:
    """All usable articles of ``split``, in hash order, interleaving the corpora."""
    per_corpus = []
    for loader in (load_reuters, load_bbc, load_fnc):
        docs = [d for d in loader(data) if split_of(d.id) == split]
        docs.sort(key=lambda d: _hash("order:" + d.id))
        per_corpus.append(docs)
    out: list[Doc] = []
    for i in range(max(len(d) for d in per_corpus)):
        out.extend(docs[i] for docs in per_corpus if i < len(docs))
    return out


# --------------------------------------------------------------------------- matching


def _norm(s: str | None) -> str:
    s = re.sub(r"\s+", " ", (s or "").lower()).strip()
    s = re.sub(r"^the ", "", s)
    return s.strip(" .,;:'\"“”’")


def _overlaps(s1: int | None, e1: int | None, s2: int | None, e2: int | None) -> bool:
    if s1 is None or e1 is None or s2 is None or e2 is None:
        return False
    if s1 == e1:  # a zero-width change (a deletion point)
        return s2 <= s1 <= e2
    return s1 < e2 and s2 < e1


def _match(kind: str, pred: Any, edit: Any, *, strict_tokens: bool = True) -> bool:
    if kind == "dropped":
        return _overlaps(pred.source_start, pred.source_end, edit.source_start, edit.source_end)
    if not _overlaps(pred.start, pred.end, edit.start, edit.end):
        return False
    if strict_tokens and kind in {"entity_swap", "synonym_swap"}:
        return _norm(pred.from_) == _norm(edit.from_) and _norm(pred.to) == _norm(edit.to)
    return True


def _greedy(kind: str, preds: list[Any], edits: list[Any], **kw: Any) -> tuple[set[int], set[int]]:
    used_p: set[int] = set()
    found: set[int] = set()
    for ei, edit in enumerate(edits):
        for pi, pred in enumerate(preds):
            if pi not in used_p and _match(kind, pred, edit, **kw):
                used_p.add(pi)
                found.add(ei)
                break
    return used_p, found


# --------------------------------------------------------------------------- worker

_STATE: dict[str, Any] = {}


def _init_worker() -> None:
    import spinsim
    import unspin

    res = spinsim.default_resources()
    _ = res.nlp, res.wordnet, res.irregular
    _STATE["spinsim"] = spinsim
    _STATE["compare"] = unspin.compare
    warm = unspin.Article(text="The minister said on Monday that talks would resume. They did.")
    unspin.compare(warm, warm)


def _snippet(text: str, start: int | None, end: int | None, pad: int = 60) -> str:
    if start is None or end is None:
        return ""
    a, b = max(0, start - pad), min(len(text), end + pad)
    out = text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]
    return re.sub(r"\s+", " ", out)


_DONOR_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_DONOR_END = re.compile(r"(?:^|\s)[a-z]{3,}[a-z0-9%)]*[.!?]$")


def _donor_sentences(donor: Doc, n: int, rng: random.Random) -> list[str]:
    """``n`` whole sentences of another article: plain ones, ending in a lowercase word."""
    if n <= 0:
        return []
    pool = []
    for piece in _DONOR_SPLIT.split(donor.text[:4000]):
        sent = re.sub(r"\s+", " ", piece).strip()
        if (
            6 <= len(sent.split()) <= 40
            and sent[:1].isupper()
            and _DONOR_END.search(sent)
            and not re.search(r'["“”<>]', sent)
        ):
            pool.append(sent)
    return rng.sample(pool, min(n, len(pool)))


def _locate(source_text: str, needle: str | None, hint: int = 0) -> tuple[int, int] | None:
    """Where ``needle`` (a report's source sentence) is in the source; a line break and a
    space are one (the report reads hard-wrapped text as its paragraphs, same length)."""
    if not needle:
        return None
    source_text, needle = source_text.replace("\n", " "), needle.replace("\n", " ")
    at = source_text.find(needle, hint)
    if at < 0:
        at = source_text.find(needle)
    return (at, at + len(needle)) if at >= 0 else None


def _spans_to_indices(spans: list[tuple[int, int]], sentences: Sequence[Any]) -> set[int]:
    out = set()
    for a, b in spans:
        for s in sentences:
            inter = min(b, s.end) - max(a, s.start)
            if inter > 0 and inter >= 0.5 * (s.end - s.start):
                out.add(s.index)
    return out


_OPENING_STRAIGHT = re.compile(r'(^|(?<=[\s(\[]))"', re.MULTILINE)
_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SHORT_WORD_SPACE = re.compile(r"\b(the|of|to|in|on|at|a) ")


def web_typography(text: str) -> str:
    """``text`` as a CMS prints it, every offset kept (module docstring)."""
    text = _OPENING_STRAIGHT.sub("\u201c", text).replace('"', "\u201d")
    text = _INNER_APOSTROPHE.sub("\u2019", text)
    return _SHORT_WORD_SPACE.sub(lambda m: m.group(1) + "\u00a0", text)


def evaluate_one(task: tuple[Doc, Doc, str, bool]) -> dict[str, Any]:
    doc, donor, split, typography = task
    spinsim = _STATE["spinsim"]
    from unspin.core.model import Article

    rng = random.Random(f"{split}:{doc.id}")
    profile_name = rng.choice(sorted(PROFILES))
    profile = dict(PROFILES[profile_name])
    inserts = int(profile.pop("inserts"))
    source = Article(text=doc.text, title=doc.title, id=doc.id)
    t0 = time.perf_counter()
    spun = spinsim.spin(
        source,
        rng=rng,
        insert_sentences=_donor_sentences(donor, inserts, rng),
        **profile,
    )
    if typography:
        typeset = dataclasses.replace(spun.derivative, text=web_typography(spun.derivative.text))
        spun = dataclasses.replace(spun, derivative=typeset)
    t1 = time.perf_counter()
    out: dict[str, Any] = {
        "id": doc.id,
        "corpus": doc.corpus,
        "profile": profile_name,
        "spin_s": t1 - t0,
    }
    if len(spun.source_sentences) < MIN_SENTENCES:
        out["skipped"] = "fewer than 5 sentences"
        return out
    try:
        report = _STATE["compare"](spun.derivative, source)
    except Exception as err:  # a crash is a finding, not the end of the run
        out["error"] = f"{type(err).__name__}: {err}"
        return out
    out["compare_s"] = time.perf_counter() - t1
    out.update(score(spun, report))
    return out


def score(spun: Any, report: Any) -> dict[str, Any]:
    d_text, s_text = spun.derivative.text, spun.source.text
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    failures: list[dict[str, Any]] = []
    changes = [c for c in report.changes if str(c.kind) != "copied"]

    # Category of each simulator sentence, for locating errors.
    category: dict[int, str] = {}
    for edit in spun.edits:
        for si in edit.sentences:
            k = str(edit.kind)
            if k in {"split", "merge"}:
                category[si] = k
            elif k == "inserted":
                category[si] = "inserted"
            elif k == "reordered":
                category.setdefault(si, "reordered")
            else:
                category.setdefault(si, "token-edited")
    for s in spun.sentences:
        if s.untouched:
            category[s.index] = "untouched"
        category.setdefault(s.index, "other")

    def where(c: Any) -> str:
        if c.start is None:
            return "no derivative span"
        hits = [s for s in spun.sentences if _overlaps(c.start, c.end, s.start, s.end)]
        if not hits:
            return "between sentences"
        return "/".join(sorted({category[s.index] for s in hits}))

    matched_preds: set[int] = set()
    for kind in SCORED_KINDS:
        edits = [e for e in spun.edits if str(e.kind) == kind]
        pidx = [i for i, c in enumerate(changes) if str(c.kind) == kind]
        preds = [changes[i] for i in pidx]
        used, found = _greedy(kind, preds, edits)
        matched_preds |= {pidx[i] for i in used}
        counts[kind].update(
            planted=len(edits), predicted=len(preds), tp_pred=len(used), found=len(found)
        )
        if kind in {"entity_swap", "synonym_swap"}:
            _, found_loose = _greedy(kind, preds, edits, strict_tokens=False)
            counts[kind].update(found_span_only=len(found_loose) - len(found))
        for ei, edit in enumerate(edits):
            if ei in found:
                continue
            if kind == "dropped":
                near = [
                    c
                    for c in changes
                    if _overlaps(c.source_start, c.source_end, edit.source_start, edit.source_end)
                ]
            else:
                near = [c for c in changes if _overlaps(c.start, c.end, edit.start, edit.end)]
            got = ",".join(sorted({str(c.kind) for c in near})) or "nothing"
            counts["missed_as"][f"{kind} -> {got}"] += 1
            failures.append(
                {
                    "type": "missed",
                    "kind": kind,
                    "planted": {"from": edit.from_, "to": edit.to},
                    "predicted": [
                        {"kind": str(c.kind), "from": c.from_, "to": c.to, "text": c.text[:80]}
                        for c in near
                    ],
                    "derivative": _snippet(d_text, edit.start, edit.end),
                    "source": _snippet(s_text, edit.source_start, edit.source_end),
                }
            )
        for pi, pred in enumerate(preds):
            if pi in used:
                continue
            near_edits = [
                e
                for e in spun.edits
                if _overlaps(pred.start, pred.end, e.start, e.end)
                or (
                    kind == "dropped"
                    and _overlaps(pred.source_start, pred.source_end, e.source_start, e.source_end)
                )
            ]
            counts["false_at"][f"{kind} @ {where(pred)}"] += 1
            failures.append(
                {
                    "type": "false",
                    "kind": kind,
                    "predicted": {"from": pred.from_, "to": pred.to, "text": pred.text[:80]},
                    "planted_here": [
                        {"kind": str(e.kind), "from": e.from_, "to": e.to} for e in near_edits
                    ],
                    "derivative": _snippet(d_text, pred.start, pred.end),
                    "source": _snippet(s_text, pred.source_start, pred.source_end),
                }
            )
    # Kinds the simulator never plants (reworded, quote_altered, ...): where they land.
    for i, c in enumerate(changes):
        if str(c.kind) not in SCORED_KINDS and i not in matched_preds:
            counts["unplanted_kind"][f"{c.kind} @ {where(c)}"] += 1

    # Synonym recall without the dominant said -> stated.
    for e in spun.edits:
        if str(e.kind) == "synonym_swap" and (e.from_ or "").lower() == "said":
            counts["synonym_said"]["planted"] += 1

    # Untouched sentences.
    for s in spun.sentences:
        if not s.untouched:
            continue
        counts["untouched"]["sentences"] += 1
        on_it = [c for c in changes if _overlaps(c.start, c.end, s.start, s.end)]
        if on_it:
            counts["untouched"]["with_change"] += 1
            for c in on_it:
                counts["untouched_change_kind"][str(c.kind)] += 1
            failures.append(
                {
                    "type": "untouched",
                    "kind": ",".join(sorted({str(c.kind) for c in on_it})),
                    "predicted": [
                        {"kind": str(c.kind), "from": c.from_, "to": c.to, "text": c.text[:80]}
                        for c in on_it
                    ],
                    "derivative": re.sub(r"\s+", " ", s.text[:240]),
                }
            )
        statuses = {
            str(a.status) for a in report.sentences if _overlaps(a.start, a.end, s.start, s.end)
        }
        if statuses - {"copied"} or any(
            a.reordered for a in report.sentences if _overlaps(a.start, a.end, s.start, s.end)
        ):
            counts["untouched"]["status_not_copied"] += 1

    # Alignment of each derivative sentence to its source sentence(s).
    for s in spun.sentences:
        cat = category[s.index]
        counts["align_total"][cat] += 1
        mine = [a for a in report.sentences if _overlaps(a.start, a.end, s.start, s.end)]
        if s.source_sentences is None:
            ok = bool(mine) and all(str(a.status) == "inserted" for a in mine)
        else:
            spans = []
            for a in mine:
                if str(a.status) == "inserted" or not a.source_text:
                    continue
                hint = spun.source_sentences[s.source_sentences[0]].start
                loc = _locate(s_text, a.source_text, max(0, hint - 2000))
                if loc is not None:
                    spans.append(loc)
            ok = _spans_to_indices(spans, spun.source_sentences) == set(s.source_sentences)
        if ok:
            counts["align_ok"][cat] += 1
    return {"counts": {k: dict(v) for k, v in counts.items()}, "failures": failures}


# --------------------------------------------------------------------------- MRPC


def load_mrpc(data: Path) -> list[tuple[int, str, str]]:
    path = data / "mrpc" / "msr_paraphrase_test.txt"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(int(r[0]), r[3], r[4]) for r in rows[1:] if len(r) >= 5]


def mrpc_one(pair: tuple[int, str, str]) -> tuple[int, str]:
    from unspin.core.model import Article

    label, s1, s2 = pair
    try:
        report = _STATE["compare"](Article(text=s2, id="mrpc-2"), Article(text=s1, id="mrpc-1"))
    except Exception as err:
        return label, f"error ({type(err).__name__})"
    weight: Counter[str] = Counter()
    for a in report.sentences:
        weight[str(a.status)] += a.end - a.start
    if not weight:
        return label, "no sentence"
    return label, weight.most_common(1)[0][0]


# --------------------------------------------------------------------------- report


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def aggregate(results: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    total: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        for k, v in r.get("counts", {}).items():
            total[k].update(v)
    return total


def render(
    total: dict[str, Counter[str]],
    results: list[dict[str, Any]],
    mrpc: Counter[tuple[int, str]] | None,
    *,
    split: str,
    elapsed: float,
    command: str,
) -> str:
    scored = [r for r in results if "counts" in r]
    corpora = ", ".join(f"{c} {n}" for c, n in sorted(Counter(r["corpus"] for r in scored).items()))
    profiles = ", ".join(
        f"{p} {n}" for p, n in sorted(Counter(r["profile"] for r in scored).items())
    )
    lines = [
        f"## `unspin.compare` against the spin simulator ({split.upper()} split)",
        "",
        f"Command: `{command}`",
        "",
        f"{len(scored)} articles scored "
        f"({corpora}; profiles: {profiles}); "
        f"{sum(1 for r in results if 'error' in r)} compare errors, "
        f"{sum(1 for r in results if 'skipped' in r)} skipped; wall time {elapsed:.0f} s.",
        "",
        "| change kind | planted | predicted | precision | recall | goal (P / R) | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for kind in SCORED_KINDS:
        c = total.get(kind, Counter())
        p = _ratio(c["tp_pred"], c["predicted"])
        r = _ratio(c["found"], c["planted"])
        goal = GOALS.get(kind)
        if goal:
            met = (
                "yes"
                if c["predicted"]
                and c["planted"]
                and c["tp_pred"] / c["predicted"] >= goal[0]
                and c["found"] / c["planted"] >= goal[1]
                else "no"
            )
            goal_s = f"≥ {goal[0]:.2f} / ≥ {goal[1]:.2f}"
        else:
            met, goal_s = "", ""
        lines.append(
            f"| `{kind}` | {c['planted']} | {c['predicted']} | {p} | {r} | {goal_s} | {met} |"
        )
    u = total.get("untouched", Counter())
    clean = u["sentences"] - u["with_change"]
    lines += [
        "",
        "| untouched sentences (verbatim, not moved) | value | goal | met |",
        "|---|---:|---|---|",
        f"| sentences | {u['sentences']} | | |",
        f"| with no change reported | {_ratio(clean, u['sentences'])} | ≥ {UNTOUCHED_GOAL} | "
        f"{'yes' if u['sentences'] and clean / u['sentences'] >= UNTOUCHED_GOAL else 'no'} |",
        f"| aligned sentence status `copied` (not reordered) | "
        f"{_ratio(u['sentences'] - u['status_not_copied'], u['sentences'])} | | |",
    ]
    at, ok = total.get("align_total", Counter()), total.get("align_ok", Counter())
    lines += [
        "",
        "| derivative sentence | sentences | aligned to the right source sentence(s) |",
        "|---|---:|---:|",
    ]
    for cat in ("untouched", "token-edited", "reordered", "split", "merge", "inserted", "other"):
        if at[cat]:
            lines.append(f"| {cat} | {at[cat]} | {_ratio(ok[cat], at[cat])} |")
    syn = total.get("synonym_swap", Counter())
    lines += [
        "",
        f"Entity/synonym swaps found at the right span but with other from/to: "
        f"{total.get('entity_swap', Counter())['found_span_only']} / {syn['found_span_only']}. "
        f'Planted synonym swaps of "said": {total.get("synonym_said", Counter())["planted"]} '
        f"of {syn['planted']}.",
    ]
    if mrpc is not None:
        statuses = ["copied", "spun", "reworded", "inserted"]
        statuses += sorted({s for _, s in mrpc} - set(statuses))
        lines += [
            "",
            "### MRPC test pairs: status of sentence 2 compared with sentence 1",
            "",
            "| class | pairs | " + " | ".join(f"`{s}`" for s in statuses) + " |",
            "|---|---:|" + "---:|" * len(statuses),
        ]
        for label, name in ((1, "paraphrase"), (0, "not paraphrase")):
            n = sum(v for (lab, _), v in mrpc.items() if lab == label)
            cells = " | ".join(_ratio(mrpc[(label, s)], n) for s in statuses)
            lines.append(f"| {name} | {n} | {cells} |")
    return "\n".join(lines) + "\n"


def render_diagnostics(
    total: dict[str, Counter[str]], results: list[dict[str, Any]], n: int
) -> str:
    lines = ["", "## Diagnostics", ""]
    for key, title in (
        ("missed_as", "Planted edits missed (what was reported there instead)"),
        ("false_at", "False predictions of scored kinds (where they landed)"),
        ("unplanted_kind", "Changes of kinds the simulator never plants"),
        ("untouched_change_kind", "Changes reported on untouched sentences"),
    ):
        c = total.get(key, Counter())
        if not c:
            continue
        lines.append(f"### {title}")
        lines += [f"- {v:5d}  {k}" for k, v in c.most_common(25)]
        lines.append("")
    errors = [r for r in results if "error" in r]
    if errors:
        lines.append("### compare errors")
        lines += [f"- {r['id']}: {r['error']}" for r in errors[:10]]
        lines.append("")
    if n:
        by: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in results:
            for f in r.get("failures", []):
                by[(f["type"], f["kind"])].append({"id": r["id"], **f})
        lines.append(f"### Examples (first {n} per type and kind)")
        for group in sorted(by):
            lines.append(f"#### {group[0]}: {group[1]} ({len(by[group])})")
            for f in by[group][:n]:
                lines.append("- " + json.dumps(f, ensure_ascii=False))
            lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help=f"articles (default {DEFAULT_LIMIT})")
    ap.add_argument(
        "--mrpc-limit", type=int, default=None, help="MRPC pairs (default all; 0 skips)"
    )
    ap.add_argument("--workers", type=int, default=2, help="processes (at most 2)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--output", default=None, help="markdown file ('-' for none)")
    ap.add_argument("--failures", type=int, default=0, help="examples per failure type to print")
    ap.add_argument("--json", type=Path, default=None, help="write per-article results here")
    ap.add_argument(
        "--typography", action="store_true", help="derivatives in a web page's typography"
    )
    args = ap.parse_args(argv)

    if not (args.data / "reuters21578").is_dir():
        print(f"compare_eval: no data at {args.data} (set UNSPIN_SHARED_DATA); nothing to do.")
        return 0
    workers = max(1, min(2, args.workers))
    limit = DEFAULT_LIMIT if args.limit is None else args.limit
    command = "python benchmarks/compare_eval.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )

    started = time.perf_counter()
    pool_docs = select(args.data, args.split)
    chosen = pool_docs[:limit]
    tasks = [
        (d, pool_docs[(i + 1) % len(pool_docs)], args.split, args.typography)
        for i, d in enumerate(chosen)
    ]
    mrpc_pairs = load_mrpc(args.data)
    if args.mrpc_limit is not None:
        mrpc_pairs = mrpc_pairs[: args.mrpc_limit]
    print(
        f"compare_eval: {args.split}: {len(tasks)} of {len(pool_docs)} articles, "
        f"{len(mrpc_pairs)} MRPC pairs, {workers} process(es)",
        file=sys.stderr,
    )
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        results = []
        for i, r in enumerate(pool.imap(evaluate_one, tasks, chunksize=4), 1):
            results.append(r)
            if i % 50 == 0:
                print(
                    f"  {i}/{len(tasks)} articles, {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
        mrpc: Counter[tuple[int, str]] | None = None
        if mrpc_pairs:
            mrpc = Counter(pool.imap(mrpc_one, mrpc_pairs, chunksize=32))
    elapsed = time.perf_counter() - started
    total = aggregate(results)
    table = render(total, results, mrpc, split=args.split, elapsed=elapsed, command=command)
    print(table)
    print(render_diagnostics(total, results, args.failures))
    times = [r["compare_s"] for r in results if "compare_s" in r]
    if times:
        times.sort()
        print(
            f"compare latency: median {times[len(times) // 2] * 1000:.0f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms",
            file=sys.stderr,
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    output = args.output
    plain = args.limit is None and args.mrpc_limit is None and not args.typography
    if output is None and args.split == "test" and plain:
        output = str(DEFAULT_OUTPUT)
    if output and output != "-":
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(table, encoding="utf-8")
        print(f"compare_eval: wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
