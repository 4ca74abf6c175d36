"""Sources cut off mid-sentence (excerpts, feed summaries, paywalled pages): where the source
stops, the comparison stops too."""

from __future__ import annotations

import pytest
from rich.console import Console

import unspin
from unspin import app
from unspin.core.model import Article, ChangeKind, SentenceStatus, Verdict
from unspin.core.truncation import cut_at
from unspin.render.html_report import render_html
from unspin.render.terminal import render_terminal

# A wire story, written for these tests.
WIRE = (
    "The port authority of Veldhaven said on Tuesday it would close two of its four container "
    "terminals for repairs after a storm damaged the cranes.\n\n"
    "The closure is expected to last three weeks and will delay about 40 ships, the authority "
    "said in a statement.\n\n"
    "Shipping companies have been told to divert cargo to the neighbouring port of Kessel, "
    "which has spare capacity this month.\n\n"
    'Harbour master Ilse Brandt said the damage was worse than first thought. "Two of the '
    'cranes will have to be rebuilt from the ground up," she told reporters.\n\n'
    "Port workers' unions said they had been promised that no jobs would be cut during the "
    "repairs.\n\n"
    "The port handled 3.1 million containers last year, making it the region's third "
    "busiest.\n\n"
    'Brandt said the authority would publish a timetable for reopening next week. "We want '
    'ships back here as soon as it is safe," she said.\n\n'
    "Insurers have not yet estimated the cost of the storm damage, which also flooded two "
    "warehouses along the northern quay and cut power to the customs office for a day.\n\n"
    "Repairs to the quay walls themselves will take until the spring, the authority added."
)


def _cut(text: str, sentence_start: str, keep: str) -> str:
    """``text`` up to and including ``keep``, the first words of the sentence that begins
    with ``sentence_start``: an excerpt that breaks off there."""
    at = text.index(sentence_start)
    return text[: at + len(keep)]


def test_a_text_that_breaks_off_mid_sentence_is_cut() -> None:
    assert cut_at("The minister said the talks would resume in Ma") == len(
        "The minister said the talks would resume in "
    )
    assert cut_at("The talks will resume next week, the minister said…") is not None
    assert cut_at("The talks will resume next week [...]") is not None
    assert cut_at('He said he was "not in a revenge mood" and "not hating the British"')
    assert cut_at("The talks will resume next week.") is None
    assert cut_at('He said: "The talks will resume next week".') is None
    assert cut_at('"We will be back," he said.\n') is None


def test_the_rest_of_the_sentence_a_source_breaks_off_in_is_no_change() -> None:
    source = _cut(WIRE, "Harbour master", "Harbour master Ilse Brandt said the damage was wor")
    report = unspin.compare(Article(text=WIRE, id="copy"), Article(text=source, id="wire"))
    carried = next(s for s in report.sentences if s.text.startswith("Harbour master"))
    assert carried.status is SentenceStatus.COPIED
    assert not [c for c in report.changes if c.sentence == carried.index]
    # The quote after the break is not one the source lacks: the source stops before it.
    assert not report.changes_of(ChangeKind.QUOTE_FABRICATED)


def test_a_faithful_copy_of_a_source_cut_halfway_is_faithful() -> None:
    source = _cut(WIRE, "Port workers", "Port workers' unions said they had been prom")
    report = app.compare(Article(text=WIRE, id="copy"), Article(text=source, id="wire"))
    assert report.verdict is Verdict.FAITHFUL_COPY
    # What the page prints after the source stops is not held against it as added claims.
    added = next(f for f in report.findings if f.criterion == "inserted_claims")
    assert added.status == "not_assessable"
    assert "cut off mid-sentence" in added.explanation


def test_a_page_that_carries_one_sentence_of_a_cut_source_and_then_its_own_is_not_a_copy() -> None:
    source = _cut(WIRE, "Shipping companies", "Shipping companies have been told to div")
    page = (
        "Shipping companies have been told to divert cargo to the neighbouring port of Kessel, "
        "which has spare capacity this month.\n\n"
        "Kessel's mayor welcomed the extra traffic but warned that roads around the port were "
        "already congested at peak hours.\n\n"
        "Local hauliers said they would need more drivers to move the containers inland, and "
        "several were already advertising for staff.\n\n"
        "The regional government is due to discuss a temporary easing of weekend lorry bans "
        "at its meeting on Friday.\n\n"
        "Environmental groups asked for the extra ships to be monitored for emissions while "
        "they wait at anchor off the coast."
    )
    report = unspin.compare(Article(text=page, id="page"), Article(text=source, id="wire"))
    assert report.verdict is not Verdict.FAITHFUL_COPY


def test_a_source_cut_inside_a_name_the_page_spells_otherwise_is_no_change() -> None:
    # The source breaks off inside a name, with a curly apostrophe the page writes straight:
    # the page only goes on from where the source stops.
    wire = WIRE.replace(
        "Port workers' unions",
        "One of the stranded ships is registered in the Democratic People’s Republic of "
        "Korea, the authority said.\n\nPort workers' unions",
    )
    copy = wire.replace("People’s", "People's")
    source = _cut(wire, "One of the stranded", "One of the stranded ships is registered in the "
                  "Democratic People’s R")  # fmt: skip
    report = unspin.compare(Article(text=copy, id="copy"), Article(text=source, id="wire"))
    carried = next(s for s in report.sentences if s.text.startswith("One of the stranded"))
    assert not [
        c for c in report.changes if c.sentence == carried.index and c.kind is ChangeKind.REWORDED
    ]


@pytest.mark.parametrize("ending", ["…", " [...]"])
def test_a_feed_summary_ending_in_an_ellipsis_reads_as_cut(ending: str) -> None:
    summary = _cut(WIRE, "The closure", "The closure is expected to last three weeks") + ending
    report = unspin.compare(Article(text=WIRE, id="copy"), Article(text=summary, id="feed"))
    carried = next(s for s in report.sentences if s.text.startswith("The closure"))
    assert carried.status is SentenceStatus.COPIED


def test_the_reports_say_which_sentences_come_after_the_source_stops() -> None:
    source = _cut(WIRE, "Port workers", "Port workers' unions said they had been prom")
    report = app.compare(Article(text=WIRE, id="copy"), Article(text=source, id="wire"))
    after = [s for s in report.sentences if s.status is SentenceStatus.INSERTED]
    assert len(after) == 5
    html = render_html(report)
    assert html.count("the source stops before this") == len(after)
    console = Console(record=True, width=200)
    render_terminal(report, console)
    shown = console.export_text()
    assert shown.count("past end") == len(after)
    assert "the source stops mid-sentence" in shown


def test_a_whole_story_that_lost_its_last_full_stop_is_not_cut() -> None:
    # The source's last sentence has no final stop ("... the authority added"), but the page's
    # copy of it ends where the source's does: nothing was cut from it, and what the page
    # adds after it is its own.
    source = WIRE.rstrip(".")
    own = (
        "\n\nLocal traders said they feared the closure would hurt business in the run-up to "
        "the holidays, when the port usually handles its heaviest traffic of the year.\n\n"
        "The town council has called an emergency meeting for Thursday to discuss help for "
        "firms that depend on the terminals, according to a notice on its website."
    )
    report = app.compare(Article(text=WIRE + own, id="copy"), Article(text=source, id="wire"))
    added = next(f for f in report.findings if f.criterion == "inserted_claims")
    assert added.status == "fail"
    assert "cut off" not in render_html(report)


def test_a_short_head_of_a_long_sentence_is_found_where_the_source_stops() -> None:
    # The source breaks off eight words into a sentence that the page runs on into the next
    # one (a spinner dropped the full stop): the two are little alike (similarity 0.24), but
    # the page's sentence holds all of the source's words, in order, and goes on.
    source = _cut(WIRE, "Insurers have", "Insurers have not yet estimated the cost of the st")
    page = WIRE.replace("for a day.\n\nRepairs", "for a day Repairs")
    report = unspin.compare(Article(text=page, id="copy"), Article(text=source, id="wire"))
    carried = next(s for s in report.sentences if s.text.startswith("Insurers"))
    assert carried.status is SentenceStatus.COPIED
    assert report.verdict is Verdict.FAITHFUL_COPY
