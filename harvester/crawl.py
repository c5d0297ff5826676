"""Crawl some or all sources of a registry into the store, and report on each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.settings import Settings

from harvester.registry import Registry, Source
from harvester.spiders.site import GONE, SiteSpider
from harvester.table import format_table

COUNTERS = ("new", "updated", "unchanged", "merged")


@dataclass
class SourceReport:
    """What one source's crawl did: status ok / degraded / failed, counters and failures."""

    key: str
    status: str = "ok"
    pages: int = 0
    articles: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    field_errors: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    finish_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def crawl_settings(registry: Registry, db_path: Path,
                   overrides: Mapping[str, str] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("harvester.settings", priority="project")
    settings.set("HARVESTER_SOURCES", str(registry.path), priority="cmdline")
    settings.set("HARVESTER_DB", str(db_path), priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def crawl(registry: Registry, sources: list[Source], db_path: Path,
          overrides: Mapping[str, str] | None = None) -> list[SourceReport]:
    """Crawl the sources concurrently (one Scrapy crawler each) into the store at db_path,
    which the caller has opened once already, so that its migrations are done."""
    process = AsyncCrawlerProcess(crawl_settings(registry, db_path, overrides))
    reports: dict[str, SourceReport] = {}
    for source in sources:
        crawler = process.create_crawler(source.key)
        reports[source.key] = report = SourceReport(source.key)
        _watch(crawler, report)
        process.crawl(crawler)
    process.start()
    return [_conclude(reports[s.key], s) for s in sources]


def _watch(crawler: Crawler, report: SourceReport) -> None:
    def dropped(item: Any, response: Any, exception: Exception, spider: Any) -> None:
        report.failures.append({"url": response.url if response else "", "reason": str(
            exception).split(": ", 1)[-1]})

    def closed(spider: SiteSpider, reason: str) -> None:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        report.finish_reason = reason
        report.pages = int(stats.get("response_received_count", 0))
        report.articles = int(stats.get("harvester/pages/article", 0))
        report.counts = {c: int(stats.get(f"harvester/store/{c}", 0)) for c in COUNTERS}
        report.dropped = int(stats.get("item_dropped_count", 0))
        report.field_errors = sum(int(v) for k, v in stats.items()
                                  if k.startswith("harvester/field_error/"))
        report.failures[:0] = spider.failures

    crawler.signals.connect(dropped, signal=signals.item_dropped, weak=False)
    crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)


def _conclude(report: SourceReport, source: Source) -> SourceReport:
    """failed: nothing fetched or the home page lost; degraded: some page lost or unreadable."""
    if not report.finish_reason:
        report.failures.append({"url": source.url, "reason": "the crawl did not run"})
    elif report.finish_reason == "closespider_timeout":
        report.failures.append({"url": source.url, "reason": "stopped at the time limit "
                                "(CLOSESPIDER_TIMEOUT); the rest waits for the next run"})
    home_failed = any(f["url"].rstrip("/") == source.url.rstrip("/") for f in report.failures)
    if report.pages == 0 or home_failed or report.finish_reason not in (
            "finished", "closespider_timeout"):
        report.status = "failed"
    elif report.dropped or any(f["reason"] not in GONE for f in report.failures):
        report.status = "degraded"
    return report


def format_report(reports: list[SourceReport]) -> str:
    """A plain-text table of the run, then one line per failure."""
    header = ("source", "status", "pages", "articles", "new", "updated", "unchanged", "merged",
              "dropped", "failures")
    rows = [header] + [
        (r.key, r.status, str(r.pages), str(r.articles), *(str(r.counts.get(c, 0))
                                                           for c in COUNTERS),
         str(r.dropped), str(len(r.failures)))
        for r in reports
    ]
    lines = [format_table(rows)]
    for report in reports:
        lines += [f"  {report.key}: {f['url']}: {f['reason']}" for f in report.failures]
    return "\n".join(lines)
