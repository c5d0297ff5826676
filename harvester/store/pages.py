"""Crawl state in the SQLite store: what each server said about each page, listing passes
and the health of each source. The decisions are made in ``harvester.crawlstate``."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

PAGE_COLUMNS = ("url", "discovered_at", "fetched_at", "changed_at", "etag", "last_modified",
                "body_hash", "hint", "outcome", "feed_entry", "failure", "gone", "first_failed",
                "attempts", "last_failed", "abandoned_at")


@dataclass(slots=True)
class PageRecord:
    """One page a source's crawl has met: an article URL, a feed or a sitemap."""

    url: str
    discovered_at: str | None = None
    fetched_at: str | None = None
    """Last answer from the server (200 or 304), ISO UTC."""
    changed_at: str | None = None
    """Last time the body differed from the one fetched before (the first fetch included)."""
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    hint: str | None = None
    """The newest feed date or sitemap lastmod this page was fetched for (UTC sort key)."""
    outcome: str | None = None
    """What the last full fetch gave: "article", or why it is not one."""
    feed_entry: dict[str, Any] | None = None
    """What the source's feed said of this page when it last listed it."""
    failure: str | None = None
    gone: bool = False
    first_failed: str | None = None
    attempts: int = 0
    last_failed: str | None = None
    abandoned_at: str | None = None
    published: str | None = field(default=None, compare=False)
    """The stored article's publication time (UTC sort key); read only."""


@dataclass
class ListingRecord:
    """Progress of the current complete pass over one paginated listing."""

    listing: str
    completed_at: str | None = None
    read: list[str] = field(default_factory=list)
    frontier: list[str] = field(default_factory=list)


class SQLiteCrawlState:
    """Mixed into SQLiteStore: the crawl-state tables of the same database."""

    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def pages_of(self, source: str) -> dict[str, PageRecord]:
        """Every page of a source, with the publication time of the article stored for it."""
        columns = ", ".join(f"p.{c}" for c in PAGE_COLUMNS)
        rows = self._db.execute(
            f"SELECT {columns}, a.published_utc FROM pages p"
            " LEFT JOIN article_urls u ON u.url = p.url"
            " LEFT JOIN articles a ON a.id = u.article_id WHERE p.source = ?", (source,))
        return {row[0]: _page(row) for row in rows}

    def discover_pages(self, source: str, urls: Iterable[str], now: str) -> None:
        """Remember URLs found by discovery, so a killed run's next run fetches them."""
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO pages (url, source, discovered_at) VALUES (?, ?, ?)",
                [(url, source, now) for url in urls])

    def save_pages(self, source: str, pages: Iterable[PageRecord], now: str) -> None:
        """Write pages' whole state (insert or replace) in one transaction."""
        rows = [_row(page) for page in pages]
        if not rows:
            return
        names = ", ".join(PAGE_COLUMNS)
        marks = ", ".join(f":{c}" for c in PAGE_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in PAGE_COLUMNS[2:])
        with self._transaction() as db:
            db.executemany(
                f"INSERT INTO pages (source, {names}) VALUES (:source, {marks})"
                f" ON CONFLICT (url) DO UPDATE SET {updates}",
                [dict(row, source=source, discovered_at=row["discovered_at"] or now)
                 for row in rows])

    def failing_pages(self) -> Iterator[tuple[str, PageRecord]]:
        """(source, page) of every page that is failing and not given up."""
        columns = ", ".join(PAGE_COLUMNS)
        for row in self._db.execute(
                f"SELECT source, {columns}, NULL FROM pages WHERE failure IS NOT NULL"
                " AND abandoned_at IS NULL ORDER BY source, first_failed, url"):
            yield row[0], _page(row[1:])

    def listings_of(self, source: str) -> dict[str, ListingRecord]:
        rows = self._db.execute(
            "SELECT listing, completed_at, read, frontier FROM listings WHERE source = ?",
            (source,))
        return {r[0]: ListingRecord(r[0], r[1], json.loads(r[2]), json.loads(r[3]))
                for r in rows}

    def save_listing(self, source: str, listing: ListingRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO listings (source, listing, completed_at, read, frontier)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, listing) DO UPDATE SET"
                " completed_at = excluded.completed_at, read = excluded.read,"
                " frontier = excluded.frontier",
                (source, listing.listing, listing.completed_at, json.dumps(listing.read),
                 json.dumps(listing.frontier)))

    def record_source_status(self, run_id: int, statuses: dict[str, str], now: str) -> None:
        """Each source's status in a finished run; an ``ok`` one is its last success."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO source_status (source, last_run, last_status, last_success)"
                " VALUES (:source, :run, :status, CASE WHEN :status = 'ok' THEN :now END)"
                " ON CONFLICT (source) DO UPDATE SET last_run = excluded.last_run,"
                " last_status = excluded.last_status,"
                " last_success = COALESCE(excluded.last_success, last_success)",
                [{"source": s, "run": run_id, "status": st, "now": now}
                 for s, st in statuses.items()])

    def last_successes(self) -> dict[str, str | None]:
        """When each source last finished a run with status ok."""
        return dict(self._db.execute("SELECT source, last_success FROM source_status"))

    def field_history(self, source: str, before: str,
                      limit: int = 200) -> tuple[int, dict[str, int]]:
        """How many of the source's latest articles stored before a time have each field (the
        latest are chosen on their rowids, so that the sort does not carry the records)."""
        row = self._db.execute(
            "SELECT count(*), coalesce(sum(published IS NOT NULL), 0),"
            " coalesce(sum(json_array_length(record, '$.authors') > 0), 0),"
            " coalesce(sum(json_extract(record, '$.content_text') != ''), 0)"
            " FROM articles WHERE rowid IN (SELECT rowid FROM articles WHERE source = ?"
            " AND first_seen < ? ORDER BY first_seen DESC LIMIT ?)",
            (source, before, limit)).fetchone()
        return int(row[0]), {"published": int(row[1]), "authors": int(row[2]),
                             "content": int(row[3])}


def _page(row: Iterable[Any]) -> PageRecord:
    values = dict(zip((*PAGE_COLUMNS, "published"), row, strict=True))
    values["feed_entry"] = json.loads(values["feed_entry"]) if values["feed_entry"] else None
    values["gone"] = bool(values["gone"])
    return PageRecord(**values)


def _row(page: PageRecord) -> dict[str, Any]:
    values = {f.name: getattr(page, f.name) for f in dataclasses.fields(page)
              if f.name in PAGE_COLUMNS}
    entry = values["feed_entry"]
    values["feed_entry"] = json.dumps(entry, ensure_ascii=False) if entry else None
    values["gone"] = int(page.gone)
    return values
