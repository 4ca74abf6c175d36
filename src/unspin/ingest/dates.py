"""Conservative date parsing for date lines ("Published: Nov. 2, 2023 10:14 AM") and fields.

A date counts only when the string is nothing but a date with a day, a month and a
four-digit year: "In 2023 the council met" and "May 2023" are not dates of publication.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as _dateutil

_PREFIX = re.compile(
    r"^(?:(?:first\s+)?published|posted|updated|last\s+updated|modified|date|dated|released)"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z ]*)?$")
_SEPARATORS = re.compile(r"\s*[|·•]\s*")
_MAX_LEN = 80

# Two different defaults: a component dateutil had to fill in differs between the two parses.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))


# Stamps a page prints beside its date: "Updated 3 hours ago", "10:32 GMT", "5 min read".
_STAMP = re.compile(
    r"(?:(?:updated|posted|published|edited|modified)\s*:?\s*)?"
    r"(?:\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|just now|"
    r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?|\d+\s*min(?:ute)?s?\s*read)",
    re.IGNORECASE,
)


def parse_date_line(line: str) -> dt.date | None:
    """The date a line consists of ("Thursday, 2 November 2023"), or None. Stamps set apart
    beside it ("Published: 12 March 2024 | Updated 3 hours ago") are part of such a line."""
    pieces = [p for p in _SEPARATORS.split(line.strip()) if p.strip()]
    if len(pieces) > 1:
        dates = [d for p in pieces if (d := _date_of(p)) is not None]
        stamps = sum(1 for p in pieces if _STAMP.fullmatch(p.strip()))
        if len(dates) == 1 and len(dates) + stamps == len(pieces):
            return dates[0]
    return _date_of(line)


def _date_of(line: str) -> dt.date | None:
    value = _PREFIX.sub("", line.strip(), count=1)
    value = _SEPARATORS.sub(" ", value).strip(" ,")
    if not value or len(value) > _MAX_LEN or not _YEAR.search(value):
        return None
    if not (_MONTH_NAME.search(value) or _NUMERIC_DATE.search(value)):
        return None
    try:
        # ignoretz: zone names like "EDT" would otherwise warn; the day is all we keep.
        first, second = (_dateutil.parse(value, default=d, ignoretz=True) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    day: dt.date = first.date()
    if day != second.date():
        return None  # day, month or year was missing
    return day


def parse_date_value(value: object) -> dt.date | None:
    """A date from a field: a date, a datetime, "YYYY-MM-DD[Thh:mm...]" or a date line.

    Raises ValueError for a non-empty value that is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO.match(text):
            try:
                return dt.date.fromisoformat(text[:10])
            except ValueError:
                pass  # 2023-02-30: fall through to the error
        else:
            parsed = parse_date_line(text)
            if parsed is not None:
                return parsed
    raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD")
