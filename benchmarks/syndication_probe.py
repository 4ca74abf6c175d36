"""Faithful republications: real articles with a publisher's edits must stay `faithful_copy`.

    python benchmarks/syndication_probe.py                 # 140 DEV articles
    python benchmarks/syndication_probe.py --split test    # the held-out half, rarely

Articles: compare_eval's split (Reuters-21578, BBC, FNC-1 bodies), articles 60-199 in its
order (the first 60 were looked at while the probe was written). Each is republished with one
edit drawn per article (seed 5), or all of them at once, and compared with its original:

- a dateline ("LONDON —", "WASHINGTON (Reuters) -", "PARIS, March 3 (AFP) -") opening it;
- a credit line before it ("(Daily Sun - Partner) AFP", "By Reuters Staff");
- an aggregator's credit before the wire's ("(NewsHub / AFP) ", "Dhaka, Nov 3 (UNB/AFP) - ");
- the last paragraphs trimmed, or the text cut at 70% of its length (inside a sentence);
- a furniture line after it ("Share this article", a copyright line);
- an attribution tail on every other paragraph (", the statement said.", ", officials said.");
- British spellings for American ones (defense -> defence, program -> programme, ...);
- the desk's house style: percentages ("12 pct" -> "12%", "5%" -> "5 percent", "per cent"),
  honorifics dropped ("Mr. Holt" -> "Holt"), "U.S." -> "US", a company's legal suffix dropped
  ("Acme Corp said" -> "Acme said"), the currency's country ("$5" -> "US$5"), the country
  before a title dropped ("U.S. Treasury Secretary James Baker" -> "Treasury Secretary ..."),
  a time given again in GMT dropped.

``--edit NAME`` makes that one edit on every article (a stress test of one rule). These edits
are made only that way (the default draw above is unchanged since it was first scored):

- `paragraphs`: re-paragraphed (short paragraphs joined, long ones split, even inside a quote);
- `trailer`: an editors' line at the end ("(Reporting by ...; Editing by ...)");
- `related`: a "READ MORE: ..." link line in the middle;
- `quotes`: typographic double marks, or a British desk's single marks (curly or straight);
- `dashes`: " - " as an em dash; `typography`: curly apostrophes, no-break spaces, "…";
- `ap`: AP style (month abbreviations, "3 p.m.", figures below ten in words);
- `middle`: a middle paragraph cut for length;
- `british`: a British or Asian desk's numbers and dates ("$2.5bn", "$40m", "10am",
  "3 June", "1200"), and a lead paragraph without its opening "The" (session 9);
- `asides`: an amount followed by its conversion into pounds, miles into km (session 9);
- `titles`: a title before a name written in full or abbreviated ("Sen." / "Senator",
  "Gov.", "Rep.", "Gen."), as desks' styles differ (session 10);
- `captions`: a photo caption with its credit, or an "Advertisement" line, between two
  paragraphs, as scraped from a partner's page (session 10).
- `subheads`: two section headings a partner inserts between paragraphs ("Why It
  Matters"); `stamps`: the partner's publication stamps above the story ("Updated 41 minutes
  ago") (session 12).

Prints the verdicts and, for each article not called `faithful_copy`, its edits and changes.
None of these edits is spin; the README's verdict rule says they never count as such.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

AMERICAN_BRITISH = [
    ("defense", "defence"),
    ("organization", "organisation"),
    ("center", "centre"),
    ("program", "programme"),
    ("labor", "labour"),
    ("favor", "favour"),
    ("color", "colour"),
    ("analyze", "analyse"),
]
HOUSE_STYLE = [
    (r"(\d) pct\b", r"\1%"),
    (r"(\d)%", r"\1 percent"),
    (r"\bper cent\b", "percent"),
    (r"\b(?:Mr|Mrs|Ms|Dr)\.? (?=[A-Z])", ""),
    (r"\bU\.S\.(?= [a-z])", "US"),
    (r"\b(?:Inc|Corp|Ltd|Co)\b\.?(?= [a-z])", ""),
    (r"\$(?=\d)", "US$"),
    (r"\bU\.S\. (?=[A-Z][a-z]+ [A-Z])", ""),
    (r" \(\d{4} GMT\)", ""),
]
# A British or Asian desk's numbers and dates: "$2.5bn", "$40m", "10am", "3 June 2024",
# "1200" for "1,200", a headline-style lead without "The".
BRITISH_FORMS = [
    (r"(?<=\d) billion\b", "bn"),
    (r"(?<=[$£€]\d) million\b|(?<=[$£€]\d\d) million\b|(?<=[$£€]\d\d\d) million\b", "m"),
    (r"(?<=\d) ?([ap])\.m\.", r"\1m"),
    (
        r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)([a-z]*)\.? (\d{1,2})\b,?",
        r"\3 \1\2",
    ),
    (r"(?<=\d),(?=\d{3}\b)", ""),
    (r"(?m)^The (?=[A-Z][a-z]+ [a-z])", ""),
]
AMOUNT = re.compile(r"(\$|\b)(\d+(?:\.\d+)?) (million|billion|mln|bln)(?: dlrs)?\b")
DISTANCE = re.compile(r"\b(\d+) miles\b")


def _with_aside(m: re.Match[str]) -> str:
    """An amount followed by the desk's conversion into pounds."""
    pounds = round(float(m.group(2)) * 0.8, 1)
    return f"{m.group()} (£{pounds:g} {m.group(3)})"


TITLE_FORMS = [("Sen.", "Senator"), ("Gov.", "Governor"), ("Rep.", "Representative"),
               ("Gen.", "General"), ("Lt.", "Lieutenant"), ("Sgt.", "Sergeant")]  # fmt: skip
CAPTIONS = [
    "FILE PHOTO: A general view of the building in Washington, U.S., March 3, 2023. REUTERS/Ann Lee/File Photo",
    "Police officers stand guard outside the court on Tuesday. (AP Photo/Ben Cho)",
    "Advertisement",
    "Photo: AFP",
]  # fmt: skip


def _retitled(text: str) -> str:
    """Each title before a name swapped for its other form (abbreviated or in full)."""
    for short, full in TITLE_FORMS:
        marker = "\x00"
        text = re.sub(rf"\b{re.escape(short)} (?=[A-Z])", marker, text)
        text = re.sub(rf"\b{full} (?=[A-Z][a-z])", f"{short} ", text)
        text = text.replace(marker, f"{full} ")
    return text


NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? $")


def _in_words(m: re.Match[str]) -> str:
    """A figure below ten written out (AP style), except a day of the month."""
    if MONTH_BEFORE.search(m.string[max(0, m.start() - 12) : m.start()]):
        return m.group(1)
    return NUMBER_WORDS[int(m.group(1))]


AP_STYLE = [
    (r"\b(Jan|Feb|Aug|Sept|Oct|Nov|Dec)(?:uary|ruary|ust|ember|ober)\b(?= \d)", r"\1."),
    (r"\b(\d{1,2})(?::00)? ?([ap])\.?m\.?(?=\W)", r"\1 \2.m."),
    (r"(?<![\d.,$/])\b(\d)(?= [a-z]+\b)(?! (?:a|p)\.m\.)", _in_words),
]
EDITS = (
    "dateline", "credit", "aggregator", "trim", "cut", "furniture", "tail", "spelling", "style",
    "paragraphs", "trailer", "related", "quotes", "dashes", "ap", "typography", "middle",
    "british", "asides", "titles", "captions", "subheads", "stamps",
)  # fmt: skip
# Edits added in session 8: drawn only with --edit, so the default draw is that of earlier sessions.
LATER_EDITS = EDITS[EDITS.index("paragraphs") :]


SUBHEADS = [
    "What Happens Next", "Why It Matters", "A Long Dispute", "Background",
    "Reaction From Rivals", "The Numbers", "What They Said",
]  # fmt: skip
STAMPS = [
    ["Published 3 hours ago", "Updated 41 minutes ago"],
    ["Posted: Mar 3, 2024 / 10:41 AM EST", "Updated: Mar 3, 2024 / 11:02 AM EST"],
    ["March 3, 2024 at 10:41 a.m. GMT+1"],
]


def republish(text: str, rng: random.Random, only: str | None = None) -> tuple[str, list[str]]:
    """The text with one drawn edit (or all of them, or ``only``), and the edits made."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    edit = rng.choice([*(e for e in EDITS if e not in LATER_EDITS), "all"])
    edit = only or edit  # drawn all the same, so the other articles' draws do not move
    done: list[str] = []

    def wanted(name: str) -> bool:
        return edit in (name, "all")

    if edit == "cut":
        joined = "\n\n".join(paras)
        return joined[: int(len(joined) * 0.7)], ["cut"]
    if wanted("dateline"):
        lead = rng.choice(["LONDON —", "WASHINGTON (Reuters) -", "PARIS, March 3 (AFP) -"])
        paras[0] = f"{lead} {paras[0]}"
        done.append("dateline")
    if wanted("aggregator") and edit != "all":
        lead = rng.choice(
            ["(Daily Sun - Partner) AFP - ", "(NewsHub / AFP) ", "Dhaka (UNB/AFP) - "]
        )
        paras[0] = lead + paras[0]
        done.append("aggregator")
    if wanted("credit"):
        paras.insert(0, rng.choice(["(Daily Sun - Partner) AFP", "By Reuters Staff"]))
        done.append("credit")
    if wanted("trim") and len(paras) > 4:
        paras = paras[: max(3, len(paras) - 2)]
        done.append("trim")
    if wanted("furniture"):
        paras.append(rng.choice(["Share this article", "Copyright 2024 AFP. All rights reserved."]))
        done.append("furniture")
    if wanted("tail"):
        for i, p in enumerate(paras):
            if i % 2 == 1 and p.endswith("."):
                paras[i] = p[:-1] + rng.choice([", the statement said.", ", officials said."])
        done.append("tail")
    if only == "paragraphs":
        # re-paragraphed: two short paragraphs joined, a long one split at a sentence end
        joined: list[str] = []
        for p in paras:
            if joined and len(joined[-1]) < 200 and len(p) < 200 and rng.random() < 0.5:
                joined[-1] = f"{joined[-1]} {p}"
                continue
            cut = [m.end() for m in re.finditer(r"[a-z]\. (?=[A-Z])", p)]
            if len(p) > 300 and cut:
                at = cut[len(cut) // 2]
                joined.extend([p[:at].strip(), p[at:].strip()])
                continue
            joined.append(p)
        paras = joined
        done.append("paragraphs")
    if only == "trailer":
        paras.append(rng.choice([
            "(Reporting by Jane Doe; Editing by Tom Roe)",
            "Additional reporting by Ann Lee in Geneva; Writing by Ben Cho; Editing by Sam Oak",
            "Reporting By Priya Nair; editing by Mark Hale",
        ]))  # fmt: skip
        done.append("trailer")
    if only == "related" and len(paras) > 3:
        at = len(paras) // 2
        paras.insert(at, rng.choice([
            "READ MORE: Markets slide as oil prices climb",
            "Also Read | Ten things to know before the vote",
            "RELATED: How the new rules affect you",
        ]))  # fmt: skip
        done.append("related")
    if only == "captions" and len(paras) > 2:
        paras.insert(1 + rng.randrange(len(paras) - 2), rng.choice(CAPTIONS))
        done.append("captions")
    if only == "subheads" and len(paras) > 3:
        # a partner's section headings between paragraphs (short, title case, no stop)
        heads = rng.sample(SUBHEADS, 2)
        paras.insert(2 * len(paras) // 3, heads[1])
        paras.insert(len(paras) // 3, heads[0])
        done.append("subheads")
    if only == "stamps":
        # the partner's publication stamps above the story
        paras[:0] = rng.choice(STAMPS)
        done.append("stamps")
    out = "\n\n".join(paras)
    if only == "titles":
        out = _retitled(out)
        done.append("titles")
    if only == "quotes":
        # typographic marks, or a British desk's single ones: opening after a space or bracket
        opening, closing = rng.choice([("\u201c", "\u201d"), ("\u2018", "\u2019"), ("'", "'")])
        out = re.sub(r'(^|[\s(\[])"', rf"\1{opening}", out, flags=re.M).replace('"', closing)
        done.append("quotes")
    if only == "dashes":
        out = re.sub(r" - ", " \u2014 ", out).replace(" -- ", " \u2013 ")
        done.append("dashes")
    if only == "typography":
        # what a CMS does: curly apostrophes, no-break spaces after short words, an ellipsis
        out = re.sub(r"(?<=\w)'(?=\w)", "\u2019", out)
        out = re.sub(r"\b(a|an|the|of|to|in|on|at) ", "\\1\u00a0", out)
        out = out.replace("...", "\u2026")
        done.append("typography")
    if only == "middle" and len(paras) > 5:
        # a middle paragraph left out (an editor's cut for length)
        del paras[len(paras) // 2]
        out = "\n\n".join(paras)
        done.append("middle")
    if only == "ap":
        for pattern, replacement in AP_STYLE:
            out = re.sub(pattern, replacement, out)
        done.append("ap")
    if only == "british":
        for pattern, replacement in BRITISH_FORMS:
            out = re.sub(pattern, replacement, out)
        done.append("british")
    if only == "asides":
        out = AMOUNT.sub(_with_aside, out)
        out = DISTANCE.sub(lambda m: f"{m.group()} ({round(int(m.group(1)) * 1.6)} km)", out)
        done.append("asides")
    if wanted("spelling"):
        for us, uk in AMERICAN_BRITISH:
            out = re.sub(rf"\b{us}(?=(s|ed|ing)?\b)", uk, out)
        done.append("spelling")
    if wanted("style"):
        for pattern, replacement in HOUSE_STYLE:
            out = re.sub(pattern, replacement, out)
        done.append("style")
    return out, done


def main(argv: list[str] | None = None) -> int:
    import compare_eval as ce

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--edit", choices=EDITS, default=None, help="make only this edit")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data under {args.data}; skipping")
        return 0
    ce._init_worker()
    import unspin
    from unspin.core.model import Article

    docs = ce.select(args.data, args.split)[60:200]
    rng = random.Random(5)
    verdicts: Counter[str] = Counter()
    for doc in docs:
        text, done = republish(doc.text, rng, args.edit)
        report = unspin.compare(Article(text=text, id="copy"), Article(text=doc.text, id="src"))
        verdicts[report.verdict.value] += 1
        if report.verdict.value != "faithful_copy":
            changes = Counter(c.kind.value for c in report.changes)
            print(f"{doc.id}: {', '.join(done)} -> {report.verdict.value} {dict(changes)}")
            for c in report.changes:
                if c.kind.value in ("reworded", "synonym_swap", "entity_swap"):
                    print(f"    {c.kind.value}: {c.from_!r} -> {c.to!r}")
    total = sum(verdicts.values())
    print(f"{verdicts['faithful_copy']}/{total} called faithful_copy; {dict(verdicts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
