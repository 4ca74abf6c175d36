"""What pages share without one being made from the other: a site's own furniture on every
page (a disclaimer, a call to action), someone's words set as a block quote, and an embedded
post. unspin traces copying, not these. All texts are invented."""

from __future__ import annotations

from unspin.app import check, compare
from unspin.comparison.narration import speaks
from unspin.core.model import Article, ChangeKind, Verdict
from unspin.core.sites import host_of, same_site
from unspin.index import MemoryStore
from unspin.index.indexer import index_articles

DISCLAIMER = (
    "The views expressed in this column are those of its author and are not necessarily "
    "shared or endorsed by the Harbour Gazette."
)
CALL = "Add your name to the thousands asking the council to publish the harbour accounts now."

TRAMS = Article(
    id="gazette-trams",
    url="https://www.harbourgazette.example/2026/03/trams",
    title="Tram fares rise again",
    text=(
        "Tram fares in Port Alder will rise by 12 percent in April, the transit board decided "
        "on Tuesday, the third increase in two years.\n\n"
        "Board chair Ines Moreau said the company had lost money on every route since the "
        "winter and could not wait for a subsidy from the regional government.\n\n"
        "Commuter groups called the decision a betrayal of the city's climate pledges and "
        "said they would collect signatures for a referendum.\n\n"
        f"{CALL}\n\n{DISCLAIMER}"
    ),
)
FESTIVAL = Article(
    id="gazette-festival",
    url="https://harbourgazette.example/2026/03/festival",
    title="Lantern festival moves to the old docks",
    text=(
        "The lantern festival will move from the cathedral square to the old docks this "
        "summer, organisers announced, after residents complained about noise last year.\n\n"
        "About 40,000 visitors are expected over the three nights, and the docks offer room "
        "for twice as many stalls as the square did.\n\n"
        "Police said they would close the harbour road to traffic on all three evenings and "
        "asked visitors to come by ferry or on foot.\n\n"
        f"{CALL}\n\n{DISCLAIMER}"
    ),
)


def _store(*articles: Article) -> MemoryStore:
    store = MemoryStore()
    index_articles(store, list(articles))
    return store


def test_pages_of_one_site_sharing_its_furniture_are_not_copies_of_each_other() -> None:
    report = check(FESTIVAL, _store(TRAMS))
    assert report.verdict is Verdict.ORIGINAL
    assert report.sources == ()


def test_another_site_copying_a_sentence_of_the_page_is_still_traced() -> None:
    farm = Article(
        id="farm",
        url="https://dailynewsnow.example/trams",
        text=(
            "Riders in Port Alder face another blow to their wallets.\n\n"
            "Board chair Ines Moreau said the company had lost money on every route since the "
            "winter and could not wait for a subsidy from the regional government.\n\n"
            "Readers can share their views in the comments."
        ),
    )
    report = check(farm, _store(TRAMS, FESTIVAL))
    assert [s.id for s in report.sources] == ["gazette-trams"]
    assert report.verdict is Verdict.PARTLY_DERIVED


def test_a_sites_own_update_of_a_page_is_a_version_of_it() -> None:
    update = Article(
        id="gazette-trams-update",
        url="https://harbourgazette.example/2026/03/trams-updated",
        text=TRAMS.text.replace("on Tuesday", "on Tuesday evening"),
    )
    report = check(update, _store(TRAMS, FESTIVAL))
    assert [s.id for s in report.sources] == ["gazette-trams"]
    assert report.verdict is not Verdict.ORIGINAL


def test_sites_are_read_from_urls() -> None:
    assert host_of("https://www.Example.org/a") == "example.org"
    assert host_of("example.org/a") == "example.org"
    assert host_of("http://[::1") is None
    assert same_site("https://m.example.org/a", "https://www.example.org/b")
    assert same_site("https://edition.example.org/a", "https://example.org/b")
    # sibling blogs of one hosting service are different sites
    assert not same_site("https://ana.blogs.example/a", "https://ben.blogs.example/b")
    assert not same_site(None, "https://example.org/b")


# -- someone's words without quotation marks ------------------------------------------------

SPEECH = (
    "We will rebuild every house on this street before the winter comes.\n\n"
    "You have my word on that, and you can hold me to it."
)
WIRE = Article(
    id="wire-flood",
    text=(
        "Governor Alma Reyes promised on Sunday to rebuild the flooded riverside district of "
        "Castell within six months, as the water began to recede after a week of rain.\n\n"
        "Standing in front of a row of damaged homes, Reyes told residents:\n\n"
        f"{SPEECH}\n\n"
        "The regional budget office has set aside 80 million euros for repairs, but engineers "
        "warned that the river embankment would need to be rebuilt first.\n\n"
        "About 2,300 people were evacuated from the district last Monday."
    ),
)


# Another newsroom's report: the governor's words set out under its own introduction.
OTHER_NEWSROOM = Article(
    id="other-newsroom",
    text=(
        "Castell's riverside residents heard a bold promise from their governor on Sunday "
        "as they cleaned mud out of their living rooms.\n\n"
        "Governor Alma Reyes, visiting the district for the first time since the flood, "
        "spoke from the steps of the community hall:\n\n"
        f"{SPEECH}\n\n"
        "Many residents were sceptical. Baker Luis Ortega, whose shop lost all its ovens, "
        "said promises had been made after the last flood too."
    ),
)


def test_a_block_quote_two_reports_print_alike_is_a_shared_quote_not_copying() -> None:
    assert speaks("You have my word on that, and you can hold me to it.")
    report = compare(OTHER_NEWSROOM, WIRE)
    assert report.verdict is Verdict.ORIGINAL


def test_quoted_words_another_report_sets_as_a_block_quote_are_not_unquoted_by_it() -> None:
    # The wire quotes the governor with marks; another newsroom sets her words as a block
    # quote under the words that introduce it (its page lost the block's layout, not its
    # sense): no quote "printed as narration", no evidence of copying.
    marked = '"We will rebuild every house on this street before the winter comes. You have '
    marked += 'my word on that, and you can hold me to it."'
    wire = Article(id="wire-marked", text=WIRE.text.replace(SPEECH, marked))
    report = compare(OTHER_NEWSROOM, wire)
    assert not [c for c in report.changes if c.kind is ChangeKind.QUOTE_UNQUOTED]
    reasons = {e.reason for m in report.source_matches for e in m.evidence}
    assert "quoted words printed as narration" not in reasons
    assert report.verdict is Verdict.ORIGINAL


def test_quoted_words_stripped_of_marks_beside_narration_are_still_unquoted() -> None:
    # Under the same introduction, a paragraph that also carries the page's own narration is
    # no block quote: the speaker's words there lost their marks.
    marked = '"We will rebuild every house on this street before the winter comes."'
    wire = Article(id="wire-marked", text=WIRE.text.replace(SPEECH, marked))
    farm = Article(
        id="farm",
        text=(
            "Standing in front of a row of damaged homes, Reyes told residents:\n\n"
            "We will rebuild every house on this street before the winter comes. The "
            "regional budget office has set aside money for the repairs."
        ),
    )
    report = compare(farm, wire)
    assert [c for c in report.changes if c.kind is ChangeKind.QUOTE_UNQUOTED]


def test_a_copy_of_the_narration_around_the_block_quote_is_still_a_copy() -> None:
    farm = Article(
        id="farm-flood",
        text=(
            "Governor Alma Reyes promised on Sunday to rebuild the flooded riverside district "
            "of Castell within six months, as the water began to recede after a week of rain.\n\n"
            f"{SPEECH}\n\n"
            "The regional budget office has set aside 80 million euros for repairs, but "
            "engineers warned that the river embankment would need to be rebuilt first."
        ),
    )
    report = compare(farm, WIRE)
    assert report.verdict is not Verdict.ORIGINAL
    narration = {
        report.sentences[e.sentence].text[:20]
        for m in report.source_matches
        for e in m.evidence
        if e.reason == "copied narration"
    }
    # the reporter's sentences, not the governor's words
    assert narration == {"Governor Alma Reyes ", "The regional budget "}


def test_an_embedded_post_two_reports_carry_is_shared_not_copied() -> None:
    post = (
        "The Alder bridge will reopen to traffic on Friday morning. Thank you all for your "
        "patience during the repairs. pic.twitter.com/x7Kq2Lm9Pa\n\n"
        "\u2014 Port Alder City Council (@PortAlderCity) March 3, 2026"
    )
    first = Article(
        id="first",
        text=(
            "Port Alder's main bridge, closed since a lorry struck one of its supports in "
            "January, will carry traffic again this week.\n\n"
            f"{post}\n\n"
            "Engineers replaced two steel beams and strengthened the pier at a cost of 3.1 "
            "million euros, the council said."
        ),
    )
    second = Article(
        id="second",
        text=(
            "Drivers who have spent two months on a long detour through the industrial estate "
            "can look forward to a shorter commute.\n\n"
            f"{post}\n\n"
            "Shop owners on the east bank said trade had fallen by a third during the closure."
        ),
    )
    assert compare(second, first).verdict is Verdict.ORIGINAL
