"""Scraped site furniture: lines such as "Share this article" that are not the article.

Spinners scrape whole pages, so a body often carries the source site's furniture ("Other
reports by ...", "Discuss This Article"). Those lines are kept out of ``Article.text`` and
reported in ``Article.boilerplate``, because they are evidence of scraping.

Matching is line-wise and whole-line: a pattern must cover the entire line, so a news
sentence that merely contains "said on Twitter" or "subscribe" is never touched.
"""

from __future__ import annotations

import re

from unspin.ingest.names import looks_like_name

_SOCIAL = (
    r"(?:facebook|twitter|x|email|e-mail|mail|whatsapp|linkedin|reddit|pinterest|telegram|"
    r"print|copy(?: link)?|link|messenger|tumblr|threads|bluesky|flipboard|pocket|sms|tweet|"
    r"pin(?: it)?|share|comments?|\d+ comments?)"
)
_SOCIAL_RUN = rf"{_SOCIAL}(?:[\s,|·•/]+{_SOCIAL})*"
# "Share on Facebook Share on Twitter Email": share buttons as a page lists them.
_SHARE_BUTTON = (
    r"(?:share(?: this| the)?(?: article| story| page| post| link)?(?: on| via| with)?\s*)?"
    rf"{_SOCIAL}"
)
# "Home » World » Europe", "News > UK > Politics", "Home / Business": where the page sits.
_CRUMB = r"[\w&'’.,-]+(?: [\w&'’.,-]+){0,3}"
_TAIL = r"(?:\s*[:»›>→|\-–—]\s*.{0,150})?"  # "Related: Harbour plan approved"
_BLOCK_HEAD = (
    r"(?:related(?: (?:articles?|stories|story|coverage|content|reading|links|news|topics))?|"
    r"see also|also read|read also|recommended(?: for you| reading| stories)?|"
    r"you (?:may|might) also (?:like|be interested in)|"
    r"more (?:stories|articles|news|coverage|reading)|more on (?:this|that) (?:story|topic)|"
    r"most (?:read|popular|viewed|shared)|top stories|trending(?: now| stories)?|"
    r"editor'?s picks|latest (?:news|stories|headlines)|what to read next)"
)
# The name is often a link that a pasted page loses: "Other reports by" alone is furniture too.
_BY_NAME = r"(?:by|from)(?:\s+(?P<name>[^.!?:]{1,60}))?"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# A heading that a list of headline links follows ("Other reports by Jane Doe").
_BLOCK_PATTERNS = (
    _c(rf"other (?:reports|stories|articles|posts|news|columns|work) {_BY_NAME}"),
    _c(rf"(?:more|all|latest) (?:reports|stories|articles|posts|news) {_BY_NAME}"),
    _c(rf"(?:view|see|read) (?:all|more) (?:reports|stories|articles|posts) {_BY_NAME}"),
    _c(r"more from\s+(?P<name>[^.!?:]{1,60})"),
    _c(rf"{_BLOCK_HEAD}\s*:?"),
    _c(r"(?:read more|read next|more|see more|also see)\s*:"),  # then links to other stories
)
_LINE_PATTERNS = (
    # share buttons and share prompts
    _c(
        r"share(?: this| the)?(?: article| story| page| post| link)?(?: on| via| with)?"
        rf"(?:\s*[:|]?\s*{_SOCIAL_RUN})?\s*:?"
    ),
    _c(_SOCIAL_RUN),
    _c(rf"{_SHARE_BUTTON}(?:[\s,|·•/]+{_SHARE_BUTTON})*\s*:?"),
    # breadcrumbs
    _c(rf"{_CRUMB}(?:\s*[»›>→]\s*{_CRUMB}){{1,6}}"),
    _c(rf"home(?:\s*[/|]\s*{_CRUMB}){{1,6}}"),
    # comments
    _c(r"discuss this (?:article|story|post|report)\b.{0,40}"),
    _c(
        r"(?:view|show|read|add|leave|post|see|join|load)(?: the| a| your| all)?(?: \d+)? "
        r"(?:comments?|discussion|conversation|reply|replies)\b.{0,40}"
    ),
    _c(r"comments?(?: \(\d+\))?|\d+ (?:comments?|replies)"),
    # newsletters and subscriptions
    _c(
        r"(?:sign up|subscribe|register)\b.{0,150}"
        r"\b(?:newsletters?|inbox|e-?mails?|briefings?|bulletins?|updates|alerts|digest|free|"
        r"today|now|here)\b.{0,150}"
    ),
    _c(r"(?:sign up|subscribe|register)(?: now| today| here)?[.!]?"),
    _c(r"(?:get|receive|try) (?:our|the)\b.{0,60}\bnewsletters?\b.{0,100}"),
    _c(r"(?:our |free |daily |weekly )*newsletters?"),
    # follow prompts
    _c(rf"follow (?:us|me|@[\w.]+|[\w .'&-]{{1,40}} on {_SOCIAL})\b.{{0,80}}"),
    # related links and read-more prompts
    _c(rf"{_BLOCK_HEAD}{_TAIL}"),
    _c(
        r"(?:read more|read next|read the full (?:story|article)|continue reading|"
        r"keep reading|full story)"
        r"(?:\s*[:»›>→|\-–—]\s*.{0,150}|\s+(?:here|at|on|about)\b.{0,150})?[\s.»›>→…]*"
    ),
    _c(r"(?:click|tap) here\b.{0,150}"),
    # copyright
    _c(r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,200}"),
    _c(r".{0,200}\ball rights reserved\b.{0,40}"),
    # advertising
    _c(
        r"\(?(?:advertisement|advertising|advert|ad|sponsored(?: content| post| links?)?|"
        r"promoted(?: content| stories)?|paid (?:content|post)|"
        r"(?:story|article) continues (?:below|after (?:this )?advertisement)(?: advertisement)?|"
        r"continue reading (?:the main story|below)|skip (?:this )?(?:advertisement|ad)|"
        r"scroll to continue(?: with content)?)\)?"
    ),
    # page tools, navigation, cookies, tags
    _c(
        r"(?:listen to this (?:article|story)|print this (?:article|page|story)|"
        r"save (?:this )?(?:article|story)|gift (?:this )?article|(?:font|text) size|"
        r"\d+\s*min(?:ute)?s?\s*read|reading time\s*:?.{0,20}|"
        r"e-?mail (?:this|the) (?:article|story|author)|contact the (?:author|writer))"
    ),
    _c(
        r"(?:skip to (?:main )?content|back to top|menu|home|search|log ?in|log ?out|sign in|"
        r"my account|open menu|close menu|toggle navigation)"
    ),
    _c(
        r"(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|"
        r"cookie (?:policy|settings|preferences)|manage cookies)\b.{0,200}"
    ),
    _c(r"(?:tags|topics|filed under|categories|category|keywords)\s*:.{0,150}"),
    _c(r"(?:photo|image|picture|photograph)s?(?: credit)?\s*:\s*[^.]{0,100}"),
)
_BULLET = re.compile(r"^(?:[-*•»›>]|\d+[.)])\s+")
# A reporting verb marks a sentence of the article, never furniture.
_REPORTING = _c(r"\b(?:said|says|told|according to|announced|reported)\b")
_MAX_WORDS = 30
_MAX_CHARS = 300
_LINK_MAX_WORDS = 16


def _furniture(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    text = _BULLET.sub("", line.strip())
    if not text or len(text) > _MAX_CHARS or len(text.split()) > _MAX_WORDS:
        return False
    if _REPORTING.search(text):
        return False
    for pattern in patterns:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        name = match.groupdict().get("name")
        if name is None or looks_like_name(name.strip()):
            return True
    return False


def _link_like(line: str) -> bool:
    """A headline link in a "related"/"other reports" list: short, no sentence end."""
    text = line.strip()
    if _BULLET.match(text):
        return True
    return (
        0 < len(text.split()) <= _LINK_MAX_WORDS
        and not text.endswith((".", ",", ";", ":"))
        and not _REPORTING.search(text)
    )


def is_boilerplate(line: str) -> bool:
    """Whether one line is site furniture on its own."""
    return _furniture(line, _BLOCK_PATTERNS + _LINE_PATTERNS)


def split_boilerplate(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its furniture lines, and those lines (stripped) in order."""
    kept: list[str] = []
    removed: list[str] = []
    in_block = False  # inside the link list under an "Other reports by ..." heading
    for line in text.split("\n"):
        if not line.strip():
            kept.append(line)
            continue
        if _furniture(line, _BLOCK_PATTERNS):
            in_block = True
        elif not (in_block and _link_like(line)) and not is_boilerplate(line):
            in_block = False
            kept.append(line)
            continue
        removed.append(line.strip())
        kept.append("")  # furniture separates paragraphs; keep that break
    return "\n".join(kept), tuple(removed)
