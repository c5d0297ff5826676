"""What every feed format says about one article, computed once from its stored record, and
about the feed document the articles form."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from html import escape
from typing import Any

from harvester import PROJECT_URL, __version__
from harvester.text import one_line, xml_safe_value
from harvester.timestamps import parse_iso, utc_now

IN_PAGE_LINK = re.compile(r'<a\b[^>]*\bhref="#[^"]*"[^>]*>(.*?)</a>', re.DOTALL)


def unlinked(fragment: str) -> str:
    """The fragment with its in-page links (#fn-1, #section) reduced to their text."""
    return IN_PAGE_LINK.sub(r"\1", fragment)


FEED_TITLE = "ESS Harvester — actualités des réseaux de l'économie sociale et solidaire"
FEED_SUBTITLE = ("Les actualités des réseaux de l'ESS (RTES, CRESS, ESS France, Avise…) "
                 "réunies en un seul fil.")
GENERATOR = ("ESS Harvester", __version__, PROJECT_URL)
TAG_AUTHORITY = "tag:ess-harvester.github.io,2026:"
FEED_ID = TAG_AUTHORITY + "feed"
"""The feed's permanent id: the same wherever the files are served from."""
UNKNOWN_TITLE = "(sans titre)"


@dataclass(frozen=True)
class FeedItem:
    """One article ready for the writers: cleaned text, parsed dates, rendered content (each
    derived once: the same item is written as Atom, RSS and JSON Feed)."""

    record: dict[str, Any]

    @classmethod
    def of(cls, record: dict[str, Any]) -> FeedItem:
        return cls(xml_safe_value(record))

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def guid(self) -> str:
        """The entry's permanent IRI: never changes for the same article."""
        return f"{TAG_AUTHORITY}article/{self.id}"

    @cached_property
    def title(self) -> str:
        return one_line(self.record.get("title")) or UNKNOWN_TITLE

    @property
    def url(self) -> str:
        return str(self.record["url"])

    @cached_property
    def published(self) -> datetime | None:
        value = self.record.get("published")
        return parse_iso(value) if value else None

    @cached_property
    def updated(self) -> datetime:
        """Last change as the feed knows it: updated, else published, else fetch time."""
        value = (self.record.get("updated") or self.record.get("published")
                 or self.record["fetched_at"])
        return parse_iso(value)

    @cached_property
    def fetched(self) -> datetime:
        return parse_iso(self.record["fetched_at"])

    @property
    def summary(self) -> str | None:
        return self.record.get("summary") or None

    @property
    def source(self) -> dict[str, str]:
        return dict(self.record["source"])

    @cached_property
    def content_html(self) -> str:
        """The body followed by its footnotes as a numbered list, note references as plain
        superscript numbers: feed readers show an entry inside their own page, where an
        in-page link (#fn-1) leads nowhere or to the reader's own page, and the original
        page has other anchors; "¹" and a numbered list read the same in every reader."""
        body = unlinked(self.record.get("content_html") or "")
        notes = self.record.get("footnotes") or []
        if not notes:
            return body
        items = "".join(f"<li>{unlinked(n['html']) or escape(n['text'])}</li>" for n in notes)
        return f'{body}<hr><h2>Notes</h2><ol class="footnotes">{items}</ol>'


@dataclass(frozen=True)
class FeedLink:
    """A link of a feed document beyond self and alternate (RFC 4287 and RFC 5005 relations:
    related, prev-archive, next-archive, current)."""

    rel: str
    href: str
    title: str = ""


@dataclass(frozen=True)
class FeedDocument:
    """One feed, written as Atom, RSS and JSON Feed: ``name`` is its path in the output set
    without the extension (``feed``, ``sources/rtes``, ``tags/emploi``)."""

    name: str
    title: str
    subtitle: str
    feed_id: str
    items: Sequence[FeedItem]
    home: str
    """The page that shows the same articles (the river page, a source's page)."""
    links: Sequence[FeedLink] = ()
    archive: bool = False
    """An RFC 5005 archive document: complete for its period, not a subscription feed."""
    bodies: bool = True
    """Entries carry the article's body (archive entries carry its summary only)."""
    label: str = ""
    """What a source's or a tag's feed is about, as the pages name it."""

    def url(self, root: str, extension: str) -> str:
        return f"{root}{self.name}.{extension}"

    @cached_property
    def updated(self) -> datetime:
        return max((item.updated for item in self.items), default=None) or utc_now()
