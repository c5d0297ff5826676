"""Crawl some or all sources of a registry into the store, and report on each."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.settings import Settings
from twisted.internet.error import ReactorNotRunning

from harvester.health import FIELDS, field_alerts
from harvester.registry import Registry, Source
from harvester.report import COUNTERS, SourceReport
from harvester.spiders.site import SiteSpider
from harvester.store import ArticleStore, db_path, open_store
from harvester.workerpool import close_pools
from harvester.workers import spare_collector
from pipelines.base import STAGES

CrawlerHook = Callable[[Crawler, Source], None]


OPTIONAL_COMPONENTS = {
    "EXTENSIONS_BASE": {"scrapy.extensions.remote_control.RemoteControl": "REMOTE_CONTROL_ENABLED",
                        "scrapy.extensions.telnet.TelnetConsole": "TELNETCONSOLE_ENABLED"},
    "DOWNLOADER_MIDDLEWARES_BASE": {
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": "COOKIES_ENABLED"},
}
"""Scrapy components left out of its base lists while their setting turns them off: Scrapy
imports every component it lists, even a disabled one, and these brought aiohttp, twisted.conch,
tldextract and requests into the crawl's process (some 13 MB of its peak RSS)."""


def crawl_settings(registry: Registry, db_path: Path,
                   overrides: Mapping[str, str] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("harvester.settings", priority="project")
    settings.set("HARVESTER_SOURCES", str(registry.path), priority="cmdline")
    settings.set("HARVESTER_DB", str(db_path), priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    if "CLOSESPIDER_PAGECOUNT" not in (overrides or {}):
        settings.set("CLOSESPIDER_PAGECOUNT", settings.getint("HARVESTER_MAX_REQUESTS"),
                     priority="cmdline")
    for base, components in OPTIONAL_COMPONENTS.items():
        listed = {name: order for name, order in settings.getdict(base).items()
                  if name not in components or settings.getbool(components[name])}
        settings.set(base, listed, priority="cmdline")
    return settings


def crawl(settings: Settings, sources: list[Source],
          watch: CrawlerHook | None = None) -> list[SourceReport]:
    """Crawl the sources, a few at once (``HARVESTER_CONCURRENT_SOURCES``, one Scrapy crawler
    each), into the store that the settings name, which the caller has opened once already,
    so that its migrations are done. A source's crawler is made when its turn comes and
    dropped with its report, so a registry of thousands runs in constant memory and file
    descriptors. Logging is the caller's (see harvester.logs)."""
    process = AsyncCrawlerProcess(settings)
    from twisted.internet import reactor as installed

    reactor: Any = installed
    store = open_store(db_path(settings.get("HARVESTER_DB")))
    reports: dict[str, SourceReport] = {}

    async def one(source: Source, slots: asyncio.Semaphore) -> None:
        async with slots:
            crawler = process.create_crawler(source.key)
            reason: dict[str, str] = {}
            moments = _timed(crawler, reason)
            if watch is not None:
                watch(crawler, source)
            try:
                await process.crawl(crawler)
            finally:
                reports[source.key] = _report(crawler, source, reason.get("reason", ""),
                                              moments, store)

    async def all_sources() -> None:
        slots = asyncio.Semaphore(max(1, settings.getint("HARVESTER_CONCURRENT_SOURCES")))
        try:
            await asyncio.gather(*(one(s, slots) for s in sources), return_exceptions=True)
        finally:
            with suppress(ReactorNotRunning):  # an interruption may have stopped it
                reactor.stop()

    reactor.callWhenRunning(lambda: asyncio.ensure_future(all_sources()))
    try:
        spare_collector()
        process.start(stop_after_crawl=False)
    finally:
        close_pools()
    try:
        return [reports.get(s.key) or SourceReport(s.key).conclude(s.url) for s in sources]
    finally:
        store.close()


def _timed(crawler: Crawler, finish: dict[str, str]) -> list[float]:
    """[start, end] of a spider, filled in by its open and close signals, which also give
    its finish reason."""
    moments: list[float] = []

    def opened(spider: Any) -> None:
        moments[:] = [time.monotonic()]

    def closed(spider: Any, reason: str) -> None:
        moments.append(time.monotonic())
        finish["reason"] = reason

    crawler.signals.connect(opened, signal=signals.spider_opened, weak=False)
    crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)
    return moments


def _report(crawler: Crawler, source: Source, reason: str, moments: list[float],
            store: ArticleStore) -> SourceReport:
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    spider = crawler.spider if isinstance(crawler.spider, SiteSpider) else None

    def stat(name: str) -> int:
        return int(stats.get(name, 0))

    report = SourceReport(
        source.key, finish_reason=reason,
        seconds=round(moments[-1] - moments[0], 1) if len(moments) == 2 else 0.0,
        pages=stat("response_received_count"),
        not_modified=stat("harvester/pages/not_modified") + stat("harvester/pages/same_body"),
        articles=stat("harvester/pages/article"),
        counts={c: stat(f"harvester/store/{c}") for c in COUNTERS},
        dropped=stat("item_dropped_count"),
        field_errors=sum(int(v) for k, v in stats.items()
                         if k.startswith("harvester/field_error/")),
        cpu_ms={stage: round(float(stats[key]) / articles, 2) for stage in STAGES
                if (key := f"harvester/time/{stage}_ms") in stats
                and (articles := stat("harvester/pages/article"))})
    if spider is not None and spider.state is not None:
        report.skipped = sum(spider.outcome.skipped.values())
        report.failures = spider.outcome.failures
        history, had = store.field_history(source.key, spider.state.started)
        report.bounds = spider.outcome.bounds
        report.notes = spider.outcome.notes + field_alerts(
            stat("harvester/health/pages"), {f: stat(f"harvester/health/{f}") for f in FIELDS},
            history, had)
    return report.conclude(source.url)
