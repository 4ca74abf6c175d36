"""A small generated crawl for the scan tests: our own articles, spun by simple rules.

Reference: four wire stories (the demo's grain story and tests/data/scan/wire_*.json).
Crawl (WARC.gz, JSONL, Parquet): two farm sites of one network publishing the same spun rewrites, a
standalone farm, a credited verbatim copy, independent originals, and records the scanner must
skip and count: a PNG, a German page, a page over the size limit, a truncated gzip member and
a record with a corrupt WARC header.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

SWAPS = {
    "Russia": "Russian Federation",
    "Turkey": "Türkiye",
    "United States": "USA",
    "said": "stated",
    "agreed": "consented",
    "workers": "labourers",
    "plans": "proposals",
    "factory": "facility",
    "company": "firm",
    "election": "poll",
    "defeat": "loss",
    "halting": "stopping",
}


def load(name: str) -> dict[str, Any]:
    if name == "wire_grain":
        return json.loads((REPO / "src/unspin/demo_data/wire.json").read_text())
    folder = "scan" if name.startswith("wire_") else "trace"
    return json.loads((DATA / folder / f"{name}.json").read_text())


def spin(text: str, *, shift: int = 1) -> str:
    """Swap words and names for aliases, drop quotation marks, rotate the paragraphs."""
    for a, b in SWAPS.items():
        text = re.sub(rf"\b{re.escape(a)}\b", b, text)
    text = text.replace('"', "").replace("\u201c", "").replace("\u201d", "")
    paras = [p for p in text.split("\n\n") if p.strip()]
    paras = paras[:1] + paras[1 + shift :] + paras[1 : 1 + shift]
    return "\n\n".join(paras)


def page_html(art: dict[str, Any], *, boilerplate: bool = True) -> str:
    paras = "".join(f"<p>{p}</p>" for p in art["text"].split("\n\n") if p.strip())
    extra = (
        "<aside><h3>Other reports by Staff Writer</h3><ul><li><a href='/a'>More news</a></li>"
        "</ul></aside><footer><a href='/c'>Discuss This Article</a></footer>"
        if boilerplate
        else ""
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{art['title']}</title>"
        f"<meta name='author' content='{art.get('byline') or 'Staff Writer'}'>"
        f"<meta property='article:published_time' content='{art['published']}'></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        f"<h1>{art['title']}</h1>{paras}</article>{extra}</body></html>"
    )


def pages() -> list[dict[str, Any]]:
    """The crawl's HTML pages (url, site, what they are, the article)."""
    out: list[dict[str, Any]] = []

    def add(url: str, kind: str, art: dict[str, Any], sources: tuple[str, ...] = ()) -> None:
        out.append({"url": url, "kind": kind, "article": art, "sources": sources})

    for story, day in (("wire_port", "2026-03-12"), ("wire_chips", "2026-04-03")):
        w = load(story)
        spun = {
            **w,
            "title": w["title"] + " - report",
            "byline": "By Staff Writer",
            "published": day,
            "text": spin(w["text"]),
        }
        for farm in ("daily-truth-now.example", "patriot-wire-today.example"):
            add(f"https://{farm}/news/{story}", "spun", spun, (story,))
    vote = load("wire_vote")
    add(
        "https://megaviral-news.example/world/chile",
        "spun",
        {
            **vote,
            "byline": "By Admin",
            "published": "2026-05-19",
            "text": spin(vote["text"], shift=2),
        },
        ("wire_vote",),
    )
    grain = load("wire_grain")
    add(
        "https://megaviral-news.example/world/grain",
        "spun",
        {**grain, "byline": "By Admin", "published": "2026-11-05", "text": spin(grain["text"])},
        ("wire_grain",),
    )
    chips = load("wire_chips")
    add(
        "https://partner-gazette.example/business/samsung",
        "copy",
        {**chips, "published": "2026-04-02"},
        ("wire_chips",),
    )
    add("https://town-chronicle.example/bakery", "original", load("bakery"))
    add("https://farm-journal.example/grain-talks", "original", load("independent_grain"))
    add("https://opinion-hub.example/grain-rewrite", "rewrite", load("rewrite"), ("wire_grain",))
    flood = json.loads((DATA / "compare" / "independent_a.json").read_text())
    add("https://town-chronicle.example/floods", "original", flood)
    return out


def build(folder: Path) -> dict[str, Path]:
    """Write reference.jsonl, crawl/*.warc.gz, crawl/records.{jsonl,parquet}, a broken archive."""
    folder.mkdir(parents=True, exist_ok=True)
    ref = folder / "reference.jsonl"
    with ref.open("w", encoding="utf-8") as fh:
        for name in ("wire_grain", "wire_port", "wire_chips", "wire_vote"):
            art = load(name)
            rec = {k: art.get(k) for k in ("title", "byline", "published", "url", "text")}
            fh.write(json.dumps({"id": name, **rec}) + "\n")
    crawl = folder / "crawl"
    crawl.mkdir(exist_ok=True)
    all_pages = pages()
    good = crawl / "part-00000.warc.gz"
    with good.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for p in all_pages[:6]:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
            w.write_record(w.create_warc_record(p["url"], "request", http_headers=req))
            _response(w, p["url"], page_html(p["article"]).encode())
        _response(
            w,
            "https://daily-truth-now.example/logo.png",
            b"\x89PNG\r\n\x1a\n" + b"0" * 64,
            ctype="image/png",
        )
        german = (DATA / "ingest" / "german.txt").read_text(encoding="utf-8")
        _response(
            w,
            "https://nachrichten.example/artikel",
            page_html({"title": "Nachrichten", "published": "2026-03-12", "text": german}).encode(),
        )
        big = page_html(
            {
                "title": "Huge",
                "published": "2026-03-12",
                "text": "Filler text for a huge page. " * 400_000,
            }
        )
        _response(w, "https://bloated.example/huge", big.encode())
        heads = [
            "Markets close mixed after a quiet day",
            "Weather: a cold start to the weekend",
            "Local team wins in extra time",
            "How to keep your energy bills down",
        ]
        front = {
            "title": "World",
            "published": "2026-03-12",
            "text": "\n\n".join(["World", "Business", "Sport", *heads, "Share on X | Email"]),
        }
        _response(w, "https://daily-truth-now.example/world/", page_html(front).encode())
    broken = crawl / "part-00001.warc.gz"
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for p in all_pages[6:8]:
        _response(w, p["url"], page_html(p["article"]).encode())
    good_bytes = buf.getvalue()
    bad_record = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\n")
    tail = io.BytesIO()
    tw = WARCWriter(tail, gzip=True)
    _response(tw, all_pages[8]["url"], page_html(all_pages[8]["article"]).encode())
    cut = io.BytesIO()  # a whole record whose gzip member (and the file) ends halfway
    _response(
        WARCWriter(cut, gzip=True), "https://cut.example/a", page_html(load("bakery")).encode()
    )
    truncated = cut.getvalue()[: len(cut.getvalue()) // 2]
    broken.write_bytes(good_bytes + bad_record + tail.getvalue() + truncated)
    records = crawl / "records.jsonl"
    with records.open("w", encoding="utf-8") as fh:
        for p in all_pages[9:10]:
            a = p["article"]
            fh.write(
                json.dumps(
                    {
                        "url": p["url"],
                        "title": a["title"],
                        "published": a["published"],
                        "text": a["text"],
                    }
                )
                + "\n"
            )
        fh.write("{not json\n")
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [
        {"url": p["url"], "title": p["article"]["title"], "published": p["article"]["published"],
         "text": p["article"]["text"]}
        for p in all_pages[10:]
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), crawl / "records.parquet")
    return {"reference": ref, "crawl": crawl}


def _response(
    w: WARCWriter, url: str, body: bytes, ctype: str = "text/html; charset=utf-8"
) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    # with the length given, warcio needs no temporary file (it leaves those unclosed)
    w.write_record(
        w.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
    )
