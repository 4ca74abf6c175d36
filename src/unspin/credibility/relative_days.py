"""Relative day expressions ("today", "on Monday", "last week") and the days they can mean.

Shared by the stale-date check (``dates``) and the event dating (``events``), so both read
the same words the same way.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = "|".join(WEEKDAYS)  # a regex alternation of the day names
DEICTIC = r"today|tonight|this\s+(?:morning|afternoon|evening)"  # the day it is said on

Days = tuple[tuple[dt.date, dt.date], ...]


def monday(d: dt.date) -> dt.date:
    """The Monday of ``d``'s week."""
    return d - dt.timedelta(days=d.weekday())


def days_meant(expr: str, published: dt.date, tense: str) -> Days | None:
    """The (first, last) days ``expr`` can mean in a report of ``published``, one pair per
    reading, given its tense (a bare weekday is the last one in the past tense, the next one
    in the future, either otherwise)."""
    e = " ".join(expr.lower().split())
    if e.startswith("later "):
        e, tense = e[6:], "future"
    day = dt.timedelta(days=1)
    if re.fullmatch(DEICTIC, e):
        return ((published, published),)
    if e == "yesterday":
        return ((published - day, published - day),)
    if e == "tomorrow":
        return ((published + day, published + day),)
    if e.endswith("week"):
        start = monday(published) + {"this": 0, "last": -7, "next": 7}[e.split()[0]] * day
        return ((start, start + 6 * day),)
    words = e.split()
    if words[-1] not in WEEKDAYS:
        return None
    wd = WEEKDAYS.index(words[-1])
    prefix = words[0] if len(words) == 2 else "on"
    back = (published.weekday() - wd) % 7
    ahead = (wd - published.weekday()) % 7
    if prefix == "last":
        d = published - (back or 7) * day
    elif prefix == "next":
        d = published + (ahead or 7) * day
    elif prefix == "this":
        d = monday(published) + wd * day
    elif tense == "future":
        d = published + ahead * day
    elif tense == "past":
        d = published - back * day
    else:
        past, future = published - back * day, published + ahead * day
        return ((past, past), (future, future))
    return ((d, d),)
