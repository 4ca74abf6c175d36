"""Real pages checked against each other: what does `check` call a copy among 400 real news
and hyperpartisan pages of 2016 that were not built to be copies? (session 11)

    python benchmarks/fakenewsnet_probe.py                   # all pages, summary and pairs
    python benchmarks/fakenewsnet_probe.py --json out.json   # also every page's result

FakeNewsNet v1 (``../shared/data/fakenewsnet/v1_news_content.jsonl``: BuzzFeed and PolitiFact
pages, fake and real, as extracted by its crawler with their site furniture) is indexed whole
(pages of 300+ characters), and each page is checked against the others (``unspin.check``; a
page is never its own source). The set has no copy labels. Many pages share a site (23 pages
of one site, 28 of another) and many report the same 2016 events, quoting the same debates and
speeches: it is a test of what is *not* copying. Identical texts under two URLs are copies,
and some farm pages copy others.

Reported: verdicts, and the pages with a source split by whether the source is on the page's
own site (host read from the URLs); every such page is listed with its source(s) and the
reasons of the copy evidence, to be read.

Quote flags (session 12): every pair of pages of different sites that the retrieval shortlists
with a shared sentence is compared (``unspin.compare``), and its quote changes are counted and
listed. Most such pairs are independent reports of one debate or speech, so a quote moved to
another speaker or altered there is mostly a false alarm, to be read.

The data are research-only and never copied into the repository. Exits 0 with a message when
the data are absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MIN_CHARS = 300


def load(data: Path) -> list[Any]:
    from unspin.core.model import Article

    path = data / "fakenewsnet" / "v1_news_content.jsonl"
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if len(row.get("text") or "") < MIN_CHARS:
                continue
            out.append(
                Article(
                    text=row["text"],
                    title=row.get("title"),
                    url=row.get("url"),
                    id=row["news_id"],
                    published=_date(row.get("publish_date")),
                )
            )
    return out


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dict) and "$date" in value:
        value = value["$date"] / 1000
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, dt.UTC).date()
    return None


def same_site(a: str | None, b: str | None) -> bool:
    try:
        from unspin.core.sites import same_site as product_rule
    except ImportError:  # a baseline checkout older than the rule: the same host
        from urllib.parse import urlsplit

        def product_rule(a: str | None, b: str | None) -> bool:
            ha, hb = (urlsplit(u or "").hostname for u in (a, b))
            return bool(ha) and (ha or "").removeprefix("www.") == (hb or "").removeprefix("www.")

    return product_rule(a, b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", type=Path, default=None, help="write every page's result here")
    args = ap.parse_args(argv)
    if not (args.data / "fakenewsnet" / "v1_news_content.jsonl").exists():
        print(f"FakeNewsNet v1 not found under {args.data}; nothing to do")
        return 0

    from unspin.app import check
    from unspin.index import MemoryStore
    from unspin.index.indexer import index_articles

    articles = load(args.data)
    store = MemoryStore()
    index_articles(store, articles)
    by_id = {a.id: a for a in articles}
    started = time.perf_counter()
    rows = []
    for a in articles:
        report = check(a, store)
        sources = [
            {
                "id": m.id,
                "coverage": round(m.coverage, 3),
                "own_site": same_site(a.url, by_id[m.id].url) if m.id in by_id else False,
                "evidence": sorted({e.reason for e in m.evidence}),
            }
            for m in report.source_matches
        ]
        rows.append({"id": a.id, "verdict": report.verdict.value, "sources": sources})
    seconds = time.perf_counter() - started

    verdicts = Counter(r["verdict"] for r in rows)
    traced = [r for r in rows if r["sources"]]
    own = [r for r in traced if any(s["own_site"] for s in r["sources"])]
    print(f"{len(rows)} pages checked against the others in {seconds:.0f} s\n")
    print("| verdict | pages |\n|---|---:|")
    for verdict, n in verdicts.most_common():
        print(f"| `{verdict}` | {n} |")
    print(f"\npages with a source: {len(traced)}; with a source on their own site: {len(own)}\n")
    for r in traced:
        for s in r["sources"]:
            where = "own site" if s["own_site"] else "other site"
            print(
                f"{r['id']:22} {r['verdict']:15} <- {s['id']:22} {where:10} "
                f"cov={s['coverage']:.2f} {'; '.join(s['evidence'])}"
            )
    quote_flags(articles, store)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


def quote_flags(articles: list[Any], store: Any) -> None:
    """Quote changes between pages of different sites that share a sentence."""
    from unspin.app import compare, retrieve

    by_id = {a.id: a for a in articles}
    pairs: set[tuple[str, str]] = set()
    for a in articles:
        for c in retrieve(a, store):
            other_site = c.id != a.id and not same_site(a.url, by_id[c.id].url)
            if other_site and c.sentences and (c.id, a.id) not in pairs:
                pairs.add((a.id, c.id))
    flagged: list[tuple[str, str, str, Any]] = []
    for page, other in sorted(pairs):
        report = compare(by_id[page], by_id[other])
        flagged.extend(
            (page, other, report.verdict.value, c)
            for c in report.changes
            if c.kind.value.startswith("quote_")
        )
    kinds = Counter(c.kind.value for *_, c in flagged)
    with_kind = Counter(kind for _, _, kind in {(p, o, c.kind.value) for p, o, _, c in flagged})
    print(f"\n{len(pairs)} pairs of pages of different sites with a shared sentence, compared\n")
    print("| quote change | changes | pairs |\n|---|---:|---:|")
    for kind in sorted(kinds):
        print(f"| `{kind}` | {kinds[kind]} | {with_kind[kind]} |")
    print()
    for page, other, verdict, c in flagged:
        if c.kind.value in ("quote_misattributed", "quote_unquoted", "quote_altered"):
            print(
                f"{page:22} <- {other:22} {verdict:15} {c.kind.value:20} "
                f"{c.speaker} | {c.source_speaker}: {(c.text or '')[:90]!r}"
            )


if __name__ == "__main__":
    sys.exit(main())
