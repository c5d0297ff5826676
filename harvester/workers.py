"""Pages are made into articles off the reactor thread.

Extraction, the normalization pipelines (the same ordered list, ``pipelines.normalize``) and
the near-duplicate signature run in worker processes, on the other cores, each page under a
CPU budget; the reactor keeps the downloads, the crawl state and the one store writer. With
``HARVESTER_WORKERS = 0`` the same function runs in the crawl's own process.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from scrapy.exceptions import DropItem

from harvester.extract import extract
from harvester.extract.feed import FeedEntry, complete_from_feed
from harvester.extract.pagekind import not_an_article
from harvester.minhash import signature
from harvester.model import Article
from harvester.registry import Source
from pipelines import normalize
from pipelines.base import add_times

__all__ = ["PageJob", "PageOutcome", "add_times", "harvest_page", "quiet_worker"]


class PageTooComplex(BaseException):
    """A page that would take longer to read than its CPU budget allows (a BaseException, as
    KeyboardInterrupt is, so that no ``except Exception`` in a library swallows it)."""


@dataclass(frozen=True)
class PageJob:
    """One fetched article page, as the worker needs it."""

    html: str
    url: str
    source: Source
    fetched_at: str
    feed_entry: dict[str, Any] | None = None
    budget: float = 0.0
    """Seconds of CPU the page may take; 0 for no limit."""
    judge: bool = False
    """Reached by following the links of a site of no known family: the page must show that
    it is an article (see harvester.extract.pagekind)."""


@dataclass
class PageOutcome:
    """What became of a page: an article record, a rejection, or why it is not one."""

    record: dict[str, Any] | None = None
    signature: bytes | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    rejected: str | None = None
    not_article: str | None = None
    failure: str | None = None
    times: dict[str, float] = field(default_factory=dict)
    """CPU milliseconds per stage."""

    def article(self, url: str) -> Article:
        """The Article for the store pipelines (already normalized), or a rejected one that
        the first pipeline drops with the reason."""
        if self.record is None:
            return Article(url=url, normalized=True, rejected=self.rejected or "rejected")
        article = Article.from_dict(self.record)
        article.normalized, article.signature = True, self.signature
        article.exported = self.record
        article.problems = list(self.problems)
        return article


def harvest_page(job: PageJob) -> PageOutcome:
    """Extract, complete from the feed, normalize and sign one page (pure; no store)."""
    outcome = PageOutcome()
    clock = time.thread_time()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.thread_time()
        outcome.times[stage] = (now - clock) * 1000
        clock = now

    try:
        with cpu_budget(job.budget, job.html):
            raw = extract(job.html, job.url, job.source, fetched_at=job.fetched_at)
            lap("extract")
            if raw.not_article:
                outcome.not_article = raw.not_article
                return outcome
            if job.feed_entry is not None:
                complete_from_feed(raw, FeedEntry.from_dict(job.feed_entry))
            outcome.problems = list(raw.errors.items())
            try:
                article = normalize(raw)
            except DropItem as exc:
                outcome.rejected = str(exc)
                return outcome
            lap("normalize")
            if job.judge and (reason := not_an_article(article, raw)):
                outcome.not_article = reason
                return outcome
            outcome.signature = signature(article.content_text)
            lap("dedupe")
    except PageTooComplex as exc:
        outcome.failure = str(exc)
        return outcome
    except ValueError as exc:
        outcome.failure = f"cannot parse the page: {exc}"
        return outcome
    outcome.record = article.record()
    outcome.problems += article.problems
    return outcome


@contextmanager
def cpu_budget(seconds: float, html: str) -> Iterator[None]:
    """Abandon the block with PageTooComplex once it has used ``seconds`` of CPU (a profiling
    timer: only the main thread of a process can have one). The timer fires again every tenth
    of a second: an exception raised while a finalizer runs is swallowed by Python."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise PageTooComplex(
            f"page too complex: {html.count('<a ')} links, {html.count('<')} tags in "
            f"{len(html) // 1024} KB; abandoned after {seconds:g} s of CPU "
            "(HARVESTER_PAGE_BUDGET)")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


WORKER_NICENESS = 10
"""Workers yield the CPU to the crawl's own process, which feeds them: with three busy
processes on two cores, the bench crawl took 4 % less wall time per CPU second (the cores
stayed busy 1.85 of 2 instead of 1.77)."""


def quiet_worker() -> None:
    """Workers log nothing themselves (the problems travel back in the outcome), run at a
    lower priority (WORKER_NICENESS) and, on Linux, under the batch scheduling policy: the
    scheduler takes them for the CPU-bound processes they are, and a worker that wakes does
    not preempt the crawl's process or the other worker. In six alternated bench crawls, the
    batch policy took the wall time from 29.9 to 27.3 s and the CPU from 54.0 to 49.0 s on
    average (5 of 6 pairs faster): fewer switches, warmer caches."""
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger().setLevel(logging.CRITICAL)
    os.nice(WORKER_NICENESS)
    if hasattr(os, "SCHED_BATCH"):
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    spare_collector()


def spare_collector() -> None:
    """Fewer cyclic garbage collections in a long crawl: the modules and settings loaded at
    start are frozen out of them, and the youngest generation is collected every 20,000
    allocations instead of 700 (a page makes thousands of short-lived objects, nearly all
    freed by reference counting; collecting them cost about a tenth of the CPU)."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
