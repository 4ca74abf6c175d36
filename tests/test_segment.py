"""One segmentation contract: the parser and the index's splitter cut at the same paragraph
breaks, single newlines included unless the text is hard-wrapped wire copy."""

from __future__ import annotations

from unspin.core.text import glued_seams, hard_wrapped
from unspin.index.tokens import split_sentences
from unspin.nlp.parse import parse

# A page extracted paragraph by paragraph: a headline-like lead and a photo caption without
# full stops, one newline between paragraphs.
PAGE = (
    "Harbour reopens after storm\n"
    "Cranes on the damaged quay at Port Calloway on Tuesday\n"
    "The harbour authority reopened the night lanes on Friday after engineers checked every "
    "berth. Shipping companies said about forty vessels had waited at anchor.\n"
    "The council will publish its report next month."
)
# Wire copy broken every 60-odd characters mid-sentence.
WRAPPED = (
    "The harbour authority of Port Calloway halted all night shipping\n"
    "on Tuesday after a section of the old cargo pier collapsed into\n"
    "the water during a storm. No one was hurt, but two container\n"
    "cranes were left standing on a damaged quay."
)


def _ends(spans: list[tuple[int, int]]) -> set[int]:
    return {end for _, end in spans}


def test_single_newlines_end_paragraphs_on_a_page_but_not_in_wrapped_wire_copy() -> None:
    assert not hard_wrapped(PAGE)
    assert hard_wrapped(WRAPPED)


def test_parser_and_index_cut_a_page_at_every_paragraph_break() -> None:
    lines_end = {PAGE.index("\n", i) for i in range(len(PAGE)) if PAGE[i] == "\n"}
    parsed = {s.end for s in parse(PAGE).sentences}
    fast = _ends(split_sentences(PAGE))
    assert lines_end <= parsed
    assert lines_end <= fast
    # The caption is a sentence of its own, not glued to the next paragraph's first one.
    assert "Cranes on the damaged quay at Port Calloway on Tuesday" in [
        s.text for s in parse(PAGE).sentences
    ]
    assert parsed == fast


def test_parser_and_index_end_a_sentence_after_a_guillemet_as_after_a_curly_mark() -> None:
    for opening, closing in (("\u201c", "\u201d"), ("\u00ab", "\u00bb")):
        text = (
            f"The harbour master said {opening}No ship sails tonight.{closing} Crews worked on. "
            f"{opening}We will reopen,{closing} she added."
        )
        parsed = [s.text for s in parse(text).sentences]
        fast = [text[a:b] for a, b in split_sentences(text)]
        assert parsed == fast
        assert len(fast) == 3


def test_wrapped_wire_copy_is_not_cut_at_its_line_ends() -> None:
    parsed = [s.text for s in parse(WRAPPED).sentences]
    fast = [WRAPPED[a:b] for a, b in split_sentences(WRAPPED)]
    assert len(parsed) == len(fast) == 2
    assert parsed[0].endswith("during a storm.")
    assert fast[0].endswith("during a storm.")


def test_blocks_glued_with_no_space_are_cut_where_no_name_is() -> None:
    glued = (
        "Dockers at the quay in 2019The harbour authority reopened the night lanes on Friday. "
        "Photo: Port Calloway authorityThe council will publish its report next month."
    )
    parsed = [s.text for s in parse(glued).sentences]
    fast = [glued[a:b] for a, b in split_sentences(glued)]
    assert parsed == fast
    assert parsed[0] == "Dockers at the quay in 2019"
    assert parsed[1].startswith("The harbour authority")
    assert parsed[-1].startswith("The council")
    # names and brands written with an inner capital are words, not seams
    names = "McDonald and LeBron posted on YouTube from an iPhone about PlayStation and macOS."
    assert glued_seams(names) == []
    assert [s.text for s in parse(names).sentences] == [names]


def test_a_story_reads_the_same_wrapped_at_any_width_or_not_at_all() -> None:
    import textwrap

    import unspin
    from unspin.core.model import Article

    story = (
        "Port Calloway Harbour Reopens Night Lanes, Says Mayor Ines Calder On Visit To Quay\n\n"
        "The harbour authority of Port Calloway reopened all night shipping on Friday after "
        'engineers checked every berth of the old cargo pier. "We will not close the lanes '
        'again until the spring survey," harbour master Ines Calder said on Friday evening.\n\n'
        "Shipping companies said about forty vessels had waited at anchor for three days, "
        "most of them carrying grain and timber for the northern mills on the coast."
    )
    source = Article(id="wire", text=story)
    outcomes = []
    for width in (None, 72, 55):
        text = story if width is None else "\n\n".join(
            textwrap.fill(p, width) for p in story.split("\n\n")
        )  # fmt: skip
        if width:
            assert hard_wrapped(text)
        parsed = [" ".join(s.text.split()) for s in parse(text).sentences]
        copy = unspin.compare(Article(id="copy", text=text.replace("three days", "3 days")), source)
        outcomes.append(
            (parsed, copy.verdict, [(c.kind, c.from_, c.to) for c in copy.changes], copy.quotes)
        )
    first = outcomes[0]
    for other in outcomes[1:]:
        assert other[0] == first[0]  # the same sentences
        assert other[1:3] == first[1:3]  # the same verdict and changes
        assert [(q.text.split(), q.speaker) for q in other[3]] == [
            (q.text.split(), q.speaker) for q in first[3]
        ]
