"""A fluent rewrite (an LLM's or a rewriter's) restates its source sentence by sentence in other
words: it is a copy of that source, while another newsroom's report of the same event is not.
All texts are invented."""

from __future__ import annotations

import pytest

import unspin
from unspin.app import check
from unspin.core.model import Article, SentenceStatus, Verdict
from unspin.index import MemoryStore
from unspin.index.indexer import index_articles

WIRE = Article(
    id="wire-ferry",
    title="Ferry line halts island crossings after grounding",
    byline="Lena Hartwig, Meridian Wire",
    text=(
        "Ferry operator Baltline said on Tuesday it would suspend all crossings between Rostock "
        "and the island of Kessel for at least two weeks after one of its vessels ran aground in "
        "heavy fog.\n\n"
        "The Baltic Star, carrying 212 passengers and 40 crew, struck a sandbank about three "
        "kilometres from Kessel harbour late on Monday. No one was injured, the company said, "
        "and all passengers were taken ashore by lifeboats by early morning.\n\n"
        '"Our first concern is the safety of our passengers and crew, and we will not resume '
        'service until the investigation is complete," Baltline chief executive Maren Vogt told '
        "reporters in Rostock.\n\n"
        "Germany's federal maritime investigation agency said it had sent a team to the island "
        "and would examine the ship's navigation records. A spokesman for the agency declined "
        "to say whether human error was suspected.\n\n"
        "The crossing carries about 1,500 passengers a day in summer and is the only regular "
        "link between the island and the mainland. Local businesses on Kessel warned that a "
        "long suspension would hurt the tourist season, which begins in May.\n\n"
        "Baltline said it would offer refunds to all ticket holders and was in talks with a "
        "rival operator to charter a replacement vessel."
    ),
)

REWRITE = (
    "Baltline, which runs ferries from Rostock to the island of Kessel, has halted all "
    "sailings on the route for no less than a fortnight, the company announced Tuesday, after "
    "one of its ships went aground in thick fog.\n\n"
    "According to the firm, the Baltic Star had 212 passengers and 40 crew members on board "
    "when it hit a sandbank roughly three kilometres off Kessel harbour on Monday night. "
    "Nobody was hurt, and lifeboats brought every passenger to shore before dawn.\n\n"
    "Chief executive Maren Vogt told journalists in Rostock that the safety of passengers and "
    "crew was the company's priority and that sailings would not restart until investigators "
    "had finished their work.\n\n"
    "Investigators from Germany's federal maritime agency have travelled to the island to go "
    "through the vessel's navigation data, the agency said. Its spokesman would not comment "
    "on whether the crew had made a mistake.\n\n"
    "Around 1,500 people use the crossing each day during the summer months, and it is the "
    "island's only scheduled connection to the mainland. Business owners on Kessel fear that "
    "a lengthy halt could damage the tourism season, due to start in May.\n\n"
    "Ticket holders will be refunded, Baltline said, adding that it was negotiating with a "
    "competitor to hire a substitute ship."
)

# Another newsroom on the same night: the same ferry, company and figures, its own witnesses.
OWN_REPORT = (
    "Passengers stranded on Kessel described a night of fear on Monday after the Baltic Star "
    "ferry hit a sandbank in fog just off the island's harbour.\n\n"
    '"We heard a loud bang and then the ship just stopped. People were crying," said Anja '
    "Krüger, 54, a teacher from Hamburg who was travelling with her two children. She said "
    "crew members handed out life jackets within minutes.\n\n"
    "The ferry, operated by Baltline, was carrying 212 passengers. Coast guard boats from "
    "Sassnitz and Warnemünde joined the rescue, and the last passengers reached the shore "
    "shortly after 4 a.m., a coast guard spokeswoman said.\n\n"
    "Islanders opened the village school and the church hall to the stranded travellers. "
    '"We made soup for everyone," said Jonas Petersen, who runs a bakery near the harbour.\n\n'
    "Baltline chief executive Maren Vogt said the company would not resume service until the "
    "investigation was complete.\n\n"
    "Kessel's mayor, Heike Lorenz, called on the state government to fund a second ferry "
    'route. "One ship and one harbour is not enough for an island of 9,000 people," she said.'
)


def test_a_fluent_rewrite_is_a_copy_of_its_source() -> None:
    report = unspin.compare(Article(id="rewrite", text=REWRITE), WIRE)
    restated = [s for s in report.sentences if s.source_id == WIRE.id]
    assert len(restated) >= 0.7 * len(report.sentences)
    assert [s.source_sentences[0] for s in restated] == sorted(
        s.source_sentences[0] for s in restated
    )
    assert report.verdict is Verdict.SPUN_COPY
    (match,) = report.source_matches
    assert any("restated in the source's order" in e.reason for e in match.evidence)
    # a rewrite owes credit as a copy does
    credit = next(f for f in report.findings if f.criterion == "source_credited")
    assert credit.status == "fail" and credit.evidence


def test_a_rewrite_that_condenses_the_source_is_a_copy_of_it() -> None:
    # "in 100 words": each sentence of the page tells two or three of the source's
    condensed = (
        "Baltline has stopped its Rostock to Kessel ferries for a fortnight or more after the "
        "Baltic Star, with 212 passengers and 40 crew aboard, hit a sandbank in fog near Kessel "
        "harbour on Monday night; everyone got ashore safely by lifeboat.\n\n"
        "Chief executive Maren Vogt said in Rostock that safety came first and that the "
        "service would stay suspended until the inquiry by Germany's federal maritime agency, "
        "which is studying the ship's navigation records, was over.\n\n"
        "The route, the island's only regular link to the mainland, carries some 1,500 "
        "passengers daily in summer, and Kessel businesses fear for a tourist season that "
        "starts in May. Baltline will refund ticket holders and hopes to charter a ship from "
        "a rival."
    )
    report = unspin.compare(Article(id="short", text=condensed), WIRE)
    assert report.verdict is Verdict.SPUN_COPY
    assert all(s.status is SentenceStatus.REWORDED for s in report.sentences)
    # a sentence that tells two of the source's is aligned with both
    assert any(len(s.source_sentences) >= 2 for s in report.sentences)


def test_another_newsrooms_report_of_the_same_event_is_not_a_rewrite() -> None:
    report = unspin.compare(Article(id="own", text=OWN_REPORT), WIRE)
    assert report.verdict is Verdict.ORIGINAL
    assert sum(s.status is not SentenceStatus.INSERTED for s in report.sentences) <= 2


# Two newsrooms' reports of one flood: the mayor's post and the fire chief's statement
# quoted word for word, in the order they were made, each report in its own words around them.
FLOOD_REPORT = (
    "Mayor Anna Korhonen announces flood emergency as river rises\n\n"
    "ESKDALE — Mayor Anna Korhonen declared a state of emergency on Monday as the river "
    "Esk rose above its banks and forced hundreds of families from their homes.\n\n"
    '"The water is still rising in the old town. '
    "Every family below the railway line must leave now. "
    "Buses are waiting at the market square. "
    "Nobody should try to drive through the water. "
    'We will get through this together," Korhonen wrote on social media.\n\n'
    "The regional fire service said it had rescued 60 people from rooftops overnight.\n\n"
    '"This is the worst flood our crews have seen," fire chief Tomas Lind said in a statement. '
    '"We are asking everyone to stay away from the river banks."\n\n'
    "Forecasters expect more rain on Tuesday."
)
FLOOD_OTHER_REPORT = (
    "Eskdale mayor declares emergency as floods force evacuations\n\n"
    "Mayor Anna Korhonen declared an emergency in Eskdale on Monday after the river burst "
    "its banks and hundreds of families had to leave their homes.\n\n"
    '"The water is still rising in the old town. '
    "Every family below the railway line must leave now. "
    "Buses are waiting at the market square. "
    "Nobody should try to drive through the water. "
    'We will get through this together," the mayor posted.\n\n'
    "Firefighters in boats worked through the night to reach people stranded on rooftops.\n\n"
    '"This is the worst flood our crews have seen," said Tomas Lind, who leads the fire service. '
    '"We are asking everyone to stay away from the river banks."\n\n'
    "Schools in the town will stay closed for the rest of the week."
)


def test_two_reports_that_print_the_same_quotations_in_order_are_not_a_rewrite() -> None:
    report = unspin.compare(
        Article(id="other", text=FLOOD_OTHER_REPORT), Article(id="first", text=FLOOD_REPORT)
    )
    assert report.verdict is Verdict.ORIGINAL
    (match,) = report.source_matches
    assert not any("restated" in e.reason for e in match.evidence)


def test_a_rewrite_that_brings_its_own_names_and_figures_is_not_called_a_restatement() -> None:
    # Half of another report's facts added: the page is no longer the source told again.
    page = REWRITE + "\n\n" + OWN_REPORT
    report = unspin.compare(Article(id="mixed", text=page), WIRE)
    (match,) = report.source_matches
    assert not any("restated" in e.reason for e in match.evidence)


@pytest.fixture(scope="module")
def index() -> MemoryStore:
    store = MemoryStore()
    own = Article(id="own-report", text=OWN_REPORT, title="Stranded ferry passengers tell of fear")
    index_articles(store, [WIRE, own, *unspin.app.demo_articles()])
    return store


def test_check_traces_a_rewrite_to_its_source(index: MemoryStore) -> None:
    report = check(Article(id="page", text=REWRITE), index)
    assert [m.id for m in report.source_matches if m.evidence] == [WIRE.id]
    assert report.verdict is Verdict.SPUN_COPY
