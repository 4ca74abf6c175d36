"""Readers: every input format, and every bad record skipped with a counted reason."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from unspin.core.errors import InputError
from unspin.core.model import Article
from unspin.ingest.bulk import ReadSummary, iter_articles, parse_mapping

BODY = (
    "The Pellworth ferry company cancelled 14 crossings on Friday as gales reached 110 km/h. "
    "Harbour master Ines Torvald said the service would resume once the wind eased.\n\n"
    "Passengers stranded in Pellworth were offered rooms at the Kestrel Hotel."
)
BODY2 = (
    "Orchard growers in the Maelstrand valley expect a record apple harvest of 52,000 tonnes. "
    "Grower Tomas Lindgren said late frosts had spared the blossom this spring."
)
PAGE = (
    "<html><head><title>Ferry chaos in Pellworth</title></head><body><article>"
    "<h1>Ferry chaos in Pellworth</h1>"
    + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    + "</article></body></html>"
)


def read(*paths: Path, **kw: Any) -> tuple[list[Article], ReadSummary]:
    summary = ReadSummary()
    arts = list(iter_articles(list(paths), summary=summary, **kw))
    return arts, summary


# --- mapping -------------------------------------------------------------------------------


def test_parse_mapping() -> None:
    assert parse_mapping("text=body, title=headline") == {"text": "body", "title": "headline"}
    assert parse_mapping(None) == {}
    with pytest.raises(InputError, match="unknown field"):
        parse_mapping("txt=body")
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_mapping("text")


# --- JSONL / CSV / Parquet ------------------------------------------------------------------


def test_jsonl_with_mapping_and_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl.gz"
    lines = [
        json.dumps({"story": BODY, "headline": "Ferry", "when": "2031-02-03", "key": 7}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"story": "", "key": 8}),
        json.dumps({"other": "x"}),
        json.dumps({"story": BODY2, "headline": "Apples", "when": "3 March 2031", "key": "9"}),
    ]
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    arts, s = read(p, mapping=parse_mapping("text=story,title=headline,published=when,id=key"))
    assert [(a.id, a.title, a.published) for a in arts] == [
        ("7", "Ferry", dt.date(2031, 2, 3)),
        ("9", "Apples", dt.date(2031, 3, 3)),
    ]
    assert s.read == {"jsonl": 2}
    assert s.skipped == {
        "malformed_json": 1,
        "malformed_record": 1,
        "empty_text": 1,
        "missing_column": 1,
    }


def test_csv_default_columns_and_tsv(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(
        'Body ID,articleBody,url\n1,"' + BODY.replace('"', '""') + '",https://www.pw.example/f\n'
        '2,"",\n3,"' + BODY2 + '",\n',
        encoding="utf-8",
    )
    t = tmp_path / "b.tsv"
    t.write_text("id\ttext\nz1\t" + BODY2.replace("\n", " ") + "\n", encoding="utf-8")
    arts, s = read(p, t)
    assert [a.id for a in arts] == ["1", "3", "z1"]
    assert arts[0].url == "https://www.pw.example/f" and arts[0].site == "pw.example"
    assert arts[0].text == BODY
    assert s.read == {"csv": 3} and s.skipped == {"empty_text": 1}


def test_csv_missing_column_skips_the_file_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,headline\n1,Only a headline\n", encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    arts, s = read(bad, good)
    assert len(arts) == 1 and s.skipped == {"missing_column": 1}
    arts, s = read(good, mapping={"text": "body"})
    assert arts == [] and s.skipped == {"missing_column": 1}


def test_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    p = tmp_path / "a.parquet"
    table = pa.table(
        {"body": [BODY, None, BODY2], "doc": ["p1", "p2", "p3"], "day": ["2031-01-01", None, None]}
    )
    pq.write_table(table, p)
    arts, s = read(p, mapping=parse_mapping("text=body,id=doc,published=day"))
    assert [(a.id, a.published) for a in arts] == [("p1", dt.date(2031, 1, 1)), ("p3", None)]
    assert s.read == {"parquet": 2} and s.skipped == {"empty_text": 1}
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    arts, s = read(broken)
    assert arts == [] and s.skipped == {"corrupt_file": 1}


# --- folders --------------------------------------------------------------------------------


def test_folder_with_injected_loader(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub" / "b.json").write_text(json.dumps({"text": BODY2}), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")

    def loader(path: str) -> Article:
        text = Path(path).read_text(encoding="utf-8")
        if not text:
            from unspin.core.errors import EmptyInputError

            raise EmptyInputError(path, "is empty")
        if path.endswith(".json"):
            text = json.loads(text)["text"]
        return Article(text=text)

    arts, s = read(tmp_path, loader=loader)
    assert sorted(a.text for a in arts) == sorted([BODY, BODY2])
    assert {a.id for a in arts} == {
        str((tmp_path / "a.txt").resolve()),
        str((tmp_path / "sub" / "b.json").resolve()),
    }
    assert s.skipped == {"empty_input": 1, "unsupported_format": 1}


def test_folder_with_the_real_loader(tmp_path: Path) -> None:
    pytest.importorskip("unspin.ingest")
    (tmp_path / "a.json").write_text(
        json.dumps({"title": "Ferry", "published": "2031-02-03", "text": BODY}), encoding="utf-8"
    )
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    arts, s = read(tmp_path)
    assert len(arts) == 2
    j = next(a for a in arts if a.title == "Ferry")
    assert j.published == dt.date(2031, 2, 3)
    assert s.read == {"file": 2} and sum(s.skipped.values()) == 1


def test_file_that_disappears_mid_run(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    b.write_text(json.dumps({"text": BODY2}) + "\n", encoding="utf-8")
    summary = ReadSummary()
    it = iter_articles([tmp_path], summary=summary)
    first = next(it)
    b.unlink()  # listed, then gone before it is read
    rest = list(it)
    assert first.text == BODY and rest == []
    assert summary.skipped == {"file_vanished": 1}


def test_missing_path_is_counted(tmp_path: Path) -> None:
    arts, s = read(tmp_path / "nope.jsonl")
    assert arts == [] and s.skipped == {"not_found": 1}


# --- WARC -----------------------------------------------------------------------------------


def _warc(path: Path, records: list[tuple[str, str, bytes, str]], *, gz: bool) -> list[int]:
    """Write response records (url, content-type, body, status); return their offsets."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "unspin-tests"}))
        for url, ctype, body, status in records:
            offsets.append(fh.tell())
            headers = StatusAndHeaders(
                f"{status} OK", [("Content-Type", ctype)], protocol="HTTP/1.1"
            )
            rec = w.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            w.write_record(rec)
            get = b"GET / HTTP/1.1\r\n\r\n"
            req = w.create_warc_record(url, "request", payload=io.BytesIO(get), length=len(get))
            w.write_record(req)
    return offsets


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_only(tmp_path: Path, gz: bool) -> None:
    pytest.importorskip("warcio")
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    _warc(
        p,
        [
            ("https://pw.example/ferry", "text/html; charset=utf-8", PAGE.encode(), "200"),
            ("https://pw.example/logo.png", "image/png", b"\x89PNG....", "200"),
            ("https://pw.example/gone", "text/html", b"<html>gone</html>", "404"),
            ("https://pw.example/empty", "text/html", b"<html><body></body></html>", "200"),
        ],
        gz=gz,
    )
    arts, s = read(p)
    assert [a.url for a in arts] == ["https://pw.example/ferry"]
    assert arts[0].id == "https://pw.example/ferry"
    assert "Torvald" in arts[0].text
    assert s.skipped["warc_not_html"] == 1
    assert s.skipped["warc_not_ok"] == 1
    assert s.skipped["warc_not_response"] == 5  # warcinfo + 4 requests
    assert sum(v for k, v in s.skipped.items() if k.startswith("empty")) == 1


@pytest.mark.parametrize("gz", [True, False])
def test_corrupt_warc_record_is_skipped_and_reading_resumes(tmp_path: Path, gz: bool) -> None:
    pytest.importorskip("warcio")
    page2 = PAGE.replace("Pellworth", "Maelstrand").replace("Torvald", "Lindgren")
    p = tmp_path / ("c.warc.gz" if gz else "c.warc")
    offsets = _warc(
        p,
        [
            ("https://pw.example/1", "text/html", PAGE.encode(), "200"),
            ("https://pw.example/2", "text/html", PAGE.replace("14", "15").encode(), "200"),
            ("https://pw.example/3", "text/html", page2.encode(), "200"),
        ],
        gz=gz,
    )
    data = bytearray(p.read_bytes())
    mid = offsets[1]
    data[mid : mid + 40] = b"\x00garbage-garbage-garbage-garbage-garb\x00\x00"  # break record 2
    p.write_bytes(bytes(data))
    arts, s = read(p)
    urls = [a.url for a in arts]
    assert urls[0] == "https://pw.example/1"
    assert "https://pw.example/3" in urls and "https://pw.example/2" not in urls
    assert s.skipped["warc_corrupt_record"] >= 1


# --- feeds ----------------------------------------------------------------------------------

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Pellworth Post</title><link>https://post.example/</link>
<item><title>Ferry cancelled</title><link>https://post.example/ferry</link>
<guid>post-1</guid><pubDate>Fri, 07 Feb 2031 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{body}&lt;/p&gt;</description></item>
<item><title>Apple harvest</title><link>https://pw.example/apples</link>
<pubDate>Sat, 08 Feb 2031 10:00:00 GMT</pubDate><author>Ola Berg</author></item>
<item><title>No text, no archive</title><link>https://post.example/elsewhere</link></item>
</channel></rss>
""".replace("{body}", BODY.replace("\n\n", "&lt;/p&gt;&lt;p&gt;"))

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley</title>
<entry><title>Harvest</title><id>urn:x:1</id><updated>2031-02-09T00:00:00Z</updated>
<link href="https://valley.example/h"/><content type="html">{body}</content></entry></feed>
""".replace("{body}", BODY2)


def test_rss_and_atom(tmp_path: Path) -> None:
    pytest.importorskip("feedparser")
    (tmp_path / "post.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "valley.atom").write_text(ATOM, encoding="utf-8")
    arts, s = read(tmp_path / "post.rss", tmp_path / "valley.atom")
    by_id = {a.id: a for a in arts}
    assert set(by_id) == {"post-1", "urn:x:1"}
    ferry = by_id["post-1"]
    assert ferry.title == "Ferry cancelled" and ferry.published == dt.date(2031, 2, 7)
    assert "Torvald" in ferry.text and "<p>" not in ferry.text
    assert by_id["urn:x:1"].text == BODY2
    # items without text whose page is in no WARC given: counted at the end
    assert s.skipped == {"feed_item_no_text": 2}


def test_feed_item_page_taken_from_a_local_warc(tmp_path: Path) -> None:
    pytest.importorskip("feedparser")
    pytest.importorskip("warcio")
    page = PAGE.replace("Ferry chaos in Pellworth", "Apples").replace(BODY.split("\n\n")[0], BODY2)
    (tmp_path / "post.rss").write_text(RSS, encoding="utf-8")
    _warc(
        tmp_path / "crawl.warc.gz",
        [("https://pw.example/apples", "text/html", page.encode(), "200")],
        gz=True,
    )
    # the WARC is named first on purpose: feeds are read first anyway
    arts, s = read(tmp_path / "crawl.warc.gz", tmp_path / "post.rss")
    apples = next(a for a in arts if a.url == "https://pw.example/apples")
    assert "Lindgren" in apples.text
    assert apples.published == dt.date(2031, 2, 8)  # from the feed: the page has no date
    assert apples.byline  # from the page or the feed
    assert s.skipped == {"feed_item_no_text": 1, "warc_not_response": 2}


@pytest.mark.parametrize(
    "content",
    [b"<rss><channel><item><title>broken", b"\x00\x01 not xml at all", b""],
)
def test_malformed_feed(tmp_path: Path, content: bytes) -> None:
    pytest.importorskip("feedparser")
    p = tmp_path / "bad.xml"
    p.write_bytes(content)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    arts, s = read(p, good)
    assert len(arts) == 1
    assert set(s.skipped) <= {"malformed_feed", "empty_feed", "feed_item_no_text"}
    assert sum(s.skipped.values()) >= 1


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    p = tmp_path / "locked.jsonl"
    p.write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    p.chmod(0)
    arts, s = read(p)
    assert arts == [] and s.skipped == {"unreadable": 1}
