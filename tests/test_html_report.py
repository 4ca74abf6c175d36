"""The HTML report: structure, highlighting, links, escaping, and a real headless browser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report_factory import (
    XSS_PAYLOADS,
    collage_report,
    hostile_report,
    minimal_report,
    sample_report,
)
from unspin.core.model import (
    AlignedSentence,
    Article,
    Change,
    ChangeKind,
    Report,
    SentenceStatus,
    Summary,
    Verdict,
)
from unspin.core.vocabulary import KINDS
from unspin.render.html_report import ROW_KINDS, render_html

# -- a small DOM built with the standard library ---------------------------------------------

VOID = {"meta", "br", "link", "img", "input", "hr", "wbr", "source", "area", "base", "col"}
# every tag and attribute the template may produce; anything else came from the content
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "section",
    "footer", "div", "span", "h1", "h2", "p", "ul", "ol", "li", "a", "b", "small", "br",
    "table", "thead", "tbody", "tr", "th", "td", "script",
}  # fmt: skip
OUR_ATTRS = {
    "lang", "charset", "name", "content", "class", "id", "href", "title", "style", "role",
    "data-ref", "aria-label", "aria-labelledby",
}  # fmt: skip


@dataclasses.dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = None
    children: list[Node | str] = dataclasses.field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def by_id(self, ident: str) -> Node:
        hits = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(hits) == 1, f"{len(hits)} elements with id {ident!r}"
        return hits[0]


class DomBuilder(HTMLParser):
    """Builds a Node tree and insists on properly nested, closed tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"duplicate attribute in <{tag} {attrs}>"
        node = Node(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        open_tag = self.stack[-1].tag
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = DomBuilder()
    builder.feed(html)
    builder.close()
    assert len(builder.stack) == 1, f"unclosed: {[n.tag for n in builder.stack[1:]]}"
    return builder.root


def ancestors(node: Node) -> Iterator[Node]:
    while node.parent is not None:
        node = node.parent
        yield node


def inside(node: Node, ident: str) -> bool:
    return any(a.attrs.get("id") == ident for a in ancestors(node))


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def sample_html(sample: Report) -> str:
    return render_html(sample)


@pytest.fixture(scope="module")
def dom(sample_html: str) -> Node:
    return parse(sample_html)


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html(hostile_report())


def _every_kind_report() -> Report:
    """One sentence per change kind, each change on the word ``target`` (or the sentence)."""
    kinds = [k for k in ChangeKind if k not in {ChangeKind.DROPPED}]
    sentences, changes, pos = [], [], 0
    src_sentences, src_pos = [], 0
    source_id = "src"
    for i, kind in enumerate(kinds):
        text = f"Sentence {i} has a target word here."
        source_text = f"Sentence {i} has a origin word here."
        start, end = pos, pos + len(text)
        s_start = src_pos
        status = SentenceStatus.INSERTED if kind == ChangeKind.INSERTED else SentenceStatus.SPUN
        sentences.append(
            AlignedSentence(
                index=i,
                start=start,
                end=end,
                text=text,
                status=status,
                source_id=None if status == SentenceStatus.INSERTED else source_id,
                source_sentences=() if status == SentenceStatus.INSERTED else (i,),
                source_text=None if status == SentenceStatus.INSERTED else source_text,
                similarity=0.8,
            )
        )
        if kind in ROW_KINDS:
            span, s_span = (start, end), (s_start, s_start + len(source_text))
        else:
            w = text.index("target")
            span = (start + w, start + w + len("target"))
            s_span = (s_start + w, s_start + w + len("origin"))
        if kind == ChangeKind.HEADLINE_UNSUPPORTED:
            changes.append(Change(kind=kind, text="Headline"))
        else:
            changes.append(
                Change(
                    kind=kind,
                    text=text[span[0] - start : span[1] - start],
                    start=span[0],
                    end=span[1],
                    source_id=None if kind == ChangeKind.INSERTED else source_id,
                    source_start=None if kind == ChangeKind.INSERTED else s_span[0],
                    source_end=None if kind == ChangeKind.INSERTED else s_span[1],
                    from_="origin",
                    to="target",
                    sentence=i,
                    source_sentence=i,
                )
            )
        src_sentences.append(source_text)
        pos, src_pos = end + 1, src_pos + len(source_text) + 1
    dropped_text = "This source sentence was dropped."
    src_sentences.append(dropped_text)
    changes.append(
        Change(
            kind=ChangeKind.DROPPED,
            text=dropped_text,
            source_id=source_id,
            source_text=dropped_text,
            source_start=src_pos,
            source_end=src_pos + len(dropped_text),
            source_sentence=len(src_sentences) - 1,
        )
    )
    return Report(
        article=Article(
            text=" ".join(s.text for s in sentences), title="Headline", published=dt.date.today()
        ),
        sources=(Article(id=source_id, text=" ".join(src_sentences), title="The source"),),
        source_matches=(),
        sentences=tuple(sentences),
        changes=tuple(changes),
        summary=Summary(
            copied=0,
            spun=0.9,
            reworded=0,
            new=0.1,
            sentences=len(sentences),
            source_sentences=len(src_sentences),
            dropped_source_sentences=1,
            reordered_sentences=0,
        ),
        verdict=Verdict.SPUN_COPY,
        score=50,
    )


REPORTS = {
    "sample": sample_report,
    "collage": collage_report,
    "hostile": hostile_report,
    "minimal": minimal_report,
    "every_kind": _every_kind_report,
}


# -- structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_page_is_well_formed_and_links_resolve(name: str) -> None:
    html = render_html(REPORTS[name]())
    assert html.startswith("<!DOCTYPE html>")
    root = parse(html)  # asserts proper nesting
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for a in root.find_all("a"):
        href = a.attrs.get("href") or ""
        assert href.startswith("#"), f"non-local link {href!r}"
        assert href[1:] in ids, f"dangling link {href!r}"


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_self_contained(name: str) -> None:
    html = render_html(REPORTS[name]())
    root = parse(html)
    assert not root.find_all("link") and not root.find_all("img")
    assert all("src" not in n.attrs for n in root.iter())
    style = "".join(n.text() for n in root.find_all("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "http" not in style
    assert len(root.find_all("script")) == 1


def test_render_is_deterministic(sample: Report, sample_html: str) -> None:
    assert render_html(sample) == sample_html


def test_legend_explains_every_kind_of_the_vocabulary(dom: Node) -> None:
    items = dom.by_id("legend").find_all("li")
    shown = [
        (li.find_all(cls="swatch")[0].text(), li.find_all(cls="what")[0].text()) for li in items
    ]
    assert shown == [(info.label, info.meaning) for info in KINDS.values()]


def test_header(dom: Node, sample: Report) -> None:
    header = dom.find_all("header")[0]
    text = " ".join(header.text().split())
    assert sample.article.title and sample.article.title in text
    assert "Staff Writer, The Daily Compass" in text
    assert "Thu 14 March 2024" in text
    assert "https://dailycompass.example/world/arctic-deal-within-weeks" in text
    assert "Spun copy" in text and "31.5" in text
    for label, pct in [("Copied", "28.6%"), ("Spun", "35.3%"), ("Reworded", "22.4%")]:
        assert f"{label} {pct}" in text
    widths = [n.attrs["style"] for n in header.find_all("span") if n.tag == "span" and
              any(c.startswith("b-") for c in n.classes)]  # fmt: skip
    assert widths == ["width: 28.63%", "width: 35.29%", "width: 22.37%", "width: 13.72%"]


def test_score_hidden_when_none() -> None:
    root = parse(render_html(collage_report()))
    assert "not assessed" in root.find_all("header")[0].text()
    assert not root.find_all(cls="meter")


def test_findings_with_evidence_links(dom: Node, sample: Report) -> None:
    findings = dom.by_id("findings")
    items = findings.find_all("li", cls="finding")
    assert len(items) == len(sample.findings)
    for item, finding in zip(items, sample.findings, strict=True):
        assert finding.criterion in item.text()
        assert f"f-{finding.status}" in item.classes
        links = item.find_all("a", cls="evlink")
        assert len(links) == len(finding.evidence)
        for link, ev in zip(links, finding.evidence, strict=True):
            target = dom.by_id(link.attrs["href"][1:])  # type: ignore[index]
            assert inside(target, "side-by-side")
            assert " ".join(sample.article.text[ev.start : ev.end].split())[:40] in link.text()
    labels = {p.text().split(" ", 1)[1] for p in findings.find_all(cls="pill")}
    assert labels == {"Pass", "Fail", "Not assessable"}


def test_evidence_that_is_a_quote_keeps_one_pair_of_marks() -> None:
    import unspin
    from unspin.core.model import Article

    source = Article(
        id="wire",
        text='"We expect the first ships in May," harbour master Lina Ortez told reporters. '
        "The port closed in February when the river burst its banks.",
    )
    html = render_html(unspin.compare(Article(text=source.text), source))
    assert "\u201c\u201c" not in html and '\u201c"' not in html
    assert "\u201cThe port closed in February" in html  # narration is still put in marks


def test_every_change_has_an_anchor_and_a_table_link(dom: Node, sample: Report) -> None:
    table = dom.by_id("changes")
    for n, change in enumerate(sample.changes, 1):
        anchor = dom.by_id(f"chg-{n}")
        assert not inside(anchor, "changes")
        row = table.by_id(f"row-chg-{n}")
        links = [a.attrs["href"] for a in row.find_all("a")]
        assert f"#chg-{n}" in links, (change.kind, links)
        if change.source_start is not None and change.kind not in ROW_KINDS:
            assert f"#chg-{n}-src" in links
            assert dom.by_id(f"chg-{n}-src")


def test_every_kind_gets_its_class_and_anchor() -> None:
    report = _every_kind_report()
    root = parse(render_html(report))
    for n, change in enumerate(report.changes, 1):
        anchor = root.by_id(f"chg-{n}")
        cls = f"k-{change.kind}"
        if change.kind == ChangeKind.HEADLINE_UNSUPPORTED:
            assert cls in root.find_all("h1")[0].find_all("span", cls="chg")[0].classes
            continue
        marked = [
            node
            for node in root.find_all(cls=cls)
            if inside(node, "side-by-side") and f"chg-{n}" in (node.attrs.get("data-ref") or "")
        ]
        assert marked, f"no element of class {cls} for change {n}"
        assert inside(anchor, "side-by-side")
        assert root.by_id("legend").find_all(cls=cls)


def test_entity_swap_from_and_to(dom: Node) -> None:
    row = dom.by_id("s-2")
    left, right = row.find_all(cls="der")[0], row.find_all(cls="src")[0]
    (new,) = left.find_all("span", cls="k-entity_swap")
    (old,) = right.find_all("span", cls="k-entity_swap")
    assert new.text() == "Russian Federation"
    assert old.text() == "Russia"
    assert new.attrs["title"] == old.attrs["title"] == "Russia -> Russian Federation (entity_swap)"
    (syn,) = left.find_all("span", cls="k-synonym_swap")
    assert syn.text() == "pointed out"
    assert syn.attrs["title"] == "stressed -> pointed out (synonym_swap, confidence 92%)"
    assert right.find_all("span", cls="k-synonym_swap")[0].text() == "stressed"
    # the highlighted sentence still reads as the original text
    assert left.find_all(cls="sent")[0].text() == sample_report().sentences[1].text


def test_number_and_date_changes(dom: Node) -> None:
    assert (
        dom.by_id("s-1").find_all(cls="der")[0].find_all(cls="k-number_changed")[0].text() == "15"
    )
    assert (
        dom.by_id("s-1").find_all(cls="src")[0].find_all(cls="k-number_changed")[0].text() == "14"
    )
    date = dom.by_id("s-8").find_all(cls="der")[0].find_all(cls="k-date_changed")[0]
    assert date.text() == "21 June"
    assert date.attrs["title"] == (
        "12 June -> 21 June (date_changed)\nevidence: Figures and dates match the source"
    )


def test_rows_in_order_with_inserted_dropped_and_reordered(dom: Node, sample: Report) -> None:
    rows = dom.by_id("side-by-side").find_all(cls="pair")[1:]  # skip the column header
    assert [r.attrs["id"] for r in rows] == [
        "s-1", "s-2", "s-3", "s-4", "s-5", "d-10", "s-6", "s-7", "s-8",
    ]  # fmt: skip
    inserted = dom.by_id("s-7")
    assert "st-inserted" in inserted.classes
    assert "no source" in inserted.find_all(cls="src")[0].text()
    assert not inserted.find_all(cls="src")[0].find_all(cls="sent")
    dropped = dom.by_id("d-10")
    assert {"st-dropped", "k-dropped"} <= dropped.classes
    assert not dropped.find_all(cls="der")[0].find_all(cls="sent")
    assert "years of careful work" in dropped.find_all(cls="src")[0].text()
    moved = dom.by_id("s-3")
    assert {"is-reordered", "k-reordered"} <= moved.classes
    marker = moved.find_all(cls="moved")[0]
    assert "moved" in marker.text() and marker.attrs["href"] == "#chg-5"


def test_quotes_section_and_quote_changes(dom: Node) -> None:
    quotes = dom.by_id("quotes")
    text = " ".join(quotes.text().split())
    assert "Pavel Orlov" in text and "in source: Ingrid Solberg" in text and "Analysts" in text
    assert "indirect" in text
    badge = quotes.find_all("a", cls="k-quote_misattributed")[0]
    assert badge.attrs["href"] == "#chg-7"
    row = dom.by_id("s-5")
    left = row.find_all(cls="der")[0].find_all("span", cls="k-quote_misattributed")
    right = row.find_all(cls="src")[0].find_all("span", cls="k-quote_misattributed")
    assert [n.text() for n in left] == ["We are closer than we have ever been,", "Pavel Orlov"]
    assert [n.text() for n in right] == ["We are closer than we have ever been,", "Ingrid Solberg"]
    assert "attributed to Pavel Orlov; source: Ingrid Solberg" in left[0].attrs["title"]  # type: ignore[operator]


def test_headline_unsupported_marks_the_title(dom: Node) -> None:
    h1 = dom.find_all("h1")[0]
    assert h1.find_all("span", cls="k-headline_unsupported")
    assert dom.by_id("chg-1").parent is h1


def test_overlapping_spans_are_split() -> None:
    text = "Officials in Russia said 40 percent of the grain was lost."
    a = text.index("Russia")
    b = text.index("40 percent")
    c = text.index("grain")
    changes = (
        Change(kind=ChangeKind.ENTITY_SWAP, text="", start=a, end=b + 2, from_="x", to="y"),
        Change(kind=ChangeKind.NUMBER_CHANGED, text="", start=b, end=b + 10),
        Change(kind=ChangeKind.QUOTE_ALTERED, text="", start=a + 2, end=c + 5),  # contains both
        Change(kind=ChangeKind.SYNONYM_SWAP, text="", start=c, end=c + 5),  # same end as above
        Change(kind=ChangeKind.DATE_CHANGED, text="", start=c, end=c),  # empty span
    )
    report = Report(
        article=Article(text=text, title="t"),
        sources=(),
        source_matches=(),
        sentences=(
            AlignedSentence(
                index=0, start=0, end=len(text), text=text, status=SentenceStatus.INSERTED
            ),
        ),
        changes=changes,
        summary=Summary(
            copied=0,
            spun=0,
            reworded=0,
            new=1,
            sentences=1,
            source_sentences=0,
            dropped_source_sentences=0,
            reordered_sentences=0,
        ),
        verdict=Verdict.ORIGINAL,
    )
    root = parse(render_html(report))
    sentence = root.by_id("s-1").find_all(cls="sent")[0]
    assert sentence.text() == text
    spans = sentence.find_all("span", cls="chg")
    assert all(s.find_all("span", cls="chg") == [s] for s in spans), "highlights must not nest"
    both = [s for s in spans if {"k-entity_swap", "k-number_changed"} <= s.classes]
    assert [s.text() for s in both] == ["40"]
    assert "multi" in both[0].classes
    for n in range(1, len(changes) + 1):
        assert root.by_id(f"chg-{n}")
    covered = "".join(s.text() for s in spans if "k-quote_altered" in s.classes)
    assert covered == text[a + 2 : c + 5]


def test_multiple_sources_label_each_row() -> None:
    root = parse(render_html(collage_report()))
    rows = root.by_id("side-by-side").find_all(cls="pair")[1:]
    labels = [(r.find_all(cls="srclabel") or [Node("x", {})])[0].text().split(" ")[0] for r in rows]
    assert labels == ["wire-a", "wire-a", "wire-b", "wire-b", ""]
    assert [("st-dropped" in r.classes) for r in rows] == [False, True, False, True, False]
    src = rows[0].find_all(cls="src")[0]
    assert [s.text() for s in src.find_all("span", cls="k-synonym_swap")] == ["raised", "main"]
    assert "Central bank raises rate to 4.5%" in src.find_all(cls="srclabel")[0].attrs["title"]  # type: ignore[operator]


def test_offsets_out_of_range_do_not_break_the_page(sample: Report) -> None:
    bad = dataclasses.replace(
        sample,
        changes=(
            *sample.changes,
            Change(kind=ChangeKind.INSERTED, text="?", start=10_000, end=10_005),
            Change(kind=ChangeKind.QUOTE_FABRICATED, text="?", start=50, end=20),
        ),
    )
    root = parse(render_html(bad))
    n = len(sample.changes)
    for k in (n + 1, n + 2):
        row = root.by_id(f"row-chg-{k}")
        assert not row.find_all("a") and "not located" in row.text()


# -- escaping ----------------------------------------------------------------------------------


def test_hostile_content_is_inert(hostile_html: str, sample_html: str) -> None:
    root = parse(hostile_html)
    tags = {n.tag for n in root.iter()} - {"#document"}
    assert tags <= OUR_TAGS, f"injected tags: {tags - OUR_TAGS}"
    for node in root.iter():
        for name, value in node.attrs.items():
            assert name in OUR_ATTRS, f"injected attribute {name!r} on <{node.tag}>"
            assert not name.startswith("on")
            if name == "href":
                assert value and value.startswith("#")
            if name == "style":
                assert value and value.startswith("width: ") and value.endswith("%")
    # the one script is ours, unchanged by the content
    (script,) = root.find_all("script")
    (ours,) = parse(sample_html).find_all("script")
    assert script.text() == ours.text() and not script.attrs
    # no raw payload survives in the markup; it is shown as text instead
    for payload in XSS_PAYLOADS:
        if "<" in payload:
            assert payload not in hostile_html
    assert hostile_html.count("<script") == 1
    assert "<img" not in hostile_html and "<svg" not in hostile_html
    h1 = " ".join(root.find_all("h1")[0].text().split())
    assert "<script>alert(1)</script>" in h1
    assert '"><img src=x onerror=alert(1)>' in h1
    title = root.find_all("title")[0].text()
    assert "</title>" in title and "<svg onload=alert(1)>" in title


def test_hostile_tooltips_stay_inside_attributes(hostile_html: str) -> None:
    root = parse(hostile_html)
    swap = root.by_id("s-1").find_all("span", cls="k-entity_swap")[0]
    assert swap.attrs["title"] == (f"{XSS_PAYLOADS[0]} -> {XSS_PAYLOADS[2]} (entity_swap)")
    assert swap.text() == "end."


# -- a real browser ----------------------------------------------------------------------------

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium is not on PATH (apt-get install chromium)")
    return path


def run_chromium(chromium: str, tmp: Path, page: Path, *args: str) -> str:
    proc = subprocess.run(
        [chromium, *BROWSER_FLAGS, f"--user-data-dir={tmp / 'profile'}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def png_size_and_colours(png: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the pixel data."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    data, pos = b"", 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        if png[pos + 4 : pos + 8] == b"IDAT":
            data += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(data)))


def test_browser_screenshot(chromium: str, tmp_path: Path, sample_html: str) -> None:
    page = tmp_path / "report.html"
    page.write_text(sample_html, encoding="utf-8")
    png = tmp_path / "report.png"
    run_chromium(chromium, tmp_path, page, f"--screenshot={png}", "--window-size=1400,1000")
    assert png.exists()
    data = png.read_bytes()
    width, height, colours = png_size_and_colours(data)
    assert (width, height) == (1400, 1000)
    assert len(data) > 50_000 and colours > 100, "the screenshot looks blank"
    if keep := os.environ.get("UNSPIN_SCREENSHOT_DIR"):  # to look at it: set this and rerun
        shutil.copy(png, Path(keep) / "html_report.png")


def test_browser_dom_shows_findings_and_changes(
    chromium: str, tmp_path: Path, sample_html: str, sample: Report
) -> None:
    page = tmp_path / "report.html"
    page.write_text(sample_html, encoding="utf-8")
    root = parse(run_chromium(chromium, tmp_path, page, "--dump-dom"))
    assert "js" in root.find_all("html")[0].classes, "the page's own script did not run"
    findings = root.by_id("findings").text()
    for finding in sample.findings:
        assert finding.criterion in findings
    side = root.by_id("side-by-side")
    for kind in {str(c.kind) for c in sample.changes} - {"headline_unsupported"}:
        assert side.find_all(cls=f"k-{kind}"), kind
    swap = side.find_all("span", cls="k-entity_swap")
    assert [s.text() for s in swap] == ["Russian Federation", "Russia"]


def test_browser_runs_no_injected_script(chromium: str, tmp_path: Path, hostile_html: str) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(hostile_html, encoding="utf-8")
    dom = run_chromium(chromium, tmp_path, page, "--dump-dom")
    root = parse(dom)
    html = root.find_all("html")[0]
    assert "js" in html.classes, "scripts were enabled, so the payloads had their chance"
    assert "data-pwned" not in html.attrs  # a payload ran if this was set
    assert not root.find_all("img") and not root.find_all("svg")
    assert len(root.find_all("script")) == 1
    for node in root.iter():
        assert not any(name.startswith("on") for name in node.attrs), node.tag
    assert "<script>alert(1)</script>" in root.find_all("h1")[0].text()
