"""The scan's page tracing: what a worker remembers between pages changes no row."""

from __future__ import annotations

import dataclasses
from typing import Any

import unspin.nlp.parse as nlp
from conftest import demo_article
from unspin.core.model import Article
from unspin.index.fingerprints import DEFAULT_CONFIG
from unspin.scan import stages


def as_row(article: Article, **extra: Any) -> dict[str, Any]:
    return {
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
        **extra,
    }


def test_a_page_traced_with_warm_caches_gives_the_cold_row() -> None:
    spun, wire = demo_article("spun.json"), demo_article("wire.json")
    page = as_row(spun, page_id="p1", file="crawl.warc.gz", words=len(spun.text.split()))
    reference = as_row(wire, id=1, key="wire/1")

    def traced() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        return stages.trace_page(page, [reference], DEFAULT_CONFIG)

    stages._reference_fingerprints.cache_clear()
    nlp.keep_parses(0)  # nothing parsed kept: a fresh worker
    nlp.keep_parses(stages.KEEP_PARSES)
    cold = traced()
    # A second page copying the same source reuses its parse and fingerprints.
    other = dataclasses.replace(spun, text=spun.text.replace("Varin", "Varinne"))
    stages.trace_page(as_row(other, page_id="p2", file="x", words=300), [reference], DEFAULT_CONFIG)
    assert stages._reference_fingerprints.cache_info().hits >= 1
    assert nlp.parse(wire.text) is nlp.parse(wire.text)
    assert traced() == cold
    assert cold[0]["verdict"] == "spun_copy" and cold[0]["sources"] == ["wire/1"]


def test_parses_are_kept_across_batches_up_to_the_limit() -> None:
    a = "The council voted on Tuesday to close the old bridge for repairs."
    b = "Engineers said the work would take most of the summer to finish."
    nlp.keep_parses(8)
    nlp.prime([a])
    first = nlp.parse(a)
    nlp.prime([b])
    assert nlp.parse(a) is first  # a later batch did not push it out
    nlp.keep_parses(1)
    nlp.prime([a + " Again."])
    nlp.prime([b + " Again."])
    assert nlp.parse(a) is not first  # over the limit: parsed again
    nlp.keep_parses(nlp.PARSE_CACHE)
