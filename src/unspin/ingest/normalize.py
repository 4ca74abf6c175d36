"""One body convention for every format: paragraphs split by a blank line, no stray space.

Single newlines are kept: wire copy is often hard-wrapped mid-sentence, and sentence
splitting treats a single newline as soft and a blank line as a hard break.
"""

from __future__ import annotations

import re
import unicodedata

from unspin.core.text import plain_spaces

# Invisible characters that split words for matching: zero-width space, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"))
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` line ends, plain spaces (no no-break ones), no spaces at line ends, at most
    one blank line in a row, stripped."""
    text = plain_spaces(unicodedata.normalize("NFC", text).translate(_INVISIBLE))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _EDGE_SPACE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def join_paragraphs(lines: list[str]) -> str:
    """Join one-paragraph-per-line text (trafilatura's output) with blank lines."""
    return "\n\n".join(line.strip() for line in lines if line.strip())
