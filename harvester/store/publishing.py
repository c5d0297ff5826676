"""What publishing reads from the SQLite store: records newest first (all, one source's, one
tag's), the tags in use, and whether the store changed since a directory was published."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence, Set
from contextlib import AbstractContextManager
from itertools import groupby
from operator import itemgetter
from typing import Any

import orjson

from harvester.timestamps import precise_now


def newest_first(id_column: str = "id") -> str:
    """ORDER BY terms: newest published first, undated last, the id breaking ties."""
    return ("published_utc IS NULL, published_utc DESC, updated_utc IS NULL, updated_utc DESC,"
            f" {id_column}")


NEWEST_FIRST = newest_first()
MONTH = "substr(coalesce(published_utc, updated_utc, first_seen), 1, 7)"
"""An article's archive month, as the ``articles_month`` index has it (the same text)."""
LIGHT = "'$.content_html', '$.content_text', '$.footnotes'"
"""The parts of a record an archive entry leaves out (see harvester.aggregator.archive)."""


def load_record(data: str | bytes) -> Any:
    """A stored record's JSON, read by orjson (1.4 to 1.7 times as fast as json.loads on the
    bench's records); json's reader for a lone surrogate escape, which orjson refuses and
    stores older than the XML-safe records may hold."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


class SQLitePublishing:
    """Mixed into SQLiteStore: the reads of a publication (see harvester.aggregator.plan)."""

    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def articles(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        for data in self.article_json(limit):
            yield load_record(data)

    def article_json(self, limit: int | None = None) -> Iterator[bytes]:
        """Stored records as UTF-8 JSON, newest first, read as they are written out (the
        ``articles_order`` index spares a sort of the whole table; the bytes are SQLite's
        own, neither decoded nor encoded again)."""
        return self._records("", (), limit)

    def articles_of_source(self, source: str, limit: int) -> list[dict[str, Any]]:
        """A source's newest articles."""
        return [load_record(data) for data in self._records(" WHERE source = ?", (source,), limit)]

    def articles_tagged(self, tags: Set[str], limit: int) -> list[dict[str, Any]]:
        """The newest articles carrying one of the tags: ``article_tags`` (kept by triggers)
        holds their dates, so the newest ids are an index range and only their records are
        read."""
        marks = ",".join("?" * len(tags))
        where = (" WHERE id IN (SELECT article_id FROM article_tags"
                 f" WHERE tag IN ({marks}) ORDER BY {newest_first('article_id')} LIMIT ?)")
        return [load_record(data) for data in self._records(
            where, (*sorted(tags), limit), None)]

    def archive_months(self, excluded: Set[str]) -> list[tuple[str, int, str]]:
        """(month, articles, last change) of every month holding an article not in
        ``excluded`` (the subscription feed's), oldest first; an article's month is that of
        its publication, else of its update, else of its discovery."""
        rows = self._db.execute(
            f"SELECT {MONTH} AS month, count(*), max(last_changed) FROM articles"
            " WHERE id NOT IN (SELECT value FROM json_each(?)) GROUP BY month ORDER BY month",
            (json.dumps(sorted(excluded)),))
        return [(month, count, changed) for month, count, changed in rows]

    def archived_articles(self, months: Set[str], excluded: Set[str]
                          ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Each of the months with its articles but the excluded ones, newest first, without
        their bodies and notes (what an archive document carries): one pass over the
        table."""
        query = (f"SELECT {MONTH} AS month, json_remove(record, {LIGHT}) FROM articles"
                 f" WHERE {MONTH} IN (SELECT value FROM json_each(?))"
                 " AND id NOT IN (SELECT value FROM json_each(?))"
                 f" ORDER BY month, {NEWEST_FIRST}")
        rows = self._db.execute(query, (json.dumps(sorted(months)), json.dumps(sorted(excluded))))
        for month, group in groupby(rows, key=itemgetter(0)):
            yield month, [load_record(text) for _, text in group]

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

    def _records(self, where: str, params: Sequence[Any], limit: int | None) -> Iterator[bytes]:
        query = f"SELECT CAST(record AS BLOB) FROM articles{where} ORDER BY {NEWEST_FIRST}"
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
