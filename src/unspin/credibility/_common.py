"""Helpers shared by the credibility checks: sentence spans and evidence from changes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from unspin.core.model import AlignedSentence, Article, Change, Evidence, Report

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")


def sentence_spans(report: Report) -> list[tuple[int, int]]:
    """(start, end) of each body sentence: the aligned sentences when compare() made them,
    else a rough split on end punctuation and line breaks."""
    if report.sentences:
        return [(s.start, s.end) for s in report.sentences]
    text = report.article.text
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def evidence_of(changes: Iterable[Change]) -> tuple[Evidence, ...]:
    """One evidence span per change that has a span in the article, in text order, no repeats."""
    seen: set[tuple[int, int]] = set()
    out = []
    for c in changes:
        if c.start is None or c.end is None or c.end <= c.start:
            continue
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(Evidence(start=c.start, end=c.end))
    return tuple(sorted(out, key=lambda e: (e.start, e.end)))


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def source_label(source: Article) -> str:
    """How a finding names a source: its title, else its address, else its id."""
    if source.title:
        return f"\u201c{source.title}\u201d"
    return source.url or source.id or "the source"


def sentence_evidence(sentences: Iterable[AlignedSentence]) -> tuple[Evidence, ...]:
    return tuple(Evidence(start=s.start, end=s.end) for s in sentences)
