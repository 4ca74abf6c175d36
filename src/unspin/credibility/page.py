"""The page: byline, scraped boilerplate, and copied text that does not credit its source.

* ``byline``: a missing byline fails; a byline that shares no name with the source's, on an
  article whose text is mostly (>= 50%) copied, spun or reworded from that source, fails too ("the
  byline does not credit the source").
* ``boilerplate``: site furniture that ingestion found (``Article.boilerplate``) fails, with a
  ``boilerplate`` change per line (no span: ingestion kept those lines out of the body).
* ``source_credited``: when >= 50% of the text is copied, spun or reworded (reworded counts on
  a page made from a source: a rewrite owes credit too) and neither the source's site,
  its byline's names (a wire service, an author) nor a known wire service's name appears in the
  article's text or byline, the copy does not credit its source. A copy that names a news
  agency credits a source that names no origin of its own (another partner's copy of the
  agency's story). Needs a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

from unspin.core.model import (
    AlignedSentence,
    Article,
    Change,
    ChangeKind,
    Finding,
    Report,
    SentenceStatus,
    Verdict,
)
from unspin.core.vocabulary import WIRE_SERVICES
from unspin.credibility._common import (
    plural,
    sentence_evidence,
    source_label,
)
from unspin.credibility.criterion import Context, Outcome, criterion

WEIGHTS = {"byline": 10.0, "boilerplate": 5.0, "source_credited": 15.0}
COPIED_SHARE = 0.5  # copied + spun share of the article from which credit is owed
_GENERIC = {
    "by",
    "and",
    "the",
    "staff",
    "writer",
    "writers",
    "reporter",
    "reporters",
    "correspondent",
    "editor",
    "editors",
    "news",
    "desk",
    "report",
    "reports",
    "agencies",
    "agency",
    "wire",
    "in",
    "of",
    "for",
    "with",
    "from",
    "www",
    "com",
    "org",
    "net",
    "example",
}


def _byline_names(byline: str | None) -> list[str]:
    """The named parts of a byline: "By Elena Marsh, Meridian Wire" -> both names."""
    if not byline:
        return []
    text = re.sub(r"^\s*by\s+", "", byline.strip(), flags=re.IGNORECASE)
    parts = re.split(r",|;|\band\b|\||/|\bfor\b", text)
    return [p.strip() for p in parts if p.strip()]


def _name_words(byline: str | None) -> set[str]:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", byline or "")}
    return {w for w in words if w not in _GENERIC and len(w) > 1}


def _site_names(source: Article) -> list[str]:
    names = [source.site] if source.site else []
    if source.url:
        host = (urlparse(source.url).hostname or "").removeprefix("www.")
        labels = [lab for lab in host.split(".")[:-1] if lab.lower() not in _GENERIC]
        names += [lab for lab in labels if len(lab) > 3]
    return [n for n in names if n]


def credit_names(source: Article) -> list[str]:
    """Names whose mention in an article would credit ``source``."""
    names = _byline_names(source.byline) + _site_names(source)
    # A source that is itself a wire story carries the wire's credit ("- AFP", "(Reuters)"):
    # crediting that wire credits it.
    names += wire_credits(source)
    return [n for n in dict.fromkeys(names) if _name_words(n) or n.isupper()]


CREDIT_EDGE = 300  # characters at either end of a text where its credit lines are printed


def wire_credits(article: Article) -> list[str]:
    """The news agencies an article credits where credits are printed: its byline, its site,
    its first and last lines ("LONDON (Reuters) -", "- AFP")."""
    head, tail = article.text[:CREDIT_EDGE], article.text[-CREDIT_EDGE:]
    blob = f"{article.byline or ''} {article.site or ''} {head} {tail}"
    return [w for w in WIRE_SERVICES if re.search(rf"\b{re.escape(w)}\b", blob)]


def _credits_in(source: Article, where: str) -> list[str]:
    """The names of ``source`` (see ``credit_names``) that ``where`` mentions."""
    return [n for n in credit_names(source) if _mentions(where, n)]


def _mentions(text: str, name: str) -> bool:
    return next(_mention_starts(text, name), None) is not None


def _mention_starts(text: str, name: str) -> Iterator[int]:
    """Where ``text`` names ``name`` as a whole word or phrase."""
    flags = 0 if name.isupper() else re.IGNORECASE  # "AP" must not match "ap" in "gap"
    return (m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags))


def _main_source(report: Report) -> Article | None:
    best = max(report.source_matches, key=lambda m: m.coverage, default=None)
    if best is None or not best.sentences or report.dated_after(best):
        return None  # a text published after the page is owed nothing by it
    return next((s for s in report.sources if s.id == best.id), None)


_DERIVED_WORDS = "copied, spun or reworded"


def _made_from(report: Report, derived: float, source: Article) -> str:
    """'62% of the text is copied, spun or reworded from “Title”' or, for several sources,
    which."""
    others = len([m for m in report.source_matches if m.sentences]) - 1
    if others <= 0:
        return f"{derived:.0%} of the text is {_DERIVED_WORDS} from {source_label(source)}"
    return (
        f"{derived:.0%} of the text is {_DERIVED_WORDS} from {others + 1} sources, the main one "
        f"{source_label(source)}"
    )


def _derived(report: Report) -> float:
    """The share of the article copied, spun or reworded from its sources; reworded counts
    only where the page is shown to be made from a source (a rewrite owes credit too)."""
    sm = report.summary
    made_from = report.verdict is not None and report.verdict is not Verdict.ORIGINAL
    return sm.copied + sm.spun + (sm.reworded if made_from else 0.0)


@criterion("byline", WEIGHTS["byline"])
def byline(report: Report, context: Context) -> Outcome:
    art = report.article
    derived = _derived(report)
    source = _main_source(report)
    spinning = report.spun_from_copied_sources()  # the page is caught spinning
    w = WEIGHTS["byline"]
    if not (art.byline or "").strip():
        return Outcome(
            Finding(
                criterion="byline",
                status="fail",
                weight=w,
                explanation="The article has no byline: no one is named as responsible for it.",
            )
        )
    # A republisher's own byline over a story its text credits ("PORT CALLOWAY (Meridian
    # Wire) -") is how syndication is printed: the credit is there, only not in the byline.
    credit_in_text = (
        _credits_in(source, f"{art.text}\n{art.title or ''}") if source is not None else []
    )
    if (
        source is not None
        and source.byline
        and derived >= COPIED_SHARE
        and not (_name_words(art.byline) & _name_words(source.byline))
        and not credit_in_text
    ):
        return Outcome(
            Finding(
                criterion="byline",
                status="fail",
                weight=w,
                explanation=f"The byline does not credit the source: "
                f"{_made_from(report, derived, source)}, written by \u201c{source.byline}\u201d, "
                f"but the article's byline is \u201c{art.byline}\u201d.",
            )
        )
    if spinning and not _byline_credits(
        art.byline, [s for s in report.sources if s.id in {x.source_id for x in spinning}]
    ):
        return Outcome(
            Finding(
                criterion="byline",
                status="fail",
                weight=w,
                explanation=f"The byline (\u201c{art.byline}\u201d) credits none of the sources "
                f"the page spins ({plural(len(spinning), 'sentence')} spun from "
                f"{_labels(report, spinning)}).",
                evidence=sentence_evidence(spinning),
            )
        )
    extra = ""
    if source is not None and source.byline and credit_in_text and derived >= COPIED_SHARE:
        extra = (
            f"; the text credits the source it copies (\u201c{credit_in_text[0]}\u201d), "
            f"whose byline is \u201c{source.byline}\u201d"
        )
    elif source is not None and source.byline:
        extra = f" and is consistent with the source's (\u201c{source.byline}\u201d)"
    return Outcome(
        Finding(
            criterion="byline",
            status="pass",
            weight=w,
            explanation=f"The article names its author (\u201c{art.byline}\u201d){extra}.",
        )
    )


@criterion("boilerplate", WEIGHTS["boilerplate"])
def boilerplate(report: Report, context: Context) -> Outcome:
    art = report.article
    w = WEIGHTS["boilerplate"]
    if not art.boilerplate:
        return Outcome(
            Finding(
                criterion="boilerplate",
                status="pass",
                weight=w,
                explanation="No scraped site furniture found in the page.",
            )
        )
    lines = "; ".join(f"\u201c{line}\u201d" for line in art.boilerplate[:5])
    more = f" and {len(art.boilerplate) - 5} more" if len(art.boilerplate) > 5 else ""
    return Outcome(
        Finding(
            criterion="boilerplate",
            status="fail",
            weight=w,
            explanation=f"{plural(len(art.boilerplate), 'line')} of scraped site furniture "
            f"found on the page (kept out of the body, so no span): {lines}{more}.",
        ),
        tuple(
            Change(kind=ChangeKind.BOILERPLATE, text=line, confidence=0.9)
            for line in art.boilerplate
        ),
    )


@criterion("source_credited", WEIGHTS["source_credited"])
def source_credited(report: Report, context: Context) -> Outcome:
    art = report.article
    derived = _derived(report)
    source = _main_source(report)
    spinning = report.spun_from_copied_sources()
    w = WEIGHTS["source_credited"]
    if not report.sources:
        return Outcome(
            Finding(
                criterion="source_credited",
                status="not_assessable",
                weight=w,
                explanation="Not assessable: no source to compare with.",
            )
        )
    later = [m for m in report.source_matches if m.sentences and report.dated_after(m)]
    if later and not spinning and source is None:
        return Outcome(
            Finding(
                criterion="source_credited",
                status="not_assessable",
                weight=w,
                explanation=f"Not assessable: its source is {report.dated_after_note(later[0])}.",
            )
        )
    if spinning and derived < COPIED_SHARE:
        return Outcome(_spin_credit(report, spinning))
    if source is None or derived < COPIED_SHARE:
        return Outcome(
            Finding(
                criterion="source_credited",
                status="pass",
                weight=w,
                explanation=f"Only {derived:.0%} of the text is {_DERIVED_WORDS} from a source "
                f"(credit is owed from {COPIED_SHARE:.0%}).",
            )
        )
    names = credit_names(source)
    credited = _credits_in(source, f"{art.text}\n{art.byline or ''}\n{art.title or ''}")
    agency = None if credited else _agency_credit(report, [source])
    if agency:
        return Outcome(
            Finding(
                criterion="source_credited",
                status="pass",
                weight=w,
                explanation=f"{_made_from(report, derived, source)}, {_agency_note(agency)}.",
            )
        )
    if credited:
        return Outcome(
            Finding(
                criterion="source_credited",
                status="pass",
                weight=w,
                explanation=f"{_made_from(report, derived, source)}, and the article "
                f"credits it (mentions \u201c{credited[0]}\u201d).",
            )
        )
    tried = ", ".join(f"\u201c{n}\u201d" for n in names) or "none known"
    return Outcome(
        Finding(
            criterion="source_credited",
            status="fail",
            weight=w,
            explanation=f"{_made_from(report, derived, source)}, without credit: none "
            f"of its names ({tried}) appears in the article.",
            evidence=sentence_evidence(
                s
                for s in report.sentences
                if s.source_id == source.id
                and s.status
                in (SentenceStatus.COPIED, SentenceStatus.SPUN, SentenceStatus.REWORDED)
            ),
        )
    )


def _agency_credit(report: Report, sources: list[Article]) -> str | None:
    """A news agency the page credits when none of ``sources`` names an origin of its own:
    both may carry the agency's story (the page matched is often another partner's copy).

    The credit is the page's own: in its byline, or in its first or last lines outside the
    sentences it took from a source ("the AP reported" copied is the source's words), and not
    a picture's credit ("Credit Evan Vucci AP")."""
    if any(wire_credits(src) for src in sources):
        return None
    art = report.article
    taken = [(s.start, s.end) for s in report.sentences if s.status is not SentenceStatus.INSERTED]

    def printed_as_credit(at: int) -> bool:
        if CREDIT_EDGE <= at < len(art.text) - CREDIT_EDGE or any(a <= at < b for a, b in taken):
            return False
        line_start = art.text.rfind("\n", 0, at) + 1
        line_end = art.text.find("\n", at)
        return not _PICTURE_CREDIT.search(
            art.text[line_start : line_end if line_end >= 0 else None]
        )

    for name in WIRE_SERVICES:
        if _mentions(art.byline or "", name) or any(
            printed_as_credit(at) for at in _mention_starts(art.text, name)
        ):
            return name
    return None


def _agency_note(agency: str) -> str:
    return (
        f"which names no origin of its own; the article credits a news agency "
        f"(\u201c{agency}\u201d), whose story both may carry"
    )


_PICTURE_CREDIT = re.compile(
    r"(?i:\b(?:photo|photograph|picture|image|credit|file|getty)s?\b)|\b[A-Z]{2,}/[A-Z]"
)


def _byline_credits(byline: str | None, sources: list[Article]) -> bool:
    """Whether a byline names one of ``sources`` (an author, the site, a wire service)."""
    text = byline or ""
    return any(
        _mentions(text, n) or (_name_words(n) & _name_words(text))
        for src in sources
        for n in credit_names(src)
    )


def _labels(report: Report, spinning: list[AlignedSentence]) -> str:
    ids = {s.source_id for s in spinning}
    return ", ".join(source_label(s) for s in report.sources if s.id in ids)


def _spin_credit(report: Report, spinning: list[AlignedSentence]) -> Finding:
    """``source_credited`` for a page that spins a little of a source: credit is owed whatever
    the share, since spinning a sentence only serves to hide where it came from."""
    art = report.article
    where = f"{art.text}\n{art.byline or ''}\n{art.title or ''}"
    ids = list(dict.fromkeys(s.source_id for s in spinning))
    sources = [s for s in report.sources if s.id in ids]
    names = [n for src in sources for n in credit_names(src)]
    credited = [n for n in names if _mentions(where, n)]
    spun = plural(len(spinning), "sentence")
    labels = ", ".join(source_label(s) for s in sources)
    agency = None if credited else _agency_credit(report, sources)
    if credited or agency:
        how = (
            f"and the article credits it (mentions \u201c{credited[0]}\u201d)"
            if credited
            else _agency_note(agency or "")
        )
        return Finding(
            criterion="source_credited",
            status="pass",
            weight=WEIGHTS["source_credited"],
            explanation=f"{spun} spun from {labels}, {how}.",
        )
    tried = ", ".join(f"\u201c{n}\u201d" for n in dict.fromkeys(names)) or "none known"
    return Finding(
        criterion="source_credited",
        status="fail",
        weight=WEIGHTS["source_credited"],
        explanation=f"{spun} spun from {labels} without credit (none of its names, {tried}, "
        "appears in the article): spinning a source's sentences hides where they came from, "
        "however few they are.",
        evidence=sentence_evidence(spinning),
    )
