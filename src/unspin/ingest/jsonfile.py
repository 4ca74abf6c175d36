"""The article interchange file: ``{"title", "byline", "published", "url", "text"}``.

Only "text" is required. Other keys are allowed and ignored, so files can carry extras.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from unspin.core.errors import EmptyInputError, InputError
from unspin.ingest.dates import parse_date_value

_STRING_FIELDS = ("title", "byline", "url", "id")


@dataclass(frozen=True, slots=True, kw_only=True)
class JsonArticle:
    text: str
    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    url: str | None = None
    id: str | None = None


def load_json(raw: str, *, name: str) -> Any:
    """``json.loads``, with every failure as one ``InputError`` line naming ``name``."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        raise InputError(
            name, f"is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}"
        ) from None
    except RecursionError:
        raise InputError(
            name, "is JSON nested too deeply to read; an article is one flat JSON object"
        ) from None


def parse_json_article(raw: str, *, name: str) -> JsonArticle:
    data = load_json(raw, name=name)
    if not isinstance(data, dict):
        raise InputError(
            name,
            f"holds a JSON {_kind(data)}, not an article object; "
            'expected {"title": ..., "text": ...}',
        )
    if "text" not in data:
        raise InputError(
            name, 'has no "text" key; an article file needs {"text": "<the article body>"}'
        )
    text = data["text"]
    if not isinstance(text, str):
        raise InputError(name, f'"text" is a JSON {_kind(text)}; it must be a string')
    if not text.strip():
        raise EmptyInputError(name, '"text" is empty; put the article body in "text"')
    fields: dict[str, Any] = {}
    for key in _STRING_FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(name, f'"{key}" is a JSON {_kind(value)}; it must be a string')
        fields[key] = (value.strip() or None) if isinstance(value, str) else None
    try:
        published = parse_date_value(data.get("published"))
    except ValueError as err:
        raise InputError(name, f'"published": {err}') from None
    return JsonArticle(text=text, published=published, **fields)


def _kind(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), "null" if value is None else "number"
    )
