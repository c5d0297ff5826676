from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from harvester.store import Outcome, SQLiteStore, StoreError, db_path, open_store
from harvester.store.migrations import MIGRATIONS
from harvester.store.pages import PageRecord
from harvester.store.sqlite import SCHEMA_VERSION
from tests.factories import article_record


@pytest.fixture
def store(tmp_path):
    opened = SQLiteStore(tmp_path / "nested" / "dir" / "store.sqlite")
    yield opened
    opened.close()


def test_store_creates_its_directory_and_uses_wal(store):
    assert store.path.exists()
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert store.schema_version == SCHEMA_VERSION


def test_insert_unchanged_updated(store):
    record = article_record()
    assert store.save(record) is Outcome.NEW
    first_seen, last_seen = store.seen(record["id"])
    assert store.save(dict(record, fetched_at="2026-11-28T06:00:00+00:00")) is Outcome.UNCHANGED
    assert store.save(dict(record, title="Réussite de la journée (mis à jour)")) is Outcome.UPDATED
    assert store.get(record["id"])["title"] == "Réussite de la journée (mis à jour)"
    assert store.seen(record["id"])[0] == first_seen
    assert store.seen(record["id"])[1] >= last_seen
    assert store.count() == 1


def test_unchanged_keeps_the_stored_record(store):
    record = article_record()
    store.save(record)
    store.save(dict(record, fetched_at="2030-01-01T00:00:00+00:00"))
    assert store.get(record["id"])["fetched_at"] == record["fetched_at"]


def test_urls_are_indexed(store):
    record = article_record(also_at=["https://www.cress-aura.org/Reussite"])
    store.save(record)
    assert store.article_id_for_url(record["url"]) == record["id"]
    assert store.article_id_for_url("https://www.cress-aura.org/Reussite") == record["id"]
    assert store.article_id_for_url("https://elsewhere.example/") is None


def test_articles_are_newest_first_undated_last(store):
    old = article_record("https://a.example/old", published="2012-11-09T00:00:00+01:00")
    new = article_record("https://a.example/new", published="2012-11-09T00:30:00+02:00")
    newest = article_record("https://a.example/newest", published="2012-11-09T00:00:00+00:00")
    undated = article_record("https://a.example/undated", published=None)
    for record in (undated, old, newest, new):
        store.save(record)
    assert [r["url"] for r in store.articles()] == [
        newest["url"], old["url"], new["url"], undated["url"]]
    assert len(list(store.articles(limit=2))) == 2


def test_interrupted_write_leaves_previous_content(store, monkeypatch):
    record = article_record()
    store.save(record)

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_index", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(dict(record, title="Half-written title"))
    with pytest.raises(RuntimeError):
        store.save(article_record("https://a.example/never-stored"))
    monkeypatch.undo()
    assert store.get(record["id"])["title"] == record["title"]
    assert store.count() == 1
    assert store.article_id_for_url("https://a.example/never-stored") is None


def test_killed_process_leaves_a_consistent_store(tmp_path):
    path = tmp_path / "store.sqlite"
    seeded = SQLiteStore(path)
    seeded.save(article_record())
    seeded.close()
    script = textwrap.dedent(f"""
        import os
        from harvester.store import SQLiteStore
        from tests.factories import article_record
        store = SQLiteStore({str(path)!r})
        store._index = lambda *a, **k: os._exit(9)
        store.save(article_record("https://a.example/killed"))
    """)
    killed = subprocess.run([sys.executable, "-c", script], check=False)
    assert killed.returncode == 9
    reopened = SQLiteStore(path)
    assert reopened._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert reopened.count() == 1
    assert reopened.article_id_for_url("https://a.example/killed") is None
    reopened.close()


def test_duplicate_copy_merges_into_earliest(store):
    first = article_record("https://www.rtes.fr/Communique", published="2012-11-09T00:00:00+01:00")
    later = article_record("https://www.cress-aura.org/Communique",
                           published="2012-11-12T00:00:00+01:00")
    assert store.save(later) is Outcome.NEW
    assert store.merge_duplicate(later["id"], first) is Outcome.MERGED
    assert store.get(later["id"]) is None
    primary = store.get(first["id"])
    assert primary["also_at"] == [later["url"]]
    assert store.article_id_for_url(later["url"]) == first["id"]
    assert store.merge_duplicate(first["id"], later) is Outcome.UNCHANGED
    assert store.count() == 1


def test_later_copy_is_added_to_also_at(store):
    first = article_record("https://www.rtes.fr/Communique", published="2012-11-09T00:00:00+01:00")
    later = article_record("https://www.cress-aura.org/Communique",
                           published="2012-11-12T00:00:00+01:00")
    store.save(first)
    assert store.merge_duplicate(first["id"], later) is Outcome.MERGED
    assert store.get(first["id"])["also_at"] == [later["url"]]
    assert store.count() == 1


def test_runs_are_recorded(store):
    run_id = store.begin_run(["rtes"])
    assert store.last_run()["status"] == "running"
    store.finish_run(run_id, "ok", {"rtes": {"new": 3}})
    last = store.last_run()
    assert last["status"] == "ok"
    assert last["report"] == {"rtes": {"new": 3}}
    assert last["finished_at"] >= last["started_at"]


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this harvester"):
        open_store(path)


def test_garbage_file_gives_clear_error(tmp_path):
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=str(path)):
        open_store(path)


def test_db_path_precedence(monkeypatch):
    monkeypatch.delenv("HARVESTER_DB", raising=False)
    assert str(db_path()) == "data/harvester.sqlite"
    monkeypatch.setenv("HARVESTER_DB", "/tmp/env.sqlite")
    assert str(db_path()) == "/tmp/env.sqlite"
    assert str(db_path("/tmp/option.sqlite")) == "/tmp/option.sqlite"


def merged_copies(store) -> tuple[dict, dict]:
    """A press release stored from one site, then merged from another a few days later."""
    first = article_record("https://www.rtes.fr/Communique", published="2012-11-09T00:00:00+01:00")
    later = article_record("https://www.cress-aura.org/Communique",
                           published="2012-11-12T00:00:00+01:00")
    store.save(first)
    store.merge_duplicate(first["id"], later)
    return first, later


def test_a_copy_is_kept_in_also_at_when_the_primary_is_saved_again(store):
    first, later = merged_copies(store)
    changed = store.seen(first["id"])
    assert store.save(dict(first, fetched_at="2026-12-01T06:00:00+00:00")) is Outcome.UNCHANGED
    assert store.merge_duplicate(first["id"], later) is Outcome.UNCHANGED
    assert store.get(first["id"])["also_at"] == [later["url"]]
    assert store.seen(first["id"])[0] == changed[0]


def test_a_gone_copy_leaves_also_at(store):
    first, later = merged_copies(store)
    store.forget_url(later["url"])
    store.forget_url(first["url"])
    assert store.get(first["id"])["also_at"] == []
    assert store.article_id_for_url(later["url"]) is None
    assert store.article_id_for_url(first["url"]) == first["id"]


def test_page_state_round_trips(store):
    page = PageRecord("https://www.rtes.fr/Tribune", fetched_at="2026-11-30T06:00:00+00:00",
                      etag='"abc"', last_modified="Mon, 30 Nov 2026 06:00:00 GMT",
                      body_hash="h", outcome="article", feed_entry={"link": "x", "tags": ["a"]},
                      failure="HTTP 500", first_failed="2026-11-30T06:00:00+00:00", attempts=2)
    store.discover_pages("rtes", [page.url, "https://www.rtes.fr/Autre"],
                         "2026-11-29T00:00:00+00:00")
    store.save_pages("rtes", [page], "2026-11-30T00:00:00+00:00")
    pages = store.pages_of("rtes")
    assert pages[page.url] == replace(page, discovered_at="2026-11-29T00:00:00+00:00")
    assert pages["https://www.rtes.fr/Autre"].fetched_at is None
    assert store.pages_of("other") == {}
    assert [(s, p.url) for s, p in store.failing_pages()] == [("rtes", page.url)]


def test_version_1_store_is_migrated_in_place(tmp_path):
    from harvester.store.sqlite import MIGRATIONS

    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.execute("INSERT INTO articles (id, url, source, content_hash, record, first_seen,"
               " last_seen, last_changed) VALUES ('x', 'u', 's', 'h', '{}', 'a', 'a', 'a')")
    db.commit()
    db.close()
    migrated = SQLiteStore(path)
    assert migrated.schema_version == SCHEMA_VERSION >= 2
    assert migrated.count() == 1
    assert migrated.pages_of("s") == {}
    migrated.close()


def test_version_2_store_keeps_its_articles_as_known_pages(tmp_path):
    from harvester.store.sqlite import MIGRATIONS

    path = tmp_path / "v2.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + ";" + MIGRATIONS[1] + "; PRAGMA user_version = 2;")
    db.execute("INSERT INTO articles (id, url, source, content_hash, record, first_seen,"
               " last_seen, last_changed) VALUES ('x', 'https://a.example/1', 's', 'h', '{}',"
               " 'a', 'b', 'a')")
    db.execute("INSERT INTO article_urls VALUES ('https://a.example/1', 'x')")
    db.execute("INSERT INTO failed_urls VALUES ('https://a.example/2', 'HTTP 500', 'a', 'a', 1)")
    db.commit()
    db.close()
    migrated = SQLiteStore(path)
    pages = migrated.pages_of("s")
    assert list(pages) == ["https://a.example/1"]
    assert pages["https://a.example/1"].fetched_at == "b"
    assert pages["https://a.example/1"].outcome == "article"
    migrated.close()


def test_version_4_signatures_are_made_again_by_the_current_scheme(tmp_path):
    from harvester.minhash import band_keys, signature
    from harvester.store.sqlite import MIGRATIONS
    from tests.test_pipeline_duplicates import PRESS_RELEASE

    path = tmp_path / "v4.sqlite"
    db = sqlite3.connect(path)
    db.executescript(";".join(MIGRATIONS[:4]) + "; PRAGMA user_version = 4;")
    for number, text in enumerate([PRESS_RELEASE, "Trop court."]):
        record = json.dumps(article_record(f"https://a.example/{number}", content_text=text))
        db.execute("INSERT INTO articles (id, url, source, content_hash, record, signature,"
                   " first_seen, last_seen, last_changed) VALUES (?, ?, 's', 'h', ?, ?, 'a',"
                   " 'a', 'a')", (f"id{number}", f"https://a.example/{number}", record,
                                  b"\x01" * 512 if number == 0 else None))
        db.execute("INSERT INTO minhash_bands VALUES (42, ?)", (f"id{number}",))
    db.commit()
    db.close()
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    signatures = dict(db.execute("SELECT id, signature FROM articles"))
    assert signatures == {"id0": signature(PRESS_RELEASE), "id1": None}
    bands = db.execute("SELECT band_key, article_id FROM minhash_bands ORDER BY rowid").fetchall()
    assert bands == [(key, "id0") for key in band_keys(signature(PRESS_RELEASE))]


def test_version_6_records_get_their_line_separators_escaped(tmp_path):
    path = tmp_path / "v6.sqlite"
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 6")
    record = article_record(title="Ligne\u2028suivante", summary="fin\x85")
    db.execute("INSERT INTO articles (id, url, source, content_hash, record, first_seen,"
               " last_seen, last_changed) VALUES (?, ?, 's', 'h', ?, 'a', 'a', 'a')",
               (record["id"], record["url"], json.dumps(record, ensure_ascii=False)))
    db.commit()
    db.close()
    store = SQLiteStore(path)
    text = next(store.article_json()).decode()
    assert "\u2028" not in text
    assert "\x85" not in text
    assert "\\u2028" in text
    assert json.loads(text)["title"] == "Ligne\u2028suivante"
    assert len(text.splitlines()) == 1
    store.close()


def test_a_record_holding_a_lone_surrogate_escape_is_still_read_for_publishing(store):
    """orjson refuses such an escape; stores older than the XML-safe records may hold one."""
    record = article_record()
    store.save(record)
    text = json.dumps(dict(record, title="Avant\ud800après"))
    assert "\\ud800" in text
    store._db.execute("UPDATE articles SET record = ? WHERE id = ?", (text, record["id"]))
    assert next(store.articles())["title"] == "Avant\ud800après"
    assert store.articles_of_source(record["source"]["key"], 5)[0]["title"].startswith("Avant")


def test_saved_records_are_xml_safe_and_nfc_so_publishing_can_copy_them(store):
    record = article_record(title="Cafe\u0301 \x01sans\ud800 contr\x1fôle")
    store.save(record)
    text = next(store.article_json()).decode()
    assert "Café sans contrôle" in text
    assert "\\u0001" not in text
    assert "\\ud800" not in text


def test_grouped_writes_commit_together_and_a_failing_one_alone_is_undone(tmp_path):
    path = tmp_path / "grouped.sqlite"
    store = SQLiteStore(path)
    store.commit_every(3600)
    reader = SQLiteStore(path)
    first, second = article_record("https://a.example/1"), article_record("https://a.example/2")
    store.save(first)
    with pytest.raises(sqlite3.IntegrityError):
        store.save(dict(second, url=None))
    store.save(second)
    assert reader.count() == 0
    store.flush()
    assert reader.count() == 2
    store.save(article_record("https://a.example/3"))
    store.close()
    assert reader.count() == 3
    reader.close()


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="counts write calls (Linux)")
def test_grouped_writes_keep_their_journals_in_memory_until_the_commit(tmp_path):
    """Each save of a group is a savepoint; its journal holds the pages the save changes (all
    of a long record's, when it is updated), which must not go to a temporary file."""

    def write_calls() -> int:
        io = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
        return int(io["syscw"])

    store = SQLiteStore(tmp_path / "grouped.sqlite")
    records = [article_record(f"https://a.example/{n}", content_text="mot " * 50_000)
               for n in range(5)]
    for record in records:
        store.save(record)
    store.commit_every(3600)
    before = write_calls()
    for record in records:
        store.save(dict(record, title="Titre revu", content_text="autre " * 50_000))
    assert write_calls() - before < 5
    store.close()


def test_a_shared_crawl_store_commits_when_given_back(tmp_path):
    from harvester.store import release_store, shared_store

    path = tmp_path / "shared.sqlite"
    store = shared_store(path, commit_interval=3600)
    pipeline_store = shared_store(path, commit_interval=3600)
    assert pipeline_store is store
    reader = SQLiteStore(path)
    store.save(article_record())
    assert reader.count() == 0
    release_store(pipeline_store)
    assert reader.count() == 1
    release_store(store)
    reader.close()


def test_field_history_counts_the_latest_articles_stored_before_a_time(store):
    for number, (seen, authors) in enumerate([("2026-01-01", True), ("2026-02-01", False),
                                              ("2026-03-01", True), ("2026-12-01", True)]):
        record = article_record(f"https://www.rtes.fr/{number}", published=None,
                                authors=[{"name": "Léa", "url": None}] if authors else [])
        store.save(record)
        store._db.execute("UPDATE articles SET first_seen = ? WHERE id = ?",
                          (seen, record["id"]))
    assert store.field_history("rtes", "2026-06-01", limit=2) == (
        2, {"published": 0, "authors": 1, "content": 2})
    assert store.field_history("rtes", "2026-06-01")[0] == 3


def test_hashes_of_an_older_store_are_taken_again_so_nothing_reads_as_changed(tmp_path):
    """The content hash is now taken from the stored text; a store whose hashes were taken
    the former way gets them again, and a rerun finds its articles unchanged."""
    path = tmp_path / "store.sqlite"
    store = SQLiteStore(path)
    record = article_record()
    assert store.save(record) is Outcome.NEW
    store.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE articles SET content_hash = 'former'")
    hashes_taken_again = next(n for n, m in enumerate(MIGRATIONS) if "record_hash" in m)
    db.execute(f"PRAGMA user_version = {hashes_taken_again}")
    db.commit()
    db.close()
    migrated = SQLiteStore(path)
    later = dict(record, fetched_at="2026-12-01T06:00:00+00:00")
    assert migrated.save(later) is Outcome.UNCHANGED
    assert migrated.save(dict(later, title="Autre titre")) is Outcome.UPDATED
    migrated.close()


def test_publication_reads_months_and_fingerprint_from_the_month_index(store):
    """The columns after ``record`` are read from the index, not by walking every record."""
    from harvester.store.publishing import MONTH

    store.save(article_record(url="https://a.example/1"))
    plans = {
        "months": f"SELECT {MONTH} AS month, count(*), max(last_changed) FROM articles"
                  " WHERE id NOT IN (SELECT value FROM json_each('[]')) GROUP BY month",
        "archive": f"SELECT record FROM articles WHERE {MONTH} IN ('2026-01')",
        "fingerprint": "SELECT count(*), max(last_changed) FROM articles",
    }
    for name, query in plans.items():
        plan = " ".join(row[3] for row in store._db.execute(f"EXPLAIN QUERY PLAN {query}"))
        assert "articles_month" in plan, (name, plan)
    assert store.archive_months(set())[0][1] == 1
