"""``unspin index`` (the command body in ``unspin.cli.index``), and a run on shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from unspin.cli.index import index_command
from unspin.core.model import Article
from unspin.index import candidates, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

BODY = (
    "Snow closed the Brannock pass for 3 days, stranding 240 lorries near Velden. "
    "Road chief Amira Soltvik said ploughs would work through the night."
)


@pytest.fixture()
def app() -> typer.Typer:
    a = typer.Typer()
    a.command("index")(index_command)

    @a.command("other")
    def other() -> None:  # a second command keeps "index" a named subcommand
        pass

    return a


def invoke(app: typer.Typer, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(app, ["index", *args])
    return r.exit_code, r.output


def test_index_stats_reindex_and_delete(app: typer.Typer, tmp_path: Path) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text(
        "\n".join(
            json.dumps({"doc": f"n{i}", "body": f"{BODY} Bulletin {i} of {i * 7} follows."})
            for i in range(5)
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    db = tmp_path / "i.db"
    code, out = invoke(app, "--db", str(db), "--map", "text=body,id=doc", str(data), "--stats")
    assert code == 0, out
    assert "indexed 5 articles" in out
    assert "malformed_json 1" in out
    assert "articles" in out and "sentence fingerprints" in out

    code, out = invoke(app, "--db", str(db), "--map", "text=body,id=doc", str(data))
    assert code == 0 and "indexed 0 articles" in out and "5 unchanged" in out

    code, out = invoke(app, "--db", str(db), "--delete", "n1", "--delete", "nope")
    assert code == 0
    assert "deleted 1 article for n1" in out and "deleted 0 articles for nope" in out
    store = open_store(db)
    assert store.stats().articles == 4
    store.close()


def test_index_needs_something_to_do(app: typer.Typer, tmp_path: Path) -> None:
    code, _ = invoke(app, "--db", str(tmp_path / "x.db"))
    assert code != 0


def test_bad_map_is_one_line_error(app: typer.Typer, tmp_path: Path) -> None:
    code, out = invoke(app, "--db", str(tmp_path / "x.db"), "--map", "colour=x", str(tmp_path))
    assert code == 2
    assert "unknown field 'colour'" in out and "Traceback" not in out


def test_missing_paths_exit_non_zero(app: typer.Typer, tmp_path: Path) -> None:
    code, out = invoke(app, "--db", str(tmp_path / "x.db"), str(tmp_path / "nope"))
    assert code == 2 and "not_found 1" in out


def test_db_that_is_not_an_index(app: typer.Typer, tmp_path: Path) -> None:
    db = tmp_path / "junk.db"
    db.write_bytes(b"junk" * 1000)
    code, out = invoke(app, "--db", str(db), "--stats")
    assert code == 2 and "E300" in out


@pytest.mark.shared_data
@pytest.mark.skipif(not (SHARED / "bbc_news").is_dir(), reason="../shared/data is absent")
def test_bbc_duplicates_become_copies_and_a_copy_is_traced(tmp_path: Path) -> None:
    """BBC News has exact duplicate bodies; they are stored once and listed as copies."""
    src = SHARED / "bbc_news" / "business.jsonl"
    store = open_store(tmp_path / "bbc.db")
    from unspin.index import index_paths

    summary = index_paths(store, [src])
    assert summary.outcomes["added"] + summary.outcomes["copy"] == summary.read["jsonl"]
    assert summary.outcomes["copy"] > 0
    st = store.stats()
    assert st.canonical == summary.outcomes["added"] < st.articles
    # trace a lightly edited copy of one real article (sentences reordered, first dropped)
    line = src.read_text(encoding="utf-8").splitlines()[42]
    rec = json.loads(line)
    paras = [p for p in rec["body"].split("\n\n") if p.strip()]
    edited = "\n\n".join(paras[1:][::-1])
    found = candidates(store, Article(text=edited, id="edited"), k=3)
    assert found and found[0].article.text == rec["body"]
    store.close()
