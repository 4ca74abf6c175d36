"""Copy evidence (unspin.comparison.copying): made from a source versus the same story, on real
layouts.

The articles are written for these tests: a wire story, a collage that spins two of its
sentences with a thesaurus of its own, an interview page that prints quoted words as
narration, and an independent report that shares the wire's quoted statement and names.
"""

from __future__ import annotations

import dataclasses

import pytest

import unspin
from unspin.comparison.copying import is_copied
from unspin.comparison.narration import narration_words
from unspin.comparison.syndication import is_claim, is_syndication_edit
from unspin.comparison.words_in_place import skeleton
from unspin.core.model import Article, Change, ChangeKind, SentenceStatus, Verdict

WIRE = Article(
    id="wire",
    title="Harbour authority halts night shipping after pier collapse",
    byline="Dana Ferrell, Meridian Wire",
    text=(
        "The harbour authority of Port Calloway halted all night shipping on Tuesday after a "
        "section of the old cargo pier collapsed into the water during a storm.\n\n"
        "No one was hurt, but two container cranes were left standing on a damaged quay and "
        "engineers spent the morning checking the foundations of the neighbouring berths.\n\n"
        '"We will not reopen the night lanes until every berth has been inspected," harbour '
        'master Ines Calder said. "Safety comes before the timetable."\n\n'
        "Shipping companies said the halt would delay about forty vessels this week, most of "
        "them carrying grain and timber for the northern mills.\n\n"
        "The pier was built in 1952 and had been scheduled for repairs next spring, according "
        "to records published by the regional council."
    ),
)

# Two wire sentences with words swapped one for one by a thesaurus WordNet does not share
# ("halted" -> "stopped", "section" -> "portion", "old cargo pier" -> "aged freight jetty"...),
# beside sentences from reports that are not indexed.
COLLAGE = Article(
    id="collage",
    title="Port chaos as jetty falls into sea",
    byline="Mark Tollan",
    text=(
        "Residents of the coastal town gathered along the promenade to watch the clean-up.\n\n"
        "The harbour authority of Port Calloway froze all nighttime delivery on Tuesday after "
        "a bit of the previous freight jetty collapsed into the water throughout a squall.\n\n"
        "Local shops reported a busy afternoon as onlookers arrived from nearby villages.\n\n"
        "Shipping companies said the halt would hold up about forty ships this week, most of "
        "them hauling grain and lumber for the northern mills.\n\n"
        "The town's mayor is expected to visit the site later in the week.\n\n"
        "Volunteers from the sailing club offered hot drinks to the crews working on the quay, "
        "and a local bakery sent trays of bread rolls to the harbour office."
    ),
)

# Another newsroom's own report: the same statement quoted word for word, the same names and
# numbers, its own narration.
INDEPENDENT = Article(
    id="independent",
    title="Night shipping suspended at Port Calloway",
    byline="Ravi Osei, Coastal Courier",
    text=(
        "Port Calloway suspended its night shipping lanes after part of a cargo pier gave way "
        "in heavy winds on Tuesday evening.\n\n"
        '"We will not reopen the night lanes until every berth has been inspected," harbour '
        "master Ines Calder told reporters at the gate.\n\n"
        "Operators expect around forty vessels to wait at anchor, the port's shipping agents "
        "said, and grain traders warned of higher prices.\n\n"
        "Engineers from the regional council arrived on Wednesday to survey the structure."
    ),
)

# An interview page: the harbour master's quoted words printed as narration, twice, after
# the page's own lead.
UNQUOTED = Article(
    id="unquoted",
    title="Harbour master speaks on pier collapse",
    text=(
        "The harbour master of Port Calloway spoke to reporters at the quay on Tuesday.\n\n"
        "We will not reopen the night lanes until every berth has been inspected. Safety comes "
        "before the timetable, she said, adding that the work may take weeks.\n\n"
        "Crowds watched from the promenade as cranes were secured."
    ),
)


def test_a_sentence_with_words_swapped_one_for_one_keeps_its_skeleton() -> None:
    shape = skeleton(COLLAGE.text.split("\n\n")[1], WIRE.text.split("\n\n")[0])
    assert shape.substitution_only
    assert shape.kept >= 15 and shape.replaced >= 4
    # An independent sentence about the same event does not.
    assert not skeleton(
        INDEPENDENT.text.split("\n\n")[0], WIRE.text.split("\n\n")[0]
    ).substitution_only


def test_narration_words_are_read_within_the_sentence() -> None:
    assert narration_words('"We will not reopen," she said.') == 2
    assert narration_words("“Safety comes before the timetable.") == 0  # opens a quote
    # A collage cut into a quote: the words before the mark that closes it are the quote's.
    assert narration_words('We must finish the job with the staff we have," said Okafor.') == 2
    # An apostrophe is no closing mark.
    assert narration_words("The players' bus left early, the club said.") == 8


def test_a_collage_spun_with_an_unknown_thesaurus_is_traced_and_spun() -> None:
    report = unspin.compare(COLLAGE, WIRE)
    match = report.source_matches[0]
    assert is_copied(match.evidence)
    assert {e.sentence for e in match.evidence} >= {1, 3}
    spun = [s for s in report.sentences if s.status is SentenceStatus.SPUN]
    assert {s.index for s in spun} >= {1, 3}
    swaps = {(c.from_, c.to) for c in report.changes if c.kind is ChangeKind.SYNONYM_SWAP}
    assert any(c.confidence < 1 for c in report.changes if c.kind is ChangeKind.SYNONYM_SWAP)
    assert swaps, "the swapped words are named"
    assert report.verdict is not Verdict.ORIGINAL


def test_a_tense_changed_is_grammar_not_a_thesaurus_swap() -> None:
    # Another writer's sentence: the same words, one verb in another tense. Nothing swapped.
    source = Article(id="wire", text="The Calder family owns a small bakery in Port Calloway.")
    retold = Article(id="retold", text="The Calder family owned a small bakery in Port Calloway.")
    report = unspin.compare(retold, source)
    assert not [c for c in report.changes if c.kind is ChangeKind.SYNONYM_SWAP]
    assert report.sentences[0].status is SentenceStatus.REWORDED
    # A spinner's swaps beside a tense change are still named as swaps.
    spun = Article(
        id="spun",
        text="The Calder family owned a little bakery in Port Calloway, a shop of renown.",
    )
    source = Article(
        id="wire", text="The Calder family owns a small bakery in Port Calloway, a shop of fame."
    )
    report = unspin.compare(spun, source)
    swaps = {(c.from_, c.to) for c in report.changes if c.kind is ChangeKind.SYNONYM_SWAP}
    assert ("small", "little") in swaps
    assert ("owns", "owned") not in swaps


def test_spinning_a_little_of_a_source_without_credit_fails_source_credited() -> None:
    report = unspin.compare(COLLAGE, WIRE)
    by = {f.criterion: f for f in report.findings}
    credited = by["source_credited"]
    assert credited.status == "fail"
    assert credited.evidence, "the spun sentences are cited"
    cited = {(e.start, e.end) for e in credited.evidence}
    assert any(
        s.status is SentenceStatus.SPUN and (s.start, s.end) in cited for s in report.sentences
    )
    # A made-up byline credits none of the sources the page spins.
    assert by["byline"].status == "fail" and by["byline"].evidence
    # The page's other sentences are "not found", not its own reporting.
    inserted = by["inserted_claims"]
    assert inserted.status == "not_assessable"
    assert "not found" in inserted.explanation and "own reporting" in inserted.explanation


def test_crediting_the_source_passes_even_when_spun() -> None:
    credited = Article(
        id="credited",
        title=COLLAGE.title,
        byline="Mark Tollan, with Meridian Wire",
        text=COLLAGE.text,
    )
    report = unspin.compare(credited, WIRE)
    by = {f.criterion: f for f in report.findings}
    assert by["source_credited"].status == "pass"
    assert by["byline"].status == "pass"


def test_an_independent_report_sharing_a_quote_is_the_same_story_not_a_copy() -> None:
    report = unspin.compare(INDEPENDENT, WIRE)
    assert not is_copied(report.source_matches[0].evidence)
    assert report.verdict is Verdict.ORIGINAL


def test_a_post_embedded_mid_paragraph_is_its_authors_words_not_narration() -> None:
    # The wire quotes the harbour authority's post; another newsroom embeds the post itself,
    # which extraction runs into the paragraph after the narration that introduces it.
    wire = Article(
        id="wire",
        text=WIRE.text.split("\n\n")[0]
        + '\n\n"The night lanes stay shut until every berth has been inspected. Crews are on the '
        'quay around the clock. Grain ships will be given priority when the lanes reopen," '
        "the harbour authority said on social media.\n\n"
        + "\n\n".join(WIRE.text.split("\n\n")[3:]),
    )
    page = Article(
        id="page",
        text=INDEPENDENT.text.split("\n\n")[0] + "\n\nThe harbour authority posted an update "
        "as the storm eased, the port's agents said. The night lanes stay shut until every "
        "berth has been inspected. Crews are on the quay around the clock. Grain ships will be "
        "given priority when the lanes reopen. — Port Calloway Harbour (@CallowayHarbour) "
        "November 3, 2026 Traders said prices would rise.\n\n" + INDEPENDENT.text.split("\n\n")[-1],
    )
    report = unspin.compare(page, wire)
    assert not [c for c in report.changes if c.kind is ChangeKind.QUOTE_UNQUOTED]
    assert not is_copied(report.source_matches[0].evidence)
    assert report.verdict is Verdict.ORIGINAL


def test_quoted_words_printed_as_narration_twice_are_copy_evidence() -> None:
    report = unspin.compare(UNQUOTED, WIRE)
    evidence = report.source_matches[0].evidence
    assert [e.reason for e in evidence].count("quoted words printed as narration") >= 1
    assert is_copied(evidence) == (
        len(evidence) >= 2 or any(e.strength == "strong" for e in evidence)
    )


def test_a_faithful_copy_with_a_credit_is_faithful() -> None:
    copy = Article(
        id="copy",
        title=WIRE.title,
        byline="Meridian Wire",
        text=WIRE.text + "\n\n(Meridian Wire)",
    )
    report = unspin.compare(copy, WIRE)
    assert report.verdict is Verdict.FAITHFUL_COPY
    assert is_copied(report.source_matches[0].evidence)


def test_a_syndicated_copy_with_dateline_and_american_spelling_is_faithful() -> None:
    paragraphs = WIRE.text.split("\n\n")
    paragraphs[0] = "PORT CALLOWAY, Nov 3 — " + paragraphs[0]
    text = "\n\n".join(paragraphs).replace("neighbouring", "neighboring")
    copy = Article(id="partner", title=WIRE.title, byline="Meridian Wire", text=text)
    report = unspin.compare(copy, WIRE)
    edits = [c for c in report.changes if c.kind is ChangeKind.SYNDICATION_EDIT]
    assert {(c.from_, c.to) for c in edits} >= {("neighbouring", "neighboring")}
    assert any("PORT CALLOWAY" in (c.to or c.text) for c in edits)
    assert not any(s.status is SentenceStatus.REWORDED for s in report.sentences)
    assert report.verdict is Verdict.FAITHFUL_COPY
    by = {f.criterion: f for f in report.findings}
    assert by["source_credited"].status == "pass" and by["spin"].status == "pass"


@pytest.mark.parametrize(
    "dateline",
    [
        "CALLOWAY (Reuters) - ",
        "PORT CALLOWAY (Reuters) - ",
        "PORT CALLOWAY, Nov 3 (AFP) — ",
        "Port Calloway, Maine, Nov. 3 (AP) — ",
        "Port Calloway, Nov 3 — ",
    ],
)
def test_a_dateline_with_the_wires_credit_is_a_syndication_edit(dateline: str) -> None:
    paragraphs = WIRE.text.split("\n\n")
    paragraphs[0] = dateline + paragraphs[0]
    report = unspin.compare(Article(id="partner", text="\n\n".join(paragraphs)), WIRE)
    assert not any(s.status is SentenceStatus.REWORDED for s in report.sentences)
    assert report.verdict is Verdict.FAITHFUL_COPY


@pytest.mark.parametrize(
    ("lead", "old", "new"),
    [
        ("(Harbour Daily - Partner) AFP - ", "", ""),  # an aggregator's credit before the wire's
        ("Calloway (UNB/AFP) - ", "", ""),  # a dateline with a partner's credit
        ("", "repair programme", "repair program"),  # British and American spelling
        ("", "40% of the", "40 per cent of the"),  # a percentage in house style
        ("", "harbour master Ines", "harbour master Mrs. Ines"),  # an honorific added
        ("", "Calloway Grain Corp said", "Calloway Grain said"),  # a legal suffix dropped
        ("", "$2 million", "US$2 million"),  # the currency's country
        ("", "at 9 a.m. (1400 GMT)", "at 9 a.m."),  # a time given again in GMT dropped
        ("", "U.S. Coast Guard", "Coast Guard"),  # the country before an office dropped
        ("", "Mayor Ada Brook", "Ada Brook"),  # the title before a name dropped
        ("", "Ines Calder said", "Ines Calder says"),  # the speech verb in another tense
        ("", "$2 million", "$2m"),  # a British desk's amounts
        ("", "at 9 a.m. (1400 GMT)", "at 9am (1400 GMT)"),  # and times
        ("", "on June 3", "on 3 June"),  # and dates
        ("", "on June 3", "on June 3rd"),  # a day as an ordinal
        ("", "The U.S. Coast Guard", "U.S. Coast Guard"),  # a headline-style lead
        ("", "$2 million", "$2 million (£1.6 million)"),  # an aside: a conversion
        ("", "U.S. Coast Guard", "U.S. Coast Guard (USCG)"),  # an acronym
        ("", "Ada Brook said", "Ada Brook, 61, said"),  # an age
        ("", "Governor Tom Hale", "Gov. Tom Hale"),  # a title abbreviated
        ("", "regional government", "regional govt"),  # a desk's abbreviation
        ("", "grey aluminium cranes", "gray aluminum cranes"),  # spellings of whole words
        ("", "of the old cargo pier", "of the cargo pier"),  # words trimmed from a sentence
    ],
    ids=[
        "aggregator-credit", "dateline-partner-credit", "programme", "percent", "honorific",
        "legal-suffix", "currency", "time-zone", "country-before-office", "title", "says",
        "millions", "clock", "day-first", "ordinal-day", "article-dropped", "conversion",
        "acronym", "age", "title-abbreviated", "abbreviation", "whole-word-spelling", "trim",
    ],
)  # fmt: skip
def test_what_partners_add_when_they_republish_is_not_spin(lead: str, old: str, new: str) -> None:
    wire = Article(
        id="wire",
        text=WIRE.text.replace("repairs next spring", "a repair programme")
        .replace("about forty vessels", "40% of the vessels")
        .replace("regional council", "regional government")
        .replace("container cranes", "grey aluminium cranes")
        .replace(
            "this week,",
            "this week, Calloway Grain Corp said, putting its losses at $2 million, Mayor Ada "
            "Brook said, and Governor Tom Hale agreed. The "
            "U.S. Coast Guard closed the channel at 9 a.m. (1400 GMT) on June 3, officials said",
        ),
    )
    text = lead + wire.text
    if old:
        text = text.replace(old, new)
    report = unspin.compare(Article(id="partner", text=text), wire)
    assert not any(
        s.status in (SentenceStatus.REWORDED, SentenceStatus.SPUN) for s in report.sentences
    )
    assert report.verdict is Verdict.FAITHFUL_COPY


def test_a_date_added_to_the_wires_dateline_is_a_syndication_edit() -> None:
    # The wire's "Port Calloway:" printed "PORT CALLOWAY, Nov 3:": the diff keeps the place as
    # the same words and sees only the date added.
    paragraphs = WIRE.text.split("\n\n")
    wire = Article(id="wire", text="Port Calloway: " + "\n\n".join(paragraphs))
    page = Article(id="partner", text="PORT CALLOWAY, Nov 3: " + "\n\n".join(paragraphs))
    report = unspin.compare(page, wire)
    assert [(c.kind, c.to) for c in report.changes if c.sentence == 0] == [
        (ChangeKind.SYNDICATION_EDIT, "Nov 3")
    ]
    assert not any(s.status is SentenceStatus.REWORDED for s in report.sentences)


def test_capitals_added_inside_a_sentence_are_not_a_dateline() -> None:
    text = WIRE.text.replace("harbour authority of", "harbour authority USA of", 1)
    report = unspin.compare(Article(id="x", text=text), WIRE)
    added = [c for c in report.changes if c.to == "USA"]
    assert added and added[0].kind is ChangeKind.REWORDED


def test_a_copy_that_ends_inside_a_sentence_is_faithful() -> None:
    # An excerpt: the page stops part-way through a word of the wire's last paragraph.
    cut = WIRE.text[: WIRE.text.rindex(" ") - 3]
    report = unspin.compare(Article(id="excerpt", text=cut), WIRE)
    assert not any(s.status is SentenceStatus.REWORDED for s in report.sentences)
    assert report.verdict is Verdict.FAITHFUL_COPY


def test_a_page_caught_spinning_shows_unsourced_sentences_as_not_found() -> None:
    from rich.console import Console

    from unspin.render.html_report import render_html
    from unspin.render.terminal import render_terminal

    report = unspin.compare(COLLAGE, WIRE)
    assert report.unsourced_are_not_found()
    console = Console(record=True, width=120)
    render_terminal(report, console)
    assert "not found" in console.export_text()
    assert "Not found" in render_html(report)
    # A copy that is mostly its source's keeps "new" for what it adds.
    copy = unspin.compare(
        Article(id="c", text=WIRE.text + "\n\nThe mayor will speak on Friday."), WIRE
    )
    assert not copy.unsourced_are_not_found()


def test_a_partner_copy_with_a_glued_caption_tails_and_a_trimmed_end_is_faithful() -> None:
    """What a partner site makes of the wire story: a photo caption run into the first
    paragraph with no space, "on Tuesday" told as "yesterday", an attribution tail added,
    a clause appended to a sentence, and the last paragraph cut."""
    paragraphs = WIRE.text.split("\n\n")
    paragraphs[0] = "cranes at port calloway 2026" + paragraphs[0].replace(
        "on Tuesday", "yesterday"
    ).replace("during a storm.", "during a storm, the authority said.")
    paragraphs[1] = paragraphs[1].replace(
        "neighbouring berths.", "neighbouring berths, some of them built before the war."
    )
    text = "\n\n".join(paragraphs[:-1])
    report = unspin.compare(Article(id="partner", text=text), WIRE)
    texts = [s.text for s in report.sentences]
    assert texts[0] == "cranes at port calloway 2026"  # the caption is a block of its own
    assert texts[1].startswith("The harbour authority")
    assert not any(s.status is SentenceStatus.REWORDED for s in report.sentences)
    by_kind = {c.kind: c for c in report.changes}
    assert "the authority said" in (by_kind[ChangeKind.SYNDICATION_EDIT].to or "")
    assert "before the war" in (by_kind[ChangeKind.INSERTED].to or "")
    assert report.verdict is Verdict.FAITHFUL_COPY


def test_words_swapped_beside_an_attribution_tail_still_make_a_spun_copy() -> None:
    spun = (
        WIRE.text.replace("halted all night shipping", "froze all nighttime delivery")
        .replace("left standing", "left remaining")
        .replace("delay about forty vessels", "hold up about forty ships")
        .replace("built in 1952", "constructed in 1952")
        .replace("during a storm.", "during a storm, officials said on Tuesday.")
    )
    report = unspin.compare(Article(id="spun", text=spun), WIRE)
    assert report.verdict is Verdict.SPUN_COPY


def test_a_country_swapped_or_dropped_from_a_claim_is_not_house_style() -> None:
    wire = Article(
        id="wire", text=WIRE.text.replace("Shipping companies", "U.S. shipping companies")
    )
    for edited in ("USA shipping companies", "Shipping companies"):
        report = unspin.compare(Article(id="copy", text=wire.text.replace(
            "U.S. shipping companies", edited)), wire)  # fmt: skip
        assert report.changes and not any(
            c.kind is ChangeKind.SYNDICATION_EDIT for c in report.changes
        ), edited


def test_two_percentages_restyled_close_together_are_a_syndication_edit() -> None:
    # The diff joins the two additions into one rewording; the words between them are the
    # source's own ("from 5.4"), so the edit is still only house style.
    wire = Article(id="wire", text=WIRE.text.replace("about forty vessels", "5.2% from 5.4% of"))
    copy = wire.text.replace("5.2% from 5.4%", "5.2 percent from 5.4 percent")
    report = unspin.compare(Article(id="copy", text=copy), wire)
    assert report.changes
    assert {c.kind for c in report.changes} == {ChangeKind.SYNDICATION_EDIT}


def test_another_title_or_another_verb_is_not_house_style() -> None:
    wire = Article(id="wire", text=WIRE.text.replace("harbour master Ines", "Mayor Ines"))
    for old, new in (("Mayor Ines", "Governor Ines"), ("Calder said", "Calder claimed")):
        report = unspin.compare(Article(id="copy", text=wire.text.replace(old, new)), wire)
        assert report.changes and not any(
            c.kind is ChangeKind.SYNDICATION_EDIT for c in report.changes
        ), new


@pytest.mark.parametrize(
    ("old", "new", "cut"),
    [
        ("No one was hurt", "One was hurt", "No"),
        ("had been scheduled", "had never been scheduled", "never"),
    ],
)
def test_a_negation_added_or_cut_is_a_change(old: str, new: str, cut: str) -> None:
    report = unspin.compare(Article(id="copy", text=WIRE.text.replace(old, new)), WIRE)
    assert any(cut in ((c.from_ or "") + (c.to or "")) for c in report.changes)
    sentence = next(s for s in report.sentences if new in s.text)
    assert sentence.status is not SentenceStatus.COPIED


def test_another_figure_in_another_house_style_is_a_changed_number() -> None:
    wire = Article(id="wire", text=WIRE.text.replace("about forty vessels", "40% of the vessels"))
    copy = wire.text.replace("40% of the vessels", "50 per cent of the vessels")
    report = unspin.compare(Article(id="copy", text=copy), wire)
    assert [(c.kind, c.from_) for c in report.changes] == [(ChangeKind.NUMBER_CHANGED, "40")]


def test_may_is_a_month_only_beside_a_day() -> None:
    wire = Article(id="wire", text=WIRE.text.replace("this week,", "on May 3, and it may reopen,"))
    copy = wire.text.replace("on May 3", "on 3 May")
    report = unspin.compare(Article(id="copy", text=copy), wire)
    assert report.verdict is Verdict.FAITHFUL_COPY
    assert all(c.kind is ChangeKind.SYNDICATION_EDIT for c in report.changes)
    reworded = unspin.compare(Article(id="copy", text=wire.text.replace("it may", "it will")), wire)
    assert not any(c.kind is ChangeKind.SYNDICATION_EDIT for c in reworded.changes)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("$2 million", "$2bn"),
        ("on June 3", "on 4 June"),
        ("9 a.m.", "9pm"),
        ("$2 million", "$2 million (up from $1 million)"),
    ],
    ids=["millions-to-billions", "another-day", "another-hour", "a-claim-in-brackets"],
)
def test_another_amount_day_or_hour_in_a_desks_forms_is_a_change(old: str, new: str) -> None:
    wire = Article(
        id="wire",
        text=WIRE.text.replace(
            "this week,", "this week, putting losses at $2 million by 9 a.m. on June 3,"
        ),
    )
    report = unspin.compare(Article(id="copy", text=wire.text.replace(old, new)), wire)
    assert report.changes
    assert not any(c.kind is ChangeKind.SYNDICATION_EDIT for c in report.changes)


def test_another_weekday_or_a_new_claim_mid_sentence_is_not_a_syndication_edit() -> None:
    moved = WIRE.text.replace("on Tuesday after", "on Friday after")
    report = unspin.compare(Article(id="moved", text=moved), WIRE)
    assert not any(c.kind is ChangeKind.SYNDICATION_EDIT for c in report.changes)
    added = WIRE.text.replace("of the old cargo pier", "of the old and unsafe cargo pier")
    report = unspin.compare(Article(id="added", text=added), WIRE)
    assert report.sentences[0].status is not SentenceStatus.COPIED


# A sports report whose quotes run over paragraphs (each paragraph opens a mark, the last one
# closes it): a collage excerpt of three of its sentences keeps little narration of its own.
INTERVIEW = Article(
    id="interview",
    title="Otters coach keeps faith in his system before the final",
    text=(
        "The Rivermouth Otters will not change their pressing game for Saturday's cup final, "
        "their coach said after a closed training session on Thursday.\n\n"
        '"We have pressed high all season and it has carried us to the final," coach Tomas '
        'Elling told reporters. "There is no reason to lose our nerve now.\n\n'
        '"The players know what is asked of them and the supporters will travel in numbers."'
        "\n\n"
        "The Otters last reached the final eleven years ago, when they lost on penalties to "
        "the Harbour Town Gulls."
    ),
)


def _collage_with(excerpt: str) -> Article:
    return Article(
        id="collage",
        title="Cup final preview",
        text=(
            "Ticket sales for the cup final have passed the stadium's capacity, organisers "
            "said on Wednesday, and a fan zone will open beside the river.\n\n"
            + excerpt
            + "\n\nBookmakers make the Gulls slight favourites, though their captain is "
            "doubtful with a knee injury picked up in the league."
        ),
    )


def test_a_collage_excerpt_of_quotes_with_their_frame_is_a_copy() -> None:
    # Three consecutive sentences of the source, word for word with its attribution frame:
    # too few narration words for "copied narration", but a passage, cut where the source is.
    excerpt = INTERVIEW.text.split("\n\n", 1)[1].rsplit("\n\n", 1)[0]
    report = unspin.compare(_collage_with(excerpt), INTERVIEW)
    evidence = report.source_matches[0].evidence
    assert is_copied(evidence)
    assert {e.reason for e in evidence} == {"passage copied in the source's order"}


def test_a_passage_cut_into_a_quote_that_an_attribution_interrupts_is_a_copy() -> None:
    # The excerpt starts inside the source's quote and carries its two attributions: the
    # words between the quotes ("said Okafor", "he added") are its frame, not quoted words.
    source = Article(
        id="club",
        title="Chairman backs manager",
        text=(
            "The chairman of Eastfield Rovers has ended talk of a change of manager.\n\n"
            '"We are in a hard spot. We must get out of it with the staff we have," said '
            'chairman Ade Okafor. "Lena Voss and I have talked at length about the league '
            'position and the cup exit," he added. "The talk about her future helps no one '
            'with three crucial games ahead. "The squad must think of those games alone."\n\n'
            "Rovers are fourth from bottom after losing five of their last seven matches."
        ),
    )
    excerpt = source.text.split("\n\n")[1].split(". ", 1)[1]
    report = unspin.compare(_collage_with(excerpt), source)
    evidence = report.source_matches[0].evidence
    assert is_copied(evidence)
    assert "passage copied in the source's order" in {e.reason for e in evidence}


def test_the_same_statement_quoted_in_another_frame_is_not_a_copy() -> None:
    # Another newsroom quotes the same three sentences, split and framed its own way.
    own = (
        'Speaking after training, Elling was calm. "We have pressed high all season and it '
        'has carried us to the final," he said, adding that his side would keep its shape.\n\n'
        'Asked about nerves, the coach shrugged: "There is no reason to lose our nerve now."\n\n'
        'The club expects a large following, and Elling agreed. "The players know what is '
        'asked of them and the supporters will travel in numbers."'
    )
    report = unspin.compare(_collage_with(own), INTERVIEW)
    assert not any(is_copied(m.evidence) for m in report.source_matches)


@pytest.mark.parametrize(
    "statement",
    [
        '"We will not reopen the night lanes until every berth has been inspected," said Ines '
        "Calder, harbour master of the Port Calloway authority.",
        # A quote of two sentences: the attribution follows the second one's closing mark.
        '"Safety comes first. We will not reopen the night lanes until every berth has been '
        'inspected," said Ines Calder, harbour master of the Port Calloway authority.',
    ],
)
def test_a_statement_with_the_title_its_speaker_gave_is_not_copied_narration(
    statement: str,
) -> None:
    # Every report of a statement names its speaker with the title the statement gave.
    source = Article(
        id="wire",
        text="Night shipping at Port Calloway stays halted after a pier collapsed.\n\n" + statement,
    )
    page = Article(
        id="page",
        text=(
            "Grain traders warned of higher prices as ships waited at anchor off the coast.\n\n"
            + statement
            + "\n\nThe council will publish its survey of the structure next month."
        ),
    )
    report = unspin.compare(page, source)
    assert not any(is_copied(m.evidence) for m in report.source_matches)


def test_a_sentence_inside_another_reports_quote_of_several_sentences_is_not_narration() -> None:
    # Two newsrooms print one radio interview. In the first, the middle sentence stands as a
    # sentence of its own inside a quote of several; its words are the speaker's on both
    # pages, not narration one page copied from the other.
    radio = Article(
        id="radio",
        text=(
            "A little-known caddie went on a local radio show on Monday and made a claim about "
            "the champion that the tour has since denied.\n\n"
            "\u201cI heard he\u2019s on a month\u2019s leave,\u201d Dan Orsen said. \u201cAnd "
            "it\u2019s kind of a strong witness, a credible person that\u2019s telling me this"
            "\u2026 It\u2019s not about the money, but it\u2019s something else entirely. I "
            "think when it is all said and done, he is going to regret it.\u201d\n\n"
            "The tour said in a statement that the claim had no basis."
        ),
    )
    blog = Article(
        text=(
            "Who is Dan Orsen? He played one full season on tour and now mostly gives lessons. "
            "But he had this to say on the radio this week:\n\n"
            "\"I've heard that he's on leave. It's a credible person that's telling me "
            "this. It's not about the money, but it's something else entirely. I think when "
            "it's all said and done, he's gonna regret it.\"\n\n"
            "That is a strong thing to say, and Orsen had better be able to back it up."
        ),
    )
    report = unspin.compare(blog, radio)
    assert not any(is_copied(m.evidence) for m in report.source_matches)
    assert report.verdict is Verdict.ORIGINAL


def test_consecutive_quotes_without_any_frame_stay_a_shared_quote() -> None:
    statement = Article(
        id="statement",
        text=(
            "The ministry issued a statement on Monday after the talks ended.\n\n"
            '"The delegations agreed to meet again in the spring. That is settled. The '
            'ceasefire line will be monitored by observers from neutral states."'
        ),
    )
    quoted = _collage_with(statement.text.split("\n\n")[1])
    report = unspin.compare(quoted, statement)
    assert not any(is_copied(m.evidence) for m in report.source_matches)


def test_a_letter_quoted_in_another_frame_and_a_headline_of_names_are_not_copying() -> None:
    wire = Article(
        id="wire-letter",
        text=(
            '"Today, chairman Tomas Elling informed Otters director Hanna Moe that she has been '
            'dismissed with immediate effect," club spokesman Per Lunde said in a statement.\n\n'
            "The decision followed a review of the club's finances by its board, which met "
            "twice last week behind closed doors.\n\n"
            '"While I thank you for the three briefings you gave me, I agree with the board '
            'that you are not able to lead the club through this season," Elling wrote.'
        ),
    )
    own = Article(
        id="own-letter",
        text=(
            "Chairman Tomas Elling dismisses Otters director Hanna Moe\n\n"
            "Supporters outside the ground said they had not expected the news before the "
            "derby.\n\n"
            '"While I thank you for the three briefings you gave me, I agree with the board '
            'that you are not able to lead the club through this season," the chairman wrote.'
        ),
    )
    report = unspin.compare(own, wire)
    evidence = report.source_matches[0].evidence
    assert not is_copied(evidence)
    assert evidence == ()


@pytest.mark.parametrize("hedge", ["probably", "reportedly", "said to"])
def test_a_cut_that_changes_the_claim_is_not_a_trim(hedge: str) -> None:
    wire = Article(id="wire", text=WIRE.text.replace("would delay", f"would {hedge} delay"))
    if hedge == "said to":
        wire = Article(id="wire", text=WIRE.text.replace("would delay", "is said to delay"))
    report = unspin.compare(Article(id="copy", text=WIRE.text), wire)
    sentence = next(s for s in report.sentences if "would delay" in s.text)
    changes = [c for c in report.changes if c.sentence == sentence.index]
    assert any(hedge.split()[0] in (c.from_ or "") for c in changes)
    assert not any(c.kind is ChangeKind.SYNDICATION_EDIT for c in changes)
    assert sentence.status is not SentenceStatus.COPIED


def test_a_real_word_with_a_longer_words_letters_is_no_abbreviation() -> None:
    # "tier" has the letters of "timber" in order, but it is a word: another word, not a form
    swapped = unspin.compare(Article(id="swap", text=WIRE.text.replace("timber", "tier")), WIRE)
    assert swapped.changes
    assert not any(c.kind is ChangeKind.SYNDICATION_EDIT for c in swapped.changes)


def test_a_fraction_and_its_decimal_are_one_figure() -> None:
    wire = Article(id="wire", text=WIRE.text.replace("about forty vessels", "0.50 of the vessels"))
    same = unspin.compare(Article(id="copy", text=wire.text.replace("0.50 of", "1/2 of")), wire)
    assert not any(c.kind is ChangeKind.NUMBER_CHANGED for c in same.changes)
    other = unspin.compare(Article(id="copy", text=wire.text.replace("0.50 of", "3/4 of")), wire)
    assert [c.kind for c in other.changes] == [ChangeKind.NUMBER_CHANGED]


def test_words_cut_inside_quotation_marks_are_an_altered_quote_not_a_trim() -> None:
    report = unspin.compare(
        Article(id="copy", text=WIRE.text.replace("reopen the night lanes", "reopen the lanes")),
        WIRE,
    )
    kinds = {c.kind for c in report.changes}
    assert ChangeKind.QUOTE_ALTERED in kinds and ChangeKind.SYNDICATION_EDIT not in kinds
    assert report.sentences[2].status is not SentenceStatus.COPIED


def _union_wire(second: str = "the regional council") -> Article:
    """The wire story, naming the European Union once, or twice with ``second``."""
    text = WIRE.text.replace("for the northern mills", "for the European Union")
    return Article(id="wire", text=text.replace("by the regional council", f"by {second}"))


def test_a_name_written_as_its_initials_on_an_unspun_copy_is_house_style() -> None:
    wire = _union_wire()
    copy = wire.text.replace("for the European Union", "for the EU")
    report = unspin.compare(Article(id="copy", text=copy), wire)
    assert [(c.kind, c.to) for c in report.changes] == [(ChangeKind.SYNDICATION_EDIT, "the EU")]
    assert report.verdict is Verdict.FAITHFUL_COPY


def test_initials_beside_other_swaps_are_part_of_the_spin() -> None:
    wire = _union_wire()
    spun = wire.text.replace("for the European Union", "for the EU")
    spun = spun.replace("left standing", "left remaining")
    report = unspin.compare(Article(id="spun", text=spun), wire)
    assert ChangeKind.SYNDICATION_EDIT not in {c.kind for c in report.changes}
    assert ChangeKind.ENTITY_SWAP in {c.kind for c in report.changes}


def test_initials_swapped_both_ways_are_a_spinners_not_a_style() -> None:
    wire = _union_wire(second="the EU")  # "the European Union" first, "the EU" after
    both_ways = wire.text.replace("for the European Union", "for the EU").replace(
        "by the EU", "by the European Union"
    )
    report = unspin.compare(Article(id="both", text=both_ways), wire)
    assert [c.kind for c in report.changes] == [ChangeKind.ENTITY_SWAP] * 2


@pytest.mark.parametrize(
    ("old", "new"),
    [("almost finished", "nearly finished"), ("almost finished", "finished")],
    ids=["a-word-swapped", "a-degree-cut"],
)
def test_an_altered_second_sentence_of_a_quote_is_found_where_it_was_altered(
    old: str, new: str
) -> None:
    # The quote runs over two sentences; the first is copied word for word in place, and
    # that must not hide the change in the second.
    wire = Article(
        id="wire",
        text=WIRE.text.replace(
            "Safety comes before the timetable.", "We have almost finished the inspection."
        ),
    )
    report = unspin.compare(Article(id="copy", text=wire.text.replace(old, new)), wire)
    altered = [c for c in report.changes if c.kind is ChangeKind.QUOTE_ALTERED]
    assert [c.from_ for c in altered] == ["almost"]
    assert new in report.sentences[altered[0].sentence].text
    assert report.sentences[altered[0].sentence].status is not SentenceStatus.COPIED


def test_an_altered_word_is_placed_in_the_quotes_sentence_that_changed() -> None:
    # The new word ("harbour") stands in both sentences of the quote; only the second swapped
    # it in ("port" -> "harbour"), and that sentence carries the change.
    source = Article(
        id="wire",
        text='The harbour master spoke on Tuesday.\n\n"The harbour is safe again. We will keep '
        'the port open all night," Ines Calder said.\n\nShips waited offshore.',
    )
    page = Article(id="page", text=source.text.replace("keep the port", "keep the harbour"))
    report = unspin.compare(page, source)
    altered = [c for c in report.changes if c.kind is ChangeKind.QUOTE_ALTERED]
    assert [(c.from_, c.to) for c in altered] == [("port", "harbour")]
    assert "keep the harbour open" in report.sentences[altered[0].sentence].text


def test_captions_headings_and_the_headline_again_do_not_dilute_a_copy() -> None:
    # A partner's page around a short wire story: the headline again, a photo caption with
    # its credit, a section heading, a credit and date line, an editors' line. None of them
    # claims anything.
    wire = Article(
        id="wire",
        title="Harbour authority halts night shipping after pier collapse",
        text=WIRE.text.split("\n\n", 1)[0],
    )
    page = "\n\n".join(
        [
            "Harbour authority halts night shipping after pier collapse",
            "Cranes stand on the damaged quay at Port Calloway on Tuesday. REUTERS/Jane Doe",
            "What happens next",
            "Reported by: Meridian Wire Port Calloway Updated on: March 3, 2026 09:12 GMT",
            wire.text,
            "Reporting by Dana Ferrell; Editing by Tom Hale and the Meridian Wire desk",
        ]
    )
    report = unspin.compare(Article(id="page", title=wire.title, text=page), wire)
    assert report.summary.new > 0.4  # the shares shown are of the whole page
    assert report.verdict is Verdict.FAITHFUL_COPY
    claims = page.replace(
        "What happens next",
        "Residents said the pier had been unsafe for years and that nobody had listened to "
        "their complaints about the cracks that ran through its concrete.",
    )
    report = unspin.compare(Article(id="page", title=wire.title, text=claims), wire)
    assert report.verdict is Verdict.PARTLY_DERIVED  # a claim of its own weighs


@pytest.mark.parametrize(
    "line",
    [
        "Reported by: Meridian Wire Port Calloway Updated on: March 3, 2026 09:12 GMT",
        "Reporting by Dana Ferrell; Editing by Tom Hale and the Meridian Wire desk",
        "Cranes stand on the damaged quay at Port Calloway on Tuesday. REUTERS/Jane Doe",
        "First published on March 3, 2026 at 09:12 and updated at 11:40",
        # site furniture left in a text built in code, which skips ingestion
        "READ MORE: Ministers clash over budget plans as the deadline looms",
        "Sign up for our morning briefing to get the day's top stories in your inbox.",
        # a credit after the photographer, an author's box, an editors' line, an archive menu
        "Featured image via Anna Reyes/Getty Images",
        "Dana Ferrell is a senior correspondent for Meridian Wire based in Port Calloway.",
        "This is a developing story and will be updated as more details become available.",
        "Harbour Blog Archives Select Date March, 2026 February, 2026 January, 2026 "
        "December, 2025 November, 2025 October, 2025",
    ],
)
def test_credit_date_and_caption_lines_claim_nothing(line: str) -> None:
    page = Article(id="page", text=f"{line}\n\n{WIRE.text}")
    assert not is_claim(line, page.text, 0, page)


@pytest.mark.parametrize(
    "line",
    [
        "Residents said the pier had been unsafe for years and nobody had listened.",
        # Like an author's box, a photo credit or an archive menu, but the story's own claim.
        "Dana Ferrell is a reporter who was held at the port for a day, her agency said.",
        "Police released a picture of the pier taken by Jane Doe on Tuesday.",
        "Cargo rose in May 2025, June 2025 and July 2025 before the pier collapsed.",
    ],
)
def test_a_sentence_of_the_story_is_a_claim(line: str) -> None:
    page = Article(id="page", text=f"{line}\n\n{WIRE.text}")
    assert is_claim(line, page.text, 0, page)


def test_a_partners_own_headline_matched_to_the_wires_does_not_make_the_copy_spun() -> None:
    # The page prints its own headline above the wire's story; the source's text opens with
    # the wire's headline. The two headlines align, in other words: that is no rewording of
    # the story.
    body = (
        "The port of Veldhaven will close two of its terminals for three weeks after a storm "
        "damaged the cranes, its authority said on Tuesday.\n\nAbout 40 ships will be delayed."
    )
    wire = Article(
        id="wire",
        title="Storm shuts two Veldhaven terminals",
        text="Storm damage shuts two container terminals at Veldhaven port for three weeks\n\n"
        + body,
    )
    headline = "Veldhaven port to shut two container terminals for three weeks after storm damage"
    page = Article(id="page", title=headline, text=f"{headline}\n\n{body}")
    report = unspin.compare(page, wire)
    assert report.sentences[0].status is SentenceStatus.REWORDED  # shown as it is
    assert report.verdict is Verdict.FAITHFUL_COPY


@pytest.mark.parametrize("opening, closing", [("\u2018", "\u2019"), ("\u201c", "\u201d")])
def test_narration_copied_around_quotes_is_copy_evidence_in_single_marks_too(
    opening: str, closing: str
) -> None:
    # A British desk sets the quotes in single marks: the copied frame around them is still
    # narration, not the inside of a quote that runs over sentences.
    sentence = (
        "But Ms Okonjo insisted she was {o}not looking for a fight{c} and {o}not blaming the "
        "unions{c}, adding: {o}The country owes the nurses a great deal for this winter.{c}"
    )
    source = Article(
        id="ministry",
        title="Minister praises nurses",
        text=(
            "The health minister met union leaders on Monday as the winter pay talks resumed.\n\n"
            + sentence.format(o='"', c='"')
            + "\n\nThe talks are due to continue next week."
        ),
    )
    report = unspin.compare(_collage_with(sentence.format(o=opening, c=closing)), source)
    assert "copied narration" in {e.reason for e in report.source_matches[0].evidence}


# Three wire sentences spun (one of them a quote with a word swapped) and two of its own.
COLLAGE_SPUN_QUOTE = (
    "The harbour authority of Port Calloway halted all night shipping on Tuesday after a "
    "portion of the aged freight jetty collapsed into the water during a squall.\n\n"
    '"We will not reopen the night lanes until every berth has been checked," harbour '
    "master Ines Calder said.\n\n"
    "Shipping firms said the halt would delay about forty vessels this week, most of "
    "them carrying grain and timber for the northern mills.\n\n"
    "Fishermen in the town said the old pier had been a worry for years, and many of them "
    "had stopped mooring their boats beside it long before the storm arrived.\n\n"
    "The town council will meet on Thursday to discuss how the repairs will be paid for."
)


def test_furniture_between_paragraphs_neither_dilutes_a_spun_copy_nor_its_quote_evidence() -> None:
    # A spun copy that changes a quote, with a link and a prompt run between its paragraphs:
    # still a spun copy, and the changed quote is still reported.
    paragraphs = COLLAGE_SPUN_QUOTE.split("\n\n")
    page = "\n\n".join(
        [
            *paragraphs[:1],
            "READ MORE: Ministers clash over budget plans as the deadline looms",
            *paragraphs[1:2],
            "Sign up for our morning briefing to get the day's top stories in your inbox.",
            *paragraphs[2:],
        ]
    )
    for text in (COLLAGE_SPUN_QUOTE, page):
        report = unspin.compare(Article(id="page", text=text), WIRE)
        assert report.verdict is Verdict.SPUN_COPY
        assert report.changes_of(ChangeKind.QUOTE_ALTERED)


def test_a_spinners_padding_word_does_not_hide_its_swaps() -> None:
    # Spinners pad as they swap ("the particular war", "in order to"); the padding is
    # rewording, the swapped words are still named and the sentence is spun.
    source = Article(
        id="wire",
        text="Engineers from the regional council will examine the old cargo pier before "
        "any ship is allowed to berth there again.",
    )
    padded = Article(
        id="padded",
        text="Engineers from the regional council will inspect the particular old cargo pier "
        "before any ship is allowed to berth there again.",
    )
    report = unspin.compare(padded, source)
    assert report.sentences[0].status is SentenceStatus.SPUN
    swaps = {(c.from_, c.to) for c in report.changes if c.kind is ChangeKind.SYNONYM_SWAP}
    assert ("examine", "inspect") in swaps
    # Padding alone swaps nothing: the sentence is reworded, not spun.
    only_padded = Article(
        id="only-padded",
        text="Engineers from the regional council will examine the particular old cargo pier "
        "before any ship is allowed to berth there again.",
    )
    report = unspin.compare(only_padded, source)
    assert report.sentences[0].status is SentenceStatus.REWORDED
    assert not [c for c in report.changes if c.kind is ChangeKind.SYNONYM_SWAP]


def test_the_wires_credit_cut_from_a_paragraphs_end_is_no_rewording() -> None:
    # The parser reads '... process». — AFP' as the end of the quote's sentence or as a
    # sentence of its own, depending on the marks and what follows; the word diff of the
    # first reports the credit as cut, which rewords nothing.
    text = 'She said the closure was "a pause for every ship."\n\nShips waited offshore.'
    at = text.index("\n") - 1  # before the closing mark

    def cut(words: str, where: int) -> Change:
        return Change(kind=ChangeKind.REWORDED, text="", start=where, end=where, from_=words)

    assert is_syndication_edit(cut("AFP", at), text, 0, len(text))
    assert is_syndication_edit(cut("Reuters", at), text, 0, len(text))
    # The same name cut inside the quote, words following, is someone's words altered.
    assert not is_syndication_edit(cut("Reuters", text.index(" for every")), text, 0, len(text))
    # Other words cut at the end are not a credit.
    assert not is_syndication_edit(cut("the harbour master", at), text, 0, len(text))


def test_words_added_at_a_sentences_edge_are_no_spinners_padding() -> None:
    # The skeleton ignores words added at either end (a dateline glued to a name, a frame);
    # they are not the padding a spinner puts inside a sentence: beside a swap, the sentence
    # stays reworded.
    wire = Article(
        id="wire",
        text="The harbour authority halted all night shipping on "
        "Tuesday after a section of the old cargo pier collapsed into the water.",
    )
    framed = Article(id="copy", text="Chaos again as the harbour authority stopped all night "
                     "shipping on Tuesday after a section of the old cargo pier collapsed into "
                     "the water.")  # fmt: skip
    report = unspin.compare(framed, wire)
    assert report.sentences[0].status is SentenceStatus.REWORDED


def _among_own_lines(line: str) -> Article:
    """A page of the town's own reporting with ``line`` between its two sentences."""
    return Article(
        id="page",
        text="Residents of the coastal town gathered along the promenade to watch the "
        f"clean-up.\n\n{line}\n\nLocal shops reported a busy afternoon as onlookers arrived "
        "from nearby villages.",
    )


def test_a_sentence_reworded_around_thesaurus_swaps_is_copy_evidence() -> None:
    # A spinner that also rephrases: the wire's lead reworded here and there ("Port
    # Calloway's harbour authority", "its cargo pier"), with four of its words swapped for
    # synonyms. One such sentence among the page's own is enough to trace the copy.
    spun = _among_own_lines(
        "Port Calloway's harbour authority stopped night shipping on Tuesday after a "
        "portion of its cargo pier fell into the water during a fierce tempest."
    )
    report = unspin.compare(spun, WIRE)
    assert report.sentences[1].status is SentenceStatus.REWORDED
    evidence = report.source_matches[0].evidence
    assert [(e.sentence, e.strength) for e in evidence] == [(1, "strong")]
    assert "swapped for synonyms" in evidence[0].reason
    assert report.verdict is not Verdict.ORIGINAL
    # The same fact in a reporter's own words shares one synonym of the wire's, not several.
    own = _among_own_lines(
        "Port Calloway's harbour authority stopped night shipping on Tuesday after part "
        "of its cargo pier was damaged in heavy weather."
    )
    report = unspin.compare(own, WIRE)
    assert not report.source_matches or not report.source_matches[0].evidence
    assert report.verdict is Verdict.ORIGINAL


def test_a_long_sentence_kept_near_word_for_word_is_copy_evidence() -> None:
    # The wire's second sentence, its last words put in another order: no synonym, no swap,
    # but twenty-four of its words in place. A reporter writing the same fact does not.
    lifted = _among_own_lines(
        "No one was hurt, but two container cranes were left standing on a damaged quay and "
        "engineers spent the morning checking the neighbouring berths' foundations."
    )
    report = unspin.compare(lifted, WIRE)
    assert report.sentences[1].status is SentenceStatus.REWORDED
    evidence = report.source_matches[0].evidence
    assert [(e.sentence, e.strength) for e in evidence] == [(1, "strong")]
    assert report.verdict is Verdict.PARTLY_DERIVED
    own = _among_own_lines(
        "Nobody was injured, though engineers spent Tuesday morning inspecting the berths "
        "next to the damaged quay, where two container cranes were left standing."
    )
    report = unspin.compare(own, WIRE)
    assert report.verdict is Verdict.ORIGINAL


def test_a_quotation_with_its_words_swapped_for_synonyms_is_copy_evidence() -> None:
    # The harbour master's words carried over inside the marks, three of them swapped for
    # synonyms: a spinner's work. Another transcription of the statement differs in a word
    # heard or typed another way, not in synonyms.
    def page(quote: str) -> Article:
        return _among_own_lines(f'"{quote}," harbour master Ines Calder told the paper.')

    spun = unspin.compare(
        page("We will not reopen the night paths until every mooring has been examined"), WIRE
    )
    reasons = [(e.strength, e.reason) for e in spun.source_matches[0].evidence]
    assert ("strong", "quotation spun: 3 of its words swapped for synonyms or aliases") in reasons
    assert spun.verdict is Verdict.PARTLY_DERIVED
    transcribed = unspin.compare(
        page("We will not reopen the night lanes until every berth is inspected"), WIRE
    )
    assert not any(
        "quotation spun" in e.reason for m in transcribed.source_matches for e in m.evidence
    )
    assert transcribed.verdict is Verdict.ORIGINAL


def test_two_quotes_given_to_one_other_speaker_are_one_piece_of_evidence() -> None:
    # An own report that reads both of one fisher's quotes as the minister's makes one
    # mistake (or one choice) about who speaks, not two pieces of evidence of a copy.
    wire = Article(
        id="wire",
        text="Officials from both sides met in Tarnow on Monday to discuss the harbour.\n\n"
        "\u201cWe will never accept a deal that destroys the oyster beds of this bay,\u201d said "
        "fisher Marta Velling.\n\n"
        "Minister Oskar Brennholt defended the plan, saying it would bring jobs to the coast.\n\n"
        "\u201cOur families have worked these waters for four generations and we intend to "
        "stay,\u201d Velling added.",
    )
    page = Article(
        id="page",
        text="The harbour plan drew protests again this week as the ministry pressed on.\n\n"
        "\u201cWe will never accept a deal that destroys the oyster beds of this bay,\u201d "
        "Brennholt said.\n\n"
        "Our reporter counted forty boats tied up in the marina on Thursday afternoon.\n\n"
        "\u201cOur families have worked these waters for four generations and we intend to "
        "stay,\u201d Brennholt added.",
    )
    report = unspin.compare(page, wire)
    moved = [c for c in report.changes if c.kind is ChangeKind.QUOTE_MISATTRIBUTED]
    assert len(moved) == 2  # both told
    evidence = report.source_matches[0].evidence
    assert [e.reason for e in evidence] == ["quoted words moved to another speaker"]
    assert report.verdict is Verdict.ORIGINAL


_STATEMENT_REPORT = Article(
    id="wire",
    title="Founders of the Marlow trust step back from its board",
    text=(
        "The two founders of the Marlow children's trust said on Monday that they would leave "
        "its board at the end of the year.\n\n"
        'In a statement, they said: "After many months of careful reflection, we have chosen '
        "to hand the running of the trust to a new generation of trustees. We intend to step "
        "back as 'senior' trustees and work to become volunteers, while continuing to fully "
        'support the appeal."\n\n'
        "The trust, founded in 1998, runs eleven holiday centres on the coast."
    ),
)


@pytest.mark.parametrize(
    "source",
    [
        _STATEMENT_REPORT,
        # The sentence in the middle of the statement: no mark of its own but the scare quote.
        dataclasses.replace(
            _STATEMENT_REPORT,
            text=_STATEMENT_REPORT.text.replace(
                'the appeal."', 'the appeal. We thank everyone who has helped us."'
            ),
        ),
    ],
)
def test_words_replaced_in_a_quote_that_holds_a_scare_quote_are_inside_the_marks(
    source: Article,
) -> None:
    # The statement's second sentence opens no mark of its own and holds a word in single
    # marks: its quoted words are the whole sentence, not the scare-quoted word alone, so the
    # words replaced in it ("down" for "back", "in order" for "and work") are replaced inside
    # the quote. Two quoted sentences so changed show the copy.
    page = _among_own_lines(
        'The founders wrote: "After many months of careful reflection, we have opted to give '
        "the running of the trust to a new generation of trustees. We intend to step down as "
        "'senior' trustees in order to become volunteers, while continuing to fully support "
        'the appeal."'
    )
    report = unspin.compare(page, source)
    replaced = [
        e.sentence
        for e in report.source_matches[0].evidence
        if e.reason == "quotation with words replaced inside the marks"
    ]
    assert len(replaced) == 2
    assert report.verdict is not Verdict.ORIGINAL


def test_a_byline_and_a_photo_credit_a_site_prints_on_every_page_show_no_copy() -> None:
    # Two stories of one site: the byline line, the picture credit and the author's box stand
    # word for word on both, and nothing else does. Those lines claim nothing: no copy.
    furniture = (
        "Posted by Lena Marsh on 12 Oct 2026\n\nFeatured image via Anna Reyes/Getty Images\n\n"
        "Lena Marsh is a senior reporter for the Harbour Courier."
    )
    first = Article(
        id="first",
        text=(
            "The county council approved a new budget for road repairs on Tuesday, adding "
            "four crews to the winter service.\n\nCouncillors said the money would come from "
            f"the reserve fund built up over the last three years.\n\n{furniture}"
        ),
    )
    second = Article(
        id="second",
        text=(
            f"{furniture}\n\nA rescue boat crew saved two fishermen whose trawler ran aground "
            "off the northern cape late on Sunday.\n\nBoth men were taken to the district "
            "hospital and were said to be in good condition."
        ),
    )
    report = unspin.compare(second, first)
    assert not any(m.evidence for m in report.source_matches)
    assert report.verdict is Verdict.ORIGINAL


def test_a_dialogue_of_labelled_lines_is_a_transcript_and_lone_labels_are_not() -> None:
    from unspin.comparison.narration import Voice

    dialogue = (
        "The minister spoke to a radio host on Monday.\n\n"
        "Host: Will the tax go up?\n\n"
        "Minister Ada Okafor: Not this year.\n\n"
        "Host: And next year?\n\n"
        "Minister Ada Okafor: We will see what the budget allows."
    )
    voice = Voice(dialogue)
    line = dialogue.index("Not this year")
    assert voice.transcribed(line, line + 13)
    assert not voice.transcribed(0, 10)  # the narration above it
    furniture = (
        "The minister spoke on Monday.\n\n"
        "Photo: A street in the capital.\n\n"
        "Source: A news agency.\n\n"
        "Credit: Staff photographer.\n\n"
        "The tax will not go up this year, she said."
    )
    # Labelled lines that name three things once each are the page's furniture, no dialogue.
    at = furniture.index("A street")
    assert not Voice(furniture).transcribed(at, at + 8)
