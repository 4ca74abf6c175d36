"""Sentences glued by a lost paragraph break (unspin.comparison.seams): a page or a source
flattened to one block still lines up with the other side sentence by sentence.

Every text here is written for these tests.
"""

from __future__ import annotations

import unspin
from unspin.comparison.seams import split_at_shared_starts
from unspin.core.model import Article, SentenceStatus, Verdict
from unspin.nlp.parse import parse

WIRE = Article(
    id="wire",
    title="Ferry operator suspends winter crossings after engine fire",
    text=(
        "Oslo: The Nordsund ferry company suspended all winter crossings on Monday after an "
        "engine fire forced one of its ships to return to port with 300 passengers aboard.\n\n"
        "No one was injured, and the crew put out the fire within twenty minutes, the company "
        "said in a statement.\n\n"
        "Inspectors will examine the rest of the fleet before any crossing resumes, a process "
        "expected to take at least two weeks."
    ),
)
# The partner's page as a scraper flattened it: its headline, a date line and the wire's
# dateline run into the first sentence.
FLAT = (
    "Ferry crossings halted after blaze Published : Tuesday, 3 December, 2024 at 08:00 AM "
    "OSLO, Dec 2: The Nordsund ferry company suspended all winter crossings on Monday after an "
    "engine fire forced one of its ships to return to port with 300 passengers aboard. "
    "No one was injured, and the crew put out the fire within twenty minutes, the company "
    "said in a statement. "
    "Inspectors will examine the rest of the fleet before any crossing resumes, a process "
    "expected to take at least two weeks."
)


def test_a_copy_flattened_to_one_block_is_still_a_faithful_copy() -> None:
    report = unspin.compare(Article(id="page", text=FLAT), WIRE)
    assert report.verdict is Verdict.FAITHFUL_COPY
    first = report.sentences[0]
    assert first.status is SentenceStatus.INSERTED
    assert first.text.startswith("Ferry crossings halted after blaze")
    assert report.sentences[1].text.startswith("OSLO, Dec 2: The Nordsund ferry company")
    assert report.sentences[1].status is SentenceStatus.COPIED


def test_no_seam_inside_a_clause_or_before_a_lowercase_word() -> None:
    other = parse("The company will cut 500 jobs at its plant in Leeds next year, it said.")
    for text in (
        # the head needs what follows it
        "Meanwhile, The company will cut 500 jobs at its plant in Leeds next year.",
        "Its chief executive said that The company will cut 500 jobs at its plant in Leeds.",
        # the run does not start with a capital: a clause of the sentence
        "Unions fear the company will cut 500 jobs at its plant in Leeds next year.",
    ):
        parsed = parse(text)
        assert split_at_shared_starts(parsed, [other]) is parsed


def test_a_page_printed_without_full_stops_lines_up_in_one_block() -> None:
    # A spinner's page: the wire's sentences with their full stops lost, run together. The
    # parser cannot split it; the wire's sentence openings can.
    wire = Article(
        id="wire",
        text=WIRE.text
        + "\n\nThe company said refunds would be paid to every passenger booked on a "
        "cancelled crossing, and that a replacement bus service would run twice a day.\n\n"
        "Local businesses on the islands said the suspension came at the worst possible time, "
        "weeks before the Christmas markets that draw thousands of visitors.\n\n"
        "Transport minister Ingrid Holm said she had asked the operator for a full report on "
        "the fire by the end of the week.",
    )
    run_on = " ".join(p.strip().rstrip(".") for p in wire.text.split("\n\n"))
    report = unspin.compare(Article(id="page", text=run_on), wire)
    assert len(report.sentences) >= 5
    assert report.verdict is Verdict.FAITHFUL_COPY


def test_the_seam_is_where_the_other_sentence_opens_even_after_a_like_word() -> None:
    # "the" three words before the seam is not where the wire's "The Nordsund ..." opens.
    page = (
        "Storm batters the coast Updated 08:00 The Nordsund ferry company suspended all winter "
        "crossings on Monday after an engine fire forced one of its ships to return to port "
        "with 300 passengers aboard."
    )
    parsed = split_at_shared_starts(parse(page), [parse(WIRE.text)])
    assert parsed.sentences[0].text == "Storm batters the coast Updated 08:00"


def test_a_headline_without_a_line_end_is_cut_where_a_capitalised_function_word_opens() -> None:
    # A headline in sentence case ends with a name, not a figure or a dash; the wire's
    # sentence that follows opens with a word no sentence capitalises mid-way ("No one").
    page = Article(
        id="page",
        text="Winter crossings halted at Nordsund No one was injured, and the crew put out the "
        "fire within twenty minutes, the company said in a statement.",
    )
    report = unspin.compare(page, WIRE)
    assert report.sentences[0].text == "Winter crossings halted at Nordsund"
    assert report.sentences[1].text.startswith("No one was injured")
    assert report.sentences[1].status is SentenceStatus.COPIED
    # A name is capitalised anywhere: no proof of a seam.
    other = parse("Ingrid Holm said she had asked the operator for a full report on the fire.")
    parsed = parse("The fire was raised with minister Ingrid Holm said she had asked the operator.")
    assert split_at_shared_starts(parsed, [other]) is parsed
