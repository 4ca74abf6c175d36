"""The scan's output tables: their schemas, and the per-site and network summaries.

``matches`` and ``spun_lines`` are written per input file (local) or per batch (Spark);
``sites`` and ``networks`` are computed from them at the end of every run by the pure
functions here, so both engines produce them with the same code.

Ranking sites: by the lower bound of the 95% Wilson interval of the spun share, so a site with
one spun page out of one does not outrank a site with 400 out of 450.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from unspin.index.fingerprints import sentence_immutables
from unspin.scan.lines import NEAR_DUPLICATE, is_cut, line_similarity, line_words, shingles
from unspin.scan.stages import CHANGE_COLUMNS, SPUN_VERDICTS

__all__ = [
    "HABIT_SHARE",
    "MATCHES",
    "NETWORKS",
    "NETWORK_MAX_SITES",
    "NETWORK_MIN_LINES",
    "SITES",
    "SPUN_LINES",
    "networks",
    "rank_sites",
    "site_row",
    "wilson_lower",
]

NETWORK_MIN_LINES = 1  # distinct near-identical lines two sites must share to be linked
LINE_MIN_SPECIFIC = 3  # names, numbers, rare words a line needs to link sites on its own
SYNDICATED_SHARE = 0.5  # two pages sharing this share of their lines are copies of one story
MAX_LINKS_SHOWN = 3  # lines shown per linked pair of sites
NETWORK_MAX_SITES = 25  # a line on more sites is boilerplate or a syndicated feed, not a ring
# A link made only of unexplained near-identical lines must be on this share of each site's
# crawled pages: a network's sites print each other's lines as a habit; two newsrooms that
# each ran a version of one unindexed wire story print one shared story among many.
HABIT_SHARE = 0.2
# Spin evidence links two sites when it is on this share of each one's pages: sites that use
# one spinning tool print the same spin of a popular wire sentence now and then (at 100,000
# crawlsim pages, unrelated sites shared at most 7 such lines, under 1% of their pages; sibling
# sites at least 290, over 47%).
SPIN_HABIT_SHARE = 0.05
LINE_MAX_COPIES = 16  # copies of one line on one site that are paired with other sites' lines
BAND_MAX_SITES = 4 * NETWORK_MAX_SITES  # an LSH band on more sites is a common phrase
TOP_SOURCES = 5


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f, b, d = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
    matches = pa.schema(
        [
            ("page_id", s), ("file", s), ("url", s), ("site", s), ("title", s),
            ("published", d), ("words", i), ("sentences", i), ("candidates", i),
            ("verdict", s), ("coverage", f), ("copied", f), ("spun", f), ("reworded", f),
            ("score", f), ("source_credited", s), ("n_sources", i),
            ("sources", pa.list_(s)), ("source_urls", pa.list_(s)), ("top_source", s),
            ("quotes", i),
            *((c, i) for c in CHANGE_COLUMNS),
            ("spun_or_unattributed", b),
        ]
    )  # fmt: skip
    spun_lines = pa.schema(
        [("line", pa.int64()), ("page_id", s), ("site", s), ("published", d), ("status", s),
         ("text", s), ("source", pa.int64()), ("swaps", pa.list_(s)),
         ("bands", pa.list_(pa.int64())), ("page_lines", i), ("page_sources", pa.list_(s))]
    )  # fmt: skip
    link = pa.struct(
        [("site_a", s), ("site_b", s), ("kind", s), ("text_a", s), ("text_b", s),
         ("similarity", f)]
    )  # fmt: skip
    sites = pa.schema(
        [
            ("rank", i), ("site", s), ("pages", i), ("traced_pages", i), ("spun_pages", i),
            ("share_spun", f), ("spun_share_lower", f), ("collages", i), ("quotes", i),
            ("quotes_misattributed", i), ("share_quotes_misattributed", f),
            ("entity_swaps", i), ("inserted_sentences", i),
            ("top_sources", pa.list_(s)), ("first_seen", d), ("last_seen", d), ("network", s),
        ]
    )  # fmt: skip
    networks_ = pa.schema(
        [
            ("network", s), ("sites", pa.list_(s)), ("n_sites", i), ("shared_lines", i),
            ("pages", i), ("example", s), ("first_seen", d), ("last_seen", d),
            ("links", pa.list_(link)),
        ]
    )  # fmt: skip
    return {"matches": matches, "spun_lines": spun_lines, "sites": sites, "networks": networks_}


def schema(name: str) -> Any:
    return _schemas()[name]


MATCHES, SPUN_LINES, SITES, NETWORKS = "matches", "spun_lines", "sites", "networks"


def wilson_lower(k: int, n: int, z: float = 1.96) -> float:
    """Lower bound of the Wilson score interval for k successes out of n."""
    if n == 0:
        return 0.0
    p = k / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z * z / n))


def site_row(site: str, rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Aggregate one site's ``matches`` rows (unranked; see :func:`rank_sites`)."""
    pages = traced = spun = collages = quotes = misattributed = swaps = inserted = 0
    sources: Counter[str] = Counter()
    days: list[dt.date] = []
    for r in rows:
        pages += 1
        traced += r["n_sources"] > 0
        spun += bool(r["spun_or_unattributed"])
        collages += r["verdict"] == "collage"
        # the source's quotes the page carries: with their marks, or turned into narration
        quotes += (r["quotes"] or 0) + r["n_quote_unquoted"]
        misattributed += r["n_quote_misattributed"]
        swaps += r["n_entity_swap"]
        inserted += r["n_inserted"] if r["n_sources"] else 0
        if r["verdict"] in SPUN_VERDICTS or r["spun_or_unattributed"]:
            sources.update(r["sources"])
        if r["published"] is not None:
            days.append(r["published"])
    top = sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SOURCES]
    return {
        "site": site,
        "pages": pages,
        "traced_pages": traced,
        "spun_pages": spun,
        "share_spun": round(spun / pages, 4) if pages else 0.0,
        "spun_share_lower": round(wilson_lower(spun, pages), 4),
        "collages": collages,
        "quotes": quotes,
        "quotes_misattributed": misattributed,
        "share_quotes_misattributed": round(min(1.0, misattributed / quotes), 4) if quotes else 0.0,
        "entity_swaps": swaps,
        "inserted_sentences": inserted,
        "top_sources": [k for k, _ in top],
        "first_seen": min(days) if days else None,
        "last_seen": max(days) if days else None,
        "network": None,
    }


def rank_sites(
    rows: Iterable[dict[str, Any]], membership: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Sites ranked most likely content farm first; ``membership`` names each one's network."""
    ranked = sorted(
        rows, key=lambda r: (-r["spun_share_lower"], -r["spun_pages"], -r["pages"], r["site"])
    )
    membership = membership or {}
    return [{**r, "rank": i, "network": membership.get(r["site"])} for i, r in enumerate(ranked, 1)]


def networks(
    lines: Iterable[Mapping[str, Any]], site_pages: Mapping[str, int] | None = None
) -> list[dict[str, Any]]:
    """Groups of sites that publish the same spun lines: one operator's network.

    ``lines`` are ``spun_lines`` rows (at least those sharing an LSH band with a line of
    another site). Two lines on two sites are the same line when near-identical after
    normalising what spinners vary (``lines.line_similarity`` >= NEAR_DUPLICATE), and then
    count as evidence of one operator:

    * ``spin_signature``: both were made from the same reference sentence with the same swaps
      (one more or less: a spinner varies a line between its sites);
    * ``same_swaps``: one was made from a reference sentence with swaps, and the other line
      carries the same swapped-in words (its page was not traced);
    * ``near_identical``: neither is explained by the reference (a filler line, a line from
      an unindexed wire story spun once and spread, a collage's shared piece) that names
      LINE_MIN_SPECIFIC names, numbers or rare words (not furniture such as a credit), the two
      pages are not traced to a common source (a later version of which may hold the line)
      unless the two differ as one spinner's outputs differ ("U.S." and "USA").

    Two lines made from one reference sentence differently (two sites spinning one wire
    story each their own way) are no evidence. Two pages that share most of their lines are
    copies of one story (syndication): between them only spin signatures count. A line on
    more than NETWORK_MAX_SITES sites is boilerplate.

    A near-identical line says only that two sites printed the same sentence: so do two
    newsrooms that each ran a version of one wire story the reference lacks ("Canada and the
    U.S." on one, "Canada and the United States" and ", the USDA said" on the other). Chained
    pairwise, a few such stories join dozens of newsrooms into one "network". What sets one
    operator apart is habit: its sites print each other's lines on a good share of their
    pages. So two sites linked by ``near_identical`` lines alone are linked only when the
    pages carrying those lines are at least HABIT_SHARE of each site's crawled pages
    (``site_pages``: pages per site, the ``sites`` table's ``pages``; by default the pages
    that gave ``lines``). A link with spin evidence (``spin_signature``, ``same_swaps``)
    needs a smaller share, SPIN_HABIT_SHARE: sites that use one spinning tool print the same
    spin of a popular wire sentence now and then, one operator's sites on many pages.

    Sites linked by NETWORK_MIN_LINES distinct lines form a network (connected groups,
    numbered largest first); ``links`` shows, per linked pair of sites, the lines side by side.
    """
    # the same networks whatever order the engine returns the rows in
    rows = sorted(
        (r for r in lines if r["site"]), key=lambda r: (r["site"], r["page_id"], r["line"])
    )
    words = [line_words(r["text"]) for r in rows]
    cut = [is_cut(r["text"]) for r in rows]
    by_band: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        for b in r.get("bands") or ():
            by_band[b].append(i)
    matched = _near_identical_pairs(rows, words, cut, by_band)
    # lines: connected near-identical rows; a line on too many sites is boilerplate
    parent = list(range(len(rows)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _, _ in matched:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    line_sites: dict[int, set[str]] = defaultdict(set)
    for a, b, _, _ in matched:
        line_sites[find(a)].update((rows[a]["site"], rows[b]["site"]))
    # syndication: two pages sharing most of their lines
    page_pairs: dict[tuple[str, str], set[int]] = defaultdict(set)  # the rows on the first page
    for a, b, _, _ in matched:
        pages = _pair(rows[a]["page_id"], rows[b]["page_id"])
        page_pairs[pages].add(a if rows[a]["page_id"] == pages[0] else b)
    evidence: dict[tuple[str, str], dict[int, tuple[int, int, str, float]]] = defaultdict(dict)
    for a, b, kind, sim in matched:
        line = find(a)
        if kind is None or len(line_sites[line]) > NETWORK_MAX_SITES:
            continue
        shared = len(page_pairs[_pair(rows[a]["page_id"], rows[b]["page_id"])])
        smaller = min(rows[a].get("page_lines") or 1, rows[b].get("page_lines") or 1)
        if kind != "spin_signature" and shared >= 3 and shared >= SYNDICATED_SHARE * smaller:
            continue
        pair = _pair(rows[a]["site"], rows[b]["site"])
        if pair[0] != rows[a]["site"]:
            a, b = b, a
        best = evidence[pair].get(line)
        if best is None or (_KIND_RANK[kind], sim) > (_KIND_RANK[best[2]], best[3]):
            evidence[pair][line] = (a, b, kind, sim)
    site_parent: dict[str, str] = {}

    def find_site(x: str) -> str:
        while site_parent.setdefault(x, x) != x:
            site_parent[x] = site_parent[site_parent[x]]
            x = site_parent[x]
        return x

    if site_pages is None:
        seen: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            seen[r["site"]].add(r["page_id"])
        site_pages = {site: len(pages) for site, pages in seen.items()}

    def habitual(pair: tuple[str, str], ev: Mapping[int, tuple[int, int, str, float]]) -> bool:
        """The shared lines are on a share of both sites' pages: HABIT_SHARE for unexplained
        lines, SPIN_HABIT_SHARE when spin evidence links them."""
        spin = any(kind != "near_identical" for _, _, kind, _ in ev.values())
        share = SPIN_HABIT_SHARE if spin else HABIT_SHARE
        for side, site in enumerate(pair):
            pages = {rows[hit[side]]["page_id"] for hit in ev.values()}
            if len(pages) < share * site_pages.get(site, len(pages)):
                return False
        return True

    linked = {
        p: ev for p, ev in evidence.items() if len(ev) >= NETWORK_MIN_LINES and habitual(p, ev)
    }
    for a_site, b_site in linked:
        ra, rb = find_site(a_site), find_site(b_site)
        if ra != rb:
            site_parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for site in list(site_parent):
        groups[find_site(site)].append(site)
    out: list[dict[str, Any]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        member_set = set(members)
        links = sorted((p, ev) for p, ev in linked.items() if p[0] in member_set)
        used = [hit for _, ev in links for hit in ev.values()]
        shared_lines = {find(a) for a, _, _, _ in used}
        pages = {rows[i]["page_id"] for a, b, _, _ in used for i in (a, b)}
        days = [rows[i]["published"] for a, b, _, _ in used for i in (a, b)]
        days = [d for d in days if d is not None]
        best = max(used, key=lambda h: (_KIND_RANK[h[2]], len(line_sites[find(h[0])]), h[3]))
        out.append(
            {
                "sites": sorted(members),
                "n_sites": len(members),
                "shared_lines": len(shared_lines),
                "pages": len(pages),
                "example": rows[best[0]]["text"],
                "first_seen": min(days) if days else None,
                "last_seen": max(days) if days else None,
                "links": [
                    {
                        "site_a": p[0],
                        "site_b": p[1],
                        "kind": kind,
                        "text_a": rows[a]["text"],
                        "text_b": rows[b]["text"],
                        "similarity": round(sim, 3),
                    }
                    for p, ev in links
                    for a, b, kind, sim in sorted(
                        ev.values(), key=lambda h: (-_KIND_RANK[h[2]], -h[3], h[0])
                    )[:MAX_LINKS_SHOWN]
                ],
            }
        )
    out.sort(key=lambda n: (-n["n_sites"], -n["shared_lines"], n["sites"]))
    return [{"network": f"net-{i:03d}", **n} for i, n in enumerate(out, 1)]


_KIND_RANK = {"near_identical": 0, "same_swaps": 1, "spin_signature": 2}


def _near_identical_pairs(
    rows: Sequence[Mapping[str, Any]],
    words: Sequence[Any],
    cut: Sequence[bool],
    by_band: Mapping[int, list[int]],
) -> list[tuple[int, int, str | None, float]]:
    """Every pair of lines on two sites that share an LSH band and are near-identical, with
    what they say about one operator (``_evidence``), each pair once.

    A site prints its own furniture ("Follow X for the latest on this story.") on every page,
    so one band can hold thousands of copies of a few lines: identical lines of one site are
    compared once, as a group, and a pair is counted in the first band (in ``by_band``'s
    order) the two share, not remembered in a set. The work is the number of distinct lines
    per band squared, not the number of copies (at most LINE_MAX_COPIES copies of a line
    per site are paired: the first, by page). The pairs come in the order of a pass over
    every band's members (first band shared, then row order), which breaks ties between
    equally strong evidence.
    """
    band_rank = {band: k for k, band in enumerate(by_band)}
    grams: dict[int, frozenset[str]] = {}  # shingles of the lines compared, once each
    row_ranks = [frozenset(band_rank[b] for b in (r.get("bands") or ())) for r in rows]
    matched: list[tuple[int, int, int, str | None, float]] = []
    for rank, members in enumerate(by_band.values()):
        if len(members) < 2 or len({rows[i]["site"] for i in members}) > BAND_MAX_SITES:
            continue
        twins: dict[tuple[str, str], list[int]] = {}
        for i in members:
            twins.setdefault((rows[i]["site"], rows[i]["text"]), []).append(i)
        # a line one site prints on every page is its furniture or habit: its first copies
        # say all its copies can
        groups = [xs[:LINE_MAX_COPIES] for xs in twins.values()]
        for g_i, xs in enumerate(groups):
            x0 = xs[0]
            for ys in groups[g_i + 1 :]:
                y0 = ys[0]
                if rows[x0]["site"] == rows[y0]["site"]:
                    continue
                for r in (x0, y0):
                    if r not in grams:
                        grams[r] = frozenset(shingles(words[r]))
                sim = line_similarity(
                    words[x0],
                    words[y0],
                    a_cut=cut[x0],
                    b_cut=cut[y0],
                    a_shingles=grams[x0],
                    b_shingles=grams[y0],
                )
                if sim < NEAR_DUPLICATE:
                    continue
                for x in xs:
                    for y in ys:
                        a, b = min(x, y), max(x, y)
                        if min(row_ranks[a] & row_ranks[b]) != rank:
                            continue  # compared in an earlier band they share
                        matched.append((rank, a, b, _evidence(rows[a], rows[b]), sim))
    matched.sort(key=lambda m: m[:3])
    return [(a, b, kind, sim) for _, a, b, kind, sim in matched]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _plain_words(text: str) -> list[str]:
    return [w.lower().replace(".", "") for w in re.findall(r"[^\W_]+(?:[.'’][^\W_]+)*", text)]


def _same_print(a: str, b: str) -> bool:
    """Two lines printed alike (one may be cut short), not varied as a spinner varies them."""
    a, b = " ".join(a.split()), " ".join(b.split())
    short, long = sorted((a, b), key=len)
    return short == long or (is_cut(short) and long.startswith(short))


@functools.lru_cache(maxsize=65536)
def _specific(text: str) -> int:
    """How many names, numbers and rare words a line holds (one site prints its lines many
    times, so this is asked of the same text again and again)."""
    return len(set(sentence_immutables(text)))


def _same_spin(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two spins of one sentence by one spinner: the same swaps, with at most one more or less
    (a spinner varies a line between its sites: one synonym more, "USA" for "US")."""
    if not a or not b:
        return False
    x, y = _swap_keys(tuple(a)), _swap_keys(tuple(b))
    return bool(x & y) and len(x ^ y) <= 1


@functools.lru_cache(maxsize=65536)
def _swap_keys(swaps: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """Swaps ("u.s. > usa", stored in lower case) as pairs of names or words: a country's
    aliases alike ("usa", "us", "united states")."""
    pairs = (s.split(" > ", 1) for s in swaps)
    return frozenset((_swap_side(p[0]), _swap_side(p[-1])) for p in pairs)


def _swap_side(words: str) -> str:
    from unspin.nlp.lexicon.aliases import canonical_entity

    for form in (words, words.upper(), words.title()):
        if found := canonical_entity(form):
            return found
    return " ".join(_plain_words(words))


def _evidence(x: Mapping[str, Any], y: Mapping[str, Any]) -> str | None:
    """What two near-identical lines on two sites say about one operator (see networks)."""
    if x["source"] is not None and y["source"] is not None:
        if x["source"] == y["source"] and _same_spin(x["swaps"], y["swaps"]):
            return "spin_signature"
        return None  # one reference sentence, used by each its own way
    if x["source"] is None and y["source"] is None:
        if _specific(x["text"]) < LINE_MIN_SPECIFIC:
            return None  # site furniture ("first published by BBC News"), not one event's line
        if set(x.get("page_sources") or ()) & set(y.get("page_sources") or ()) and _same_print(
            x["text"], y["text"]
        ):
            return None  # two copies of one story: the line of a later version, as printed
        return "near_identical"
    spun, other = (x, y) if x["source"] is not None else (y, x)
    if not spun["swaps"]:
        return "near_identical"
    text = " " + " ".join(_plain_words(other["text"])) + " "
    swapped_in = [s.split(" > ", 1)[1] for s in spun["swaps"]]
    if all(" " + " ".join(_plain_words(w)) + " " in text for w in swapped_in):
        return "same_swaps"
    return None


def membership(nets: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {site: n["network"] for n in nets for site in n["sites"]}
