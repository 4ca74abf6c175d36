"""The same real pages typeset, cut and rearranged another way: does unspin say the same?

    python benchmarks/realworld_variants.py                # dev pairs
    python benchmarks/realworld_variants.py --split test   # the held-out pairs, rarely
    python benchmarks/realworld_variants.py --check        # and `check` on cut, rearranged pages

Each realworld pair's derivative is compared with its source as given and as it could as
well have reached a user (the words unchanged):

- ``wrapped``: every paragraph hard-wrapped at 72 characters, paragraphs a blank line apart
  (mail, a wire feed, a ``.txt`` file);
- ``curly`` / ``straight``: quotation marks and apostrophes typeset the other way;
  ``guillemets``: double marks as « », as some desks set them; ``british``: quotes in single
  marks (‘...’) and quotes within them in double ones, as British desks set them;
- ``single_newlines``: paragraphs one newline apart instead of a blank line (a CMS export);
- ``sentence_lines``: every sentence on a line of its own, a statement of several sentences
  marked only where it opens and where it closes;
- ``furniture``: the page as pasted from a browser, read by ``article_from_text`` (as ``unspin
  compare FILE`` reads it): breadcrumbs above its first line, a byline, a date line with
  stamps and share buttons under it, a "Read more:" link, a newsletter prompt and a copyright
  line below; held against the page alone read the same way;
- ``one_block``: the paragraph breaks lost, the page one block of text;
- ``inline_furniture``: a "READ MORE:" link after the second paragraph and a newsletter prompt
  after the fourth, left in the text as given (an article built in code skips ingestion);
- ``captions``: a photo caption with its credit after the second paragraph and a section
  heading after the fifth, as a partner's page carries them;
- ``html``: the page as a news site serves it (its title in ``<title>`` and ``<h1>``, a byline,
  one ``<p>`` per paragraph inside ``<article>``, a menu, a related-stories box and a footer
  around it), read by ``article_from_html`` (trafilatura) as ``unspin compare FILE.html`` reads
  it;
- ``scraped``: the text as scraping sites serve it, read as ``unspin compare FILE`` reads it and
  held against the page alone read the same way: UTF-8 read as Windows-1252 ("donâ€™t"),
  curly marks as HTML entities ("&#8220;"), two spaces after a stop, no-break and zero-width
  spaces between words;
- ``typed_marks``: apostrophes typed as the modifier letter (ʼ) and quotation marks as an old
  wire's ``...'' pairs, read as a pasted file;
- ``source curly``, ``source straight``, ``source guillemets``, ``source british``, ``source
  single_newlines``, ``source one_block``: the page as given, its *source* set that way (an
  archive's copy of a wire story is typeset or flattened as much as the pages made from it).

A pair holds when the verdict and every annotation's found / not found are what the page as
given gets (labels matched as in ``realworld_eval.label_found``, which reads a line break or
another mark as the same character). Printed: per variant, the pairs that hold, and the ones
that do not, with the difference.

Then the same pairs cut short, as excerpts, feed summaries and paywalled pages are: the source,
or the derivative, cut at two thirds of its length, mid-word. What the cut takes away can
rightly change the verdict (the copied sentences may be gone), so these are counted by kind:
faithful copies still called ``faithful_copy``, spun pages called ``faithful_copy`` (never
right), spun pages still called a copy, independent reports called a copy.

Then the same pairs rearranged, as the open web also serves them, counted the same way:
``reversed`` (the source read as the page and the page as the source: either of two
independent reports may be the one a user checks), ``paragraphs reordered`` (the first
paragraph kept, the rest in reverse order), ``inside another story`` (the page's paragraphs
interleaved with a BBC sport story's, as a farm page that runs two stories), ``middle
excerpt`` (only the page's middle third of paragraphs, at least two: a collage's borrowing).
Then the same pages respun, counted the same way: ``respun 20%`` / ``respun 40%``, the page
put through a second, cheap spinner (``spinsim`` with ``crude_synonyms``: a fifth or two fifths
of its content words swapped for a lemma of any of the word's frequent WordNet senses, phrases
included, whatever the sense: "cell" -> "cadre"), as a farm that buys another farm's copy
spins it again. A spun page must still be a copy, a faithful one a copy (spun now), and an
independent report, spun, is still nobody's copy.

With ``--check``, ``unspin check`` runs on each page as given, cut short, rearranged and
respun, with every pair's source indexed among the distractors as ``realworld_eval`` indexes
them.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compare_eval as ce
import realworld_eval as rw

_PARAGRAPH = re.compile(r"\n\s*")
_OPENING = re.compile(r"(?:^|(?<=[\s(\[]))\"")


def wrapped(text: str) -> str:
    paragraphs = [p for p in _PARAGRAPH.split(text) if p.strip()]
    return "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)


def curly(text: str) -> str:
    return _OPENING.sub("\u201c", text).replace('"', "\u201d").replace("'", "\u2019")


def straight(text: str) -> str:
    return text.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'",
                                         "\u2019": "'"}))  # fmt: skip


def guillemets(text: str) -> str:
    return _OPENING.sub("\u00ab", curly(text).replace("\u201c", "\u00ab")).replace(
        "\u201d", "\u00bb"
    )


def british(text: str) -> str:
    # A quote within a quote first (its closing mark is no apostrophe: no letter follows),
    # held aside while the outer marks turn single.
    inner = re.sub(r"\u2018([^\u2018\u2019\n]{1,200}?)\u2019(?!\w)", "\x01\\1\x02", curly(text))
    swap = {"\u201c": "\u2018", "\u201d": "\u2019", "\x01": "\u201c", "\x02": "\u201d"}
    return "".join(swap.get(ch, ch) for ch in inner)


def single_newlines(text: str) -> str:
    return re.sub(r"\n\s*\n", "\n", text)


def sentence_lines(text: str) -> str:
    return re.sub(r"([.!?][\"”’]?) (?=[A-Z“\"])", "\\1\n", text)


def typed_marks(text: str) -> str:
    """Apostrophes as the modifier letter, quotation marks as ``...'' (see the doc)."""
    text = re.sub(r"(?<=\w)[’'](?=\w)", "\u02bc", text)
    return re.sub(r"(?:^|(?<=[\s(\[]))[“\"]", "``", text).replace("”", "''").replace('"', "''")


def scraped(text: str) -> str:
    """The text as a scraping site serves it (see the module's doc): half its paragraphs as
    mojibake, the other half with entities for curly marks; every stop followed by two
    spaces; a no-break space and a zero-width space in every fifth gap between words."""
    paragraphs = _PARAGRAPH.split(text)
    out = []
    for i, p in enumerate(paragraphs):
        if i % 2:
            p = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                        for b in p.encode("utf-8"))  # fmt: skip
        else:
            p = p.replace("\u201c", "&#8220;").replace("\u201d", "&#8221;")
            p = p.replace("\u2019", "&#8217;")
        p = re.sub(r"([.!?]) (?=\S)", r"\1  ", p)
        words = re.split(r"(?<=\w) (?=\w)", p)
        gaps = [" " if k % 5 else "\u00a0\u200b" for k in range(len(words) - 1)]
        out.append("".join(w + g for w, g in zip(words, [*gaps, ""], strict=True)))
    return "\n\n".join(out)


def furnished(text: str) -> str:
    """The page as pasted from a browser: crumbs, its first line (the headline), a byline, a
    date line and share buttons, the story, then links and notices."""
    first, _, rest = text.strip().partition("\n")
    return CRUMBS + first + UNDER_TITLE + rest.strip() + FOOTER


def captions(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    for at, line in ((2, CAPTION), (5, HEADING)):
        if at < len(paragraphs):
            paragraphs.insert(at, line)
    return "\n\n".join(paragraphs)


def one_block(text: str) -> str:
    """Paragraph breaks lost: the page as one block, as scraped datasets and CSV cells hold
    it (a headline, a date line or a caption then runs into the next sentence)."""
    return " ".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def inline_furniture(text: str) -> str:
    """Links and prompts a partner's page runs between paragraphs, left in the text as given
    (a caller that builds the article in code skips ingestion)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    for at, line in ((2, READ_MORE), (4, PROMPT)):
        if at < len(paragraphs):
            paragraphs.insert(at, line)
    return "\n\n".join(paragraphs)


READ_MORE = "READ MORE: Ministers clash over budget plans as the deadline looms"
PROMPT = "Sign up for our morning briefing to get the day's top stories in your inbox."
CAPTION = "A man walks past the building in the capital on Tuesday. REUTERS/John Smith"
HEADING = "What happens next"
CRUMBS = "Home » World » Europe\n\n"
UNDER_TITLE = (  # what a page prints between its headline and its story
    "\n\nBy Staff Reporter\n\nPublished: 12 March 2024, 10:32 GMT | Updated 3 hours ago\n\n"
    "Share on Facebook Share on Twitter Email\n\n"
)
FOOTER = (
    "\n\nRead more:\n\nLeaders meet for emergency talks\n\n"
    "Subscribe to our newsletter for the latest news.\n\n"
    "© 2024 Example News Ltd. All rights reserved."
)

VARIANTS: dict[str, Callable[[str], str]] = {
    "wrapped": wrapped,
    "curly": curly,
    "straight": straight,
    "guillemets": guillemets,
    "british": british,
    "single_newlines": single_newlines,
    "sentence_lines": sentence_lines,
    "captions": captions,
    "inline_furniture": inline_furniture,
    "one_block": one_block,
}


# The same forms on the source's side: an archive's copy of the wire story may be set in other
# marks or flattened as much as the page is.
SOURCE_VARIANTS = ("curly", "straight", "guillemets", "british", "single_newlines", "one_block")


def html_page(page: dict[str, Any]) -> str:
    """The page as a news site serves it (see the module's doc)."""
    title = html.escape(page.get("title") or "")
    paragraphs = "\n".join(
        f"<p>{html.escape(p.strip())}</p>" for p in _PARAGRAPH.split(page["text"]) if p.strip()
    )
    byline = html.escape(page.get("byline") or "Staff Reporter")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title} | Example News"
        "</title></head><body><header><nav><a href='/'>Home</a> <a href='/world'>World</a> "
        "<a href='/business'>Business</a> <a href='/sport'>Sport</a></nav></header>"
        f"<main><article><h1>{title}</h1><p class='byline'>By {byline}</p>{paragraphs}"
        "</article><aside><h2>Related stories</h2><ul><li><a href='/a'>Leaders meet for "
        "emergency talks</a></li><li><a href='/b'>Markets fall on trade fears</a></li></ul>"
        "</aside></main><footer><p>&copy; 2024 Example News Ltd. All rights reserved.</p>"
        "<p><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></p></footer></body></html>"
    )


def outcome(
    pair: dict[str, Any],
    text: str | None = None,
    *,
    pasted: bool = False,
    served: bool = False,
    source_text: str | None = None,
) -> Outcome:
    """The verdict and, per scored annotation, whether it is found. ``pasted``: the text is
    read as a pasted file is (header lines and furniture taken out); ``served``: the page is
    read from its HTML (``html_page``); ``source_text``: the source's text instead of its own."""
    import unspin
    from unspin.ingest import article_from_html, article_from_text

    derivative = rw.article(pair["derivative"], "derivative")
    if text is not None:
        derivative = dataclasses.replace(derivative, text=text)
    if pasted:
        derivative = dataclasses.replace(article_from_text(derivative.text), id="derivative")
    if served:
        page = article_from_html(html_page(pair["derivative"]))
        derivative = dataclasses.replace(page, id="derivative")
    source = rw.article(pair["source"], "source")
    if source_text is not None:
        source = dataclasses.replace(source, text=source_text)
    report = unspin.compare(derivative, source)
    found = tuple(
        rw.label_found(label, report, derivative.text)
        for label in pair["annotations"]
        if label["type"] in rw.SCORED_LABELS
    )
    return report.verdict.value, found


Outcome = tuple[str, tuple[bool, ...]]
CUT_AT = 2 / 3  # of the text's characters, mid-word as an excerpt is cut
COPY_VERDICTS = ("spun_copy", "collage", "partly_derived")


def cut_short(text: str) -> str:
    return text[: int(len(text) * CUT_AT)]


def cut_rows(pairs: list[dict[str, Any]], given: dict[str, str]) -> list[str]:
    """Verdicts by kind with the source or the derivative cut short (see the module's doc)."""
    verdicts: dict[str, dict[str, str]] = {
        "as given": given,
        "source cut": {},
        "derivative cut": {},
    }
    notes = []
    for pair in pairs:
        source, text = pair["source"]["text"], pair["derivative"]["text"]
        verdicts["source cut"][pair["id"]] = outcome(pair, source_text=cut_short(source))[0]
        verdicts["derivative cut"][pair["id"]] = outcome(pair, cut_short(text))[0]
        for name in ("source cut", "derivative cut"):
            if verdicts[name][pair["id"]] != given[pair["id"]]:
                notes.append(f"- {pair['id']} ({pair['kind']}) {name}: {given[pair['id']]} -> "
                             f"{verdicts[name][pair['id']]}")  # fmt: skip
    return [*_by_kind(pairs, verdicts), "", *notes]


def _paragraphs(text: str) -> list[str]:
    return [p for p in _PARAGRAPH.split(text) if p.strip()]


def rearranged_pages(text: str, filler: str) -> dict[str, str]:
    """The page's text rearranged (see the module's doc); ``filler``: an unrelated story's."""
    paragraphs, others = _paragraphs(text), _paragraphs(filler)
    n = len(paragraphs)
    return {
        "paragraphs reordered": "\n\n".join(paragraphs[:1] + paragraphs[1:][::-1]),
        "inside another story": "\n\n".join(
            paragraphs[:1] + others[:4] + paragraphs[1:] + others[4:]
        ),
        "middle excerpt": "\n\n".join(paragraphs[n // 3 : max(n // 3 + 2, 2 * n // 3)]),
    }


def rearranged(pair: dict[str, Any], filler: str) -> dict[str, str]:
    """The pair's verdict under each rearrangement, and with the roles reversed."""
    import unspin

    page, source = (
        rw.article(pair["derivative"], "derivative"),
        rw.article(pair["source"], "source"),
    )
    out = {"reversed": unspin.compare(dataclasses.replace(source, id="derivative"),
                                      dataclasses.replace(page, id="source")).verdict.value}  # fmt: skip
    for name, text in rearranged_pages(page.text, filler).items():
        out[name] = unspin.compare(dataclasses.replace(page, text=text), source).verdict.value
    return out


RESPUN = {"respun 20%": 0.2, "respun 40%": 0.4}


def respun_pages(pair: dict[str, Any], text: str) -> dict[str, str]:
    """The page's text through a second, cheap spinner (see the module's doc)."""
    import random

    import spinsim
    from unspin.core.model import Article

    out = {}
    for name, rate in RESPUN.items():
        rng = random.Random(f"{pair['id']}:{name}")
        spun = spinsim.spin(Article(text=text), rng=rng, synonym_rate=rate, crude_synonyms=True)
        out[name] = spun.derivative.text
    return out


def respun_rows(pairs: list[dict[str, Any]], given: dict[str, str]) -> list[str]:
    """Verdicts by kind with the pages respun (see the module's doc)."""
    import unspin

    verdicts: dict[str, dict[str, str]] = {"as given": given}
    notes = []
    for pair in pairs:
        page, source = (
            rw.article(pair["derivative"], "derivative"),
            rw.article(pair["source"], "source"),
        )
        for name, text in respun_pages(pair, page.text).items():
            verdict = unspin.compare(dataclasses.replace(page, text=text), source).verdict.value
            verdicts.setdefault(name, {})[pair["id"]] = verdict
            if verdict != given[pair["id"]]:
                notes.append(
                    f"- {pair['id']} ({pair['kind']}) {name}: {given[pair['id']]} -> {verdict}"
                )
    return [*_by_kind(pairs, verdicts), "", *notes]


def _sport(data: Path) -> list[Any]:
    """BBC sport stories, the unrelated filler (no realworld pair is about sport)."""
    return sorted((d for d in ce.load_bbc(data) if d.id.split(":")[1].startswith("sport")),
                  key=lambda d: d.id)  # fmt: skip


def check_rows(pairs: list[dict[str, Any]], data: Path) -> list[str]:
    """``check`` on each page as given, cut short and rearranged, with every pair's source
    indexed among the distractors, as ``realworld_eval`` indexes them: is the true source
    found, is the other report of an independent pair taken?"""
    from unspin.app import check

    store = rw.build_store(data, pairs, rw.DISTRACTORS)
    sport = _sport(data)
    found: dict[str, dict[str, bool]] = {}
    for i, pair in enumerate(pairs):
        page = rw.article(pair["derivative"], f"{pair['id']}:derivative")
        texts = {"as given": page.text, "page cut": cut_short(page.text)}
        texts.update(rearranged_pages(page.text, sport[i % len(sport)].text if sport else ""))
        texts.update(respun_pages(pair, page.text))
        for name, text in texts.items():
            report = check(dataclasses.replace(page, text=text), store)
            ids = {m.id for m in report.source_matches}
            ids.update(c for m in report.source_matches for c in m.copies)
            found.setdefault(name, {})[pair["id"]] = f"{pair['id']}:source" in ids
    rows = ["| measure | " + " | ".join(found) + " |", "|---|" + "---:|" * len(found)]
    for label, kinds in (
        ("copies (spun, faithful): true source found", ("spun", "faithful_copy")),
        ("independent reports: the other report taken", ("same_event_independent",)),
    ):
        ids = [p["id"] for p in pairs if p["kind"] in kinds]
        cells = [f"{sum(found[n][i] for i in ids)}/{len(ids)}" for n in found]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return rows


def rearranged_rows(pairs: list[dict[str, Any]], given: dict[str, str], data: Path) -> list[str]:
    """Verdicts by kind with the pairs rearranged (see the module's doc)."""
    sport = _sport(data)
    if not sport:
        return ["no BBC sport stories for the filler; skipped"]
    verdicts: dict[str, dict[str, str]] = {"as given": given}
    notes = []
    for i, pair in enumerate(pairs):
        for name, verdict in rearranged(pair, sport[i % len(sport)].text).items():
            verdicts.setdefault(name, {})[pair["id"]] = verdict
            if verdict != given[pair["id"]]:
                notes.append(
                    f"- {pair['id']} ({pair['kind']}) {name}: {given[pair['id']]} -> {verdict}"
                )
    return [*_by_kind(pairs, verdicts), "", *notes]


def _by_kind(pairs: list[dict[str, Any]], verdicts: dict[str, dict[str, str]]) -> list[str]:
    """The counts by kind that a cut or a rearrangement is judged on, one column each."""
    kind = {p["id"]: p["kind"] for p in pairs}

    def count(name: str, of_kind: str, wanted: tuple[str, ...]) -> str:
        ids = [i for i in verdicts[name] if kind[i] == of_kind]
        return f"{sum(verdicts[name][i] in wanted for i in ids)}/{len(ids)}"

    rows = [
        "| measure | " + " | ".join(verdicts) + " |",
        "|---|" + "---:|" * len(verdicts),
    ]
    for label, of_kind, wanted in (
        ("faithful copies called `faithful_copy`", "faithful_copy", ("faithful_copy",)),
        ("faithful copies called a copy (any copy verdict)", "faithful_copy",
         (*COPY_VERDICTS, "faithful_copy")),
        ("spun pages called `faithful_copy`", "spun", ("faithful_copy",)),
        ("spun pages called a copy (spun, collage, partly derived)", "spun", COPY_VERDICTS),
        ("independent reports called a copy", "same_event_independent",
         (*COPY_VERDICTS, "faithful_copy")),
    ):  # fmt: skip
        rows.append(
            f"| {label} | " + " | ".join(count(n, of_kind, wanted) for n in verdicts) + " |"
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    ap.add_argument("--check", action="store_true",
                    help="also run `check` on the pages cut and rearranged (~3 min)")  # fmt: skip
    args = ap.parse_args(argv)
    if not (args.data / "realworld" / "pairs").is_dir():
        print(f"no realworld data at {args.data}; skipping")
        return 0
    ce._init_worker()
    pairs = rw.load_pairs(args.data, args.split)
    sourced = [f"source {name}" for name in SOURCE_VARIANTS]
    held = dict.fromkeys([*VARIANTS, "furniture", "html", "scraped", "typed_marks", *sourced], 0)
    notes: list[str] = []
    verdicts: dict[str, str] = {}
    for pair in pairs:
        text = pair["derivative"]["text"]
        given, pasted = outcome(pair), outcome(pair, pasted=True)
        verdicts[pair["id"]] = given[0]
        tries = [(name, given, outcome(pair, variant(text))) for name, variant in VARIANTS.items()]
        tries.append(("furniture", pasted, outcome(pair, furnished(text), pasted=True)))
        tries.append(("scraped", pasted, outcome(pair, scraped(text), pasted=True)))
        tries.append(("typed_marks", pasted, outcome(pair, typed_marks(text), pasted=True)))
        tries.append(("html", given, outcome(pair, served=True)))
        source = pair["source"]["text"]
        tries.extend(
            (f"source {name}", given, outcome(pair, source_text=VARIANTS[name](source)))
            for name in SOURCE_VARIANTS
        )
        for name, before, got in tries:
            if got == before:
                held[name] += 1
            else:
                notes.append(f"- {pair['id']} {name}: {before[0]} {sum(before[1])}/"
                             f"{len(before[1])} labels -> {got[0]} {sum(got[1])}/{len(got[1])}")  # fmt: skip
    print(f"| variant ({args.split}) | pairs with the same verdict and labels |")
    print("|---|---:|")
    for name, n in held.items():
        print(f"| {name} | {n}/{len(pairs)} |")
    print("\n".join(["", *notes]) if notes else "\nevery pair holds under every variant")
    print(f"\ncut at {CUT_AT:.0%} of its length ({args.split}):\n")
    print("\n".join(cut_rows(pairs, verdicts)))
    print(f"\nrearranged ({args.split}):\n")
    print("\n".join(rearranged_rows(pairs, verdicts, args.data)))
    print(f"\nrespun ({args.split}):\n")
    print("\n".join(respun_rows(pairs, verdicts)))
    if args.check:
        print(f"\ncheck, pages cut, rearranged and respun ({args.split}):\n")
        print("\n".join(check_rows(pairs, args.data)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
