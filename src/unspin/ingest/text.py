"""Plain text, often pasted from a web page: find the title, byline and date lines on top.

Recognition is conservative. A line is a byline only if it is "By" plus a name, a date line
only if it is nothing but a date, and the first line is a title only if it reads like a
headline and is set apart: followed by a blank line or by a byline/date line. A body that
starts with an ordinary sentence keeps it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from unspin.ingest.dates import parse_date_line
from unspin.ingest.names import looks_like_name


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Pasted pages put the header in the first few lines; look no further.
_HEADER_LINES = 6
_BYLINE = re.compile(r"^(?:by|written by|words by|story by)\s+(?P<rest>.+)$", re.IGNORECASE)
# Between a byline's name and what follows it: "By Jane Doe | Nov 2, 2023", "..., Reuters".
_BYLINE_SPLIT = re.compile(r"\s*(?:[|·•,]|\s[-–—]\s)\s*")
# Lowercase words allowed after the name: "By Jane Doe, staff reporter".
_ROLE_WORDS = _word_set(
    """staff writer reporter correspondent editor senior chief political business sports
    science health foreign contributor contributing special for the in and of at news desk
    bureau agency wire"""
)
_TITLE_MAX_WORDS = 25
_TITLE_MAX_CHARS = 200
_TITLE_START = re.compile(r"^[\"'“‘(\[]?[A-Z0-9]")
_CLOSERS = "\"'”’»›)]"
# Past-tense reporting marks a sentence ("... ," the mayor said); headlines use "says".
_SAID = re.compile(r"\bsaid\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class TextParts:
    body: str
    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None


def parse_byline(line: str) -> tuple[str, dt.date | None] | None:
    """("Jane Doe", date or None) for a line like "By Jane Doe | Nov. 2, 2023", else None."""
    match = _BYLINE.match(line.strip())
    if match is None:
        return None
    rest = match.group("rest").strip()
    if rest.endswith(("!", "?", ":", ";")):
        return None
    parts = [p for p in _BYLINE_SPLIT.split(rest) if p]
    if not parts or not looks_like_name(parts[0].rstrip(".")):
        return None
    published = None
    roles = [parts[0].rstrip(".")]
    for part in parts[1:]:
        date = parse_date_line(part) if published is None else None
        if date is not None:
            published = date
        elif _is_role(part):
            roles.append(part.rstrip("."))
        else:
            return None  # "By Tuesday, prices on the island had ..."
    if published is None and len(parts) > 1:
        # "By Jane Doe, November 2, 2023": the date itself contains the comma.
        for cut in range(1, len(parts)):
            date = parse_date_line(", ".join(parts[cut:]))
            if date is not None:
                published, roles = date, roles[:cut]
                break
    return ", ".join(roles), published


def _is_role(part: str) -> bool:
    words = part.rstrip(".").split()
    return 0 < len(words) <= 6 and all(
        w.lower() in _ROLE_WORDS or w[0].isupper() or w[0].isdigit() for w in words
    )


def _title_like(line: str) -> bool:
    text = line.strip()
    words = text.split()
    return (
        2 <= len(words) <= _TITLE_MAX_WORDS
        and len(text) <= _TITLE_MAX_CHARS
        and _TITLE_START.match(text) is not None
        # A headline has no full stop; a trailing comma, colon or dash means the line runs on.
        and not text.rstrip(_CLOSERS).endswith((".", ",", ";", ":", "-", "–", "—", "…"))
        and not _SAID.search(text)
    )


def split_header(text: str) -> TextParts:
    """Split pasted text into header fields and body (``text`` has ``\\n`` line ends)."""
    lines = text.split("\n")
    title = byline = None
    published: dt.date | None = None
    consumed: set[int] = set()
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > _HEADER_LINES:
            break
        date = parse_date_line(line) if published is None else None
        by = parse_byline(line) if byline is None else None
        if date is not None:
            published = date
        elif by is not None:
            byline, by_date = by
            published = published or by_date
        elif seen == 1 and _is_set_apart(lines, i) and _title_like(line):
            title = line.strip()
        else:
            continue  # body text: byline and date lines may still follow a standfirst
        consumed.add(i)
    if byline is None and published is not None:
        byline = _bare_byline(lines, consumed)
    body = "\n".join(line for i, line in enumerate(lines) if i not in consumed)
    if not body.strip():
        # Nothing but "header": it was the body (a one-line note), keep it whole.
        return TextParts(body=text)
    return TextParts(body=body, title=title, byline=byline, published=published)


def _bare_byline(lines: list[str], consumed: set[int]) -> str | None:
    """A name alone on a line, without "By", right beside the date line in the header
    ("Saul Bowman" / "November 2, 2017"): pasted pages print bylines that way. Marks the line
    consumed."""
    filled = [i for i, line in enumerate(lines) if line.strip()][:_HEADER_LINES]
    for pos, i in enumerate(filled):
        if i in consumed:
            continue
        name = lines[i].strip()
        beside = [filled[p] for p in (pos - 1, pos + 1) if 0 <= p < len(filled)]
        if (
            2 <= len(name.split()) <= 4
            and looks_like_name(name)
            and any(parse_date_line(lines[j]) is not None for j in beside)
        ):
            consumed.add(i)
            return name
    return None


def _is_set_apart(lines: list[str], i: int) -> bool:
    """Line ``i`` is followed by a blank line, or directly by a byline or date line."""
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if not following.strip():
        return True
    return parse_date_line(following) is not None or parse_byline(following) is not None
