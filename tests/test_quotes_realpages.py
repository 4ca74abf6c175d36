"""Quote changes on the layouts of real pages (issue 13): collages, rewrites, independent
reports. Invented examples."""

from __future__ import annotations

import pytest

from unspin import compare
from unspin.comparison.quotes.names import same_speaker, speaker_name_words
from unspin.core.model import Article, Change, ChangeKind, Report, SentenceStatus

QUOTE_KINDS = {
    ChangeKind.QUOTE_MISATTRIBUTED,
    ChangeKind.QUOTE_UNQUOTED,
    ChangeKind.QUOTE_ALTERED,
    ChangeKind.QUOTE_FABRICATED,
}


def run(derivative: str, source: str) -> Report:
    return compare(Article(text=derivative, id="page"), Article(text=source, id="wire"))


def quote_changes(report: Report) -> list[Change]:
    return [c for c in report.changes if c.kind in QUOTE_KINDS]


def covering(report: Report, text: str, words: str) -> list[Change]:
    at = text.index(words)
    return [
        c
        for c in quote_changes(report)
        if c.start is not None and c.end is not None and c.start < at + len(words) and at < c.end
    ]


# -- the specimen's structure: one sentence of A's multi-sentence quote (with an ellipsis),
# printed without marks right after B's quote, an alias swapped inside ---------------------

VISIT_WIRE = (
    "TESSALY (Wire) - Supreme Leader Ilya Markov told visiting Norlandian President Arlen "
    "Voss on Wednesday that the two countries should deepen their cooperation.\n\n"
    "\u201cOur cooperation can isolate America and bring calm to the region {ellipsis} Their "
    "sanctions have failed, and they will fail again,\u201d Markov said, according to his "
    "official website.\n\n"
    "Voss, on his second visit to Tessaly, met Prime Minister Dara Quill before the talks. "
    "\u201cWe are learning to align our positions on the regional talks,\u201d Voss said at "
    "the start of the meeting.\n\n"
    "The two leaders also discussed a rail corridor linking the northern ports with the coast."
)
VISIT_PAGE = (
    "Norlandian leader Arlen Voss landed in Tessaly for talks with the country\u2019s "
    "leaders.\n\n"
    "Voss met Prime Minister Dara Quill before the talks, his second trip to the country.\n\n"
    "\u201cWe are learning to align our positions on the regional talks\u201d, Voss said. "
    "Our cooperation can isolate the United States and bring calm to the region.\n\n"
    "The leaders also talked about a rail corridor linking the northern ports with the coast."
)
MOVED = "Our cooperation can isolate the United States and bring calm to the region."


@pytest.mark.parametrize("ellipsis", ["\u2026", "..."])
def test_a_sentence_of_one_leaders_quote_printed_after_anothers_reads_as_his(
    ellipsis: str,
) -> None:
    report = run(VISIT_PAGE, VISIT_WIRE.format(ellipsis=ellipsis))
    found = covering(report, VISIT_PAGE, MOVED)
    assert [c.kind for c in found] == [ChangeKind.QUOTE_MISATTRIBUTED]
    assert found[0].speaker == "Arlen Voss"
    assert found[0].source_speaker == "Ilya Markov"


def test_the_same_words_left_in_their_speakers_marks_are_no_change() -> None:
    page = VISIT_PAGE.replace(
        MOVED,
        "\u201cOur cooperation can isolate America and bring calm to the region,\u201d "
        "Markov said.",
    )
    report = run(page, VISIT_WIRE.format(ellipsis="\u2026"))
    assert covering(report, page, "Our cooperation can isolate") == []


# -- who a quote reads as from -----------------------------------------------------------------

SUMMIT_WIRE = (
    "Prime Minister Dara Quill and Commission President Ilya Markov met in Tessaly on Monday.\n\n"
    "Markov said the bloc would not reopen the deal. Despite noting progress on fishing "
    "rights, Mr Markov asked: \u201cWhy are we still arguing about a settled bill?\u201d\n\n"
    "Quill told reporters: \u201cWe will keep every promise we made in the spring.\u201d"
)
SUMMIT_PAGE = (
    "Dara Quill and Ilya Markov held talks in Tessaly on Monday about the bill.\n\n"
    "In a speech last month, Quill said: \u201cWe will keep every promise we made in the "
    "spring.\u201d \u201cWhy are we still arguing about a settled bill?\u201d\n\n"
    "The talks resume next week."
)


def test_an_unattributed_quote_after_another_speakers_quote_reads_as_theirs() -> None:
    report = run(SUMMIT_PAGE, SUMMIT_WIRE)
    found = covering(report, SUMMIT_PAGE, "Why are we still arguing")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_MISATTRIBUTED]
    assert found[0].speaker == "Dara Quill"
    assert found[0].source_speaker == "Ilya Markov"


PAY_WIRE = (
    "Commission President Ilya Markov spoke to students in Tessaly on Friday.\n\n"
    "\u201cWe cannot find a compromise on the money for the time being,\u201d Markov said.\n\n"
    "\u201cThey have to pay, they have to pay, not in an impossible way.\u201d\n\n"
    "The talks resume next week."
)
PAY_PAGE = (
    "Ilya Markov has spoken to students in Tessaly.\n\n"
    "\u201cWe cannot find a compromise on the money for the time being\u201d, Markov said. "
    "They have to pay.\n\n"
    "The talks resume next week."
)


def test_a_short_piece_of_a_longer_quote_printed_as_narration_is_unquoted() -> None:
    report = run(PAY_PAGE, PAY_WIRE)
    found = covering(report, PAY_PAGE, "They have to pay.")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_UNQUOTED]


def test_quoted_words_printed_inside_a_longer_sentence_are_shown_as_whole_words() -> None:
    # The report shows the page's own words: never a passage that starts inside a word.
    page = ENVOY_WIRE.replace(
        '"We will not accept any deal that leaves our farmers without their land," Foreign '
        "Minister Lena Ortiz told reporters.",
        "Foreign Minister Lena Ortiz spoke to reporters, and they will not accept any deal "
        "that leaves our farmers without their land.",
    )
    report = run(page, ENVOY_WIRE)
    found = [c for c in quote_changes(report) if c.kind is ChangeKind.QUOTE_UNQUOTED]
    assert found
    for c in found:
        assert c.start is not None and c.end is not None
        assert c.text == page[c.start : c.end]
        assert c.text == c.text.strip()
        assert not (page[c.start - 1].isalnum() and page[c.start].isalnum())
        assert not (page[c.end - 1].isalnum() and page[c.end : c.end + 1].isalnum())


def test_narration_the_source_also_prints_unquoted_is_not_a_quote() -> None:
    wire = PAY_WIRE.replace("The talks resume", "They have to pay for it. The talks resume")
    page = PAY_PAGE.replace("They have to pay.", "They have to pay for it.")
    report = run(page, wire)
    assert covering(report, page, "They have to pay for it.") == []


# -- severity that matches the evidence -------------------------------------------------------

PORT_WIRE = (
    "The port of Tessaly reopened on Tuesday after a week-long strike by dock workers.\n\n"
    "\u201cThe ships are almost back to their normal schedule,\u201d harbour master Lina Ortez "
    "said.\n\n"
    "Union leader Ross Miller said the workers had won a pay rise of four percent.\n\n"
    "Exporters said the strike had cost them several million crowns in lost orders."
)


def test_a_word_swapped_inside_the_marks_is_altered_even_where_the_page_is_not_a_copy() -> None:
    page = (
        "Shipping at Tessaly is recovering, and traders are counting the cost of the stoppage.\n\n"
        "\u201cThe ships are nearly back to their normal schedule,\u201d harbour master Lina "
        "Ortez said.\n\n"
        "Analysts expect grain prices in the region to ease in the coming month."
    )
    report = run(page, PORT_WIRE)
    found = covering(report, page, "The ships are nearly back")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_ALTERED]
    assert (found[0].from_, found[0].to) == ("almost", "nearly")


def test_a_quoted_word_swapped_in_the_same_place_is_altered() -> None:
    # A one-word quote has no words to find again: the words around its marks place it.
    wire = (
        "The new owner of the ferry line said he wants to \u201cdefeat\u201d fare dodgers on "
        "the night boats within a year, and to publish the timetable rules.\n\n"
        "Crews will be told of the plan at a meeting on Friday."
    )
    page = (
        "Ferry passengers face a crackdown. While cutting prices, the owner also wants to "
        '"fight" fare dodgers on the night boats, he told staff.\n\n'
        "Unions said they had not been consulted."
    )
    found = covering(run(page, wire), page, "fight")
    assert [(c.kind, c.from_, c.to) for c in found] == [
        (ChangeKind.QUOTE_ALTERED, "defeat", "fight")
    ]


def test_a_quoted_word_swapped_between_function_words_is_placed_by_the_words_beyond() -> None:
    # 'the plan "historic" but said the': two content words beside the marks place nothing;
    # the name and the words a little further out do.
    wire = (
        "Union leader Kemi Adeyemi called the plan \u201chistoric\u201d but said the money "
        "must reach the traders.\n\nThe floods destroyed 3,000 shops last week."
    )
    page = wire.replace("\u201chistoric\u201d", "\u201cmomentous\u201d")
    found = covering(run(page, wire), page, "momentous")
    assert [(c.kind, c.from_, c.to) for c in found] == [
        (ChangeKind.QUOTE_ALTERED, "historic", "momentous")
    ]


def test_two_reports_quoting_other_words_of_one_statement_in_one_frame_is_no_change() -> None:
    # "called the attack ... and vowed": a frame any report writes, not a place in the text.
    wire = (
        "The mayor called the attack \u201ccowardly\u201d and vowed to find those responsible "
        "for the fire at the depot.\n\nPolice said two men were seen leaving the building."
    )
    page = (
        'The governor called the attack "barbaric" and vowed to rebuild the depot within '
        "months.\n\nFirefighters worked through the night to contain the blaze."
    )
    assert quote_changes(run(page, wire)) == []


def test_a_quote_from_another_report_on_a_collage_is_not_called_fabricated() -> None:
    page = (
        "The port of Tessaly reopened on Tuesday after a week-long strike by dock workers.\n\n"
        "\u201cWe were ready to stay out for a month if we had to,\u201d one crane driver told "
        "a local radio station.\n\n"
        "Union leader Ross Miller said the workers had won a pay rise of four percent."
    )
    report = run(page, PORT_WIRE)
    assert [c.kind for c in quote_changes(report)] == []
    assert any("ready to stay out" in q.text for q in report.quotes)


def test_a_quote_put_into_a_copied_sentence_in_place_of_the_sources_is_fabricated() -> None:
    page = PORT_WIRE.replace(
        "The ships are almost back to their normal schedule",
        "The strikers have ruined this harbour for good",
    )
    report = run(page, PORT_WIRE)
    found = covering(report, page, "The strikers have ruined")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_FABRICATED]


def test_two_newsrooms_transcribing_one_statement_differently_is_no_quote_change() -> None:
    own_report = (
        "Dock workers in Tessaly went back to work on Tuesday, ending a strike that had "
        "stranded dozens of cargo ships.\n\n"
        "\u201cThe ships are almost back to their normal schedule now,\u201d said Lina Ortez, "
        "the harbour master, speaking at the quay.\n\n"
        "Our reporter counted eleven vessels waiting outside the breakwater at noon."
    )
    report = run(own_report, PORT_WIRE)
    assert quote_changes(report) == []


@pytest.mark.parametrize(
    ("page_quote", "wire_quote"),
    [
        # Two statements about one man share his name and little else.
        (
            "I do not know which Dara Quill will show up. Maybe he will try to look like a "
            "leader, or maybe he will come in and try to insult and score some points.",
            "I think it is really important for every voter in this country to know that Dara "
            "Quill has these views and has no problem letting such offensive words come off his "
            "tongue.",
        ),
        # Words that WordNet relates only through broad terms ("make", "coming" -> "see").
        (
            "He will have to clarify and make it clear where he is coming from.",
            "When you see that he cannot even go abroad without getting into a public feud "
            "with the president, I think the answer is clear: Dara Quill does not have the "
            "temperament to lead.",
        ),
        # A short sentence whose characters line up by chance, or whose one word a
        # thesaurus pairs ("buy" / "get"), is not the longer one.
        ("Is Dara Quill qualified to lead the country?", "I prepared to lead the country."),
        (
            "They just don't get that we really don't care about the plan.",
            "I don't buy that. I have a different experience.",
        ),
        # A generic short sentence is in any long quote that shares its one word.
        (
            "And that's a problem in debates like this, because people want a leader who "
            "can answer questions that haven't been rehearsed.",
            "It is clear the courts are not treating everybody the same way. And that's a problem.",
        ),
    ],
)
def test_two_statements_about_one_man_are_not_one_quote_changed_or_moved(
    page_quote: str, wire_quote: str
) -> None:
    wire = (
        "Petra Lind and Tomas Berg spent Monday campaigning in the north of Norland.\n\n"
        f"\u201c{wire_quote}\u201d Berg told voters in Harwick.\n\n"
        "Their rival has not answered the remarks."
    )
    page = (
        "Petra Lind sharpened her attacks on her rival this week.\n\n"
        f"\u201c{page_quote}\u201d Lind said at a fundraiser.\n\n"
        "The two candidates meet for a debate on Thursday."
    )
    changed_or_moved = {
        ChangeKind.QUOTE_ALTERED,
        ChangeKind.QUOTE_MISATTRIBUTED,
        ChangeKind.QUOTE_UNQUOTED,
    }
    assert [c for c in quote_changes(run(page, wire)) if c.kind in changed_or_moved] == []


def test_british_and_american_spellings_of_one_quote_are_the_same_words() -> None:
    page = PORT_WIRE.replace(
        "The ships are almost back to their normal schedule",
        "The ships are almost back to their normal schedule, and we apologise for the delay",
    )
    wire = PORT_WIRE.replace(
        "The ships are almost back to their normal schedule",
        "The ships are almost back to their normal schedule, and we apologize for the delay",
    )
    report = run(page, wire)
    assert quote_changes(report) == []


# -- a misattribution needs a real difference ---------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kim Jong Un", "Kim Jong-un", True),
        ("Jean-Claude Juncker", "Jean Claude Juncker", True),
        ("Heather Nauert", "Spokeswoman Heather Nauert", True),
        ("Heather Nauert", "State Department Spokeswoman Heather Naort", True),
        ("The State Department", "The US State Department", True),
        ("Joe Biden", "Election Joe Biden", True),
        ("Joe Biden", "Watch Biden", True),  # a video caption's verb is no given name
        ("Shinzo Abe", "the country's prime minister", None),  # a role: not compared
        ("Arlen Voss", "the Norlandian Foreign Ministry", None),  # a person speaks for it
        ("Arlen Voss", "Russia", None),  # a country speaks through its people
        ("Arlen Voss", "2017-09-22 TESSALY", None),  # a date is no speaker
        ("Arlen Voss", "Markov Tweeted", None),  # a verb phrase is no speaker
        ("Arlen Voss", "Markov's own letter", None),
        ("Arlen Voss", "Ilya Markov", False),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Theresa May", "Jean-Claude Juncker", False),
    ],
)
def test_speakers_are_compared_as_people(a: str, b: str, same: bool | None) -> None:
    assert same_speaker(a, b) is same
    assert same_speaker(b, a) is same


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Russian President Vladimir Putin", ("vladimir", "putin")),
        ("Voss's running mate Dara Quill", ("dara", "quill")),
        ("\u2014 Dara Quill", ("dara", "quill")),
        ("He", None),
        ("the couple", None),
        ("Tuesday", None),
        ("Mayor Hit Over Not Releasing Tax Returns Lind", None),  # a title-case headline
        ("Charles de Gaulle", ("charles", "de", "gaulle")),
        ("Will Smith", ("will", "smith")),
        ("Officials", None),  # several people of one role: no one's name
        ("Lawmakers", None),
        ("Sessions", ("sessions",)),  # a surname that is also a plural word stays a name
    ],
)
def test_speaker_name_words(name: str, words: tuple[str, ...] | None) -> None:
    assert speaker_name_words(name) == words


# -- who a quote reads as from: layouts of real pages -----------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # "She added:" where the tagger found no person to tie "she" to: the quote before.
        (
            'The harbour reopened on Tuesday.\n\n"We won," Lina Ortez said.\n\n'
            'She added: "The vote was fair."',
            "The vote was fair.",
            "Lina Ortez",
        ),
        # An unattributed quote after another speaker's quote in the same paragraph.
        (
            'In a speech in Tessaly last month, Quill said: "We will keep every promise." '
            '"Why are we still arguing about it?"',
            "Why are we still arguing about it?",
            "Quill",
        ),
        # The attribution in the sentence before, by a role naming a person.
        (
            '"We won the vote," said Ross Miller.\n\n'
            'The harbour master, Lina Ortez, disagreed. "The vote was rushed."',
            "The vote was rushed.",
            "Lina Ortez",
        ),
        # "by saying" hangs off the reported clause in the parse; its subject ("black
        # voters") is who she speaks of.
        (
            "Councillor Mara Vance spoke at the rally on Friday. Defending her candidate, she "
            "then went on to say that black voters are responsible for their own troubles by "
            "saying that \u201cif you are poor after all these years, it is your own fault and "
            "nobody else\u2019s.\u201d",
            "if you are poor after all these years, it is your own fault and nobody else\u2019s.",
            "Councillor Mara Vance",
        ),
        # A heading line the parser runs into the next paragraph is not the subject of its
        # speech verb: the name opening the verb's own line is.
        (
            "The anchor turned to the camera.\nPHOTOS: More stars who froze on live TV\n"
            "Holt, who looked shocked once he saw what had happened, then calmly says: "
            '"Well, Mike is not quite ready for us."',
            "Well, Mike is not quite ready for us.",
            "Holt",
        ),
        # Old wire copy closes a double quote with two apostrophes.
        (
            "The golfer's agent answered the claims made by Dan Olsen on a radio show.\n\n"
            "\"These claims are completely false,'' said Steinberg in a statement.",
            "These claims are completely false",
            "Steinberg",
        ),
        # "Officials said" names no one: not the last person the text called an official.
        (
            "Omar Gonzalez, a former official, reached the East Room, the report said. "
            "Officials had said that Gonzalez only got just inside the doors before he was "
            "tackled.",
            "Gonzalez only got just inside the doors before he was tackled",
            "Officials",
        ),
    ],
)
def test_who_a_quote_reads_as_from(text: str, words: str, speaker: str) -> None:
    from unspin.comparison.quotes import extract_quotes

    quote = next(q for q in extract_quotes(text) if q.text == words)
    assert quote.speaker == speaker


def test_a_heading_the_tagger_runs_into_a_name_is_no_part_of_the_name() -> None:
    # spaCy may tag a title-case heading and the name opening the next paragraph as one
    # person ("Trump Hit Over Not Releasing Tax Returns\n\nTrump"); the longest form of a
    # name would then name every quote of that person.
    from unspin.comparison.quotes.speakers import _last_line
    from unspin.nlp.parse import parse

    text = "5. Quill Hit Over Not Releasing Tax Returns\n\nQuill clashed with her rival."
    doc = parse(text).doc
    run_on = doc.char_span(3, text.index(" clashed"), label="PERSON")
    assert run_on is not None and "\n" in run_on.text
    assert _last_line(run_on).text == "Quill"
    name = doc.char_span(text.index("Quill clashed"), text.index(" clashed"), label="PERSON")
    assert _last_line(name).text == "Quill"


RAIL_WIRE = (
    "Transport minister Dara Quill announced a new rail plan for Tessaly on Monday.\n\n"
    "In a letter to operators she wrote that the plan was meant \u201cto try to help the "
    "families, whom we serve\u201d.\n\n"
    "\u201cIn Norland, the trains will run by our rules,\u201d Quill wrote on social media."
)


@pytest.mark.parametrize(
    ("page_quote", "wire_quote"),
    [
        ("to attempt to benefit the families", "to try to help the families, whom we serve"),
        ("The trains will run by our laws in Norland.", "In Norland, the trains will"),
    ],
)
def test_a_quote_rewritten_with_synonyms_inside_its_marks_is_altered(
    page_quote: str, wire_quote: str
) -> None:
    page = (
        "Dara Quill has a new plan for the railways of Tessaly.\n\n"
        f"Quill said the plan was meant \u201c{page_quote}\u201d, in a letter to operators.\n\n"
        if page_quote.startswith("to ")
        else "Dara Quill has a new plan for the railways of Tessaly.\n\n"
        f"\u201c{page_quote}\u201d Quill wrote on social media."
    )
    report = run(page, RAIL_WIRE)
    found = covering(report, page, page_quote)
    assert [c.kind for c in found] == [ChangeKind.QUOTE_ALTERED]
    assert wire_quote in (found[0].source_text or "")


# -- a quote turned round: a negation cut, or the condition it was said under cut off ------

TALKS_WIRE = (
    "NORLAND (Wire) - Norland's foreign minister Petra Lind said on Monday her government "
    "would keep its border with Tessaly closed through the winter.\n\n"
    "\u201cWe will not reopen the crossings while the militias are still armed,\u201d Lind "
    "told reporters in the capital.\n\n"
    "\u201cWe are ready to sign a ceasefire, but only after every foreign unit has left,\u201d "
    "she said.\n\n"
    "Talks between the two governments broke down in August."
)


def test_a_negation_cut_from_a_quote_is_altered_even_where_the_page_is_not_a_copy() -> None:
    page = (
        "Tensions on the Tessaly border are easing, traders in the border towns say.\n\n"
        "\u201cWe will reopen the crossings while the militias are still armed,\u201d "
        "Norland's foreign minister Petra Lind said.\n\n"
        "Lorry drivers have waited for weeks at the frontier posts."
    )
    report = run(page, TALKS_WIRE)
    found = covering(report, page, "We will reopen the crossings")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_ALTERED]
    assert found[0].from_ == "not" and found[0].confidence >= 0.85


def test_a_quote_with_its_condition_cut_off_is_altered() -> None:
    page = (
        "Norland is ready for peace, its foreign minister says.\n\n"
        "\u201cWe are ready to sign a ceasefire,\u201d Petra Lind said on Monday.\n\n"
        "Lorry drivers have waited for weeks at the frontier posts."
    )
    report = run(page, TALKS_WIRE)
    found = covering(report, page, "We are ready to sign a ceasefire")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_ALTERED]
    assert found[0].from_.startswith("but only after")


def test_a_short_phrase_quoted_from_a_conditional_statement_is_no_change() -> None:
    # Quoting a few words of a longer statement is how every report quotes.
    page = (
        "Norland says it is \u201cready to sign\u201d a ceasefire once foreign units leave, "
        "foreign minister Petra Lind said on Monday.\n\n"
        "Lorry drivers have waited for weeks at the frontier posts."
    )
    report = run(page, TALKS_WIRE)
    assert covering(report, page, "ready to sign") == []


def test_a_transcription_that_adds_words_but_keeps_the_negation_is_no_change() -> None:
    page = (
        "Queues of lorries stretched for miles at the frontier posts on Monday morning.\n\n"
        "\u201cWe will not reopen the crossings, not while the militias are still armed,\u201d "
        "Lind said at a news conference on Monday.\n\n"
        "Drivers told our reporter they had slept in their cabs for nine nights.\n\n"
        "Local traders say the closure has doubled the price of flour in the border towns."
    )
    report = run(page, TALKS_WIRE)
    assert covering(report, page, "We will not reopen") == []


def test_a_condition_the_page_reports_beside_the_quote_is_not_cut() -> None:
    # An honest report quotes the first half and tells the rest in its own words.
    page = (
        "Norland is ready for peace, its foreign minister says.\n\n"
        "\u201cWe are ready to sign a ceasefire,\u201d Petra Lind said on Monday, but only "
        "after every foreign unit has left the country.\n\n"
        "Lorry drivers have waited for weeks at the frontier posts."
    )
    report = run(page, TALKS_WIRE)
    assert covering(report, page, "We are ready to sign a ceasefire") == []


ENVOY_WIRE = (
    "Talks between the two neighbours broke down on Wednesday over the Kessin crossing.\n\n"
    '"We will not accept any deal that leaves our farmers without their land," Foreign '
    "Minister Lena Ortiz told reporters.\n\n"
    "The United Nations envoy, Amir Dastan, urged both sides to return to the table. "
    '"There is still time for a settlement, but not much," he said.\n\n'
    "Trade across the crossing has halved since the spring, customs figures show."
)


def test_a_name_put_in_place_of_the_sources_pronoun_gives_the_words_to_someone_else() -> None:
    # The wire's "he" is the envoy; the copy prints the same sentence with the minister's
    # name in its place.
    page = ENVOY_WIRE.replace('not much," he said', 'not much," Ortiz said')
    report = run(page, ENVOY_WIRE)
    found = covering(report, page, "There is still time")
    assert [(c.kind, c.from_, c.to) for c in found] == [
        (ChangeKind.QUOTE_MISATTRIBUTED, "Amir Dastan", "Lena Ortiz")
    ]
    sentence = next(s for s in report.sentences if "There is still time" in s.text)
    assert sentence.status.value == "spun"
    spin = next(f for f in report.findings if f.criterion == "spin")
    assert "1 quote change" in spin.explanation  # the spun share says what spun it
    # the desk that names the right person is faithful
    named = ENVOY_WIRE.replace('not much," he said', 'not much," Dastan said')
    assert quote_changes(run(named, ENVOY_WIRE)) == []


def test_a_name_put_before_the_quote_for_the_sources_pronoun_is_a_misattribution() -> None:
    # Another frame ('Ortiz said: "..."' for '"...," he said.'): the page still gives the
    # envoy's words to the minister, and its added "Ortiz said" is no desk's edit.
    page = ENVOY_WIRE.replace(
        '"There is still time for a settlement, but not much," he said.',
        'Ortiz said: "There is still time for a settlement, but not much."',
    )
    report = run(page, ENVOY_WIRE)
    found = covering(report, page, "There is still time")
    assert [(c.kind, c.from_, c.to) for c in found] == [
        (ChangeKind.QUOTE_MISATTRIBUTED, "Amir Dastan", "Lena Ortiz")
    ]
    assert not any(c.kind is ChangeKind.SYNDICATION_EDIT for c in report.changes)
    assert report.verdict.value == "spun_copy"


def test_an_own_report_naming_someone_where_the_wire_has_a_pronoun_is_no_accusation() -> None:
    # Not a copy of the wire: the words given to another name rest on our reading of "he".
    own_report = (
        "Farmers blocked the road to the Kessin crossing for a third day on Thursday, and "
        "their tractors stretched back two kilometres.\n\n"
        '"There is still time for a settlement, but not much," Ortiz said.\n\n'
        "Our correspondent saw police turn back lorries at the checkpoint before dawn."
    )
    report = run(own_report, ENVOY_WIRE)
    assert not any(c.kind is ChangeKind.QUOTE_MISATTRIBUTED for c in report.changes)


def test_a_copy_that_cuts_a_negation_from_a_quote_spins_that_sentence() -> None:
    wire = ENVOY_WIRE.replace("without their land", "off their land")
    page = wire.replace("We will not accept any deal", "We will accept any deal")
    report = run(page, wire)
    found = covering(report, page, "We will accept any deal")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_ALTERED]
    sentence = next(s for s in report.sentences if "We will accept any deal" in s.text)
    assert sentence.status.value == "spun"


def test_a_name_for_a_pronoun_that_may_be_that_person_is_no_misattribution() -> None:
    # Two men in the paragraph: the wire's "he" may be either, so a desk that names one of
    # them is not contradicted by our reading of the pronoun.
    wire = ENVOY_WIRE.replace(
        "The United Nations envoy, Amir Dastan, urged",
        "Viktor Hale met the United Nations envoy, Amir Dastan, who urged",
    )
    for name in ("Hale", "Dastan"):
        page = wire.replace('not much," he said', f'not much," {name} said')
        report = run(page, wire)
        assert not any(c.kind is ChangeKind.QUOTE_MISATTRIBUTED for c in report.changes)


def test_an_alias_swapped_inside_a_quote_in_a_new_frame_is_named() -> None:
    # The statement carried into a frame of the page's own, so its sentence aligns with
    # nothing; the alias the spinner put inside the marks is named all the same.
    wire = (
        "The harbour authority of Port Calloway halted all night shipping on Tuesday.\n\n"
        "Harbour master Ines Calder said on Tuesday evening: \u201cThe port and Russia have "
        "reached no agreement. The next round of talks will be held in June.\u201d"
    )
    page = (
        "Night shipping was stopped at Port Calloway this week.\n\n"
        "\u201cThe port and Russian Federation have reached no agreement\u201d, Ines Calder, "
        "senior communications adviser for the harbour authority, told the Coastal Courier "
        "on Wednesday evening."
    )
    report = run(page, wire)
    at = page.index("Russian Federation")
    swaps = [c for c in report.changes if c.kind is ChangeKind.ENTITY_SWAP]
    assert [(c.from_, c.to, c.start) for c in swaps] == [("Russia", "Russian Federation", at)]
    assert report.sentences[swaps[0].sentence].status is SentenceStatus.INSERTED


PIER_WIRE = (
    "The harbour authority of Port Calloway halted all night shipping on Tuesday.\n\n"
    "\u201cThe pier cannot be saved and will be demolished next month. Ships will use the "
    "southern berths until a new pier is built,\u201d harbour master Ines Calder told reporters."
)


def _pier_page(sentence: str) -> str:
    return (
        "Night shipping was halted at Port Calloway after a storm damaged the cargo pier.\n\n"
        f"{sentence}\n\nShops along the quay stayed open late for the clean-up crews."
    )


def test_a_quote_spun_and_printed_as_narration_is_unquoted() -> None:
    # A spinner's thesaurus swapped two of the quoted words, and the marks were dropped.
    spun = "The pier cannot be rescued and will be torn down next month."
    report = run(_pier_page(spun), PIER_WIRE)
    found = covering(report, _pier_page(spun), spun)
    assert [c.kind for c in found] == [ChangeKind.QUOTE_UNQUOTED]
    assert found[0].source_speaker == "Ines Calder"


def test_the_same_facts_in_a_reporters_own_words_are_no_unquoted_quote() -> None:
    own = "Officials expect to knock the damaged pier down within weeks, a port spokesman said."
    report = run(_pier_page(own), PIER_WIRE)
    assert covering(report, _pier_page(own), own) == []


def test_a_short_quote_that_a_narration_sentence_echoes_is_no_unquoted_quote() -> None:
    # Seven words, one of them other: the reporter's own sentence echoes a short quote of the
    # story; too few words in place to say the quote was spun into narration.
    narration = "Mayor Ada Brook is in firm control of the council, officials said."
    wire = f"{narration}\n\n\u201cMayor Ada Brook is in total control,\u201d one official said."
    page = f"{narration}\n\nRepairs begin next week."
    report = run(page, wire)
    assert not [c for c in report.changes if c.kind is ChangeKind.QUOTE_UNQUOTED]


DOCK_WIRE = (
    "Dock workers in Tessaly walked out again on Monday over the new shift rota.\n\n"
    "Union leader Ross Miller said he was \u201cweighing every option\u201d for the next "
    "week and that the port owners \u201cwill face costs beyond their estimate.\u201d"
)


def test_a_short_quote_spun_and_unquoted_in_the_sources_own_sentence_is_unquoted() -> None:
    # Six quoted words, one swapped for two, the marks dropped: too few to tell from a
    # reporter's wording alone, but the sentence around them is the wire's, word for word.
    page = DOCK_WIRE.replace(
        "and that the port owners \u201cwill face costs beyond their estimate.\u201d",
        "which the port owners will face costs outside of their estimate.",
    )
    report = run(page, DOCK_WIRE)
    found = covering(report, page, "will face costs outside of their estimate")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_UNQUOTED]
    assert found[0].text == "will face costs outside of their estimate"
    assert found[0].source_speaker == "Ross Miller"


def test_the_short_quote_reported_in_a_sentence_of_ones_own_is_no_unquoted_quote() -> None:
    page = (
        "Tessaly's dock strike entered a second week.\n\n"
        "The port owners would face costs above their estimate, the union's leader warned "
        "on Monday, while he weighed his options."
    )
    report = run(page, DOCK_WIRE)
    assert not [c for c in report.changes if c.kind is ChangeKind.QUOTE_UNQUOTED]


# -- a copy run inside another story: the copied part is a minority of the page -----------

OTHER_STORY = (
    "Harwick Rovers beat Danmoor 3-1 on Saturday to climb to second place in the northern "
    "league.\n\n"
    "Keeper Olaf Brandt saved a penalty in the first half before Rovers scored twice in five "
    "minutes after the break.\n\n"
    "The club's new stand, opened in August, was full for the first time this season.\n\n"
    "Rovers travel to Kessin next weekend, where they have not won since the spring of 2019.\n\n"
    "Their coach said the squad had no fresh injuries and that the winger Ivo Marsh would be "
    "fit to start.\n\n"
    "Danmoor remain in the bottom three, a point above the relegation places."
)


def _inside_other_story(part: str) -> str:
    paragraphs = OTHER_STORY.split("\n\n")
    return "\n\n".join([*paragraphs[:3], part, *paragraphs[3:]])


def test_a_quote_cut_inside_a_copy_run_among_another_story_is_altered() -> None:
    # The wire's lines word for word around the quote: the page copies the wire there, so
    # words cut from the middle of the quote are a change made to a copy, however much of
    # the page is another story.
    copied = PORT_WIRE.replace("almost back to their normal schedule", "back to their schedule")
    page = _inside_other_story(copied)
    report = run(page, PORT_WIRE)
    assert report.verdict.value != "original"
    found = covering(report, page, "back to their schedule")
    assert [c.kind for c in found] == [ChangeKind.QUOTE_ALTERED]


def test_another_transcription_among_another_story_is_no_quote_change() -> None:
    own_report = (
        "Dock workers in Tessaly went back to work on Tuesday, ending a strike that had "
        "stranded dozens of cargo ships.\n\n"
        "\u201cThe ships are back to their schedule,\u201d harbour master Lina Ortez told "
        "reporters at the quay."
    )
    report = run(_inside_other_story(own_report), PORT_WIRE)
    assert report.verdict.value == "original"
    assert quote_changes(report) == []


def test_a_heading_run_into_the_first_line_is_no_part_of_the_speaker() -> None:
    # The page's title on the line above its first sentence, one line break between them:
    # the subject of "warned" is the country, not the heading's words before it.
    from unspin.comparison.quotes import extract_quotes
    from unspin.nlp.parse import parse

    text = (
        "Valdoria Launches \u2018Naval Blockade\u2019, Norland\u2019s Trade Minister Warns\n"
        "Norland warned that Valdoria has launched a \u201cnaval blockade\u201d of its coast, "
        "urging the world to respond swiftly."
    )
    speakers = {q.speaker for q in extract_quotes(text, parse(text))}
    assert speakers == {"Norland"}


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # A spinner's "said": WordNet's senses of "say" frame the quote they stand beside.
        (
            "In a speech in Oslo last month, Quill supposed: \u201cWe do not want our partners "
            "to fear that they will pay more.\u201d Analysts disagreed.",
            {"Quill"},
        ),
        (
            "\u201cOur ports are under siege,\u201d the trade minister Dara Quill supposed. "
            "\u201cThis is an act of war.\u201d",
            {"Dara Quill"},
        ),
        # Away from the marks they are no speech: "I suppose", "read the statement".
        ("I suppose the talks will fail. \u201cWe will not sign,\u201d Voss said.", {"Voss"}),
        (
            "The minister read the statement twice. \u201cWe will not sign.\u201d",
            {None},
        ),
    ],
    ids=["before-the-quote", "after-the-quote", "i-suppose", "read-a-statement"],
)
def test_a_spun_speech_verb_beside_the_marks_still_names_the_speaker(
    text: str, speakers: set[str | None]
) -> None:
    from unspin.comparison.quotes import extract_quotes
    from unspin.nlp.parse import parse

    assert {q.speaker for q in extract_quotes(text, parse(text))} == speakers


# -- two newsrooms' own reports of one speech: they quote it alike, they do not accuse --------

RALLY_WIRE = (
    "Senator Mara Quist spoke to about 3,000 supporters in Harwick on Friday evening.\n\n"
    "\u201cIf you look at the numbers, the mills are a very, very big part of what this "
    "county has lost,\u201d Quist said. \u201cWe will reopen them in our first year and the "
    "jobs will come back in every town of this valley.\u201d\n\n"
    "She attacked her rival\u2019s record. \u201cHe says he never paid a cent in tax. That "
    "makes him clever, he says. Tell that to the nurses of this county,\u201d she said.\n\n"
    "Her campaign said it had raised $2 million in the past month."
)


def _rally_page(paragraph: str) -> str:
    return (
        "The Quist campaign rolled into Harwick on Friday for its last big rally of the "
        "month, with a brass band and a long queue at the gate.\n\n"
        f"{paragraph}\n\n"
        "Local officials put the crowd at nearer 2,500, and the evening ended early in the rain."
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        # A linking word heard another way ("and" / "in"): a transcription, not a swap.
        "\u201cWe will reopen them in our first year and the jobs will come back in every "
        "town in this valley,\u201d the senator told the crowd.",
        # A phrase from the middle of a statement that opens with "If": no condition cut.
        "Quist called the mills \u201ca very, very big part of what this county has lost\u201d "
        "and promised to reopen them.",
        # The same words told from the speaker's side: "me" for the reporter's "him".
        "Quoting her rival, Quist mocked the idea that not paying tax \u201cmakes me clever.\u201d",
        # More of the speech than the wire quoted, with a "never" of its own around the
        # wire's words.
        "\u201cI never thought I would say it, but we will reopen them in our first year and "
        "the jobs will come back in every town of this valley,\u201d Quist told supporters.",
    ],
)
def test_another_reporters_transcription_of_the_speech_is_no_accusation(paragraph: str) -> None:
    report = run(_rally_page(paragraph), RALLY_WIRE)
    accusing = [
        c
        for c in quote_changes(report)
        if c.kind is ChangeKind.QUOTE_MISATTRIBUTED
        or (c.kind is ChangeKind.QUOTE_ALTERED and c.confidence >= 0.85)
    ]
    assert accusing == []
    assert report.verdict.value == "original"


def test_contractions_inside_the_marks_are_no_words_replaced() -> None:
    # "We've" / "We have" and "It's" / "It is": one transcription typed two ways, no
    # evidence that the page was made from the wire.
    first = (
        "worked hard for this county for twelve years and we will keep on working for every "
        "family in it, from the mills in the valley to the farms on the hills,\u201d"
    )
    second = (
        "a long race and I{have} been at this for years, and I will be at it long after the "
        "votes are counted on the first Tuesday of November,\u201d"
    )
    wire = (
        "Senator Mara Quist spoke to supporters in Harwick on Friday evening.\n\n"
        f"\u201cWe have {first} Quist said.\n\n"
        "\u201cIt is " + second.format(have=" have") + " she added."
    )
    page = _rally_page(
        f"\u201cWe\u2019ve {first} the senator said as the band struck up.\n\n"
        "\u201cIt\u2019s " + second.format(have="\u2019ve") + " she told the crowd."
    )
    assert run(page, wire).verdict.value == "original"


def test_a_statement_relayed_inside_another_outlets_quoted_paragraph_is_not_misattributed() -> None:
    # A press review quotes a newspaper's paragraph, which quotes the minister: the words
    # are the minister's on both pages.
    wire = (
        "Finance Minister Ada Brook defended the budget on Sunday.\n\n"
        "\u201cI do not think the deficit is a good measure of this government\u2019s record "
        "at all,\u201d Brook said in a television interview."
    )
    review = (
        "THE MORNING PAPERS\n\n"
        "--Ola Tarn wrote in the Harwick Courier: \u201cThe budget row flared again on "
        "Sunday. But Ada Brook seemed unmoved, saying in a television interview that "
        "\u2018I do not think the deficit is a good measure of this government\u2019s record "
        "at all.\u2019 Her critics disagree.\u201d\n\n"
        "--Weather: rain in the north, sun in the south."
    )
    report = run(review, wire)
    assert not report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


def test_a_speakers_name_misspelt_by_one_letter_is_not_another_speaker() -> None:
    assert same_speaker("Joe Riquelme", "Riguelme") is not False
    assert same_speaker("Yasir Abdulla", "Adbulla") is not False
    assert same_speaker("Petra Lind", "Berg") is False


def test_a_newspaper_or_a_platform_is_not_compared_as_a_speaker() -> None:
    page = (
        "Scientists warned of a new risk from the drought.\n\n"
        "\u201cThe river will run dry before the end of August unless the rains come,\u201d "
        "according to the Mirror."
    )
    wire = (
        "Hydrologist Ines Calder gave a stark warning on Monday.\n\n"
        "\u201cThe river will run dry before the end of August unless the rains come,\u201d "
        "Calder told the Mirror."
    )
    report = run(page, wire)
    assert not report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


def test_words_a_pronoun_gives_in_the_source_are_not_moved_by_their_placement() -> None:
    # The wire gives the words to "she", which we read as the nearest name, the wrong one;
    # the page prints them unquoted after Vail's quote. Whose the wire says they are is our
    # reading only, so the placement moves them from nobody.
    wire = (
        "County chair Kathy Vail spoke at a rally in Harwick on Monday.\n\n"
        "The crowd was small. Rain fell all evening. The band played on. Many left early.\n\n"
        "Critics blame Mayor Kessin for the cuts. Supporting her party\u2019s line, she went "
        "on to say that \u201cthe budget will close every rural school in the north of the "
        "country within five years.\u201d"
    )
    page = (
        "The budget row deepened on Monday.\n\n"
        "\u201cWe have done what we promised\u201d, Vail said. The budget will close every "
        "rural school in the north of the country within five years."
    )
    report = run(page, wire)
    assert not report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


def test_a_line_after_a_finished_quote_is_not_its_attribution() -> None:
    from unspin.comparison.quotes import extract_quotes

    text = (
        'Ortez told reporters she learned it from the harbour police, saying "they are not '
        'sending ships, but they are sending trucks across the border."\nVote Now:\n'
        "Story continues below video.\n\nThe police declined to comment."
    )
    quote = next(q for q in extract_quotes(text) if q.text.startswith("they are not"))
    assert quote.speaker == "Ortez"


HARBOUR_WIRE = (
    "The harbour authority denied the reports on Monday.\n\n"
    "\u201cThese claims are completely false,\u201d agent Mara Vance said. \u201cThey are "
    "unsourced and ridiculous.\u201d\n\n"
    "\u201cThere is no truth whatsoever to these claims,\u201d said Ross Miller, the "
    "authority's director.\n\n"
    "Dev Anand, the lawyer for Tarun Chauhan, said his client feared losing his pay. "
    "\u201cThey were told that only those who sign the waiver will be paid in full,\u201d "
    "said Anand."
)


def test_a_quote_its_own_speaker_said_with_a_sentence_like_anothers_is_no_misattribution() -> None:
    # The agent's statement, with a sentence of her own that only resembles the director's
    # words (another report's transcription): her words, said alike, not his moved to her.
    page = (
        "The agent answered the reports.\n\n"
        "\u201cThese claims are completely false,\u201d said Vance in a statement. \u201cThey "
        "are unsourced and ridiculous. The authority has confirmed that there is no truth to "
        "these claims.\u201d"
    )
    report = run(page, HARBOUR_WIRE)
    assert not report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


def test_reported_speech_in_other_words_by_another_speaker_is_no_misattribution() -> None:
    # The client's petition and his lawyer's words to the press say alike: another report
    # giving the claim to the client is no accusation.
    page = (
        "Chauhan said in his petition that they were assured that those who would sign the "
        "waiver will be paid in full."
    )
    report = run(page, HARBOUR_WIRE)
    assert not report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


def test_the_very_words_moved_to_another_speaker_stay_a_misattribution() -> None:
    page = (
        "The harbour authority denied the reports on Monday.\n\n"
        "\u201cThere is no truth whatsoever to these claims,\u201d agent Mara Vance said."
    )
    report = run(page, HARBOUR_WIRE)
    assert report.changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


def test_a_stage_name_and_the_surname_it_belongs_to_are_one_speaker() -> None:
    wire = (
        "The band was formed by Tomas \u201cBig Tam\u201d Reilly and Michael \u201cWonder "
        "Mic\u201d Wright in 1979.\n\n"
        "\u201cSo sad to hear of our brother\u2019s passing, rest in peace,\u201d Wright said "
        "in a statement."
    )
    page = (
        "The band\u2019s singer died on Tuesday.\n\n"
        "\u201cSo sad to hear of our brother\u2019s passing, rest in peace,\u201d Wonder Mike "
        "said in a statement."
    )
    assert not run(page, wire).changes_of(ChangeKind.QUOTE_MISATTRIBUTED)
    # Another member's name stays another speaker.
    other = page.replace("Wonder Mike", "Tomas Reilly")
    assert run(other, wire).changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


JOINT_QUOTE = (
    "\u201cWe were never paid what we were owed, and we will not stay silent any longer,\u201d"
)


@pytest.mark.parametrize(
    ("wire_frame", "page_speaker"),
    [
        ("Maria Lopez and Daniel Reyes said in a joint statement.", "Reyes"),
        ("said Lopez, Reyes and Cruz in a statement.", "Cruz"),
    ],
)
def test_a_joint_statement_given_to_one_of_its_signers_is_no_misattribution(
    wire_frame: str, page_speaker: str
) -> None:
    wire = f"The founders spoke on Tuesday.\n\n{JOINT_QUOTE} {wire_frame}\n\nNo reply came."
    page = f"The founders spoke.\n\n{JOINT_QUOTE} {page_speaker} said in the statement."
    assert not run(page, wire).changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


@pytest.mark.parametrize(
    "wire_frame",
    [
        "said Lopez, and Reyes replied that talks would go on.",  # the next clause's subject
        "Lopez said as Reyes and his aides looked on.",
    ],
)
def test_a_name_beside_the_speaker_but_not_speaking_with_them_stays_another_speaker(
    wire_frame: str,
) -> None:
    wire = f"The leaders met on Tuesday.\n\n{JOINT_QUOTE} {wire_frame}\n\nNo reply came."
    page = f"The leaders met.\n\n{JOINT_QUOTE} Reyes said after the meeting."
    assert run(page, wire).changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


def test_a_joint_statement_given_to_a_signers_stage_name_is_no_misattribution() -> None:
    wire = (
        "The band also included Tomas Reilly (Big Tam) and Michael Wright (Wonder Mic).\n\n"
        "\u201cSo sad to hear of our brother\u2019s passing, rest in peace,\u201d Reilly and "
        "Wright said in a statement."
    )
    page = (
        "The singer died on Monday.\n\nHis surviving bandmates Wonder Mike and Big Tam have "
        "since paid tribute to the singer, telling a website, \u201cSo sad to hear of our "
        "brother\u2019s passing, rest in peace.\u201d"
    )
    assert not run(page, wire).changes_of(ChangeKind.QUOTE_MISATTRIBUTED)


CLINIC_WIRE = (
    "A patient with a fever was isolated at Riverside Clinic on Sunday.\n\n"
    "\u201cLike every hospital in the region, we have standard infection precautions and we "
    "are well prepared to use them,\u201d spokesman Chris Hale said."
)


def test_a_statement_told_as_reported_speech_is_not_a_quote_printed_as_narration() -> None:
    # The reporter's own way of giving it: a speech verb, and "we" become "the clinic".
    page = (
        "A feverish patient was isolated at a clinic on Sunday.\n\n"
        "Hale said Riverside Clinic has standard infection precautions and is well prepared "
        "to use them."
    )
    assert not run(page, CLINIC_WIRE).changes_of(ChangeKind.QUOTE_UNQUOTED)


def test_a_statement_printed_without_its_marks_in_the_speakers_person_is_unquoted() -> None:
    page = (
        "A feverish patient was isolated at a clinic on Sunday.\n\n"
        "Like every hospital in the region, we have standard infection precautions and we are "
        "well prepared to use them, the clinic said."
    )
    assert run(page, CLINIC_WIRE).changes_of(ChangeKind.QUOTE_UNQUOTED)


BORDER_WIRE = (
    "A congressman repeated his claim about the border on Tuesday.\n\n"
    "Representative Dan Hale said border agents told him that \u201cat least ten fighters "
    "have been caught crossing the southern border in the last month.\u201d\n\n"
    "Officials denied the claim."
)


def test_a_transcripts_lines_are_its_speakers_words_not_narration() -> None:
    page = (
        "The congressman was asked about the border on a talk show.\n\n"
        "Host: Do you have any evidence that they are crossing now?\n\n"
        "Rep. Hale: Yes.\n\n"
        "Host: Tell me what you know.\n\n"
        "Rep. Hale: At least ten fighters have been caught crossing the southern border in "
        "the last month.\n\n"
        "Officials denied the claim."
    )
    assert not run(page, BORDER_WIRE).changes_of(ChangeKind.QUOTE_UNQUOTED)
    # The same words as the page's own narration, no label: unquoted.
    narrated = page.replace("Rep. Hale: At least", "At least")
    narrated = narrated.replace("Host: ", "").replace("Rep. Hale: Yes.\n\n", "")
    assert run(narrated, BORDER_WIRE).changes_of(ChangeKind.QUOTE_UNQUOTED)


RULES_WIRE = (
    "The commissioner answered the new owner on Friday.\n\n"
    "\u201cIn Europe, the company will play by our rules,\u201d Commissioner Lena Brandt wrote "
    "in reply to the owner\u2019s \u201cfree at last\u201d post.\n\n"
    "The owner did not respond."
)


def test_a_quote_rearranged_respun_and_printed_without_marks_is_found() -> None:
    # The clause moved, "rules" -> "laws", the marks gone, the speaker's "our" kept; the
    # headline quotes a piece of it, so the quote is also found in marks elsewhere.
    page = (
        "Commissioner tells owner company will \u201cplay by our laws\u201d\n\n"
        "The commissioner answered the new owner.\n\n"
        'Brandt wrote in reply to the owner\u2019s "free at last" post, The company will play '
        "by our laws in Europe.\n\n"
        "The owner did not respond."
    )
    report = run(page, RULES_WIRE)
    assert covering(report, page, "The company will play by our laws in Europe")
    # Told as a reporter tells it, in the third person: no quote change there.
    told = "the company would play by EU laws"
    reported = page.replace("The company will play by our laws in Europe", told)
    assert not covering(run(reported, RULES_WIRE), reported, told)
