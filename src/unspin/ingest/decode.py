"""Bytes to text: read a file under a size cap and decode it, or say why it is not text.

Order: byte-order mark, then a declared charset (HTTP header or ``<meta>``), then strict
UTF-8, then charset-normalizer. NUL bytes or undecodable bytes mean "not text".
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from charset_normalizer import from_bytes

from unspin.core.errors import BinaryInputError, InputError, InputTooLargeError

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never appear in text; a few stray ones are tolerated.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")

# Legacy labels that browsers read as Windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"}


def format_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_capped(path: str | os.PathLike[str], *, max_bytes: int, name: str) -> bytes:
    """Read ``path`` whole, refusing anything over ``max_bytes`` without reading all of it."""
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(name, "is a directory, not an article file")
        # stat first, so a 50 MB file fails before a byte is read.
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        with p.open("rb") as fh:
            # Pipes and /proc files report size 0: cap the read itself too.
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(name, "no such file; check the path") from None
    except PermissionError:
        raise InputError(name, "permission denied; check the file's read permissions") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not an article file") from None
    except OSError as err:
        raise InputError(name, f"could not be read ({err.strerror or err})") from None
    if len(data) > max_bytes:
        raise _too_large(name, None, max_bytes)
    return data


def _too_large(name: str, size: int | None, max_bytes: int) -> InputTooLargeError:
    actual = f"is {format_size(size)}" if size is not None else "is larger than the limit"
    return InputTooLargeError(
        name,
        f"{actual}, over the {format_size(max_bytes)} limit; "
        "pass a single article or raise max_bytes",
    )


def decode_bytes(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Decode ``data`` to text; ``declared`` is a charset the container claims (may be wrong)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise _binary(name) from None
    if b"\x00" in data:
        raise _binary(name)
    text = _decode_declared(data, declared)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess(data, name)
    if len(_CONTROL.findall(text)) > max(3, len(text) // 1000):
        raise _binary(name)
    return text


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    label = declared.strip().strip("\"'").lower()
    encoding = "cp1252" if label in _AS_CP1252 else label
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None  # a wrong or unknown label: fall back to sniffing


def _guess(data: bytes, name: str) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise _binary(name)
    # charset-normalizer cannot tell Windows-1250 from Windows-1252 on short English text
    # and picks 1250, turning "crème" into "crčme". English in a legacy single-byte page is
    # almost always 1252, so prefer it whenever it is among the candidates.
    if any("cp1252" in m.could_be_from_charset for m in matches):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


def _binary(name: str) -> BinaryInputError:
    return BinaryInputError(
        name, "is not a text file (binary data); pass a .txt, .json or .html article"
    )


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta>`` or XML prolog)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None
