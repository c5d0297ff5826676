"""Article requests wait until the feed has been read (the declared one, or the one the home
page names), so that what the feed says of a page is known whichever way the page is reached
first: the record is the same whatever the order of the answers. They wait for a WordPress
site's REST API too, and are planned only when they go: a post the API delivered is then not
fetched again.

Once planned, they go out a batch at a time, as the scheduler runs dry: a sitemap of 20,000
URLs is 20,000 small plans in memory, not 20,000 queued requests of a kilobyte or more each.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from scrapy import Request

from harvester.crawlstate import Plan

Plans = Callable[[], Iterable[tuple[str, Plan]]]


class FeedGate:
    """Holds article plans while something they wait for ("feed", "home", "rest") has not
    arrived, and the planned requests until the scheduler needs them."""

    def __init__(self, make_request: Callable[[str, Plan], Request], batch: int) -> None:
        self.make_request = make_request
        self.batch = batch
        self.awaited: set[str] = set()
        self.held: list[Plans] = []
        self.ready: deque[tuple[str, Plan]] = deque()

    def wait_for(self, what: str) -> None:
        self.awaited.add(what)

    def waiting_for(self, what: str) -> bool:
        return what in self.awaited

    def passing(self, plans: Plans) -> None:
        """Plan the URLs now, or when what is awaited is released. Their requests go out with
        the batches the scheduler asks for as it runs dry (``take``): handing out a batch on
        every call would move the plans to the scheduler a listing page at a time, until it
        held every request of the site."""
        if self.awaited:
            self.held.append(plans)
        else:
            self.ready.extend(plans())

    def arrived(self, what: str, own: Plans | None = None) -> list[Request]:
        """What was waited for is in: the requests released, if nothing else is awaited.
        Its ``own`` plans (a feed's) are made before the others, now or when released."""
        if own is not None:
            self.held.insert(0, own)
        self.awaited.discard(what)
        return self.release() if not self.awaited else []

    def release(self) -> list[Request]:
        """Plan every held URL (also when the spider is idle: whatever became of the feed),
        and the first batch of requests."""
        self.awaited.clear()
        held, self.held = self.held, []
        for plans in held:
            self.ready.extend(plans())
        return self.take()

    def take(self) -> list[Request]:
        """The next batch of planned requests (the scheduler is empty, or they are few)."""
        count = min(self.batch, len(self.ready))
        return [self.make_request(*self.ready.popleft()) for _ in range(count)]
