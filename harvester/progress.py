"""A live display of the crawl for a person at a terminal: one line per source with its pages,
articles, failures and elapsed time (rich). Cron and pipes get plain log lines instead."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from scrapy import signals
from scrapy.crawler import Crawler

from harvester.registry import Source


def wanted() -> bool:
    """A live display only on a terminal that can show one."""
    return sys.stderr.isatty() and os.environ.get("TERM", "") != "dumb"


class CrawlProgress:
    """One progress line per source, fed by the crawlers' signals."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(finished_text="✓"), TextColumn("{task.description:<24}"),
            TextColumn("{task.fields[pages]:>6} pages"),
            TextColumn("{task.fields[articles]:>5} articles"),
            TextColumn("{task.fields[failures]:>4} failures"), TimeElapsedColumn(),
            TextColumn("{task.fields[state]}"), console=console, transient=False)
        self.tasks: dict[str, TaskID] = {}

    def watch(self, crawler: Crawler, source: Source) -> None:
        task = self.tasks[source.key] = self.progress.add_task(
            source.key, total=None, start=False, pages=0, articles=0, failures=0,
            state="waiting")

        def update(**fields: Any) -> None:
            stats = crawler.stats
            if stats is not None:
                fields.setdefault("pages", stats.get_value("response_received_count", 0))
                fields.setdefault("articles", stats.get_value("harvester/pages/article", 0))
                fields.setdefault("failures", stats.get_value("harvester/failures", 0))
            self.progress.update(task, **fields)

        def opened(spider: Any) -> None:
            self.progress.start_task(task)
            update(state="crawling")

        def closed(spider: Any, reason: str) -> None:
            update(state="done" if reason == "finished" else reason)
            self.progress.update(task, total=1, completed=1)
            self.progress.stop_task(task)

        for handler, signal in ((opened, signals.spider_opened), (closed, signals.spider_closed),
                                (lambda **_: update(), signals.response_received),
                                (lambda **_: update(), signals.item_scraped)):
            crawler.signals.connect(handler, signal=signal, weak=False)


@contextmanager
def live_progress() -> Iterator[CrawlProgress]:
    console = Console(stderr=True)
    display = CrawlProgress(console)
    with display.progress:
        yield display
