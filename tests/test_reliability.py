"""Issue 17: bounded work for every input, and one clear line for every failure.

Each case is an input that once ran for minutes, ate gigabytes or ended in a traceback: a run
of one mark, a wall of emoji, thousands of repetitive sentences, an article over the size
limits, a lone surrogate, JSON nested 100,000 deep, a full disk, a read-only index, an
``--output`` nobody can write, another program's SQLite file, IPv6 forms of private IPv4
addresses, and credentials in a URL. Speed itself is measured in benchmarks/adversarial.py;
here the work is bounded by what can be counted (tokens, bytes allocated, rows written).
"""

from __future__ import annotations

import json
import random
import sqlite3
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from serve_support import WIRE, article_json, make_app
from unspin.cli import app as cli_app
from unspin.comparison.align import MAX_MERGE, align
from unspin.core.errors import InputError
from unspin.core.limits import (
    MAX_ANALYSIS_CHARS,
    MAX_ANALYSIS_SENTENCES,
    MAX_ANALYSIS_TOKENS,
    MAX_COMPARE_TOKENS,
    analysis_size_problem,
)
from unspin.core.model import Article, Sentence
from unspin.index.store import APPLICATION_ID, StoreError, open_store, prepare_article
from unspin.ingest import load_article
from unspin.ingest.fetch import non_public_reason, strip_credentials
from unspin.ingest.jsonfile import parse_json_article
from unspin.nlp.parse import parse
from unspin.nlp.units import SentenceUnits, Unit, UnitKind

runner = CliRunner()
PROSE = (
    "The harbour board met on Monday to discuss the repairs to the north quay, which were "
    "delayed by the storms in March. "
)
DEEP = "[" * 100_000 + "]" * 100_000


def one_line_error(output: str) -> str:
    """The CLI's error: a single line, no traceback."""
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output[-2000:]
    assert "Traceback" not in output
    return lines[0]


# --- bounded parsing and alignment -----------------------------------------------------------


@pytest.mark.parametrize(
    "run",
    ["!" * 16_000, "=" * 16_000, "\U0001f600" * 16_000, "\U0001f600\U0001f389\U0001f44d" * 5_000],
    ids=["bangs", "separator", "one-emoji", "emoji-wall"],
)
def test_a_run_of_marks_is_parsed_as_a_few_tokens(run: str) -> None:
    text = f"{PROSE}{run} The work starts in May."
    parsed = parse(text)
    assert len(parsed.doc) < 200  # spaCy was quadratic in the run: 16,000 "!" took 27 s
    assert parsed.sentences[0].text.startswith("The harbour board met")
    for s in parsed.sentences:
        assert text[s.start : s.end] == s.text  # spans still index the text as given


def _synthetic(n: int, seed: int) -> list[SentenceUnits]:
    """``n`` sentences of six words from a ten-word vocabulary: every pair shares words."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(10)]
    out, pos = [], 0
    for i in range(n):
        words = [rng.choice(vocab) for _ in range(6)]
        text = " ".join(words)
        units = tuple(
            Unit(key=w, kind=UnitKind.WORD, text=w, lemma=w, pos="X", start=pos + 3 * k,
                 end=pos + 3 * k + 2)
            for k, w in enumerate(words)
        )  # fmt: skip
        out.append(SentenceUnits(Sentence(index=i, start=pos, end=pos + len(text), text=text),
                                 units))  # fmt: skip
        pos += len(text) + 1
    return out


def test_alignment_memory_does_not_grow_with_the_square() -> None:
    derivative, source = _synthetic(1200, 1), _synthetic(1200, 2)
    tracemalloc.start()
    try:
        result = align(derivative, [source])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Every-pair matrices of 1,200 x 1,200 sentences took 35 MB; 8,000 a side took 2.3 GB.
    assert peak < 8_000_000, f"align allocated {peak / 1e6:.1f} MB at peak"
    assert len(result.blocks) + len(result.inserted) >= 1200  # every sentence accounted for


def test_alignment_of_repeated_sentences_is_linear_in_its_output() -> None:
    text = "The quay was closed for repairs. " * 300
    units = _units(text)
    result = align(units, [units])
    assert not result.inserted
    assert [b.derivative[0] for b in result.blocks] == list(range(len(units)))
    # Each block once merged every look-alike source sentence: 300 x 300 references here.
    assert max(len(b.source_sentences) for b in result.blocks) <= 2 * MAX_MERGE + 1


def _units(text: str) -> list[SentenceUnits]:
    from unspin.nlp.units import sentence_units

    return sentence_units(parse(text), set())


# --- the analysis size limits: CLI, API, index, scan -----------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("word " * (MAX_ANALYSIS_CHARS // 5 + 10), "characters"),
        ("! " * (MAX_ANALYSIS_TOKENS + 10), "words and punctuation"),
        ("Go.\n" * (MAX_ANALYSIS_SENTENCES + 10), "sentences"),
        (PROSE * 20, None),
        ("!" * 50_000, None),  # one run: three tokens as the parser sees it
    ],
    ids=["chars", "tokens", "sentences", "news", "one-run"],
)
def test_analysis_size_limits(text: str, problem: str | None) -> None:
    found = analysis_size_problem(text)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_cli_refuses_an_oversized_article_in_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(PROSE * (MAX_ANALYSIS_CHARS // len(PROSE) + 5), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(PROSE * 3, encoding="utf-8")
    result = runner.invoke(cli_app, ["compare", str(big), str(small)])
    assert result.exit_code == 2
    line = one_line_error(result.output)
    assert str(big) in line and "E103" in line and f"{MAX_ANALYSIS_CHARS:,}" in line


# --- one line for bad JSON ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"text": "The quay \\ud800 reopened on Monday after the repairs."}', "lone surrogate"),
        ('{"text": "The quay reopened.", "extra": ' + DEEP + "}", "nested too deeply"),
        (DEEP, "nested too deeply"),
    ],
    ids=["surrogate", "deep-field", "deep-array"],
)
def test_cli_bad_json_is_one_line(tmp_path: Path, content: str, problem: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(PROSE * 3, encoding="utf-8")
    result = runner.invoke(cli_app, ["compare", str(bad), str(good)])
    assert result.exit_code == 2
    line = one_line_error(result.output)
    assert str(bad) in line and problem in line


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=40))
def test_any_json_string_is_an_article_or_one_input_error(text: str) -> None:
    """Hypothesis with surrogates enabled: never an exception other than InputError."""
    raw = json.dumps({"text": text, "title": text})
    try:
        article = parse_json_article(raw, name="x.json")
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert article.text == text


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=200_000), st.sampled_from("[{"))
def test_json_nested_at_any_depth_is_read_or_refused_in_one_line(depth: int, bracket: str) -> None:
    close = "]" if bracket == "[" else "}"
    inner = bracket * depth if bracket == "[" else '{"a":' * depth
    raw = '{"text": "The quay reopened.", "x": ' + inner + "1" * (bracket == "{") + close * depth
    raw += "}"
    try:
        assert parse_json_article(raw, name="x.json").text == "The quay reopened."
    except InputError as err:
        assert "nested too deeply" in str(err)


# --- --output is checked before the analysis ---------------------------------------------------


@pytest.mark.parametrize("where", ["directory", "missing-folder"])
def test_output_that_cannot_be_written_fails_before_the_analysis(
    tmp_path: Path, where: str
) -> None:
    output = tmp_path if where == "directory" else tmp_path / "nowhere" / "report.json"
    # The article does not exist either: the output is checked first, before any reading.
    missing = tmp_path / "no-such-article.txt"
    result = runner.invoke(
        cli_app, ["compare", str(missing), str(missing), "-f", "json", "-o", str(output)]
    )
    assert result.exit_code == 2
    line = one_line_error(result.output)
    assert "E110" in line and str(output) in line and "no-such-article" not in line


# --- the index: good records survive bad ones; foreign files are left alone ---------------------


@pytest.fixture
def index_app() -> typer.Typer:
    from unspin.cli.index import index_command

    app = typer.Typer()
    app.command("index")(index_command)

    @app.command()
    def other() -> None:  # a second command keeps "index" a named subcommand
        pass

    return app


def test_index_commits_good_records_around_bad_ones(index_app: typer.Typer, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "good-1", "text": PROSE * 3}),
        '{"id": "surrogate", "text": "The quay \\ud800 reopened on Monday after repairs."}',
        '{"id": "deep", "text": "x", "x": ' + DEEP + "}",
        json.dumps({"id": "huge", "text": PROSE * (MAX_ANALYSIS_CHARS // len(PROSE) + 5)}),
        json.dumps({"id": "good-2", "text": "Another story: the ferry timetable changes in June. "
                    * 3}),
    ]  # fmt: skip
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(index_app, ["index", "--db", str(db), str(records)])
    assert result.exit_code == 0, result.output
    assert "indexed 2 articles" in result.output
    for reason in ("invalid_unicode 1", "malformed_json 1", "too_large 1"):
        assert reason in result.output
    store = open_store(db, readonly=True)
    try:
        assert store.get("good-1") is not None and store.get("good-2") is not None
        assert store.get("huge") is None
    finally:
        store.close()


def test_another_programs_sqlite_file_is_refused_untouched(
    index_app: typer.Typer, tmp_path: Path
) -> None:
    db = tmp_path / "notes.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = CliRunner().invoke(index_app, ["index", "--db", str(db), "--stats"])
    assert result.exit_code == 2
    line = one_line_error(result.output)
    assert "not an unspin index" in line and "untouched" in line
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists()  # not switched to WAL either


def test_unspin_marks_its_index_and_still_opens_unmarked_ones(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.execute("PRAGMA application_id=0")  # as an index from before the mark
    conn.commit()
    conn.close()
    open_store(db, readonly=True).close()
    open_store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_sqlite_with_another_application_id_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id=1234")
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        open_store(db)


def _article(key: str, text: str) -> Article:
    return Article(text=text, id=key)


def test_a_full_disk_is_one_line_and_keeps_what_was_committed(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    store = open_store(db)
    store.add(prepare_article(_article("kept", PROSE * 2)))
    store.conn.execute("PRAGMA max_page_count=1")  # every further page: SQLITE_FULL
    with pytest.raises(StoreError) as caught:
        store.add(prepare_article(_article("lost", "The ferry timetable changes. " * 400)))
    assert "disk is full" in str(caught.value) and "\n" not in str(caught.value)
    store.close()
    store = open_store(db, readonly=True)
    try:
        assert store.get("kept") is not None and store.get("lost") is None
    finally:
        store.close()


def test_a_read_only_index_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    store = open_store(db)
    store.conn.close()
    # As a file the process may not write: root ignores chmod, so open it read-only.
    store.conn = sqlite3.connect(
        db.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None,
        check_same_thread=False,
    )  # fmt: skip
    try:
        with pytest.raises(StoreError, match="read-only"):
            store.add(prepare_article(_article("a", PROSE * 2)))
        with pytest.raises(StoreError, match="read-only"):
            store.save_report("{}")
    finally:
        store.close()


# --- the API: 4xx, one message ---------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(make_app(), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ('{"text": "The quay \\ud800 reopened on Monday after repairs."}', 422, "surrogate"),
        ('{"text": "x", "title": "\\udfff"}', 422, "title"),
        ('{"text": "The quay reopened.", "x": ' + DEEP + "}", 400, "nested too deeply"),
    ],
    ids=["surrogate-text", "surrogate-title", "deep"],
)
def test_api_bad_json_is_a_4xx_with_one_message(
    client: TestClient, body: str, status: int, message: str
) -> None:
    r = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert message in r.json()["error"]["message"]


def test_api_refuses_oversized_articles_and_comparisons(client: TestClient) -> None:
    big = {"text": PROSE * (MAX_ANALYSIS_CHARS // len(PROSE) + 5)}
    r = client.post("/v1/compare", json={"derivative": big, "source": article_json(WIRE)})
    assert r.status_code == 413 and r.json()["error"]["code"] == "E103"
    # Each under the limit, together over what one comparison takes.
    each = {"text": PROSE * (MAX_ANALYSIS_TOKENS // 30)}
    n = MAX_COMPARE_TOKENS // MAX_ANALYSIS_TOKENS + 1
    r = client.post("/v1/compare", json={"derivative": each, "sources": [each] * n})
    assert r.status_code == 413 and "one comparison" in r.json()["error"]["message"]


# --- SSRF: IPv6 forms of IPv4 addresses; credentials ------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("2002:7f00:1::1", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 of 169.254.169.254
        ("2002:c0a8:101::", "private"),  # 6to4 of 192.168.1.1
        ("2001:0:7f00:1::80ff:fffe", "loopback"),  # Teredo: server 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:f5ff:fefe", "private"),  # Teredo: client 10.0.1.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of the metadata service
        ("64:ff9b:1::a00:1", "NAT64"),  # local-use NAT64
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
        ("::127.0.0.1", "loopback"),  # IPv4-compatible
        ("::a9fe:a9fe", "link-local"),  # IPv4-compatible metadata service
        ("2002:5db8:d822::1", None),  # 6to4 of a public address
        ("::ffff:93.184.216.34", None),
    ],
)
def test_ipv6_forms_of_ipv4_addresses_are_judged_as_that_address(
    address: str, reason: str | None
) -> None:
    found = non_public_reason(address)
    assert (found is None) if reason is None else (found is not None and reason in found)


def test_credentials_are_not_kept_in_the_article_url() -> None:
    page = b"<html><body><article><p>" + PROSE.encode() * 3 + b"</p></article></body></html>"

    def site(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=page, headers={"Content-Type": "text/html"})

    with httpx.Client(transport=httpx.MockTransport(site)) as client:
        article = load_article("https://editor:s3cret@news.example/quay", client=client)
    assert article.url == "https://news.example/quay"
    assert strip_credentials("http://u:p@h.example:8080/a?b=1") == "http://h.example:8080/a?b=1"


# --- the service: deadline, keys, retention, bounded pages, slow clients ------------------------


def test_an_analysis_past_the_deadline_is_stopped_and_the_next_one_runs(tmp_path: Path) -> None:
    """Analyses run in a worker process that is killed at the deadline (504), then replaced."""
    from serve_support import SPUN

    slow = {"text": PROSE * 450}  # about 12,000 tokens a side: seconds, not 1.5
    app = make_app(tmp_path / "x.db", isolate=True, analysis_deadline_s=1.5)
    with TestClient(app, raise_server_exceptions=False) as c:
        worker = app.state.service.worker
        worker.start()  # the model loads in the child; start-up is not part of a deadline
        first = worker._process.pid
        r = c.post("/v1/compare", json={"derivative": slow, "source": slow})
        assert r.status_code == 504, r.text
        assert r.json()["error"]["code"] == "E504" and "1.5 s" in r.json()["error"]["message"]
        assert worker._process is None  # killed, not left running in the background
        r = c.post(
            "/v1/compare", json={"derivative": article_json(SPUN), "source": article_json(WIRE)}
        )
        assert r.status_code == 201, r.text
        assert r.json()["report"]["verdict"] == "spun_copy"
        assert worker._process.pid != first


def test_stored_article_texts_need_the_key_when_there_is_one() -> None:
    with TestClient(make_app(api_key="s3cret")) as c:
        added = c.post("/v1/articles", json=article_json(WIRE), headers={"X-API-Key": "s3cret"})
        link = added.json()["links"]["json"]
        r = c.get(link)
        assert r.status_code == 401 and "to read stored articles" in r.json()["error"]["message"]
        assert c.get(link, headers={"X-API-Key": "wrong"}).status_code == 401
        assert c.get(link, headers={"X-API-Key": "s3cret"}).json()["article"]["text"] == WIRE.text


def test_reports_are_deleted_with_the_key() -> None:
    from serve_support import SPUN

    body = {"derivative": article_json(SPUN), "source": article_json(WIRE)}
    with TestClient(make_app(api_key="s3cret")) as c:
        report = c.post("/v1/compare", json=body).json()
        path = report["links"]["json"]
        assert c.delete(path).status_code == 401
        assert c.get(path).status_code == 200
        assert c.delete(path, headers={"X-API-Key": "s3cret"}).status_code == 204
        assert c.get(path).status_code == 404
        assert c.get(report["links"]["html"]).status_code == 404
        assert c.delete(path, headers={"X-API-Key": "s3cret"}).status_code == 404


@pytest.mark.parametrize("backend", ["sqlite", "memory"])
def test_report_retention_by_count_size_and_age(tmp_path: Path, backend: str) -> None:
    store = open_store(tmp_path / "x.db" if backend == "sqlite" else None)
    try:
        ids = [store.save_report(json.dumps({"n": i, "pad": "x" * 100})) for i in range(5)]
        assert store.prune_reports(max_age_s=None, max_count=3, max_bytes=None) == 2
        assert [store.load_report(i) is not None for i in ids] == [False, False, True, True, True]
        size = len(store.load_report(ids[-1]) or "")
        assert store.prune_reports(max_age_s=None, max_count=None, max_bytes=2 * size) == 1
        assert store.load_report(ids[2]) is None and store.load_report(ids[3]) is not None
        assert store.prune_reports(max_age_s=-60, max_count=None, max_bytes=None) == 2
        assert all(store.load_report(i) is None for i in ids)
    finally:
        store.close()


def test_the_service_keeps_reports_within_its_bounds() -> None:
    from serve_support import SPUN

    body = {"derivative": article_json(SPUN), "source": article_json(WIRE)}
    with TestClient(make_app(report_max_count=2, report_prune_interval_s=0)) as c:
        paths = [c.post("/v1/compare", json=body).json()["links"]["json"] for _ in range(3)]
        assert [c.get(p).status_code for p in paths] == [404, 200, 200]


def test_a_report_too_large_for_a_page_is_not_rendered() -> None:
    from serve_support import SPUN

    body = {"derivative": article_json(SPUN), "source": article_json(WIRE)}
    with TestClient(make_app(max_page_report_bytes=1_000)) as c:
        report = c.post("/v1/compare", json=body).json()
        page = c.get(report["links"]["html"])
        assert page.status_code == 200
        assert "too large for a page" in page.text and report["links"]["json"] in page.text
        assert len(page.text) < 20_000


@pytest.fixture
def slow_client_server(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    import socket
    import threading
    import time

    import uvicorn

    from unspin.serve import ServeSettings
    from unspin.serve.server import connection_limits

    options = {"header_timeout_s": 0.5, "body_timeout_s": 0.5, "keep_alive_s": 0.5,
               **getattr(request, "param", {})}  # fmt: skip
    settings = ServeSettings(db=None, **options)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = make_app(body_timeout_s=settings.body_timeout_s)
    config = uvicorn.Config(app, log_level="warning", **connection_limits(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield sock.getsockname()
    server.should_exit = True
    thread.join(10)


def _read_until_closed(conn: object, limit_s: float) -> bytes:
    import socket

    assert isinstance(conn, socket.socket)
    conn.settimeout(limit_s)
    data = b""
    while chunk := conn.recv(4096):
        data += chunk
    return data


def test_a_request_head_that_never_ends_is_cut_off(slow_client_server: tuple[str, int]) -> None:
    import socket

    with socket.create_connection(slow_client_server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        # the server closes it (a recv timeout here would mean it never does)
        assert _read_until_closed(conn, limit_s=5) == b""


def test_a_body_that_stops_arriving_gets_408(slow_client_server: tuple[str, int]) -> None:
    import socket

    with socket.create_connection(slow_client_server) as conn:
        conn.sendall(
            b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"text": '
        )
        answer = _read_until_closed(conn, limit_s=5)
    assert answer.startswith(b"HTTP/1.1 408") and b"E408" in answer


@pytest.mark.parametrize(
    "slow_client_server", [{"max_connections": 2, "header_timeout_s": 10.0}], indirect=True
)
def test_connections_past_the_limit_are_answered_503(slow_client_server: tuple[str, int]) -> None:
    import socket
    import time

    host, port = slow_client_server
    with socket.create_connection((host, port)), socket.create_connection((host, port)):
        answer = httpx.get(f"http://{host}:{port}/healthz", timeout=5)
    assert answer.status_code == 503
    # Once they close, the server serves again (it may take a moment to see them go).
    for _ in range(50):
        if httpx.get(f"http://{host}:{port}/healthz", timeout=5).status_code == 200:
            break
        time.sleep(0.1)
    else:
        pytest.fail("still refusing after the idle connections closed")
