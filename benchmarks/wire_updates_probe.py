"""The wire's own revisions: a later version of a Reuters story read against the earlier one.

    python benchmarks/wire_updates_probe.py                   # DEV pairs, Reuters-21578
    python benchmarks/wire_updates_probe.py --corpus fnc1     # FNC-1's web pages, or bbc
    python benchmarks/wire_updates_probe.py --split test      # the held-out half, rarely

Reuters-21578 holds stories that the wire sent again during the day, revised by its own desk:
a ticker symbol dropped after a company's name, a clause trimmed, "dollar" written "dlr", "the
United States" written "the U.S.", a figure updated, paragraphs added. Such a pair is what a
faithful copy looks like when the source that was indexed is another version of the wire
story (the realworld README's caveat: "some small differences come from the wire, not the
copier"). Nobody spun these texts; what the comparison calls them shows which of the wire's
own edits it takes for spin.

``--corpus fnc1`` does the same with FNC-1's bodies: pages of news sites from 2014-2015
(Emergent), some of which republish one another with a site's edits; ``--corpus bbc`` with
BBC News 2004-2005, which holds a few stories twice in two versions. There the order of a
pair is only that of the ids.

Pairs: stories of compare_eval's split (both of a pair in it) that share at least 40% of the
shorter one's sentences word for word, and are not identical. The later story (higher NEWID)
is compared with the earlier one. There are no labels: the probe prints the verdicts, and for
each pair not called ``faithful_copy`` its changes, to read by hand. A revision that changes
figures or adds paragraphs can rightly be something other than a faithful copy.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

LOADERS = {  # corpus: its folder under --data, compare_eval's loader
    "reuters": ("reuters21578", "load_reuters"),
    "fnc1": ("fnc1", "load_fnc"),
    "bbc": ("bbc_news", "load_bbc"),
}
MIN_SHARED = 0.4  # of the shorter story's sentences
MAX_PER_SENTENCE = 4  # a sentence in more stories than this is boilerplate, not a revision
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> set[str]:
    return {" ".join(s.lower().split()) for s in _SENTENCE.split(text) if len(s.split()) >= 6}


def revision_pairs(docs: list) -> list[tuple[str, str, float]]:  # type: ignore[type-arg]
    """``(earlier id, later id, shared share)`` for the near-duplicate stories in ``docs``."""
    postings: dict[str, set[str]] = defaultdict(set)
    sentences = {d.id: _sentences(d.text) for d in docs}
    for doc_id, sents in sentences.items():
        for s in sents:
            postings[s].add(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= MAX_PER_SENTENCE:
            ordered = sorted(ids, key=_newid)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    shared[(a, b)] += 1
    text = {d.id: d.text.strip() for d in docs}
    out = []
    for (a, b), n in shared.items():
        share = n / min(len(sentences[a]), len(sentences[b]))
        if MIN_SHARED <= share < 1.0 and text[a] != text[b]:
            out.append((a, b, round(share, 2)))
    return sorted(out, key=lambda p: (_newid(p[1]), _newid(p[0])))


def _newid(doc_id: str) -> tuple[str, int]:
    """Reuters' NEWID (the order the wire sent its stories); other ids in their own order."""
    part, _, number = doc_id.rpartition(":")
    digits = "".join(ch for ch in number if ch.isdigit())
    return (part + number.rstrip("0123456789"), int(digits or 0))


def main(argv: list[str] | None = None) -> int:
    import compare_eval as ce

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ce.DEFAULT_DATA)
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--corpus", choices=tuple(LOADERS), default="reuters")
    args = ap.parse_args(argv)
    folder = args.data / LOADERS[args.corpus][0]
    if not folder.is_dir():
        print(f"no {folder}; skipping")
        return 0
    ce._init_worker()
    import unspin
    from unspin.core.model import Article

    load = getattr(ce, LOADERS[args.corpus][1])
    docs = {d.id: d for d in load(args.data) if ce.split_of(d.id) == args.split}
    pairs = revision_pairs(list(docs.values()))
    verdicts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for earlier, later, share in pairs:
        source, copy = docs[earlier], docs[later]
        report = unspin.compare(
            Article(text=copy.text, id=copy.id, title=copy.title),
            Article(text=source.text, id=source.id, title=source.title),
        )
        verdicts[report.verdict.value] += 1
        changes = Counter(c.kind.value for c in report.changes)
        kinds.update(changes)
        if report.verdict.value != "faithful_copy":
            print(f"{later} of {earlier} ({share:.0%} shared) -> {report.verdict.value} "
                  f"{dict(changes)}")  # fmt: skip
            for c in report.changes:
                if c.kind.value in ("reworded", "synonym_swap", "entity_swap", "number_changed"):
                    print(f"    {c.kind.value}: {c.from_!r} -> {c.to!r}")
    total = sum(verdicts.values())
    print(
        f"{total} revision pairs ({args.corpus}, {args.split}); verdicts {dict(verdicts.most_common())}"
    )
    print(f"{verdicts['faithful_copy']}/{total} called faithful_copy; "
          f"changes {dict(kinds.most_common())}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
