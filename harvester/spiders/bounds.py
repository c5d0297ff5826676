"""Bounds on what one run takes from one source: listing depth, listing pages, URLs taken
from one sitemap and from one feed (newest first). A hostile or broken site (an endless chain
of rubriques, a sitemap of a million URLs) cannot keep a run busy for hours; a bound that is
hit is reported, and what it left waits for the next runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

Plan = TypeVar("Plan")
OLDEST = datetime.min.replace(tzinfo=UTC)


@dataclass
class CrawlBounds:
    listing_depth: int
    listing_pages: int
    sitemap_urls: int
    feed_items: int
    listing_pages_taken: int = 0
    hits: dict[str, str] = field(default_factory=dict)
    """One report line per bound hit, by where it was hit."""

    @classmethod
    def from_settings(cls, settings: Any) -> CrawlBounds:
        return cls(listing_depth=settings.getint("HARVESTER_MAX_LISTING_DEPTH"),
                   listing_pages=settings.getint("HARVESTER_MAX_SOURCE_LISTINGS"),
                   sitemap_urls=settings.getint("HARVESTER_MAX_SITEMAP_URLS"),
                   feed_items=settings.getint("HARVESTER_MAX_FEED_ITEMS"))

    def listing(self, url: str, depth: int) -> bool:
        """Whether a listing page at this depth may be read this run."""
        if depth > self.listing_depth:
            self.hits["depth"] = (f"listings deeper than {self.listing_depth} links from the "
                                  f"home page not followed, e.g. {url} "
                                  "(HARVESTER_MAX_LISTING_DEPTH)")
            return False
        if self.listing_pages_taken >= self.listing_pages:
            self.hits["listings"] = (f"{self.listing_pages} listing pages read, the limit "
                                     "(HARVESTER_MAX_SOURCE_LISTINGS); more next run")
            return False
        self.listing_pages_taken += 1
        return True

    def newest(self, where: str, found: dict[str, datetime | None],
               plan: Callable[[str, datetime | None], Plan | None],
               limit: int, setting: str) -> list[tuple[str, Plan]]:
        """Plans for the newest URLs of a sitemap or feed that need fetching, at most
        ``limit``; the older ones are left for later runs (nothing kept of them meanwhile)."""
        taken: list[tuple[str, Plan]] = []
        ordered = sorted(found.items(), key=lambda item: item[1] or OLDEST, reverse=True)
        for index, (url, hint) in enumerate(ordered):
            if len(taken) >= limit:
                self.hits[where] = (f"{where}: {len(ordered) - index} more URLs left for later "
                                    f"runs, the newest {limit} taken ({setting})")
                break
            if (chosen := plan(url, hint)) is not None:
                taken.append((url, chosen))
        return taken

    def lines(self) -> list[str]:
        return list(self.hits.values())
