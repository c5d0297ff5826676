"""Validation: drop what cannot be an article, make every string XML-safe, check the schema."""

from __future__ import annotations

import dataclasses
from typing import Any

from scrapy.exceptions import DropItem

from harvester.model import Article
from harvester.schema import article_errors
from harvester.text import xml_safe
from pipelines.base import ArticlePipeline


def xml_safe_fields(value: Any) -> Any:
    """The same value with every string in it XML-safe and NFC (dataclasses updated in place)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [xml_safe_fields(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if not f.metadata.get("internal"):
                setattr(value, f.name, xml_safe_fields(getattr(value, f.name)))
    return value


def rejection(article: Article) -> str | None:
    """Why an article cannot be kept, or None."""
    if article.raw is not None and article.raw.not_article:
        return f"not an article: {article.raw.not_article}"
    if not article.url:
        return "no URL"
    if not article.title.strip():
        return "no title"
    errors = article_errors(article.to_dict())
    return f"invalid record: {errors[0]}" if errors else None


class ValidationPipeline(ArticlePipeline):
    def apply(self, article: Article) -> None:
        xml_safe_fields(article)
        reason = rejection(article)
        if reason:
            url = article.url or (article.raw.url if article.raw else "(unknown URL)")
            if self.stats is not None:
                self.stats.inc_value(f"harvester/dropped/{reason.split(':')[0]}")
            raise DropItem(f"{url}: {reason}")
