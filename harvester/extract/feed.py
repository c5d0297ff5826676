"""RSS / Atom feeds (SPIP's backend, WordPress /feed/, Drupal rss.xml): entries and what
they tell about an article that its page may not."""

from __future__ import annotations

import calendar
import io
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from harvester.extract.raw import RawArticle, RawAttachment, RawAuthor, RawImage


@dataclass
class FeedEntry:
    link: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    summary_html: str | None = None
    enclosures: list[RawAttachment] = field(default_factory=list)
    modified: str | None = None
    """The entry's update (else publication) time in UTC: a hint that the page changed."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedEntry:
        enclosures = [RawAttachment(**e) for e in data.get("enclosures", [])]
        return cls(**{**data, "enclosures": enclosures})


def read_feed(body: bytes, content_type: str | None = None) -> tuple[list[FeedEntry], bool]:
    """The entries of a feed document, and whether feedparser found it malformed."""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    return [e for e in (_entry(item) for item in parsed.entries) if e], bool(parsed.bozo)


def _entry(item: Any) -> FeedEntry | None:
    link = item.get("link")
    if not link:
        return None
    authors = [a.get("name", "") for a in item.get("authors", []) if a.get("name")]
    if not authors and item.get("author"):
        authors = [item["author"]]
    return FeedEntry(
        link=link,
        title=item.get("title"),
        authors=authors,
        tags=[t.get("term", "") for t in item.get("tags", []) if t.get("term")],
        published=item.get("published") or item.get("dc_date"),
        updated=item.get("updated"),
        summary_html=item.get("summary"),
        enclosures=[
            RawAttachment(url=e.get("href", ""), title="", mime_type=e.get("type"),
                          length=_int(e.get("length")))
            for e in item.get("enclosures", []) if e.get("href")
        ],
        modified=_utc(item.get("updated_parsed") or item.get("published_parsed")),
    )


def _utc(parsed: Any) -> str | None:
    """feedparser's UTC time tuple as ISO 8601 (None when it could not read the date)."""
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def complete_from_feed(raw: RawArticle, entry: FeedEntry) -> None:
    """Fill only what the page left empty with what its feed entry says.

    The page always wins; the entry's values are raw like the page's (the summary is HTML, as
    in the feed), so the pipelines decode and normalize both alike.
    """
    raw.title = raw.title or entry.title
    if not raw.authors and not raw.byline:
        raw.authors = [RawAuthor(name) for name in entry.authors]
    if not raw.tags:
        raw.tags = list(entry.tags)
    if not raw.published:
        raw.published = [d for d in (entry.published,) if d]
        raw.updated = raw.updated or [d for d in (entry.updated,) if d and d != entry.published]
    if not raw.summary_html and not raw.description:
        raw.summary_html = entry.summary_html
    if not raw.attachments:
        raw.attachments = [e for e in entry.enclosures
                           if not (e.mime_type or "").startswith("image/")]
    if not raw.images:
        raw.images = [RawImage(e.url) for e in entry.enclosures
                      if (e.mime_type or "").startswith("image/")]
