"""Retrieval: a spun copy of a fictional wire story finds its source among generated
distractors; an article written independently about the same event does not outrank it.

Every text here is invented for these tests.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest

from unspin.core.model import Article
from unspin.index import MemoryStore, candidates, open_store
from unspin.index.indexer import index_articles
from unspin.index.store import SQLiteStore

WIRE = Article(
    id="wire-harbour",
    url="https://wire.example/harbour-deal",
    site="wire.example",
    byline="By Ilse Marwood, Northgate Wire",
    title="Valdoria and Britain agree Kessmoor harbour deal worth 1.4 billion",
    published=dt.date(2031, 3, 4),
    text=(
        "Valdoria and Britain signed an agreement on Tuesday to rebuild the harbour at "
        "Kessmoor, a project worth 1.4 billion euros that officials say will take six years.\n\n"
        "The deal was signed in Tarnow by Valdorian trade minister Oskar Brennholt and his "
        "British counterpart, Delia Fairhurst, after eleven months of talks.\n\n"
        "Under the plan, Britain will supply dredging vessels and 340 engineers, while "
        "Valdoria pays for new container cranes built by the Halvik shipyard.\n\n"
        "Brennholt stressed that the harbour handled 2,300 ships last year and could handle "
        "twice as many once the work is finished.\n\n"
        '"This is the largest investment in our coast for a generation," Fairhurst told '
        "reporters at the signing ceremony.\n\n"
        "Fishermen in Kessmoor have protested against the dredging, saying it will damage the "
        "oyster beds that employ about 1,100 people in the bay.\n\n"
        "The Kessmoor Fishers Cooperative said it would challenge the permits in court before "
        "the first vessels arrive in September.\n\n"
        "Shares in the Halvik shipyard rose 7.5 percent in Tarnow trading after the "
        "announcement."
    ),
)

# An independent report of the same event: same names, numbers and quote, its own sentences.
INDEPENDENT = Article(
    id="gazette-harbour",
    url="https://gazette.example/kessmoor",
    site="gazette.example",
    title="Oyster fishers fear for their bay as harbour plan is sealed",
    published=dt.date(2031, 3, 5),
    text=(
        "For the oyster fishers of Kessmoor bay, Tuesday's ceremony in Tarnow felt like a "
        "verdict delivered without them.\n\n"
        "Ministers Oskar Brennholt and Delia Fairhurst put their names to a 1.4 billion euro "
        "reconstruction of the old harbour, promising dredgers, cranes and 340 British "
        "engineers.\n\n"
        "Marta Velling, whose family has farmed oysters here for four generations, says nobody "
        "from the ministry has visited the beds since the talks began eleven months ago.\n\n"
        "About 1,100 people in the bay depend on the oysters, according to the Kessmoor "
        "Fishers Cooperative, which has hired lawyers to fight the dredging permits.\n\n"
        '"This is the largest investment in our coast for a generation," Fairhurst said, a '
        "line that drew bitter laughter in the harbour bar that evening.\n\n"
        "The cooperative hopes a court will halt the work before September, when the first "
        "vessels are due."
    ),
)

SYNONYMS = {
    "signed": "inked",
    "agreement": "accord",
    "rebuild": "reconstruct",
    "project": "scheme",
    "officials": "authorities",
    "take": "require",
    "talks": "negotiations",
    "supply": "provide",
    "pays": "funds",
    "new": "fresh",
    "built": "constructed",
    "stressed": "pointed out",
    "handled": "processed",
    "finished": "completed",
    "largest": "biggest",
    "reporters": "journalists",
    "protested": "demonstrated",
    "damage": "harm",
    "employ": "support",
    "challenge": "contest",
    "rose": "climbed",
    "announcement": "news",
    "counterpart": "opposite number",
    "plan": "proposal",
    "twice": "double",
    "work": "construction",
}
ALIASES = {"Britain": "the United Kingdom", "British": "UK"}


def spin(article: Article, *, rate: float, seed: int, reorder: bool = True, **kw: Any) -> Article:
    """A spun copy: synonym swaps at ``rate``, entity aliases, sentences of a paragraph kept
    but paragraphs shuffled when ``reorder``."""
    rng = random.Random(seed)

    def swap(m: re.Match[str]) -> str:
        w = m.group(0)
        if w in ALIASES:
            return ALIASES[w]
        if w.lower() in SYNONYMS and rng.random() < rate:
            return SYNONYMS[w.lower()]
        return w

    paras = [re.sub(r"[A-Za-z]+", swap, p) for p in article.text.split("\n\n")]
    if reorder:
        head, tail = paras[:1], paras[1:]
        rng.shuffle(tail)
        paras = head + tail
    fields: dict[str, Any] = {"id": f"spun-{seed}", "url": f"https://farm.example/{seed}"}
    fields.update(kw)
    return Article(text="\n\n".join(paras), title="Harbour deal inked", **fields)


_FIRST = [
    "Anka",
    "Bero",
    "Cilla",
    "Doran",
    "Edvin",
    "Farah",
    "Gerd",
    "Hanne",
    "Ivo",
    "Jorun",
    "Kalle",
    "Lise",
    "Mads",
    "Nora",
    "Olav",
]
_LAST = [
    "Aasen",
    "Brekke",
    "Dahl",
    "Eide",
    "Foss",
    "Gran",
    "Hauge",
    "Lunde",
    "Moen",
    "Nygard",
    "Ruud",
    "Strand",
    "Vik",
    "Wold",
]
_PLACES = [
    "Osterby",
    "Lundvik",
    "Marhavn",
    "Skarnes",
    "Tollby",
    "Ulvik",
    "Vestfjord",
    "Yrsa",
    "Brenna",
    "Dalby",
]
_TOPICS = [
    ("council", "approved a budget of {n} million crowns for schools in {p}"),
    ("court", "sentenced a former mayor of {p} to {k} years for fraud"),
    ("storm", "cut power to {n},000 homes around {p} on {d}"),
    ("election", "won {k} of the {n} seats in the {p} regional assembly"),
    ("factory", "will close its {p} plant with the loss of {n} jobs"),
    ("harbour", "plans to expand the ferry harbour at {p} for {n} million euros"),
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def council_lines() -> list[str]:
    """Lines of a page about other things: no strong fingerprint, nothing of the wire's."""
    topics = ("ferry timetable", "school budget", "library hours", "tram fares")
    return [
        f"Residents of {place} gathered on {day} to discuss the {topic} with the council."
        for place, day, topic in zip(_PLACES, _DAYS * 2, topics * 3, strict=False)
    ]


def distractors(n: int, seed: int = 7) -> Iterator[Article]:
    """Generated articles, some on the same topic (harbours, ministers, fishers) as WIRE."""
    rng = random.Random(seed)
    for i in range(n):
        topic, template = _TOPICS[i % len(_TOPICS)]
        sents = []
        for _ in range(rng.randint(5, 9)):
            who = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            fill = template.format(
                n=rng.randint(2, 900), k=rng.randint(2, 40), p=rng.choice(_PLACES),
                d=rng.choice(_DAYS),
            )  # fmt: skip
            sents.append(
                rng.choice(
                    [
                        f"The {topic} in {rng.choice(_PLACES)} {fill}, {who} said.",
                        f"{who} told reporters that the {topic} {fill}.",
                        f"According to {who}, officials {fill} after months of talks.",
                        f"Fishermen and ministers met on {rng.choice(_DAYS)} as the {topic} "
                        f"{fill}.",
                    ]
                )
            )
        yield Article(
            id=f"d{i}",
            url=f"https://local{i % 17}.example/{i}",
            title=f"{topic.title()} news {i}",
            text=" ".join(sents),
            published=dt.date(2031, 1, 1) + dt.timedelta(days=i % 90),
        )


@pytest.fixture(scope="module", params=["memory", "sqlite"])
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[object]:
    store = (
        MemoryStore()
        if request.param == "memory"
        else open_store(tmp_path_factory.mktemp("db") / "c.db")
    )
    index_articles(store, [*distractors(300), WIRE, INDEPENDENT])
    yield store
    store.close()


@pytest.mark.parametrize(("rate", "seed"), [(0.0, 1), (0.3, 2), (0.5, 3), (1.0, 4)])
def test_spun_copy_finds_its_source_first(corpus: MemoryStore, rate: float, seed: int) -> None:
    derivative = spin(WIRE, rate=rate, seed=seed, published=dt.date(2031, 3, 6))
    found = candidates(corpus, derivative, k=5)
    assert found, "no candidates"
    top = found[0]
    assert top.id == "wire-harbour"
    assert top.coverage >= 0.6
    assert "fingerprint" in top.signals
    # evidence: derivative sentence -> source sentence pairs with shared fingerprints
    assert any(h.fingerprints > 0 for h in top.hits)
    for h in top.hits:
        d = derivative.text[h.start : h.end]
        s = WIRE.text[h.source_start : h.source_end]
        assert d and s
    ranks = [c.id for c in found]
    if "gazette-harbour" in ranks:
        indep = found[ranks.index("gazette-harbour")]
        assert indep.score < top.score
        assert indep.coverage < top.coverage


def test_independent_article_is_not_called_a_copy(corpus: MemoryStore) -> None:
    """The gazette piece shares names, numbers and a quote with the wire, not its sentences."""
    query = Article(text=INDEPENDENT.text, title=INDEPENDENT.title, id="q-indep")
    found = candidates(corpus, query, k=5)
    wire = [c for c in found if c.id == "wire-harbour"]
    top = found[0]
    assert top.id == "gazette-harbour"  # the identical text is in the corpus
    if wire:
        assert wire[0].coverage <= 0.34  # the shared quote, at most one more sentence
        assert wire[0].score < 0.5 * top.score


OTHER = Article(
    id="other-src",
    text=(
        "A pod of 14 pilot whales stranded on the mudflats near Ostervik lighthouse before "
        "dawn on Sunday.\n\n"
        "Volunteers led by marine biologist Runa Kjeldsen kept the animals wet for nine hours "
        "until the tide returned.\n\n"
        "Twelve of the whales swam back out to sea, the Ostervik coastguard said."
    ),
)


def test_collage_lists_each_source() -> None:
    wire_paras = WIRE.text.split("\n\n")
    other_paras = OTHER.text.split("\n\n")
    collage = Article(
        text="\n\n".join([wire_paras[0], other_paras[1], wire_paras[3], other_paras[2]]),
        id="collage",
    )
    store = MemoryStore()
    index_articles(store, [*distractors(60), WIRE, OTHER])
    found = {c.id: c for c in candidates(store, collage, k=5)}
    assert "wire-harbour" in found and "other-src" in found
    assert found["wire-harbour"].sentences == (0, 2)
    assert found["other-src"].sentences == (1, 3)


def test_sources_published_later_are_dropped(corpus: MemoryStore) -> None:
    early = spin(WIRE, rate=0.0, seed=5, published=dt.date(2031, 3, 1))
    assert all(c.id != "wire-harbour" for c in candidates(corpus, early, k=5))
    undated = spin(WIRE, rate=0.0, seed=5)
    assert candidates(corpus, undated, k=1)[0].id == "wire-harbour"


def test_earliest_of_identical_texts_wins_and_lists_copies(tmp_path: object) -> None:
    store = MemoryStore()
    later = Article(
        text=WIRE.text, id="reprint", url="https://reprint.example/a", published=dt.date(2031, 3, 9)
    )
    index_articles(store, [*distractors(30), later, WIRE])
    found = candidates(store, spin(WIRE, rate=0.3, seed=2), k=3)
    assert found[0].id == "wire-harbour"
    assert found[0].copies == ("reprint",)
    # a derivative dated between the two can only come from the wire
    mid = spin(WIRE, rate=0.3, seed=2, published=dt.date(2031, 3, 6))
    assert candidates(store, mid, k=1)[0].copies == ()


def test_article_does_not_find_itself(corpus: MemoryStore) -> None:
    found = candidates(corpus, WIRE, k=3)
    assert all(c.id != "wire-harbour" for c in found)


def test_empty_article_has_no_candidates(corpus: MemoryStore) -> None:
    assert candidates(corpus, Article(text="", id="empty")) == []


def test_sqlite_and_memory_rank_alike(tmp_path: object) -> None:
    from pathlib import Path

    arts = [*distractors(120), WIRE, INDEPENDENT]
    mem = MemoryStore()
    sql = SQLiteStore(Path(str(tmp_path)) / "x.db")
    index_articles(mem, arts)
    index_articles(sql, arts)
    q = spin(WIRE, rate=0.3, seed=11)
    a = [(c.id, c.coverage, c.sentences) for c in candidates(mem, q, k=5)]
    b = [(c.id, c.coverage, c.sentences) for c in candidates(sql, q, k=5)]
    assert a[0] == b[0]
    assert {x[0] for x in a} == {x[0] for x in b}


def test_self_is_excluded_even_when_indexed_beside_a_reprint() -> None:
    store = MemoryStore()
    reprint = Article(text=WIRE.text, id="reprint")  # undated: may precede the wire
    index_articles(store, [*distractors(20), WIRE, reprint])
    found = candidates(store, WIRE, k=3)
    assert found[0].id == "reprint"
    assert "wire-harbour" not in found[0].copies
    assert found[0].coverage == 1.0 and all(h.exact for h in found[0].hits)


@pytest.mark.parametrize("bm25", [True, False])
def test_bm25_can_be_forced(corpus: MemoryStore, bm25: bool) -> None:
    found = candidates(corpus, spin(WIRE, rate=0.5, seed=8), k=3, bm25=bm25)
    assert found[0].id == "wire-harbour"
    assert ("bm25" in found[0].signals) is bm25


# A farm page that takes one sentence of the wire, writing its names in long form ("trade
# minister Oskar Brennholt's"), beside sentences from elsewhere about the same deal.
NAME_FORMS = Article(
    id="farm-names",
    title="Kessmoor deal: what we know",
    text=(
        "Protesters gathered outside the ministry in Tarnow on Wednesday morning.\n\n"
        "Officials from Valdoria and Britain will meet again in the summer to review progress "
        "at Kessmoor, according to a statement.\n\n"
        "Minister Oskar Brennholt's office emphasized that the harbour processed 2,300 ships "
        "last year and might manage double that once the construction is completed.\n\n"
        "Halvik Shipyard Chairman Per Lunde's company has hired 200 new welders."
    ),
)


def test_a_copied_sentence_with_names_in_another_form_is_retrieved(corpus: MemoryStore) -> None:
    # By fingerprints alone (no sentence verification): the spun sentence's names, numbers and
    # rare words are the wire sentence's, whatever form its names take.
    found = candidates(corpus, NAME_FORMS, k=3, verify=0)
    wire = next(c for c in found if c.id == "wire-harbour")
    assert 2 in wire.sentences


def test_long_and_short_forms_of_a_name_fingerprint_the_same() -> None:
    from unspin.index.fingerprints import sentence_immutables

    long = sentence_immutables("It split President Tomas Elling's allies on Wednesday in Osterby.")
    short = sentence_immutables("It split President Elling’s allies on Wednesday in Osterby.")
    assert long == short
    # An organisation's name is kept whole; a list of people stays several names.
    assert "e:kessmoor" in sentence_immutables("The Kessmoor Fishers Cooperative objected.")
    listed = sentence_immutables("Delia Fairhurst, Oskar Brennholt and Per Lunde signed.")
    assert {"e:fairhurst", "e:brennholt", "e:lunde"} <= set(listed)


def test_only_checked_candidates_carry_sentence_evidence(corpus: MemoryStore) -> None:
    # A page made of one sentence from each of five indexed articles: with the sentence check
    # limited to the best candidates, the others are not given hits on fingerprints alone
    # (two names shared in a sentence also join reports of the same event).
    texts = [a.text for a in distractors(300)][:5]
    page = Article(id="page", text="\n\n".join(t.split(". ")[0] + "." for t in texts))
    checked_all = candidates(corpus, page, k=5)
    assert sum(1 for c in checked_all if c.hits) == 5
    # The best by the combined score, plus the best few by each signal alone and each line's
    # best fingerprint match, are checked; hits come from the check, never from fingerprints.
    checked_few = candidates(corpus, page, k=5, verify=1)
    assert sum(1 for c in checked_few if c.hits) == 5
    assert all("verified" in c.signals for c in checked_few if c.hits)


def test_a_source_of_the_pages_last_lines_is_searched_for_wherever_they_stand() -> None:
    # No sentence of this page has a strong fingerprint anywhere: each run of a few sentences
    # gets its own word search, so the source of its last lines is not crowded out of a
    # single query by the words of the lines printed first.
    from unspin.index.fingerprints import fingerprint_and_words
    from unspin.index.retrieve import _gap_search

    store = MemoryStore()
    index_articles(store, [*distractors(40), WIRE, OTHER])
    lines = council_lines()
    whales = "Volunteers kept fourteen stranded pilot whales wet near the Ostervik lighthouse."
    text = "\n\n".join([*lines, whales])
    fp, _words = fingerprint_and_words(text, store.config)
    _scored, runs = _gap_search(store, text, fp, {})
    assert "other-src" in {store.get_many([doc])[doc].key for doc in runs}
    assert "other-src" in {c.id for c in candidates(store, Article(id="page", text=text), k=5)}


def test_a_list_item_cut_from_a_long_source_sentence_is_sentence_evidence() -> None:
    # A page that sets a long sentence of the source out as bullet points: each item holds a
    # small share of the sentence's words, all of them the source's.
    plans = Article(
        id="plans",
        title="New owner sets out plans for the Kessmoor ferry line",
        text="The new owner of the Kessmoor ferry line has said he wants to bring back the "
        "night crossings, publish the rules that decide how ticket fares are set each winter, "
        "stop the booking website from selling seats twice over, and keep the older boats "
        "sailing until the new ones arrive from the shipyard.\n\nThe line carried fewer "
        "passengers last year.",
    )
    store = MemoryStore()
    index_articles(store, [*distractors(40), WIRE, plans])
    page = Article(
        id="page",
        text="What the new owner promises:\n\n"
        "Publish the rules that decide how ticket fares are set each winter.\n\n"
        "Stop the booking website from selling seats twice over.\n\n"
        "Residents of the old town want a say in how the quay is used.",
    )
    found = {c.id: c for c in candidates(store, page, k=5)}
    assert "plans" in found
    assert set(found["plans"].sentences) >= {1, 2}
    # Respun too, two of its words swapped: most of its words still in the sentence's order.
    # The same item in a reporter's own words shares as many of them, not their order.
    respun = "Publish the regulations that determine how ticket fares are set each winter."
    own = "Fares for tickets will be set in public each winter, under new rules."
    for line, verified in ((respun, True), (own, False)):
        page = Article(id="page", text=page.text.replace(page.text.split("\n\n")[1], line))
        found = {c.id: c for c in candidates(store, page, k=5)}
        assert (1 in (found["plans"].sentences if "plans" in found else ())) is verified


def test_a_statement_spun_into_common_words_inside_a_page_of_others_is_found() -> None:
    # Two lines of a couple's statement, spun, among a page's lines about other things: no
    # name and no rare word left in them, only common ones ("help", "recent years", "divide
    # our time"). Their own word search, topped up with common words, still finds it.
    statement = Article(
        id="statement",
        title="Couple to step back from public life",
        text="The couple released a statement on Wednesday evening.\n\n"
        '"After many months of thought and discussion, we have chosen to make a change this '
        'year and begin a new role.\n\n"It is with your support, above all over the last few '
        'years, that we feel prepared to take this step.\n\n"We now plan to split our time '
        "between the coast and the capital, while keeping our promise to the town, the council "
        'and our partners."',
    )
    store = MemoryStore()
    index_articles(store, [*distractors(40), WIRE, OTHER, statement])
    lines = council_lines()
    spun = [
        '"With your help, above all in recent years, we feel ready to take this step.',
        '"We are now planning to divide our time between the coast and the capital and keep '
        'our word to the town, the council and our partners."',
    ]
    page = Article(id="page", text="\n\n".join([*lines[:4], *spun, *lines[4:8]]))
    found = {c.id: c for c in candidates(store, page, k=5)}
    assert "statement" in found
    assert found["statement"].sentences == (4, 5)


@pytest.mark.parametrize(
    ("line", "verified"),
    [
        # The wire's sentence respun word by word with a thesaurus of its own: few content
        # words left in common, but the sentence's words in the wire's order.
        (
            "Brennholt underlined that the port managed 2,300 vessels last year and might "
            "deal with double as many once the job is done.",
            True,
        ),
        # ... and padded with longer phrases ("a total of", "in the course of"): half the
        # words of the two together stand in the wire's order, not half of the longer one's.
        (
            "Brennholt underscored that the seaport had managed a total of 2,300 vessels in the "
            "course of last year and could deal with two times as many once all of the work is "
            "completed.",
            True,
        ),
        # The same fact in a reporter's own order shares as few words and is not the wire's.
        (
            "Traffic at the port could double from last year's 2,300 calls, according to "
            "Brennholt's ministry.",
            False,
        ),
    ],
    ids=["respun-in-order", "respun-and-padded", "own-words"],
)
def test_a_sentence_respun_in_the_sources_word_order_is_sentence_evidence(
    line: str, verified: bool
) -> None:
    store = MemoryStore()
    index_articles(store, [*distractors(40), WIRE, OTHER])
    lines = council_lines()[:4]
    page = Article(id="page", text="\n\n".join([*lines[:2], line, *lines[2:]]))
    found = {c.id: c.sentences for c in candidates(store, page, k=5)}
    assert (found.get("wire-harbour") == (2,)) is verified


def test_a_collages_one_line_source_is_kept_beside_many_versions_of_its_main_story() -> None:
    # Twenty versions of the wire story (each filing adds a line) outrank, by every signal,
    # the report a single line of the page comes from; that line's best fingerprint match is
    # still checked, and a candidate that explains a line no better one does makes the top k.
    paras = WIRE.text.split("\n\n")
    versions = [
        Article(
            id=f"wire-v{i}",
            title=WIRE.title,
            published=WIRE.published,
            text="\n\n".join([*paras, f"Update {i}: the ministry published the plan's annex {i}."]),
        )
        for i in range(20)
    ]
    store = MemoryStore()
    index_articles(store, [*distractors(40), *versions, OTHER])
    line = OTHER.text.split("\n\n")[1]
    page = Article(id="page", text="\n\n".join([*paras[:4], line, *paras[4:]]))
    found = {c.id: c for c in candidates(store, page, k=5)}
    assert "other-src" in found
    assert found["other-src"].sentences == (4,)
    assert sum(1 for c in found if c.startswith("wire-v")) == 4


def test_the_word_search_for_unexplained_lines_keeps_to_one_paragraph() -> None:
    # A collage's excerpts start paragraphs: a run that joined the last line of one with the
    # first of the next would search for neither source's words.
    from unspin.index.fingerprints import fingerprint_and_words
    from unspin.index.retrieve import _gap_runs

    text = "One line here. Two lines here.\n\nThree is alone.\n\nFour here. Five here. Six."
    fp, _words = fingerprint_and_words(text, MemoryStore().config)
    assert _gap_runs(text, fp, [0, 1, 2, 3, 4, 5]) == [[0, 1], [2], [3, 4], [5]]
    assert _gap_runs(text, fp, [0, 2, 3, 5]) == [[0], [2], [3], [5]]


LEDGER_DISCLAIMER = (
    "The views expressed in this opinion article are solely those of their author and are "
    "not necessarily shared or endorsed by the Harwick Ledger."
)


def _ledger_page(n: int, story: str) -> Article:
    return Article(id=f"ledger-{n}", site="ledger.example", text=f"{story}\n\n{LEDGER_DISCLAIMER}")


def test_a_sites_template_line_on_unrelated_pages_makes_no_source() -> None:
    # Every opinion page of one site ends with the same disclaimer: word for word on pages
    # that share nothing else, it is the site's template, not a line copied from a story.
    stories = [d.text for d in distractors(5, seed=99)]
    store = MemoryStore()
    ledger = [_ledger_page(i, story) for i, story in enumerate(stories[:4])]
    index_articles(store, [*distractors(30), *ledger])
    found = [c.id for c in candidates(store, _ledger_page(9, stories[4]), k=5)]
    assert not [f for f in found if f.startswith("ledger-")]


def test_a_line_copied_from_a_wire_story_on_many_sites_is_no_template() -> None:
    # The wire's line stands word for word on five sites' copies of one story: they share
    # the rest of their text too, so it is the story's line, and the page's source.
    paras = WIRE.text.split("\n\n")
    copies = [
        Article(
            id=f"copy-{i}",
            title=WIRE.title,
            text="\n\n".join([f"From our partners at site {i}.", *paras]),
        )
        for i in range(5)
    ]
    store = MemoryStore()
    index_articles(store, [*distractors(30), *copies])
    page = _ledger_page(9, f"Opinion pages rarely agree on harbours.\n\n{paras[2]}")
    found = [c.id for c in candidates(store, page, k=5)]
    assert any(f.startswith("copy-") for f in found)
