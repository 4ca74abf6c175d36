"""The spin simulator (benchmarks/spinsim.py) plants edits whose ground truth is consistent."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import spinsim
from spinsim import EditKind, SpunArticle, spin
from unspin.core.model import Article

# A fictional wire story, written for these tests.
STORY = """Officials in the U.S. said on Tuesday that the United Nations would send 1,200 \
observers to Veloria by March 3. The decision followed weeks of talks in Geneva, and the \
council approved the plan without a formal vote.

The mission will cost about 45.5 million dollars, according to a statement from the UN. \
"We expect the observers to arrive quickly and to stay for as long as they are needed," \
said Mara Lindqvist, a spokeswoman for the organisation. Britain's envoy welcomed the move; \
she stressed that the observers would stay for six months.

Vladimir Putin commented on the plan on Wednesday. Critics argued that the previous mission \
had failed to protect civilians in the northern provinces. The government of Veloria has \
rejected similar proposals since March 1998, but officials now say they will cooperate fully.

The Federal Reserve Board was not involved in the talks. Prices of food rose 12 percent in \
the capital last month, and the central bank raised interest rates twice. The observers will \
report to the Security Council every 30 days. A final report is due on 14 April. \
Delegates from 23 countries attended the meeting in the U.S.
"""

INSERTS = (
    "A local football club won its first trophy in a decade.",
    "Heavy rain closed two mountain roads on Sunday.",
)

FULL = dict(
    entity_alias_rate=1.0,
    synonym_rate=0.4,
    reorder_rate=0.3,
    split_rate=1.0,
    merge_rate=0.3,
    delete_rate=0.15,
    number_change_rate=0.6,
    date_change_rate=0.6,
    drop_quote_marks_rate=1.0,
)

TOKEN_KINDS = {
    EditKind.ENTITY_SWAP,
    EditKind.SYNONYM_SWAP,
    EditKind.NUMBER_CHANGED,
    EditKind.DATE_CHANGED,
    EditKind.QUOTE_UNQUOTED,
}


@pytest.fixture(scope="module")
def source() -> Article:
    return Article(text=STORY, title="UN to send observers to Veloria", id="story-1")


def _spin(source: Article, seed: int, **rates: Any) -> SpunArticle:
    return spin(source, rng=random.Random(seed), insert_sentences=INSERTS, **rates)


def _lis_complement(keys: list[int]) -> set[int]:
    unique, in_lis = spinsim._lis(keys)
    assert unique
    return {i for i in range(len(keys)) if i not in in_lis}


def check_ground_truth(spun: SpunArticle) -> None:
    src, der = spun.source.text, spun.derivative.text
    # Sentences: spans point at their text, in order, without overlap.
    prev_end = -1
    for sent in spun.sentences:
        assert der[sent.start : sent.end] == sent.text
        assert sent.start > prev_end
        prev_end = sent.end
    for ss in spun.source_sentences:
        assert src[ss.start : ss.end] == ss.text
    # Untouched sentences are byte-identical to their one source sentence.
    for sent in spun.sentences:
        if sent.untouched:
            assert sent.source_sentences is not None and len(sent.source_sentences) == 1
            assert sent.text == spun.source_sentences[sent.source_sentences[0]].text
    # Token edits: from/to are exactly the spanned text on each side.
    for edit in spun.edits:
        if edit.kind in TOKEN_KINDS:
            assert edit.start is not None and edit.end is not None
            assert edit.source_start is not None and edit.source_end is not None
            assert der[edit.start : edit.end] == edit.to
            assert src[edit.source_start : edit.source_end] == edit.from_
            assert edit.from_ != edit.to
            (d_idx,) = edit.sentences
            sent = spun.sentences[d_idx]
            assert sent.start <= edit.start and edit.end <= sent.end
            assert not sent.untouched
            (s_idx,) = edit.source_sentences
            ss = spun.source_sentences[s_idx]
            assert ss.start <= edit.source_start and edit.source_end <= ss.end
            assert sent.source_sentences is not None and s_idx in sent.source_sentences
    # Undoing the token edits of a one-to-one sentence gives back its source sentence.
    by_sentence: dict[int, list[spinsim.PlantedEdit]] = {}
    for edit in spun.edits:
        if edit.kind in TOKEN_KINDS:
            by_sentence.setdefault(edit.sentences[0], []).append(edit)
    structural = {
        i for e in spun.edits if e.kind in {EditKind.SPLIT, EditKind.MERGE} for i in e.sentences
    }
    for sent in spun.sentences:
        if sent.source_sentences is None or sent.index in structural:
            continue
        restored = sent.text
        for edit in sorted(by_sentence.get(sent.index, []), key=lambda e: -(e.start or 0)):
            a, b = (edit.start or 0) - sent.start, (edit.end or 0) - sent.start
            restored = restored[:a] + (edit.from_ or "") + restored[b:]
        assert restored == spun.source_sentences[sent.source_sentences[0]].text
    # Every source sentence is either dropped or used by exactly one derivative unit.
    dropped = {e.source_sentences[0] for e in spun.edits if e.kind == EditKind.DROPPED}
    used: dict[int, set[int]] = {}
    for sent in spun.sentences:
        for k in sent.source_sentences or ():
            used.setdefault(k, set()).add(sent.index)
    assert dropped.isdisjoint(used)
    assert dropped | set(used) == set(range(len(spun.source_sentences)))
    for edit in spun.edits:
        if edit.kind == EditKind.DROPPED:
            assert edit.start is None and edit.end is None
            ss = spun.source_sentences[edit.source_sentences[0]]
            assert (edit.source_start, edit.source_end) == (ss.start, ss.end)
        elif edit.kind == EditKind.INSERTED:
            assert edit.source_start is None
            (i,) = edit.sentences
            assert spun.sentences[i].source_sentences is None
            assert der[edit.start : edit.end] in INSERTS
        elif edit.kind == EditKind.SPLIT:
            a, b = edit.sentences
            assert b == a + 1
            assert spun.sentences[a].source_sentences == spun.sentences[b].source_sentences
            assert (edit.start, edit.end) == (spun.sentences[a].start, spun.sentences[b].end)
        elif edit.kind == EditKind.MERGE:
            (i,) = edit.sentences
            k1, k2 = edit.source_sentences
            assert k2 == k1 + 1 and spun.sentences[i].source_sentences == (k1, k2)
    # Reordered: exactly the sentences outside the unique longest run in source order.
    units: list[tuple[int, list[int]]] = []
    for sent in spun.sentences:
        if sent.source_sentences is None:
            continue
        first = sent.source_sentences[0]
        if units and units[-1][0] == first:
            units[-1][1].append(sent.index)  # the second half of a split
        else:
            units.append((first, [sent.index]))
    moved_units = _lis_complement([u[0] for u in units])
    expected = {i for k in moved_units for i in units[k][1]}
    planted = {e.sentences[0] for e in spun.edits if e.kind == EditKind.REORDERED}
    assert planted == expected
    assert not any(spun.sentences[i].untouched for i in planted)


@pytest.mark.parametrize("seed", range(8))
def test_ground_truth_is_consistent(source: Article, seed: int) -> None:
    check_ground_truth(_spin(source, seed, **FULL))


@pytest.mark.parametrize("seed", [0, 1])
def test_seeded_runs_are_reproducible(source: Article, seed: int) -> None:
    first, second = _spin(source, seed, **FULL), _spin(source, seed, **FULL)
    assert first == second
    assert first.derivative.text == second.derivative.text


@pytest.mark.parametrize("seeds", [(0, 1)])
def test_different_seeds_differ(source: Article, seeds: tuple[int, int]) -> None:
    a, b = (_spin(source, s, **FULL) for s in seeds)
    assert a.derivative.text != b.derivative.text


@pytest.mark.parametrize("rates", [{}])
def test_zero_rates_leave_every_sentence_untouched(source: Article, rates: dict[str, Any]) -> None:
    spun = spin(source, rng=random.Random(0), **rates)
    assert spun.edits == ()
    assert all(s.untouched for s in spun.sentences)
    assert [s.text for s in spun.sentences] == [s.text for s in spun.source_sentences]
    assert spun.derivative.text == source.text.strip()


def test_every_kind_is_planted_somewhere(source: Article) -> None:
    kinds: set[EditKind] = set()
    for seed in range(8):
        kinds |= {e.kind for e in _spin(source, seed, **FULL).edits}
    assert kinds == set(EditKind)


@pytest.mark.parametrize("kind", [EditKind.ENTITY_SWAP, EditKind.SYNONYM_SWAP])
def test_no_token_edit_inside_quotes(source: Article, kind: EditKind) -> None:
    quote = STORY.index('"We expect')
    quote_end = STORY.index('," said') + 2
    for seed in range(8):
        spun = _spin(source, seed, entity_alias_rate=1.0, synonym_rate=1.0)
        for edit in spun.edits_of(kind):
            assert edit.source_end is not None and edit.source_start is not None
            assert edit.source_end <= quote or edit.source_start >= quote_end


def test_entity_aliases_follow_the_rules(source: Article) -> None:
    swaps = [
        e for s in range(6) for e in _spin(source, s, entity_alias_rate=1.0).edits_of("entity_swap")
    ]
    pairs = {(e.from_, e.to) for e in swaps}
    froms = {e.from_ for e in swaps}
    # "Federal Reserve Board" is a longer name; "in the U.S." ends a sentence.
    assert "Federal Reserve" not in froms and "the Federal Reserve" not in froms
    assert all(e.source_end != STORY.rstrip().rindex(".") for e in swaps)
    # Punctuation-only variants are not swaps; "the" goes with aliases that need it.
    assert ("U.S.", "US") not in pairs and ("the U.S.", "the US") not in pairs
    for e in swaps:
        assert spinsim._bare(e.from_ or "") != spinsim._bare(e.to or "")
        if e.to == "America":
            assert (e.from_ or "").lower().startswith("the ")
    assert any(e.from_ == "Vladimir Putin" and e.to == "Putin" for e in swaps)


@pytest.mark.parametrize(
    ("base", "tag", "expected"),
    [
        ("state", "VBD", "stated"),
        ("carry", "VBZ", "carries"),
        ("watch", "VBZ", "watches"),
        ("arrange", "VBG", "arranging"),
        ("stop", "VBD", "stopped"),  # doubling, as WordNet's exception list has it
        ("visit", "VBD", "visited"),
        ("carry", "VBD", "carried"),
        ("take", "VBN", None),  # irregular: skipped
        ("mouse", "NNS", None),  # irregular plural: skipped
        ("plan", "NN", "plan"),
        ("quick", "JJR", None),
    ],
)
def test_inflection(base: str, tag: str, expected: str | None) -> None:
    res = spinsim.default_resources()
    assert spinsim._inflect(base, tag, res.irregular) == expected


def test_synonyms_are_wordnet_synonyms_of_the_same_pos(source: Article) -> None:
    w = spinsim.default_resources().wordnet
    swaps = [
        e for s in range(4) for e in _spin(source, s, synonym_rate=1.0).edits_of("synonym_swap")
    ]
    assert len(swaps) >= 5
    for e in swaps:
        old, new = (e.from_ or "").lower(), (e.to or "").lower()
        shared = [
            ss for pos in "vnar" for ss in w.synsets(old, pos=pos) if ss in w.synsets(new, pos=pos)
        ]
        assert shared, (old, new)


def test_a_cheap_spinners_synonyms_come_from_any_frequent_sense(source: Article) -> None:
    # crude_synonyms: a lemma of any of the word's frequent senses, phrases included; more
    # words are swapped than with the careful first-sense thesaurus, and the ground truth
    # still holds.
    w = spinsim.default_resources().wordnet
    crude, careful = [], []
    for seed in range(4):
        spun = _spin(source, seed, synonym_rate=1.0, crude_synonyms=True)
        check_ground_truth(spun)
        crude += spun.edits_of("synonym_swap")
        careful += _spin(source, seed, synonym_rate=1.0).edits_of("synonym_swap")
    assert len(crude) > len(careful)
    for e in crude:
        # A lemma of one of the old word's senses, one of its words inflected like the old.
        new = (e.to or "").lower().split(" ")
        old = (e.from_ or "").lower()
        bases = {old, old[:-1], old[:-2], old[:-3]}  # "talks" -> "talk", "failed" -> "fail"
        lemmas = [
            lem.name().split("_")
            for pos in "vnar"
            for base in bases
            for ss in w.synsets(base, pos=pos)
            for lem in ss.lemmas()
        ]
        assert any(
            len(n) == len(new) and all(a[:2] == b[:2] for a, b in zip(new, n, strict=True))
            for n in lemmas
        ), (e.from_, e.to)


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_rates_are_checked(source: Article, value: float) -> None:
    with pytest.raises(ValueError, match="synonym_rate"):
        spin(source, rng=random.Random(0), synonym_rate=value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [('He said: "We will win." She left.', 1), ('"One. "Two. "Three," he said.', 0)],
)
def test_quote_pairs(text: str, expected: int) -> None:
    regions, pairs = spinsim._quote_regions(text)
    assert len(pairs) == expected
    assert regions


@pytest.mark.parametrize("seed", range(3))
def test_repeated_sentences_are_never_dropped_or_moved(seed: int) -> None:
    repeated = "Photo is from the agency archive."
    text = " ".join(
        [
            "The port reopened after a storm closed it for three days.",
            repeated,
            "Ships queued outside the harbour for most of the morning.",
            "Dock workers cleared debris from two of the piers.",
            repeated,
            "The harbour master expects normal traffic by the weekend.",
        ]
    )
    spun = spin(Article(text=text), rng=random.Random(seed), delete_rate=1.0, reorder_rate=1.0)
    check = {e.source_sentences[0] for e in spun.edits if e.kind == EditKind.DROPPED}
    check |= {e.source_sentences[0] for e in spun.edits if e.kind == EditKind.REORDERED}
    assert check.isdisjoint({1, 4})
    assert spun.edits_of(EditKind.DROPPED)


NUMBERS = (
    "Prices rose 12 percent in the year to March 3. The index closed at 1987 points at "
    "1600 GMT on Friday, the exchange said. Shipments of the PlayStation 3 reached 40,000 "
    "units, the company said. The town was founded in 1770 by settlers from the coast."
)


@pytest.mark.parametrize("seed", range(3))
def test_numbers_skip_dates_years_times_and_names(seed: int) -> None:
    spun = spin(Article(text=NUMBERS), rng=random.Random(seed), number_change_rate=1.0)
    changed = {e.from_ for e in spun.edits_of(EditKind.NUMBER_CHANGED)}
    assert changed == {"12", "40,000"}


@pytest.mark.parametrize("seed", range(3))
def test_dates_at_the_end_of_a_sentence(seed: int) -> None:
    spun = spin(Article(text=NUMBERS), rng=random.Random(seed), date_change_rate=1.0)
    changed = {e.from_ for e in spun.edits_of(EditKind.DATE_CHANGED)}
    assert changed == {"March 3", "Friday"}
    check_ground_truth(spun)


@pytest.mark.parametrize(
    "text",
    [
        "The talks came despite an EU demand for a new vote.",
        "He met Mr Blair on Monday.",
        "The sketch show Little Britain won two awards on Monday.",
    ],
)
def test_aliases_skip_articles_and_honorifics(text: str) -> None:
    spun = spin(Article(text=text + " " + text), rng=random.Random(0), entity_alias_rate=1.0)
    assert spun.edits_of(EditKind.ENTITY_SWAP) == []


LONG_QUOTE = (
    "The minister spoke to reporters after the meeting in the capital. "
    'She said: "We have agreed on the budget for the coming year. '
    "The details will be published next week. "
    'Nobody should expect large cuts in spending." '
    "Officials later confirmed the figures in a written statement. "
    "The opposition criticised the plan during a debate on Friday. "
    "A vote is expected before the end of the month."
)


@pytest.mark.parametrize("seed", range(6))
def test_long_quotations_stay_whole(seed: int) -> None:
    spun = spin(
        Article(text=LONG_QUOTE),
        rng=random.Random(seed),
        delete_rate=0.5,
        reorder_rate=0.5,
        merge_rate=0.5,
        insert_sentences=INSERTS,
    )
    check_ground_truth(spun)
    quote = spun.derivative.text.index('She said: "We')
    quote_end = spun.derivative.text.index('spending."') + len('spending."')
    assert LONG_QUOTE[LONG_QUOTE.index("She said") :].startswith(
        spun.derivative.text[quote:quote_end]
    )
