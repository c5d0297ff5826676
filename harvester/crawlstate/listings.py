"""Listing progress: how far the current complete pass over each paginated listing got.

Stopping the pagination at a page of already-stored articles is only safe once the listing
has been read to its end: until then every run follows the pagination, resuming where the
last pass stopped (a killed run, the page limit), and says which listing is still unread.
"""

from __future__ import annotations

from collections import Counter

from harvester.store import ArticleStore
from harvester.store.pages import ListingRecord


class ListingProgress:
    """The listings of one source during one run."""

    def __init__(self, store: ArticleStore, source: str, *, max_pages: int,
                 full: bool = False) -> None:
        self.store = store
        self.source = source
        self.max_pages = max_pages
        self.full = full
        self.records = store.listings_of(source)
        self.interrupted = {key for key, record in self.records.items() if record.frontier}
        """Listings whose last pass stopped before the end: no early stop until it is done."""
        self.requested: Counter[str] = Counter()
        self.requested_urls: set[str] = set()
        self.touched: set[str] = set()
        self.stopped_early = 0
        self.limited = 0

    def resume(self) -> list[str]:
        """Pages an interrupted pass found but did not read, to fetch at the start of a run."""
        return [url for record in self.records.values() for url in self._take(record)]

    def page_read(self, listing: str, url: str | None, pagination: list[str], *,
                  only_known_articles: bool) -> list[str]:
        """Note a page of the listing as read (``url``; None when the pagination links were
        found on another listing's page); return the pagination pages to fetch now."""
        record = self.records.get(listing)
        if record is None:
            if not pagination:
                return []
            record = self.records[listing] = ListingRecord(listing)
        self.touched.add(listing)
        if url in record.frontier:
            record.frontier.remove(url)
        if url is not None and url not in record.read:
            record.read.append(url)
        if (only_known_articles and record.completed_at and listing not in self.interrupted
                and not self.full):
            self.stopped_early += 1
        else:
            seen = set(record.read) | set(record.frontier)
            record.frontier += [u for u in dict.fromkeys(pagination) if u not in seen]
        follow = self._take(record)
        self.store.save_listing(self.source, record)
        return follow

    def page_failed(self, listing: str, url: str) -> None:
        """A pagination page that cannot be read leaves the pass (its failure is reported)."""
        record = self.records.get(listing)
        if record is not None and url in record.frontier:
            record.frontier.remove(url)
            self.store.save_listing(self.source, record)

    def _take(self, record: ListingRecord) -> list[str]:
        """Unrequested frontier pages, within the per-run page limit of the listing."""
        follow = []
        for url in record.frontier:
            if url in self.requested_urls:
                continue
            if self.requested[record.listing] >= self.max_pages:
                self.limited += 1
                break
            self.requested[record.listing] += 1
            self.requested_urls.add(url)
            follow.append(url)
        return follow

    def finish(self, now: str, *, complete_run: bool) -> list[str]:
        """End the run: a touched listing with nothing left to read has completed its pass.
        Returns one note per listing whose pass is still unfinished."""
        notes = []
        for record in self.records.values():
            if record.frontier:
                notes.append(f"{record.listing}: {len(record.frontier)} listing page(s) not "
                             "read yet; the next run goes on from there")
            elif complete_run and record.listing in self.touched:
                record.completed_at, record.read = now, []
                self.store.save_listing(self.source, record)
        return notes
