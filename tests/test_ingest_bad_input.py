"""Every bad input fails with an InputError subclass whose one-line message names the input."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest_http import PNG, serve
from unspin.core.errors import (
    BinaryInputError,
    EmptyInputError,
    FetchError,
    InputError,
    InputTooLargeError,
    UnsupportedLanguageError,
)
from unspin.ingest import load_article

DATA = Path(__file__).parent / "data" / "ingest"
CAFE = (
    "The caf\u00e9 on the quay \u2013 \u201cthe best in the bay\u201d \u2013 will reopen in May, "
    "the owner\u2019s son said. Cr\u00e8me br\u00fbl\u00e9e stays on the menu, na\u00efvely priced."
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve() as base:
        yield base


def _assert_one_line(err: InputError, name: str) -> None:
    message = str(err)
    assert message.startswith(f"{name}: ") and "\n" not in message
    assert message.endswith(f"[{err.code}]")


@pytest.mark.parametrize(
    ("filename", "content", "error", "message"),
    [
        ("empty.txt", b"", EmptyInputError, "is empty; pass a file with the article's text"),
        ("blank.txt", b"  \n\t\r\n \n", EmptyInputError, "contains only whitespace"),
        ("image.png", PNG, BinaryInputError, r"is not a text file \(binary data\)"),
        ("image.txt", PNG, BinaryInputError, r"is not a text file \(binary data\)"),
        ("image", PNG + bytes(range(256)), BinaryInputError, "is not a text file"),
        ("bad.json", b'{"title": "x",\n "text": "y"\n', InputError,
         r"is not valid JSON: Expecting ',' delimiter at line 3, column 1"),
        ("bad2.json", b'{"title": "x" "text": "y"}', InputError,
         r"is not valid JSON: Expecting ',' delimiter at line 1, column 15"),
        ("notext.json", b'{"title": "A headline", "byline": "Jane Doe"}', InputError,
         r'has no "text" key; an article file needs \{"text": "<the article body>"\}'),
        ("furniture.txt", b"Share this article\n\nFacebook Twitter Email\n\nAdvertisement\n",
         EmptyInputError, "has no article text, only site furniture"),
    ],
)  # fmt: skip
def test_bad_files(
    tmp_path: Path, filename: str, content: bytes, error: type[InputError], message: str
) -> None:
    path = tmp_path / filename
    path.write_bytes(content)
    with pytest.raises(error, match=message) as info:
        load_article(path)
    _assert_one_line(info.value, str(path))


@pytest.mark.parametrize(
    ("filename", "error"),
    [
        ("empty_page.html", EmptyInputError),
        ("german.txt", UnsupportedLanguageError),
        ("french.txt", UnsupportedLanguageError),
    ],
)
def test_bad_fixture_files(filename: str, error: type[InputError]) -> None:
    path = DATA / filename
    with pytest.raises(error) as info:
        load_article(path)
    _assert_one_line(info.value, str(path))
    if error is UnsupportedLanguageError:
        assert "does not look like English" in str(info.value)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_decode(tmp_path: Path, encoding: str) -> None:
    text = (
        CAFE
        if encoding == "cp1252"
        else CAFE.translate(str.maketrans("\u2013\u201c\u201d\u2019", '-""\''))
    )
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert load_article(path).text == text


@pytest.mark.parametrize("size_mb", [50])
def test_huge_file_fails_before_reading(tmp_path: Path, size_mb: int) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(size_mb * 1024 * 1024)  # sparse: instant to make, all NUL bytes
    started = time.monotonic()
    # Reading it would give "binary" (NUL bytes); the size check comes first.
    with pytest.raises(InputTooLargeError, match=r"is 50\.0 MB, over the 10\.0 MB limit") as info:
        load_article(path)
    assert time.monotonic() - started < 0.5
    _assert_one_line(info.value, str(path))


@pytest.mark.parametrize(
    ("source", "error", "message"),
    [
        ("missing.txt", InputError, "no such file"),
        (".", InputError, "is a directory, not an article file"),
    ],
)
def test_missing_paths(source: str, error: type[InputError], message: str) -> None:
    with pytest.raises(error, match=message) as info:
        load_article(source)
    _assert_one_line(info.value, source)


@pytest.mark.parametrize(("kwargs", "message"), [({"fmt": "pdf"}, r"unknown format 'pdf'")])
def test_bad_options(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_article(DATA / "wire_story.txt", **kwargs)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/report.pdf", "serves application/pdf, not an HTML page; save the article's text"),
        ("/photo.png", "serves image/png, not an HTML page"),
        ("/loop/a", r"redirect loop: the redirects lead back to http://127\.0\.0\.1:\d+/loop/a"),
        ("/to-ftp", r"redirects to ftp://127\.0\.0\.1/article\.txt; only http\(s\) redirects"),
        ("/empty.html", "no article text found in the page"),
    ],
)
def test_bad_urls(server: str, path: str, message: str) -> None:
    url = server + path
    with pytest.raises((FetchError, EmptyInputError), match=message) as info:
        load_article(url)
    _assert_one_line(info.value, url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"http://127.0.0.1:{_closed_port()}/news", r"could not connect \(.*refused.*\)"),
        ("ftp://files.example/article.txt", r"ftp:// URLs are not supported"),
        ("file:///etc/hostname", r"file:// URLs are not supported; .* pass its path"),
    ],
)
def test_unfetchable_urls(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message) as info:
        load_article(url)
    _assert_one_line(info.value, url)
