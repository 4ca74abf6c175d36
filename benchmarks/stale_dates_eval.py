"""Stale relative dates found from the event: recall and false alarms on built cases.

    python benchmarks/stale_dates_eval.py                 # the reported figures (150 stories)
    python benchmarks/stale_dates_eval.py --limit 30      # a quick look
    python benchmarks/stale_dates_eval.py --failures 5    # with examples of misses and alarms

Stories: Reuters-21578 bodies (NORM, 300-2,500 characters, the trailing "Reuter" and the
<company> brackets removed) dated by the collection, with at least one relative date outside
quotation marks ("today", "yesterday", "tomorrow", "on Tuesday", "this week" ...) that is no
longer true one or two days later. Stories are taken in the order of a hash of their id.

For a story A dated D, the evidence is another report of the same events, B, dated D: only A's
sentences that carry a relative date, in reverse order, each date re-expressed in B's own words
("today" -> "on Tuesday", "yesterday" -> "on Monday") and "said" -> "announced". So no
sentence of the page and of B carries the same expression: the copied-sentence rule cannot
answer, only the event rule can. Each case is ``compare(page, B)``:

* stale republication (positive): A's text as is, dated D + k (k = 1 or 2 by the hash);
* same-day copy (negative): A's text, dated D;
* correct update (negative): A's text dated D + k, every relative date replaced by one true on
  the new date ("today" -> "yesterday", "tomorrow" -> "today", a day further back -> its
  weekday, or its calendar date where the sentence speaks of the future).

Each case is run twice: with B as built, and with B spun by ``benchmarks/spinsim.py`` (WordNet
synonyms at 30% of eligible words, entity aliases at 50%; no date edits), the rewording a
content farm or another outlet adds.

A case is flagged when the report has a ``stale_relative_date`` change. Recall is over the
positives; the false-alarm rate over each kind of negative. Writes the table, with the
command, to ``docs/benchmarks_dates.md`` unless ``--limit`` or ``--output -``.
Exits 0 with a message when the data folder is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from spinsim import default_resources, spin  # noqa: E402
from unspin.comparison import compare  # noqa: E402
from unspin.credibility.dates import EXPRESSION, is_stale, readings  # noqa: E402
from unspin.credibility.events import quoted_spans  # noqa: E402
from unspin.model import Article, ChangeKind  # noqa: E402
from unspin.nlp import parse  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
MIN_CHARS, MAX_CHARS = 300, 2500
_REUTER_TAIL = re.compile(r"\s*\bReuter\s*$", re.IGNORECASE)
_REUTER_TICKER = re.compile(r"<([^<>\n]{1,80})>")
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|to be|due to|expected to|plans? to)\b", re.I)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    published: dt.date
    text: str


def _hash(s: str) -> int:
    return int(hashlib.sha1(s.encode()).hexdigest()[:12], 16)


def _body(raw: str) -> str:
    text = _REUTER_TICKER.sub(r"\1", _REUTER_TAIL.sub("", raw).rstrip())
    paragraphs = re.split(r"\n\s{3,}", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _expressions(text: str) -> list[re.Match[str]]:
    quoted = quoted_spans(text)
    return [m for m in EXPRESSION.finditer(text) if not any(a <= m.start() < b for a, b in quoted)]


def load(data: Path) -> Iterator[Story]:
    for path in sorted((data / "reuters21578").glob("reut2-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec.get("text_type") != "NORM" or not rec.get("body"):
                    continue
                text = _body(rec["body"])
                if not MIN_CHARS <= len(text) <= MAX_CHARS:
                    continue
                published = dt.datetime.strptime(rec["date"].split()[0], "%d-%b-%Y").date()
                yield Story(f"reuters:{rec['newid']}", rec.get("title") or "", published, text)


def _day_meant(expr: str, said_on: dt.date, sentence: str = "") -> dt.date | None:
    """The day ``expr`` meant; a bare weekday read by the sentence's tense."""
    days = sorted({r(said_on) for r in readings(expr)})
    if len(days) == 1:
        return days[0]
    return days[-1] if _FUTURE.search(sentence) else days[0]


def _wd(d: dt.date) -> str:
    return f"{d:%A}"


def in_own_words(expr: str, published: dt.date) -> str:
    """``expr`` as another report of the same day would put it (weekday names, not deixis)."""
    e = " ".join(expr.lower().split())
    day = _day_meant(expr, published)
    if e in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        part = {"tonight": " night", "this morning": " morning", "this afternoon": " afternoon"}
        part["this evening"] = " evening"
        return f"on {_wd(published)}{part.get(e, '')}"
    if e in ("yesterday", "tomorrow") and day is not None:
        return f"on {_wd(day)}"
    return expr


def updated(expr: str, sentence: str, said_on: dt.date, read_on: dt.date) -> str:
    """An expression that is true on ``read_on`` for the day ``expr`` meant on ``said_on``."""
    if not is_stale(expr, said_on, read_on):
        return expr
    e = " ".join(expr.lower().split())
    day = _day_meant(expr, said_on, sentence)
    if day is None:
        return expr
    if e.endswith("week"):
        shift = (day - (read_on - dt.timedelta(days=read_on.weekday()))).days
        return {0: "this week", -7: "last week", 7: "next week"}.get(
            shift, f"in the week of {day:%B} {day.day}"
        )
    if day == read_on:
        return "today"
    if day == read_on - DAY:
        return "yesterday"
    if day == read_on + DAY:
        return "tomorrow"
    if day < read_on and (read_on - day).days < 7 and not _FUTURE.search(sentence):
        return f"on {_wd(day)}"
    return f"on {day:%B} {day.day}"


def _replace_all(text: str, matches: list[re.Match[str]], new: list[str]) -> str:
    out, at = [], 0
    for m, repl in zip(matches, new, strict=True):
        out.append(text[at : m.start()])
        if text.startswith(("'s", "’s"), m.end()) and repl.startswith("on "):
            repl = repl[3:]  # "yesterday's close" -> "Monday's close"
        out.append(repl[:1].upper() + repl[1:] if m.group(0)[:1].isupper() else repl)
        at = m.end()
    out.append(text[at:])
    return "".join(out)


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``, as spaCy splits it (abbreviations like "U.S." kept)."""
    for s in parse(text).sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    return pos, pos


def other_report(story: Story) -> Article:
    """Another report of the same events: A's dated sentences, in reverse order, each date
    re-expressed and "said" -> "announced"."""
    text = story.text
    spans = sorted({_sentence_of(text, m.start()) for m in _expressions(text)}, reverse=True)
    sentences = []
    for a, b in spans:
        chunk = text[a:b]
        found = list(EXPRESSION.finditer(chunk))
        chunk = _replace_all(
            chunk, found, [in_own_words(m.group(0), story.published) for m in found]
        )
        sentences.append(re.sub(r"\bsaid\b", "announced", chunk))
    return Article(
        id="other",
        title=f"Another report: {story.title.title()}",
        published=story.published,
        text="\n\n".join(sentences),
    )


def cases(story: Story) -> list[tuple[str, Article]]:
    k = 1 + _hash("k:" + story.id) % 2
    later = story.published + k * DAY
    found = _expressions(story.text)
    update = _replace_all(
        story.text,
        found,
        [
            updated(
                m.group(0),
                story.text[slice(*_sentence_of(story.text, m.start()))],
                story.published,
                later,
            )
            for m in found
        ],
    )
    page = Article(title=story.title, text=story.text)
    return [
        ("stale republication", Article(title=story.title, text=story.text, published=later)),
        ("same-day copy", Article(title=page.title, text=page.text, published=story.published)),
        ("correct update", Article(title=story.title, text=update, published=later)),
    ]


def eligible(story: Story) -> bool:
    later = story.published + DAY
    return any(is_stale(m.group(0), story.published, later) for m in _expressions(story.text))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--n", type=int, default=150, help="stories")
    ap.add_argument("--limit", type=int, default=None, help="fewer stories, nothing written")
    ap.add_argument("--failures", type=int, default=0)
    ap.add_argument("--output", default=str(ROOT / "docs" / "benchmarks_dates.md"))
    args = ap.parse_args()
    if not (args.data / "reuters21578").is_dir():
        print(f"no Reuters-21578 under {args.data}; nothing to do")
        return 0
    n = args.limit or args.n
    stories = sorted((s for s in load(args.data) if eligible(s)), key=lambda s: _hash(s.id))[:n]
    counts: dict[str, list[int]] = {}
    failures: dict[str, list[str]] = {}
    t0 = time.perf_counter()
    resources = default_resources()
    for story in stories:
        plain = other_report(story)
        rng = random.Random(_hash("spin:" + story.id))
        spun = spin(plain, rng=rng, synonym_rate=0.3, entity_alias_rate=0.5, resources=resources)
        for (kind, page), (how, evidence) in itertools.product(
            cases(story), (("", plain), (" / spun evidence", spun.derivative))
        ):
            kind += how
            report = compare(page, [evidence])
            stale = report.changes_of(ChangeKind.STALE_RELATIVE_DATE)
            flagged = bool(stale)
            c = counts.setdefault(kind, [0, 0])
            c[0] += flagged
            c[1] += 1
            wrong = flagged != kind.startswith("stale republication")
            if wrong and len(failures.setdefault(kind, [])) < args.failures:
                failures[kind].append(
                    f"{story.id} {page.published}: {[(x.text, x.from_, x.source_text) for x in stale]}\n"
                    f"  page: {page.text[:400]!r}\n  other: {evidence.text[:400]!r}"
                )
    elapsed = time.perf_counter() - t0
    rows = [
        "| cases | n | flagged | rate |",
        "|---|---:|---:|---:|",
    ]
    for kind in sorted(counts, key=lambda k: (k.split(" /")[0] != "stale republication", k)):
        hit, total = counts[kind]
        what = "recall" if kind.startswith("stale republication") else "false alarms"
        rows.append(f"| {kind} ({what}) | {total} | {hit} | {hit / max(1, total):.3f} |")
    table = "\n".join(rows)
    print(table)
    print(f"{len(stories)} stories, {sum(c[1] for c in counts.values())} cases in {elapsed:.0f}s")
    for kind, items in failures.items():
        print(f"\n## {kind}")
        print("\n".join(items))
    if args.limit is None and args.output != "-":
        cmd = "python benchmarks/stale_dates_eval.py" + (f" --n {args.n}" if args.n != 150 else "")
        Path(args.output).write_text(
            "# Stale relative dates: built cases\n\n"
            f"Command: `{cmd}` ({len(stories)} Reuters-21578 stories, "
            f"{elapsed:.0f} s on the shared 2-core machine). How the cases are built is in "
            "the script's docstring.\n\n" + table + "\n",
            encoding="utf-8",
        )
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
