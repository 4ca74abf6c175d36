"""Hand-built ``Report`` objects for renderer and schema tests (no NLP involved).

``sample_report()`` is a fictional wire story about Arctic shipping talks and a spun copy of it
that exercises most of the change vocabulary: a number and a date changed, an entity swap
("Russia" -> "Russian Federation"), a synonym swap ("stressed" -> "pointed out"), a reordered
sentence, a reworded one, an inserted one, a dropped one, a misattributed quote and an
unsupported headline. ``collage_report()`` draws on two sources; ``hostile_report()`` fills every
text field with HTML/JS payloads for escaping tests.

All offsets are computed from the texts, so editing a sentence keeps the report consistent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.core.model import (
    AlignedSentence,
    Article,
    Change,
    ChangeKind,
    Evidence,
    Finding,
    Quote,
    Report,
    SentenceStatus,
    SourceMatch,
    Summary,
    Verdict,
)

__all__ = [
    "XSS_PAYLOADS",
    "collage_report",
    "hostile_report",
    "sample_report",
    "span_of",
]


# --------------------------------------------------------------------------------------------
# helpers


@dataclass(frozen=True)
class _Doc:
    text: str
    starts: tuple[int, ...]
    sentences: tuple[str, ...]

    def span(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.starts[i] + len(self.sentences[i])

    def find(self, i: int, needle: str) -> tuple[int, int]:
        """Offsets of ``needle`` inside sentence ``i`` (in the whole text)."""
        start = self.text.index(needle, self.starts[i], self.span(i)[1])
        return start, start + len(needle)


def _doc(sentences: Sequence[str]) -> _Doc:
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    return _Doc(" ".join(sentences), tuple(starts), tuple(sentences))


def span_of(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    """(start, end) of the first ``needle`` in ``text`` at or after ``start``."""
    i = text.index(needle, start)
    return i, i + len(needle)


def _summary(
    doc: _Doc,
    statuses: Sequence[SentenceStatus],
    *,
    source_sentences: int,
    dropped: int,
    reordered: int,
) -> Summary:
    chars = {s: 0 for s in SentenceStatus}
    for sentence, status in zip(doc.sentences, statuses, strict=True):
        chars[status] += len(sentence)
    total = sum(chars.values()) or 1
    return Summary(
        copied=round(chars[SentenceStatus.COPIED] / total, 4),
        spun=round(chars[SentenceStatus.SPUN] / total, 4),
        reworded=round(chars[SentenceStatus.REWORDED] / total, 4),
        new=round(chars[SentenceStatus.INSERTED] / total, 4),
        sentences=len(doc.sentences),
        source_sentences=source_sentences,
        dropped_source_sentences=dropped,
        reordered_sentences=reordered,
    )


# --------------------------------------------------------------------------------------------
# the spun-copy scenario

_SOURCE_SENTENCES = (
    "Foreign ministers from 14 countries met in Geneva on Tuesday to discuss a new framework "
    "for Arctic shipping.",
    "Russia's delegation stressed that any agreement must respect existing maritime borders.",
    "The talks ended without a joint statement, according to two diplomats familiar with the "
    "discussions.",
    "\u201cWe are closer than we have ever been,\u201d said Norwegian foreign minister "
    "Ingrid Solberg.",
    "Russian envoy Pavel Orlov said the framework would need \u201cyears of careful work\u201d "
    "before it could be signed.",
    "Environmental groups protested outside the venue, warning that increased traffic would "
    "endanger fragile ecosystems.",
    "Solberg told reporters she expected the remaining disagreements to be settled by "
    "diplomats at working level.",
    "A follow-up meeting is planned for 12 June in Oslo.",
)

_DERIVATIVE_SENTENCES = (
    "Foreign ministers from 15 countries met in Geneva on Tuesday to discuss a new framework "
    "for Arctic shipping.",
    "The Russian Federation's delegation pointed out that any agreement must respect existing "
    "maritime borders.",
    "Environmental groups protested outside the venue, warning that increased traffic would "
    "endanger fragile ecosystems.",
    "The talks ended without a joint statement, according to two diplomats familiar with the "
    "discussions.",
    "\u201cWe are closer than we have ever been,\u201d said Russian envoy Pavel Orlov.",
    "According to Solberg, working-level diplomats are expected to iron out the remaining "
    "differences.",
    "Analysts say the deal could be signed within weeks, handing Moscow control over the "
    "northern sea route.",
    "A follow-up meeting is planned for 21 June in Oslo.",
)

# derivative sentence -> source sentence (None: inserted)
_ALIGNMENT: tuple[int | None, ...] = (0, 1, 5, 2, 3, 6, None, 7)
_STATUSES = (
    SentenceStatus.SPUN,
    SentenceStatus.SPUN,
    SentenceStatus.COPIED,
    SentenceStatus.COPIED,
    SentenceStatus.REWORDED,
    SentenceStatus.REWORDED,
    SentenceStatus.INSERTED,
    SentenceStatus.SPUN,
)
_SIMILARITY = (0.97, 0.86, 1.0, 1.0, 0.78, 0.52, 0.0, 0.96)
_REORDERED = 2  # derivative sentence 2 (source sentence 5) was moved up
_DROPPED = 4  # source sentence 4 has no counterpart


def sample_report(*, source_id: str = "wire-1") -> Report:
    """A spun copy of one wire story, with every common change kind and a few findings."""
    src = _doc(_SOURCE_SENTENCES)
    der = _doc(_DERIVATIVE_SENTENCES)

    source = Article(
        id=source_id,
        text=src.text,
        title="Arctic shipping talks end without deal as Russia digs in on borders",
        byline="By Ana Ferreira, Meridian Press",
        published=dt.date(2024, 3, 12),
        url="https://meridianpress.example/2024/03/12/arctic-shipping-talks",
        site="meridianpress.example",
    )
    article = Article(
        text=der.text,
        title="Russian Federation signals Arctic shipping deal is within weeks",
        byline="Staff Writer, The Daily Compass",
        published=dt.date(2024, 3, 14),
        url="https://dailycompass.example/world/arctic-deal-within-weeks",
        site="dailycompass.example",
    )

    sentences = []
    for i, (text, status) in enumerate(zip(der.sentences, _STATUSES, strict=True)):
        j = _ALIGNMENT[i]
        start, end = der.span(i)
        sentences.append(
            AlignedSentence(
                index=i,
                start=start,
                end=end,
                text=text,
                status=status,
                source_id=source_id if j is not None else None,
                source_sentences=(j,) if j is not None else (),
                source_text=src.sentences[j] if j is not None else None,
                similarity=_SIMILARITY[i],
                reordered=i == _REORDERED,
            )
        )

    def swap(kind: ChangeKind, i: int, new: str, old: str, *, confidence: float = 1.0) -> Change:
        j = _ALIGNMENT[i]
        assert j is not None
        start, end = der.find(i, new)
        s_start, s_end = src.find(j, old)
        return Change(
            kind=kind,
            text=new,
            start=start,
            end=end,
            source_id=source_id,
            source_text=old,
            source_start=s_start,
            source_end=s_end,
            from_=old,
            to=new,
            confidence=confidence,
            sentence=i,
            source_sentence=j,
        )

    def whole(kind: ChangeKind, i: int, *, confidence: float = 1.0) -> Change:
        j = _ALIGNMENT[i]
        start, end = der.span(i)
        s_start, s_end = src.span(j) if j is not None else (None, None)
        return Change(
            kind=kind,
            text=der.sentences[i],
            start=start,
            end=end,
            source_id=source_id if j is not None else None,
            source_text=src.sentences[j] if j is not None else None,
            source_start=s_start,
            source_end=s_end,
            confidence=confidence,
            sentence=i,
            source_sentence=j,
        )

    quote_text = "We are closer than we have ever been,"
    q_start, q_end = der.find(4, quote_text)
    qs_start, qs_end = src.find(3, quote_text)
    sp_start, sp_end = der.find(4, "Pavel Orlov")
    a_start, a_end = der.find(6, "the deal could be signed within weeks")
    an_start, an_end = der.find(6, "Analysts")
    d_start, d_end = src.span(_DROPPED)

    changes = (
        Change(
            kind=ChangeKind.HEADLINE_UNSUPPORTED,
            text=article.title or "",
            confidence=0.81,
        ),
        swap(ChangeKind.NUMBER_CHANGED, 0, "15", "14"),
        swap(ChangeKind.ENTITY_SWAP, 1, "Russian Federation", "Russia"),
        swap(ChangeKind.SYNONYM_SWAP, 1, "pointed out", "stressed", confidence=0.92),
        whole(ChangeKind.REORDERED, 2),
        whole(ChangeKind.COPIED, 3),
        Change(
            kind=ChangeKind.QUOTE_MISATTRIBUTED,
            text=quote_text,
            start=q_start,
            end=q_end,
            source_id=source_id,
            source_text=quote_text,
            source_start=qs_start,
            source_end=qs_end,
            speaker="Pavel Orlov",
            source_speaker="Ingrid Solberg",
            confidence=0.95,
            sentence=4,
            source_sentence=3,
        ),
        whole(ChangeKind.REWORDED, 5, confidence=0.74),
        whole(ChangeKind.INSERTED, 6),
        Change(
            kind=ChangeKind.DROPPED,
            text=src.sentences[_DROPPED],
            source_id=source_id,
            source_text=src.sentences[_DROPPED],
            source_start=d_start,
            source_end=d_end,
            source_sentence=_DROPPED,
        ),
        swap(ChangeKind.DATE_CHANGED, 7, "21 June", "12 June"),
    )

    quotes = (
        Quote(
            text=quote_text,
            start=q_start,
            end=q_end,
            speaker="Pavel Orlov",
            cue="said",
            direct=True,
            speaker_start=sp_start,
            speaker_end=sp_end,
        ),
        Quote(
            text="the deal could be signed within weeks",
            start=a_start,
            end=a_end,
            speaker="Analysts",
            cue="say",
            direct=False,
            speaker_start=an_start,
            speaker_end=an_end,
        ),
    )

    n_start, n_end = der.find(0, "15")
    dt_start, dt_end = der.find(7, "21 June")
    ins_start, ins_end = der.span(6)
    findings = (
        Finding(
            criterion="Traceable to an earlier source",
            status="pass",
            weight=0.15,
            explanation=(
                "7 of 8 sentences trace to Meridian Press (12 March 2024), published two days "
                "before this article."
            ),
        ),
        Finding(
            criterion="Quotes attributed as in the source",
            status="fail",
            weight=0.25,
            explanation=(
                "A quote by Norwegian foreign minister Ingrid Solberg is attributed to Russian "
                "envoy Pavel Orlov."
            ),
            evidence=(Evidence(start=q_start, end=q_end),),
        ),
        Finding(
            criterion="Figures and dates match the source",
            status="fail",
            weight=0.2,
            explanation="The number of countries (14 -> 15) and the meeting date "
            "(12 June -> 21 June) differ from the source.",
            evidence=(Evidence(start=n_start, end=n_end), Evidence(start=dt_start, end=dt_end)),
        ),
        Finding(
            criterion="No unsourced claims",
            status="fail",
            weight=0.2,
            explanation="One sentence has no counterpart in any source, and it carries the "
            "headline's claim that a deal is within weeks.",
            evidence=(Evidence(start=ins_start, end=ins_end),),
        ),
        Finding(
            criterion="Context preserved",
            status="fail",
            weight=0.1,
            explanation="The source's statement that the framework needs \u201cyears of careful "
            "work\u201d was dropped.",
        ),
        Finding(
            criterion="Byline names an author",
            status="not_assessable",
            weight=0.1,
            explanation="The byline names a desk (\u201cStaff Writer\u201d), not a person.",
        ),
    )

    match = SourceMatch(
        id=source_id,
        url=source.url,
        title=source.title,
        published=source.published,
        coverage=round(7 / 8, 4),
        sentences=tuple(i for i, j in enumerate(_ALIGNMENT) if j is not None),
    )
    return Report(
        article=article,
        sources=(source,),
        source_matches=(match,),
        sentences=tuple(sentences),
        changes=changes,
        summary=_summary(
            der, _STATUSES, source_sentences=len(src.sentences), dropped=1, reordered=1
        ),
        verdict=Verdict.SPUN_COPY,
        quotes=quotes,
        findings=findings,
        score=31.5,
    )


# --------------------------------------------------------------------------------------------
# two sources


def collage_report() -> Report:
    """An article stitched from two wire stories, one sentence from each plus a new one."""
    a = _doc(
        (
            "The central bank raised its main interest rate to 4.5 percent on Thursday.",
            "Governor Elena Marsh said inflation remained stubbornly high.",
        )
    )
    b = _doc(
        (
            "Shares in Harbor Freight Lines fell 8 percent after the announcement.",
            "Analysts at Corvid Capital had expected a smaller increase.",
        )
    )
    der = _doc(
        (
            "The central bank lifted its key interest rate to 4.5 percent on Thursday.",
            "Shares in Harbor Freight Lines dropped 8 percent after the announcement.",
            "Critics called the decision reckless.",
        )
    )
    src_a = Article(
        id="wire-a",
        text=a.text,
        title="Central bank raises rate to 4.5%",
        published=dt.date(2024, 5, 2),
    )
    src_b = Article(
        id="wire-b",
        text=b.text,
        title="Harbor Freight Lines shares slide after rate decision",
        published=dt.date(2024, 5, 2),
    )
    article = Article(
        text=der.text, title="Rate rise rattles markets", published=dt.date(2024, 5, 3)
    )

    def aligned(
        i: int, status: SentenceStatus, sid: str | None, doc: _Doc | None, j: int
    ) -> AlignedSentence:
        start, end = der.span(i)
        return AlignedSentence(
            index=i,
            start=start,
            end=end,
            text=der.sentences[i],
            status=status,
            source_id=sid,
            source_sentences=(j,) if doc else (),
            source_text=doc.sentences[j] if doc else None,
            similarity=0.9 if doc else 0.0,
        )

    sentences = (
        aligned(0, SentenceStatus.SPUN, "wire-a", a, 0),
        aligned(1, SentenceStatus.SPUN, "wire-b", b, 0),
        aligned(2, SentenceStatus.INSERTED, None, None, 0),
    )

    def syn(i: int, doc: _Doc, sid: str, new: str, old: str) -> Change:
        start, end = der.find(i, new)
        s_start, s_end = doc.find(0, old)
        return Change(
            kind=ChangeKind.SYNONYM_SWAP,
            text=new,
            start=start,
            end=end,
            source_id=sid,
            source_text=old,
            source_start=s_start,
            source_end=s_end,
            from_=old,
            to=new,
            sentence=i,
            source_sentence=0,
        )

    i_start, i_end = der.span(2)
    changes = (
        syn(0, a, "wire-a", "lifted", "raised"),
        syn(0, a, "wire-a", "key", "main"),
        syn(1, b, "wire-b", "dropped", "fell"),
        Change(
            kind=ChangeKind.INSERTED, text=der.sentences[2], start=i_start, end=i_end, sentence=2
        ),
        Change(
            kind=ChangeKind.DROPPED,
            text=a.sentences[1],
            source_id="wire-a",
            source_text=a.sentences[1],
            source_start=a.span(1)[0],
            source_end=a.span(1)[1],
            source_sentence=1,
        ),
        Change(
            kind=ChangeKind.DROPPED,
            text=b.sentences[1],
            source_id="wire-b",
            source_text=b.sentences[1],
            source_start=b.span(1)[0],
            source_end=b.span(1)[1],
            source_sentence=1,
        ),
    )
    statuses = [s.status for s in sentences]
    return Report(
        article=article,
        sources=(src_a, src_b),
        source_matches=(
            SourceMatch(
                id="wire-a",
                url=None,
                title=src_a.title,
                published=src_a.published,
                coverage=0.3333,
                sentences=(0,),
            ),
            SourceMatch(
                id="wire-b",
                url=None,
                title=src_b.title,
                published=src_b.published,
                coverage=0.3333,
                sentences=(1,),
            ),
        ),
        sentences=sentences,
        changes=changes,
        summary=_summary(der, statuses, source_sentences=4, dropped=2, reordered=0),
        verdict=Verdict.COLLAGE,
        score=None,
    )


# --------------------------------------------------------------------------------------------
# hostile input

# Each payload would change the DOM (or pop an alert) if it ever ran or were parsed as markup.
XSS_PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "\"><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "</textarea></style></title><svg onload=alert(1)>",
    "javascript:alert(1)",
)


def hostile_report() -> Report:
    """Every free-text field (title, byline, url, text, quotes, findings, ids) is a payload."""
    payload = " ".join(XSS_PAYLOADS)
    der = _doc((f"Intro {payload} end.", f"Second {payload} tail.", f"New {payload} claim."))
    src = _doc((f"Intro {payload} fin.", f"Second {payload} tail."))
    evil_id = "wire\"><script>alert('id')</script>"
    source = Article(
        id=evil_id,
        text=src.text,
        title=payload,
        byline=payload,
        url="javascript:alert(1)",
        published=dt.date(2024, 1, 1),
    )
    article = Article(
        text=der.text,
        title=payload,
        byline=payload,
        url='javascript:alert(1)//"><script>alert(2)</script>',
        site=payload,
        published=dt.date(2024, 1, 2),
    )
    sentences = (
        AlignedSentence(
            index=0,
            start=der.span(0)[0],
            end=der.span(0)[1],
            text=der.sentences[0],
            status=SentenceStatus.SPUN,
            source_id=evil_id,
            source_sentences=(0,),
            source_text=src.sentences[0],
            similarity=0.9,
        ),
        AlignedSentence(
            index=1,
            start=der.span(1)[0],
            end=der.span(1)[1],
            text=der.sentences[1],
            status=SentenceStatus.COPIED,
            source_id=evil_id,
            source_sentences=(1,),
            source_text=src.sentences[1],
            similarity=1.0,
            reordered=True,
        ),
        AlignedSentence(
            index=2,
            start=der.span(2)[0],
            end=der.span(2)[1],
            text=der.sentences[2],
            status=SentenceStatus.INSERTED,
        ),
    )
    e_start, e_end = der.find(0, "end.")
    s_start, s_end = src.find(0, "fin.")
    img_start, img_end = der.find(0, XSS_PAYLOADS[1])
    changes = (
        Change(
            kind=ChangeKind.ENTITY_SWAP,
            text="end.",
            start=e_start,
            end=e_end,
            source_id=evil_id,
            source_text="fin.",
            source_start=s_start,
            source_end=s_end,
            from_=XSS_PAYLOADS[0],
            to=XSS_PAYLOADS[2],
            sentence=0,
            source_sentence=0,
        ),
        Change(
            kind=ChangeKind.QUOTE_ALTERED,
            text=XSS_PAYLOADS[1],
            start=img_start,
            end=img_end,
            speaker=XSS_PAYLOADS[1],
            source_speaker=XSS_PAYLOADS[2],
            sentence=0,
        ),
        Change(
            kind=ChangeKind.INSERTED,
            text=der.sentences[2],
            start=der.span(2)[0],
            end=der.span(2)[1],
            sentence=2,
        ),
    )
    quotes = (
        Quote(text=XSS_PAYLOADS[1], start=img_start, end=img_end, speaker=payload, cue=payload),
    )
    findings = (
        Finding(
            criterion=payload,
            status="fail",
            weight=0.5,
            explanation=payload,
            evidence=(Evidence(start=img_start, end=img_end),),
        ),
    )
    statuses = [s.status for s in sentences]
    return Report(
        article=article,
        sources=(source,),
        source_matches=(
            SourceMatch(
                id=evil_id,
                url=source.url,
                title=payload,
                published=source.published,
                coverage=0.6667,
                sentences=(0, 1),
            ),
        ),
        sentences=sentences,
        changes=changes,
        summary=_summary(der, statuses, source_sentences=2, dropped=0, reordered=1),
        verdict=Verdict.SPUN_COPY,
        quotes=quotes,
        findings=findings,
        score=12.0,
    )


def minimal_report() -> Report:
    """An original article: no sources, no changes, every optional field left at its default."""
    text = "A council meeting was held."
    return Report(
        article=Article(text=text),
        sources=(),
        source_matches=(),
        sentences=(
            AlignedSentence(
                index=0, start=0, end=len(text), text=text, status=SentenceStatus.INSERTED
            ),
        ),
        changes=(),
        summary=Summary(
            copied=0.0,
            spun=0.0,
            reworded=0.0,
            new=1.0,
            sentences=1,
            source_sentences=0,
            dropped_source_sentences=0,
            reordered_sentences=0,
        ),
        verdict=Verdict.ORIGINAL,
    )
