"""A synthetic web crawl with known ground truth, for `unspin scan` (benchmarks/scan_perf.py).

    python benchmarks/crawlsim.py --pages 10000 --out benchmarks/out/crawl10k [--seed 7]
    python benchmarks/crawlsim.py --pages 1000 --out benchmarks/out/crawl1k --faults [--big-page]

Built from the real articles in ../shared/data (``trace_perf.real_articles()``: Reuters-21578,
BBC News and FNC-1 bodies), whose text is only ever written under ``--out`` (research use only;
nothing of it belongs in the repository). Every article is normalised first (Reuters' hard line
wraps joined, paragraphs separated by a blank line, the "Reuter" sign-off dropped); articles
under 300 characters, tables of figures (median paragraph under 60 characters, or fewer than
two sentence ends: Reuters' earnings briefs) and exact duplicates are left out. Each source's articles are split into
alternating blocks of 50: even blocks are the *reference* (original reporting, as published by
reuters.example, bbc.example or wirenews.example), odd blocks are *independent* reporting that
the reference does not hold. Blocks keep most of Reuters' runs of same-story updates on one
side. FNC-1 bodies all go to the reference: they come in clusters of reports on one claim that
copy each other. Independent articles that share three or more word 8-grams with any reference
article (same-story updates, near-duplicates: about a quarter of them) are left out too, so an
original page has no source in the reference.

Output under OUT:

* ``reference.jsonl``: ``{id, url, title, published, site, text}`` per reference article; the
  reference key is ``id`` ("reuters/123", "bbc/business/001", "fnc/trai/42").
* ``crawl/part-NNNNN.warc.gz``: about 500 pages each, in a seeded random order; per page a
  WARC ``response`` (HTTP 200 with headers) and, for one page in eight, a ``request`` record
  before it; one ``warcinfo`` record opens each file. Written with warcio (gzip, one member per
  record); WARC ids and dates come from the seed, so a seed gives the same bytes.
* ``truth.jsonl``: ``{url, site, kind, sources, network, file}`` per page, where ``sources``
  lists reference ids and ``network`` names the farm network of the page's site (or null);
  original pages also carry ``article``, the data-set id they were made from ("#v2": variant).
* ``sites.jsonl``: ``{site, type, network}``, type ``independent`` or ``farm``.
* ``manifest.json``: the parameters, counts per kind, the pool size and the elapsed time;
  ``faults.json`` with ``--faults``.

Page kinds (share of ``--pages``):

=============  =====  ===========================================================================
``original``   55%    an independent article on one of ~200 independent sites. Beyond the ~9,000
                      available, variant v of an article has its paragraphs rotated by v, every
                      number shifted and every name or rare word suffixed (trace_perf's expansion),
                      so each page is a distinct text that is in no reference article.
``spun``       25%    a spun copy of one reference article on a content farm, dated 1-7 days
                      after its source. spinsim.spin() (entity aliases 0.8, synonyms 0.3, reorder
                      0.15, quote marks dropped 0.5) makes a pool of
                      ``min(1200, max(80, pages // 30))`` derivatives of distinct reference articles,
                      split among the 6 networks and 22 standalone farms (each spins only its own
                      share, so spun text is shared across sites only within a network). A page
                      takes one of its owner's derivatives and varies it cheaply: paragraph
                      rotation, a small synonym table (e.g. "said" -> "stated"), sometimes its last
                      paragraph dropped, and the owner's promo line inserted. A quarter of the
                      releases are a network's: the same text, title and day on 2-4 of its sites
                      (about half the spun pages).
``collage``    8%     blocks of 3-8 consecutive sentences from 2-3 of the farm's own pool members
                      (spun, or 30% of the time verbatim), dated after the latest source.
``faithful``   7%     a reference article verbatim. Half credit the source ("(Reuters) - ", "This
                      story was first published by BBC News.") on independent sites; half do not,
                      on farms.
other          5%     what a scanner must skip and count: ``non_html`` (image/png, application/pdf;
                      35%), ``foreign`` (German, Spanish or French news text written for this
                      script; 35%), ``boilerplate`` (site furniture with no article; 30%).
=============  =====  ===========================================================================

Sites: 40 farm hosts, of which 18 form 6 networks of 2-4 (network-1 .. network-6) and 22
stand alone, and 200 independent hosts; site = URL host. Pages go to sites with Zipf-like
weights. Every HTML page has a <title>, <meta name="author">,
<meta property="article:published_time">, an <article> with <h1> and <p> paragraphs, and the
furniture a scraper picks up (navigation, "Other reports by ...", "Discuss This Article",
newsletter and cookie notices, a footer).

``--faults`` adds up to three files of extra pages (their truth rows carry ``fault``: the fault,
or ``in_<file>`` for the intact pages around it), described in ``faults.json``:

* ``faults-truncated.warc.gz``: 20 pages, the last gzip member cut to 60% of its bytes (inside
  the HTML). warcio yields that record without an error, its payload shorter than its
  Content-Length; Python's gzip raises EOFError.
* ``faults-badheader.warc.gz``: 20 pages and, in the middle, a gzip member whose WARC header is
  garbage. warcio raises ArchiveLoadFailed there and stops; the pages after it are only read by
  a reader that resyncs at the next gzip member.
* ``faults-bigpage.warc.gz`` (with ``--big-page``): one 50 MB text/html page between 6 normal
  ones (about 1 MB gzipped: its paragraphs repeat).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import io
import itertools
import json
import random
import re
import struct
import sys
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trace_perf import _TOKEN, SHARED, _variant_token, real_articles

__all__ = ["build", "main"]

VERSION = 3  # bump when the output for a seed changes (scan_perf caches crawls by it)
PAGES_PER_FILE = 500
MIX = {"original": 0.55, "spun": 0.25, "collage": 0.08, "faithful": 0.07}
OTHER_MIX = {"non_html": 0.35, "foreign": 0.35, "boilerplate": 0.30}
NETWORK_SIZES = (2, 3, 4, 3, 2, 4)
NETWORK_RELEASES = 0.25  # share of spun releases by a network (~3 pages each: half the pages)
N_FARMS = 40
N_INDEPENDENT = 200
CRAWL_DAY = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
REFERENCE_YEAR = 2023
ALIAS_RATE, SYNONYM_RATE, REORDER_RATE, DROP_QUOTE_MARKS_RATE = 0.8, 0.3, 0.15, 0.5
WIRES = {  # source prefix -> (site, credit name)
    "reuters": ("reuters.example", "Reuters"),
    "bbc": ("bbc.example", "BBC News"),
    "fnc": ("wirenews.example", "Wire News"),
}


# --- articles -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    title: str
    paras: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paras)


_REUTERS_PARA = re.compile(r"\n[ \t]{2,}")
_BLANK = re.compile(r"\n\s*\n")
_SIGN_OFF = re.compile(r"(?:(?:^|\s+)(?:REUTERS?|Reuters?)(?:\^M|\W)*)+$")


def normalise(text: str, source: str) -> tuple[str, ...]:
    """Paragraphs of one data-set text: Reuters' hard wraps joined, sign-off dropped."""
    paras: list[str] = []
    for block in _BLANK.split(text):
        if source == "reuters":
            pieces = [" ".join(p.split()) for p in _REUTERS_PARA.split(block)]
        else:
            pieces = [" ".join(p.split()) for p in block.split("\n")]
        if source == "reuters":  # the " REUTER" sign-off, also run into a paragraph
            pieces = [_SIGN_OFF.sub("", p) for p in pieces]
        paras.extend(p for p in pieces if p)
    return tuple(paras)


_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?][\"”’]?(?:\s|$)")


def looks_like_prose(paras: Sequence[str]) -> bool:
    """Not a table of figures (Reuters' "Shr 1.64 dlrs vs 84 cts" earnings briefs)."""
    lengths = sorted(len(p) for p in paras)
    return lengths[len(lengths) // 2] >= 60 and len(_SENTENCE_END.findall(" ".join(paras))) >= 2


def _title(raw: str | None, paras: Sequence[str]) -> str:
    raw = " ".join((raw or "").split())
    if raw:
        return raw.title() if raw.isupper() else raw
    words = paras[0].split()[:10]  # FNC-1 bodies have no title: the start of the lead
    return " ".join(words).rstrip(",.;:") + ("..." if len(paras[0].split()) > 10 else "")


def load_split() -> tuple[list[Doc], list[Doc]]:
    """(reference, independent): normalised real articles in alternating blocks of 50."""
    seen: set[str] = set()
    by_source: dict[str, list[Doc]] = {}
    for a in real_articles():
        source = a["id"].split("/")[0]
        paras = normalise(a["text"], source)
        text = "\n\n".join(paras)
        if len(text) < 300 or text in seen or not looks_like_prose(paras):
            continue
        seen.add(text)
        by_source.setdefault(source, []).append(
            Doc(id=a["id"], title=_title(a["title"], paras), paras=paras)
        )
    reference: list[Doc] = []
    independent: list[Doc] = []
    for source, docs in by_source.items():
        for i, d in enumerate(docs):
            # FNC-1 bodies come in clusters of reports on one claim that copy each other: all
            # of them go to the reference, so no "independent" page is a copy of one.
            (reference if source == "fnc" or (i // 50) % 2 == 0 else independent).append(d)
    return reference, drop_overlapping(independent, reference)


_WORDS = re.compile(r"[a-z0-9]+")


def _shingles(doc: Doc) -> list[int]:
    w = _WORDS.findall(doc.text.lower())
    return [zlib.crc32(" ".join(w[i : i + 8]).encode()) for i in range(max(1, len(w) - 7))]


def drop_overlapping(docs: Sequence[Doc], reference: Sequence[Doc], k: int = 3) -> list[Doc]:
    """``docs`` less those sharing ``k`` or more word 8-grams with a reference article."""
    import numpy as np

    ref = np.unique(np.fromiter((h for d in reference for h in _shingles(d)), dtype=np.uint32))
    keep = []
    for d in docs:
        own = np.unique(np.array(_shingles(d), dtype=np.uint32))
        at = np.minimum(np.searchsorted(ref, own), len(ref) - 1)
        if int((ref[at] == own).sum()) < k:
            keep.append(d)
    return keep


# --- sites --------------------------------------------------------------------------------


def wordlist(text: str) -> list[str]:
    return text.split()


_PLACES = wordlist(
    "riverside oakdale northfield maplewood lakeview hillcrest fairview brookside "
    "westbury eastport ashford kingsley millbrook redwood stonebridge clearwater "
    "pinegrove harborview elmstead greenfield bayside cedarhurst foxhall highmoor linden "
    "marshfield newhaven rosedale silverton thornbury"
)

_OUTLETS = wordlist(
    "gazette herald courier tribune post chronicle times observer ledger dispatch journal "
    "record sentinel bulletin review"
)

_FARM_A = wordlist("daily top viral breaking trending hot world instant buzz smart quick prime")

_FARM_B = wordlist("newsfeed headlines updates stories wire digest report today hub brief")

_FIRST = wordlist(
    "Alex Sam Jordan Taylor Morgan Casey Jamie Robin Chris Pat Dana Lee Kim Drew Avery "
    "Riley Quinn Harper Rowan Emery"
)

_LAST = wordlist(
    "Hart Lowe Pryce Mercer Quill Dunmore Ashby Fenwick Garland Holloway Kendrick Lister "
    "Marlow Norcott Pennant Radley Sutter Tolland Vance Wexley"
)


@dataclass(slots=True)
class Site:
    host: str
    type: str  # "independent" | "farm"
    network: str | None
    name: str
    authors: list[str] = field(default_factory=list)


def make_sites(rng: random.Random) -> tuple[list[Site], list[Site], list[list[Site]]]:
    """(independent, standalone farms, networks)."""
    combos = [f"{p}{o}" for p in _PLACES for o in _OUTLETS]
    rng.shuffle(combos)

    def authors(k: int) -> list[str]:
        return [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(k)]

    independent = [
        Site(f"{c}.example", "independent", None, c.title(), authors(rng.randint(1, 5)))
        for c in combos[:N_INDEPENDENT]
    ]
    farm_names = [f"{a}{b}" for a in _FARM_A for b in _FARM_B]
    rng.shuffle(farm_names)
    farm_names = [n + ("24" if i % 3 == 0 else "") for i, n in enumerate(farm_names[:N_FARMS])]
    farms = [
        Site(f"{n}.example", "farm", None, n.title(), ["Staff", *authors(1)]) for n in farm_names
    ]
    networks: list[list[Site]] = []
    k = 0
    for i, size in enumerate(NETWORK_SIZES):
        members = farms[k : k + size]
        for s in members:
            s.network = f"network-{i + 1}"
        networks.append(members)
        k += size
    return independent, farms[k:], networks


def zipf_weights(n: int, s: float = 0.8) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


def allocate(total: int, weights: Sequence[float], minimum: int) -> list[int]:
    """``total`` split in proportion to ``weights``, each part at least ``minimum`` (if it fits)."""
    base = [minimum] * len(weights) if minimum * len(weights) <= total else [0] * len(weights)
    rest = total - sum(base)
    shares = [rest * w / sum(weights) for w in weights]
    parts = [b + int(x) for b, x in zip(base, shares, strict=True)]
    by_fraction = sorted(range(len(weights)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_fraction[: total - sum(parts)]:
        parts[i] += 1
    return parts


# --- cheap variation ----------------------------------------------------------------------

_CHEAP_SYNONYMS = {
    "said": "stated",
    "says": "states",
    "increase": "rise",
    "big": "large",
    "help": "assist",
    "buy": "purchase",
    "start": "begin",
    "started": "began",
    "government": "administration",
    "company": "firm",
    "people": "individuals",
    "about": "approximately",
    "many": "numerous",
    "important": "significant",
    "need": "require",
    "try": "attempt",
    "get": "obtain",
    "expected": "anticipated",
    "announced": "revealed",
    "reported": "disclosed",
    "officials": "authorities",
    "meeting": "gathering",
    "talks": "discussions",
    "fell": "dropped",
    "rose": "climbed",
    "shares": "stocks",
    "profit": "earnings",
    "show": "demonstrate",
    "shows": "demonstrates",
    "told": "informed",
    "plans": "intends",
    "near": "close to",
    "quickly": "rapidly",
    "also": "additionally",
    "because": "since",
    "agreed": "consented",
    "warned": "cautioned",
    "added": "noted",
    "main": "principal",
    "problem": "issue",
}
_CHEAP_RE = re.compile(r"\b(" + "|".join(_CHEAP_SYNONYMS) + r")\b")

_PROMO = (
    "Stay with us for more updates on this developing story.",
    "Share this story with your friends and family.",
    "This article will be updated as more information becomes available.",
    "Readers are encouraged to follow our coverage for the latest developments.",
    "Click the bell icon to get instant alerts on breaking news.",
    "Our team keeps tracking the story and will bring you the details.",
    "Experts say the situation could change quickly in the coming days.",
    "Many readers have asked us to keep following this topic closely.",
)


def cheap_synonyms(text: str, rng: random.Random, rate: float) -> str:
    return _CHEAP_RE.sub(
        lambda m: _CHEAP_SYNONYMS[m.group()] if rng.random() < rate else m.group(), text
    )


def vary(paras: Sequence[str], rng: random.Random, promo: str | None) -> list[str]:
    """A cheap variant: rotated paragraphs, table synonyms, a promo line, maybe a cut tail."""
    out = list(paras)
    if len(out) >= 3 and rng.random() < 0.5:
        r = rng.randrange(1, len(out))
        out = out[r:] + out[:r]
    if len(out) >= 4 and rng.random() < 0.3:
        out = out[:-1]
    rate = rng.choice((0.0, 0.3, 0.6))
    if rate:
        out = [cheap_synonyms(p, rng, rate) for p in out]
    if promo:
        out.insert(rng.randrange(len(out) + 1), promo)
    return out


def expand(doc: Doc, v: int) -> Doc:
    """Variant ``v`` of an independent article (trace_perf's corpus expansion); v=0 is itself."""
    if v == 0:
        return doc
    rot = v % len(doc.paras)
    paras = doc.paras[rot:] + doc.paras[:rot]

    def sub(s: str) -> str:
        return _TOKEN.sub(lambda m: _variant_token(m, v), s)

    return Doc(id=f"{doc.id}#v{v}", title=sub(doc.title), paras=tuple(sub(p) for p in paras))


def group_sentences(sents: Sequence[str], rng: random.Random) -> list[str]:
    paras: list[str] = []
    i = 0
    while i < len(sents):
        k = rng.randint(1, 3)
        paras.append(" ".join(s.strip() for s in sents[i : i + k]))
        i += k
    return paras


# --- the spun pool ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolItem:
    ref: int  # index into the reference list
    paras: tuple[str, ...]  # spun text
    sentences: tuple[str, ...]  # spun sentences
    source_sentences: tuple[str, ...]


def build_pool(reference: Sequence[Doc], size: int, seed: int) -> list[PoolItem]:
    """``size`` spinsim derivatives of distinct reference articles of 400-4,000 characters."""
    if size == 0:
        return []
    from spinsim import spin
    from unspin.core.model import Article

    rng = random.Random(f"{seed}-pool")
    eligible = [i for i, d in enumerate(reference) if 400 <= len(d.text) <= 4000]
    picks = rng.sample(eligible, min(size, len(eligible)))
    pool: list[PoolItem] = []
    for k, i in enumerate(picks):
        d = reference[i]
        s = spin(
            Article(text=d.text, id=d.id),
            rng=random.Random(f"{seed}-spin-{k}"),
            entity_alias_rate=ALIAS_RATE,
            synonym_rate=SYNONYM_RATE,
            reorder_rate=REORDER_RATE,
            drop_quote_marks_rate=DROP_QUOTE_MARKS_RATE,
        )
        paras = tuple(p.strip() for p in _BLANK.split(s.derivative.text) if p.strip())
        pool.append(
            PoolItem(
                ref=i,
                paras=paras,
                sentences=tuple(x.text for x in s.sentences),
                source_sentences=tuple(x.text for x in s.source_sentences),
            )
        )
    return pool


# --- the plan -----------------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    url: str
    site: Site
    kind: str
    sources: tuple[int, ...] = ()  # reference indices
    published: dt.datetime = CRAWL_DAY
    title: str = ""
    author: str = ""
    paras: list[str] = field(default_factory=list)
    lang: str = "en"
    content_type: str = "text/html; charset=utf-8"
    body: bytes | None = None  # non-HTML payloads
    fault: str | None = None
    article: str | None = None  # the data-set article an original page was made from


def _when(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
        minutes=rng.randrange(6 * 60, 22 * 60)
    )


def _slug(title: str, k: int) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:8]
    return "-".join(words or ["story"]) + f"-{k}"


class Planner:
    def __init__(
        self, reference: list[Doc], independent: list[Doc], pool: list[PoolItem], seed: int
    ):
        self.rng = random.Random(f"{seed}-plan")
        self.reference = reference
        self.independent = independent
        self.pool = pool
        self.indep, self.standalone, self.networks = make_sites(random.Random(f"{seed}-sites"))
        self.farms = self.standalone + [s for net in self.networks for s in net]
        self.indep_w = zipf_weights(len(self.indep))
        self.farm_w = zipf_weights(len(self.farms), 0.5)
        # Each network and each standalone farm spins its own share of the pool, and inserts
        # its own promo line, so spun lines are shared across sites only within a network.
        owners: list[list[Site]] = [*self.networks, *([s] for s in self.standalone)]
        standalone_w = zipf_weights(len(self.standalone), 0.5)
        self.owner_w = [
            *(NETWORK_RELEASES * len(n) / sum(map(len, self.networks)) for n in self.networks),
            *((1 - NETWORK_RELEASES) * w / sum(standalone_w) for w in standalone_w),
        ]
        pages_w = [
            w * (len(o) if len(o) > 1 else 1) for w, o in zip(self.owner_w, owners, strict=True)
        ]
        quota = allocate(len(pool), pages_w, minimum=2)
        order = list(range(len(pool)))
        self.rng.shuffle(order)
        self.owners: list[tuple[list[Site], list[PoolItem], str]] = []
        start = 0
        for i, (sites, q) in enumerate(zip(owners, quota, strict=True)):
            items = [pool[j] for j in order[start : start + q]]
            start += q
            promo = (
                _PROMO[i % len(_PROMO)]
                if len(sites) > 1
                else f"Follow {sites[0].name} for the latest on this story."
            )
            self.owners.append((sites, items, promo))
        self.owner_of = {s.host: o for o in self.owners for s in o[0]}
        self.k = itertools.count()
        self.orig_order = list(range(len(independent)))
        self.rng.shuffle(self.orig_order)
        self.n_orig = 0
        self.faith_order = list(range(len(reference)))
        self.rng.shuffle(self.faith_order)
        self.n_faith = 0

    def _url(self, site: Site, title: str, when: dt.datetime, ext: str = ".html") -> str:
        k = next(self.k)
        return f"https://{site.host}/{when:%Y/%m}/{_slug(title, k)}{ext}"

    def _ref_date(self, i: int) -> dt.date:
        return reference_date(self.reference[i])

    def original(self) -> Page:
        rng = self.rng
        r = len(self.orig_order)
        doc = expand(self.independent[self.orig_order[self.n_orig % r]], self.n_orig // r)
        self.n_orig += 1
        site = rng.choices(self.indep, self.indep_w)[0]
        when = _when(rng, dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(420)))
        return Page(
            article=doc.id,
            url=self._url(site, doc.title, when),
            site=site,
            kind="original",
            published=when,
            title=doc.title,
            author=rng.choice(site.authors),
            paras=list(doc.paras),
        )

    def _spun_title(self, item: PoolItem, rng: random.Random) -> str:
        ref = self.reference[item.ref]
        if rng.random() < 0.5 and not ref.id.startswith("fnc"):
            return cheap_synonyms(ref.title, rng, 0.8)
        words = item.sentences[0].split() if item.sentences else ref.title.split()
        return " ".join(words[:11]).rstrip(",.;:\"'")

    def spun_release(self) -> list[Page]:
        """One spun text: on one standalone farm, or on 2-4 sites of a network (same day)."""
        rng = self.rng
        owner, items, promo = rng.choices(self.owners, self.owner_w)[0]
        item = rng.choice(items)
        day = self._ref_date(item.ref) + dt.timedelta(days=rng.randint(1, 7))
        sites = owner
        if len(owner) > 1:
            sites = [s for s in owner if rng.random() < 0.9]
            if len(sites) < 2:
                sites = owner[:2]
        paras = vary(item.paras, rng, promo)
        title = self._spun_title(item, rng)
        when = _when(rng, day)
        pages = []
        for site in sites:
            pages.append(
                Page(
                    url=self._url(site, title, when),
                    site=site,
                    kind="spun",
                    sources=(item.ref,),
                    published=when + dt.timedelta(minutes=rng.randrange(90)),
                    title=title,
                    author=rng.choice(site.authors),
                    paras=paras,
                )
            )
        return pages

    def collage(self) -> Page:
        rng = self.rng
        k = rng.choice((2, 2, 3))
        site = rng.choices(self.farms, self.farm_w)[0]
        own = self.owner_of[site.host][1]
        items: list[PoolItem] = []
        for item in rng.sample(own, min(len(own), 8)):
            if all(item.ref != x.ref for x in items):
                items.append(item)
            if len(items) == k:
                break
        sents: list[str] = []
        for item in items:
            src = item.sentences if rng.random() < 0.7 else item.source_sentences
            n = max(3, min(8, len(src) // 2))
            start = rng.randrange(max(1, len(src) - n + 1))
            sents.extend(src[start : start + n])
        day = max(self._ref_date(x.ref) for x in items) + dt.timedelta(days=rng.randint(1, 5))
        when = _when(rng, day)
        title = self._spun_title(items[0], rng)
        return Page(
            url=self._url(site, title, when),
            site=site,
            kind="collage",
            sources=tuple(x.ref for x in items),
            published=when,
            title=title,
            author=rng.choice(site.authors),
            paras=group_sentences(sents, rng),
        )

    def faithful(self) -> Page:
        rng = self.rng
        i = self.faith_order[self.n_faith % len(self.faith_order)]
        self.n_faith += 1
        doc = self.reference[i]
        paras = list(doc.paras)
        credited = rng.random() < 0.5
        if credited:
            site = rng.choices(self.indep, self.indep_w)[0]
            prefix = doc.id.split("/")[0]
            credit = WIRES[prefix][1]
            if prefix == "bbc":
                paras.append(f"This story was first published by {credit}.")
            else:
                paras[0] = f"({credit}) - {paras[0]}"
        else:
            site = rng.choices(self.farms, self.farm_w)[0]
        when = _when(rng, self._ref_date(i) + dt.timedelta(days=rng.randint(0, 2)))
        return Page(
            url=self._url(site, doc.title, when),
            site=site,
            kind="faithful",
            sources=(i,),
            published=when,
            title=doc.title,
            author=rng.choice(site.authors),
            paras=paras,
        )

    def other(self) -> Page:
        rng = self.rng
        kind = rng.choices(list(OTHER_MIX), list(OTHER_MIX.values()))[0]
        site = (
            rng.choices(self.indep, self.indep_w)[0]
            if rng.random() < 0.8
            else rng.choice(self.farms)
        )
        when = _when(rng, dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(420)))
        page = Page(url="", site=site, kind=kind, published=when, author=rng.choice(site.authors))
        if kind == "non_html":
            if rng.random() < 0.5:
                page.content_type, page.body = "image/png", png(rng)
                page.url = self._url(site, "image", when, ".png")
            else:
                page.content_type, page.body = "application/pdf", pdf(rng)
                page.url = self._url(site, "report", when, ".pdf")
        elif kind == "foreign":
            page.lang = rng.choice(sorted(FOREIGN))
            page.title, page.paras = foreign_text(page.lang, rng)
            page.url = self._url(site, page.title, when)
        else:
            page.title = rng.choice(("Latest news", "Archive", "Tag: politics", "Page 2", "Search"))
            page.url = self._url(site, page.title, when)
        return page

    def plan(self, n_pages: int) -> list[Page]:
        counts = {kind: round(share * n_pages) for kind, share in MIX.items()}
        pages: list[Page] = []
        spun: list[Page] = []
        while len(spun) < counts["spun"] and self.pool:
            spun.extend(self.spun_release())
        pages.extend(spun[: counts["spun"]])
        pages.extend(self.collage() for _ in range(counts["collage"] if self.pool else 0))
        pages.extend(self.faithful() for _ in range(counts["faithful"]))
        n_other = max(0, n_pages - len(pages) - counts["original"])
        pages.extend(self.other() for _ in range(n_other))
        pages.extend(self.original() for _ in range(n_pages - len(pages)))
        self.rng.shuffle(pages)
        return pages


def reference_date(doc: Doc) -> dt.date:
    """A fixed pseudo-random day of REFERENCE_YEAR per reference id."""
    h = zlib.crc32(doc.id.encode())
    return dt.date(REFERENCE_YEAR, 1, 1) + dt.timedelta(days=h % 365)


# --- other kinds --------------------------------------------------------------------------

# Written for this script (not from any data set): generic local-news text.
FOREIGN = {
    "de": (
        ("Stadtrat beschließt neuen Haushalt", "Neue Radwege für die Innenstadt"),
        (
            "Der Stadtrat hat am Dienstagabend nach langer Debatte den Haushalt für das kommende "
            "Jahr beschlossen. Die Ausgaben steigen um {n} Prozent, vor allem für Schulen und "
            "den Nahverkehr.",
            "Die Bürgermeisterin sprach von einem schwierigen Kompromiss. Die Opposition "
            "kritisierte, dass die Schulden weiter wachsen und wichtige Projekte verschoben "
            "werden.",
            "Ab dem Frühjahr sollen in der Innenstadt {n} Kilometer neue Radwege entstehen. "
            "Anwohner können ihre Vorschläge bis Ende des Monats im Rathaus einreichen.",
            "Nach Angaben der Verwaltung wurden im vergangenen Jahr deutlich mehr Fahrräder "
            "gezählt als zuvor. Der Verkehrsausschuss will die Ergebnisse im Herbst prüfen.",
            "Der Wetterdienst erwartet für das Wochenende Regen und kühlere Temperaturen. In den "
            "Bergen kann es stellenweise sogar schneien.",
        ),
    ),
    "es": (
        ("El ayuntamiento aprueba el nuevo presupuesto", "Abre la nueva biblioteca municipal"),
        (
            "El pleno del ayuntamiento aprobó el martes el presupuesto del próximo año tras un "
            "largo debate. El gasto aumentará un {n} por ciento, sobre todo en educación y "
            "transporte público.",
            "La alcaldesa habló de un acuerdo difícil pero necesario. La oposición criticó que "
            "la deuda siga creciendo y que se retrasen proyectos importantes.",
            "La nueva biblioteca municipal abrirá sus puertas el próximo lunes con más de {n} "
            "libros. Los vecinos podrán usar las salas de estudio hasta las diez de la noche.",
            "Según los responsables del proyecto, las obras terminaron antes de lo previsto. La "
            "inauguración contará con actividades para niños durante toda la semana.",
            "Los meteorólogos prevén lluvias y temperaturas más bajas para el fin de semana. En "
            "la sierra podría nevar a partir del sábado.",
        ),
    ),
    "fr": (
        ("Le conseil municipal adopte le budget", "Un nouveau marché couvert en centre-ville"),
        (
            "Le conseil municipal a adopté mardi soir le budget de l'année prochaine après un "
            "long débat. Les dépenses augmenteront de {n} pour cent, surtout pour les écoles et "
            "les transports.",
            "La maire a parlé d'un compromis difficile. L'opposition a regretté que la dette "
            "continue d'augmenter et que plusieurs projets soient reportés.",
            "Un nouveau marché couvert ouvrira au printemps dans le centre-ville avec {n} "
            "stands. Les commerçants pourront déposer leur candidature jusqu'à la fin du mois.",
            "Selon la mairie, la fréquentation du marché actuel a fortement augmenté cette "
            "année. Le chantier doit commencer dès la semaine prochaine.",
            "Les services météorologiques annoncent de la pluie et une baisse des températures "
            "pour le week-end. Il pourrait neiger en montagne dès samedi.",
        ),
    ),
}


def foreign_text(lang: str, rng: random.Random) -> tuple[str, list[str]]:
    titles, paras = FOREIGN[lang]
    picked = rng.sample(paras, rng.randint(3, len(paras)))
    return rng.choice(titles), [p.format(n=rng.randint(2, 40)) for p in picked]


def png(rng: random.Random) -> bytes:
    w = h = rng.choice((16, 32, 64))
    raw = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(w)) for _ in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf(rng: random.Random) -> bytes:
    text = f"Annual report {rng.randint(2015, 2023)}: figures and notes".encode()
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + o + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


# --- HTML ---------------------------------------------------------------------------------

_SECTIONS = ("World", "Business", "Politics", "Sport", "Technology", "Culture", "Opinion")
_LINK_TITLES = (
    "Council approves plan for new bus lanes",
    "Five things to watch this week",
    "Local team wins in extra time",
    "Weather: a cold start to the weekend",
    "Readers' letters: your views",
    "How to keep your energy bills down",
    "Markets close mixed after a quiet day",
    "Photo gallery: the week in pictures",
)


def render_html(p: Page, rng: random.Random) -> str:
    e = html.escape
    site = p.site
    when = p.published.isoformat()
    nav = "".join(f'<li><a href="/{s.lower()}/">{s}</a></li>' for s in _SECTIONS)
    others = "".join(
        f'<li><a href="/{i}.html">{e(t)}</a></li>'
        for i, t in enumerate(rng.sample(_LINK_TITLES, 3))
    )
    furniture = (
        f'<aside class="related"><h2>Other reports by {e(p.author)}</h2><ul>{others}</ul></aside>'
        '<section class="comments"><h2>Discuss This Article</h2>'
        "<p>Comments are moderated. Please keep the conversation civil.</p></section>"
        '<div class="newsletter">Subscribe to our newsletter for the top stories every morning.</div>'
    )
    if p.kind == "boilerplate":
        article = (
            f"<h1>{e(p.title)}</h1><ul>{others}</ul><p>Share on Facebook | Share on X | Email</p>"
        )
    else:
        body = "".join(f"<p>{e(x)}</p>" for x in p.paras)
        article = (
            f"<article><h1>{e(p.title)}</h1>"
            f'<p class="byline">By <span class="author">{e(p.author)}</span> · '
            f'<time datetime="{when}">{p.published:%d %B %Y}</time></p>{body}</article>'
        )
        if site.type == "farm":
            article += "<p>Share on Facebook | Share on X | Email | Print</p>"
    return (
        f'<!DOCTYPE html>\n<html lang="{p.lang}"><head><meta charset="utf-8">'
        f"<title>{e(p.title)} | {e(site.name)}</title>"
        f'<meta name="author" content="{e(p.author)}">'
        f'<meta property="article:published_time" content="{when}">'
        f'<meta property="og:site_name" content="{e(site.name)}">'
        f'<link rel="canonical" href="{e(p.url)}"></head><body>'
        f'<header><a class="logo" href="/">{e(site.name)}</a><nav><ul>{nav}</ul></nav></header>'
        f"<main>{article}{furniture}</main>"
        f"<footer><p>© 2024 {e(site.name)}. All rights reserved.</p>"
        '<p><a href="/about">About us</a> · <a href="/privacy">Privacy</a> · '
        '<a href="/contact">Contact</a></p>'
        '<div class="cookies">We use cookies to improve your experience.</div></footer>'
        "</body></html>\n"
    )


# --- WARC ---------------------------------------------------------------------------------


class Writer:
    """One WARC.gz file with deterministic record ids and dates."""

    def __init__(self, path: Path, rng: random.Random) -> None:
        from warcio.warcwriter import WARCWriter

        self.path = path
        self.rng = rng
        self.fh = path.open("wb")
        self.w = WARCWriter(self.fh, gzip=True)
        self.clock = CRAWL_DAY + dt.timedelta(seconds=rng.randrange(86_400))
        self.offsets: list[int] = []
        self._record(
            "",
            "warcinfo",
            b"software: unspin benchmarks/crawlsim.py\r\nformat: WARC File Format 1.0\r\n",
            content_type="application/warc-fields",
            extra={"WARC-Filename": path.name},
        )

    def _id(self) -> str:
        return f"<urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}>"

    def _record(
        self,
        uri: str,
        rtype: str,
        payload: bytes,
        http: Any = None,
        content_type: str = "",
        extra: dict[str, str] | None = None,
    ) -> str:
        rid = self._id()
        self.clock += dt.timedelta(seconds=self.rng.randint(1, 20))
        headers = {"WARC-Record-ID": rid, "WARC-Date": self.clock.strftime("%Y-%m-%dT%H:%M:%SZ")}
        headers.update(extra or {})
        rec = self.w.create_warc_record(
            uri,
            rtype,
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type=content_type,
            warc_headers_dict=headers,
            http_headers=http,
        )
        self.offsets.append(self.fh.tell())
        self.w.write_record(rec)
        return rid

    def page(self, url: str, content_type: str, body: bytes) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        extra = {"WARC-IP-Address": f"192.0.2.{self.rng.randint(1, 254)}"}
        if self.rng.random() < 1 / 8:
            host = url.split("/")[2]
            path = "/" + url.split("/", 3)[3]
            req = StatusAndHeaders(
                f"GET {path} HTTP/1.1",
                [("Host", host), ("User-Agent", "crawlsim/1.0"), ("Accept", "*/*")],
                is_http_request=True,
            )
            extra["WARC-Concurrent-To"] = self._record(url, "request", b"", http=req)
        http = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(body))),
                ("Date", self.clock.strftime("%a, %d %b %Y %H:%M:%S GMT")),
                ("Server", "nginx"),
            ],
            protocol="HTTP/1.1",
        )
        self._record(url, "response", body, http=http, extra=extra)

    def close(self) -> None:
        self.fh.close()


def write_pages(path: Path, pages: Sequence[Page], rng: random.Random) -> Writer:
    w = Writer(path, rng)
    for p in pages:
        body = p.body if p.body is not None else render_html(p, rng).encode("utf-8")
        w.page(p.url, p.content_type, body)
    w.close()
    return w


# --- build --------------------------------------------------------------------------------


def truth_row(
    p: Page, reference: Sequence[Doc], file: str, fault: str | None = None
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "url": p.url,
        "site": p.site.host,
        "kind": p.kind,
        "sources": [reference[i].id for i in p.sources],
        "network": p.site.network,
        "file": file,
    }
    if p.article:
        row["article"] = p.article
    if fault:
        row["fault"] = fault
    return row


def reference_record(d: Doc) -> dict[str, Any]:
    prefix, _, rest = d.id.partition("/")
    host = WIRES[prefix][0]
    return {
        "id": d.id,
        "url": f"https://{host}/article/{rest}",
        "title": d.title,
        "published": reference_date(d).isoformat(),
        "site": host,
        "text": d.text,
    }


def build(
    n_pages: int,
    out_dir: Path | str,
    *,
    seed: int = 7,
    faults: bool = False,
    big_page: bool = False,
    log: bool = False,
) -> dict[str, Any]:
    """Write the crawl, reference and truth under ``out_dir``; returns the manifest."""
    t0 = time.perf_counter()
    out = Path(out_dir)
    crawl = out / "crawl"
    crawl.mkdir(parents=True, exist_ok=True)
    for old in crawl.glob("*.warc.gz"):
        old.unlink()

    def say(msg: str) -> None:
        if log:
            print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)

    reference, independent = load_split()
    say(f"{len(reference)} reference and {len(independent)} independent articles")
    with (out / "reference.jsonl").open("w", encoding="utf-8") as fh:
        for d in reference:
            fh.write(json.dumps(reference_record(d), ensure_ascii=False) + "\n")

    pool_size = min(1200, max(80, n_pages // 30))
    pool = build_pool(reference, pool_size, seed)
    say(f"spun pool of {len(pool)}")
    planner = Planner(reference, independent, pool, seed)
    pages = planner.plan(n_pages)
    counts = Counter(p.kind for p in pages)

    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for k in range(0, len(pages), PAGES_PER_FILE):
            name = f"part-{k // PAGES_PER_FILE:05d}.warc.gz"
            chunk = pages[k : k + PAGES_PER_FILE]
            write_pages(crawl / name, chunk, random.Random(f"{seed}-{name}"))
            for p in chunk:
                truth.write(json.dumps(truth_row(p, reference, name)) + "\n")
            say(f"{name}: {len(chunk)} pages")
        fault_info = (
            write_faults(crawl, planner, reference, truth, seed, big_page) if faults else []
        )
    with (out / "sites.jsonl").open("w", encoding="utf-8") as fh:
        for s in planner.indep + planner.farms:
            fh.write(json.dumps({"site": s.host, "type": s.type, "network": s.network}) + "\n")
    if faults:
        (out / "faults.json").write_text(json.dumps(fault_info, indent=1), encoding="utf-8")
    manifest = {
        "version": VERSION,
        "pages": n_pages,
        "seed": seed,
        "faults": faults,
        "big_page": big_page,
        "kinds": dict(sorted(counts.items())),
        "reference_articles": len(reference),
        "independent_articles": len(independent),
        "pool": len(pool),
        "files": len(list(crawl.glob("*.warc.gz"))),
        "elapsed_s": round(time.perf_counter() - t0, 1),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    say(f"done: {manifest}")
    return manifest


def write_faults(
    crawl: Path, planner: Planner, reference: Sequence[Doc], truth: Any, seed: int, big_page: bool
) -> list[dict[str, Any]]:
    """The fault files (extra pages); returns their descriptions for faults.json."""
    rng = random.Random(f"{seed}-faults")
    info: list[dict[str, Any]] = []

    def extra(n: int) -> list[Page]:
        return [planner.original() if i % 2 else planner.faithful() for i in range(n)]

    def emit(name: str, pages: Sequence[Page]) -> None:
        for p in pages:
            truth.write(json.dumps(truth_row(p, reference, name, p.fault or "in_" + name)) + "\n")

    # 1. the last gzip member cut short
    name = "faults-truncated.warc.gz"
    pages = extra(20)
    pages[-1].fault = "truncated"
    w = write_pages(crawl / name, pages, rng)
    data = (crawl / name).read_bytes()
    last = w.offsets[-1]
    cut = last + int((len(data) - last) * 0.6)
    (crawl / name).write_bytes(data[:cut])
    emit(name, pages)
    info.append(
        {
            "file": name,
            "fault": "truncated_gzip",
            "detail": f"the last gzip member (bytes {last}-{len(data)}) cut at byte {cut}",
            "pages": len(pages),
            "intact_pages": len(pages) - 1,
            "truncated_url": pages[-1].url,
            "expect": "the pages before the last read normally. warcio (26.0) raises nothing: it "
            "yields the last record with a payload shorter than its Content-Length; Python's "
            "gzip module raises EOFError on the member. A scanner should count the page as "
            "truncated, not scan a cut page",
        }
    )

    # 2. a gzip member whose WARC header is garbage, in the middle of the file
    name = "faults-badheader.warc.gz"
    pages = extra(20)
    w = write_pages(crawl / name, pages, rng)
    data = (crawl / name).read_bytes()
    at = w.offsets[len(w.offsets) // 2]
    junk = bytes(rng.randrange(256) for _ in range(300))
    # A damaged version line, then binary junk where the named fields should be.
    bad = (
        b"WA\x00C/1.0\r\nWARC-Type: resp\xffnse\r\n" + junk + b"\r\nContent-Length: twelve\r\n\r\n"
    )
    (crawl / name).write_bytes(data[:at] + gzip.compress(bad, mtime=0) + data[at:])
    emit(name, pages)
    info.append(
        {
            "file": name,
            "fault": "bad_warc_header",
            "detail": f"a {len(bad)}-byte garbage record (own gzip member) inserted at byte {at}",
            "pages": len(pages),
            "intact_pages": len(pages),
            "expect": "warcio's ArchiveIterator raises ArchiveLoadFailed ('Invalid WARC record, "
            "first line: ...') at the garbage and stops, losing the pages after it; a reader that "
            "resyncs at the next gzip member skips only the garbage and reads all the pages",
        }
    )

    # 3. one 50 MB HTML page between normal ones
    if big_page:
        name = "faults-bigpage.warc.gz"
        before, after = extra(3), extra(3)
        big = planner.original()
        big.fault = "big_page"
        big.kind = "big_page"
        paras = big.paras
        size = sum(len(p.encode()) + 7 for p in paras)  # "<p>" + "</p>"
        big.paras = [
            f"{paras[i % len(paras)]} ({i})"
            for i in range(50_000_000 // max(1, size // len(paras)))
        ]
        write_pages(crawl / name, [*before, big, *after], rng)
        emit(name, [*before, big, *after])
        info.append(
            {
                "file": name,
                "fault": "big_page",
                "detail": "one text/html page of 50 MB or more (its <p> paragraphs repeat)",
                "pages": 7,
                "intact_pages": 7,
                "big_url": big.url,
                "expect": "the scanner skips (and counts) the big page and reads the 6 others",
            }
        )
    return info


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "crawl")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--faults", action="store_true", help="add the fault files (see above)")
    ap.add_argument("--big-page", action="store_true", help="with --faults: add a 50 MB page")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: crawlsim needs ../shared/data; nothing generated.")
        return 0
    manifest = build(
        args.pages, args.out, seed=args.seed, faults=args.faults, big_page=args.big_page, log=True
    )
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
