"""One body convention for every format: paragraphs split by a blank line, no stray space.

Single newlines are kept: wire copy is often hard-wrapped mid-sentence, and sentence
splitting treats a single newline as soft and a blank line as a hard break.
"""

from __future__ import annotations

import re
import unicodedata

from ftfy import TextFixerConfig, fix_text

from unspin.core.text import plain_spaces

# Invisible characters that split words for matching: zero-width space, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"))
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
# Text as scraped pages serve it: UTF-8 read as Windows-1252 ("donâ€™t" for "don’t") and HTML
# entities left in ("it&#8217;s"), which split words and hide quotation marks from every stage.
# ftfy repairs both; quotation marks stay as the page typed them (a report shows the page's
# own text), and entities are decoded only in text with no markup.
_FIXER = TextFixerConfig(
    uncurl_quotes=False,
    unescape_html="auto",
    fix_surrogates=False,  # a lone surrogate is bad input, refused with its position
    explain=False,
)
_NEEDS_FIXING = re.compile(r"[^\x00-\x7f]|&#?\w+;")
# Apostrophes and quotation marks typed with other characters: the modifier letter (ʼ), an
# accent or a prime between letters ("don´t", "it`s"), and an old wire's ``quote'' pairs.
_APOSTROPHE_LIKE = re.compile(r"\u02bc|(?<=[^\W\d_])[\u00b4`\u2032](?=[^\W\d_])")
_BACKTICK_OPEN = re.compile(r"``(?=\S)")
_BACKTICK_CLOSE = re.compile(r"(?<=\S)''")


def normalize_text(text: str) -> str:
    """Mojibake and HTML entities repaired, NFC, ``\\n`` line ends, plain spaces (no no-break
    ones, no runs of them), no spaces at line ends, at most one blank line in a row,
    stripped."""
    if _NEEDS_FIXING.search(text):
        text = fix_text(text, _FIXER)
    text = plain_spaces(unicodedata.normalize("NFC", text).translate(_INVISIBLE))
    text = _APOSTROPHE_LIKE.sub("\u2019", text)
    if "``" in text:
        text = _BACKTICK_OPEN.sub("\u201c", text)
    if "''" in text:  # two apostrophes typed for a closing mark, with or without ``
        text = _BACKTICK_CLOSE.sub("\u201d", text)
    text = _SPACE_RUN.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _EDGE_SPACE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def join_paragraphs(lines: list[str]) -> str:
    """Join one-paragraph-per-line text (trafilatura's output) with blank lines."""
    return "\n\n".join(line.strip() for line in lines if line.strip())
