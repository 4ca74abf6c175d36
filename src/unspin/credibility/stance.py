"""Headline-vs-body stance: does the body agree with, disagree with, discuss, or not relate to
its headline (the four FNC-1 classes)?

The model is trained by ``benchmarks/train_stance.py`` on the FNC-1 training set and shipped
as ``unspin/models/stance.npz`` (numpy arrays only, no pickle). Inference needs numpy and the
standard library; nothing here imports spaCy or scikit-learn.

Features (one implementation, shared with the training script, which imports this module):

* ``tokenize``: lowercase, regex words (``[a-z0-9]+`` with inner apostrophes).
* Sparse term frequencies of the headline and of the body over a 5,000-term vocabulary,
  each L2-normalised (Riedel et al. 2017).
* Dense hand features (``DENSE_FEATURE_NAMES``): word, IDF-weighted and stem overlap, BM25,
  TF-IDF and LSA cosines, rare-term and number overlap, word and character n-gram hits (in the
  whole body and its first 255 characters), sentence-level overlap of the best-matching body
  sentences, and refuting, hedging, supporting and negation word rates in the headline, the
  body and the best sentences (after the FNC-1 baseline's hand features).

Classifiers: a one-hidden-layer MLP over the sparse and dense features (4 classes), a
gradient-boosted binary relatedness model and a gradient-boosted 3-class stance model over the
dense features (trees exported to flat arrays and evaluated here with numpy). P(unrelated) and
P(stance | related) each mix the MLP with the matching tree model, with weights and stance
class multipliers chosen on a development split (see ``StanceModel``). Results and method:
``docs/benchmarks_stance.md``.

An empty headline or body (no word in it) cannot be assessed: ``predict_stance`` raises
``unspin.core.errors.EmptyInputError`` naming which one, so a caller can report "not assessable"
with that reason rather than a guess.
"""

from __future__ import annotations

import math
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import IO
from zipfile import BadZipFile

import numpy as np

from unspin.core.errors import EmptyInputError, ModelError
from unspin.nlp.lexicon.polarity import NEGATION_WORDS

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
MODEL_FILE = "stance.npz"
MODEL_FORMAT = 1

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_SENTENCE_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens: runs of ASCII letters/digits, keeping inner apostrophes."""
    return _TOKEN_RE.findall(text.lower().translate(_APOSTROPHES))


_STEM_SUFFIXES = (
    ("ies", "y"),
    ("sses", "ss"),
    ("ingly", ""),
    ("edly", ""),
    ("ing", ""),
    ("ed", ""),
    ("ly", ""),
    ("s", ""),
)


@lru_cache(maxsize=1 << 16)
def stem(token: str) -> str:
    """A light suffix stripper (plurals, -ed, -ing, -ly, final e), enough to match word forms."""
    if len(token) <= 3 or not token.isalpha():
        return token
    for suffix, repl in _STEM_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            if suffix == "s" and token.endswith(("ss", "us", "is")):
                continue
            token = token[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and token[-1] == token[-2] and token[-1] not in "lsz":
                token = token[:-1]
            break
    return token[:-1] if token.endswith("e") and len(token) > 3 else token


def split_sentences(text: str) -> list[str]:
    """Rough sentence split on end punctuation followed by space, and on line breaks."""
    return [s for s in (p.strip() for p in _SENTENCE_RE.split(text)) if s]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# fmt: off
STOP_WORDS: frozenset[str] = _words("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves s t d ll m re ve
""")

# Words the FNC-1 baseline calls refuting, with their obvious inflections.
REFUTING_WORDS: frozenset[str] = _words("""
fake fraud hoax false deny denies denied denying refute refutes refuted not despite nope doubt
doubts doubted bogus debunk debunks debunked debunking pranks prank retract retracts retracted
untrue myth satire satirical fabricated misleading fiction fictional baseless phony
""")
HEDGING_WORDS: frozenset[str] = _words("""
alleged allegedly reportedly reported reports claim claims claimed claiming according
purportedly purported rumor rumors rumored rumour rumours rumoured unconfirmed unverified
apparently may might could possibly possible suggest suggests suggested speculation speculate
believed appears appear supposedly seems seem likely unclear if whether
""")
SUPPORTING_WORDS: frozenset[str] = _words("""
confirm confirms confirmed confirming official officially announced announce announces
revealed reveals verified verify true indeed proof proves proved evidence statement
""")
# fmt: on
_BASELINE_REFUTING: tuple[str, ...] = (
    "fake",
    "fraud",
    "hoax",
    "false",
    "deny",
    "denies",
    "not",
    "despite",
    "nope",
    "doubt",
    "doubts",
    "bogus",
    "debunk",
    "pranks",
    "retract",
)

_LEAD_CHARS = 255
_BM25_K1 = 1.2
_BM25_B = 0.75
_WORD_NGRAMS = (2, 3, 4)
_CHAR_NGRAMS = (4, 8, 16)

DENSE_FEATURE_NAMES: tuple[str, ...] = (
    "jaccard",
    "content_overlap",
    "idf_overlap",
    "idf_overlap_lead",
    "bm25",
    "bm25_norm",
    "tfidf_cosine",
    "lsa_cosine",
    "tfidf_cosine_all",
    "stem_idf_overlap",
    "stem_content_overlap",
    "rare1_present",
    "rare3_present",
    "max_idf_present",
    "number_overlap",
    *(f"word{n}_hits" for n in _WORD_NGRAMS),
    *(f"word{n}_hits_lead" for n in _WORD_NGRAMS),
    *(f"char{n}_hits" for n in _CHAR_NGRAMS),
    "sent_max",
    "sent_second",
    "sent_top3_mean",
    "sent_best_position",
    "sent_frac_half",
    "sent_frac_any",
    "head_refute",
    "head_hedge",
    "head_negation",
    "head_question",
    "head_polarity",
    "body_polarity",
    "body_refute_rate",
    "body_hedge_rate",
    "body_support_rate",
    "body_negation_rate",
    "top_refute",
    "top_hedge",
    "top_support",
    "top_negation",
    "top_refute_any",
    "head_len_log",
    "body_len_log",
    "body_sentences_log",
    *(f"head_has_{w}" for w in _BASELINE_REFUTING),
)


class Prepared:
    """A headline or body, tokenised once, with what the features need."""

    __slots__ = (
        "char_text",
        "content",
        "counts",
        "lead_ngrams",
        "lead_tokens",
        "memo",
        "n_tokens",
        "ngrams",
        "sentences",
        "stems",
        "text",
        "tokens",
    )

    def __init__(self, text: str, *, body: bool) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.n_tokens = len(self.tokens)
        self.counts = Counter(self.tokens)
        self.content = frozenset(t for t in self.counts if t not in STOP_WORDS)
        self.stems = frozenset(stem(t) for t in self.counts)
        self.char_text = " ".join(self.tokens)
        self.ngrams: dict[int, set[tuple[str, ...]]] = {}
        self.lead_ngrams: dict[int, set[tuple[str, ...]]] = {}
        self.sentences: list[frozenset[str]] = []
        self.lead_tokens: frozenset[str] = frozenset()
        self.memo: dict[object, _Side] = {}
        if body:
            lead = tokenize(text[:_LEAD_CHARS])
            self.lead_tokens = frozenset(lead)
            for n in _WORD_NGRAMS:
                self.ngrams[n] = set(_ngrams(self.tokens, n))
                self.lead_ngrams[n] = set(_ngrams(lead, n))
            self.sentences = [
                s for s in (frozenset(tokenize(x)) for x in split_sentences(text)) if s
            ] or [frozenset(self.tokens)]


def _ngrams(tokens: Sequence[str], n: int) -> Iterable[tuple[str, ...]]:
    return zip(*(tokens[i:] for i in range(n)), strict=False)


def _rate(counts: Counter[str], words: frozenset[str], n_tokens: int) -> float:
    return 100.0 * sum(c for t, c in counts.items() if t in words) / max(n_tokens, 1)


@dataclass(frozen=True, slots=True)
class _Side:
    tfidf: tuple[np.ndarray, np.ndarray]
    lsa: np.ndarray
    lsa_norm: float
    weights: dict[str, float]
    weights_norm: float


class FeatureSpace:
    """Vocabulary, IDF and LSA projection learned from the training texts."""

    def __init__(
        self,
        terms: Sequence[str],
        idf: np.ndarray,
        n_tf_terms: int,
        lsa: np.ndarray,
        avg_body_len: float,
    ) -> None:
        self.terms = list(terms)
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.max_idf = float(self.idf.max()) if len(self.idf) else 1.0
        self.n_tf_terms = int(n_tf_terms)  # the first n_tf_terms terms feed the MLP
        self.lsa = np.asarray(lsa, dtype=np.float64)  # (n_lsa_terms, k)
        self.avg_body_len = float(avg_body_len)
        self._key = object()

    def idf_of(self, term: str) -> float:
        i = self.index.get(term)
        return self.max_idf if i is None else float(self.idf[i])

    def tf_vector(self, p: Prepared) -> tuple[np.ndarray, np.ndarray]:
        """L2-normalised term frequencies over the first ``n_tf_terms`` terms (sparse)."""
        pairs = sorted(
            (i, c)
            for t, c in p.counts.items()
            if (i := self.index.get(t)) is not None and i < self.n_tf_terms
        )
        idx = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
        val = np.fromiter((c for _, c in pairs), dtype=np.float64, count=len(pairs))
        norm = float(np.sqrt(val @ val))
        return idx, (val / norm if norm else val)

    def _tfidf(self, p: Prepared, limit: int) -> tuple[np.ndarray, np.ndarray]:
        pairs = sorted(
            (i, c)
            for t, c in p.counts.items()
            if (i := self.index.get(t)) is not None and i < limit
        )
        idx = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
        val = np.fromiter((c for _, c in pairs), dtype=np.float64, count=len(pairs))
        val = val * self.idf[idx]
        norm = float(np.sqrt(val @ val))
        return idx, (val / norm if norm else val)

    def _side(self, p: Prepared) -> _Side:
        """The space-dependent vectors of one text, memoised on it (bodies pair many times)."""
        side = p.memo.get(self._key)
        if side is None:
            tfidf = self._tfidf(p, self.n_tf_terms)
            li, lv = self._tfidf(p, self.lsa.shape[0])
            lsa = lv @ self.lsa[li]
            weights = {t: c * self.idf_of(t) for t, c in p.counts.items()}
            norm = math.sqrt(sum(v * v for v in weights.values()))
            side = _Side(tfidf, lsa, float(np.linalg.norm(lsa)), weights, norm)
            p.memo[self._key] = side
        return side

    def dense_features(self, head: Prepared, body: Prepared) -> np.ndarray:
        """The ``DENSE_FEATURE_NAMES`` features of one headline/body pair."""
        f: list[float] = []
        h_set, b_set = set(head.counts), set(body.counts)
        union = h_set | b_set
        f.append(len(h_set & b_set) / len(union) if union else 0.0)
        hc = head.content or frozenset(head.counts)
        f.append(len(hc & b_set) / max(len(hc), 1))
        w = {t: self.idf_of(t) for t in sorted(hc)}  # sorted: sums in a fixed order
        w_total = sum(w.values()) or 1.0
        f.append(sum(v for t, v in w.items() if t in b_set) / w_total)
        f.append(sum(v for t, v in w.items() if t in body.lead_tokens) / w_total)
        # BM25 of the headline's content words against the body.
        norm_len = _BM25_K1 * (1 - _BM25_B + _BM25_B * body.n_tokens / self.avg_body_len)
        bm25 = 0.0
        for t, v in w.items():
            tf = body.counts.get(t, 0)
            if tf:
                bm25 += v * tf * (_BM25_K1 + 1) / (tf + norm_len)
        f.append(math.log1p(bm25))
        f.append(bm25 / ((_BM25_K1 + 1) * w_total))
        # TF-IDF cosine over the MLP vocabulary, LSA cosine over the LSA vocabulary.
        hs, bs = self._side(head), self._side(body)
        f.append(_sparse_dot(*hs.tfidf, *bs.tfidf))
        denom = hs.lsa_norm * bs.lsa_norm
        f.append(float(hs.lsa @ bs.lsa) / denom if denom else 0.0)
        # Over all tokens (out-of-vocabulary words get the highest IDF), and by stem.
        dot = sum(v * bs.weights.get(t, 0.0) for t, v in hs.weights.items())
        norms = hs.weights_norm * bs.weights_norm
        f.append(dot / norms if norms else 0.0)
        present = {t: stem(t) in body.stems for t in hc}
        f.append(sum(v for t, v in w.items() if present[t]) / w_total)
        f.append(sum(present.values()) / max(len(hc), 1))
        rare = sorted(hc, key=lambda t: (-w[t], t))
        f.append(float(bool(rare) and present[rare[0]]))
        f.append(sum(present[t] for t in rare[:3]) / max(min(3, len(rare)), 1))
        f.append(max((w[t] for t in hc if present[t]), default=0.0) / self.max_idf)
        nums = {t for t in head.counts if t.isdigit()}
        f.append(len(nums & b_set) / len(nums) if nums else -1.0)
        # Word n-gram hits (share of the headline's n-grams found in the body / its lead).
        for lead in (False, True):
            for n in _WORD_NGRAMS:
                grams = set(_ngrams(head.tokens, n))
                target = body.lead_ngrams[n] if lead else body.ngrams[n]
                f.append(len(grams & target) / len(grams) if grams else 0.0)
        for n in _CHAR_NGRAMS:
            s = head.char_text
            chars = {s[i : i + n] for i in range(len(s) - n + 1)}
            f.append(sum(g in body.char_text for g in chars) / len(chars) if chars else 0.0)
        # Sentence-level overlap: how well the best body sentences cover the headline.
        scores = sorted(
            (
                (sum(w[t] for t in sorted(hc & s)) / w_total, i)
                for i, s in enumerate(body.sentences)
            ),
            reverse=True,
        )
        n_sent = len(scores)
        top = [body.sentences[i] for _, i in scores[:3]]
        f.append(scores[0][0])
        f.append(scores[1][0] if n_sent > 1 else 0.0)
        f.append(sum(x for x, _ in scores[:3]) / min(3, n_sent))
        f.append(scores[0][1] / n_sent)
        f.append(sum(x >= 0.5 for x, _ in scores) / n_sent)
        f.append(sum(x > 0 for x, _ in scores) / n_sent)
        # Lexicon features.
        hcount = head.counts
        refute_h = sum(c for t, c in hcount.items() if t in REFUTING_WORDS)
        f.append(float(refute_h))
        f.append(float(sum(c for t, c in hcount.items() if t in HEDGING_WORDS)))
        f.append(float(sum(c for t, c in hcount.items() if t in NEGATION_WORDS)))
        f.append(float("?" in head.text))
        refute_b = sum(c for t, c in body.counts.items() if t in _BASELINE_REFUTING)
        f.append(float(sum(hcount.get(t, 0) for t in _BASELINE_REFUTING) % 2))
        f.append(float(refute_b % 2))
        f.append(_rate(body.counts, REFUTING_WORDS, body.n_tokens))
        f.append(_rate(body.counts, HEDGING_WORDS, body.n_tokens))
        f.append(_rate(body.counts, SUPPORTING_WORDS, body.n_tokens))
        f.append(_rate(body.counts, NEGATION_WORDS, body.n_tokens))
        top_words = [t for s in top for t in s]
        top_refute = sum(t in REFUTING_WORDS for t in top_words)
        f.append(float(top_refute))
        f.append(float(sum(t in HEDGING_WORDS for t in top_words)))
        f.append(float(sum(t in SUPPORTING_WORDS for t in top_words)))
        f.append(float(sum(t in NEGATION_WORDS for t in top_words)))
        f.append(float(top_refute > 0))
        f.append(math.log1p(head.n_tokens))
        f.append(math.log1p(body.n_tokens))
        f.append(math.log1p(len(body.sentences)))
        f.extend(float(t in hcount) for t in _BASELINE_REFUTING)
        return np.asarray(f, dtype=np.float64)


def _sparse_dot(ai: np.ndarray, av: np.ndarray, bi: np.ndarray, bv: np.ndarray) -> float:
    _, ia, ib = np.intersect1d(ai, bi, assume_unique=True, return_indices=True)
    return float(av[ia] @ bv[ib])


# --------------------------------------------------------------------------------------------
# The shipped model


@dataclass(frozen=True, slots=True, kw_only=True)
class StanceResult:
    """The predicted stance of a body towards its headline, with the class probabilities."""

    label: str
    probabilities: dict[str, float]


class Trees:
    """A gradient-boosted tree ensemble as flat arrays (one row per node, leaves included).

    ``feature[i] < 0`` marks a leaf whose raw score is ``value[i]``; an inner node sends ``x`` to
    ``left[i]`` when ``x[feature[i]] <= threshold[i]``, else to ``right[i]``. Tree ``t`` starts
    at ``roots[t]`` and adds to class ``t % n_classes``.
    """

    def __init__(
        self,
        feature: np.ndarray,
        threshold: np.ndarray,
        left: np.ndarray,
        right: np.ndarray,
        value: np.ndarray,
        roots: np.ndarray,
        n_classes: int,
    ) -> None:
        self.feature = np.asarray(feature, dtype=np.int64)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        self.left = np.asarray(left, dtype=np.int64)
        self.right = np.asarray(right, dtype=np.int64)
        self.value = np.asarray(value, dtype=np.float64)
        self.roots = np.asarray(roots, dtype=np.int64)
        self.n_classes = int(n_classes)
        self._safe_feature = np.maximum(self.feature, 0)
        self._tree_class = np.arange(len(self.roots)) % self.n_classes

    def raw_scores(self, x: np.ndarray) -> np.ndarray:
        """Raw (pre-softmax) scores, shape (n_rows, n_classes), for feature rows ``x``."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        rows = np.arange(x.shape[0])[:, None]
        node = np.broadcast_to(self.roots, (x.shape[0], len(self.roots))).copy()
        while True:
            inner = self.feature[node] >= 0
            if not inner.any():
                break
            go_left = x[rows, self._safe_feature[node]] <= self.threshold[node]
            node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)
        out = np.zeros((x.shape[0], self.n_classes))
        leaf = self.value[node]
        for c in range(self.n_classes):
            out[:, c] = leaf[:, self._tree_class == c].sum(axis=1)
        return out


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Everything in ``stance.npz``: the feature space and the three classifiers.

    P(unrelated) mixes the MLP's with a boosted binary relatedness model's (weight
    ``mix_related`` on the MLP); P(stance | related) mixes the MLP's renormalised
    agree/disagree/discuss with a boosted 3-class model trained on related pairs only
    (weight ``mix_stance`` on the MLP), then rescaled by ``stance_prior`` (the rare disagree
    class is otherwise almost never predicted).
    """

    space: FeatureSpace
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    w1: np.ndarray  # (2 * n_tf + n_dense, hidden): head TF, body TF, standardised dense
    b1: np.ndarray
    w2: np.ndarray  # (hidden, 4)
    b2: np.ndarray
    related_trees: Trees  # one output: raw score of "unrelated" (sigmoid)
    stance_trees: Trees  # three outputs: agree, disagree, discuss (softmax)
    mix_related: float
    mix_stance: float
    stance_prior: np.ndarray  # (3,) multipliers of agree/disagree/discuss, chosen on dev

    def mlp_proba(
        self,
        head_tf: tuple[np.ndarray, np.ndarray],
        body_tf: tuple[np.ndarray, np.ndarray],
        dense: np.ndarray,
    ) -> np.ndarray:
        n_tf = self.space.n_tf_terms
        z = self.b1.astype(np.float64)
        z = z + head_tf[1] @ self.w1[head_tf[0]] + body_tf[1] @ self.w1[n_tf + body_tf[0]]
        z = z + ((dense - self.dense_mean) / self.dense_scale) @ self.w1[2 * n_tf :]
        h = np.maximum(z, 0.0)
        return softmax(h @ self.w2 + self.b2)

    def combine(self, p_mlp: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """Final probabilities (rows in ``LABELS`` order) from MLP outputs and dense rows."""
        dense = np.atleast_2d(dense)
        return combine(
            np.atleast_2d(p_mlp),
            self.related_trees.raw_scores(dense)[:, 0],
            self.stance_trees.raw_scores(dense),
            self.mix_related,
            self.mix_stance,
            self.stance_prior,
        )

    def predict_proba(self, headline: str, body: str) -> np.ndarray:
        """Class probabilities (in ``LABELS`` order) for one headline/body pair."""
        head = Prepared(headline, body=False)
        if not head.tokens:
            raise EmptyInputError("headline", "has no words, so its stance cannot be assessed")
        doc = Prepared(body, body=True)
        if not doc.tokens:
            raise EmptyInputError(
                "body", "has no words, so the headline's stance cannot be assessed"
            )
        dense = self.space.dense_features(head, doc)
        p_mlp = self.mlp_proba(self.space.tf_vector(head), self.space.tf_vector(doc), dense)
        return np.asarray(self.combine(p_mlp, dense)[0])


def combine(
    p_mlp: np.ndarray,
    related_raw: np.ndarray,
    stance_raw: np.ndarray,
    mix_related: float,
    mix_stance: float,
    stance_prior: np.ndarray,
) -> np.ndarray:
    """Mix the MLP's probabilities with the tree models' raw scores (see ``StanceModel``)."""
    p_unrel = mix_related * p_mlp[:, 3] + (1 - mix_related) / (1 + np.exp(-related_raw))
    s_mlp = p_mlp[:, :3] / p_mlp[:, :3].sum(axis=1, keepdims=True)
    s = mix_stance * s_mlp + (1 - mix_stance) * softmax(stance_raw)
    s = s * stance_prior
    s = s / s.sum(axis=1, keepdims=True)
    return np.hstack([(1 - p_unrel)[:, None] * s, p_unrel[:, None]])


def _trees(a: dict[str, np.ndarray], prefix: str, n_outputs: int) -> Trees:
    return Trees(
        a[f"{prefix}_feature"],
        a[f"{prefix}_threshold"],
        a[f"{prefix}_left"],
        a[f"{prefix}_right"],
        a[f"{prefix}_value"],
        a[f"{prefix}_roots"],
        n_outputs,
    )


def load_model_from(source: str | os.PathLike[str] | IO[bytes]) -> StanceModel:
    """Read a ``stance.npz`` (a path or a binary file object); ``ModelError`` if unusable."""
    try:
        with np.load(source, allow_pickle=False) as z:
            a = {k: z[k] for k in z.files}
        if int(a["format"]) != MODEL_FORMAT:
            raise ValueError(f"format {int(a['format'])}, expected {MODEL_FORMAT}")
        if tuple(str(x) for x in a["labels"]) != LABELS:
            raise ValueError("unexpected label set")
        if tuple(str(x) for x in a["dense_names"]) != DENSE_FEATURE_NAMES:
            raise ValueError("feature names differ from this version of unspin.credibility.stance")
        space = FeatureSpace(
            terms=a["terms"].tobytes().decode("utf-8").split("\n"),
            idf=a["idf"],
            n_tf_terms=int(a["n_tf_terms"]),
            lsa=a["lsa"],
            avg_body_len=float(a["avg_body_len"]),
        )
        return StanceModel(
            space=space,
            dense_mean=a["dense_mean"].astype(np.float64),
            dense_scale=a["dense_scale"].astype(np.float64),
            w1=a["w1"].astype(np.float32),
            b1=a["b1"].astype(np.float64),
            w2=a["w2"].astype(np.float64),
            b2=a["b2"].astype(np.float64),
            related_trees=_trees(a, "rel", 1),
            stance_trees=_trees(a, "st", 3),
            mix_related=float(a["mix_related"]),
            mix_stance=float(a["mix_stance"]),
            stance_prior=a["stance_prior"].astype(np.float64).reshape(3),
        )
    except (OSError, EOFError, KeyError, ValueError, TypeError, BadZipFile, zlib.error) as err:
        raise ModelError(
            f"the stance model file is missing or corrupt ({err.__class__.__name__}: {err}); "
            "reinstall unspin, or rebuild it with `python benchmarks/train_stance.py`"
        ) from err


@lru_cache(maxsize=1)
def load_model() -> StanceModel:
    """Load (once per process) the packaged ``unspin/models/stance.npz``."""
    try:
        ref = resources.files("unspin.models").joinpath(MODEL_FILE)
        with ref.open("rb") as fh:
            return load_model_from(fh)
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise ModelError(
            f"the stance model file unspin/models/{MODEL_FILE} is missing; reinstall unspin, "
            "or rebuild it with `python benchmarks/train_stance.py`"
        ) from err


def predict_stance(headline: str, body: str) -> StanceResult:
    """The body's stance towards the headline: agree, disagree, discuss or unrelated.

    Raises ``EmptyInputError`` when the headline or the body has no words (not assessable),
    and ``ModelError`` when the packaged model file is missing or corrupt.
    """
    proba = load_model().predict_proba(headline, body)
    best = int(np.argmax(proba))
    return StanceResult(
        label=LABELS[best],
        probabilities={label: float(p) for label, p in zip(LABELS, proba, strict=True)},
    )


__all__ = [
    "DENSE_FEATURE_NAMES",
    "LABELS",
    "FeatureSpace",
    "Prepared",
    "StanceModel",
    "StanceResult",
    "Trees",
    "load_model",
    "load_model_from",
    "predict_stance",
    "split_sentences",
    "tokenize",
]
