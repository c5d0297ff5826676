"""The thin Scrapy adapter every normalization pipeline shares."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.exceptions import DropItem, NotConfigured

from harvester.extract.raw import RawArticle
from harvester.model import Article
from harvester.store import ArticleStore, release_store, shared_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger("harvester.pipelines")
STAGES = ("extract", "normalize", "dedupe", "store")
"""Where a page's CPU goes (``harvester/time/<stage>_ms``): the first three in a worker
process, the store lookups and writes in the crawl's own."""


def add_times(stats: StatsCollector, times: dict[str, float]) -> None:
    """Add CPU milliseconds to the ``harvester/time/<stage>_ms`` stats."""
    for stage, milliseconds in times.items():
        key = f"harvester/time/{stage}_ms"
        stats.set_value(key, stats.get_value(key, 0.0) + milliseconds)


class ArticlePipeline:
    """Calls ``apply(article)``; subclasses wrap one pure normalizer each.

    An article normalized in a worker process goes through the normalizers untouched, or is
    dropped at the first one with the reason the worker found.
    """

    normalizes: ClassVar[bool] = True

    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticlePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            if item.rejected:
                raise DropItem(item.rejected)
            if not (item.normalized and self.normalizes):
                self.apply(item)
        return item

    def apply(self, article: Article) -> None:
        raise NotImplementedError

    def field_error(self, article: Article, field: str, message: str) -> None:
        """A field that could not be normalized stays empty; the problem goes with the
        article (``problems``), and is logged and counted here when Scrapy runs the pipeline
        (``normalize()`` leaves that to its caller, in the process that reports)."""
        article.problems.append((field, message))
        if self.stats is not None:
            logger.warning("%s: field %r: %s", article.url or _raw_url(article), field, message)
            self.stats.inc_value(f"harvester/field_error/{field}")


class RawFieldsPipeline(ArticlePipeline):
    """A pipeline that fills Article fields from what extraction read (``article.raw``);
    an article rebuilt from the store has nothing raw left to normalize."""

    def apply(self, article: Article) -> None:
        if article.raw is not None:
            self.fill(article, article.raw)

    def fill(self, article: Article, raw: RawArticle) -> None:
        raise NotImplementedError


def _raw_url(article: Article) -> str:
    return article.raw.url if article.raw else "(no url)"


class StorePipeline(ArticlePipeline):
    """A pipeline that reads or writes the article store (``HARVESTER_DB`` setting); its
    CPU time is counted under its ``stage``: the reactor thread's own (the worker pool's
    threads pickle pages beside it, and the process's CPU clock would count theirs too)."""

    normalizes = False
    stage: ClassVar[str] = "store"

    def process_item(self, item: Any) -> Any:
        started = time.thread_time()
        try:
            return super().process_item(item)
        finally:
            if self.stats is not None:
                add_times(self.stats, {self.stage: (time.thread_time() - started) * 1000})

    def __init__(self, stats: StatsCollector | None = None,
                 db_path: Path | None = None, commit_interval: float = 0.0) -> None:
        super().__init__(stats)
        self.db_path = db_path
        self.commit_interval = commit_interval
        self.store: ArticleStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        if not crawler.settings.get("HARVESTER_DB"):
            raise NotConfigured("HARVESTER_DB is not set: nothing to store into")
        return cls(crawler.stats, Path(crawler.settings["HARVESTER_DB"]),
                   crawler.settings.getfloat("HARVESTER_COMMIT_INTERVAL"))

    def open_spider(self) -> None:
        if self.db_path is not None:
            self.store = shared_store(self.db_path, self.commit_interval)

    def close_spider(self) -> None:
        if self.store is not None:
            release_store(self.store)
            self.store = None
