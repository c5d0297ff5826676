"""The crawl state of one source during one run: the one place the spider asks whether to
fetch a page, how (conditional GET), what the feed said of it, and what failed.

Why not Scrapy's HttpCacheMiddleware: it keeps a second copy of every body on disk, replays
cached answers through the callbacks (parsing them again, the cost to avoid), and its RFC 2616
policy obeys the servers' Cache-Control (SPIP and WordPress pages say no-cache) rather than a
schedule that knows an article's age. DeltaFetch-style skipping never revalidates and keeps a
database of its own. Here the store is the single source of truth and the validators go on the
request itself.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import Any

from harvester.crawlstate.listings import ListingProgress
from harvester.crawlstate.policy import CrawlPolicy
from harvester.store import ArticleStore
from harvester.store.pages import PageRecord
from harvester.urls import same_site


class Why(StrEnum):
    """Why a page is fetched this run."""

    NEW = "new"
    RESUMED = "resumed"
    """Found by an earlier run that stopped before fetching it."""
    RETRY = "retry"
    CHANGED = "changed"
    """Its feed date or sitemap lastmod is newer than what was fetched."""
    REVALIDATE = "revalidate"
    FULL = "full"


CONDITIONAL = frozenset({Why.CHANGED, Why.REVALIDATE})


@dataclass(frozen=True, slots=True)
class Plan:
    why: Why
    headers: dict[str, str]


@dataclass(frozen=True)
class FailureNote:
    """A page that could not be harvested, as the run report shows it."""

    url: str
    reason: str
    state: str
    """new (first failure), failing (failed before too), abandoned (given up this run)."""
    since: str
    attempts: int
    gone: bool

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "reason": self.reason, "state": self.state,
                "since": self.since, "attempts": self.attempts, "gone": self.gone}


def stamp(moment: datetime) -> str:
    """The store's form of a time: UTC, microseconds, so that strings compare as times."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def body_hash(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


class CrawlState:
    """Pages and listings of one source, loaded when its spider opens."""

    def __init__(self, store: ArticleStore, source: str, policy: CrawlPolicy,
                 clock: Callable[[], datetime] | None = None, site: str | None = None) -> None:
        """``site``: the source's URL; pages of another site (the source moved) are ignored."""
        self.store = store
        self.source = source
        self.policy = policy
        self.clock = clock or partial(datetime.now, UTC)
        self.now = self.clock()
        self.started = stamp(self.now)
        self.pages = {url: page for url, page in store.pages_of(source).items()
                      if site is None or same_site(url, site)}
        self.known = frozenset(u for u, p in self.pages.items() if p.fetched_at or p.failure)
        """Pages harvested, or found unharvestable, before this run."""
        self.listings = ListingProgress(store, source, max_pages=policy.max_listing_pages,
                                        full=policy.full)
        self.hints: dict[str, str] = {}
        self.planned: dict[str, Why] = {}
        self.skipped: dict[str, str] = {}
        self.entries: dict[str, dict[str, Any]] = {}
        self.failed_now: dict[str, FailureNote] = {}

    # -- what to fetch ----------------------------------------------------------------------

    def is_known(self, url: str) -> bool:
        return url in self.known

    def discovered(self, urls: list[str]) -> None:
        """Remember article URLs as soon as they are found, so none is lost to a kill."""
        new = [u for u in dict.fromkeys(urls) if u not in self.pages]
        for url in new:
            self.pages[url] = PageRecord(url, discovered_at=self.started)
        if new:
            self.store.discover_pages(self.source, new, self.started)

    def plan(self, url: str, hint: datetime | None = None) -> Plan | None:
        """How to fetch an article page this run, or None when it need not be fetched."""
        if hint is not None and stamp(hint) > self.hints.get(url, ""):
            self.hints[url] = stamp(hint)
            self._late_hint(url)
        if url in self.planned:
            return None
        page = self.pages.get(url)
        why = self._why(page)
        if why is None:
            return None
        self.planned[url] = why
        self.skipped.pop(url, None)
        return Plan(why, self._validators(page) if why in CONDITIONAL else {})

    def _late_hint(self, url: str) -> None:
        """A date found after the page was answered this run (its sitemap read after it) is
        the page's too: the next run must not take it for a change."""
        page = self.pages.get(url)
        if (page is not None and page.fetched_at and page.fetched_at >= self.started
                and self.hints[url] > (page.hint or "")):
            page.hint = self.hints[url]
            self.store.save_pages(self.source, [page], self.started)

    def due(self) -> list[tuple[str, Plan]]:
        """Known pages to fetch whether or not this run finds them again: found by an earlier
        run that stopped before fetching them, failed and due for a retry, or due for
        revalidation."""
        return [(url, plan) for url in list(self.pages) if (plan := self.plan(url)) is not None]

    def _why(self, page: PageRecord | None) -> Why | None:
        if page is None or (page.fetched_at is None and page.discovered_at == self.started):
            return Why.NEW
        if page.abandoned_at:
            return Why.FULL if self.policy.full else self._skip(page, "abandoned")
        if page.failure:
            if self.policy.full or self._retry_due(page):
                return Why.RETRY
            return self._skip(page, "failing")
        if page.fetched_at is None:
            return Why.RESUMED
        if self.policy.full:
            return Why.FULL
        hint = self.hints.get(page.url)
        if hint and hint > (page.hint or page.fetched_at):
            return Why.CHANGED
        if self.now - datetime.fromisoformat(page.fetched_at) >= self._interval(page):
            return Why.REVALIDATE
        return self._skip(page, "unchanged")

    def _retry_due(self, page: PageRecord) -> bool:
        """The wait after the last failure is read from the policy now, so that a changed
        schedule applies to the pages already failing."""
        last = datetime.fromisoformat(page.last_failed or page.first_failed or self.started)
        return self.now >= last + self.policy.retry_wait(max(page.attempts, 1), page.gone)

    def _skip(self, page: PageRecord, reason: str) -> Why | None:
        """Not this run (unchanged, failing or abandoned): counted for the report."""
        self.skipped[page.url] = reason
        return None

    def _interval(self, page: PageRecord) -> timedelta:
        """Revalidation interval by age: since publication or the last change seen."""
        if page.outcome != "article":
            return self.policy.revalidate.oldest
        moments = [datetime.fromisoformat(m) for m in (page.published, page.changed_at) if m]
        reference = max(moments) if moments else datetime.fromisoformat(
            page.discovered_at or page.fetched_at or self.started)
        return self.policy.revalidate.interval(self.now - reference)

    @staticmethod
    def _validators(page: PageRecord | None) -> dict[str, str]:
        headers = {}
        if page is not None and page.etag:
            headers["If-None-Match"] = page.etag
        if page is not None and page.last_modified:
            headers["If-Modified-Since"] = page.last_modified
        return headers

    # -- what the server said -----------------------------------------------------------------

    def same_body(self, url: str, body: bytes) -> bool:
        """A revalidated page whose body has not changed need not be parsed again."""
        page = self.pages.get(url)
        return (page is not None and page.failure is None and self.planned.get(url) in CONDITIONAL
                and page.body_hash == body_hash(body))

    def fetched(self, url: str, headers: dict[str, str], body: bytes | None,
                outcome: str) -> None:
        """A full answer was handled (``outcome``: article, or why it is not one)."""
        page = self._page(url)
        digest = body_hash(body) if body is not None else page.body_hash
        if page.body_hash is not None and digest != page.body_hash:
            page.changed_at = stamp(self.clock())
        page.etag = headers.get("ETag")
        page.last_modified = headers.get("Last-Modified")
        page.body_hash, page.outcome = digest, outcome
        self._answered(page)

    def not_modified(self, url: str) -> None:
        """A 304 answer, or a body identical to the last one: only the check time moves."""
        page = self._page(url)
        self._answered(page)
        self.store.touch(url)

    def _answered(self, page: PageRecord) -> None:
        page.fetched_at = stamp(self.clock())
        page.hint = max(filter(None, (page.hint, self.hints.get(page.url))), default=None)
        page.failure, page.gone, page.first_failed = None, False, None
        page.attempts, page.last_failed, page.abandoned_at = 0, None, None
        self.store.save_pages(self.source, [page], self.started)

    def failed(self, url: str, reason: str, *, gone: bool = False) -> FailureNote:
        """An article page could not be harvested: count the attempt, or give the page up."""
        page = self._page(url)
        now = self.clock()
        if page.failure is None or page.first_failed is None:
            page.first_failed, page.attempts = stamp(now), 0
        page.attempts += 1
        page.failure, page.gone = reason, gone
        state = "new" if page.attempts == 1 else "failing"
        page.last_failed = stamp(now)
        if now - datetime.fromisoformat(page.first_failed) >= self.policy.give_up_after:
            page.abandoned_at, state = stamp(now), "abandoned"
        self.store.save_pages(self.source, [page], self.started)
        note = FailureNote(url, reason, state, page.first_failed, page.attempts, gone)
        self.failed_now[url] = note
        return note

    def _page(self, url: str) -> PageRecord:
        return self.pages.setdefault(url, PageRecord(url, discovered_at=self.started))

    # -- feeds ----------------------------------------------------------------------------------

    def remember_feed_entries(self, entries: dict[str, dict[str, Any]]) -> None:
        """What the feed says of each page, kept so that a page reads the same however and
        whenever it is reached (an entry falls off the feed after a while)."""
        self.entries.update(entries)
        changed = []
        for url, entry in entries.items():
            page = self._page(url)
            if page.feed_entry != entry:
                page.feed_entry = entry
                changed.append(page)
        self.store.save_pages(self.source, changed, self.started)

    def feed_entry(self, url: str) -> dict[str, Any] | None:
        page = self.pages.get(url)
        return self.entries.get(url) or (page.feed_entry if page else None)

    # -- the report -------------------------------------------------------------------------------

    def failures(self) -> list[FailureNote]:
        """Every page of the source still failing (retried this run or not), and those given
        up this run, oldest failure first."""
        notes = dict(self.failed_now)
        for url, page in self.pages.items():
            if url not in notes and page.failure and not page.abandoned_at:
                notes[url] = FailureNote(url, page.failure, "failing", page.first_failed or "",
                                         page.attempts, page.gone)
        return sorted(notes.values(), key=lambda n: (n.since, n.url))

    def skip_counts(self) -> Counter[str]:
        return Counter(self.skipped.values())
