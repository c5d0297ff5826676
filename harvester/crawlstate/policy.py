"""When to fetch a known page again: the revalidation schedule, retry backoff, giving up.

Settings (text, so that `--set` can change them; checked before the first request):

- ``HARVESTER_REVALIDATE``: ``"1d=1h, 30d=1d, *=30d"`` revalidates an article younger than
  a day every hour, one younger than 30 days every day, older ones every 30 days;
- ``HARVESTER_RETRY`` / ``HARVESTER_RETRY_GONE``: the wait after the 1st, 2nd, ... failure
  in a row (the last one repeats), for server errors and timeouts / for 404 and 410;
- ``HARVESTER_GIVE_UP_AFTER``: a page failing for that long is abandoned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class PolicyError(ValueError):
    """A crawl-policy setting that cannot be read; the message names it and the fix."""


def parse_duration(text: str) -> timedelta:
    """``"0"``, ``"90s"``, ``"15m"``, ``"6h"``, ``"1d"``, ``"2w"`` as a timedelta."""
    text = text.strip().lower()
    if text == "0":
        return timedelta(0)
    match = DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration such as 90s, 15m, 6h, 1d or 2w")
    return timedelta(seconds=float(match.group(1)) * UNITS[match.group(2)])


@dataclass(frozen=True)
class RevalidationSchedule:
    """How often an article is checked again, by its age: (younger than, every) steps."""

    steps: tuple[tuple[timedelta, timedelta], ...]
    oldest: timedelta

    @classmethod
    def parse(cls, text: str) -> RevalidationSchedule:
        steps: list[tuple[timedelta, timedelta]] = []
        oldest: timedelta | None = None
        for part in filter(None, (p.strip() for p in text.split(","))):
            age, sep, every = part.partition("=")
            if not sep or oldest is not None:
                raise ValueError(f"{part!r}: expected AGE=EVERY pairs ending with *=EVERY")
            if age.strip() == "*":
                oldest = parse_duration(every)
            else:
                steps.append((parse_duration(age), parse_duration(every)))
        if oldest is None:
            raise ValueError("the last pair must be *=EVERY (for articles older than the rest)")
        if [a for a, _ in steps] != sorted(a for a, _ in steps):
            raise ValueError("ages must increase from left to right")
        return cls(tuple(steps), oldest)

    def interval(self, age: timedelta) -> timedelta:
        """How long an article of this age waits between two checks."""
        return next((every for younger_than, every in self.steps if age < younger_than),
                    self.oldest)


def parse_backoff(text: str) -> tuple[timedelta, ...]:
    """``"0, 1h, 6h, 1d"``: the wait after each failure in a row; the last repeats."""
    waits = tuple(parse_duration(part) for part in text.split(",") if part.strip())
    if not waits:
        raise ValueError("give at least one wait, e.g. 0, 1h, 6h, 1d")
    return waits


@dataclass(frozen=True)
class CrawlPolicy:
    revalidate: RevalidationSchedule
    retry: tuple[timedelta, ...]
    retry_gone: tuple[timedelta, ...]
    give_up_after: timedelta
    max_listing_pages: int
    full: bool = False

    @classmethod
    def from_settings(cls, settings: Any) -> CrawlPolicy:
        """Read the policy from Scrapy settings; PolicyError names a bad one."""

        def read(name: str, parse: Any) -> Any:
            try:
                return parse(str(settings.get(name)))
            except ValueError as exc:
                raise PolicyError(f"setting {name}={settings.get(name)!r}: {exc}") from None

        return cls(
            revalidate=read("HARVESTER_REVALIDATE", RevalidationSchedule.parse),
            retry=read("HARVESTER_RETRY", parse_backoff),
            retry_gone=read("HARVESTER_RETRY_GONE", parse_backoff),
            give_up_after=read("HARVESTER_GIVE_UP_AFTER", parse_duration),
            max_listing_pages=settings.getint("HARVESTER_MAX_LISTING_PAGES"),
            full=settings.getbool("HARVESTER_FULL_CRAWL"),
        )

    def retry_wait(self, failures_in_a_row: int, gone: bool) -> timedelta:
        """The wait before retrying a page after its Nth failure in a row (N ≥ 1)."""
        waits = self.retry_gone if gone else self.retry
        return waits[min(failures_in_a_row, len(waits)) - 1]
