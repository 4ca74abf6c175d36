"""The vocabulary names every change kind, status and verdict, and what it says is read."""

from __future__ import annotations

from report_factory import minimal_report, sample_report
from unspin.core.model import ChangeKind, SentenceStatus, Verdict
from unspin.core.vocabulary import KINDS, STATUSES, VERDICTS, kinds_failing
from unspin.credibility import run_checks


def test_vocabulary_describes_every_kind_status_and_verdict() -> None:
    assert set(KINDS) == set(ChangeKind)
    assert set(STATUSES) == set(SentenceStatus)
    assert set(VERDICTS) == set(Verdict)
    assert all(info.label and info.meaning for info in KINDS.values())


def test_every_criterion_a_kind_fails_is_one_the_checks_report() -> None:
    # a misspelt criterion would silently stop its kinds from failing anything
    reported = {
        f.criterion for report in (minimal_report(), sample_report()) for f in run_checks(report)[0]
    }
    named = {info.criterion for info in KINDS.values() if info.criterion is not None}
    assert named <= reported


def test_quote_criterion_fails_on_changed_quotes_only() -> None:
    assert kinds_failing("quotes_faithful") == (
        ChangeKind.QUOTE_MISATTRIBUTED,
        ChangeKind.QUOTE_ALTERED,
        ChangeKind.QUOTE_FABRICATED,
    )
