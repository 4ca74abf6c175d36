"""Pages of one story on different sites, from FakeNewsNet: copied, or only quoting alike?

    python benchmarks/fakenewsnet_pairs.py                  # ../shared/data/fakenewsnet

FakeNewsNet v1 (``../shared/data/fakenewsnet/v1_news_content.jsonl``) holds 422 real pages
of the 2016 US campaign, hyperpartisan blogs and farm pages among them, scraped with their
full text. Several report one event, and some copy one another. Pairs of pages on different
sites that share eight or more runs of eight words are read here, both ways round, with
``unspin.compare``; each pair was judged by hand (``JUDGED``) from where the shared runs
stand:

- ``copy``: the pages share narration, sentences outside quotation marks (blogs that run
  another outlet's report, sister sites that run one text, a template network that swaps
  the town's name);
- ``independent``: the shared runs are all quotations (a speech, a debate, a tweet
  embedded in both), printed by two newsrooms each in its own words around them.

Pairs not judged (a single shared sentence of narration that either may have taken from a
third page) are left out.

With ``--check``, every page (of at least 200 characters) is also checked against all the
others, indexed in memory (the page itself left out of its candidates): printed are the
judged copies whose other page ``check`` keeps as a source, and every other source kept,
with the judgement when the pair has one ("not judged" otherwise: read those by hand; pages
of one site that share only its template lines, a disclaimer or an advertisement, are the
false sources this counts). Printed: copies called a copy, independent pairs called a copy,
and independent pairs with a quote change that accuses (``quote_misattributed``; an
altered quote with words swapped, which holds without copy evidence) or with any named
quote change. No text of the data is kept in the repository: only the pages' ids.
Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# (page, page, judgement): the ids of FakeNewsNet v1's ``news_id``.
JUDGED: tuple[tuple[str, str, str], ...] = (
    # copies: narration shared
    ("BuzzFeed_Fake_10", "BuzzFeed_Fake_74", "copy"),  # two blogs running one report
    ("BuzzFeed_Fake_10", "BuzzFeed_Fake_71", "copy"),
    ("BuzzFeed_Fake_71", "BuzzFeed_Fake_74", "copy"),
    ("PolitiFact_Fake_17", "PolitiFact_Fake_63", "copy"),  # one template, the town swapped
    ("BuzzFeed_Real_60", "BuzzFeed_Real_80", "copy"),  # a blog running a network's passage
    ("BuzzFeed_Fake_32", "BuzzFeed_Fake_69", "copy"),  # two blogs from one tabloid report
    ("BuzzFeed_Fake_90", "BuzzFeed_Fake_91", "copy"),
    # independent: only quotations shared (speeches, debate lines, embedded posts)
    ("BuzzFeed_Real_41", "BuzzFeed_Real_76", "independent"),
    ("BuzzFeed_Real_28", "PolitiFact_Real_58", "independent"),
    ("BuzzFeed_Real_10", "BuzzFeed_Real_28", "independent"),
    ("PolitiFact_Real_2", "PolitiFact_Real_62", "independent"),
    ("BuzzFeed_Real_31", "PolitiFact_Real_94", "independent"),
    ("BuzzFeed_Real_15", "PolitiFact_Real_115", "independent"),
    ("BuzzFeed_Fake_36", "PolitiFact_Real_108", "independent"),
    ("PolitiFact_Real_30", "PolitiFact_Real_67", "independent"),
    ("PolitiFact_Real_30", "PolitiFact_Real_111", "independent"),
    ("PolitiFact_Real_67", "PolitiFact_Real_111", "independent"),
    ("BuzzFeed_Real_31", "PolitiFact_Real_112", "independent"),
    ("PolitiFact_Real_12", "PolitiFact_Real_94", "independent"),
    ("BuzzFeed_Real_10", "PolitiFact_Real_58", "independent"),
    ("BuzzFeed_Real_10", "PolitiFact_Real_67", "independent"),
    ("BuzzFeed_Real_10", "PolitiFact_Real_111", "independent"),
    ("BuzzFeed_Real_47", "PolitiFact_Real_32", "independent"),
    ("PolitiFact_Real_99", "PolitiFact_Real_117", "independent"),
    ("PolitiFact_Real_68", "PolitiFact_Real_99", "independent"),
    ("BuzzFeed_Real_83", "PolitiFact_Real_30", "independent"),
    ("BuzzFeed_Real_18", "BuzzFeed_Real_54", "independent"),
    ("BuzzFeed_Real_83", "PolitiFact_Real_98", "independent"),
    ("BuzzFeed_Fake_63", "BuzzFeed_Real_74", "independent"),
    ("PolitiFact_Real_68", "PolitiFact_Real_117", "independent"),
    ("BuzzFeed_Real_15", "PolitiFact_Real_11", "independent"),
    ("BuzzFeed_Real_10", "BuzzFeed_Real_83", "independent"),
    ("BuzzFeed_Real_54", "PolitiFact_Real_103", "independent"),
    ("BuzzFeed_Real_25", "PolitiFact_Real_88", "independent"),
    ("PolitiFact_Real_46", "PolitiFact_Real_88", "independent"),
    ("BuzzFeed_Real_83", "PolitiFact_Real_72", "independent"),
    ("PolitiFact_Real_30", "PolitiFact_Real_72", "independent"),
    # two stories on one template network's pages: only its furniture shared
    ("PolitiFact_Fake_51", "PolitiFact_Fake_86", "independent"),
)
ACCUSING_ALTERED = 0.85  # ``quotes.compare.ALTERED_SWAP``: words swapped inside the marks


def load(data: Path) -> dict[str, dict[str, Any]]:
    path = data / "fakenewsnet" / "v1_news_content.jsonl"
    with path.open(encoding="utf-8") as fh:
        return {rec["news_id"]: rec for rec in map(json.loads, fh)}


def outcome(page: dict[str, Any], source: dict[str, Any]) -> dict[str, bool]:
    import unspin
    from unspin.core.model import Article

    report = unspin.compare(
        Article(id="page", text=page["text"], title=page.get("title")),
        Article(id="source", text=source["text"], title=source.get("title")),
    )
    quote = [c for c in report.changes if c.kind.value.startswith("quote_")]
    return {
        "copy": report.verdict.value != "original",
        "misattributed": any(c.kind.value == "quote_misattributed" for c in quote),
        "accusing": any(
            c.kind.value == "quote_misattributed"
            or (c.kind.value == "quote_altered" and c.confidence >= ACCUSING_ALTERED)
            for c in quote
        ),
        "named": any(c.kind.value != "quote_fabricated" for c in quote),
    }


def check_rows(pages: dict[str, dict[str, Any]]) -> list[str]:
    """``check`` on each page against all the others (see the module's doc)."""
    from unspin.app import check_candidates, retrieve
    from unspin.core.model import Article
    from unspin.index.store import open_store, prepare_article

    usable = {k: p for k, p in pages.items() if len(p.get("text") or "") >= 200}
    store = open_store(None)
    seen: set[str] = set()
    with store.session() as session:
        for key, page in usable.items():
            if page["text"] not in seen:  # one copy of a page stored twice in the data
                seen.add(page["text"])
                session.add(prepare_article(Article(id=key, text=page["text"])))
    judged = {frozenset((a, b)): j for a, b, j in JUDGED}
    copies = {pair for pair, j in judged.items() if j == "copy"}
    kept: Counter[str] = Counter()
    found_copies: set[tuple[str, str]] = set()
    notes = []
    for key, page in usable.items():
        query = Article(id=f"query:{key}", text=page["text"], title=page.get("title"))
        found = [
            c
            for c in retrieve(query, store)
            if c.id != key and usable[c.id]["text"] != page["text"]
        ]
        for m in check_candidates(query, found).source_matches:
            pair = frozenset((key, m.id))
            what = judged.get(pair, "not judged")
            kept[what] += 1
            if what == "copy":
                found_copies.add((key, m.id))
            else:
                notes.append(f"- {key} <- {m.id}: {what}")
    want = sum(2 for _ in copies)
    return [
        "",
        "| `check` on each page, the others indexed | sources kept |",
        "|---|---:|",
        f"| judged copies: the other page kept (both ways) | {len(found_copies)}/{want} |",
        f"| judged independent: the other page kept | {kept['independent']} |",
        f"| pairs not judged: a source kept | {kept['not judged']} |",
        "",
        *notes,
    ]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--check", action="store_true", help="and `check` on every page")
    args = ap.parse_args(argv)
    if not (args.data / "fakenewsnet" / "v1_news_content.jsonl").is_file():
        print(f"no FakeNewsNet data at {args.data}; skipping")
        return 0
    pages = load(args.data)
    counts: Counter[str] = Counter()
    notes = []
    for a, b, judged in JUDGED:
        ways = [outcome(pages[a], pages[b]), outcome(pages[b], pages[a])]
        counts[judged] += 1
        for what in ("copy", "misattributed", "accusing", "named"):
            hit = [w[what] for w in ways]
            counts[f"{judged} {what} both"] += all(hit)
            counts[f"{judged} {what} either"] += any(hit)
            if judged == "independent" and any(hit) and what != "named":
                notes.append(f"- {a} / {b}: {what}")
            if judged == "copy" and what == "copy" and not all(hit):
                notes.append(f"- {a} / {b}: not called a copy {2 - sum(hit)} of 2 ways")
    n_copy, n_ind = counts["copy"], counts["independent"]
    cmd = "python benchmarks/fakenewsnet_pairs.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    lines = [
        f"Command: `{cmd.strip()}`",
        "",
        "| FakeNewsNet pairs of one story on two sites | pairs | both ways | either way |",
        "|---|---:|---:|---:|",
        f"| copies called a copy | {n_copy} | {counts['copy copy both']} "
        f"| {counts['copy copy either']} |",
        f"| independent pairs called a copy | {n_ind} | {counts['independent copy both']} "
        f"| {counts['independent copy either']} |",
        f"| independent pairs with a `quote_misattributed` | {n_ind} "
        f"| {counts['independent misattributed both']} "
        f"| {counts['independent misattributed either']} |",
        f"| independent pairs with a misattribution or words swapped in a quote | {n_ind} "
        f"| {counts['independent accusing both']} | {counts['independent accusing either']} |",
        f"| independent pairs with any named quote change | {n_ind} "
        f"| {counts['independent named both']} | {counts['independent named either']} |",
        "",
        *notes,
    ]
    if args.check:
        lines += check_rows(pages)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
