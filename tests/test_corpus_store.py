"""The corpus store: SQLite and memory backends behave the same."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unspin.core.model import Article
from unspin.index import fingerprints as fpmod
from unspin.index.fingerprints import (
    FingerprintConfig,
    content_hash,
    fingerprint,
    jaccard_estimate,
    sentence_immutables,
)
from unspin.index.store import (
    MemoryStore,
    Outcome,
    SQLiteStore,
    StoreError,
    open_store,
    prepare_article,
)
from unspin.index.tokens import fast_tokens, normalize, normalize_number, split_sentences, tokenize

TEXT_A = (
    "The Orrin Valley council approved a 4.5 million crown budget on Monday. "
    "Mayor Tilde Vasquez said the money would repair 12 bridges before winter.\n\n"
    "Opposition councillor Bram Okafor called the plan rushed."
)
TEXT_B = (
    "Floods closed the Lindqvist tunnel for 36 hours after the Sorrel river burst its banks. "
    "Engineer Petra Ahlgren said pumps removed 9,000 tonnes of water."
)


def art(text: str = TEXT_A, **kw: Any) -> Article:
    kw.setdefault("id", "a1")
    return Article(text=text, **kw)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MemoryStore | SQLiteStore]:
    s = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "t.db")
    yield s
    s.close()


def add(store: MemoryStore | SQLiteStore, a: Article) -> str:
    return str(store.add(prepare_article(a)))


def test_add_and_get(store: MemoryStore | SQLiteStore) -> None:
    a = art(
        title="Bridges", byline="By Lee", published=dt.date(2030, 5, 6), url="https://x.example/1"
    )
    assert add(store, a) == Outcome.ADDED
    got = store.get("a1")
    assert got is not None
    assert got.article.text == TEXT_A and got.article.title == "Bridges"
    assert got.article.published == dt.date(2030, 5, 6)
    assert got.article.url == "https://x.example/1" and got.canonical_id is None
    st = store.stats()
    assert (st.articles, st.canonical) == (1, 1)
    assert st.sentences == len(split_sentences(TEXT_A)) == 3
    assert st.fingerprints > 0 and st.bands == 16


def test_unchanged_content_is_skipped_updated_content_replaced(
    store: MemoryStore | SQLiteStore,
) -> None:
    assert add(store, art()) == Outcome.ADDED
    before = store.stats()
    # whitespace and case don't change the content hash
    assert add(store, art(TEXT_A.replace("  ", " ").upper().lower())) in (
        Outcome.UNCHANGED,
        Outcome.UPDATED,
    )
    assert add(store, art(TEXT_A + "  ")) == Outcome.UNCHANGED
    assert store.stats() == before
    assert add(store, art(TEXT_B)) == Outcome.UPDATED
    st = store.stats()
    assert st.articles == 1 and st.sentences == 2
    got = store.get("a1")
    assert got is not None and got.article.text == TEXT_B
    # the old text's fingerprints are gone
    old = fingerprint(TEXT_A)
    hashes = [h for s in old.sentences for h in s.fingerprints]
    new = {h for s in fingerprint(TEXT_B).sentences for h in s.fingerprints}
    assert not set(store.sentence_postings([h for h in hashes if h not in new], cap=10))


def test_identical_text_under_another_key_is_a_copy(store: MemoryStore | SQLiteStore) -> None:
    add(store, art(id="wire", published=dt.date(2030, 1, 2)))
    assert add(store, art(id="reprint", url="https://r.example/x")) == Outcome.COPY
    st = store.stats()
    assert (st.articles, st.canonical) == (2, 1)
    wire = store.get("wire")
    assert wire is not None
    copies = store.copies_of([wire.rowid])
    assert [c.key for c in copies[wire.rowid]] == ["reprint"]
    # delete the canonical row: the copy inherits the fingerprints
    assert store.delete("wire") == 1
    st = store.stats()
    assert (st.articles, st.canonical) == (1, 1)
    heir = store.get("reprint")
    assert heir is not None and heir.canonical_id is None
    hashes = [h for s in fingerprint(TEXT_A).sentences for h in s.fingerprints]
    posted = store.sentence_postings(hashes, cap=10)
    assert posted and all(p >> 10 == heir.rowid for ps in posted.values() for p in ps)
    assert [r for r, _ in store.search(["vasquez"], 5)] == [heir.rowid]


def test_deleting_a_copy_leaves_the_canonical_text(store: MemoryStore | SQLiteStore) -> None:
    add(store, art(id="wire"))
    add(store, art(id="reprint"))
    before = store.stats()
    assert store.delete("reprint") == 1
    st = store.stats()
    assert (st.articles, st.canonical, st.fingerprints) == (1, 1, before.fingerprints)


def test_delete_by_url_and_missing(store: MemoryStore | SQLiteStore) -> None:
    add(store, art(url="https://x.example/a"))
    add(store, art(TEXT_B, id="b1"))
    assert store.delete("https://x.example/a") == 1
    assert store.delete("nope") == 0
    st = store.stats()
    assert st.articles == 1 and st.canonical == 1
    assert store.search(["vasquez"], 5) == []
    assert store.get("a1") is None


def test_session_commits_in_batches_and_counts_outcomes(store: MemoryStore | SQLiteStore) -> None:
    seen: list[int] = []
    arts = [art(f"{TEXT_B} Item number {i} of the flood log.", id=f"k{i}") for i in range(7)]
    with store.session(batch_size=3, on_commit=lambda r: seen.append(len(r.outcomes))) as s:
        for a in arts:
            s.add(prepare_article(a))
        s.add(prepare_article(art("A different text for k0 in the same run.", id="k0")))
    assert seen == [3, 3, 2]
    assert s.committed == {Outcome.ADDED: 7, Outcome.DUPLICATE_ID: 1}
    k0 = store.get("k0")
    assert k0 is not None and k0.article.text == arts[0].text
    # a later run may update k0
    with store.session() as s2:
        s2.add(prepare_article(art("A different text for k0 in a later run.", id="k0")))
    assert s2.committed == {Outcome.UPDATED: 1}


def test_session_drops_uncommitted_work_on_error(store: MemoryStore | SQLiteStore) -> None:
    with pytest.raises(RuntimeError), store.session(batch_size=2) as s:
        s.add(prepare_article(art(id="x1")))
        s.add(prepare_article(art(TEXT_B, id="x2")))  # batch of 2 committed here
        s.add(prepare_article(art(TEXT_A + " More.", id="x3")))
        raise RuntimeError("boom")
    assert store.stats().articles == 2
    assert store.get("x3") is None


def test_search_is_bm25(store: MemoryStore | SQLiteStore) -> None:
    add(store, art())
    add(store, art(TEXT_B, id="b1"))
    hits = store.search(["lindqvist", "ahlgren", "vasquez"], 5)
    assert len(hits) == 2
    assert hits[0][1] >= hits[1][1] > 0


def test_band_matches_and_signatures(store: MemoryStore | SQLiteStore) -> None:
    add(store, art())
    fp = fingerprint(TEXT_A)
    row = store.get("a1")
    assert row is not None
    assert store.band_matches(fp.bands)[row.rowid] == 16
    assert jaccard_estimate(store.signatures([row.rowid])[row.rowid], fp.signature) == 1.0


def test_committed_batches_are_found_before_the_session_ends(tmp_path: Path) -> None:
    """Postings of committed batches are visible to another reader mid-session, and an
    update in the same run finds and replaces them."""
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    fp_a, fp_b = fingerprint(TEXT_A), fingerprint(TEXT_B)
    hashes_a = [h for s in fp_a.sentences for h in s.fingerprints]
    try:
        with store.session(batch_size=1) as s:
            s.add(prepare_article(art()))
            s.add(prepare_article(art(TEXT_B, id="b1")))
            reader = open_store(db, readonly=True)
            try:
                row = reader.get("a1")
                assert row is not None
                assert reader.band_matches(fp_a.bands)[row.rowid] == 16
                posts = reader.sentence_postings(hashes_a, 64)
                assert set(posts) == set(hashes_a)
                assert all(p >> 10 == row.rowid for ps in posts.values() for p in ps)
            finally:
                reader.close()
        old_b1 = store.get("b1")
        assert old_b1 is not None
        with store.session(batch_size=1) as s:
            s.add(prepare_article(art("Something else entirely, said Mayor Quist.", id="c1")))
            s.add(prepare_article(art(TEXT_B + " A later sentence.", id="b1")))
        assert s.committed == {Outcome.ADDED: 1, Outcome.UPDATED: 1}
        assert old_b1.rowid not in store.band_matches(fp_b.bands)  # the old b1 is gone
        assert store.stats().fingerprints == _fingerprints_in_table(db)
    finally:
        store.close()


def _fingerprints_in_table(db: Path) -> int:
    """Postings in the sentence table, checked against what the articles declare."""
    con = sqlite3.connect(db)
    try:
        n_fp = con.execute("SELECT count(*) FROM sentence_fp").fetchone()[0]
        declared = con.execute("SELECT sum(n_fingerprints) FROM articles").fetchone()[0]
        assert n_fp == declared
        return int(n_fp)
    finally:
        con.close()


def test_scheme_mismatch_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    with pytest.raises(StoreError, match="fingerprint scheme"):
        SQLiteStore(path, config=FingerprintConfig(pairs=5))


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(path)


def test_readonly_open_of_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such index"):
        open_store(tmp_path / "missing.db", readonly=True)


def test_sqlite_file_is_wal(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "w.db")
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.integrity_check() == "ok"
    s.close()


# --- tokens and fingerprints ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "scale", "want"),
    [
        ("1,200", None, "1200"),
        ("1.50", None, "1.5"),
        ("$1.13bn", None, "1130000000"),
        ("£600m", None, "600000000"),
        ("5.93", "mln", "5930000"),
        ("1.2", "million", "1200000"),
        ("1,200,000", None, "1200000"),
        ("76%", None, "76"),
        ("3rd", None, "3"),
        ("2031-03-04", None, "2031-03-04"),
        ("10:30", None, "10:30"),
    ],
)
def test_normalize_number(raw: str, scale: str | None, want: str) -> None:
    assert normalize_number(raw, scale) == want


def test_tokens_and_normalisation() -> None:
    assert normalize("Café Ünïcode") == "cafe unicode"
    raw, norm = fast_tokens("The U.S. paid $1.2 million to São Tomé.")
    assert raw == ["The", "U.S.", "paid", "$1.2 million", "to", "São", "Tomé"]
    assert norm == ["the", "us", "paid", "1200000", "to", "sao", "tome"]
    toks = tokenize("Officials paid 1.2 million.")
    assert [t.norm for t in toks] == ["officials", "paid", "1200000"]
    assert (toks[2].start, toks[2].end) == (15, 26)


def test_sentence_split_heuristics() -> None:
    text = 'Mr. Smith met the U.S. envoy on Jan. 5. "It is over," he said.\n\nNew paragraph here'
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == [
        "Mr. Smith met the U.S. envoy on Jan. 5.",
        '"It is over," he said.',
        "New paragraph here",
    ]


def test_immutables_survive_spinning() -> None:
    a = sentence_immutables("Officials stressed that 1,200 people left Tarnow on Tuesday, March 3.")
    b = sentence_immutables(
        "Authorities pointed out that 1200 individuals quit Tarnow on Tuesday, 3 March."
    )
    assert set(a) == set(b) == {"n:1200", "e:tarnow", "d:w2", "d:m3", "n:3"}


def test_entity_aliases_fingerprint_the_same() -> None:
    if fpmod.scheme().endswith("aliases=none"):
        pytest.skip("no alias map installed")
    a = set(sentence_immutables("Talks between Russia and the US ended in Geneva."))
    b = set(
        sentence_immutables("Talks between the Russian Federation and the USA ended in Geneva.")
    )
    assert a == b


def test_alias_plug_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fpmod, "_canonicalizer_loaded", False)
    try:
        fpmod.set_entity_canonicalizer(
            lambda s: "place:vx" if s in ("Valdoria", "Republic of Valdoria") else None, "test"
        )
        assert "aliases=test" in fpmod.scheme()
        assert sentence_immutables("The Republic of Valdoria voted.") == ["e:place:vx"]
        assert sentence_immutables("Valdoria voted.") == ["e:place:vx"]
    finally:
        fpmod._canonicalizer_loaded = False
        fpmod._ALIAS_FIRST = None
        fpmod._canonical.cache_clear()
        fpmod._load_canonicalizer()


def test_content_hash_ignores_case_space_punctuation() -> None:
    assert content_hash("Hello,  World!") == content_hash("hello world")
    assert content_hash("Hello world") != content_hash("Hello there world")
    assert fingerprint("Hello, world. Again here.").content_hash == content_hash(
        "hello world again here"
    )


def test_minhash_estimates_jaccard() -> None:
    words = [f"w{i}" for i in range(400)]
    a = " ".join(words[:300])
    b = " ".join(words[100:400])
    cfg = FingerprintConfig(num_perm=256, bands=32)
    est = jaccard_estimate(fingerprint(a, cfg).signature, fingerprint(b, cfg).signature)
    true = 198 / 398  # shared 3-shingles / all 3-shingles
    assert abs(est - true) < 0.1


def test_parallel_fingerprinting_stores_the_same(tmp_path: Path) -> None:
    from unspin.index import index_articles

    arts = [
        art(f"{TEXT_B} Gauge {i} at Sorrel read {i * 3} metres on day {i}.", id=f"g{i}")
        for i in range(40)
    ]
    one, two = SQLiteStore(tmp_path / "1.db"), SQLiteStore(tmp_path / "2.db")
    s1 = index_articles(one, arts, jobs=1)
    s2 = index_articles(two, arts, jobs=2, batch_size=7)
    assert s1.outcomes == s2.outcomes == {Outcome.ADDED: 40}
    q = "SELECT h, p FROM sentence_fp ORDER BY h, p"
    assert one.conn.execute(q).fetchall() == two.conn.execute(q).fetchall()
    st1, st2 = one.stats(), two.stats()
    assert (st1.articles, st1.sentences, st1.fingerprints) == (
        st2.articles,
        st2.sentences,
        st2.fingerprints,
    )
    one.close()
    two.close()


def test_index_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "x.db")
