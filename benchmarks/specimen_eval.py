"""The specimen: ``unspin check`` on the content-farm page the product exists to see through.

``../shared/docs/specimen/`` holds one real content-farm page and a README that lists what a
fact-checker finds in it. This script indexes the wire reports the page was made from (collected
outside the repository, one JSON file each), a few independent reports of the same event (hard
negatives) and ~4,700 real distractors (the recipe of ``trace_eval.py``, as
``realworld_eval.py`` builds its store), runs :func:`unspin.app.check` on the page, and prints
each README row as FOUND / PARTLY / NOT FOUND with the evidence unspin gave.

Source files (``--sources DIR``, default ``$UNSPIN_SPECIMEN_SOURCES`` or
``../specimen_sources`` beside the checkout): ``*.json`` with ``title``, ``url``, ``site``, ``published``
(YYYY-MM-DD), ``text``; ``role`` ("source", the default, or "independent"); ``wire`` (which wire
report it carries, e.g. "dpa"). The texts are third-party: they stay outside the repository.

Usage::

    python benchmarks/specimen_eval.py
    python benchmarks/specimen_eval.py --sources DIR --markdown /tmp/specimen.md

Exits 0 with a message when the page or the sources are absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REPO = HERE.parent
DEFAULT_SOURCES = Path(os.environ.get("UNSPIN_SPECIMEN_SOURCES", REPO.parent / "specimen_sources"))
DEFAULT_SPECIMEN = (
    REPO.parent / "shared" / "docs" / "specimen" / "whitefieldconsulting-2017-11-02.txt"
)

# What the specimen README says a fact-checker finds (the rows of its table).
WIRES = ("Reuters (Khamenei", "Reuters/AFP", "Press TV", "dpa")  # the four reports it names
SWAPS = (("Russia", "Russian Federation"), ("U.S.", "USA"), ("America", "the United States"))
MOVED_QUOTE = "Our cooperation can isolate the United States."
STALE = ("will be held in Tehran today", "today")
FURNITURE = ("Other reports by", "Discuss This Article")
QUOTE_KINDS = ("quote_misattributed", "quote_unquoted")
SWAP_KINDS = ("entity_swap", "synonym_swap")
_WORD = re.compile(r"[^\W_]+")


# --------------------------------------------------------------------------- data


def load_sources(folder: Path) -> list[dict[str, Any]]:
    """Every ``*.json`` in ``folder``, with an ``id`` (``specimen:<file stem>``) added."""
    out = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not data.get("text"):
            continue
        data["id"] = f"specimen:{path.stem}"
        data.setdefault("role", "source")
        out.append(data)
    return out


def to_article(data: dict[str, Any]) -> Any:
    from unspin.core.model import Article

    published = data.get("published")
    return Article(
        text=data["text"],
        title=data.get("title"),
        byline=data.get("byline"),
        published=dt.date.fromisoformat(published[:10]) if published else None,
        url=data.get("url"),
        site=data.get("site"),
        id=data["id"],
    )


def build_store(data_dir: Path, sources: list[dict[str, Any]], page_text: str, n: int) -> Any:
    """A memory store: the sources and independent reports among ``n`` real distractors."""
    from unspin.index.store import open_store, prepare_article

    store = open_store(None)
    docs: list[Any] = []
    if n and (data_dir / "reuters21578").is_dir():
        import trace_eval as te

        docs = te.corpus(data_dir, n, [], {page_text})
    else:
        print(f"no distractor data at {data_dir}; indexing the sources alone", flush=True)
    with store.session() as session:
        for s in sources:
            session.add(prepare_article(to_article(s)))
        if docs:
            import trace_eval as te

            for d in docs:
                session.add(prepare_article(te._article(d)))
    roles = [s["role"] for s in sources]
    print(
        f"indexed {roles.count('source')} sources + {roles.count('independent')} independent "
        f"reports + {len(docs)} distractors",
        flush=True,
    )
    return store


# --------------------------------------------------------------------------- helpers


def _words(text: str | None) -> str:
    return " " + " ".join(_WORD.findall((text or "").lower())) + " "


def _has(haystack: str | None, needle: str) -> bool:
    n = _words(needle).strip()
    return bool(n) and f" {n} " in _words(haystack)


def _span(text: str, needle: str) -> tuple[int, int] | None:
    at = text.find(needle)
    return (at, at + len(needle)) if at >= 0 else None


def _overlaps(change: Any, span: tuple[int, int] | None) -> bool:
    if span is None or change.start is None:
        return False
    return change.start < span[1] and span[0] < (change.end or change.start + 1)


def _short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _sentence_of(report: Any, index: int | None) -> str:
    for s in report.sentences:
        if s.index == index:
            return s.text
    return ""


def _change_line(c: Any, names: dict[str, str]) -> str:
    bits = [f"{c.kind.value}"]
    if c.from_ or c.to:
        bits.append(f"{c.from_!r} -> {c.to!r}")
    else:
        bits.append(f"{_short(c.text, 70)!r}")
    if c.speaker or c.source_speaker:
        bits.append(f"speaker {c.speaker!r} (source: {c.source_speaker!r})")
    if c.source_id:
        bits.append(f"from {names.get(c.source_id, c.source_id)}")
    if c.sentence is not None:
        bits.append(f"in sentence {c.sentence}")
    return " ".join(bits)


# --------------------------------------------------------------------------- rows


def evaluate(
    report: Any, page: Any, sources: list[dict[str, Any]], retrieved: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """One entry per README row: ``what``, ``status`` and ``evidence`` lines.

    ``retrieved``: the candidates ``check`` retrieved (to say why a source is missing).
    """
    by_id = {s["id"]: s for s in sources}
    names = {s["id"]: s["id"].removeprefix("specimen:") for s in sources}
    found_ids: set[str] = set()
    for m in report.source_matches:
        found_ids.add(m.id)
        found_ids.update(m.copies)
    rows: list[dict[str, Any]] = []

    # 1. a collage of wire copy ---------------------------------------------------------
    ev = []
    for m in report.source_matches:
        s = by_id.get(m.id)
        label = (
            f"{names.get(m.id, m.id)} [{s.get('wire') or s['role']}]"
            if s
            else f"{m.id} [distractor]"
        )
        ev.append(
            f"source {label}: coverage {m.coverage:.0%}, sentences {list(m.sentences)}"
            + (f", copies {list(m.copies)}" if m.copies else "")
        )
    wires_indexed = {s.get("wire") for s in sources if s["role"] == "source" and s.get("wire")}
    wires_found = {by_id[i].get("wire") for i in found_ids if i in by_id and by_id[i].get("wire")}
    named = [w for w in WIRES if any(x.startswith(w) for x in wires_indexed)]
    named_found = [w for w in named if any(x.startswith(w) for x in wires_found)]
    extra = sorted(w for w in wires_found if not any(w.startswith(n) for n in WIRES))
    ev.append(
        f"README wires indexed: {named or 'none'}; found among the report's sources: "
        f"{named_found or 'none'}" + (f"; other wires found: {extra}" if extra else "")
    )
    cands = {c.id: c for c in retrieved}
    for s in sources:
        if s["role"] != "source" or s["id"] in found_ids:
            continue
        c = cands.get(s["id"])
        if c is None:
            why = "not among the retrieved candidates"
        elif c.hits and c.sentences:
            why = f"retrieved with sentence hits {list(c.sentences)}, dropped (no copy evidence)"
        else:
            why = "retrieved, no sentence-level evidence"
        ev.append(f"missing {names[s['id']]} [{s.get('wire')}]: {why}")
    not_found = [s for s in report.sentences if s.status.value == "inserted"]
    for s in report.sentences:
        src = names.get(s.source_id or "", s.source_id) if s.source_id else "-"
        ev.append(f"  s{s.index:<2} {s.status.value:9} {src:34} {_short(s.text, 70)}")
    ev.append(
        f"{len(report.sentences) - len(not_found)}/{len(report.sentences)} page sentences traced "
        f"to a source; {len(not_found)} with no source in the index"
    )
    if named and len(named_found) == len(named) and report.verdict.value == "collage":
        status = "FOUND"
    elif named_found:
        status = "PARTLY"
    else:
        status = "NOT FOUND"
    rows.append(
        {"what": "a collage of wire copy (sources found)", "status": status, "evidence": ev}
    )

    # 2. names swapped -------------------------------------------------------------------
    swaps = [c for c in report.changes if c.kind.value in SWAP_KINDS]
    ev, hits = [], 0
    for frm, to in SWAPS:
        match = [c for c in swaps if _has(c.from_, frm) and _has(c.to, to)]
        if match:
            hits += 1
            ev.append(f"{frm} -> {to}: FOUND ({len(match)}x) " + _change_line(match[0], names))
        else:
            near = [c for c in swaps if _has(c.to, to) or _has(c.from_, frm)]
            ev.append(
                f"{frm} -> {to}: NOT FOUND"
                + (f" (nearest: {_change_line(near[0], names)})" if near else "")
            )
    others = [c for c in swaps if not any(_has(c.from_, f) and _has(c.to, t) for f, t in SWAPS)]
    if others:
        ev.append("other swaps: " + "; ".join(f"{c.from_!r}->{c.to!r}" for c in others[:8]))
    status = "FOUND" if hits == len(SWAPS) else "PARTLY" if hits else "NOT FOUND"
    rows.append({"what": "names swapped by a spinner", "status": status, "evidence": ev})

    # 3. a quote moved and unquoted --------------------------------------------------------
    span = _span(page.text, MOVED_QUOTE)
    quote_changes = [c for c in report.changes if c.kind.value in QUOTE_KINDS]
    match = [c for c in quote_changes if _overlaps(c, span)]
    ev = [_change_line(c, names) for c in match]
    if span is None:
        ev.append(f"(the sentence {MOVED_QUOTE!r} is not in the loaded page text)")
    aligned = [s for s in report.sentences if span and s.start < span[1] and span[0] < s.end]
    for s in aligned:
        if s.source_id:
            src = names.get(s.source_id, s.source_id)
            ev.append(
                f"sentence {s.index} aligned as {s.status.value} with {src}: "
                f"{_short(s.source_text)!r}"
            )
        else:
            ev.append(f"sentence {s.index} ({_short(s.text, 60)!r}): no source sentence found")
    for q in report.quotes:
        if span and q.start < span[1] and span[0] < q.end:
            ev.append(f"quote detected on the page: {_short(q.text, 60)!r} speaker {q.speaker!r}")
    elsewhere = [c for c in quote_changes if c not in match]
    if elsewhere:
        ev.append(
            "quote changes elsewhere: " + "; ".join(_change_line(c, names) for c in elsewhere[:5])
        )
    headline = [c for c in report.changes if c.kind.value == "headline_unsupported"]
    if headline:
        ev.append("headline: " + _change_line(headline[0], names))
    rows.append(
        {
            "what": "a quote moved and unquoted (Khamenei's words read as Putin's)",
            "status": "FOUND" if match else "NOT FOUND",
            "evidence": ev,
        }
    )

    # 4. a stale relative date -------------------------------------------------------------
    span = _span(page.text, STALE[0])
    stale = report.changes_of("stale_relative_date")
    match = [c for c in stale if _overlaps(c, span)]
    ev = [
        _change_line(c, names)
        + (f"; source says {_short(c.source_text, 70)!r}" if c.source_text else "")
        for c in (match or stale)
    ]
    ev.append(f"page dated {page.published}")
    for f in report.findings:
        if f.criterion == "relative_dates":
            ev.append(f"finding relative_dates {f.status}: {_short(f.explanation, 160)}")
    rows.append(
        {
            "what": "a stale relative date ('today')",
            "status": "FOUND" if match else "NOT FOUND",
            "evidence": ev,
        }
    )

    # 5. scraped furniture -------------------------------------------------------------------
    furniture = list(page.boilerplate) + [c.text for c in report.changes_of("boilerplate")]
    seen = [f for f in FURNITURE if any(_has(x, f) for x in furniture)]
    in_body = [f for f in FURNITURE if f in page.text]
    ev = [f"article.boilerplate: {list(page.boilerplate)}"]
    ev += [_change_line(c, names) for c in report.changes_of("boilerplate")]
    if in_body:
        ev.append(f"still in the body text: {in_body}")
    for f in report.findings:
        if f.criterion == "boilerplate":
            ev.append(f"finding boilerplate {f.status}: {_short(f.explanation, 160)}")
    status = "FOUND" if len(seen) == len(FURNITURE) else "PARTLY" if seen else "NOT FOUND"
    rows.append({"what": "scraped furniture", "status": status, "evidence": ev})

    # 6. a byline that credits no one ------------------------------------------------------------
    ev = [f"byline read: {page.byline!r}"]
    credited = None
    for f in report.findings:
        if f.criterion in ("source_credited", "byline"):
            ev.append(f"finding {f.criterion} {f.status}: {_short(f.explanation, 200)}")
            if f.criterion == "source_credited":
                credited = f.status
    rows.append(
        {
            "what": "a byline that credits no one (source_credited fails)",
            "status": "FOUND" if credited == "fail" else "NOT FOUND",
            "evidence": ev,
        }
    )

    # 7. the verdict ---------------------------------------------------------------------------------
    sm = report.summary
    ev = [
        f"verdict {report.verdict.value}; copied {sm.copied:.0%}, spun {sm.spun:.0%}, "
        f"reworded {sm.reworded:.0%}, new {sm.new:.0%} of {sm.sentences} sentences"
    ]
    rows.append(
        {
            "what": "verdict: not original reporting",
            "status": "FOUND" if report.verdict.value != "original" else "NOT FOUND",
            "evidence": ev,
        }
    )

    # 8. the credibility assessment ---------------------------------------------------------------------
    from unspin.credibility.score import PASS_MARK

    ev = [f"score {report.score} (pass mark {PASS_MARK:g})"]
    for f in report.findings:
        if f.status == "fail" and f.weight > 0:
            spans = [page.text[e.start : e.end] for e in f.evidence[:2]]
            ev.append(
                f"FAIL {f.criterion} (weight {f.weight:g}): {_short(f.explanation, 160)}"
                + (f" evidence {[_short(s, 50) for s in spans]}" if spans else "")
            )
    for f in report.findings:
        if f.status != "fail" and f.weight > 0:
            ev.append(f"{f.status} {f.criterion}: {_short(f.explanation, 110)}")
    failed = report.score is not None and report.score < PASS_MARK
    rows.append(
        {
            "what": "fails the credibility assessment",
            "status": "FOUND" if failed else "NOT FOUND",
            "evidence": ev,
        }
    )

    # 9. hard negatives ----------------------------------------------------------------------------------
    independents = [s["id"] for s in sources if s["role"] == "independent"]
    taken = [names[i] for i in independents if i in found_ids]
    rows.append(
        {
            "what": "independent report taken as a source (should be none)",
            "status": "NONE TAKEN" if not taken else f"TAKEN: {', '.join(taken)}",
            "evidence": [
                f"{len(independents)} independent reports indexed: "
                f"{[names[i] for i in independents]}"
            ],
        }
    )
    return rows


# --------------------------------------------------------------------------- output


def markdown(rows: list[dict[str, Any]], cmd: str) -> str:
    out = [f"Command: `{cmd}`", "", "| README row | result | evidence |", "|---|---|---|"]
    for r in rows:
        ev = "<br>".join(
            e.replace("|", "\\|").strip() for e in r["evidence"] if not e.startswith("  s")
        )
        out.append(f"| {r['what']} | {r['status']} | {ev} |")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    import compare_eval as ce

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    ap.add_argument("--specimen", type=Path, default=DEFAULT_SPECIMEN)
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA, help="distractor corpora")
    ap.add_argument("--distractors", type=int, default=4700)
    ap.add_argument("--markdown", type=Path, default=None, help="write the table here")
    args = ap.parse_args(argv)
    if not args.specimen.is_file():
        print(f"no specimen page at {args.specimen}; skipping")
        return 0
    sources = load_sources(args.sources) if args.sources.is_dir() else []
    if not any(s["role"] == "source" for s in sources):
        print(f"no specimen sources in {args.sources}; skipping")
        return 0

    import unspin
    from unspin.app import check
    from unspin.index.retrieve import candidates

    page = unspin.load_article(str(args.specimen))
    print(f"page: {page.title!r} by {page.byline!r}, {page.published}; {len(page.text)} chars")
    t = time.perf_counter()
    store = build_store(args.data, sources, page.text, args.distractors)
    print(f"store built in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    report = check(page, store)
    print(f"check in {time.perf_counter() - t:.1f} s", flush=True)
    retrieved = candidates(store, page, 10)  # check's retrieval (k=10): why a source is missing

    rows = evaluate(report, page, sources, retrieved)
    print()
    for r in rows:
        print(f"[{r['status']}] {r['what']}")
        for e in r["evidence"]:
            print(f"    {e}")
    hits = sum(r["status"] == "FOUND" for r in rows[:-1])
    print(f"\n{hits}/{len(rows) - 1} README rows FOUND; independent reports: {rows[-1]['status']}")
    if args.markdown:
        cmd = "python benchmarks/specimen_eval.py " + " ".join(
            argv if argv is not None else sys.argv[1:]
        )
        args.markdown.write_text(markdown(rows, cmd.strip()), encoding="utf-8")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
