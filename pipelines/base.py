"""The thin Scrapy adapter every normalization pipeline shares."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from harvester.extract.raw import RawArticle
from harvester.model import Article
from harvester.store import ArticleStore, open_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger("harvester.pipelines")


class ArticlePipeline:
    """Calls ``apply(article)``; subclasses wrap one pure normalizer each."""

    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticlePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            self.apply(item)
        return item

    def apply(self, article: Article) -> None:
        raise NotImplementedError

    def field_error(self, article: Article, field: str, message: str) -> None:
        """Log a field that could not be normalized and count it; the field stays empty."""
        logger.warning("%s: field %r: %s", article.url or _raw_url(article), field, message)
        if self.stats is not None:
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
    """A pipeline that reads or writes the article store (``HARVESTER_DB`` setting)."""

    def __init__(self, stats: StatsCollector | None = None,
                 db_path: Path | None = None) -> None:
        super().__init__(stats)
        self.db_path = db_path
        self.store: ArticleStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        if not crawler.settings.get("HARVESTER_DB"):
            raise NotConfigured("HARVESTER_DB is not set: nothing to store into")
        return cls(crawler.stats, Path(crawler.settings["HARVESTER_DB"]))

    def open_spider(self) -> None:
        if self.db_path is not None:
            self.store = open_store(self.db_path)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
