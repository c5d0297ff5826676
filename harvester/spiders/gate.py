"""Article requests wait until the feed has been read (the declared one, or the one the home
page names), so that what the feed says of a page is known whichever way the page is reached
first: the record is the same whatever the order of the answers. They wait for a WordPress
site's REST API too, and are planned only when they go: a post the API delivered is then not
fetched again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from scrapy import Request


class FeedGate:
    """Holds requests while something they wait for ("feed", "home", "rest") has not
    arrived."""

    def __init__(self) -> None:
        self.awaited: set[str] = set()
        self.held: list[Callable[[], Iterable[Request]]] = []

    def wait_for(self, what: str) -> None:
        self.awaited.add(what)

    def waiting_for(self, what: str) -> bool:
        return what in self.awaited

    def passing(self, requests: Callable[[], Iterable[Request]]) -> Iterator[Request]:
        """The requests that may go now; while something is awaited, they are made (and
        planned) only when released."""
        if self.awaited:
            self.held.append(requests)
        else:
            yield from requests()

    def arrived(self, what: str,
                own: Callable[[], Iterable[Request]] | None = None) -> list[Request]:
        """What was waited for is in: the requests released, if nothing else is awaited.
        Its ``own`` requests (a feed's) are made before the others, now or when released."""
        if own is not None:
            self.held.insert(0, own)
        self.awaited.discard(what)
        return self.release() if not self.awaited else []

    def release(self) -> list[Request]:
        """Every held request (the spider is idle: whatever became of the feed)."""
        self.awaited.clear()
        held, self.held = self.held, []
        return [request for make in held for request in make()]
