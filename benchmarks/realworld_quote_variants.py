"""Real quote changes moved into the places a farm puts them: are they still found?

    python benchmarks/realworld_quote_variants.py                 # dev pairs
    python benchmarks/realworld_quote_variants.py --check         # and through `check`

The hand-labelled quote changes of the realworld pairs (``quote_altered``, ``quote_unquoted``,
``misattributed_quote``; ``../shared/data/realworld``) are found on the pages as given. A farm
page rarely is the whole page of one report: it is an excerpt, set among other stories'
paragraphs, respun by a second spinner, or checked against several candidate sources at once.
Each labelled change is looked for again, per label, in:

- ``excerpt``: the label's paragraph with the paragraph before and after it (its attribution
  often sits in the one before);
- ``excerpt among another story``: that excerpt set in the middle of an unrelated BBC sport
  story's paragraphs (a farm page running two stories);
- ``respun 20%`` / ``excerpt respun 20%``: the page, or the excerpt, with a fifth of its
  content words outside the label put through the cheap spinner of ``realworld_variants``
  (``spinsim``'s crude WordNet synonyms);
- ``among other sources``: the page compared with its source and three other pairs' sources
  at once (``compare`` with several sources, as ``check`` compares its candidates);
- with ``--check``: ``check`` on the excerpt among another story where ``compare`` shows the
  copy there (verdict not ``original``), every pair's source indexed among the distractors as
  ``realworld_eval`` indexes them (the BBC sport story around it among them): the label counts
  when ``check`` finds the true source (or lists it as a version of the story it keeps) and a
  quote change covers the label.

A label is found when a change of a quote kind overlaps its words (``realworld_eval
.label_found``); "named" counts the stricter case, a change other than ``quote_fabricated``.
Exits 0 with a message when the data is absent. The texts are third-party excerpts: read
here, never copied into the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
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
import realworld_collages as rc  # noqa: E402
import realworld_eval as rw  # noqa: E402

RESPIN = 0.2
AMONG = "excerpt among another story"
CHECKED = "check: excerpt among another story, where it shows the copy"
OTHER_SOURCES = 3


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]


def excerpt_around(text: str, span: tuple[int, int]) -> str:
    """The paragraph holding ``span`` with its neighbours."""
    bounds = paragraph_bounds(text)
    at = next((i for i, (s, e) in enumerate(bounds) if s <= span[0] < e), 0)
    chosen = bounds[max(0, at - 1) : at + 2]
    return "\n\n".join(text[s:e] for s, e in chosen)


def respun(
    text: str, label: tuple[int, int], seed: str, *, inside: bool = False
) -> tuple[str, tuple[int, int]]:
    """``text`` with a fifth of its content words swapped by the cheap spinner, one token at a
    time, outside the ``label``'s words (and inside them too with ``inside``), and where the
    label's words now stand."""
    import spinsim

    res = spinsim.default_resources()
    rng = random.Random(seed)
    out, last, shift = [], 0, [0, 0]
    for tok in res.nlp(text):
        s, e = tok.idx, tok.idx + len(tok.text)
        if not inside and s < label[1] and label[0] < e:
            continue
        if not spinsim.swappable(tok, text) or rng.random() >= RESPIN:
            continue
        new = spinsim._synonym_for(tok, res, rng, True)
        if new and new != tok.text:
            out += [text[last:s], new]
            last = e
            for i, edge in enumerate(label):
                shift[i] += (len(new) - len(tok.text)) if e <= edge else 0
    return "".join([*out, text[last:]]), (label[0] + shift[0], label[1] + shift[1])


_OPENING, _CLOSING = "\"“‘'", "\"”’'"


def marks_dropped(text: str, label: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
    """``text`` with the quotation marks around the label's words taken out (a spinner that
    prints a quote as narration), or None where the label stands in no marks."""
    start = max((text.rfind(m, 0, label[0] + 1) for m in _OPENING), default=-1)
    ends = [text.find(m, label[1] - 1) for m in _CLOSING]
    end = min((e for e in ends if e >= 0), default=-1)
    if start < 0 or end < 0 or "\n" in text[start : label[0]] or "\n" in text[label[1] : end]:
        return None
    if text[start] not in _OPENING or start == end:
        return None
    dropped = text[:start] + text[start + 1 : end] + text[end + 1 :]
    return dropped, (label[0] - (start < label[0]), label[1] - 1)


def label_words(label: dict[str, Any]) -> str | None:
    return label.get("derivative_form") or label.get("text") or label.get("quote")


Page = tuple[str, tuple[int, int]]  # a variant's text, and where the label's words stand


def variants(pair: dict[str, Any], label: dict[str, Any], filler: list[str]) -> dict[str, Page]:
    """The page per variant (none where the label's words cannot be placed)."""
    text = pair["derivative"]["text"]
    span = rw._span_of(text, label_words(label))
    if span is None:
        return {}
    words = text[span[0] : span[1]]
    part = excerpt_around(text, span)
    part_span = rw._span_of(part, words) or (0, 0)
    seed = f"{pair['id']}:{span[0]}"
    before = "\n\n".join(filler[: len(filler) // 2]) + "\n\n"
    among = before + part + "\n\n" + "\n\n".join(filler[len(filler) // 2 :])
    pages: dict[str, Page] = {
        "as given": (text, span),
        "excerpt": (part, part_span),
        AMONG: (among, (part_span[0] + len(before), part_span[1] + len(before))),
        "respun 20%": respun(text, span, seed),
        "excerpt respun 20%": respun(part, part_span, seed),
        "respun 20%, inside the quote too": respun(text, span, seed, inside=True),
    }
    if label["type"] != "quote_unquoted":
        dropped = marks_dropped(text, span)
        if dropped is not None:
            pages["quote marks dropped"] = dropped
    return pages


def found(report: Any, span: tuple[int, int]) -> tuple[bool, bool]:
    """(found by any quote change, found by one that is not ``quote_fabricated``)."""
    kinds = {c.kind.value for c in report.changes if rw._overlaps(c, span)}
    return bool(kinds & rw.QUOTE_KINDS), bool(kinds & (rw.QUOTE_KINDS - {"quote_fabricated"}))


def false_alarms(
    pairs: list[dict[str, Any]], sport: list[Any]
) -> dict[tuple[str, str], Counter[str]]:
    """Quote changes on faithful copies and independent reports cut into excerpts (every run
    of three paragraphs), alone and among another story: none of them should carry one that
    accuses (independent reports may differ in how they transcribe a statement)."""
    import unspin
    from realworld_variants import _paragraphs

    out: dict[tuple[str, str], Counter[str]] = {}
    for i, pair in enumerate(p for p in pairs if p["kind"] != "spun"):
        page = rw.article(pair["derivative"], "derivative")
        source = rw.article(pair["source"], "source")
        paras = _paragraphs(page.text)
        filler = _paragraphs(sport[i % len(sport)].text)
        half = len(filler) // 2
        for at in range(max(1, len(paras) - 2)):
            part = "\n\n".join(paras[at : at + 3])
            texts = {
                "excerpt": part,
                AMONG: "\n\n".join([*filler[:half], part, *filler[half:]]),
            }
            for name, text in texts.items():
                report = unspin.compare(dataclasses.replace(page, text=text), source)
                kinds = {c.kind.value for c in report.changes}
                c = out.setdefault((pair["kind"], name), Counter())
                c["windows"] += 1
                c["misattributed"] += "quote_misattributed" in kinds
                c["named"] += bool(kinds & (rw.QUOTE_KINDS - {"quote_fabricated"}))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--distractors", type=int, default=rw.DISTRACTORS)
    args = ap.parse_args(argv)
    if not (args.data / "realworld" / "pairs").is_dir():
        print(f"no realworld data at {args.data}; skipping")
        return 0
    import unspin
    from realworld_variants import _paragraphs, _sport
    from unspin.app import check

    ce._init_worker()
    pairs = rw.load_pairs(args.data, args.split)
    every_source = [p["source"] for p in rw.load_pairs(args.data, "both")]
    sport = _sport(args.data)
    store = rw.build_store(args.data, pairs, args.distractors) if args.check else None
    counts: Counter[tuple[str, str]] = Counter()
    lost: dict[str, list[str]] = {}
    n = 0
    for pair in pairs:
        labels = [a for a in pair.get("annotations", []) if a["type"] in rw.QUOTE_LABELS]
        source = rw.article(pair["source"], "source")
        rng = random.Random(pair["id"])
        others = rng.sample([s for s in every_source if s is not pair["source"]], OTHER_SOURCES)
        for label in labels:
            filler = _paragraphs(sport[n % len(sport)].text)
            n += 1
            pages = variants(pair, label, filler)
            if not pages:
                counts[("label words not placed", "labels")] += 1
                continue
            page = rw.article(pair["derivative"], "derivative")
            reports = {
                name: unspin.compare(dataclasses.replace(page, text=t), source)
                for name, (t, _) in pages.items()
            }
            many = [source, *(rw.article(o, f"other{i}") for i, o in enumerate(others))]
            pages["among other sources"] = pages["as given"]
            reports["among other sources"] = unspin.compare(page, many)
            if store is not None and reports[AMONG].verdict.value != "original":
                # Only where the excerpt shows the copy to ``compare``: else ``check`` rightly
                # keeps no source, and no quote of it.
                pages[CHECKED] = pages[AMONG]
                report = check(dataclasses.replace(page, text=pages[AMONG][0]), store)
                how = rc.how_found(f"{pair['id']}:source", *rc.found_ids(report))
                if how is not None:
                    reports[CHECKED] = report
                counts[(CHECKED, "as a version")] += how == "found as a version"
            for name, (_, span) in pages.items():
                counts[(name, "labels")] += 1
                if name not in reports:
                    lost.setdefault(name, []).append(f"{pair['id']} (source not found)")
                    continue
                any_kind, named = found(reports[name], span)
                counts[(name, "found")] += any_kind
                counts[(name, "named")] += named
                if not any_kind:
                    lost.setdefault(name, []).append(f"{pair['id']} {label['type']}")
    alarms = false_alarms(pairs, sport)
    names = list(dict.fromkeys(name for name, what in counts if what == "labels"))
    cmd = "python benchmarks/realworld_quote_variants.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    lines = [f"Command: `{cmd.strip()}`", "", "| variant | found | named |", "|---|---:|---:|"]
    for name in names:
        total = counts[(name, "labels")]
        lines.append(
            f"| {name} | {counts[(name, 'found')]}/{total} | {counts[(name, 'named')]}/{total} |"
        )
    if store is not None:
        lines.append(
            f"\n(of them, the true source listed as a version: {counts[(CHECKED, 'as a version')]})"
        )
    lines += ["", *(f"- lost, {name}: {', '.join(ids)}" for name, ids in lost.items())]
    lines += [
        "",
        "| pages without labelled quote changes, as excerpts | windows | with a misattribution "
        "| with any altered, unquoted or misattributed quote |",
        "|---|---:|---:|---:|",
        *(
            f"| {kind}, {name} | {c['windows']} | {c['misattributed']} | {c['named']} |"
            for (kind, name), c in alarms.items()
        ),
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
