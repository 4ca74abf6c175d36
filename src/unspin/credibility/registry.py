"""The registered credibility criteria, in the order of the score table (``score``).

Adding a criterion: write its check as a module (``@criterion(name, weight)`` on a function
of the report and the context, see ``criterion``) and add it here. Findings come out in this
order, and the changes the checks add in this order too.
"""

from __future__ import annotations

from unspin.credibility.criterion import Criterion
from unspin.credibility.dates import relative_dates
from unspin.credibility.headline import headline_supported
from unspin.credibility.page import boilerplate, byline, source_credited
from unspin.credibility.provenance import (
    figures_faithful,
    inserted_claims,
    quotes_faithful,
    spin,
)

CRITERIA: tuple[Criterion, ...] = (
    headline_supported,
    relative_dates,
    byline,
    boilerplate,
    source_credited,
    spin,
    inserted_claims,
    quotes_faithful,
    figures_faithful,
)
