"""A real HTTP server on 127.0.0.1 for the ingest URL tests (imported by test_ingest_*.py).

Routes serve an article page, a PDF, a PNG, redirect chains and loops, a slow answer and
oversized bodies. Handlers never sleep uninterruptibly: ``stop`` wakes them at teardown.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data" / "ingest"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PLAIN = (
    "Ferry fares to rise in spring\n\nBy Jane Doe\n\n2023-11-03\n\n"
    "Ferry fares to the islands will rise by 6 percent in April, the harbour authority said "
    "on Friday, blaming higher fuel costs and the new terminal's running costs.\n"
)
HUGE_CHUNK = b"<p>" + b"The harbour is busy today. " * 2000 + b"</p>\n"
SLOW_SECONDS = 5.0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        # The client may hang up (timeout, size cap): that is the point of those tests.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()

    def _route(self) -> None:
        path = self.path
        if path == "/article.html":
            self._send(200, "text/html; charset=utf-8", (DATA / "news_page.html").read_bytes())
        elif path == "/article-no-type":
            self._send(200, None, (DATA / "news_page.html").read_bytes())
        elif path == "/plain.txt":
            self._send(200, "text/plain; charset=utf-8", PLAIN.encode())
        elif path == "/empty.html":
            self._send(200, "text/html", (DATA / "empty_page.html").read_bytes())
        elif path == "/report.pdf":
            self._send(200, "application/pdf", PDF)
        elif path == "/photo.png":
            self._send(200, "image/png", PNG)
        elif path == "/missing":
            self._send(404, "text/html", b"<h1>Not found</h1>")
        elif match := re.fullmatch(r"/hop/(\d+)", path):
            hops = int(match.group(1))
            self._redirect(f"/hop/{hops - 1}" if hops > 1 else "/article.html")
        elif path == "/loop/a":
            self._redirect("/loop/b")
        elif path == "/loop/b":
            self._redirect(f"http://127.0.0.1:{self.server.server_port}/loop/a")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/article.txt")
        elif path == "/slow":
            self.server.stop.wait(SLOW_SECONDS)
            self._send(200, "text/html", b"<p>too late</p>")
        elif path == "/huge":
            # No Content-Length: only a streamed count can stop this one.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):
                if self.server.stop.is_set():
                    break
                self.wfile.write(HUGE_CHUNK)
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(HUGE_CHUNK)
        else:
            self._send(404, "text/plain", b"no such route")

    def _send(self, status: int, content_type: str | None, body: bytes) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stop = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-answer is expected here


@contextmanager
def serve() -> Iterator[str]:
    """Run the server for the duration of the block; yields its base URL."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
