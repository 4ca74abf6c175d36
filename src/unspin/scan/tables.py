"""The scan's output tables: their schemas, and the per-site and network summaries.

``matches`` and ``spun_lines`` are written per input file (local) or per batch (Spark);
``sites`` and ``networks`` are computed from them at the end of every run by the pure
functions here, so both engines produce them with the same code.

Ranking sites: by the lower bound of the 95% Wilson interval of the spun share, so a site with
one spun page out of one does not outrank a site with 400 out of 450.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from unspin.scan.stages import CHANGE_COLUMNS, SPUN_VERDICTS

__all__ = [
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

NETWORK_MIN_LINES = 2  # distinct spun lines two sites must share to be linked
NETWORK_MAX_SITES = 25  # a line on more sites is boilerplate or a syndicated feed, not a ring
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
         ("text", s)]
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


def networks(lines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Groups of sites that publish the same spun lines the reference does not explain.

    ``lines`` are ``spun_lines`` rows of lines seen on at least two sites (and at most
    NETWORK_MAX_SITES); two sites sharing NETWORK_MIN_LINES distinct lines are linked, and a
    network is a connected group of linked sites. Numbered largest first.
    """
    by_line: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for r in lines:
        if r["site"]:
            by_line[r["line"]].append(r)
    pair_lines: dict[tuple[str, str], set[int]] = defaultdict(set)
    for line, rows in by_line.items():
        sites = sorted({r["site"] for r in rows})
        if not 2 <= len(sites) <= NETWORK_MAX_SITES:
            continue
        for a_i, a in enumerate(sites):
            for b in sites[a_i + 1 :]:
                pair_lines[(a, b)].add(line)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), shared in pair_lines.items():
        if len(shared) >= NETWORK_MIN_LINES:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for site in list(parent):
        groups[find(site)].append(site)
    out: list[dict[str, Any]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        member_set = set(members)
        shared = {
            line
            for line, rows in by_line.items()
            if len({r["site"] for r in rows} & member_set) >= 2
            and len({r["site"] for r in rows}) <= NETWORK_MAX_SITES
        }
        rows = [r for line in shared for r in by_line[line] if r["site"] in member_set]
        days = [r["published"] for r in rows if r["published"] is not None]
        example = min(shared, key=lambda h: (-len({r["site"] for r in by_line[h]}), h))
        out.append(
            {
                "sites": sorted(members),
                "n_sites": len(members),
                "shared_lines": len(shared),
                "pages": len({r["page_id"] for r in rows}),
                "example": min(r["text"] for r in by_line[example]),
                "first_seen": min(days) if days else None,
                "last_seen": max(days) if days else None,
            }
        )
    out.sort(key=lambda n: (-n["n_sites"], -n["shared_lines"], n["sites"]))
    return [{"network": f"net-{i:03d}", **n} for i, n in enumerate(out, 1)]


def membership(nets: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {site: n["network"] for n in nets for site in n["sites"]}
