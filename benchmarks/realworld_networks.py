"""Farm networks on real pages: `unspin scan` over ``../shared/data/realworld/networks``.

The crawl: every network group's members (pages of one farm network on different sites) and
negatives (same-event reports by real newsrooms), plus every pair's derivative (spun pages,
faithful copies, independent reports) as background. The reference: every pair's source among
real distractors (Reuters-21578, BBC, FNC-1 bodies; the deterministic recipe of
``trace_eval.py``). The scan runs with the local engine on one worker; its ``networks`` table
is scored per group:

* recovered: all the group's member sites are in one network (and no other group's site and
  no negative is in it);
* member pairs grouped: of the pairs of member sites, how many share a network;
* negatives in a network: a negative's site in any network (should be 0);
* background sites in a network: pair derivatives' sites linked to anything (read by hand).

Usage::

    python benchmarks/realworld_networks.py --split dev          # design on this
    python benchmarks/realworld_networks.py --split both --write  # docs/benchmarks_scan_networks.md

``networks_eval(data_dir, split)`` is what ``benchmarks/realworld_eval.py`` imports. Exits 0
with a message when the data is absent. The realworld texts are third-party excerpts: they are
read here and written only to a temporary folder, never into the repository.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compare_eval as ce  # noqa: E402

REPO = HERE.parent
DEFAULT_OUTPUT = REPO / "docs" / "benchmarks_scan_networks.md"
DISTRACTORS = 400


def _roots(data_dir: Path) -> tuple[Path, Path]:
    """(the shared data root, its realworld folder), given either."""
    if (data_dir / "realworld" / "networks").is_dir():
        return data_dir, data_dir / "realworld"
    return data_dir.parent, data_dir


def _load(folder: Path, split: str | None) -> list[dict[str, Any]]:
    out = []
    for path in sorted(folder.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        if split in (None, "both", d["split"]):
            out.append(d)
    return out


def _record(page: dict[str, Any], url: str | None = None) -> dict[str, Any]:
    return {
        "url": url or page["url"],
        "site": page.get("site"),
        "title": page.get("title"),
        "byline": page.get("byline"),
        "published": page.get("date"),
        "text": page["text"],
    }


def build_inputs(data_dir: Path, split: str | None, folder: Path, distractors: int) -> dict:
    """Write crawl.jsonl and reference.jsonl under ``folder``; returns the labels."""
    import trace_eval as te

    root, rw = _roots(data_dir)
    groups = _load(rw / "networks", split)
    pairs = _load(rw / "pairs", None)
    every_member = {m["site"] for g in _load(rw / "networks", None) for m in g["members"]}
    crawl: dict[str, dict[str, Any]] = {}  # url -> record (a page listed twice is one page)
    labels: dict[str, Any] = {"groups": {}, "negatives": {}, "background": set()}
    for g in groups:
        labels["groups"][g["id"]] = sorted({m["site"] for m in g["members"]})
        for m in g["members"]:
            crawl[m["url"]] = _record(m)
        for n in g["negatives"]:
            labels["negatives"][n["site"]] = g["id"]
            crawl[n["url"]] = _record(n)
    for p in pairs:
        d = p["derivative"]
        if d["url"] not in crawl:
            crawl[d["url"]] = _record(d)
            if d["site"] not in every_member:  # a network member of another split is no stray
                labels["background"].add(d["site"])
    excluded = {r["text"] for r in crawl.values()}
    docs = te.corpus(root, distractors, [], excluded)
    ref = folder / "reference.jsonl"
    with ref.open("w", encoding="utf-8") as fh:
        for p in pairs:
            s = p["source"]
            if s["text"] not in excluded:
                fh.write(
                    json.dumps(_record(s, s["url"] or f"https://source.invalid/{p['id']}")) + "\n"
                )
        for d in docs:
            fh.write(json.dumps({"id": d.id, "title": d.title, "text": d.text}) + "\n")
    (folder / "crawl").mkdir(exist_ok=True)
    with (folder / "crawl" / "pages.jsonl").open("w", encoding="utf-8") as fh:
        for r in crawl.values():
            fh.write(json.dumps(r) + "\n")
    labels["pages"] = len(crawl)
    labels["reference"] = len(pairs) + len(docs)
    return labels


def networks_eval(
    data_dir: Path, split: str | None = None, *, distractors: int = DISTRACTORS
) -> dict[str, Any]:
    """Scan the realworld network groups of ``split`` (None: all) and score the networks."""
    from unspin.scan import ScanOptions, scan
    from unspin.scan.parquet import read_table

    _, rw = _roots(data_dir)
    if not (rw / "networks").is_dir():
        return {"skipped": f"no realworld networks under {data_dir}"}
    with tempfile.TemporaryDirectory(prefix="unspin-networks-") as tmp:
        folder = Path(tmp)
        labels = build_inputs(data_dir, split, folder, distractors)
        started = time.perf_counter()
        summary = scan(
            [str(folder / "crawl")], str(folder / "reference.jsonl"), folder / "out",
            ScanOptions(engine="local", jobs=1),
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        nets = read_table(folder / "out" / "networks", "networks")
    return score(labels, nets, summary.pages_read, elapsed)


def score(
    labels: dict[str, Any], nets: list[dict[str, Any]], pages: int, elapsed: float
) -> dict[str, Any]:
    net_of: dict[str, str] = {s: n["network"] for n in nets for s in n["sites"]}
    members_all = {s: g for g, sites in labels["groups"].items() for s in sites}
    groups = {}
    for gid, sites in labels["groups"].items():
        pairs = list(itertools.combinations(sites, 2))
        grouped = sum(1 for a, b in pairs if net_of.get(a) and net_of.get(a) == net_of.get(b))
        ids = {net_of.get(s) for s in sites}
        recovered = False
        if len(ids) == 1 and None not in ids:
            (net_id,) = ids
            in_net = next(n["sites"] for n in nets if n["network"] == net_id)
            recovered = all(members_all.get(s) == gid for s in in_net if s in members_all) and not (
                set(in_net) & set(labels["negatives"])
            )
        groups[gid] = {
            "members": sites,
            "member_pairs": len(pairs),
            "pairs_grouped": grouped,
            "recovered": recovered,
            "networks": sorted({i for i in ids if i}),
        }
    negatives_linked = sorted(s for s in labels["negatives"] if s in net_of)
    background_linked = sorted(
        s for s in labels["background"] if s in net_of and s not in members_all
    )
    return {
        "pages": pages,
        "reference": labels["reference"],
        "elapsed_s": round(elapsed, 1),
        "groups": groups,
        "member_pairs": sum(g["member_pairs"] for g in groups.values()),
        "pairs_grouped": sum(g["pairs_grouped"] for g in groups.values()),
        "negatives": len(labels["negatives"]),
        "negatives_linked": negatives_linked,
        "background_linked": background_linked,
        "networks": [{k: n[k] for k in ("network", "sites", "shared_lines")} for n in nets],
    }


def render(result: dict[str, Any], split: str | None, cmd: str) -> str:
    md = [
        "# Scan networks on real farm pages (`benchmarks/realworld_networks.py`)",
        "",
        f"Command: `{cmd}`. Split: {split or 'all'}. Crawl: {result['pages']} pages read "
        f"(network members, same-event negatives, every realworld pair's derivative); "
        f"reference: {result['reference']} texts (every pair's source and real distractors). "
        f"Local engine, 1 worker, {result['elapsed_s']} s.",
        "",
        "| group | member sites | member pairs grouped | recovered as one network | networks |",
        "|---|---:|---:|---|---|",
    ]
    for gid, g in sorted(result["groups"].items()):
        md.append(
            f"| {gid} | {len(g['members'])} | {g['pairs_grouped']}/{g['member_pairs']} | "
            f"{'yes' if g['recovered'] else 'no'} | {', '.join(g['networks']) or '-'} |"
        )
    md += [
        "",
        f"Member pairs grouped: {result['pairs_grouped']}/{result['member_pairs']}. "
        f"Negatives in a network: {len(result['negatives_linked'])} of {result['negatives']}"
        + (f" ({', '.join(result['negatives_linked'])})" if result["negatives_linked"] else "")
        + ". Background sites (pair derivatives) in a network: "
        + (", ".join(result["background_linked"]) or "none")
        + ".",
        "",
        "| network | sites | shared lines |",
        "|---|---|---:|",
    ]
    md += [
        f"| {n['network']} | {', '.join(n['sites'])} | {n['shared_lines']} |"
        for n in result["networks"]
    ]
    return "\n".join(md) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    ap.add_argument("--distractors", type=int, default=DISTRACTORS)
    ap.add_argument("--write", action="store_true", help=f"write {DEFAULT_OUTPUT.name}")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = ap.parse_args(argv)
    if not (_roots(args.data)[1] / "networks").is_dir():
        print(f"no realworld networks under {args.data}; skipping")
        return 0
    split = None if args.split == "both" else args.split
    result = networks_eval(args.data, split, distractors=args.distractors)
    cmd = "python benchmarks/realworld_networks.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    text = render(result, split, cmd.strip())
    print(text)
    if args.write:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
