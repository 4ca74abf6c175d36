"""Credibility assessment: the article checked against itself and its sources.

``assess(report)`` runs every registered criterion (``registry.CRITERIA``: each a name, a
weight and a check, see ``criterion``), adds their findings, the changes they name and the
score (see ``unspin.credibility.score`` for criteria and weights).

The submodules never import this package, so it may import any of them.
"""

from __future__ import annotations

from unspin.credibility.assessment import assess, run_checks, with_related
from unspin.credibility.criterion import Context, Criterion, Outcome, criterion
from unspin.credibility.registry import CRITERIA
from unspin.credibility.score import score

__all__ = [
    "CRITERIA",
    "Context",
    "Criterion",
    "Outcome",
    "assess",
    "criterion",
    "run_checks",
    "score",
    "with_related",
]
