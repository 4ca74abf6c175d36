"""`unspin scan` end to end on a small generated crawl (tests/scan_crawl.py): both engines.

The Spark engine runs in local mode (Java 17, SPARK_LOCAL_IP=127.0.0.1); its run has a worker
killed mid-partition and must still give exactly the local engine's rows.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from unspin.cli import app
from unspin.scan import ScanOptions, scan

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scan_crawl

runner = CliRunner()


def table(out: Path, name: str) -> list[dict[str, Any]]:
    return ds.dataset(str(out / name), format="parquet").to_table().to_pylist()


def canonical(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as sorted tuples (lists as tuples), to compare tables regardless of row order."""
    out = [
        tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(r.items()))
        for r in rows
    ]
    return sorted(out, key=repr)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crawl")
    paths = scan_crawl.build(folder)
    db = folder / "reference.db"
    result = runner.invoke(app, ["index", "--db", str(db), str(paths["reference"])])
    assert result.exit_code == 0, result.output
    return {**paths, "db": db, "folder": folder}


@pytest.fixture(scope="module")
def local_out(crawl: dict[str, Path]) -> Path:
    out = crawl["folder"] / "out-local"
    result = runner.invoke(
        app,
        ["scan", "--reference", str(crawl["db"]), "--out", str(out), "--jobs", "2",
         str(crawl["crawl"])],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def s3(crawl: dict[str, Path]) -> dict[str, str]:
    """A real S3 API on 127.0.0.1 (moto's server), holding the crawl in a CC-NEWS-like layout:
    the WARC files under crawl-data/CC-NEWS/2026/03/, the records files under 2026/01/."""
    pytest.importorskip("moto")
    import pyarrow.fs as pafs
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    query = f"?endpoint_override={host}:{port}&scheme=http&region=us-east-1"
    # credentials as the AWS clients read them (inherited by worker processes and executors)
    mp = pytest.MonkeyPatch()
    mp.setenv("AWS_ACCESS_KEY_ID", "test")
    mp.setenv("AWS_SECRET_ACCESS_KEY", "test")
    fs = pafs.S3FileSystem(
        endpoint_override=f"{host}:{port}", scheme="http", region="us-east-1",
        access_key="test", secret_key="test", allow_bucket_creation=True,
    )  # fmt: skip
    fs.create_dir("news")
    uploads = {"ref/reference.jsonl": crawl["reference"]}
    for i, f in enumerate(sorted(p for p in crawl["crawl"].iterdir() if "warc" in p.name)):
        uploads[f"crawl-data/CC-NEWS/2026/03/CC-NEWS-2026031{i}120000-0000{i}.warc.gz"] = f
    for f in sorted(p for p in crawl["crawl"].iterdir() if "warc" not in p.name):
        uploads[f"crawl-data/CC-NEWS/2026/01/{f.name}"] = f
    for key, local in uploads.items():
        with fs.open_output_stream(f"news/{key}") as out:
            out.write(local.read_bytes())
    yield {"query": query, "crawl": f"s3://news/crawl-data/CC-NEWS/{query}",
           "reference": f"s3://news/ref/reference.jsonl{query}", "fs": fs}  # fmt: skip
    server.stop()
    mp.undo()


def remote_table(s3: dict[str, Any], prefix: str, name: str) -> list[dict[str, Any]]:
    data = ds.dataset(f"news/{prefix}/{name}", format="parquet", filesystem=s3["fs"])
    return data.to_table().to_pylist()


def by_url(out: Path) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in table(out, "matches")}


def test_every_page_is_traced_to_its_true_source(local_out: Path) -> None:
    rows = by_url(local_out)
    truth = {p["url"]: p for p in scan_crawl.pages()}
    assert set(rows) == set(truth)  # every readable page once, none of the skipped records
    for url, page in truth.items():
        row = rows[url]
        if page["kind"] == "original":
            assert row["verdict"] == "original", url
            assert row["sources"] == [] and not row["spun_or_unattributed"]
        else:
            assert row["top_source"] == page["sources"][0], url
        if page["kind"] == "spun":
            assert row["verdict"] == "spun_copy", url
            assert row["spun_or_unattributed"]
            assert row["n_synonym_swap"] + row["n_entity_swap"] >= 1
            assert row["n_quote_unquoted"] >= 1  # the spinner dropped the quotation marks
    copy = rows["https://partner-gazette.example/business/samsung"]
    assert copy["verdict"] == "faithful_copy"
    assert copy["source_credited"] == "pass"  # "(AP)" is in the text: not a farm's copy
    assert not copy["spun_or_unattributed"]


def test_sites_are_ranked_and_the_network_found(local_out: Path) -> None:
    sites = {r["site"]: r for r in table(local_out, "sites")}
    ring = {"daily-truth-now.example", "patriot-wire-today.example"}
    farms = ring | {"megaviral-news.example"}  # every page of the three is a spun copy
    assert {s for s, r in sites.items() if r["rank"] <= 3} == farms
    for s in ring:
        assert sites[s]["share_spun"] == 1.0 and sites[s]["network"] == "net-001"
        assert sites[s]["top_sources"] == ["wire_chips", "wire_port"]
    assert sites["megaviral-news.example"]["spun_pages"] == 2
    for honest in ("town-chronicle.example", "farm-journal.example", "partner-gazette.example"):
        assert sites[honest]["spun_pages"] == 0
        assert sites[honest]["rank"] > 3 and sites[honest]["network"] is None
    (net,) = table(local_out, "networks")
    assert net["sites"] == sorted(ring) and net["pages"] == 4
    assert net["shared_lines"] >= 2
    # why they are linked: the same wire sentences carrying the same swaps on both sites
    assert net["links"] and {link["kind"] for link in net["links"]} == {"spin_signature"}
    assert {(link["site_a"], link["site_b"]) for link in net["links"]} == {tuple(sorted(ring))}
    shown = [link["text_a"] for link in net["links"]] + [link["text_b"] for link in net["links"]]
    assert net["example"] in shown
    assert all(any(b in t for b in scan_crawl.SWAPS.values()) for t in shown)


def test_bad_records_are_counted_not_fatal(local_out: Path) -> None:
    summary = json.loads((local_out / "summary.json").read_text())
    skipped = summary["totals"]["skipped"]
    assert summary["files_failed"] == {}
    assert summary["totals"]["pages"] == len(scan_crawl.pages())
    assert skipped["too_large"] == 1  # the 12 MB page, never handed to trafilatura
    assert skipped["unsupported_language"] == 1  # the German page
    assert skipped["warc_not_html"] == 1  # the PNG
    assert skipped["malformed_json"] == 1
    assert skipped["no_article_text"] == 1  # a section front: headlines, no sentences
    assert skipped["warc_truncated"] == 1  # the file ends inside its last record
    assert skipped.get("warc_corrupt_record", 0) + skipped.get("warc_not_http", 0) == 1
    assert summary["totals"]["other_records"] == 6  # the WARC requests: not pages
    html = (local_out / "summary.html").read_text()
    assert "daily-truth-now.example" in html and "net-001" in html and "too_large" in html


# py4j (PySpark's bridge to the JVM) leaves sockets for the garbage collector to close
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_spark_gives_the_local_rows_even_after_a_killed_worker(
    crawl: dict[str, Path],
    local_out: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3: dict[str, Any],
) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("the Spark engine needs Java 17")
    marker = tmp_path / "killed"
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    # set before the session starts: Spark's Python workers inherit it
    monkeypatch.setenv("UNSPIN_SCAN_KILL_ONCE", str(marker))
    out = tmp_path / "out-spark"
    from unspin.scan.spark import spark_session

    spark = spark_session("local[2,4]")  # 4 attempts per task: a killed task is retried
    try:
        summary = scan(
            [str(crawl["crawl"])],
            str(crawl["db"]),
            out,
            ScanOptions(engine="spark", master="local[2,4]", batch_files=2),
        )
        # the same session, from S3 to S3: executors fetch the crawl objects themselves
        import datetime as dt

        on_s3 = scan(
            [s3["crawl"]],
            s3["reference"],
            f"s3://news/results-spark{s3['query']}",
            ScanOptions(engine="spark", master="local[2,4]", since=dt.date(2026, 3, 1)),
        )
    finally:
        spark.stop()
        gc.collect()  # py4j's sockets: closed here, under this test's warning filters
    assert marker.exists(), "no worker was killed: the fault was not injected"
    assert summary.files_failed == {}
    for name in ("matches", "spun_lines", "sites", "networks"):
        assert canonical(table(out, name)) == canonical(table(local_out, name)), name
    a = json.loads((out / "summary.json").read_text())["totals"]
    b = json.loads((local_out / "summary.json").read_text())["totals"]
    assert a == b
    assert on_s3.files_failed == {} and on_s3.files == 2

    def analysis(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return canonical([{k: v for k, v in r.items() if k not in ("page_id", "file")}
                          for r in rows])  # fmt: skip

    warc_rows = [r for r in table(local_out, "matches") if ".warc" in r["file"]]
    assert analysis(remote_table(s3, "results-spark", "matches")) == analysis(warc_rows)


def test_s3_crawl_reference_and_output_with_a_date_filter(
    s3: dict[str, Any], local_out: Path
) -> None:
    out = f"s3://news/results-local{s3['query']}"
    args = ["scan", "--reference", s3["reference"], "--out", out, "--jobs", "1",
            "--since", "2026-03", "--until", "2026-03-31", s3["crawl"]]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = remote_table(s3, "results-local", "matches")
    warc_pages = {r["url"] for r in table(local_out, "matches") if ".warc" in r["file"]}
    assert {r["url"] for r in rows} == warc_pages  # the 2026/01 records files are filtered out
    assert all(r["file"].startswith("s3://news/crawl-data/CC-NEWS/2026/03/") for r in rows)
    local_rows = {r["url"]: r for r in table(local_out, "matches")}
    for r in rows:  # the same analysis as from local files
        assert (r["verdict"], r["sources"]) == (local_rows[r["url"]]["verdict"],
                                                local_rows[r["url"]]["sources"])  # fmt: skip
    info = s3["fs"].get_file_info(
        __import__("pyarrow.fs").fs.FileSelector("news/results-local", recursive=True)
    )
    names = {i.path.split("news/results-local/", 1)[1] for i in info if i.is_file}
    assert {"summary.json", "summary.html", "sites/part-0.parquet"} <= names
    assert sum(n.startswith("_done/") for n in names) == 2  # one marker per WARC file
    assert not any(".tmp" in n for n in names)
    (net,) = remote_table(s3, "results-local", "networks")
    assert net["sites"] == ["daily-truth-now.example", "patriot-wire-today.example"]
    # a rerun finds the markers on S3: nothing scanned again, no row added
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "2 done before" in again.output
    assert len(remote_table(s3, "results-local", "matches")) == len(rows)


def test_a_bad_date_filter_is_a_clear_error(crawl: dict[str, Path], tmp_path: Path) -> None:
    args = ["scan", "--reference", str(crawl["db"]), "--out", str(tmp_path / "o"),
            "--since", "March", str(crawl["crawl"])]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--since" in result.output and "not a date" in result.output


def test_a_rerun_skips_finished_files_and_adds_no_rows(
    crawl: dict[str, Path], local_out: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(local_out, out)
    again = scan([str(crawl["crawl"])], str(crawl["db"]), out, ScanOptions(jobs=1))
    assert (again.files_done_before, again.files_scanned, again.pages_read) == (4, 0, 0)
    (out / "_done").joinpath(next(iter(sorted(os.listdir(out / "_done"))))).unlink()
    third = scan([str(crawl["crawl"])], str(crawl["db"]), out, ScanOptions(jobs=1))
    assert (third.files_done_before, third.files_scanned) == (3, 1)
    for name in ("matches", "sites", "networks"):
        assert canonical(table(out, name)) == canonical(table(local_out, name)), name


def test_a_worker_killed_mid_file_is_retried_without_duplicates(
    crawl: dict[str, Path], local_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "killed"
    monkeypatch.setenv("UNSPIN_SCAN_KILL_ONCE", str(marker))
    out = tmp_path / "out"
    summary = scan([str(crawl["crawl"])], str(crawl["db"]), out, ScanOptions(jobs=2))
    assert marker.exists()
    assert summary.files_failed == {}
    assert canonical(table(out, "matches")) == canonical(table(local_out, "matches"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reference", "{db}", "{folder}/nope.warc.gz"], "nope.warc.gz: does not exist"),
        (["--reference", "{folder}/missing.db", "{crawl}"], "missing.db: does not exist"),
        (["--reference", "{db}", "{folder}/reference.jsonl.txt"], "is not a crawl file"),
        (["--reference", "{db}", "--engine", "hadoop", "{crawl}"], "is not an engine"),
    ],
)
def test_bad_arguments_exit_2_naming_the_input(
    crawl: dict[str, Path], local_out: Path, args: list[str], message: str, tmp_path: Path
) -> None:
    (crawl["folder"] / "reference.jsonl.txt").write_text("not a crawl")
    out = tmp_path / "out"
    shutil.copytree(local_out, out)
    before = canonical(table(out, "matches"))
    fill = {"db": str(crawl["db"]), "folder": str(crawl["folder"]), "crawl": str(crawl["crawl"])}
    argv = ["scan", "--out", str(out), *[a.format(**fill) for a in args]]
    result = runner.invoke(app, argv, env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert canonical(table(out, "matches")) == before  # nothing already written is lost


def test_a_reference_that_is_not_an_index_is_refused(
    crawl: dict[str, Path], tmp_path: Path
) -> None:
    fake = tmp_path / "refs.db"
    fake.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = runner.invoke(
        app, ["scan", "--reference", str(fake), "--out", str(tmp_path / "o"), str(crawl["crawl"])]
    )
    assert result.exit_code == 2
    assert "refs.db" in result.output and "not a usable unspin index" in result.output
