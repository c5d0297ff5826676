"""Full-text search of the store: every word of a query, case and accents ignored; the index
follows inserts, updates, merges and deletions; `harvester search` prints or dumps matches."""

from __future__ import annotations

import json
import sqlite3

import pytest

from harvester.store import SQLiteStore
from tests.conftest import harvester
from tests.factories import article_record


def stored(tmp_path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "store.sqlite")
    store.save(article_record("https://www.rtes.fr/Ressourcerie", title="Une ressourcerie",
                              content_text="La ressourcerie de Lyon ouvre un atelier vélo.",
                              published="2024-05-03T09:30:00+02:00"))
    store.save(article_record("https://www.rtes.fr/Marches", title="Marchés publics",
                              content_text="Les clauses sociales dans la commande publique.",
                              published="2023-01-10T09:30:00+01:00"))
    return store


def titles(found) -> list[str]:
    return [record["title"] for record in found]


def test_a_word_of_the_body_finds_its_article_whatever_its_case_and_accents(tmp_path):
    store = stored(tmp_path)
    assert titles(store.search("VELO")) == ["Une ressourcerie"]
    assert titles(store.search("clauses commande")) == ["Marchés publics"]
    assert titles(store.search("clauses vélo")) == []
    assert titles(store.search('"AND OR (')) == []
    assert titles(store.search("publique", since="2024-01-01T00:00:00+00:00")) == []
    store.close()


def test_the_index_follows_updates_and_deletions(tmp_path):
    store = stored(tmp_path)
    store.save(article_record("https://www.rtes.fr/Ressourcerie", title="Une ressourcerie",
                              content_text="La ressourcerie ouvre une épicerie solidaire."))
    assert titles(store.search("vélo")) == []
    assert titles(store.search("épicerie")) == ["Une ressourcerie"]
    store.close()
    db = sqlite3.connect(tmp_path / "store.sqlite")
    db.execute("DELETE FROM articles WHERE url = 'https://www.rtes.fr/Ressourcerie'")
    db.commit()
    db.close()
    store = SQLiteStore(tmp_path / "store.sqlite")
    assert titles(store.search("épicerie")) == []
    store.close()


def test_grouped_writes_are_indexed_at_their_commit_and_a_failed_one_never(tmp_path):
    """The index is fed at each commit: another reader finds a group's articles once it is
    committed, and an article whose write failed inside the group is not in it."""
    path = tmp_path / "store.sqlite"
    store = SQLiteStore(path)
    store.commit_every(3600)
    reader = SQLiteStore(path)
    store.save(article_record("https://www.rtes.fr/Velo", title="Atelier vélo",
                              content_text="Un atelier de réparation solidaire."))
    with pytest.raises(sqlite3.IntegrityError):
        store.save(article_record("https://www.rtes.fr/Nul", title="Sans adresse",
                                  content_text="Une friperie solidaire.") | {"url": None})
    assert titles(reader.search("solidaire")) == []
    store.flush()
    assert titles(reader.search("solidaire")) == ["Atelier vélo"]
    assert titles(reader.search("friperie")) == []
    count = sqlite3.connect(path).execute("SELECT count(*) FROM articles_fts").fetchone()
    assert count == (1,)
    store.close()
    reader.close()


def test_articles_written_as_sql_by_another_program_are_indexed_before_a_search(tmp_path):
    stored(tmp_path).close()
    db = sqlite3.connect(tmp_path / "store.sqlite")
    db.execute("UPDATE articles SET record = json_set(record, '$.content_text',"
               " 'Une conserverie coopérative.') WHERE url = 'https://www.rtes.fr/Marches'")
    db.commit()
    db.close()
    store = SQLiteStore(tmp_path / "store.sqlite")
    assert titles(store.search("conserverie")) == ["Marchés publics"]
    assert titles(store.search("clauses")) == []
    store.close()


def test_the_search_command(tmp_path):
    stored(tmp_path).close()
    db = str(tmp_path / "store.sqlite")
    table = harvester("search", "velo", "--db", db)
    assert table.returncode == 0, table.stderr
    assert "Une ressourcerie" in table.stdout
    assert "https://www.rtes.fr/Ressourcerie" in table.stdout
    lines = harvester("search", "publique", "--db", db, "--json", "--since", "2022-12-31")
    assert [json.loads(line)["title"] for line in lines.stdout.splitlines()] == [
        "Marchés publics"]
    assert harvester("search", "x", "--db", str(tmp_path / "none.sqlite")).returncode == 2
    assert harvester("search", "x", "--db", db, "--since", "hier").returncode == 2


def test_typed_fields_for_sql_users(tmp_path):
    stored(tmp_path).close()
    db = sqlite3.connect(tmp_path / "store.sqlite")
    rows = db.execute("SELECT title, language, json_array_length(tags) FROM article_fields"
                      " ORDER BY title").fetchall()
    db.close()
    assert rows == [("Marchés publics", "fr", 1), ("Une ressourcerie", "fr", 1)]
