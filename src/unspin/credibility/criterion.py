"""The shape every credibility criterion has: a name, a weight and a check of a report.

A check is a pure function of the ``Report`` (and of the ``Context``: the day it runs) that
gives one ``Finding`` for its criterion, and the changes it names (a stale relative date, an
unsupported headline), so the assessment can run every registered criterion the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from unspin.core.model import Change, Finding, Report


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What a check may need beyond the report."""

    today: dt.date | None = None  # the day the article is read on; None: the clock's


@dataclass(frozen=True, slots=True)
class Outcome:
    """A criterion's finding, and the changes it adds to the report."""

    finding: Finding
    changes: tuple[Change, ...] = ()


class Criterion(Protocol):
    """One line of the score table (see ``unspin.credibility.score``)."""

    @property
    def name(self) -> str: ...

    @property
    def weight(self) -> float: ...

    def check(self, report: Report, context: Context) -> Outcome: ...


CheckFunction = Callable[[Report, Context], Outcome]


@dataclass(frozen=True, slots=True)
class Rule:
    """A criterion made of a check function (what ``@criterion`` makes)."""

    name: str
    weight: float
    run: CheckFunction

    def check(self, report: Report, context: Context) -> Outcome:
        return self.run(report, context)


def criterion(name: str, weight: float) -> Callable[[CheckFunction], Rule]:
    """Make a check function the criterion ``name``: ``@criterion("byline", 10.0)``."""

    def make(run: CheckFunction) -> Rule:
        return Rule(name, weight, run)

    return make
