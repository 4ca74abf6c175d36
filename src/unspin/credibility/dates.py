"""Relative dates ("today", "yesterday", "on Wednesday", "last week") vs the article's own date.

Four rules, all conservative (a flag must be right more than it must be complete):

* Copied from a source. When the expression also appears in the source sentence the article
  sentence was aligned with, it is resolved against the source's date and against the
  article's date. It is stale when every reading gives a different day: "today" in a source
  dated Wednesday 4 November copied into an article dated Thursday 5 November. A weekday is
  read both as the last such day (past tense) and as the next one (future tense), so "agreed on
  Wednesday" copied a day later stays correct, and is only stale once both readings move.
* Dated otherwise by another report of the same event (``events``, ``conflicts``). Each
  relative expression is attached to the event its clause tells (predicate and participants)
  and resolved against the article's date; the same event in a source or in another dated
  report from the index (``Report.related``) is resolved against that report's date. It is
  stale when they disagree and no report agrees with the article, or when the article puts in
  the future an event an earlier report tells as past. Not applied to quotations, to live
  blogs and updated articles, and not on a day's difference near midnight (see ``conflicts``).
* Written by the article itself (or no source). Only "today"/"tonight"/"this morning" ... next
  to an explicit calendar date or weekday that is not the article's date ("today, 4 November",
  "today (Wednesday)") is flagged; a weekday alone is normal news usage.
* Dated otherwise by the article itself (``conflicts.own_conflicts``): a collage keeps one
  report's "will be held today" beside another report's "in Tehran on Wednesday for the
  trilateral talks" on a Thursday page. Only when both name the event alike (a noun with the
  same modifier), the sentences do not tell it over days, and only one of the two could be
  the kept expression.

Each stale expression becomes a ``stale_relative_date`` change (span = the expression,
``from_`` = the date it was true on, ``to`` = the article's date). No date, or a date after
today's, makes the check not assessable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from unspin.core.model import (
    Article,
    Change,
    ChangeKind,
    Evidence,
    Finding,
    Report,
    published_after,
)
from unspin.credibility._common import plural, sentence_spans, source_label
from unspin.credibility.conflicts import Conflict, conflicts, gap_days, own_conflicts
from unspin.credibility.criterion import Context, Outcome, criterion
from unspin.credibility.relative_days import DEICTIC, WEEKDAY, WEEKDAYS, monday

CRITERION = "relative_dates"
WEIGHT = 10.0

EXPRESSION = re.compile(
    rf"\b(?:{DEICTIC}|yesterday|tomorrow|(?:on|this|last|next)\s+(?:{WEEKDAY})|(?:{WEEKDAY})"
    r"|(?:this|last|next)\s+week)\b",
    re.IGNORECASE,
)
_DEICTIC_RE = re.compile(rf"^(?:{DEICTIC})$", re.IGNORECASE)
MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
CALENDAR_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MON})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MON})\.?(?:,?\s+(?P<y2>\d{{4}}))?)\b",
    re.IGNORECASE,
)
_NEAR = 25  # characters between "today" and the explicit date next to it
_BESIDE = re.compile(rf"\b({WEEKDAY})[\s,(]{{0,3}}\||\|[\s,(]{{0,3}}({WEEKDAY})\b", re.IGNORECASE)
# A live blog or an updated article dates its lines at different times of its own day.
LIVE = re.compile(
    r"\blive(?:\s+(?:updates?|blog|coverage|report))?\s*[:|\u2013\u2014-]|\blive updates?\b"
    r"|\bas it happened\b|\b(?:last\s+)?updated?\s*(?:at|on|:)?\s*\d",
    re.IGNORECASE,
)


def _norm(expr: str) -> str:
    return " ".join(expr.lower().split())


def _weekday_last(d: dt.date, wd: int, *, strict: bool = False) -> dt.date:
    back = (d.weekday() - wd) % 7
    if strict and back == 0:
        back = 7
    return d - dt.timedelta(days=back)


def _weekday_next(d: dt.date, wd: int, *, strict: bool = False) -> dt.date:
    ahead = (wd - d.weekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return d + dt.timedelta(days=ahead)


def readings(expr: str) -> list[Callable[[dt.date], dt.date]]:
    """The possible meanings of ``expr``, each a function from a reference date to a day."""
    e = _norm(expr)
    if _DEICTIC_RE.match(e):
        return [lambda d: d]
    if e == "yesterday":
        return [lambda d: d - dt.timedelta(days=1)]
    if e == "tomorrow":
        return [lambda d: d + dt.timedelta(days=1)]
    if e.endswith("week"):
        shift = {"this": 0, "last": -7, "next": 7}[e.split()[0]]
        return [lambda d: monday(d) + dt.timedelta(days=shift)]
    words = e.split()
    wd = WEEKDAYS.index(words[-1])
    prefix = words[0] if len(words) == 2 else "on"
    if prefix == "last":
        return [lambda d: _weekday_last(d, wd, strict=True)]
    if prefix == "next":
        return [lambda d: _weekday_next(d, wd, strict=True)]
    if prefix == "this":
        return [lambda d: monday(d) + dt.timedelta(days=wd)]
    return [lambda d: _weekday_last(d, wd), lambda d: _weekday_next(d, wd)]


def is_stale(expr: str, said_on: dt.date, read_on: dt.date) -> bool:
    """True when every reading of ``expr`` gives another day on ``read_on`` than on ``said_on``."""
    return all(r(said_on) != r(read_on) for r in readings(expr))


def long_date(d: dt.date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _explicit_date(text: str, year: int) -> dt.date | None:
    """The calendar date right beside the " | " that stands for the expression in ``text``
    ("today, 4 November", "today (Nov. 4)"), not one further off ("between today and 6
    March" is a span of days)."""
    bar = text.find(" | ")
    m = next(
        (
            d
            for d in CALENDAR_DATE.finditer(text)
            if re.fullmatch(
                r"[\s,()\u2013\u2014-]{0,4}",
                text[d.end() : bar] if d.end() <= bar else text[bar + 3 : d.start()],
            )
        ),
        None,
    )
    if not m:
        return None
    month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
    day = int(m.group("d1") or m.group("d2"))
    y = m.group("y1") or m.group("y2")
    try:
        return dt.date(int(y) if y else year, month, day)
    except ValueError:
        return None


def _source_of(report: Report, source_id: str | None) -> Article | None:
    return next((s for s in report.sources if s.id == source_id), None)


def _meant(c: Conflict) -> tuple[dt.date, dt.date]:
    """Of the other's readings ("on Wednesday": last week's or the coming one), the one the
    kept expression meant: the closest to the article's reading."""
    return min(c.other.readings, key=lambda r: gap_days(c.event, replace(c.other, readings=(r,))))


def _event_change(
    c: Conflict, published: dt.date, spans: list[tuple[int, int]], *, own: bool = False
) -> Change:
    other = c.other
    near = _meant(c)
    said = near[0] if near[0] == near[1] else None
    return Change(
        kind=ChangeKind.STALE_RELATIVE_DATE,
        text=c.event.expression or "",
        start=c.event.start,
        end=c.event.end,
        source_id=None if own else c.report.id,
        source_text=other.sentence,
        from_=(said or near[1]).isoformat(),
        to=published.isoformat(),
        confidence=0.8 if other.expression else 0.7,
        sentence=next((i for i, (a, b) in enumerate(spans) if a <= c.event.start < b), None),
    )


def _event_reason(c: Conflict, *, own: bool = False) -> str:
    other, r = c.other, c.report
    assert r.published is not None
    if own:
        first, last = _meant(c)
        when = long_date(first) + ("" if first == last else f" to {long_date(last)}")
        return (
            f"\u201c{c.event.expression}\u201d ({long_date(c.event.first)}) but the article "
            f"itself dates the same event \u201c{other.expression}\u201d ({when}): "
            f"\u201c{other.sentence}\u201d"
        )
    if other.expression is None:
        when = f"already tells it as past on {long_date(r.published)}"
    elif other.first == other.last:
        when = f"dated {long_date(r.published)}, puts it on {long_date(other.first)}"
    else:
        span = f"{long_date(other.first)} to {long_date(other.last)}"
        when = f"dated {long_date(r.published)}, puts it in {span}"
    return (
        f"\u201c{c.event.expression}\u201d ({long_date(c.event.first)}"
        + (f" to {long_date(c.event.last)}" if c.event.last != c.event.first else "")
        + f") but {source_label(r)}, {when}: \u201c{other.sentence}\u201d"
    )


@criterion(CRITERION, WEIGHT)
def relative_dates(report: Report, context: Context) -> Outcome:
    art = report.article
    published = art.published
    today = context.today or dt.date.today()

    def na(reason: str) -> Outcome:
        return Outcome(
            Finding(
                criterion=CRITERION,
                status="not_assessable",
                weight=WEIGHT,
                explanation=f"Not assessable: {reason}.",
            )
        )

    if published is None:
        return na("the article has no date (none given, or it could not be parsed)")
    if published > today:
        return na(f"the article's date {published.isoformat()} is in the future")
    text = art.text
    matches = list(EXPRESSION.finditer(text))
    if not matches:
        return Outcome(
            Finding(
                criterion=CRITERION,
                status="pass",
                weight=WEIGHT,
                explanation="No relative date expressions (today, yesterday, on "
                "Monday, last week ...) to check against the article's date "
                f"({long_date(published)}).",
            )
        )
    by_start = {s.start: s for s in report.sentences}
    spans = sentence_spans(report)
    changes: list[Change] = []
    reasons: list[str] = []
    settled: list[tuple[int, int]] = []  # expressions a copied source sentence has judged
    for m in matches:
        expr = m.group(0)
        sent = next(((a, b) for a, b in spans if a <= m.start() < b), (m.start(), m.end()))
        aligned = by_start.get(sent[0])
        source = _source_of(report, aligned.source_id) if aligned else None
        copied = None
        if source is not None and published_after(source.published, published):
            source = None  # a text published after the page is not where its words came from
        if aligned is not None and source is not None and aligned.source_text:
            pattern = r"\s+".join(re.escape(w) for w in expr.split())
            copied = re.search(rf"\b{pattern}\b", aligned.source_text, re.IGNORECASE)
        if copied is not None and source is not None and aligned is not None:
            settled.append((m.start(), m.end()))
            if source.published is None or not is_stale(expr, source.published, published):
                continue
            base = source.text.find(aligned.source_text or "")
            s_start = base + copied.start() if base >= 0 else None
            changes.append(
                Change(
                    kind=ChangeKind.STALE_RELATIVE_DATE,
                    text=expr,
                    start=m.start(),
                    end=m.end(),
                    source_id=source.id,
                    source_text=copied.group(0),
                    source_start=s_start,
                    source_end=s_start + len(copied.group(0)) if s_start is not None else None,
                    from_=source.published.isoformat(),
                    to=published.isoformat(),
                    confidence=0.9,
                    sentence=aligned.index,
                    source_sentence=aligned.source_sentences[0]
                    if aligned.source_sentences
                    else None,
                )
            )
            reasons.append(
                f"\u201c{expr}\u201d copied from {source_label(source)}, dated "
                f"{long_date(source.published)}"
            )
            continue
        if not _DEICTIC_RE.match(_norm(expr)):
            continue
        lo, hi = max(sent[0], m.start() - _NEAR), min(sent[1], m.end() + _NEAR)
        near = text[lo : m.start()] + " | " + text[m.end() : hi]
        meant = _explicit_date(near, published.year)
        if meant is None:  # "today (Wednesday)", "Wednesday, today": the weekday beside it
            wd = _BESIDE.search(near)
            name = (wd.group(1) or wd.group(2)).lower() if wd else None
            if name and WEEKDAYS.index(name) != published.weekday():
                meant = _weekday_last(published, WEEKDAYS.index(name))
        if meant is None or meant == published:
            continue
        changes.append(
            Change(
                kind=ChangeKind.STALE_RELATIVE_DATE,
                text=expr,
                start=m.start(),
                end=m.end(),
                from_=meant.isoformat(),
                to=published.isoformat(),
                confidence=0.7,
                sentence=aligned.index if aligned else None,
            )
        )
        reasons.append(f"\u201c{expr}\u201d next to a date of {long_date(meant)}")
    settled += [(c.start or 0, c.end or 0) for c in changes]
    if not LIVE.search(f"{art.title or ''}\n{text[:300]}"):
        for c in conflicts(art, report.sources, report.related):
            if any(a < c.event.end and c.event.start < b for a, b in settled):
                continue
            changes.append(_event_change(c, published, spans))
            reasons.append(_event_reason(c))
            settled.append((c.event.start, c.event.end))
        # The page against itself: a collage keeps one report's "today" beside another
        # report's weekday for the same event.
        for c in own_conflicts(art):
            if any(a < c.event.end and c.event.start < b for a, b in settled):
                continue
            changes.append(_event_change(c, published, spans, own=True))
            reasons.append(_event_reason(c, own=True))
        changes.sort(key=lambda c: c.start or 0)
    n = len(matches)
    if not changes:
        return Outcome(
            Finding(
                criterion=CRITERION,
                status="pass",
                weight=WEIGHT,
                explanation=f"{plural(n, 'relative date expression')} checked against "
                f"the article's date ({long_date(published)}); none is stale.",
            )
        )
    finding = Finding(
        criterion=CRITERION,
        status="fail",
        weight=WEIGHT,
        explanation=f"{len(changes)} of {plural(n, 'relative date expression')} cannot be true "
        f"on the article's date ({long_date(published)}): " + "; ".join(reasons) + ".",
        evidence=tuple(Evidence(start=c.start or 0, end=c.end or 0) for c in changes),
    )
    return Outcome(finding, tuple(changes))
