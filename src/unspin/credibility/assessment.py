"""``assess(report)``: every registered criterion run on the report, then the score.

Each check is a pure function of the ``Report``; ``assess`` adds their findings, the changes
they name (``headline_unsupported``, ``stale_relative_date``, ``boilerplate``) and the score
(see ``unspin.credibility.score`` for criteria and weights).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from unspin.core.model import Article, Change, Finding, Report
from unspin.credibility.criterion import Context
from unspin.credibility.events import related_reports
from unspin.credibility.registry import CRITERIA
from unspin.credibility.score import score, summary_finding

_ASSESSED = {"headline_unsupported", "stale_relative_date", "boilerplate"}


def run_checks(report: Report, today: dt.date | None = None) -> tuple[list[Finding], list[Change]]:
    """Every criterion's finding (criteria order of the score table) and the changes they add."""
    context = Context(today=today)
    findings: list[Finding] = []
    changes: list[Change] = []
    for criterion in CRITERIA:
        outcome = criterion.check(report, context)
        findings.append(outcome.finding)
        changes += outcome.changes
    return findings, changes


def assess(report: Report, today: dt.date | None = None) -> Report:
    """``report`` with the credibility findings, the score and the changes the checks name.

    Idempotent: changes and findings from an earlier assessment are replaced, not doubled.
    """
    base = dataclasses.replace(
        report,
        changes=tuple(c for c in report.changes if c.kind.value not in _ASSESSED),
        findings=(),
        score=None,
    )
    findings, added = run_checks(base, today=today)
    value = score(findings)
    findings.append(summary_finding(findings, value))
    return dataclasses.replace(
        base,
        findings=tuple(findings),
        score=value,
        changes=_merged(base.changes, added),
    )


def with_related(report: Report, others: Sequence[Article]) -> Report:
    """``report`` assessed again with ``others`` (dated reports the index holds that are not
    its sources: reports of the same events) as evidence for its relative dates."""
    related = related_reports(report, others)
    if not related:
        return report
    return assess(dataclasses.replace(report, related=related))


def _merged(existing: tuple[Change, ...], added: list[Change]) -> tuple[Change, ...]:
    """Span-less new changes (headline, boilerplate) first, then every change with a span in
    text order (stable, so the comparison's order is kept), then the comparison's span-less
    ones (dropped source sentences) last, as ``compare`` orders them."""
    spanned = sorted(
        [c for c in (*existing, *added) if c.start is not None],
        key=lambda c: (c.start or 0, c.end or 0),
    )
    return (
        *(c for c in added if c.start is None),
        *spanned,
        *(c for c in existing if c.start is None),
    )
