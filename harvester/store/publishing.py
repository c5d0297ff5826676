"""What publishing reads from the SQLite store: records newest first (all, one source's, one
tag's), the tags in use, and whether the store changed since a directory was published."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence, Set
from contextlib import AbstractContextManager
from typing import Any

from harvester.timestamps import precise_now


def newest_first(id_column: str = "id") -> str:
    """ORDER BY terms: newest published first, undated last, the id breaking ties."""
    return ("published_utc IS NULL, published_utc DESC, updated_utc IS NULL, updated_utc DESC,"
            f" {id_column}")


NEWEST_FIRST = newest_first()


class SQLitePublishing:
    """Mixed into SQLiteStore: the reads of a publication (see harvester.aggregator.plan)."""

    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def articles(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        for text in self.article_texts(limit):
            yield json.loads(text)

    def article_texts(self, limit: int | None = None) -> Iterator[str]:
        """Stored records as JSON text, newest first, read as they are written out (the
        ``articles_order`` index spares a sort of the whole table)."""
        return self._records("", (), limit)

    def articles_of_source(self, source: str, limit: int) -> list[dict[str, Any]]:
        """A source's newest articles."""
        return [json.loads(text) for text in self._records(" WHERE source = ?", (source,), limit)]

    def articles_tagged(self, tags: Set[str], limit: int) -> list[dict[str, Any]]:
        """The newest articles carrying one of the tags: ``article_tags`` (kept by triggers)
        holds their dates, so the newest ids are an index range and only their records are
        read."""
        marks = ",".join("?" * len(tags))
        where = (" WHERE id IN (SELECT article_id FROM article_tags"
                 f" WHERE tag IN ({marks}) ORDER BY {newest_first('article_id')} LIMIT ?)")
        return [json.loads(text) for text in self._records(
            where, (*sorted(tags), limit), None)]

    def tag_counts(self) -> dict[str, int]:
        """How many articles carry each tag."""
        return dict(self._db.execute(
            "SELECT tag, count(*) FROM article_tags GROUP BY tag ORDER BY tag"))

    def stored_sources(self) -> list[dict[str, str]]:
        """The source (key, name, url) of the stored articles, as their newest record names it."""
        rows = self._db.execute(
            "SELECT source, json_extract(record, '$.source') FROM articles"
            " WHERE rowid IN (SELECT max(rowid) FROM articles GROUP BY source) ORDER BY source")
        return [json.loads(text) for _, text in rows]

    def _records(self, where: str, params: Sequence[Any], limit: int | None) -> Iterator[str]:
        query = f"SELECT record FROM articles{where} ORDER BY {NEWEST_FIRST}"
        if limit is not None:
            query += " LIMIT ?"
            params = (*params, limit)
        for (record,) in self._db.execute(query, params):
            yield record

    def fingerprint(self) -> str:
        count, changed = self._db.execute(
            "SELECT count(*), max(last_changed) FROM articles").fetchone()
        return f"{count} {changed}"

    def published_from(self, directory: str) -> str | None:
        row = self._db.execute("SELECT made_from FROM publications WHERE directory = ?",
                               (directory,)).fetchone()
        return row[0] if row else None

    def record_publication(self, directory: str, made_from: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT INTO publications (directory, made_from, published_at)"
                       " VALUES (?, ?, ?) ON CONFLICT (directory) DO UPDATE SET"
                       " made_from = excluded.made_from, published_at = excluded.published_at",
                       (directory, made_from, precise_now()))
