"""An article's dated events that another dated report puts on another day.

``conflicts`` flags an article's event (see ``events``) that another report dates to another
day, when no report dates it to the article's day and the expression, written a few days
earlier, would have meant the other report's day: a kept relative date, not a wrong one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.core.model import Article
from unspin.credibility.events import (
    EXPRESSION,
    Event,
    dated_events,
    past_events,
    same_event,
)
from unspin.credibility.relative_days import days_meant


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """An article's event dated otherwise by another report."""

    event: Event  # the article's
    other: Event  # the other report's
    report: Article
    gap: int  # days between the two datings


MAX_CARRY = 3  # days a republished expression is looked for back from the article's date


def carried(event: Event, other: Event) -> bool:
    """Whether ``event``'s expression, written a day to ``MAX_CARRY`` days before the
    article's date, would have meant ``other``'s day: what a republication that kept it
    looks like. "On Friday" never means a Monday, whenever it was written."""
    assert event.expression is not None
    for k in range(1, MAX_CARRY + 1):
        then = days_meant(event.expression, event.said_on - k * dt.timedelta(days=1), event.mode)
        if then and any(_gap(x, y) == 0 for x in then for y in other.readings):
            return True
    return False


def gap_days(a: Event, b: Event) -> int:
    """Days between the two datings, at the closest of their readings; 0 when they can be
    the same day."""
    return min(_gap(x, y) for x in a.readings for y in b.readings)


def _gap(x: tuple[dt.date, dt.date], y: tuple[dt.date, dt.date]) -> int:
    if x[1] < y[0]:
        return (y[0] - x[1]).days
    if y[1] < x[0]:
        return (x[0] - y[1]).days
    return 0


def conflicts(
    article: Article, sources: Sequence[Article], related: Sequence[Article] = ()
) -> list[Conflict]:
    """The article's dated events that another dated report puts on another day, and none
    puts on the article's day.

    ``sources`` are parsed whole (``compare`` has, so the parse is cached); of ``related``
    (other reports of the same events) only the sentences that matter are parsed.

    A day either side is not evidence by itself when either report places the event near
    midnight ("tonight", "late on Monday") or both reports carry the same date: clocks in
    two time zones read different days then.
    """
    published = article.published
    mine = dated_events(article)
    if not mine or published is None:
        return []
    whole = {id(r) for r in sources}
    dated = [r for r in (*sources, *related) if r.published is not None and r.text != article.text]
    theirs = {id(r): dated_events(r, whole=id(r) in whole) for r in dated}
    future = [e for e in mine if e.tense == "future"]
    past = {id(r): past_events(r, future, whole=id(r) in whole) for r in dated}
    out: list[Conflict] = []
    for event in mine:
        agree = False
        found: list[Conflict] = []
        for r in dated:
            for other in theirs[id(r)]:
                if not same_event(event, other):
                    continue
                gap = gap_days(event, other)
                if gap == 0:
                    agree = True
                elif not carried(event, other):
                    continue
                elif gap > 1 or not (event.night or other.night or r.published == published):
                    found.append(Conflict(event=event, other=other, report=r, gap=gap))
            if event.tense != "future":
                continue
            for other in past[id(r)]:
                if not same_event(event, other):
                    continue
                gap = (event.first - other.last).days
                if gap > 1 or (gap == 1 and not event.night):
                    found.append(Conflict(event=event, other=other, report=r, gap=gap))
        if found and not agree:
            out.append(max(found, key=lambda c: (c.other.expression is not None, -c.gap)))
    return out


# Words that make one event span days ("talks began on Wednesday and continue today"): two
# datings of it in one article are then two of its days, not a contradiction.
_PHASES = re.compile(
    r"\b(?:begin|began|begun|beginning|begins|start(?:s|ed|ing)?|open(?:s|ed|ing)?"
    r"|continu(?:e|es|ed|ing)|resum(?:e|es|ed|ing)|end(?:s|ed|ing)?|clos(?:e|es|ed|ing)"
    r"|conclud(?:e|es|ed|ing)|wrap(?:s|ped|ping)?|extend(?:s|ed|ing)?|last(?:s|ed|ing)"
    r"|again|another|second|third|final|day\s+(?:one|two|three)|first\s+day|multi-day"
    r"|two-day|three-day|several\s+days)\b",
    re.IGNORECASE,
)


def _spans_days(sentence: str) -> bool:
    """The sentence tells its event over days: begun, continued, its second day, or dated
    twice ("today and tomorrow", "on Monday or Tuesday")."""
    return bool(_PHASES.search(sentence)) or len(EXPRESSION.findall(sentence)) > 1


def own_conflicts(article: Article) -> list[Conflict]:
    """The article's dated events that the article itself dates to another day in another
    sentence, where only one of the two is a kept expression: "will be held in Tehran today"
    on a page of Thursday that also has its visitor "in Iran on Wednesday for the talks".
    A collage of reports of different days reads so; one newsroom's copy does not.

    The two must name the event alike, a noun with the same modifier ("a trilateral meeting",
    "trilateral talks"), as well as be the same event by ``same_event``. An event told as
    spanning days is left alone (``_spans_days``), as is a pair either of which could be the
    kept one."""
    mine = dated_events(article)
    out: list[Conflict] = []
    for event in mine:
        for other in mine:
            if other.sentence == event.sentence or not event.titles & other.titles:
                continue  # one story tells several meetings: the same one is named so
            if not same_event(event, other):
                continue
            gap = gap_days(event, other)
            if gap == 0 or not carried(event, other) or carried(other, event):
                continue
            if gap == 1 and (event.night or other.night):
                continue
            if any(_spans_days(e.sentence) for e in (event, other)):
                continue
            out.append(Conflict(event=event, other=other, report=article, gap=gap))
            break
    return out


__all__ = ["Conflict", "carried", "conflicts", "gap_days", "own_conflicts"]
