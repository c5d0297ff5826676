"""The Datasette metadata shipped in contrib/ names only tables, views and columns that the
store has, and its full-text search maps onto the store's FTS index."""

from __future__ import annotations

import json
import sqlite3

from harvester.store import SQLiteStore
from tests.conftest import ROOT
from tests.factories import article_record

METADATA = ROOT / "contrib" / "datasette.json"


def test_every_labelled_table_facet_and_search_exists(tmp_path):
    store = SQLiteStore(tmp_path / "harvester.sqlite")
    store.save(article_record("https://www.rtes.fr/Ressourcerie",
                              content_text="La ressourcerie ouvre un atelier vélo."))
    store.close()
    db = sqlite3.connect(tmp_path / "harvester.sqlite")
    names = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    tables = json.loads(METADATA.read_text("utf-8"))["databases"]["harvester"]["tables"]
    for table, settings in tables.items():
        assert table in names, table
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for column in [*settings.get("facets", []), settings.get("sort_desc"),
                       settings.get("label_column")]:
            assert column is None or column in columns, (table, column)
    search = tables["articles"]
    found = db.execute(f"SELECT url FROM articles WHERE {search['fts_pk']} IN (SELECT rowid "
                       f"FROM {search['fts_table']} WHERE {search['fts_table']} MATCH 'velo')"
                       ).fetchall()
    db.close()
    assert found == [("https://www.rtes.fr/Ressourcerie",)]
