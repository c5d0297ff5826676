"""The storage interface every backend implements (SQLite now, PostgreSQL later)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from harvester.store.pages import ListingRecord, PageRecord


class Outcome(StrEnum):
    """What saving one article did to the store."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    MERGED = "merged"


@dataclass(frozen=True)
class StoredSignature:
    """A stored article's near-duplicate signature, returned as a candidate match."""

    id: str
    url: str
    published: str | None
    signature: bytes


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message names the database and the fix."""


class ArticleStore(Protocol):
    """Articles keyed by their stable id, the URLs they were seen at, and the run log."""

    def save(
        self, record: dict[str, Any], signature: bytes | None = None,
        band_keys: Sequence[int] = (), *, xml_safe: bool = False,
    ) -> Outcome:
        """Insert or update one exported Article record (upsert on its id); its strings are
        made XML-safe and NFC unless ``xml_safe`` says they are already (a validated record:
        see pipelines.validate)."""

    def merge_duplicate(
        self, primary_id: str, record: dict[str, Any], signature: bytes | None = None,
        band_keys: Sequence[int] = (),
    ) -> Outcome:
        """Fold a copy of a stored article into it; the earliest-published copy stays primary."""

    def get(self, article_id: str) -> dict[str, Any] | None:
        """The stored record with this id, or None."""

    def article_id_for_url(self, url: str) -> str | None:
        """The id of the stored article seen at this URL (as primary or in also_at)."""

    def touch(self, url: str) -> None:
        """The article seen at this URL is still there, unchanged: move its last_seen."""

    def forget_url(self, url: str) -> None:
        """Drop a gone URL from the ``also_at`` of the article it was merged into."""

    def candidates(self, band_keys: Sequence[int]) -> list[StoredSignature]:
        """Stored articles sharing at least one near-duplicate band key."""

    def articles(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored records, newest first (published, then updated, then id)."""

    def article_json(self, limit: int | None = None) -> Iterator[bytes]:
        """The same, as the JSON text stored (for writers that copy it out)."""

    def articles_of_source(self, source: str, limit: int) -> list[dict[str, Any]]:
        """A source's newest articles."""

    def articles_tagged(self, tags: Set[str], limit: int) -> list[dict[str, Any]]:
        """The newest articles carrying one of the tags."""

    def archive_months(self, excluded: Set[str]) -> list[tuple[str, int, str]]:
        """(month, articles, last change) of the months of the articles not excluded."""

    def archived_articles(self, months: Set[str], excluded: Set[str]
                          ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Each of the months with its articles but the excluded ones, without bodies."""

    def tag_counts(self) -> dict[str, int]:
        """How many articles carry each tag."""

    def stored_sources(self) -> list[dict[str, str]]:
        """The source (key, name, url) of the stored articles."""

    def fingerprint(self) -> str:
        """Changes whenever an article is added, changed, merged or removed."""

    def published_from(self, directory: str) -> str | None:
        """What the outputs in a directory were last made from (see publish_changes)."""

    def record_publication(self, directory: str, made_from: str) -> None:
        """Remember what the outputs in a directory were made from."""

    def count(self) -> int:
        """How many articles are stored."""

    def search(self, query: str, *, source: str | None = None, since: str | None = None,
               limit: int = 20) -> list[dict[str, Any]]:
        """Articles holding every word of the query, best match first."""

    def begin_run(self, sources: Sequence[str]) -> int:
        """Record the start of a crawl run; return its id."""

    def finish_run(self, run_id: int, status: str, report: dict[str, Any]) -> None:
        """Record the end of a run with its status and per-source counters."""

    def last_run(self) -> dict[str, Any] | None:
        """The most recent run (id, started_at, finished_at, status, report), or None."""

    def commit_every(self, seconds: float) -> None:
        """Group the writes that follow into transactions of up to ``seconds`` (0: each one)."""

    def flush(self) -> None:
        """Commit the open group of writes, if any."""

    def close(self) -> None:
        """Commit what is pending and release the connection."""

    # crawl state (see harvester.store.pages and harvester.crawlstate)

    def pages_of(self, source: str) -> dict[str, PageRecord]:
        """Every page a source's crawls have met, by URL."""

    def discover_pages(self, source: str, urls: Iterable[str], now: str) -> None:
        """Remember URLs found by discovery, before they are fetched."""

    def save_pages(self, source: str, pages: Iterable[PageRecord], now: str) -> None:
        """Write the whole state of some pages."""

    def failing_pages(self) -> Iterator[tuple[str, PageRecord]]:
        """(source, page) of every failing page that is not given up."""

    def listings_of(self, source: str) -> dict[str, ListingRecord]:
        """Progress of each paginated listing of a source."""

    def save_listing(self, source: str, listing: ListingRecord) -> None:
        """Write one listing's progress."""

    def record_source_status(self, run_id: int, statuses: dict[str, str], now: str) -> None:
        """Each source's status at the end of a run."""

    def last_successes(self) -> dict[str, str | None]:
        """When each source last finished a run with status ok."""

    def field_history(self, source: str, before: str,
                      limit: int = 200) -> tuple[int, dict[str, int]]:
        """How many of a source's latest articles stored before a time have each field."""
