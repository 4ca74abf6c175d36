"""Report -> the terminal: every derivative sentence with its source and named changes."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from unspin.core.model import Change, ChangeKind, Report, SentenceStatus, is_copied
from unspin.core.truncation import past_source_ends, source_breaks
from unspin.core.vocabulary import SENTENCE, STATUSES, kind_info


def _style(kind: str, default: str) -> str:
    info = kind_info(kind)
    return info.style if info is not None and info.style is not None else default


def _sentence_level(kind: str) -> bool:
    """A change about a whole sentence (inserted, moved, dropped): never highlighted inline."""
    info = kind_info(kind)
    return info is not None and info.scope == SENTENCE


def describe(change: Change) -> str:
    """One line naming a change: `entity_swap "Russia" -> "Russian Federation"`."""
    kind = change.kind.value
    if change.kind is ChangeKind.REORDERED and change.source_sentence is not None:
        return f"reordered: was sentence {change.source_sentence + 1} of the source"
    if change.kind in (ChangeKind.QUOTE_MISATTRIBUTED,) and change.speaker:
        return f"{kind}: reads as {change.speaker}'s, source: {change.source_speaker or '?'}"
    if change.from_ is not None and change.to is not None:
        return f'{kind} "{change.from_}" -> "{change.to}"'
    if change.to is not None:
        return f'{kind} added "{change.to}"'
    if change.from_ is not None:
        return f'{kind} removed "{change.from_}"'
    return kind


def _highlight(text: str, offset: int, changes: list[Change]) -> Text:
    out = Text(text)
    for c in changes:
        if c.start is None or c.end is None or _sentence_level(c.kind) or c.end <= c.start:
            continue
        out.stylize(_style(c.kind, "underline"), c.start - offset, c.end - offset)
    return out


def _first_three(ids: tuple[str, ...]) -> str:
    """Up to three ids, and how many more there are."""
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def render_terminal(report: Report, console: Console | None = None) -> None:
    console = console or Console(width=100)
    art = report.article
    caught_spinning = report.unsourced_are_not_found()
    breaks = source_breaks(report)
    past_end = past_source_ends(report, breaks)
    head = Text()
    head.append(art.title or "(untitled article)", style="bold")
    meta = " · ".join(
        x for x in (art.byline, art.published.isoformat() if art.published else None, art.url) if x
    )
    if meta:
        head.append("\n" + meta, style="dim")
    for m in report.source_matches:
        head.append(
            f"\nsource {m.id}: {m.title or m.url or ''} (covers {m.coverage:.0%})", style="cyan"
        )
        if report.dated_after(m) and m.sentences:
            head.append(f"\n  {report.dated_after_note(m)}", style="dim")
        if m.evidence:
            reasons = "; ".join(sorted({e.reason for e in m.evidence}))
            head.append(
                f"\n  copied, not only the same story: {len(m.evidence)} sentence(s) show it "
                f"({reasons})"
                if is_copied(m.evidence)
                else f"\n  the same story; not enough to show a copy: {len(m.evidence)} "
                f"sentence(s) alike ({reasons})",
                style="dim",
            )
        if m.id in breaks and past_end:
            stop = breaks[m.id][1]
            after = [s for s in report.sentences if s.index in past_end and s.start >= stop]
            head.append(
                f"\n  the source stops mid-sentence (an excerpt); the page's "
                f"{len(after)} sentence(s) after that point cannot be checked against it",
                style="dim",
            )
        if m.copies:
            head.append(
                f"\n  the same text also published as: {_first_three(m.copies)}", style="dim"
            )
        if m.versions:
            head.append(
                f"\n  other versions of this story carry the copy too: {_first_three(m.versions)}",
                style="dim",
            )
    console.print(Panel(head, title="unspin", expand=True))

    by_sentence: dict[int, list[Change]] = {}
    for c in report.changes:
        if c.sentence is not None:
            by_sentence.setdefault(c.sentence, []).append(c)

    table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    table.add_column("#", justify="right", width=3, no_wrap=True)
    table.add_column("status", width=9, no_wrap=True)
    table.add_column("sentence, its source and what changed", ratio=1)
    for s in report.sentences:
        changes = by_sentence.get(s.index, [])
        parts: list[Text] = [_highlight(s.text, s.start, changes)]
        if s.source_text:
            where = ",".join(str(i + 1) for i in s.source_sentences)
            parts.append(Text(f"source {s.source_id} #{where}: {s.source_text}", style="dim"))
        for c in changes:
            if c.kind is ChangeKind.INSERTED:
                continue
            parts.append(Text("  • " + describe(c), style=_style(c.kind, "")))
        label = s.status.value
        if s.status is SentenceStatus.INSERTED and s.index in past_end:
            label = "past end"  # after where a cut-off source stops: it cannot tell
        elif s.status is SentenceStatus.INSERTED and caught_spinning:
            label = "not found"  # a page caught spinning has no "own reporting" to assume
        status = Text(label, style=STATUSES[s.status].style)
        if s.reordered:
            status.append("\nreordered", style="cyan")
        table.add_row(str(s.index + 1), status, Group(*parts))
    console.print(table)

    dropped = [c for c in report.changes if c.kind is ChangeKind.DROPPED and c.start is None]
    if dropped:
        console.print(Text(f"Dropped from the source ({len(dropped)} sentences):", style="bold"))
        for c in dropped:
            console.print(Text(f"  - [{c.source_id}] {c.source_text}", style="dim"))

    if report.quotes:
        console.print(Text("Quotes:", style="bold"))
        for q in report.quotes:
            kind = "direct" if q.direct else "indirect"
            console.print(
                f"  {q.speaker or '(unattributed)'} ({kind}): “{q.text}”", highlight=False
            )

    if art.boilerplate:
        console.print(Text("Boilerplate kept out of the body:", style="bold"))
        for line in art.boilerplate:
            console.print(Text(f"  - {line}", style="dim"))

    for f in report.findings:
        style = {"pass": "green", "fail": "red"}.get(f.status, "dim")
        console.print(Text(f"[{f.status}] {f.criterion}: {f.explanation}", style=style))

    sm = report.summary
    counts: dict[str, int] = {}
    for c in report.changes:
        counts[c.kind.value] = counts.get(c.kind.value, 0) + 1
    line = Text()
    line.append(f"verdict: {report.verdict.value}", style="bold")
    if report.score is not None:
        line.append(f"   score: {report.score:.0f}/100", style="bold")
    line.append(
        f"\ncopied {sm.copied:.0%} · spun {sm.spun:.0%} · reworded {sm.reworded:.0%} · "
        f"{'not found' if caught_spinning else 'new'} {sm.new:.0%}   "
        f"({sm.sentences} sentences; {sm.dropped_source_sentences} of "
        f"{sm.source_sentences} source sentences dropped; {sm.reordered_sentences} reordered)"
    )
    if counts:
        line.append("\nchanges: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    console.print(Panel(line, title="summary", expand=True))
