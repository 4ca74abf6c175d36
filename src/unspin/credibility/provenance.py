"""What the comparison with the source(s) found: spin, inserted claims, quotes, figures.

Each criterion needs at least one source; without one it is not assessable.

* ``spin``: fails when >= 20% of the article's text is spun (entity or synonym swaps, changed
  figures) rather than copied or reworded; evidence = the swapped words.
* ``inserted_claims``: fails when an article built mostly (>= 50%) from a source adds sentences
  found in no source (possible fabrication); evidence = those sentences.
* ``quotes_faithful``: fails on a misattributed, altered or fabricated quote; on a page not
  made from the source, differences are told as information (not assessable).
* ``figures_faithful``: fails on a number or date that differs from the source's.
"""

from __future__ import annotations

from collections import Counter

from unspin.comparison.syndication import is_claim
from unspin.core.model import (
    Change,
    ChangeKind,
    Evidence,
    Finding,
    Report,
    SentenceStatus,
    Verdict,
)
from unspin.core.truncation import past_source_ends
from unspin.core.vocabulary import KINDS, kinds_failing
from unspin.credibility._common import evidence_of, plural
from unspin.credibility.criterion import Context, Outcome, criterion

WEIGHTS = {
    "spin": 10.0,
    "inserted_claims": 10.0,
    "quotes_faithful": 15.0,
    "figures_faithful": 10.0,
}
SPUN_SHARE = 0.2
DERIVED_SHARE = 0.5
_SWAPS = kinds_failing("spin")
_BAD_QUOTES = kinds_failing("quotes_faithful")
_QUOTE_KINDS = frozenset(k for k in ChangeKind if KINDS[k].quote)
_FIGURES = kinds_failing("figures_faithful")


def _no_source(name: str) -> Outcome:
    return Outcome(
        _finding(
            criterion=name,
            status="not_assessable",
            explanation="Not assessable: no source to compare with.",
        )
    )


@criterion("spin", WEIGHTS["spin"])
def spin(report: Report, context: Context) -> Outcome:
    if not report.sources:
        return _no_source("spin")
    sm = report.summary
    swaps = [c for c in report.changes if c.kind in _SWAPS]
    # quote changes in spun sentences (classify: words moved to another speaker or printed
    # as narration, words swapped or a negation cut inside the marks)
    spun = {s.index for s in report.sentences if s.status is SentenceStatus.SPUN}
    quote_spins = [c for c in report.changes if c.kind in _QUOTE_KINDS and c.sentence in spun]
    quotes = f"; {plural(len(quote_spins), 'quote change')}" if quote_spins else ""
    spun_note = (
        f"{sm.spun:.0%} of the text is spun ({plural(len(swaps), 'entity or synonym swap')}"
        f"{quotes}); {sm.copied:.0%} copied, {sm.reworded:.0%} reworded, {sm.new:.0%} new"
    )
    if report.verdict is Verdict.ORIGINAL and sm.spun >= SPUN_SHARE:
        return _not_made_from("spin", "its sentences that read like the source's with other "
                              f"words are another report's wording ({spun_note})")  # fmt: skip
    return Outcome(
        _finding(
            criterion="spin",
            status="fail" if sm.spun >= SPUN_SHARE else "pass",
            explanation=spun_note
            + (f" (fails from {SPUN_SHARE:.0%})." if sm.spun >= SPUN_SHARE else "."),
            evidence=evidence_of(swaps + quote_spins) if sm.spun >= SPUN_SHARE else (),
        )
    )


@criterion("inserted_claims", WEIGHTS["inserted_claims"])
def inserted_claims(report: Report, context: Context) -> Outcome:
    if not report.sources:
        return _no_source("inserted_claims")
    sm = report.summary
    derived = sm.copied + sm.spun + sm.reworded
    inserted = [c for c in report.changes if c.kind is ChangeKind.INSERTED]
    claims = [c for c in inserted if _is_claim(c, report)]
    n_ins = sum(1 for s in report.sentences if s.status is SentenceStatus.INSERTED)
    spinning = report.spun_from_copied_sources()
    if spinning and n_ins and derived < DERIVED_SHARE:
        return Outcome(
            _finding(
                criterion="inserted_claims",
                status="not_assessable",
                explanation=f"The page is caught spinning ({plural(len(spinning), 'sentence')} "
                f"spun from a source it copies), so its {plural(n_ins, 'sentence')} found in "
                "no indexed source are not found, not its own reporting: they may come from "
                "reports the index does not hold.",
                evidence=evidence_of(inserted),
            )
        )
    if derived < DERIVED_SHARE:
        return Outcome(
            _finding(
                criterion="inserted_claims",
                status="pass",
                explanation=f"Only {derived:.0%} of the text comes from a source, so its "
                f"{plural(n_ins, 'own sentence')} are treated as its own reporting.",
            )
        )
    # A source cut off mid-sentence cannot show what the page printed after its break.
    past_end = past_source_ends(report)
    unchecked = [c for c in claims if c.sentence in past_end]
    claims = [c for c in claims if c.sentence not in past_end]
    if unchecked and not claims:
        return Outcome(
            _finding(
                criterion="inserted_claims",
                status="not_assessable",
                explanation=f"{plural(len(unchecked), 'sentence')} found in no source "
                f"{'comes' if len(unchecked) == 1 else 'come'} after the point where the "
                "source stops (it is cut off mid-sentence): the source as given cannot show "
                "whether the page added them.",
                evidence=evidence_of(unchecked),
            )
        )
    if claims:
        return Outcome(
            _finding(
                criterion="inserted_claims",
                status="fail",
                explanation=f"{derived:.0%} of the text comes from a source, but "
                f"{plural(len(claims), 'sentence')} "
                f"{'is' if len(claims) == 1 else 'are'} found in no source: claims added to the "
                "copy (possible fabrication).",
                evidence=evidence_of(claims),
            )
        )
    return Outcome(
        _finding(
            criterion="inserted_claims",
            status="pass",
            explanation="Every sentence has a counterpart in a source"
            + (
                f" (besides {plural(len(inserted), 'line')} that make no claim: a "
                "headline, a credit, a date or site furniture)."
                if inserted
                else "."
            ),
        )
    )


@criterion("quotes_faithful", WEIGHTS["quotes_faithful"])
def quotes_faithful(report: Report, context: Context) -> Outcome:
    if not report.sources:
        return _no_source("quotes_faithful")
    bad = [c for c in report.changes if c.kind in _BAD_QUOTES]
    unquoted = len(report.changes_of(ChangeKind.QUOTE_UNQUOTED))
    if report.verdict is Verdict.ORIGINAL:
        return _other_reports_quotes(bad, unquoted, len(report.quotes))
    note = f"; {plural(unquoted, 'source quote')} turned into narration" if unquoted else ""
    if not bad:
        return Outcome(
            _finding(
                criterion="quotes_faithful",
                status="pass",
                explanation=f"{plural(len(report.quotes), 'quote')} in the article; none "
                f"misattributed, altered or fabricated{note}.",
            )
        )
    counts = ", ".join(
        f"{plural(n, k.value.removeprefix('quote_'), k.value.removeprefix('quote_'))}"
        for k in _BAD_QUOTES
        if (n := sum(1 for c in bad if c.kind is k))
    )
    speakers = [
        f"\u201c{c.text[:60]}\u201d now attributed to {c.speaker or 'no one'} "
        f"(source: {c.source_speaker or 'no one'})"
        for c in bad
        if c.kind is ChangeKind.QUOTE_MISATTRIBUTED
    ]
    detail = (": " + "; ".join(speakers)) if speakers else ""
    return Outcome(
        _finding(
            criterion="quotes_faithful",
            status="fail",
            explanation=f"{plural(len(bad), 'quote')} changed from the source ({counts})"
            f"{detail}{note}.",
            # The quotes turned into narration it names are cited too, so each can be found.
            evidence=evidence_of([*bad, *report.changes_of(ChangeKind.QUOTE_UNQUOTED)]),
        )
    )


def _not_made_from(name: str, what: str, evidence: list[Change] | None = None) -> Outcome:
    """A criterion that holds a page to a source it copies, on a page not made from the source
    it was compared with: the differences are told, as information."""
    return Outcome(
        _finding(
            criterion=name,
            status="not_assessable",
            explanation="Not assessable: the page is not made from the source it was compared "
            f"with (no copy evidence); {what}.",
            evidence=evidence_of(evidence or []),
        )
    )


def _other_reports_quotes(differ: list[Change], unquoted: int, quotes: int) -> Outcome:
    """Quotes of a page that is not made from the source it was compared with: two reports of
    one statement transcribe, cut and attribute it each their own way. Where they differ, the
    differences are told, as information, and hold nothing against the page."""
    kinds = [c.kind.value.removeprefix("quote_") for c in differ] + ["unquoted"] * unquoted
    if not kinds:
        return Outcome(
            _finding(
                criterion="quotes_faithful",
                status="pass",
                explanation=f"{plural(quotes, 'quote')} in the article, which is not made from "
                "the source it was compared with; none reads differently there.",
            )
        )
    counts = ", ".join(f"{n} {kind}" for kind, n in Counter(kinds).items())
    return _not_made_from(
        "quotes_faithful",
        f"its quotes are its own report's: {plural(len(kinds), 'quote')} read differently there "
        f"({counts}), another transcription or reading of the same statement, or a quote the "
        "source does not carry, not a change made to a copy",
        differ,
    )


@criterion("figures_faithful", WEIGHTS["figures_faithful"])
def figures_faithful(report: Report, context: Context) -> Outcome:
    if not report.sources:
        return _no_source("figures_faithful")
    figures = [c for c in report.changes if c.kind in _FIGURES]
    if figures and report.verdict is Verdict.ORIGINAL:
        pairs = "; ".join(f"{c.from_ or c.source_text} \u2192 {c.to or c.text}" for c in figures)
        return _not_made_from(
            "figures_faithful",
            f"{plural(len(figures), 'number or date', 'numbers or dates')} differ there "
            f"({pairs}): another report's figures, worth checking, not a copy's changes",
            figures,
        )
    if not figures:
        return Outcome(
            _finding(
                criterion="figures_faithful",
                status="pass",
                explanation="Every number and date matches the source.",
            )
        )
    pairs = "; ".join(f"{c.from_ or c.source_text} \u2192 {c.to or c.text}" for c in figures)
    return Outcome(
        _finding(
            criterion="figures_faithful",
            status="fail",
            explanation=f"{plural(len(figures), 'number or date', 'numbers or dates')} "
            f"{'differs' if len(figures) == 1 else 'differ'} "
            f"from the source: {pairs}.",
            evidence=evidence_of(figures),
        )
    )


def _is_claim(change: Change, report: Report) -> bool:
    """An inserted line that says something: not a repeated headline, a credit, a date line,
    a photo caption, an editors' line or a piece of site furniture (what republishing adds
    around a copied story)."""
    return is_claim(change.text, report.article.text, change.start, report.article, report.sources)


def _finding(
    *, criterion: str, status: str, explanation: str, evidence: tuple[Evidence, ...] = ()
) -> Finding:
    """A finding of one of this module's criteria, with its weight from ``WEIGHTS``."""
    return Finding(
        criterion=criterion,
        status=status,
        weight=WEIGHTS[criterion],
        explanation=explanation,
        evidence=evidence,
    )
