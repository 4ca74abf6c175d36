"""unspin: trace a news article to its sources and name every change that was made.

>>> import unspin
>>> report = unspin.compare(unspin.load_article("copy.html"), unspin.load_article("wire.json"))
>>> report.verdict, [c.kind for c in report.changes]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unspin.core.errors import InputError, ModelError, UnspinError
from unspin.core.model import (
    AlignedSentence,
    Article,
    Change,
    ChangeKind,
    Finding,
    Quote,
    Report,
    SentenceStatus,
    SourceMatch,
    Summary,
    Verdict,
)

if TYPE_CHECKING:
    from unspin.app import compare
    from unspin.ingest import load_article

__version__ = "0.1.0"

# Heavy stages load on first use, so `import unspin` stays cheap (no spaCy, no WordNet).
_LAZY = {
    "compare": ("unspin.app", "compare"),
    "load_article": ("unspin.ingest", "load_article"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'unspin' has no attribute {name!r}")


__all__ = [
    "AlignedSentence",
    "Article",
    "Change",
    "ChangeKind",
    "Finding",
    "InputError",
    "ModelError",
    "Quote",
    "Report",
    "SentenceStatus",
    "SourceMatch",
    "Summary",
    "UnspinError",
    "Verdict",
    "compare",
    "load_article",
]
