"""Candidate sources for an article, each with its sentence-level evidence.

Three signals, cheapest first, each a few SQL lookups:

1. sentence fingerprints (immutables, see :mod:`unspin.index.fingerprints`): which derivative
   sentence shares fingerprints with which source sentence; this is the evidence;
2. document MinHash/LSH over word 3-shingles: near-duplicates and light edits;
3. FTS5 BM25 over the article's rare words and names: a safety net for heavy rewording.

With an ``embedder`` (optional extra, :mod:`unspin.index.embeddings`) BM25 always runs, and
verification of a candidate with a sentence verified by overlap also accepts a sentence pair
whose embedding cosine clears :data:`unspin.index.embeddings.MATCH_MIN_COSINE`: heavy
rewording keeps the meaning but not the words. Embeddings are computed at query time only; the
index holds none.

The union of the three is then *verified*: for the best-scoring few, each derivative sentence is
compared with every source sentence by content-word overlap. A spun copy keeps most content
words sentence by sentence even after synonym swaps; an article written independently about the
same event shares names and numbers, but not sentences, so its verified coverage stays low and it
ranks below the real source. Sources published after the article (both dates known) are
dropped; among identical texts the earliest publication (then a wire service) represents the
group, and the others are listed as its copies.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz.distance import Indel

from unspin.core.model import Article
from unspin.core.wordlists import STOP_WORDS
from unspin.index.fingerprints import (
    EXACT_TAG,
    DocFingerprints,
    fingerprint_and_words,
    jaccard_estimate,
)
from unspin.index.store import Store, StoredArticle, article_key
from unspin.index.store.postings import unpack_posting
from unspin.index.tokens import fast_tokens, is_common, split_sentences

if TYPE_CHECKING:
    from unspin.index.embeddings import Embedder

__all__ = ["Candidate", "SentenceHit", "best_k", "candidates"]

POSTING_CAP = 64
BM25_SKIP_COVERAGE = 0.6  # a fingerprint in more sentences than this says nothing
GAP_MIN_SENTENCES = 2  # unexplained sentences that get a BM25 query of their own
GAP_VERIFY = 3  # best BM25 hits for them that are verified
GAP_CHUNK = 2  # unexplained sentences per BM25 query
GAP_MIN_TERMS = 8  # query words for them, rare ones first, topped up with common ones
VERIFY_MIN_SIMILARITY = 0.34  # content-word overlap for a verified sentence match
VERIFY_ORDERED_MIN_SIMILARITY = 0.2  # ... when the words are in the source's order
VERIFY_ORDERED_MIN_KEPT = 8  # words in the same order, half of the two sentences' at least
VERIFY_PART_MIN_WORDS = 6  # content words of a sentence verified as a piece of a longer one
VERIFY_PART_MIN_CONTAINED = 0.85  # of its content words, in the source sentence
VERIFY_PIECE_MIN_CONTAINED = 0.6  # ... when most of its words stand in the source's order:
VERIFY_PIECE_MIN_KEPT = 0.75  # this share of them
TEMPLATE_MIN_DOCS = 3  # indexed pages that print one line word for word, ...
TEMPLATE_MAX_JACCARD = 0.1  # ... and share less than this of their text with one another
TEMPLATE_SAMPLE = 8  # of them, compared pairwise
TEMPLATE_OTHER_MAX_SIMILARITY = 0.75  # a source's other lines, matched loosely, beside them
_WIRE = re.compile(r"\b(reuters|associated press|ap|afp|agence france|upi|dpa|efe|xinhua)\b", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceHit:
    """Derivative sentence ``sentence`` matched source sentence ``source_sentence``.

    Indices are fingerprint sentences (:func:`unspin.index.tokens.split_sentences`); the
    character spans let a caller map them onto its own sentence split.
    """

    sentence: int
    start: int
    end: int
    source_sentence: int
    source_start: int
    source_end: int
    fingerprints: int  # shared fingerprints (0 when found only by verification)
    exact: bool  # the normalised sentences are identical
    similarity: float  # content-word overlap, 0..1 (0 when not verified)
    embedding: float = 0.0  # embedding cosine when matched by embeddings only, else 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    id: str  # store key of the representative of the group of identical texts
    article: Article
    score: float
    coverage: float  # share of the article's sentences with a hit in this source
    sentences: tuple[int, ...]  # derivative sentence indices this source accounts for
    hits: tuple[SentenceHit, ...]
    jaccard: float  # MinHash estimate of the shingle Jaccard
    bm25: float  # 0 when not among the BM25 results
    signals: tuple[str, ...]  # "fingerprint", "lsh", "bm25", "verified", "embedding"
    copies: tuple[str, ...] = ()  # keys of other articles with the identical text
    rowid: int = 0

    @property
    def url(self) -> str | None:
        return self.article.url

    @property
    def published(self) -> object:
        return self.article.published


@dataclass
class _Evidence:
    # (derivative sentence, source sentence) -> [weight, shared fingerprints, exact]
    pairs: dict[tuple[int, int], list[float]]
    fp_score: float = 0.0
    jaccard: float = 0.0
    bm25: float = 0.0
    bands: int = 0


def candidates(
    store: Store,
    article: Article,
    k: int = 10,
    *,
    verify: int | None = None,
    exclude_self: bool = True,
    bm25: bool | None = None,
    embedder: Embedder | None = None,
) -> list[Candidate]:
    """Up to ``k`` candidate sources of ``article``, best first.

    ``verify`` is how many top candidates get the sentence-by-sentence check (default
    ``max(2 * k, 16)``: a collage's minor source can rank below several reports of the same
    event before the check; 0 switches it off and ranks by fingerprints, LSH and BM25 alone),
    beside the best few by each signal and each sentence's best fingerprint match.
    With the check on, only checked candidates carry sentence hits.
    ``bm25`` forces the BM25 signal on or off; by default it runs only when fingerprints
    leave more than ``1 - BM25_SKIP_COVERAGE`` of the article's sentences without strong
    evidence (it is the slowest signal and only needed for heavy rewording).
    ``embedder`` (:mod:`unspin.index.embeddings`) adds sentence embeddings to verification
    and makes BM25 run by default; None (the default) leaves retrieval model-free.
    """
    fp, words = fingerprint_and_words(article.text, store.config)
    n = len(fp.sentences)
    if n == 0:
        return []
    verify = max(2 * k, 16) if verify is None else verify
    self_key = article_key(article, fp.content_hash) if exclude_self else None

    ev: dict[int, _Evidence] = defaultdict(lambda: _Evidence({}))
    postings = _fingerprint_signal(store, fp, ev)
    for doc, c in store.band_matches(fp.bands).items():
        ev[doc].bands = c
    if bm25 is None:
        bm25 = embedder is not None or _strong_coverage(ev, n) < BM25_SKIP_COVERAGE
    bm = store.search(_query_terms(article.title, words), limit=30) if bm25 else []
    top_bm = bm[0][1] if bm else 1.0
    for doc, s in bm:
        ev[doc].bm25 = s / top_bm if top_bm > 0 else 0.0
    gap, runs = _gap_search(store, article.text, fp, ev)
    for doc, s in gap:
        ev[doc].bm25 = max(ev[doc].bm25, s / gap[0][1] if gap[0][1] > 0 else 0.0)
    if not ev:
        return []

    # Pool: the strongest by each signal, so one noisy signal can't crowd out the others.
    pool: set[int] = set()
    pool.update(sorted(ev, key=lambda d: -ev[d].fp_score)[: 4 * k + 10])
    pool.update(d for d in ev if ev[d].bands)
    pool.update(d for d, _ in bm[:20])
    pool.update(d for d, _ in gap[:GAP_VERIFY])
    pool.update(runs)
    # Each sentence's best fingerprint match: a collage's one line from a source shares
    # little else with the page, and ranks below every report of its main story.
    best_of_line = _best_per_sentence(ev)
    pool.update(best_of_line)
    # MinHash Jaccard for the LSH hits and for the front-runners by the other signals.
    front = sorted(pool, key=lambda d: -(ev[d].fp_score / n + 0.2 * ev[d].bm25))[: verify + k]
    sigs = store.signatures({*front, *(d for d in pool if ev[d].bands)})
    for doc, sig in sigs.items():
        ev[doc].jaccard = jaccard_estimate(sig, fp.signature)
    rows = store.get_many(pool)
    copies = store.copies_of(pool)

    scored: list[tuple[float, int, StoredArticle, list[StoredArticle]]] = []
    for doc in pool:
        row = rows.get(doc)
        if row is None:  # stale posting of a deleted article
            continue
        rep, others = _representative(row, copies.get(doc, []), article)
        if rep is None:
            continue  # every copy of this text was published after the article
        if self_key is not None:  # the article itself may be indexed: never its own source
            if rep.key == self_key:
                if not others:
                    continue
                rep, others = others[0], others[1:]
            others = [o for o in others if o.key != self_key]
        e = ev[doc]
        score = e.fp_score / n + 0.5 * e.jaccard + 0.2 * e.bm25
        scored.append((score, doc, rep, others))
    scored.sort(key=lambda x: (-x[0], x[1]))
    # Verify the best by the combined score, and also the best few by each signal alone, so
    # noisy fingerprint hits on common name pairs can't keep the real source unverified.
    to_verify = {doc for _, doc, _, _ in scored[:verify]}
    if verify:
        to_verify.update(d for d, _ in bm[:2])
        to_verify.update(d for d, _ in gap[:GAP_VERIFY])
        to_verify.update(runs)
        to_verify.update(best_of_line)
        to_verify.update(sorted(sigs, key=lambda d: -ev[d].jaccard)[:2])

    # Past the verified ones, only the next best few can still make the top k.
    keep = set(to_verify) | {doc for _, doc, _, _ in scored[: verify + k]}
    deriv_texts = [article.text[s.start : s.end] for s in fp.sentences]
    deriv_words = [_content_words(t) for t in deriv_texts]
    deriv_vecs: np.ndarray | None = None  # embedded on first need
    out: list[Candidate] = []
    for score, doc, rep, others in scored:
        if doc not in keep:
            continue
        checked = doc in to_verify
        e = ev[doc]
        verified: dict[int, tuple[int, float]] = {}
        cosines: dict[int, float] = {}
        spans: list[tuple[int, int]] | None = None
        if checked:
            spans = split_sentences(rep.article.text)
            verified = _verify(deriv_words, rep.article.text, spans, deriv_texts)
            if embedder is not None and verified and len(verified) < n:
                if deriv_vecs is None:
                    deriv_vecs = embedder.encode(
                        [article.text[s.start : s.end] for s in fp.sentences]
                    )
                cosines = _embed_verify(embedder, deriv_vecs, deriv_words, verified, rep, spans)
        # With verification on, only checked texts carry sentence evidence: fingerprints
        # alone (two shared names in a sentence) also join reports of the same event.
        hits = (
            _hits(fp, e, verified if checked else None, spans, rep.article.text, cosines)
            if checked or not verify
            else []
        )
        if not hits and e.jaccard < 0.2 and not checked:
            continue
        covered = sorted({h.sentence for h in hits})
        coverage = len(covered) / n
        signals = [
            name
            for name, on in (
                ("fingerprint", e.fp_score > 0),
                ("lsh", e.bands > 0),
                ("bm25", e.bm25 > 0),
                ("verified", bool(verified)),
                ("embedding", bool(cosines)),
            )
            if on
        ]
        if checked:
            ver_cov = len(verified) / n
            # mean overlap breaks ties between near-identical versions (wire updates)
            mean_sim = sum(v[1] for v in verified.values()) / len(verified) if verified else 0.0
            score = (
                ver_cov * (1 + 0.2 * mean_sim)
                + 0.25 * e.fp_score / n
                + 0.25 * e.jaccard
                + 0.1 * e.bm25
            )
        else:
            score = 0.5 * score  # unverified: below any verified source with real evidence
        if not hits and score < 0.05:
            continue
        out.append(
            Candidate(
                id=rep.key,
                article=rep.article,
                score=round(score, 6),
                coverage=coverage,
                sentences=tuple(covered),
                hits=tuple(hits),
                jaccard=e.jaccard,
                bm25=e.bm25,
                signals=tuple(signals),
                copies=tuple(o.key for o in others),
                rowid=rep.rowid,
            )
        )
    # A page that shares only its site's template lines with another is not made from it.
    verbatim = {h.sentence for c in out for h in c.hits if h.exact}
    template = _template_lines(store, fp, postings, verbatim)
    out = [c for c in out if not _only_template(c, template)]
    out.sort(key=lambda c: (-c.score, c.rowid))
    return best_k(out, k)


def best_k(ranked: list[Candidate], k: int) -> list[Candidate]:
    """The ``k`` best of ``ranked``: first those that explain a sentence of the page no
    better one explains, then the rest in their order. A collage's minor source explains a
    sentence or two and ranks below every version and same-event report of its main one."""
    covered: set[int] = set()
    adds = []
    for c in ranked:
        adds.append(not set(c.sentences) <= covered)
        covered.update(c.sentences)
    first = [i for i, a in enumerate(adds) if a][:k]
    rest = [i for i, a in enumerate(adds) if not a][: k - len(first)]
    return [ranked[i] for i in sorted(first + rest)]


def _fingerprint_signal(
    store: Store, fp: DocFingerprints, ev: dict[int, _Evidence]
) -> dict[int, list[int]]:
    """Each sentence's shared fingerprints, weighed into ``ev``; the postings read."""
    hashes = [h for s in fp.sentences for h in s.fingerprints]
    postings = store.sentence_postings(hashes, POSTING_CAP)
    for i, s in enumerate(fp.sentences):
        for h in s.fingerprints:
            post = postings.get(h)
            if not post:
                continue
            df = len(post)
            weight = 1.0 if df <= 5 else 1.0 / (1.0 + math.log(df / 5))
            exact = h & EXACT_TAG
            if exact:
                weight *= 2
            for p in post:
                doc, j = unpack_posting(p)
                pairs = ev[doc].pairs
                key = (i, j)
                acc = pairs.get(key)
                if acc is None:
                    pairs[key] = [weight, 1, float(exact)]
                else:
                    acc[0] += weight
                    acc[1] += 1
                    acc[2] = max(acc[2], float(exact))
    for e in ev.values():
        best: dict[int, float] = {}
        for (i, _j), (w, _c, _x) in e.pairs.items():
            # one shared pair of names/numbers is weak evidence; two, or an exact match, strong
            best[i] = max(best.get(i, 0.0), 1.0 if w >= 2 else 0.25 * w)
        e.fp_score = sum(best.values())
    return postings


def _only_template(c: Candidate, template: set[int]) -> bool:
    """Whether ``c`` shares only template with the page (see ``_template_lines``): every line
    it has word for word is template, and any other line it matches only loosely (a page
    that runs the template into a line of its story)."""
    exact = {h.sentence for h in c.hits if h.exact}
    if not exact or not exact <= template:
        return False
    return all(
        h.similarity < TEMPLATE_OTHER_MAX_SIMILARITY
        for h in c.hits
        if not h.exact and h.sentence not in template
    )


def _template_lines(
    store: Store, fp: DocFingerprints, postings: dict[int, list[int]], lines: set[int]
) -> set[int]:
    """Which of the page's ``lines`` are a site's template rather than a story's: printed word for
    word on ``TEMPLATE_MIN_DOCS`` or more indexed pages that share next to nothing else with
    one another (the disclaimer under every opinion piece, a book advertisement, a bio line).
    Copies of one wire story share such a line and the rest of their text too."""
    docs_of: dict[int, list[int]] = {}
    for i in sorted(lines):
        s = fp.sentences[i]
        docs = {
            unpack_posting(p)[0]
            for h in s.fingerprints
            if h & EXACT_TAG
            for p in postings.get(h, ())
        }
        if len(docs) >= TEMPLATE_MIN_DOCS:
            docs_of[i] = sorted(docs)[:TEMPLATE_SAMPLE]
    if not docs_of:
        return set()
    sigs = store.signatures({d for docs in docs_of.values() for d in docs})
    template = set()
    for i, docs in docs_of.items():
        found = [sigs[d] for d in docs if d in sigs]
        alike = [jaccard_estimate(a, b) for a, b in itertools.combinations(found, 2)]
        if alike and sum(alike) / len(alike) < TEMPLATE_MAX_JACCARD:
            template.add(i)
    return template


def _best_per_sentence(ev: dict[int, _Evidence]) -> set[int]:
    """For each sentence of the page with strong fingerprint evidence (two shared pairs of
    names or numbers, or an exact match), the article that has the most of it."""
    best: dict[int, tuple[float, int]] = {}
    for doc, e in ev.items():
        for (i, _j), acc in e.pairs.items():
            if acc[0] >= 2 and (i not in best or (acc[0], -doc) > (best[i][0], -best[i][1])):
                best[i] = (acc[0], doc)
    return {doc for _w, doc in best.values()}


def _gap_search(
    store: Store, text: str, fp: DocFingerprints, ev: dict[int, _Evidence]
) -> tuple[list[tuple[int, float]], set[int]]:
    """BM25 over the sentences no source explains by fingerprints, when there are a few.

    A collage's excerpt from one source can be all common words and a figure, with no strong
    fingerprint; the whole-article BM25 query is dominated by the main source's words. These
    sentences get a query of their own, so a minor source is not lost behind the others: its
    hits (scored, for the ranking) when some sentences are explained and others not.

    Then one query per run of a few unexplained sentences, also when none is explained: a
    single query's few words go to the sentences printed first, so a source of the page's
    later lines would depend on where the page printed them. Those runs' best few are only
    verified (the second value), not ranked up: each run's best would score as the top hit
    of a query and crowd out the sources with sentence evidence.
    """
    strong = {i for e in ev.values() for (i, _j), acc in e.pairs.items() if acc[0] >= 2}
    gap = [i for i in range(len(fp.sentences)) if i not in strong]
    if len(gap) < GAP_MIN_SENTENCES:
        return [], set()  # nothing to fill in

    def query(indices: Sequence[int]) -> list[tuple[int, float]]:
        words = [w for i in indices for w in fast_tokens(_sentence(text, fp, i))[1]]
        return store.search(_query_terms(None, words, fill=GAP_MIN_TERMS), limit=GAP_VERIFY)

    # The whole-article query covers a page with no sentence explained.
    scored = query(gap) if len(gap) < len(fp.sentences) else []
    runs: set[int] = set()
    if len(gap) > GAP_CHUNK:
        for run in _gap_runs(text, fp, gap):
            runs.update(doc for doc, _score in query(run))
    return scored, runs


def _sentence(text: str, fp: DocFingerprints, i: int) -> str:
    return text[fp.sentences[i].start : fp.sentences[i].end]


def _gap_runs(text: str, fp: DocFingerprints, gap: Sequence[int]) -> list[list[int]]:
    """The unexplained sentences in runs of up to ``GAP_CHUNK`` that stand together in one
    paragraph: a collage's excerpt starts a paragraph, and a query over the end of one
    excerpt and the start of the next asks for neither source's words."""
    runs: list[list[int]] = []
    for i in gap:
        last = runs[-1] if runs else None
        if (
            last is not None
            and len(last) < GAP_CHUNK
            and last[-1] == i - 1
            and "\n" not in text[fp.sentences[i - 1].end : fp.sentences[i].start]
        ):
            last.append(i)
        else:
            runs.append([i])
    return runs


def _strong_coverage(ev: dict[int, _Evidence], n: int) -> float:
    """Share of derivative sentences with strong fingerprint evidence in some source."""
    covered = {i for e in ev.values() for (i, _j), acc in e.pairs.items() if acc[0] >= 2}
    return len(covered) / n


def _query_terms(
    title: str | None, words: Sequence[str], limit: int = 16, fill: int = 0
) -> list[str]:
    """Rare words and names of the article (title first), most repeated first; with fewer
    than ``fill`` of them, topped up with its common words (of 4+ letters): a line or two
    spun to common words has few rare ones left, and BM25 weighs the rest by rarity."""
    counts: Counter[str] = Counter()
    common: Counter[str] = Counter()
    first: dict[str, int] = {}
    title_words = fast_tokens(title)[1] if title else []
    for pos, w in enumerate([*title_words, *words]):
        if len(w) < 3 or not w.isalpha() or w in STOP_WORDS:
            continue
        (common if is_common(w) else counts)[w] += 1
        first.setdefault(w, pos)
    ranked = sorted(counts, key=lambda w: (-counts[w], first[w]))
    if len(ranked) < fill:
        more = sorted((w for w in common if len(w) >= 4), key=lambda w: (-common[w], first[w]))
        ranked += more[: fill - len(ranked)]
    return ranked[:limit]


def _verify(
    deriv_words: Sequence[frozenset[str]],
    text: str,
    spans: Sequence[tuple[int, int]],
    deriv_sentences: Sequence[str],
) -> dict[int, tuple[int, float]]:
    """Best source sentence per derivative sentence by content-word overlap (above the bar;
    a little under it when the sentence keeps the source's words in their order, as a
    sentence respun with a thesaurus of its own does)."""
    src = [_content_words(text[a:b]) for a, b in spans]
    out: dict[int, tuple[int, float]] = {}
    for i, dw in enumerate(deriv_words):
        if len(dw) < 3:
            continue
        best_j, best = -1, 0.0
        part_j, part = -1, 0.0
        for j, sw in enumerate(src):
            inter = len(dw & sw)
            if inter < 2:
                continue
            sim = inter / (len(dw) + len(sw) - inter)
            if sim > best:
                best_j, best = j, sim
            contained = inter / len(dw)
            if contained > part:
                part_j, part = j, contained
        ordered = VERIFY_ORDERED_MIN_SIMILARITY <= best < VERIFY_MIN_SIMILARITY and _in_order(
            deriv_sentences[i], text[spans[best_j][0] : spans[best_j][1]]
        )
        if best >= VERIFY_MIN_SIMILARITY or ordered:
            out[i] = (best_j, best)
        elif len(dw) >= VERIFY_PART_MIN_WORDS and (
            part >= VERIFY_PART_MIN_CONTAINED
            or (
                part >= VERIFY_PIECE_MIN_CONTAINED
                and _a_piece_in_order(deriv_sentences[i], text[spans[part_j][0] : spans[part_j][1]])
            )
        ):
            # A piece of a long source sentence (a list item, a clause cut loose): its words
            # are all in that sentence (or most, and the sentence's skeleton in its order), a
            # small share of the sentence's own.
            out[i] = (part_j, VERIFY_MIN_SIMILARITY)
    return out


def _in_order(sentence: str, source: str) -> bool:
    """Half the words of the two, and eight at least, in the same order: one sentence's
    skeleton, not a name and its phrase that two sentences share ("at the ... congress in
    Cannes"). (Half of the two together: a spinner pads its sentence with longer phrases.)"""
    kept, a, b = _common_in_order(sentence, source)
    return kept >= VERIFY_ORDERED_MIN_KEPT and kept >= 0.25 * (a + b)


def _a_piece_in_order(sentence: str, source: str) -> bool:
    """Most of ``sentence``'s words, eight at least, in the same order inside ``source``."""
    kept, a, _ = _common_in_order(sentence, source)
    return kept >= VERIFY_ORDERED_MIN_KEPT and kept >= VERIFY_PIECE_MIN_KEPT * a


def _common_in_order(sentence: str, source: str) -> tuple[int, int, int]:
    """(words the two have in the same order, words of each)."""
    a = _WORD_RE.findall(sentence.lower())
    b = _WORD_RE.findall(source.lower())
    return (len(a) + len(b) - Indel.distance(a, b)) // 2, len(a), len(b)  # (the LCS)


def _embed_verify(
    embedder: Embedder,
    deriv_vecs: np.ndarray,
    deriv_words: Sequence[frozenset[str]],
    verified: dict[int, tuple[int, float]],
    rep: StoredArticle,
    spans: Sequence[tuple[int, int]],
) -> dict[int, float]:
    """Add to ``verified`` the sentences the overlap check missed whose embeddings match.

    Only for a source with a sentence verified by overlap already: an independent text on the
    same topic has sentences as close in meaning as a paraphrase's. The ``verified`` value
    keeps the pair's content-word overlap (the ranking's tie-breaker); the cosines are returned.
    """
    from unspin.index.embeddings import match_sentences, source_vectors

    todo = [i for i, dw in enumerate(deriv_words) if len(dw) >= 3 and i not in verified]
    if not verified or not todo or not spans:
        return {}
    text = rep.article.text
    found = match_sentences(deriv_vecs, source_vectors(embedder, rep.rowid, text, spans), todo)
    for i, (j, _cos) in found.items():
        dw, sw = deriv_words[i], _content_words(text[spans[j][0] : spans[j][1]])
        verified[i] = (j, len(dw & sw) / len(dw | sw))
    return {i: cos for i, (_j, cos) in found.items()}


_WORD_RE = re.compile(r"[^\W\d_]+|\d+")


def _content_words(sentence: str) -> frozenset[str]:
    """Lower-cased words and digit runs, stop words dropped: cheap, for verification only."""
    return frozenset(_WORD_RE.findall(sentence.lower())) - STOP_WORDS


def _hits(
    fp: DocFingerprints,
    e: _Evidence,
    verified: dict[int, tuple[int, float]] | None,
    spans: Sequence[tuple[int, int]] | None,
    source_text: str,
    cosines: dict[int, float] | None = None,
) -> list[SentenceHit]:
    """Per derivative sentence, its source sentence and the evidence.

    For a verified source a sentence counts when it passed the overlap check or its
    fingerprints say the sentences are identical; otherwise when its fingerprints are strong
    (an exact match, or two or more shared fingerprints).
    """
    best: dict[int, tuple[int, list[float]]] = {}
    for (i, j), acc in e.pairs.items():
        cur = best.get(i)
        if cur is None or acc[0] > cur[1][0]:
            best[i] = (j, acc)
    chosen: dict[int, tuple[int, float]] = {}
    for i, (j, acc) in best.items():
        if acc[2] or (verified is None and acc[0] >= 1.0):
            chosen[i] = (j, 0.0)
    if verified:
        for i, (j, sim) in verified.items():
            if i not in chosen or chosen[i][0] == j:
                chosen[i] = (j, sim)
    if not chosen:
        return []
    if spans is None:
        spans = split_sentences(source_text)
    out: list[SentenceHit] = []
    for i in sorted(chosen):
        j, sim = chosen[i]
        s = fp.sentences[i]
        acc = e.pairs.get((i, j), [0.0, 0, 0.0])
        a, b = spans[j] if 0 <= j < len(spans) else (0, 0)
        out.append(
            SentenceHit(
                sentence=i,
                start=s.start,
                end=s.end,
                source_sentence=j,
                source_start=a,
                source_end=b,
                fingerprints=int(acc[1]),
                exact=bool(acc[2]),
                similarity=round(sim, 4),
                embedding=round(cosines.get(i, 0.0), 4) if cosines else 0.0,
            )
        )
    return out


def _representative(
    row: StoredArticle, copies: list[StoredArticle], article: Article
) -> tuple[StoredArticle | None, list[StoredArticle]]:
    """Earliest (then wire) publication of a text that is not later than ``article``."""
    group = [row, *copies]
    if article.published is not None:
        group = [g for g in group if g.published is None or g.published <= article.published]
    if not group:
        return None, []
    group.sort(key=_publication_order)
    return group[0], group[1:]


def _publication_order(s: StoredArticle) -> tuple[bool, str, bool, int]:
    a = s.article
    wire = bool(_WIRE.search(" ".join(x for x in (a.site, a.byline, a.url) if x)))
    return (a.published is None, a.published.isoformat() if a.published else "", not wire, s.rowid)
