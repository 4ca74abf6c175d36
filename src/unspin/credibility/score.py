"""The credibility score, after NewsGuard's rating: named criteria, each pass or fail with a
weight; the score is the share of the assessable weight that passed.

    score = 100 * sum(weight of passed criteria) / sum(weight of assessable criteria)

``None`` when no criterion could be assessed. A criterion that cannot be assessed (no headline,
no date, no source ...) counts neither way; the summary finding says how many were assessable.

| criterion          | weight | check      | fails when                                          |
|--------------------|-------:|------------|-----------------------------------------------------|
| headline_supported |     15 | headline   | body disagrees with / is unrelated to the headline  |
| relative_dates     |     10 | dates      | "today", "on Monday" cannot be true on its date     |
| byline             |     10 | page       | no byline, or it hides the source of a copy         |
| boilerplate        |      5 | page       | scraped site furniture on the page                  |
| source_credited    |     15 | page       | >= 50% copied, spun or reworded, source never named |
| spin               |     10 | provenance | >= 20% of the text spun by swaps                    |
| inserted_claims    |     10 | provenance | a copy adds sentences found in no source            |
| quotes_faithful    |     15 | provenance | a quote misattributed, altered or fabricated        |
| figures_faithful   |     10 | provenance | a number or date differs from the source            |

Total 100. The summary finding (criterion ``score``) has weight 0 and so never counts itself.
Each line is a ``Criterion`` in ``registry.CRITERIA``, registered in this order.
"""

from __future__ import annotations

from collections.abc import Sequence

from unspin.core.model import Finding

CRITERION = "score"
PASS_MARK = 60.0  # NewsGuard's "generally adheres to basic standards" threshold


def score(findings: Sequence[Finding]) -> float | None:
    """100 * passed weight / assessable weight, rounded to one decimal; None if none assessable."""
    assessable = [f for f in findings if f.status in ("pass", "fail") and f.weight > 0]
    total = sum(f.weight for f in assessable)
    if not total:
        return None
    passed = sum(f.weight for f in assessable if f.status == "pass")
    return round(100.0 * passed / total, 1)


def summary_finding(findings: Sequence[Finding], value: float | None) -> Finding:
    """A weight-0 finding that states the score and how many criteria could be assessed."""
    counted = [f for f in findings if f.weight > 0]
    assessable = [f for f in counted if f.status in ("pass", "fail")]
    failed = [f.criterion for f in assessable if f.status == "fail"]
    skipped = [f.criterion for f in counted if f.status == "not_assessable"]
    n, total = len(assessable), len(counted)
    if value is None:
        return Finding(
            criterion=CRITERION,
            status="not_assessable",
            weight=0.0,
            explanation=f"No score: 0 of {total} criteria could be assessed"
            + (f" ({', '.join(skipped)})." if skipped else "."),
        )
    parts = [f"Score {value:g}/100 from {n} of {total} criteria assessable"]
    if failed:
        parts.append(f"failed: {', '.join(failed)}")
    if skipped:
        parts.append(f"not assessable: {', '.join(skipped)}")
    return Finding(
        criterion=CRITERION,
        status="pass" if value >= PASS_MARK else "fail",
        weight=0.0,
        explanation="; ".join(parts) + f" (pass mark {PASS_MARK:g}).",
    )
