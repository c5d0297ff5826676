"""Storage: the last pipeline upserts each article and counts what happened per source."""

from __future__ import annotations

import sqlite3

from scrapy.exceptions import DropItem

from harvester.minhash import band_keys
from harvester.model import Article
from harvester.store import Outcome
from pipelines.base import StorePipeline, logger


class StoragePipeline(StorePipeline):
    def apply(self, article: Article) -> None:
        if self.store is None:
            return
        record = article.record()
        keys = band_keys(article.signature)
        try:
            if article.duplicate_of:
                outcome = self.store.merge_duplicate(
                    article.duplicate_of, record, article.signature, keys)
            else:
                outcome = self.store.save(record, article.signature, keys,
                                          xml_safe=article.exported is not None)
        except sqlite3.Error as exc:
            if self.stats is not None:
                self.stats.inc_value("harvester/store/error")
            logger.error("%s: not stored: %s", article.url, exc)
            raise DropItem(f"{article.url}: store error: {exc}") from exc
        if self.stats is not None:
            self.stats.inc_value(f"harvester/store/{outcome}")
        if outcome is Outcome.MERGED:
            logger.info("%s: same article as %s, merged", article.url, article.duplicate_of)
