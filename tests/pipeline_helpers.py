"""Helpers for the pipeline tests: a raw article to feed a pipeline, a stats stub."""

from __future__ import annotations

from collections import Counter
from typing import Any

from harvester.extract.raw import RawArticle
from harvester.model import Article
from harvester.registry import Source

RTES = Source(key="rtes", name="RTES", url="https://www.rtes.fr/", family="spip",
              authors={"alfederici": "Anne-Laure Federici"},
              tag_synonyms={"ESS": "Économie sociale et solidaire"})


class Stats:
    """The part of Scrapy's StatsCollector the pipelines use."""

    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] += count

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


def raw_article(**fields: Any) -> RawArticle:
    defaults: dict[str, Any] = {
        "url": "https://www.rtes.fr/Reussite-de-la-journee-des-Poles",
        "source": RTES,
        "fetched_at": "2026-11-27T06:00:00+00:00",
        "title": "Réussite de la journée",
        "body_html": "<p>Assistance fournie, intervenants de qualité.</p>",
    }
    return RawArticle(**{**defaults, **fields})


def article(**fields: Any) -> Article:
    return Article.from_raw(raw_article(**fields))
