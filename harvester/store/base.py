"""The storage interface every backend implements (SQLite now, PostgreSQL later)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol


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
        band_keys: Sequence[int] = (),
    ) -> Outcome:
        """Insert or update one exported Article record (upsert on its id)."""

    def merge_duplicate(
        self, primary_id: str, record: dict[str, Any], signature: bytes | None = None,
        band_keys: Sequence[int] = (),
    ) -> Outcome:
        """Fold a copy of a stored article into it; the earliest-published copy stays primary."""

    def get(self, article_id: str) -> dict[str, Any] | None:
        """The stored record with this id, or None."""

    def article_id_for_url(self, url: str) -> str | None:
        """The id of the stored article seen at this URL (as primary or in also_at)."""

    def known_since(self, url: str) -> str | None:
        """When this URL was first stored as an article or first failed, or None."""

    def note_failure(self, url: str, reason: str) -> None:
        """Remember a page that could not be harvested (HTTP error, no title, robots)."""

    def candidates(self, band_keys: Sequence[int]) -> list[StoredSignature]:
        """Stored articles sharing at least one near-duplicate band key."""

    def articles(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored records, newest first (published, then updated, then id)."""

    def count(self) -> int:
        """How many articles are stored."""

    def begin_run(self, sources: Sequence[str]) -> int:
        """Record the start of a crawl run; return its id."""

    def finish_run(self, run_id: int, status: str, report: dict[str, Any]) -> None:
        """Record the end of a run with its status and per-source counters."""

    def last_run(self) -> dict[str, Any] | None:
        """The most recent run (id, started_at, finished_at, status, report), or None."""

    def close(self) -> None:
        """Release the connection."""
