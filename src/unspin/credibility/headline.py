"""Headline vs body: does the body support (or at least discuss) what the headline says?

Uses the packaged FNC-1 stance model (``unspin.credibility.stance.predict_stance``): ``agree`` and
``discuss`` pass; ``disagree`` and ``unrelated`` with probability >= 0.5 fail and add a
``headline_unsupported`` change (no span: the title is not part of the body).
No title, an empty body or a body of one sentence cannot be assessed.
"""

from __future__ import annotations

from unspin.core.errors import EmptyInputError, ModelError
from unspin.core.model import Change, ChangeKind, Evidence, Finding, Report
from unspin.credibility._common import sentence_spans
from unspin.credibility.criterion import Context, Outcome, criterion
from unspin.credibility.stance import predict_stance

CRITERION = "headline_supported"
WEIGHT = 15.0
# The model's disagree class is the noisiest (FNC-1's rarest): fail only on a clear majority.
FAIL_PROBABILITY = 0.5


@criterion(CRITERION, WEIGHT)
def headline_supported(report: Report, context: Context) -> Outcome:
    title = (report.article.title or "").strip()
    body = report.article.text

    def na(reason: str) -> Outcome:
        return Outcome(
            Finding(
                criterion=CRITERION,
                status="not_assessable",
                weight=WEIGHT,
                explanation=f"Not assessable: {reason}.",
            )
        )

    if not title:
        return na("the article has no headline")
    if not body.strip():
        return na("the article body is empty")
    spans = sentence_spans(report)
    if len(spans) < 2:
        return na("the body has only one sentence, too little to judge the headline against")
    try:
        result = predict_stance(title, body)
    except EmptyInputError as err:
        return na(f"no words to compare ({err})")
    except ModelError as err:
        return na(f"the stance model is unavailable ({err})")
    p = result.probabilities[result.label]
    first = Evidence(start=spans[0][0], end=spans[0][1])
    if result.label in ("agree", "discuss"):
        verb = "supports" if result.label == "agree" else "discusses"
        return Outcome(
            Finding(
                criterion=CRITERION,
                status="pass",
                weight=WEIGHT,
                explanation=f"The body {verb} the headline (stance "
                f"'{result.label}', probability {p:.2f}).",
            )
        )
    if p < FAIL_PROBABILITY:
        rest = 1.0 - p
        return Outcome(
            Finding(
                criterion=CRITERION,
                status="pass",
                weight=WEIGHT,
                explanation=f"Stance uncertain: '{result.label}' is the likeliest "
                f"class but only at probability {p:.2f} (the other classes "
                f"{rest:.2f}), below the {FAIL_PROBABILITY:.2f} needed to fail the "
                "headline.",
            )
        )
    what = "contradicts" if result.label == "disagree" else "does not relate to"
    finding = Finding(
        criterion=CRITERION,
        status="fail",
        weight=WEIGHT,
        explanation=f"The body {what} the headline \u201c{title}\u201d (stance "
        f"'{result.label}', probability {p:.2f}).",
        evidence=(first,),
    )
    change = Change(
        kind=ChangeKind.HEADLINE_UNSUPPORTED,
        text=title,
        confidence=round(min(1.0, max(0.0, p)), 4),
    )
    return Outcome(finding, (change,))
