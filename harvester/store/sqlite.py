"""SQLite backend of the article store: WAL, versioned schema, one transaction per write or,
during a crawl, per group of writes (``commit_every``)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harvester.store.base import Outcome, StoredSignature, StoreError
from harvester.store.migrations import (
    MIGRATIONS,
    index_pending,
    migration_functions,
    statements,
)
from harvester.store.pages import SQLiteCrawlState
from harvester.store.publishing import SQLitePublishing
from harvester.store.search import SQLiteSearch
from harvester.text import xml_safe_value
from harvester.timestamps import iso, precise_now, utc_now, utc_sort_key

SCHEMA_VERSION = len(MIGRATIONS)
GROUPED_WRITES = ("PRAGMA temp_store = MEMORY", "PRAGMA wal_autocheckpoint = 10000")
"""A crawl's writes: each save is a savepoint of the open group, whose journal SQLite kept in
a temporary file once it held more than 64 KB (an article's record, index entries and band
keys touch about a hundred pages). In memory, 5,000 articles were saved with 0.33 million
write calls instead of 1.23 million (0.9 instead of 2.6 GB written) and a third less system
time. A checkpoint every 40 MB of log instead of 4 MB (each group of a second wrote more than
4): a bench crawl's own thread made 41 fsyncs instead of 128 and 12 % fewer write calls. (A
16 MB page cache halved the reads too, for 17 MB more peak RSS at 20,000 articles: not kept.)"""
FETCHED_AT = re.compile(r'"fetched_at": (?:"[^"\\]*"|null)')
"""The one volatile field of a record, as its stored text writes it."""
LINE_BREAK_ESCAPES = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def content_hash(record_text: str) -> str:
    """Hash of what a reader sees, from the record's stored text: its fetch time is left out,
    so that it alone does not make an article changed. Quotes are escaped inside strings, so
    the key found is the record's own."""
    stable = FETCHED_AT.sub("", record_text, count=1)
    return hashlib.sha256(stable.encode("utf-8", "replace")).hexdigest()


def encode_record(record: dict[str, Any]) -> str:
    """JSON text of a record, which publishing copies out as it is, into a JSON document and a
    JSON Lines file: saved records are XML-safe and NFC already, and the characters some JSON
    Lines readers take for line breaks are JSON escapes (they can only be inside strings); a
    lone surrogate, which UTF-8 cannot carry, would stay a JSON escape."""
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    for character, escaped in LINE_BREAK_ESCAPES:
        if character in text:
            text = text.replace(character, escaped)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _primary_order(record: dict[str, Any]) -> tuple[bool, str, str]:
    """Earliest-published first; undated copies last; the URL breaks ties."""
    published = record.get("published")
    return (published is None, utc_sort_key(published) or "", record["url"])


class SQLiteStore(SQLiteCrawlState, SQLiteSearch, SQLitePublishing):
    """The article store in one SQLite file, with the crawl state beside the articles."""

    def __init__(self, path: Path | str) -> None:
        self.path = path = Path(path)
        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise StoreError(f"{path}: the article store is read-only (the file and its folder "
                             "must be writable: SQLite writes its journal beside it); fix the "
                             "permissions or pass another --db")
        self._group_seconds = 0.0
        self._group_opened = 0.0
        self._written = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(
                f"{path}: cannot open the article store ({exc}); check the --db path "
                "or restore the file from a backup"
            ) from None

    def commit_every(self, seconds: float) -> None:
        """Group the writes that follow into transactions of up to ``seconds`` (0: each write
        commits). A crawl makes thousands of small writes: each commit costs, and the full-text
        index is fed at a third of the cost in batches. A kill loses at most the open group,
        which the next run fetches again; ``flush`` (or ``close``) commits it."""
        self.flush()
        self._group_seconds = seconds
        if seconds > 0:
            for pragma in GROUPED_WRITES:
                self._db.execute(pragma)

    def flush(self) -> None:
        """Commit the open group of writes, if any (readers on other connections see it)."""
        if self._db.in_transaction:
            self._commit()

    def _commit(self) -> None:
        """Commit, the articles saved since the last commit indexed for full-text search
        first (see FULL_TEXT_PENDING)."""
        if self._written:
            index_pending(self._db)
        self._db.execute("COMMIT")
        self._written = False

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self._group_seconds <= 0:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                self._written = False
                raise
            self._commit()
            return
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
            self._group_opened = time.monotonic()
        self._db.execute("SAVEPOINT write")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK TO write")
            self._db.execute("RELEASE write")
            raise
        self._db.execute("RELEASE write")
        if time.monotonic() - self._group_opened >= self._group_seconds:
            self.flush()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this harvester "
                f"understands ({SCHEMA_VERSION}); upgrade ess-harvester"
            )
        if version < SCHEMA_VERSION:
            migration_functions(self._db)
        for number in range(version, SCHEMA_VERSION):
            with self._transaction() as db:
                for statement in statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def save(
        self, record: dict[str, Any], signature: bytes | None = None,
        band_keys: Sequence[int] = (), *, xml_safe: bool = False,
    ) -> Outcome:
        with self._transaction():
            return self._save(record if xml_safe else xml_safe_value(record), signature,
                              band_keys)

    def _save(
        self, record: dict[str, Any], signature: bytes | None, band_keys: Sequence[int]
    ) -> Outcome:
        self._written = True
        now = precise_now()
        row = self._db.execute(
            "SELECT content_hash, record FROM articles WHERE id = ?", (record["id"],)
        ).fetchone()
        if row is not None:
            # other addresses of the article stay known until one of them is gone
            kept = json.loads(row[1]).get("also_at", [])
            record = dict(record, also_at=sorted({*kept, *record.get("also_at", [])}
                                                 - {record["url"]}))
        text = encode_record(record)
        digest = content_hash(text)
        if row is not None and row[0] == digest:
            self._db.execute(
                "UPDATE articles SET last_seen = ? WHERE id = ?", (now, record["id"])
            )
            return Outcome.UNCHANGED
        columns = {
            "url": record["url"],
            "source": record["source"]["key"],
            "published": record.get("published"),
            "published_utc": utc_sort_key(record.get("published")),
            "updated_utc": utc_sort_key(record.get("updated")),
            "content_hash": digest,
            "record": text,
            "signature": signature,
        }
        if row is None:
            self._db.execute(
                "INSERT INTO articles (id, url, source, published, published_utc, updated_utc,"
                " content_hash, record, signature, first_seen, last_seen, last_changed)"
                " VALUES (:id, :url, :source, :published, :published_utc, :updated_utc,"
                " :content_hash, :record, :signature, :now, :now, :now)",
                {"id": record["id"], "now": now, **columns},
            )
        else:
            # a merge that brings no signature keeps the stored one
            assignments = ", ".join(
                f"{name} = COALESCE(:{name}, {name})" if name == "signature"
                else f"{name} = :{name}"
                for name in columns
            )
            self._db.execute(
                f"UPDATE articles SET {assignments}, last_seen = :now, last_changed = :now"
                " WHERE id = :id",
                {"id": record["id"], "now": now, **columns},
            )
        self._index(record, band_keys)
        return Outcome.NEW if row is None else Outcome.UPDATED

    def _index(self, record: dict[str, Any], band_keys: Sequence[int]) -> None:
        article_id = record["id"]
        self._db.executemany(
            "INSERT OR REPLACE INTO article_urls (url, article_id) VALUES (?, ?)",
            [(url, article_id) for url in [record["url"], *record.get("also_at", [])]],
        )
        if band_keys:
            self._db.execute("DELETE FROM minhash_bands WHERE article_id = ?", (article_id,))
            self._db.executemany(
                "INSERT INTO minhash_bands (band_key, article_id) VALUES (?, ?)",
                [(key, article_id) for key in band_keys],
            )

    def merge_duplicate(
        self, primary_id: str, record: dict[str, Any], signature: bytes | None = None,
        band_keys: Sequence[int] = (),
    ) -> Outcome:
        record = xml_safe_value(record)
        with self._transaction():
            primary = self.get(primary_id)
            if primary is None or primary["id"] == record["id"]:
                return self._save(record, signature, band_keys)
            if _primary_order(record) < _primary_order(primary):
                self._supersede(primary, record, signature, band_keys)
                return Outcome.MERGED
            if record["url"] in primary["also_at"]:
                return Outcome.UNCHANGED
            merged = dict(primary, also_at=sorted({*primary["also_at"], record["url"]}))
            self._save(merged, None, ())
            return Outcome.MERGED

    def _supersede(
        self, old: dict[str, Any], new: dict[str, Any], signature: bytes | None,
        band_keys: Sequence[int],
    ) -> None:
        """Make an earlier-published copy the primary record, keeping first_seen."""
        first_seen = self._db.execute(
            "SELECT first_seen FROM articles WHERE id = ?", (old["id"],)
        ).fetchone()[0]
        self._db.execute("DELETE FROM articles WHERE id = ?", (old["id"],))
        self._db.execute("DELETE FROM minhash_bands WHERE article_id = ?", (old["id"],))
        self._db.execute(
            "UPDATE article_urls SET article_id = ? WHERE article_id = ?", (new["id"], old["id"])
        )
        urls = {*new.get("also_at", []), *old["also_at"], old["url"]} - {new["url"]}
        self._save(dict(new, also_at=sorted(urls)), signature, band_keys)
        self._db.execute(
            "UPDATE articles SET first_seen = min(first_seen, ?) WHERE id = ?",
            (first_seen, new["id"]),
        )

    def get(self, article_id: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT record FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def seen(self, article_id: str) -> tuple[str, str] | None:
        """(first_seen, last_seen) of a stored article."""
        row = self._db.execute(
            "SELECT first_seen, last_seen FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def article_id_for_url(self, url: str) -> str | None:
        row = self._db.execute(
            "SELECT article_id FROM article_urls WHERE url = ?", (url,)
        ).fetchone()
        return row[0] if row else None

    def touch(self, url: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE articles SET last_seen = ? WHERE id ="
                       " (SELECT article_id FROM article_urls WHERE url = ?)",
                       (precise_now(), url))

    def forget_url(self, url: str) -> None:
        """A copy's URL that is gone leaves the ``also_at`` of the article it was merged in."""
        with self._transaction() as db:
            row = db.execute("SELECT a.id, a.url, a.record FROM article_urls u"
                             " JOIN articles a ON a.id = u.article_id WHERE u.url = ?",
                             (url,)).fetchone()
            if row is None or row[1] == url:
                return
            record = json.loads(row[2])
            record["also_at"] = [u for u in record.get("also_at", []) if u != url]
            db.execute("UPDATE articles SET record = ?, content_hash = ?, last_changed = ?"
                       " WHERE id = ?",
                       (text := encode_record(record), content_hash(text), precise_now(),
                        row[0]))
            db.execute("DELETE FROM article_urls WHERE url = ?", (url,))

    def candidates(self, band_keys: Sequence[int]) -> list[StoredSignature]:
        if not band_keys:
            return []
        marks = ",".join("?" * len(band_keys))
        rows = self._db.execute(
            "SELECT id, url, published, signature FROM articles WHERE id IN"
            f" (SELECT DISTINCT article_id FROM minhash_bands WHERE band_key IN ({marks}))"
            " AND signature IS NOT NULL",
            list(band_keys),
        ).fetchall()
        return [StoredSignature(*row) for row in rows]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def begin_run(self, sources: Sequence[str]) -> int:
        """Start a run; a run still marked running was killed (the lock is held now)."""
        with self._transaction() as db:
            db.execute("UPDATE runs SET status = 'aborted' WHERE status = 'running'")
            cursor = db.execute(
                "INSERT INTO runs (started_at, status, sources) VALUES (?, 'running', ?)",
                (iso(utc_now()), json.dumps(list(sources))),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, report: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE id = ?",
                (iso(utc_now()), status, json.dumps(report, ensure_ascii=False), run_id),
            )

    def last_run(self) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT id, started_at, finished_at, status, sources, report FROM runs"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return {
            "id": row[0], "started_at": row[1], "finished_at": row[2], "status": row[3],
            "sources": json.loads(row[4]), "report": json.loads(row[5]) if row[5] else None,
        }

    def close(self) -> None:
        self.flush()
        self._db.close()

