"""Misattribution detection on tampered copies of real PolNeAR articles.

    python benchmarks/quote_tamper_eval.py                     # dev + test articles
    python benchmarks/quote_tamper_eval.py --splits train --limit 200   # for tuning

From each article with direct quotes (in the gold annotation) by two different named speakers
X (quote A) and Y (quote B), four derivatives are built and compared with the original by
the full pipeline (``extract_quotes`` on both texts, then ``compare_quotes``):

- ``moved``: B's sentence is deleted and B's words, without quotation marks or attribution,
  are put straight after A's sentence, so they read as X's (the real case). Expected:
  ``quote_misattributed`` over the moved words.
- ``swapped``: the name on A's attribution is replaced by Y's. Expected:
  ``quote_misattributed`` on A.
- ``altered``: one word inside A is replaced. Expected: ``quote_altered`` on A.
- ``unquoted``: A's quotation marks are dropped where it stands. Expected:
  ``quote_unquoted`` (or ``quote_misattributed``) on A's words.
- ``untouched``: an exact copy. Expected: no quote change at all.

Reported: per tamper, recall (the expected change, overlapping the tampered span); over all
tampered pairs, the precision of the quote changes reported (a change is right when it is
the expected kind at the tampered place); and on untouched copies the false-alarm rate
(share of copies with any quote change). Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

try:
    import unspin  # noqa: F401
except ImportError:  # running from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quotes_eval import Article, default_data_dir, load_split

_OPEN = '"“«„'
_CLOSE = '"”»“'
_PRONOUNS = {"he", "she", "they", "i", "we", "it", "who", "which", "you", "that"}
_SWAPS = {
    "will": "won't",
    "never": "always",
    "always": "never",
    "good": "bad",
    "great": "terrible",
    "should": "shouldn't",
    "can": "cannot",
    "more": "less",
    "best": "worst",
    "right": "wrong",
    "support": "oppose",
    "want": "refuse",
    "know": "doubt",
    "think": "doubt",
    "believe": "doubt",
    "important": "irrelevant",
    "strong": "weak",
}


@dataclass
class DirectQuote:
    start: int  # content start, opening mark excluded
    end: int  # content end, closing mark excluded
    open_pos: int
    close_pos: int
    speaker: str
    source: tuple[int, int]


@dataclass
class Pair:
    kind: str
    article: str
    text: str
    span: tuple[int, int] | None  # tampered span in the derivative
    expected: tuple[str, ...]


def direct_quotes(art: Article) -> list[DirectQuote]:
    from unspin.comparison.quotes.names import name_tokens

    text = art.text
    out = []
    for rel in art.relations:
        if not rel.direct or len(rel.content) != 1 or not rel.source or len(rel.source) != 1:
            continue
        s, e = rel.content[0]
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if text[s] not in _OPEN or text[e - 1] not in _CLOSE:
            continue
        inner_s, inner_e = s + 1, e - 1
        inner = text[inner_s:inner_e]
        if len(inner.split()) < 6 or any(c in inner for c in _OPEN + "”"):
            continue
        src_s, src_e = rel.source[0]
        src = text[src_s:src_e].strip()
        words = src.split()
        if not words or words[0].lower() in _PRONOUNS or not src[:1].isupper() or len(words) > 5:
            continue
        if not name_tokens(src):
            continue
        out.append(
            DirectQuote(
                start=inner_s,
                end=inner_e,
                open_pos=s,
                close_pos=e - 1,
                speaker=src,
                source=(src_s, src_e),
            )
        )
    out.sort(key=lambda q: q.start)
    return out


def _surname(name: str) -> str:
    from unspin.comparison.quotes.names import name_tokens

    toks = name_tokens(name)
    return toks[-1] if toks else name.lower()


_END_RE = re.compile(r"[.!?][\"”’]?(?=\s|$)|\n")


def _sentence_end(text: str, pos: int) -> int:
    """Index just past the sentence that is open at ``pos`` (or the paragraph end)."""
    for m in _END_RE.finditer(text, pos):
        if m.group() == "\n":
            return m.start()
        word = text[max(0, m.start() - 4) : m.start()].split()[-1:] or [""]
        if re.fullmatch(r"(?:[A-Z]\.?)+[A-Z]?|Mr|Mrs|Ms|Dr|St|Sen|Gov|Rep|Gen|Jr|Sr", word[0]):
            continue  # "U.S.", "Mr.": not a sentence end
        return m.end()
    return len(text)


def _sentence_start(text: str, pos: int) -> int:
    k = pos
    while k > 0:
        ch = text[k - 1]
        if ch == "\n":
            break
        if ch in ".!?" and k < len(text) and text[k].isspace():
            break
        k -= 1
    while k < pos and text[k].isspace():
        k += 1
    return k


def build_pairs(art: Article, rng: random.Random) -> list[Pair]:
    text = art.text
    quotes = direct_quotes(art)
    pairs: list[Pair] = [Pair("untouched", art.id, text, None, ())]
    if len(quotes) < 2:
        return []
    choice = None
    for a in quotes:
        for b in quotes:
            if a is b or _surname(a.speaker) == _surname(b.speaker):
                continue
            if b.start > a.end:
                choice = (a, b)
                break
        if choice:
            break
    if choice is None:
        return []
    a, b = choice

    # moved: delete B's sentence, put its words unquoted straight after A's sentence.
    a_end = _sentence_end(text, a.close_pos + 1)
    b_start = _sentence_start(text, b.open_pos)
    b_end = _sentence_end(text, b.close_pos + 1)
    if a_end <= b_start:
        words = text[b.start : b.end].strip().rstrip(",;:").strip()
        if words and words[-1] not in ".!?":
            words += "."
        deleted = text[:b_start] + text[b_end:]
        insert = " " + words
        derived = deleted[:a_end] + insert + deleted[a_end:]
        span = (a_end + 1, a_end + 1 + len(words))
        pairs.append(Pair("moved", art.id, derived, span, ("quote_misattributed",)))

    # swapped: Y's name on A's attribution.
    s0, s1 = a.source
    derived = text[:s0] + b.speaker + text[s1:]
    shift = len(b.speaker) - (s1 - s0)
    span = (a.start + (shift if s0 < a.start else 0), a.end + (shift if s0 < a.start else 0))
    pairs.append(Pair("swapped", art.id, derived, span, ("quote_misattributed",)))

    # altered: one word inside A replaced.
    inner = text[a.start : a.end]
    tokens = list(re.finditer(r"[A-Za-z']+", inner))
    cands = [m for m in tokens[1:-1] if m.group().lower() in _SWAPS]
    if not cands:
        cands = [m for m in tokens[1:-1] if len(m.group()) >= 5 and m.group().islower()]
    if cands:
        m = rng.choice(cands)
        word = m.group()
        new = _SWAPS.get(word.lower(), "unbelievable" if word != "unbelievable" else "remarkable")
        derived = text[: a.start + m.start()] + new + text[a.start + m.end() :]
        span = (a.start, a.end + len(new) - len(word))
        pairs.append(Pair("altered", art.id, derived, span, ("quote_altered",)))

    # unquoted: A's marks dropped where it stands.
    derived = text[: a.open_pos] + text[a.open_pos + 1 : a.close_pos] + text[a.close_pos + 1 :]
    span = (a.start - 1, a.end - 1)
    pairs.append(Pair("unquoted", art.id, derived, span, ("quote_unquoted", "quote_misattributed")))
    return pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", default="dev,test", help="comma-separated PolNeAR splits")
    ap.add_argument("--data", type=Path, default=None, help="the polnear folder")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles per split")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=0, help="print N misses and false alarms")
    args = ap.parse_args(argv)

    data_dir = args.data or default_data_dir()
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    paths = [data_dir / f"{s}.jsonl" for s in splits]
    if not all(p.exists() for p in paths):
        print(f"PolNeAR not found under {data_dir}; skipping the quote tamper benchmark.")
        return 0

    from unspin.comparison.quotes import compare_quotes, extract_quotes
    from unspin.core.model import Change, ChangeKind
    from unspin.nlp.parse import parse

    rng = random.Random(args.seed)
    articles: list[Article] = []
    for p in paths:
        arts = load_split(p)
        articles.extend(arts[: args.limit] if args.limit else arts)

    quote_kinds = {
        ChangeKind.QUOTE_MISATTRIBUTED,
        ChangeKind.QUOTE_UNQUOTED,
        ChangeKind.QUOTE_ALTERED,
        ChangeKind.QUOTE_FABRICATED,
    }
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    loose: Counter[str] = Counter()  # moved: caught as any quote change at the place
    reported = right = 0
    untouched_alarms = untouched_changes = 0
    used = 0
    shown = 0
    t0 = time.perf_counter()
    for art in articles:
        pairs = build_pairs(art, rng)
        if not pairs:
            continue
        used += 1
        src_parsed = parse(art.text)
        src_quotes = extract_quotes(art.text, src_parsed)
        for pair in pairs:
            parsed = src_parsed if pair.text == art.text else parse(pair.text)
            der_quotes = extract_quotes(pair.text, parsed)
            changes = [
                c
                for c in compare_quotes(
                    pair.text, der_quotes, art.text, src_quotes, source_id=art.id
                )
                if c.kind in quote_kinds
            ]
            total[pair.kind] += 1
            if pair.kind == "untouched":
                untouched_changes += len(changes)
                untouched_alarms += bool(changes)
                if changes and shown < args.show:
                    shown += 1
                    print("FALSE ALARM", art.id, [(c.kind.value, c.text[:80]) for c in changes])
                continue
            assert pair.span is not None
            s, e = pair.span

            def at_place(c: Change, s: int = s, e: int = e) -> bool:
                return c.start is not None and c.end is not None and c.start < e and s < c.end

            hit = any(c.kind.value in pair.expected and at_place(c) for c in changes)
            found[pair.kind] += hit
            loose[pair.kind] += any(at_place(c) for c in changes)
            if not hit and shown < args.show:
                shown += 1
                print(
                    "MISS",
                    pair.kind,
                    art.id,
                    repr(pair.text[s:e][:100]),
                    [(c.kind.value, c.text[:60]) for c in changes],
                )
            reported += len(changes)
            right += sum(1 for c in changes if c.kind.value in pair.expected and at_place(c))

    secs = time.perf_counter() - t0
    print(
        f"PolNeAR {'+'.join(splits)}: {used} articles with two named speakers' direct quotes "
        f"(of {len(articles)}); {sum(total.values())} pairs; {secs:.0f}s"
    )
    print("| tamper | pairs | detected (expected kind, at the place) | any change at the place |")
    print("|---|---|---|---|")
    tampered = 0
    hits = 0
    for kind in ("moved", "swapped", "altered", "unquoted"):
        n = total[kind]
        tampered += n
        hits += found[kind]
        if n:
            rate, any_rate = found[kind] / n, loose[kind] / n
            print(f"| {kind} | {n} | {rate:.3f} ({found[kind]}/{n}) | {any_rate:.3f} |")
    print()
    print(
        f"recall over all tampered pairs: {hits / tampered:.3f} ({hits}/{tampered})"
        if tampered
        else ""
    )
    print(
        f"precision of reported quote changes on tampered pairs: "
        f"{right / reported:.3f} ({right}/{reported})"
        if reported
        else "no changes reported"
    )
    n = total["untouched"]
    if n:
        print(
            f"false-alarm rate on untouched copies: {untouched_alarms / n:.3f} "
            f"({untouched_alarms}/{n} copies; {untouched_changes} changes)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
