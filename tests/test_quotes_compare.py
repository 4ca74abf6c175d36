"""Quote comparison between a derivative and its source (issue 3). Invented examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import unspin
from unspin.comparison.quotes import compare_quotes, extract_quotes
from unspin.comparison.quotes.compare import ALTERED_SWAP, compare_quotes_all
from unspin.core.model import Article, Change, ChangeKind, Quote, Verdict

QUOTE_KINDS = {
    ChangeKind.QUOTE_MISATTRIBUTED,
    ChangeKind.QUOTE_UNQUOTED,
    ChangeKind.QUOTE_ALTERED,
    ChangeKind.QUOTE_FABRICATED,
}

MEETING = (
    "Norlandian President Arlen Voss met Supreme Leader Ilya Markov in Tessaly on Tuesday.\n\n"
    "{a_open}Our nations will stand together against the blockade{a_close} Voss said.\n\n"
    "Markov said: {b_open}The western powers have failed to break our will, and they will "
    "fail again.{b_close}\n\n"
    "The two leaders also discussed a new rail link between the capitals."
)
B_WORDS = "The western powers have failed to break our will, and they will fail again."

MARKS = {
    "straight": ('"', ',"', '"', '"'),
    "curly": ("“", ",”", "“", "”"),
    "single": ("'", ",'", "'", "'"),
}


def meeting(style: str) -> str:
    a_open, a_close, b_open, b_close = MARKS[style]
    return MEETING.format(a_open=a_open, a_close=a_close, b_open=b_open, b_close=b_close)


def compare(derivative: str, source: str, source_id: str | None = "src") -> list[Change]:
    return compare_quotes(
        derivative,
        extract_quotes(derivative),
        source,
        extract_quotes(source),
        source_id=source_id,
    )


def kinds(changes: list[Change]) -> list[ChangeKind]:
    return [c.kind for c in changes if c.kind in QUOTE_KINDS]


# -- the real case: B's words put, unquoted, right after A's quote ----------------------------


@pytest.mark.parametrize("style", sorted(MARKS))
def test_words_moved_after_another_speakers_quote_are_misattributed(style: str) -> None:
    source = meeting(style)
    a_open, a_close, _, _ = MARKS[style]
    derivative = (
        "Norlandian President Arlen Voss met Supreme Leader Ilya Markov in Tessaly on Tuesday.\n\n"
        f"{a_open}Our nations will stand together against the blockade{a_close} Voss said. "
        f"{B_WORDS}\n\n"
        "The two leaders also discussed a new rail link between the capitals."
    )
    changes = compare(derivative, source)
    mis = [c for c in changes if c.kind == ChangeKind.QUOTE_MISATTRIBUTED]
    assert len(mis) == 1, changes
    c = mis[0]
    assert c.speaker == "Arlen Voss"
    assert c.source_speaker == "Ilya Markov"
    assert (c.from_, c.to) == ("Ilya Markov", "Arlen Voss")
    assert c.source_id == "src"
    assert c.start is not None and c.end is not None
    assert derivative[c.start : c.end].startswith("The western powers")
    assert c.source_start is not None and c.source_end is not None
    assert "western powers" in source[c.source_start : c.source_end]
    assert 0 < c.confidence <= 1
    # Voss's own quote is untouched: nothing else is reported.
    assert kinds(changes) == [ChangeKind.QUOTE_MISATTRIBUTED]


@pytest.mark.parametrize(
    ("new_attribution", "speaker"),
    [("Voss added:", "Arlen Voss"), ("Norlandian President Arlen Voss added:", "Arlen Voss")],
    ids=["surname", "full-title"],
)
def test_speaker_swapped_on_the_quote_is_misattributed(new_attribution: str, speaker: str) -> None:
    source = meeting("straight")
    derivative = source.replace("Markov said:", new_attribution)
    changes = compare(derivative, source)
    assert kinds(changes) == [ChangeKind.QUOTE_MISATTRIBUTED]
    c = changes[0]
    assert (c.speaker, c.source_speaker) == (speaker, "Ilya Markov")
    assert c.start is not None and derivative[c.start : c.end].startswith("The western powers")


@pytest.mark.parametrize(
    "derivative_b",
    [
        "Markov said the western powers have failed to break our will, and they will fail again.",
        "Markov said that the western powers have failed to break our will, and they will fail "
        "again.",
    ],
    ids=["said", "said-that"],
)
def test_quote_turned_into_narration_is_unquoted(derivative_b: str) -> None:
    source = meeting("straight")
    derivative = source.replace(
        'Markov said: "The western powers have failed to break our will, and they will fail '
        'again."',
        derivative_b,
    )
    changes = compare(derivative, source)
    assert kinds(changes) == [ChangeKind.QUOTE_UNQUOTED]
    assert changes[0].source_speaker == "Ilya Markov"


def test_unquoted_words_retouched_are_placed_on_their_own_sentence() -> None:
    # The quote's words printed as narration with a word or two retouched, after a sentence
    # of the page's own: the change covers the quote's words, not the end of the sentence
    # before (which would lend that sentence the evidence too).
    source = (
        "Oleg Varin spoke in Ankara on Wednesday.\n\n"
        '"Our patience is not unlimited and the West should keep its side of the bargain too," '
        "Varin told reporters."
    )
    derivative = (
        "Grain prices eased on Thursday.\n\n"
        "Analysts at two Chicago brokers expect wheat futures to stay volatile into the new "
        "year.\n\nOur patience is not unlimited, and the West must keep its side of the "
        "bargain.\n\nFarmers in Kansas said the weather mattered more."
    )
    changes = compare(derivative, source)
    assert kinds(changes) == [ChangeKind.QUOTE_UNQUOTED]
    assert derivative[changes[0].start : changes[0].end].startswith("Our patience")


def test_quote_marks_dropped_in_place_is_unquoted() -> None:
    source = (
        "Lina Ortez addressed the council on Friday.\n\n"
        '"The harbour levy will double next year, and the fishermen will pay for it," '
        "Ortez said.\n\nThe council adjourned."
    )
    derivative = (
        "Lina Ortez addressed the council on Friday.\n\n"
        "The harbour levy will double next year, and the fishermen will pay for it.\n\n"
        "The council adjourned."
    )
    assert kinds(compare(derivative, source)) == [ChangeKind.QUOTE_UNQUOTED]


@pytest.mark.parametrize("mark", ['"', "'", "“"])
def test_quote_left_open_when_its_last_sentence_was_dropped_is_still_a_quote(mark: str) -> None:
    # The copy kept the opening mark and the first sentence; the sentence with the closing
    # mark is gone. The words still follow a quotation mark: they are quoted, not narration.
    close = {"'": "'", '"': '"', "“": "”"}[mark]
    source = (
        "Lina Ortez addressed the council on Friday.\n\n"
        f"Ortez told reporters: {mark}The harbour levy will double next year. "
        f"The fishermen will pay for it, and they know it.{close}\n\n"
        "The council adjourned."
    )
    derivative = (
        "Lina Ortez addressed the council on Friday.\n\n"
        f"Ortez told reporters: {mark}The harbour levy will double next year.\n\n"
        "The council adjourned."
    )
    assert ChangeKind.QUOTE_UNQUOTED not in kinds(compare(derivative, source))


def test_reported_speech_ends_at_its_paragraph() -> None:
    # A paragraph with no final full stop: the parse runs "adding that ..." on into the next
    # paragraph, whose words are a quote turned into narration of its own.
    source = (
        "The depot burned when shells destroyed its roof, the army said, adding that no "
        "guards were killed in the attack\n\n"
        '"The rebel planes struck two fuel depots outside the town at noon on Friday," the '
        "message read.\n\nThe council adjourned."
    )
    derivative = source.replace('"The rebel', "The rebel").replace('Friday," the', "Friday, the")
    reported = [q for q in extract_quotes(derivative) if not q.direct]
    assert reported and all("\n" not in q.text for q in reported)
    changes = [c for c in compare(derivative, source) if c.kind in QUOTE_KINDS]
    assert [c.kind for c in changes] == [ChangeKind.QUOTE_UNQUOTED]
    assert changes[0].text.startswith("The rebel planes")


@pytest.mark.parametrize(
    ("old", "new", "from_", "to"),
    [
        ("stand together", "stand firm", "together", "firm"),
        ("against the blockade", "against the occupation", "blockade", "occupation"),
        ("Our nations will", "Our nations will never", "", "never"),
    ],
    ids=["replaced", "last-word", "inserted"],
)
def test_words_changed_inside_a_quote_are_altered(old: str, new: str, from_: str, to: str) -> None:
    source = meeting("curly")
    derivative = source.replace(old, new)
    changes = compare(derivative, source)
    assert kinds(changes) == [ChangeKind.QUOTE_ALTERED]
    c = changes[0]
    assert (c.from_, c.to) == (from_, to)
    assert c.speaker == c.source_speaker == "Arlen Voss"
    assert c.source_text is not None and "stand together" in c.source_text


@pytest.mark.parametrize(
    ("old", "new"),
    [("have failed", "has failed"), ("they will fail", "they wil fail")],
    ids=["inflection", "typo"],
)
def test_a_word_heard_or_typed_another_way_in_a_quote_is_no_spinners_swap(
    old: str, new: str
) -> None:
    # Two transcriptions of one statement: reported (words differ), but not as a swap inside
    # the marks, the evidence of a copy spun to hide it.
    source = meeting("curly")
    changes = [c for c in compare(source.replace(old, new), source) if c.kind in QUOTE_KINDS]
    assert [c.kind for c in changes] == [ChangeKind.QUOTE_ALTERED]
    assert changes[0].confidence < ALTERED_SWAP


def test_invented_quote_is_fabricated() -> None:
    source = meeting("straight")
    derivative = source + '\n\n"We will send troops to the border next spring," Markov said.'
    changes = compare(derivative, source)
    assert kinds(changes) == [ChangeKind.QUOTE_FABRICATED]
    c = changes[0]
    assert c.text == "We will send troops to the border next spring"
    assert c.speaker == "Ilya Markov"
    assert c.start is not None and derivative[c.start : c.end] == c.text


def test_quote_made_from_source_narration_is_not_fabricated() -> None:
    source = meeting("straight")
    derivative = source.replace(
        "The two leaders also discussed a new rail link between the capitals.",
        '"The two leaders also discussed a new rail link between the capitals," Voss said.',
    )
    assert ChangeKind.QUOTE_FABRICATED not in kinds(compare(derivative, source))


# -- faithful copies: nothing to report --------------------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s,
        lambda s: s.replace("Voss said.", "Arlen Voss said."),
        lambda s: s.replace("Voss said.", "said Norlandian President Arlen Voss."),
        lambda s: s.replace(", and they will fail again.", "."),
        lambda s: s.replace("“", '"').replace("”", '"'),
        lambda s: s.replace("will, and they", "will and they"),
        lambda s: s.replace("Markov said:", "Markov, who spoke after Voss, said:"),
        lambda s: "The meeting went ahead despite protests.\n\n" + s,
    ],
    ids=[
        "copy",
        "fuller-name",
        "inverted-attribution",
        "shortened-quote",
        "straightened-marks",
        "punctuation-only",
        "relative-clause",
        "added-narration",
    ],
)
def test_faithful_quote_use_produces_no_change(edit: Callable[[str], str]) -> None:
    source = meeting("curly")
    derivative = edit(source)
    assert kinds(compare(derivative, source)) == []


def test_fabricated_only_when_no_source_has_it() -> None:
    first = meeting("straight")
    second = (
        "Ilya Markov spoke again on Wednesday.\n\n"
        '"We will send troops to the border next spring," Markov said.'
    )
    derivative = first + '\n\n"We will send troops to the border next spring," Markov said.'
    sources = [
        ("first", first, extract_quotes(first)),
        ("second", second, extract_quotes(second)),
    ]
    changes = compare_quotes_all(derivative, extract_quotes(derivative), sources)
    assert ChangeKind.QUOTE_FABRICATED not in kinds(changes)
    only_first = compare_quotes_all(derivative, extract_quotes(derivative), sources[:1])
    assert kinds(only_first) == [ChangeKind.QUOTE_FABRICATED]


@pytest.mark.parametrize(
    ("derivative", "source"),
    [
        ("", ""),
        ('"', '"'),
        ('Arlen Voss said: "We will', "Arlen Voss said nothing."),
        ("Ilya Markov said: 「我们不会让步。」", "Ilya Markov said: 「我们不会让步。」"),
    ],
    ids=["empty", "lone-mark", "unclosed", "chinese"],
)
def test_bad_input_does_not_crash(derivative: str, source: str) -> None:
    for c in compare(derivative, source):
        assert c.kind in QUOTE_KINDS
        assert c.start is None or 0 <= c.start <= (c.end or 0) <= len(derivative)


_NAMES = ["Arlen Voss", "Ilya Markov", "Lina Ortez", "Tomas Brandt", "Dana Whitfield"]


def _quoted_article(n: int, shift: int = 0) -> tuple[str, list[Quote]]:
    """An article of ``n`` quotes with its Quote objects built directly (no parsing)."""
    parts: list[str] = []
    quotes: list[Quote] = []
    cursor = 0
    for i in range(n):
        words = f"Levy {i} on harbour {i * 7} is final and will not change"
        name = _NAMES[(i + shift) % len(_NAMES)]
        para = f'"{words}," {name} said.'
        quotes.append(
            Quote(
                text=words,
                start=cursor + 1,
                end=cursor + 1 + len(words),
                speaker=name,
                cue="said",
                speaker_start=cursor + len(words) + 4,
                speaker_end=cursor + len(words) + 4 + len(name),
            )
        )
        parts.append(para)
        cursor += len(para) + 2
    return "\n\n".join(parts), quotes


@pytest.mark.parametrize("shift", [0, 1], ids=["same-speakers", "every-speaker-swapped"])
def test_thousands_of_quotes_compare(shift: int) -> None:
    # Scaling is measured in benchmarks/quotes_eval.py, not timed here (the machine is noisy).
    for n in (1000, 4000):
        source, source_quotes = _quoted_article(n)
        derivative, derivative_quotes = _quoted_article(n, shift)
        changes = compare_quotes(
            derivative, derivative_quotes, source, source_quotes, source_id=None
        )
        if shift == 0:
            assert changes == []
        else:
            assert len(changes) == n
            assert {c.kind for c in changes} == {ChangeKind.QUOTE_MISATTRIBUTED}


@pytest.mark.parametrize(
    ("said", "printed"),
    [
        ("We will not raise the harbour levy", "We won't raise the harbour levy"),
        ("We are not raising the harbour levy", "We're not raising the harbour levy"),
        ("It is not the time to raise the levy", "It's not the time to raise the levy"),
        ("We do not want to raise the harbour levy", "We don’t want to raise the harbour levy"),
        ("We will cut ten jobs", "We will cut 10 jobs"),
        ("Let the U.S. pay for the harbour", "Let the US pay for the harbour"),
        ("It is okay to wait for the harbour levy", "It is OK to wait for the harbour levy"),
        ("We will raise 50% of the levy", "We will raise 50 percent of the levy"),
    ],
    ids=["won't", "we're", "it's", "don’t", "figures", "initials", "okay", "percent"],
)
def test_a_quote_in_another_house_style_is_no_change(said: str, printed: str) -> None:
    # Contractions, figures, initials, "OK", "%": two transcriptions of the same words.
    source = (
        "Lina Ortez addressed the council on Friday.\n\n"
        f'"{said} next year, whatever the shipping firms say," Ortez said.\n\n'
        "The council adjourned."
    )
    derivative = source.replace(said, printed)
    assert kinds(compare(derivative, source)) == []
    report = unspin.compare(Article(text=derivative), Article(id="src", text=source))
    assert report.verdict is Verdict.FAITHFUL_COPY


def test_a_clarification_in_brackets_is_no_spinners_edit() -> None:
    source = (
        "Lina Ortez addressed the council on Friday.\n\n"
        '"They will pay for the new harbour wall next year," Ortez said of the shipping firms.'
        "\n\nThe council adjourned."
    )
    derivative = source.replace('"They will', '"[The shipping firms] will')
    changes = [c for c in compare(derivative, source) if c.kind in QUOTE_KINDS]
    assert all(c.confidence < ALTERED_SWAP for c in changes)
    # The other way round, in round brackets as some wires set it: the source clarified, the
    # page printed the speaker's word.
    clarified = source.replace('"They will', '"(The shipping firms) will')
    changes = [c for c in compare(source, clarified) if c.kind in QUOTE_KINDS]
    assert all(c.confidence < ALTERED_SWAP for c in changes)
    swapped = source.replace('"They will', '"The fishermen will')
    assert [c.confidence for c in compare(swapped, source) if c.kind in QUOTE_KINDS] == [
        ALTERED_SWAP
    ]


def test_two_independent_reports_quote_differences_are_information_not_a_failure() -> None:
    # Each newsroom tells the meeting in its own words and transcribes Voss's words its own
    # way ("stand firm" / "stand together"): the page is not made from the other report.
    other = Article(
        id="other-newsroom",
        text=(
            "Leaders of two neighbouring states pledged closer ties at a summit held in the "
            "lakeside city of Tessaly, where crowds waited outside the conference hall.\n\n"
            "\u201cOur nations will stand together against the blockade,\u201d Voss said.\n\n"
            "Analysts in the region expect the agreement to raise cross-border trade by a "
            "third over the coming decade."
        ),
    )
    page = Article(
        id="page",
        text=(
            "Norlandian President Arlen Voss travelled overnight by train for his first visit "
            "abroad since the election, his office said in a brief statement.\n\n"
            "\u201cOur nations will stand firm against the blockade,\u201d Voss told reporters "
            "at the station.\n\n"
            "The two governments did not publish the text of any agreement."
        ),
    )
    report = unspin.compare(page, other)
    assert report.verdict is Verdict.ORIGINAL
    assert ChangeKind.QUOTE_ALTERED in {c.kind for c in report.changes}  # still told
    finding = next(f for f in report.findings if f.criterion == "quotes_faithful")
    assert finding.status == "not_assessable"
    assert "not made from the source" in finding.explanation
    assert "1 altered" in finding.explanation and finding.evidence
    # Nor does any other criterion hold the page to a report it was not made from.
    assert not any(
        f.status == "fail" for f in report.findings if f.criterion in ("spin", "figures_faithful")
    )
    from rich.console import Console

    from unspin.render.terminal import render_terminal

    console = Console(record=True, width=200)
    render_terminal(report, console)
    shown = console.export_text()
    assert "not enough to show a copy" in shown and "copied, not only" not in shown
