"""The article interchange file: {"title", "byline", "published", "url", "text"}."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.core.errors import EmptyInputError, InputError
from unspin.ingest import load_article

DATA = Path(__file__).parent / "data" / "ingest"
TEXT = "The harbour authority said on Monday that ferries would run every hour from May."


def _write(tmp_path: Path, data: object, name: str = "article.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["article.json"])
def test_article_file(name: str) -> None:
    article = load_article(DATA / name)
    assert article.title == "Seaview Town to build new sea wall"
    assert article.byline == "Tom Hale"
    assert article.published == dt.date(2023, 10, 30)
    assert article.url == "https://www.seaview-gazette.example/news/sea-wall"
    assert article.site == "seaview-gazette.example"
    assert article.source_format == "json"
    assert article.text.split("\n\n") == [
        "Seaview Town will build a new sea wall along the promenade after storms flooded forty "
        "homes last winter, the town council said on Monday.",
        "The wall will be 1.2 kilometres long and should be finished before the winter of 2025.",
        "The council expects the national flood agency to pay two thirds of the 9 million pound "
        "cost.",
    ]
    assert article.boilerplate == (
        "Follow us on Twitter",
        "Related articles",
        "- Storm damage bill rises",
        "- Promenade cafes reopen",
    )


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-11-02", dt.date(2023, 11, 2)),
        ("2023-11-02T10:14:00+00:00", dt.date(2023, 11, 2)),
        ("November 2, 2023", dt.date(2023, 11, 2)),
        ("", None),
        (None, None),
    ],
)
def test_published_forms(tmp_path: Path, published: str | None, expected: dt.date | None) -> None:
    article = load_article(_write(tmp_path, {"text": TEXT, "published": published}))
    assert article.published == expected
    assert article.title is None and article.site is None


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({"title": "No body"}, InputError, r'has no "text" key; an article file needs'),
        ({"text": "   \n "}, EmptyInputError, r'"text" is empty'),
        ({"text": ["a", "b"]}, InputError, r'"text" is a JSON array; it must be a string'),
        ({"text": TEXT, "title": 7}, InputError, r'"title" is a JSON number; it must be a string'),
        ({"text": TEXT, "published": "soon"}, InputError, r"\"published\": 'soon' is not a date"),
        ([{"text": TEXT}], InputError, r"holds a JSON array, not an article object"),
    ],
)
def test_invalid_article_files(
    tmp_path: Path, data: object, error: type[Exception], message: str
) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(error, match=message) as info:
        load_article(path)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize(("name", "fmt"), [("article", None), ("article.txt", "json")])
def test_json_found_without_json_extension(tmp_path: Path, name: str, fmt: str | None) -> None:
    path = _write(tmp_path, {"text": TEXT, "title": "Hourly ferries"}, name=name)
    article = load_article(path, fmt=fmt)
    assert (article.source_format, article.title, article.text) == ("json", "Hourly ferries", TEXT)


@pytest.mark.parametrize(
    "explicit", [{"title": "Given", "byline": "Ed", "published": "2020-01-01"}]
)
def test_explicit_values_beat_the_file(tmp_path: Path, explicit: dict[str, Any]) -> None:
    data = {"text": TEXT, "title": "File", "byline": "Al", "published": "2023-01-01", "id": "a1"}
    article = load_article(_write(tmp_path, data), **explicit)
    assert (article.title, article.byline) == ("Given", "Ed")
    assert article.published == dt.date(2020, 1, 1)
    assert article.id == "a1"  # an id in the file is kept


_SENTENCES = (
    "The harbour authority said the ferries would run every hour from May.",
    "Work on the north quay is due to start in March.",
    "\u201cIt is the biggest investment in the port for years,\u201d she said.",
    "The council voted 7 to 2 on Wednesday night.",
    "Opponents fear that the building work will disturb the seals.",
    "Fares will rise by 6 percent in April.",
)
# Real English sentences: random words would (rightly) fail the English check.
_SENTENCE = st.sampled_from(_SENTENCES)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(
    paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=4),
    title=st.one_of(st.none(), st.text(min_size=1).map(str.strip).filter(bool)),
    published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
)
def test_round_trip_through_article_file(
    paragraphs: list[str], title: str | None, published: dt.date | None
) -> None:
    text = "\n\n".join(paragraphs)
    data = {"title": title, "published": published.isoformat() if published else None}
    with tempfile.TemporaryDirectory() as tmp:
        article = load_article(_write(Path(tmp), {**data, "text": text}))
        assert (article.text, article.title, article.published) == (text, title, published)
        again = load_article(_write(Path(tmp), article.to_dict(), name="again.json"))
        assert again == article
