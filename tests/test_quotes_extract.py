"""Quote extraction and speaker attribution (issue 3). All example sentences are invented."""

from __future__ import annotations

import pytest

from unspin.comparison.quotes import extract_quote_details, extract_quotes
from unspin.comparison.quotes.marks import scan_quotes
from unspin.comparison.quotes.names import same_speaker
from unspin.core.model import Quote
from unspin.nlp.parse import parse


def only_direct(text: str) -> list[Quote]:
    return [q for q in extract_quotes(text) if q.direct]


def one_direct(text: str) -> Quote:
    quotes = only_direct(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


# -- quotation marks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('Arlen Voss said: "We will not yield."', "We will not yield."),
        ("Arlen Voss said: “We will not yield.”", "We will not yield."),
        ("Arlen Voss said: ‘We will not yield.’", "We will not yield."),
        ("Arlen Voss said: 'We will not yield.' The talks resumed.", "We will not yield."),
        ("Arlen Voss said: «We will not yield.»", "We will not yield."),
        ("Arlen Voss said: „We will not yield.“", "We will not yield."),
        ("Arlen Voss said: « We will not yield. »", "We will not yield."),
    ],
    ids=["straight", "curly", "curly-single", "straight-single", "guillemets", "low-9", "spaced"],
)
def test_quote_marks_of_every_style(text: str, content: str) -> None:
    q = one_direct(text)
    assert q.text == content
    assert text[q.start : q.end] == content
    assert q.speaker == "Arlen Voss"
    assert q.cue == "said"


@pytest.mark.parametrize(
    "text",
    [
        "It's the '90s, and the leaders' summit won't change that.",
        "The players' union met on Tuesday. Nobody's sure what's next.",
    ],
    ids=["contractions", "possessive-plural"],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert scan_quotes(text) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Dana Whitfield said: “She told me ‘never again’ and walked out.”",
            "She told me ‘never again’ and walked out.",
        ),
        (
            "Dana Whitfield said: 'She told me \"never again\" and walked out.'",
            'She told me "never again" and walked out.',
        ),
        (
            'Dana Whitfield said: "The sign read “Closed for good” this morning."',
            "The sign read “Closed for good” this morning.",
        ),
    ],
    ids=["single-in-double", "double-in-single", "curly-in-straight"],
)
def test_nested_quotes_stay_inside_the_outer_quote(text: str, content: str) -> None:
    q = one_direct(text)
    assert q.text == content
    assert q.speaker == "Dana Whitfield"


# -- shapes of quotes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            '"We oppose it," Arlen Voss said, "and always will."',
            "We oppose it, and always will.",
        ),
        (
            "“The port is closed,” said Lina Ortez. “It will reopen in May.”",
            "The port is closed. It will reopen in May.",
        ),
    ],
    ids=["same-sentence", "next-sentence"],
)
def test_quote_split_by_its_attribution_is_one_quote(text: str, content: str) -> None:
    details = [d for d in extract_quote_details(text) if d.quote.direct]
    assert len(details) == 1
    d = details[0]
    assert d.quote.text == content
    assert len(d.parts) == 2
    assert d.attribution == "split"
    assert d.quote.speaker in ("Arlen Voss", "Lina Ortez")


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Brandt spoke first. “We audited every contract. We found nothing.”",
        'Tomas Brandt said: "We audited every contract. We found nothing."',
    ],
    ids=["curly", "straight"],
)
def test_quote_of_several_sentences(text: str) -> None:
    q = one_direct(text)
    assert q.text == "We audited every contract. We found nothing."


@pytest.mark.parametrize(
    "mark",
    ['"', "“"],
    ids=["straight", "curly"],
)
def test_quote_over_paragraphs_news_convention(mark: str) -> None:
    close = '"' if mark == '"' else "”"
    text = (
        "Dana Whitfield spoke at the rally.\n\n"
        f"{mark}We will win this district. We will knock on every door.\n\n"
        f"{mark}And we will not stop until the last vote is counted,{close} she said.\n\n"
        "The rally ended at dusk."
    )
    details = [d for d in extract_quote_details(text) if d.quote.direct]
    assert len(details) == 1
    d = details[0]
    assert len(d.parts) == 2
    assert d.quote.text.startswith("We will win this district.")
    assert d.quote.text.endswith("until the last vote is counted")
    assert d.quote.speaker == "Dana Whitfield"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            'Kennedy said: "It would be "a recruiting sergeant" for extremists." He left.',
            ['It would be "a recruiting sergeant" for extremists.'],
        ),
        (
            'He warned it would be "a recruiting sergeant" for extremists". He left. '
            'Later he said "we are ready."',
            ["a recruiting sergeant", "we are ready."],
        ),
        (
            'The rate was 16.99, against last week"s rate of 15. "Demand was strong," it said.',
            ["Demand was strong,"],
        ),
        (
            # the page dropped the first quote's closing mark: the next opening mark ends it
            'The mayor said "we will rebuild, and the council said "the money is there." It is.',
            ["we will rebuild, and the council said"],
        ),
        # a scraped page lost the space before an opening mark
        ('The mayor said"We will rebuild," and left.', ["We will rebuild,"]),
        # ... or the space after a full stop (paragraphs joined with nothing between them)
        ('The vote was delayed."We will rebuild," she said.', ["We will rebuild,"]),
        ('Was it over?"not yet," she said.', ["not yet,"]),
        # a CMS curled such a mark as a closing one
        ("The crowd cheered.\u201dIt is very loud,\u201d he said.", ["It is very loud,"]),
    ],
    ids=[
        "nested-straight",
        "orphan-close",
        "inside-a-word",
        "closing-mark-dropped",
        "glued",
        "glued-after-stop",
        "glued-after-question",
        "curled-glued-after-stop",
    ],
)
def test_straight_double_marks_read_by_where_they_stand(text: str, quoted: list[str]) -> None:
    # A straight mark that can only open, inside an open quote, opens a quote within it; one
    # that can only close, with nothing open, or one inside a word, quotes nothing after it.
    assert [text[q.start : q.end] for q in scan_quotes(text)] == quoted


@pytest.mark.parametrize("close", ['"', "”"], ids=["straight", "curly"])
def test_quote_split_over_paragraphs_without_a_continuation_mark(close: str) -> None:
    # A desk re-paragraphed the story and broke a quote in two; the second paragraph opens
    # with no mark, and its first mark can only close: the quote runs on into it.
    opening = '"' if close == '"' else "“"
    text = (
        f"{opening}I think they wanted a way out.\n\n"
        f"Now it sounds like they're going to buy themselves out,{close} said Ed Marlow, "
        "an analyst with Pike & Co.\n\nShares rose 3%."
    )
    quotes = only_direct(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("I think they wanted a way out.")
    assert quotes[0].text.endswith("buy themselves out")
    assert quotes[0].speaker == "Ed Marlow"


@pytest.mark.parametrize(
    ("opening", "closing"), [("'", "'"), ("\u2018", "\u2019")], ids=["straight", "curly"]
)
def test_a_single_mark_quote_of_several_paragraphs_joined_into_one(
    opening: str, closing: str
) -> None:
    # A British desk's quote of two paragraphs, each opening with a mark, flattened into one
    # paragraph: the second opening mark ends the first part, it does not nest inside it.
    text = (
        f"Ines Calder added: {opening}We had worked hard for a long time. "
        f"{opening}Of course it's special, but nothing beats the gold.{closing} She left."
    )
    assert [text[q.start : q.end] for q in scan_quotes(text)] == [
        "We had worked hard for a long time.",
        "Of course it's special, but nothing beats the gold.",
    ]


def test_a_statement_set_one_sentence_a_line_is_one_quote_from_its_first_to_its_last_mark() -> None:
    # Marked only where it opens and where it closes, each sentence on a line of its own.
    text = (
        "The harbour master spoke after the collapse.\n"
        "\u201cNo ship sails tonight.\n"
        "Every berth will be inspected.\n"
        "Safety comes before the timetable.\u201d\n"
        "Crews worked through the night."
    )
    quotes = scan_quotes(text)
    assert len(quotes) == 1
    assert [text[s:e] for s, e in quotes[0].parts] == [
        "No ship sails tonight.",
        "Every berth will be inspected.",
        "Safety comes before the timetable.",
    ]


@pytest.mark.parametrize("close", ["\u2019", "'"], ids=["curly", "straight"])
def test_a_single_mark_set_off_by_a_space_after_the_stop_closes_the_quote(close: str) -> None:
    # Spinners and some CMSs print "... a country. ’" with a space before the closing mark.
    opening = "\u2018" if close == "\u2019" else "'"
    text = (
        f"Kim said Trump is {opening}unfit to hold the command of a country. {close} He also "
        f"called him {opening}a gangster{close}."
    )
    assert [text[q.start : q.end] for q in scan_quotes(text)] == [
        "unfit to hold the command of a country.",
        "a gangster",
    ]


def test_unclosed_quote_is_not_carried_into_a_paragraph_of_narration() -> None:
    text = '"I think they wanted a way out.\n\nNow it has gone, said Ed Marlow.'
    assert [text[s:e] for q in scan_quotes(text) for s, e in q.parts] == [
        "I think they wanted a way out."
    ]


def test_a_british_quote_over_paragraphs_that_lost_its_closing_mark_is_still_quoted() -> None:
    # Each paragraph of the statement opens with a single mark (the British convention) and
    # the page lost the last closing one: the carried quote is a quote, not apostrophes.
    text = (
        "The statement said: \u2018We have decided to step back from our duties this year.\n\n"
        "\u2018We will divide our time between two countries and keep our \u201ckey\u201d "
        "roles.\n\n"
        "\u2018Until then, please accept our deepest thanks.\n\n"
        "The palace did not comment."
    )
    (quote,) = scan_quotes(text)
    assert [text[s:e] for s, e in quote.parts] == [
        "We have decided to step back from our duties this year.",
        "We will divide our time between two countries and keep our \u201ckey\u201d roles.",
        "Until then, please accept our deepest thanks.",
    ]
    assert quote.close_pos is None


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "He said he bought the site \u2018to help the public\n\nHe fired its chief.",
            ["to help the public"],
        ),
        ("Bands of the \u201890s played all night long.\n\nThey were loud.", []),
        ("They played rock \u2018em all night long at the club.\n\nNext.", []),
    ],
    ids=["lost-close", "elided-year", "elided-word"],
)
def test_a_single_mark_left_open_to_the_paragraphs_end(text: str, quoted: list[str]) -> None:
    # A quote whose closing mark was lost ends with its paragraph, as a double one does; an
    # apostrophe typed as an opening mark opens nothing.
    assert [text[q.start : q.end] for q in scan_quotes(text)] == quoted


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "Olsen said there were posts, but 'we've seen nothing to indicate any plot to "
            "move operatives' across the border.",
            ["we've seen nothing to indicate any plot to move operatives"],
        ),
        (
            "Kasper said the men 'with known militant affiliations' came from a 'senior "
            "source within the agency,' and he is merely 'passing on what he knows.'",
            [
                "with known militant affiliations",
                "senior source within the agency,",
                "passing on what he knows.",
            ],
        ),
        ("The ministers' talks ended. 'It went well,' she said.", ["It went well,"]),
    ],
    ids=["apostrophe-inside", "three-quotes", "possessive-then-quote"],
)
def test_single_marks_closing_after_a_plural(text: str, quoted: list[str]) -> None:
    # A British desk's single marks: a close after an s reads like a plural possessive
    # ("operatives' across"); when the quote is never otherwise closed, that was its close.
    assert [text[q.start : q.end] for q in scan_quotes(text)] == quoted


def test_quote_continued_in_a_joined_paragraph_does_not_swallow_the_narration() -> None:
    # The paragraph break between a quote left open and its continuation was lost.
    text = (
        'Lena Ortiz told reporters: "The bridge is safe and needs to be reopened. '
        '"Some repairs have to be made before winter." '
        "The work will be paid for by the county, the council said."
    )
    quotes = only_direct(text)
    assert [q.text for q in quotes] == [
        "The bridge is safe and needs to be reopened.",
        "Some repairs have to be made before winter.",
    ]


@pytest.mark.parametrize("cue", ["Continued", "Added", "Warned"])
def test_attribution_with_the_verb_first_names_the_speaker(cue: str) -> None:
    text = (
        "Marta Quill, the county's election chief, spoke first.\n\n"
        "Ivo Sandberg disagreed with the plan.\n\n"
        f"{cue} Sandberg: “The machines are old. Nobody has checked them in years.”"
    )
    quote = one_direct(text)
    assert quote.speaker == "Ivo Sandberg"


def test_paragraph_of_quote_continues_the_previous_speaker() -> None:
    text = (
        '"We have reviewed every contract," said Tomas Brandt, the auditor.\n\n'
        '"Nothing was hidden from us."\n\n'
        "The audit ends in June."
    )
    quotes = only_direct(text)
    assert quotes
    assert all(q.speaker == "Tomas Brandt" for q in quotes)
    assert "Nothing was hidden from us." in " ".join(q.text for q in quotes)


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Finance Minister Tomas Brandt called the budget “a reckless gamble” on Monday.",
            "a reckless gamble",
            "Tomas Brandt",
        ),
        (
            'Lina Ortez described the talks as "frank and useful" before leaving.',
            "frank and useful",
            "Lina Ortez",
        ),
    ],
    ids=["called", "described-as"],
)
def test_partial_quote_inside_narration(text: str, content: str, speaker: str) -> None:
    details = [d for d in extract_quote_details(text) if d.quote.direct]
    assert len(details) == 1
    assert details[0].partial
    assert details[0].quote.text == content
    assert details[0].quote.speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        'In a statement, Mr. Okafor said: "The mill was a success when it was spun off," '
        "adding that its market value quadrupled in a year.",
        'Dana Okafor said: "The mill was a success," adding that sales doubled.',
    ],
    ids=["titled", "full-name"],
)
def test_participle_after_the_quote_does_not_take_a_speaker_from_what_follows(text: str) -> None:
    # "..., adding that its market value ...": the participle's subject is the speaker
    # before the quote, not the first noun of what was added ("market", "sales").
    q = one_direct(text)
    assert q.speaker is not None and q.speaker.endswith("Okafor")


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Mayor Lina Ortez said that the bridge would reopen in May.",
            "the bridge would reopen in May",
            "Lina Ortez",
        ),
        (
            "Arlen Voss told reporters that the tariffs would be lifted.",
            "the tariffs would be lifted",
            "Arlen Voss",
        ),
        (
            "The bridge would reopen in May, Lina Ortez said.",
            "The bridge would reopen in May",
            "Lina Ortez",
        ),
    ],
    ids=["said-that", "told-that", "inverted"],
)
def test_indirect_speech_is_marked_indirect(text: str, content: str, speaker: str) -> None:
    quotes = [q for q in extract_quotes(text) if not q.direct]
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text == content
    assert text[q.start : q.end] == content
    assert q.speaker == speaker
    assert q.cue in ("said", "told")


def test_scare_quotes_and_titles_are_not_speech() -> None:
    text = "Arlen Voss appeared on “Meet the Nation” and later read “The Long Winter” aloud."
    assert only_direct(text) == []


# -- speakers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ('"The harbour will reopen next week," Lina Ortez said.', "said"),
        ('"The harbour will reopen next week," said Lina Ortez, the port director.', "said"),
        ('Lina Ortez told reporters: "The harbour will reopen next week."', "told"),
        ('According to Lina Ortez, "the harbour will reopen next week."', "according to"),
        (
            'Lina Ortez, who runs the port authority, said: "The harbour will reopen next week."',
            "said",
        ),
        ('Lina Ortez: "The harbour will reopen next week."', ":"),
        ("“The harbour will reopen next week,” Lina Ortez warned.", "warned"),
    ],
    ids=["x-said", "said-x", "x-told-y", "according-to", "x-who-said", "headline-colon", "warned"],
)
def test_speaker_patterns(text: str, cue: str) -> None:
    q = one_direct(text)
    assert q.speaker == "Lina Ortez"
    assert q.cue == cue
    assert q.speaker_start is not None and q.speaker_end is not None
    assert "Ortez" in text[q.speaker_start : q.speaker_end]


def test_titles_dropped_and_name_forms_normalised_within_the_article() -> None:
    text = (
        'Norlandian President Arlen Voss said: "We will not accept the new tariffs."\n\n'
        '"The tariffs are unfair," Voss added.\n\n'
        'Mr. Voss later met the press. "It is a dark day," the president said.'
    )
    quotes = only_direct(text)
    assert [q.speaker for q in quotes] == ["Arlen Voss"] * 3
    mentions = [text[q.speaker_start or 0 : q.speaker_end or 0] for q in quotes]
    assert mentions == ["Arlen Voss", "Voss", "the president"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Supreme Leader Ilya Markov received the delegation on Monday.\n\n"
            '"Our patience has limits," the supreme leader said.',
            "Ilya Markov",
        ),
        (
            "Lina Ortez, the port director, opened the meeting.\n\n"
            '"We are ready," the director said.',
            "Lina Ortez",
        ),
    ],
    ids=["title-before-name", "appositive"],
)
def test_role_resolves_to_the_person_given_that_role(text: str, speaker: str) -> None:
    assert one_direct(text).speaker == speaker


def test_a_roles_appositive_name_is_the_speaker_though_the_tagger_calls_it_an_org() -> None:
    # spaCy's small model tags "General Tunde Bello" as an organisation here.
    text = (
        "The chief of Nigeria's army, General Tunde Bello, said \"the operation will continue "
        'until every hostage is free."'
    )
    assert one_direct(text).speaker == "General Tunde Bello"
    # An organisation's name beside a role stays an organisation, not a person.
    union = (
        'The leader of the union, the Transport Workers Union, said "we will not go back '
        'until we are paid."'
    )
    assert one_direct(union).speaker == "The leader"


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            'Maria Keller arrived in the capital on Sunday. "I came to listen," she said.',
            ["Maria Keller"],
        ),
        (
            "Hillary Nordberg spoke after Tomas Brandt. "
            '"I am ready," she said. "So am I," he said.',
            ["Hillary Nordberg", "Tomas Brandt"],
        ),
    ],
    ids=["nearest-person", "gender-fit"],
)
def test_pronoun_resolves_to_the_nearest_fitting_person(text: str, speakers: list[str]) -> None:
    assert [q.speaker for q in only_direct(text)] == speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('State TV reported: "The border crossings will close at midnight."', "State TV"),
        (
            '"The border crossings will close at midnight," Ilya Markov said, '
            "according to state TV.",
            "Ilya Markov",
        ),
        (
            'Ilya Markov said: "The border crossings will close at midnight," state TV reported.',
            "Ilya Markov",
        ),
    ],
    ids=["channel-alone", "person-according-to-channel", "person-then-channel"],
)
def test_channel_is_a_channel_not_a_person(text: str, speaker: str) -> None:
    assert one_direct(text).speaker == speaker


def test_channel_is_not_an_antecedent_for_a_pronoun() -> None:
    text = (
        "Ilya Markov addressed the assembly. State TV reported the speech live.\n\n"
        '"We will rebuild," he said.'
    )
    assert one_direct(text).speaker == "Ilya Markov"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Putin", "Vladimir Putin", True),
        ("Russian President Vladimir Putin", "Putin", True),
        ("Mr. Voss", "Arlen Voss", True),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Arlen Voss", "Ilya Markov", False),
        (None, "Arlen Voss", None),
    ],
)
def test_same_speaker(a: str | None, b: str | None, same: bool | None) -> None:
    assert same_speaker(a, b) is same


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        '"',
        "“”",
        '" " " "',
        "Tomas Brandt said: \"The deal is done.\n\nThe markets rose on the news. 'And then",
        "“Open and never closed. ‘Nested and never closed.",
        "”Backwards” marks «» and ‹lonely› 「quotes」 everywhere”“",
    ],
    ids=[
        "empty",
        "blank",
        "lone-mark",
        "empty-quote",
        "only-marks",
        "unbalanced",
        "unclosed-nested",
        "mixed",
    ],
)
def test_bad_input_does_not_crash(text: str) -> None:
    quotes = extract_quotes(text)
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert q.text.strip()


def test_unbalanced_quote_ends_with_its_paragraph() -> None:
    text = 'Tomas Brandt said: "The deal is done.\n\nThe markets rose on the news.'
    details = extract_quote_details(text)
    direct = [d for d in details if d.quote.direct]
    assert len(direct) == 1
    assert direct[0].quote.text == "The deal is done."
    assert not direct[0].closed


def test_quote_running_to_the_end_of_the_article() -> None:
    text = 'The statement ended with a warning. Lina Ortez said: "Nobody will be spared'
    q = one_direct(text)
    assert q.text == "Nobody will be spared"
    assert q.end == len(text)
    assert q.speaker == "Lina Ortez"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Der Minister Arlen Voss said: „Wir werden das nicht akzeptieren.“",
            "Wir werden das nicht akzeptieren.",
        ),
        ("Arlen Voss said: « Nous ne céderons pas. »", "Nous ne céderons pas."),
        ("Ilya Markov said: 「我们不会让步。」", "我们不会让步。"),
        ("Ilya Markov said: «Мы не отступим».", "Мы не отступим"),
    ],
    ids=["german", "french", "chinese", "russian"],
)
def test_quotes_in_other_languages(text: str, content: str) -> None:
    q = one_direct(text)
    assert q.text == content
    assert q.speaker in ("Arlen Voss", "Ilya Markov")


_NAMES = ["Arlen Voss", "Ilya Markov", "Lina Ortez", "Tomas Brandt", "Dana Whitfield"]


def _article(n: int) -> str:
    return "\n\n".join(f'"Levy {i} stays," {_NAMES[i % len(_NAMES)]} said.' for i in range(n))


def test_thousands_of_quotes() -> None:
    # Scaling is measured in benchmarks/quotes_eval.py, not timed here (the machine is noisy).
    small_text, big_text = _article(250), _article(1000)
    small = extract_quotes(small_text, parse(small_text))
    big = extract_quotes(big_text, parse(big_text))
    assert len([q for q in small if q.direct]) == 250
    big_direct = [q for q in big if q.direct]
    assert len(big_direct) == 1000
    for i, q in enumerate(big_direct):
        assert q.text == f"Levy {i} stays"
        assert q.speaker == _NAMES[i % len(_NAMES)]


def test_public_api() -> None:
    import unspin.comparison.quotes as quotes

    assert quotes.__all__ == sorted(quotes.__all__)
    assert {"compare_quotes", "extract_quotes"} <= set(quotes.__all__)
