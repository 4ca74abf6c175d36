"""A news site on 127.0.0.1 for the ``unspin watch`` tests and benchmark.

Feeds (RSS and Atom, with ETag and Last-Modified, answering 304 to conditional requests) list
article pages; :class:`Site` also serves the awkward cases a watcher meets: a 429 with
Retry-After, a 500, a 404, a broken feed, a page that is no article, a redirect to a host that
is not allowed, and a robots.txt that keeps one folder private. Every request is logged with
its headers and the status it got. Articles are written here (:func:`synthetic_article`) or
read from tests/data/watch (a wire story and a spun copy of it).
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import html
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "watch"
LAST_MODIFIED = "Tue, 17 Nov 2026 08:00:00 GMT"

TOWNS = [
    "Ashford", "Bramley", "Corwen", "Dunmore", "Elstead", "Fenwick", "Glenrock", "Harlow",
    "Ilford", "Jarrow", "Kelso", "Lanark", "Morley", "Newlyn", "Oakham", "Penrith", "Quarry Bank",
    "Redruth", "Selby", "Thirsk",
]  # fmt: skip
PEOPLE = [
    "Alma Reyes", "Bruno Hale", "Carla Voss", "Dmitri Lang", "Edith Moor", "Farid Nassar",
    "Greta Lund", "Hugo Brandt", "Ines Okafor", "Jonas Wirth",
]  # fmt: skip
TEMPLATES = [
    [
        "The {town} district council approved a budget of {a} million pounds for road repairs on "
        "{day}, after residents complained about potholes on the main routes into the town.",
        "Council leader {person} said the work would start in the spring and take {b} months.",
        "Contractors will resurface {c} kilometres of road and replace the drainage under the "
        "high street, which flooded twice last winter.",
        "Shop owners said they feared the roadworks would keep customers away during the "
        "busiest weeks of the year.",
        "The council promised to keep at least one lane open on every street while the repairs "
        "went on.",
    ],
    [
        "A new library opened in {town} on {day}, the first public building the town has gained "
        "in {b} years.",
        "The library holds {a} thousand books and a room where children can learn to write code "
        "after school.",
        "Head librarian {person} said more than {c} people had signed up for a card in the first "
        "week alone.",
        "The building was paid for partly by a local bakery chain, whose founder grew up in the "
        "town and borrowed books there as a boy.",
        "Opening hours will be extended on Saturdays from next month, the library said.",
    ],
    [
        "Firefighters in {town} spent {b} hours on {day} bringing a blaze at a timber yard under "
        "control, the regional fire service said.",
        "Nobody was hurt, but about {a} tonnes of sawn wood were destroyed and smoke closed the "
        "nearby railway line for the afternoon.",
        "Station commander {person} said the crews had stopped the fire from reaching a gas store "
        "at the edge of the yard.",
        "The cause of the fire was not yet known and an investigation had begun.",
        "Residents of {c} homes nearby were told to keep their windows shut until the evening.",
    ],
    [
        "The football club of {town} has signed a {b}-year lease on a new training ground, the "
        "club announced on {day}.",
        "The ground lies on former farmland east of the town and will have {c} pitches, one of "
        "them covered for winter.",
        "Club chairman {person} said the move would let the youth teams train every evening "
        "instead of twice a week.",
        "The lease costs the club about {a} thousand pounds a year, paid from a fund raised by "
        "supporters.",
        "Work on the changing rooms is due to finish before the start of next season.",
    ],
    [
        "Bus fares in {town} will rise by {b} percent from January, the regional transport "
        "authority said on {day}.",
        "The authority blamed higher fuel prices and the cost of replacing {c} old buses with "
        "electric ones.",
        "Passenger groups called the rise unfair to workers on low wages who have no car.",
        "Transport director {person} said a weekly ticket would still cost less than {a} pounds "
        "and that pensioners would keep travelling free.",
        "The authority will hold a public meeting on the new fares next month.",
    ],
    [
        "Scientists at the university in {town} said on {day} they had grown wheat that needs "
        "{b} percent less water than common varieties.",
        "The plants were tested over {c} seasons in dry fields south of the town.",
        "Lead researcher {person} said the wheat could help farmers in regions where rainfall "
        "has fallen sharply over the past decade.",
        "The team received a grant of {a} thousand euros to test the seed on larger farms.",
        "Seed companies have asked to see the results before they decide whether to sell it.",
    ],
    [
        "The hospital in {town} will open a new ward for older patients in {b} weeks, the health "
        "board said on {day}.",
        "The ward will have {c} beds and a garden where patients can sit outside in good weather.",
        "Nurses said the extra beds would ease the queues that built up in the emergency "
        "department last winter.",
        "Health board chief {person} said {a} new staff would be hired to run the ward.",
        "The board has not yet said how the ward will be paid for after its first year.",
    ],
    [
        "A ferry linking {town} with the islands was cancelled on {day} after strong winds "
        "closed the harbour for {b} hours.",
        "About {c} passengers were offered rooms in local hotels or a place on the next sailing.",
        "Harbour master {person} said the gusts had reached {a} kilometres an hour at noon.",
        "The ferry company said it would refund every ticket for the cancelled crossing.",
        "Forecasters expect calmer weather by the weekend.",
    ],
    [
        "Farmers near {town} began the apple harvest on {day}, {b} days later than usual after "
        "a cold spring.",
        "Growers expect about {a} tonnes of fruit this year, less than last year but of good size.",
        "Orchard owner {person} said a shortage of pickers had forced her to ask students from "
        "the college for help.",
        "Most of the apples will be pressed into juice at a cooperative that employs {c} people.",
        "Prices at the market have risen slightly since the summer.",
    ],
    [
        "Police in {town} said on {day} they had recovered {c} stolen bicycles from a warehouse "
        "near the station.",
        "The bicycles, worth about {a} thousand pounds in all, will be returned to their owners "
        "once they are identified.",
        "Inspector {person} said {b} people had been questioned and one man had been charged.",
        "Owners were asked to bring proof of purchase or a photograph of their bicycle.",
        "Police urged cyclists to register their frame numbers online.",
    ],
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def synthetic_article(n: int, *, templates: range | None = None) -> dict[str, Any]:
    """Article ``n`` (distinct text for every n), as the interchange dict."""
    pool = list(templates or range(len(TEMPLATES)))
    template = TEMPLATES[pool[n % len(pool)]]
    town = TOWNS[(n // len(pool)) % len(TOWNS)]
    values = {
        "town": town,
        "person": PEOPLE[(n * 7) % len(PEOPLE)],
        "day": DAYS[n % len(DAYS)],
        "a": 10 + (n * 37) % 890,
        "b": 2 + (n * 13) % 40,
        "c": 3 + (n * 29) % 500,
    }
    sentences = [s.format(**values) for s in template]
    # Two sentences to a paragraph; the story number makes every text distinct.
    paras = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    paras.append(f"This is report number {n} from {town} in the regional news service.")
    first = sentences[0].split(",")[0]
    return {"title": f"{town}: {first[:70]}", "byline": f"By {PEOPLE[n % len(PEOPLE)]}",
            "published": "2026-11-16", "text": "\n\n".join(paras)}  # fmt: skip


def fixture_article(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / name).read_text("utf-8")))


def article_page(article: dict[str, Any]) -> bytes:
    """An article page as news sites publish it: navigation, the story, a footer."""
    esc = html.escape
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in article["text"].split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(article["title"])}</title>
<meta name="author" content="{esc(article.get("byline") or "")}">
<meta property="article:published_time" content="{article.get("published") or ""}">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{esc(article["title"])}</h1>
{paras}
</article>
<footer><p>Copyright the publisher. All rights reserved.</p></footer>
</body></html>""".encode()


MENU_PAGE = b"""<!DOCTYPE html><html><head><title>Sections</title></head><body>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav></body></html>"""


def rss(items: list[tuple[str, str]], *, title: str = "Wire") -> bytes:
    """An RSS 2.0 feed of (link, title) items."""
    entries = "\n".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid><pubDate>{LAST_MODIFIED}</pubDate></item>"
        for link, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>http://example.invalid/</link>"
        f"<description>news</description>\n{entries}\n</channel></rss>"
    ).encode()


def atom(items: list[tuple[str, str]], *, title: str = "Digest") -> bytes:
    entries = "\n".join(
        f'<entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/>'
        f"<id>{html.escape(link)}</id><updated>2026-11-18T09:00:00Z</updated></entry>"
        for link, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(title)}</title><id>urn:digest</id>"
        f"<updated>2026-11-18T09:00:00Z</updated>\n{entries}\n</feed>"
    ).encode()


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    validators: bool = False  # ETag + Last-Modified, and 304 to a matching conditional GET


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    status: int
    at: float  # time.monotonic() when it arrived
    method: str = "GET"
    body: bytes = b""

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


class Site:
    """Routes (path -> Response, or a callable giving one per request) and the request log."""

    def __init__(self) -> None:
        self.routes: dict[str, Response | Callable[[], Response]] = {}
        self.log: list[Request] = []
        self.lock = threading.Lock()
        self.base = ""

    def add(self, path: str, response: Response | Callable[[], Response]) -> str:
        self.routes[path] = response
        return self.base + path

    def page(self, path: str, article: dict[str, Any]) -> str:
        return self.add(path, Response(body=article_page(article)))

    def feed(self, path: str, body: bytes, content_type: str = "application/rss+xml") -> str:
        return self.add(path, Response(body=body, content_type=content_type, validators=True))

    def requests(self, prefix: str = "") -> list[Request]:
        with self.lock:
            return [r for r in self.log if r.path.startswith(prefix)]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    def respond(self, path: str, headers: dict[str, str]) -> Response:
        route = self.routes.get(path)
        if route is None:
            return Response(404, b"no such page", "text/plain")
        answer = route() if callable(route) else route
        if answer.validators:
            etag = '"' + hashlib.sha256(answer.body).hexdigest()[:16] + '"'
            extra = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if headers.get("if-none-match") == etag or (
                "if-none-match" not in headers and headers.get("if-modified-since") == LAST_MODIFIED
            ):
                return Response(304, b"", None, extra)
            return Response(answer.status, answer.body, answer.content_type,
                            {**answer.headers, **extra}, answer.delay_s)  # fmt: skip
        return answer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes; without TCP_NODELAY, Nagle's algorithm and
    # the client's delayed ACK add 40 ms to every answer on a kept-alive connection.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:  # a webhook
        length = int(self.headers.get("Content-Length") or 0)
        self._answer(self.rfile.read(length))

    def _answer(self, body: bytes) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            site = self.server.site
            headers = {k.lower(): v for k, v in self.headers.items()}
            arrived = time.monotonic()
            answer = site.respond(self.path, headers)
            with site.lock:
                site.log.append(
                    Request(self.path, headers, answer.status, arrived, self.command, body)
                )
            if answer.delay_s:
                self.server.stop.wait(answer.delay_s)
            self.send_response(answer.status)
            if answer.content_type:
                self.send_header("Content-Type", answer.content_type)
            for k, v in answer.headers.items():
                self.send_header(k, v)
            self.send_header("Date", email.utils.formatdate(usegmt=True))
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.stop = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Run ``site`` on 127.0.0.1 for the block; ``site.base`` is its URL."""
    server = _Server(site)
    site.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()


def once_then(first: Response, then: Response) -> Callable[[], Response]:
    """A route that answers ``first`` to the first request and ``then`` afterwards."""
    calls = [0]
    lock = threading.Lock()

    def route() -> Response:
        with lock:
            calls[0] += 1
            return first if calls[0] == 1 else then

    return route
