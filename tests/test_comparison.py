"""unspin.compare on the bundled demo pair, on hand-built pairs, and against golden JSON."""

from __future__ import annotations

import json

import pytest

import unspin
from conftest import ROOT, load_fixture_article
from unspin.core.model import Article, ChangeKind, SentenceStatus, Verdict
from unspin.core.serialise import report_to_dict

GOLDEN = ROOT / "tests" / "golden" / "demo_report.json"


@pytest.fixture(scope="module")
def demo_report(demo_pair):  # type: ignore[no-untyped-def]
    spun, wire = demo_pair
    return unspin.compare(spun, wire)


def _swaps(report, kind):  # type: ignore[no-untyped-def]
    return {(c.from_, c.to) for c in report.changes_of(kind)}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ChangeKind.ENTITY_SWAP, ("Russia", "Russian Federation")),
        (ChangeKind.ENTITY_SWAP, ("Turkey", "Türkiye")),
        (ChangeKind.ENTITY_SWAP, ("United Nations", "UN")),
        (ChangeKind.ENTITY_SWAP, ("The United States", "America")),
        (ChangeKind.SYNONYM_SWAP, ("stressed", "emphasised")),
        (ChangeKind.SYNONYM_SWAP, ("expected", "anticipated")),
        (ChangeKind.SYNONYM_SWAP, ("deal", "agreement")),
        (ChangeKind.NUMBER_CHANGED, ("120", "90")),
        (ChangeKind.DATE_CHANGED, ("12", "15")),
        (ChangeKind.STALE_RELATIVE_DATE, ("2026-11-04", "2026-11-05")),
    ],
)
def test_demo_reports_each_planted_swap(demo_report, kind, expected):  # type: ignore[no-untyped-def]
    assert expected in _swaps(demo_report, kind)


def test_demo_reports_sentence_level_changes(demo_report):  # type: ignore[no-untyped-def]
    inserted = demo_report.changes_of(ChangeKind.INSERTED)
    assert [c.text[:19] for c in inserted] == ["Analysts say the mo"]
    dropped = demo_report.changes_of(ChangeKind.DROPPED)
    assert any(c.source_text and c.source_text.startswith("Grain traders") for c in dropped)
    reordered = demo_report.changes_of(ChangeKind.REORDERED)
    assert [c.text[:12] for c in reordered] == ["More than 33"]
    reworded = demo_report.changes_of(ChangeKind.REWORDED)
    assert any(c.from_ == "despite" and c.to == "in spite of" for c in reworded)


def test_demo_verbatim_sentences_have_no_changes(demo_report):  # type: ignore[no-untyped-def]
    source_sentences = {a.source_text for a in demo_report.sentences}
    verbatim = [s for s in demo_report.sentences if s.text in source_sentences]
    assert len(verbatim) >= 1
    for s in verbatim:
        assert s.status is SentenceStatus.COPIED
        found = {c.kind for c in demo_report.changes if c.sentence == s.index}
        # Words identical to the source's; only a date that has gone stale may be flagged.
        assert found <= {ChangeKind.REORDERED, ChangeKind.STALE_RELATIVE_DATE}
        assert not found & {ChangeKind.ENTITY_SWAP, ChangeKind.SYNONYM_SWAP, ChangeKind.REWORDED}


def test_demo_change_spans_point_at_their_text(demo_report):  # type: ignore[no-untyped-def]
    text = demo_report.article.text
    source_text = demo_report.sources[0].text
    for c in demo_report.changes:
        if c.start is not None and c.end is not None and c.end > c.start:
            assert text[c.start : c.end] == c.text
        if (
            c.source_start is not None
            and c.source_text is not None
            and c.kind != ChangeKind.REORDERED
        ):
            assert source_text[c.source_start : c.source_end] == c.source_text


def test_demo_reports_words_moved_into_another_speakers_mouth(demo_report):  # type: ignore[no-untyped-def]
    (change,) = demo_report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)
    assert change.text.startswith("Our patience is not unlimited")
    assert (change.speaker, change.source_speaker) == ("Selim Aydar", "Oleg Varin")
    speakers = {q.speaker for q in demo_report.quotes if q.direct}
    assert {"Selim Aydar"} <= speakers


def test_demo_summary_and_verdict(demo_report):  # type: ignore[no-untyped-def]
    s = demo_report.summary
    assert s.copied + s.spun + s.reworded + s.new == pytest.approx(1.0, abs=0.01)
    assert s.spun > s.copied > 0
    assert s.new > 0
    assert demo_report.verdict is Verdict.SPUN_COPY


def test_demo_report_matches_golden(demo_report, update_golden):  # type: ignore[no-untyped-def]
    produced = report_to_dict(demo_report)
    if update_golden or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(produced, indent=2, ensure_ascii=False) + "\n", "utf-8")
        if not update_golden:
            pytest.fail(f"golden file {GOLDEN} was missing and has been written; rerun")
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert produced == expected, "report changed; rerun with --update-golden if intended"


def test_identical_articles_are_a_faithful_copy(demo_pair):  # type: ignore[no-untyped-def]
    _, wire = demo_pair
    report = unspin.compare(wire, wire)
    assert {s.status for s in report.sentences} == {SentenceStatus.COPIED}
    assert report.changes == ()
    assert report.verdict is Verdict.FAITHFUL_COPY


def test_independent_reports_of_one_event_are_not_called_spun():
    a = load_fixture_article("compare/independent_a.json")
    b = load_fixture_article("compare/independent_b.json")
    report = unspin.compare(a, b)
    statuses = [s.status for s in report.sentences]
    # They share the same quote, names and numbers; everything else was written separately.
    assert statuses.count(SentenceStatus.INSERTED) >= len(statuses) - 2
    assert not report.changes_of(ChangeKind.SYNONYM_SWAP)
    assert not report.changes_of(ChangeKind.ENTITY_SWAP)
    assert report.verdict in (Verdict.ORIGINAL, Verdict.PARTLY_DERIVED)


@pytest.mark.parametrize(
    ("source", "derivative", "kinds"),
    [
        (
            "The minister said the talks would resume in March. Officials expect a deal by June.",
            "Officials expect a deal by June. The minister said the talks would resume in March.",
            {ChangeKind.REORDERED},
        ),
        (
            "The company said profits rose 12 percent to 3.4 billion dollars in 2025.",
            "The company said profits rose 21 percent to 3.4 billion dollars in 2025.",
            {ChangeKind.NUMBER_CHANGED},
        ),
        (
            "Police arrested two men in Lyon on Friday after a week-long search.",
            "Police arrested two men in Lyon on Monday after a week-long search.",
            {ChangeKind.DATE_CHANGED},
        ),
    ],
)
def test_single_kind_edits(source, derivative, kinds):  # type: ignore[no-untyped-def]
    report = unspin.compare(Article(text=derivative), Article(text=source))
    found = {c.kind for c in report.changes}
    assert kinds <= found
    assert not found & {ChangeKind.ENTITY_SWAP, ChangeKind.SYNONYM_SWAP, ChangeKind.INSERTED}


def test_words_cut_from_the_end_of_a_sentence_are_reported_as_dropped():
    source = (
        "The port will reopen on Monday after repairs to the main pier, the harbour master said."
    )
    derivative = "The port will reopen on Monday after repairs to the main pier."
    report = unspin.compare(Article(text=derivative), Article(text=source))
    dropped = report.changes_of(ChangeKind.DROPPED)
    assert [c.source_text for c in dropped] == ["harbour master said"]


def test_words_added_at_the_start_of_a_sentence_are_reported():
    source = "The port will reopen on Monday after repairs to the main pier."
    derivative = (
        "In a surprise move, the port will reopen on Monday after repairs to the main pier."
    )
    report = unspin.compare(Article(text=derivative), Article(text=source))
    assert not report.changes_of(ChangeKind.DROPPED)
    added = [c for c in report.changes if c.text and "surprise" in c.text]
    assert added and added[0].kind is ChangeKind.REWORDED


def test_split_and_merged_sentences_are_aligned():
    source = Article(
        text=(
            "The storm hit the coast on Sunday and knocked out power to 40,000 homes. "
            "Crews worked overnight. Most homes had power again by Monday."
        )
    )
    derivative = Article(
        text=(
            "The storm hit the coast on Sunday. It knocked out power to 40,000 homes. "
            "Crews worked overnight and most homes had power again by Monday."
        )
    )
    report = unspin.compare(derivative, source)
    by_index = {s.index: s for s in report.sentences}
    # Two derivative sentences from source sentence 0 (a split) ...
    assert by_index[0].source_sentences == (0,) and by_index[1].source_sentences == (0,)
    # ... and one derivative sentence from source sentences 1 and 2 (a merge).
    assert by_index[2].source_sentences == (1, 2)
    assert not report.changes_of(ChangeKind.INSERTED)
    assert not report.changes_of(ChangeKind.DROPPED)


def test_a_short_neighbour_copied_on_its_own_is_not_merged_into_the_next_sentence():
    # "Harbor Lines said it could gain from the sale." is copied as its own sentence;
    # the next sentence repeats its words but was made from source sentence 2 alone.
    source = Article(
        text=(
            "Harbor Lines Inc said it will sell its ferry unit to a rival operator. "
            "Harbor Lines said it could gain from the sale. "
            "Harbor Lines said as part of the sale it will offer staff of the ferry unit "
            "jobs at the rival operator for at least two years. "
            "The sale is expected to close in June."
        )
    )
    derivative = Article(
        text=(
            "Harbor Lines said it could gain from the sale. "
            "Harbor Lines said as part of the sale it will offer staff of the ferry unit "
            "jobs at the rival operator for at least two years. "
            "Harbor Lines Inc said it will sell its ferry unit to a rival operator. "
            "The sale is expected to close in June."
        )
    )
    report = unspin.compare(derivative, source)
    by_index = {s.index: s for s in report.sentences}
    assert by_index[0].source_sentences == (1,)
    assert by_index[1].source_sentences == (2,)
    # One sentence moved (the lead), not the two copied in source order.
    moved = [s.index for s in report.sentences if s.reordered]
    assert moved == [2]


def test_empty_derivative_gives_empty_report(demo_pair):  # type: ignore[no-untyped-def]
    _, wire = demo_pair
    report = unspin.compare(Article(text=""), wire)
    assert report.sentences == ()
    assert report.verdict is Verdict.ORIGINAL
    assert len(report.changes_of(ChangeKind.DROPPED)) == report.summary.source_sentences


def test_compare_accepts_several_sources(demo_pair):  # type: ignore[no-untyped-def]
    spun, wire = demo_pair
    other = Article(
        id="other",
        text="Grain traders in Odessa have relied on the route since the fighting began.",
    )
    report = unspin.compare(spun, [wire, other])
    assert [m.id for m in report.source_matches] == ["source-1", "other"]


def test_a_wire_credit_added_to_a_copied_sentence_keeps_the_copy_faithful() -> None:
    source = Article(
        id="wire",
        text="Harbor Lines said it has leased a 23,500 ton passenger vessel from a Greek owner "
        "for five years. The vessel will be renamed. The company did not give the price.",
    )
    copy = Article(text="(Reuters) - " + source.text)
    report = unspin.compare(copy, source)
    assert report.verdict is Verdict.FAITHFUL_COPY
    assert {s.status for s in report.sentences} == {SentenceStatus.COPIED}
    # the parser may read the credit and the name after it as one name
    notes = Article(
        id="notes",
        text="Olympic Co Ltd of Tokyo is issuing 50 mln Swiss francs of five year notes with an "
        "indicated one pct coupon, lead manager Morgan Stanley said. The notes are due in 1992. "
        "Payment is set for April 3.",
    )
    glued = Article(text="(Reuters) - " + notes.text)  # "Reuters) - Olympic Co Ltd": one ORG
    assert unspin.compare(glued, notes).verdict is Verdict.FAITHFUL_COPY
    reworded = Article(text="(Reuters) - Harbor Lines stated it has rented " + source.text[30:])
    assert unspin.compare(reworded, source).verdict is not Verdict.FAITHFUL_COPY


def test_a_copy_in_web_typography_is_an_untouched_copy() -> None:
    # A farm's CMS prints curly marks, curly apostrophes and no-break spaces; the wire story
    # has straight ones. Nothing the reader sees differs, so nothing is reported.
    source = Article(
        id="wire",
        text="Sweden's Tomas Lindqvist beat the Pentagon's team 6-4 6-2 in Geneva. \"We "
        'played well, and "a little lucky" too," Lindqvist said. The officials said the '
        'event would return next year. Organisers said last week"s rain cost them a day.',
    )
    typeset = (
        "Sweden\u2019s Tomas Lindqvist beat the\u00a0Pentagon\u2019s team 6-4 6-2 in Geneva. "
        "\u201cWe played well, and \u201ca little lucky\u201d too,\u201d Lindqvist said. The "
        "officials said the\u00a0event would return next year. Organisers said last "
        "week\u2019s rain cost them a\u00a0day."
    )
    report = unspin.compare(Article(text=typeset), source)
    assert report.verdict is Verdict.FAITHFUL_COPY
    assert report.changes == [] or {c.kind for c in report.changes} <= {ChangeKind.COPIED}
    assert {s.status for s in report.sentences} == {SentenceStatus.COPIED}


# One source sentence written out as two sentences of the page: the diff of that block must
# keep each change inside one page sentence and one source sentence.
_ONE_SENTENCE_SOURCE = (
    "Wealthy banker Tom Reed has been found dead in his prison cell while awaiting trial on "
    "fraud charges, local media report.\n\nHis body was discovered early on Saturday at the "
    "jail in Boston.\n\nThe circumstances of his death are unclear, officials said.\n\n"
    "Reed, 61, had pleaded not guilty to the charges."
)
_TWO_SENTENCE_PAGE = (
    "Disgraced banker Tom Reed has been found dead in his Boston prison cell while awaiting "
    "trial on fraud charges, according to the medical examiner's office.\n\nTom Reed has "
    "killed himself in his prison cell while awaiting trial on fraud charges.\n\nHe leaves a "
    "wife and two sons."
)


def test_a_change_stays_inside_one_sentence_of_each_text():  # type: ignore[no-untyped-def]
    page, source = Article(text=_TWO_SENTENCE_PAGE), Article(text=_ONE_SENTENCE_SOURCE)
    report = unspin.compare(page, source)
    assert [s.source_sentences for s in report.sentences[:2]] == [(0,), (0,)]
    worded = [c for c in report.changes if c.kind is ChangeKind.REWORDED]
    assert worded
    for c in worded:
        assert "\n" not in (c.to or "") and "\n" not in (c.from_ or "")
        sentence = report.sentences[c.sentence]
        assert sentence.start <= c.start and c.end <= sentence.end
    # The second sentence's own words are named as added there, not folded into the first's.
    assert any(c.sentence == 1 and c.to and c.to.startswith("Tom Reed") for c in worded)


def test_words_added_after_the_blocks_last_source_word_point_into_that_sentence():  # type: ignore[no-untyped-def]
    from unspin.comparison.diff import diff_block
    from unspin.nlp.parse import parse
    from unspin.nlp.units import sentence_units

    source = _ONE_SENTENCE_SOURCE.replace(
        "prison cell while awaiting trial on fraud charges", "cell"
    )
    page = (
        "Disgraced banker Tom Reed has been found dead in his cell, the examiner says.\n\n"
        "He hanged himself."
    )
    s_units = sentence_units(parse(source), set())
    d_units = sentence_units(parse(page), set())
    found = diff_block(
        [u for s in d_units for u in s.units],
        list(s_units[0].units),
        d_text=page,
        s_text=source,
        synonyms={},
        source_id="wire",
    )
    first_sentence_end = s_units[0].sentence.end
    assert found and all((c.source_end or 0) <= first_sentence_end for c in found)
    assert ("local media report.", "the examiner says.\n\nHe hanged himself") in {
        (c.from_, c.to) for c in found
    }
