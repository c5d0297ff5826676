"""Full-text search in the SQLite store (FTS5 over title, summary and body, indexed at each
commit of saved articles, and before a search for rows written as SQL: see migrations)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

from harvester.store.migrations import index_pending
from harvester.timestamps import utc_sort_key


class SQLiteSearch:
    """Mixed into SQLiteStore: searching the articles table's full-text index."""

    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def search(self, query: str, *, source: str | None = None, since: str | None = None,
               limit: int = 20) -> list[dict[str, Any]]:
        """Articles holding every word of the query (case and accents ignored), best match
        first; only from a source, or published since a date (ISO), when given."""
        if self._db.execute("SELECT 1 FROM articles_fts_pending LIMIT 1").fetchone():
            with self._transaction() as db:  # articles another program wrote as SQL
                index_pending(db)
        words = query.split()
        if not words:
            return []
        sql = ("SELECT a.record FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
               " WHERE articles_fts MATCH ?")
        params: list[Any] = [" ".join('"' + w.replace('"', '""') + '"' for w in words)]
        if source:
            sql += " AND a.source = ?"
            params.append(source)
        if since:
            sql += " AND a.published_utc >= ?"
            params.append(utc_sort_key(since))
        sql += " ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0) LIMIT ?"
        params.append(limit)
        return [json.loads(record) for (record,) in self._db.execute(sql, params)]
