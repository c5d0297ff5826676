"""Validation: make every string XML-safe, drop the parts that cannot be published, reject
what cannot be an article (no URL, no title, a record the schema refuses)."""

from __future__ import annotations

import dataclasses
import re
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


NO_TITLE = "no title"


class Rejected(DropItem):
    """An article that cannot be kept, with why and what was read of it (``harvester
    extract`` still shows a page that has no title)."""

    def __init__(self, message: str, reason: str, article: Article) -> None:
        super().__init__(message)
        self.reason = reason
        self.article = article


HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
"""The schema's http_url: what a reader may follow."""


def drop_bad_parts(article: Article) -> list[tuple[str, str]]:
    """Remove the parts of an article that cannot be published (an image or attachment with
    a javascript: or data: URL, an author link that is not http(s)), keeping the article;
    one (field, message) per part removed."""
    dropped: list[tuple[str, str]] = []
    for name in ("images", "attachments"):
        parts = getattr(article, name)
        setattr(article, name, [part for part in parts if HTTP_URL.match(part.url)])
        dropped += [(name, f"dropped {part.url[:80]!r}: not an http(s) URL")
                    for part in parts if not HTTP_URL.match(part.url)]
    for author in article.authors:
        if author.url is not None and not HTTP_URL.match(author.url):
            dropped.append(("authors", f"dropped link {author.url[:80]!r} of {author.name!r}"))
            author.url = None
    dropped += [("also_at", f"dropped {url[:80]!r}: not an http(s) URL")
                for url in article.also_at if not HTTP_URL.match(url)]
    article.also_at = [url for url in article.also_at if HTTP_URL.match(url)]
    return dropped


def rejection(article: Article, record: dict[str, Any]) -> str | None:
    """Why an article (exported as ``record``) cannot be kept, or None."""
    if article.raw is not None and article.raw.not_article:
        return f"not an article: {article.raw.not_article}"
    if not article.url:
        return "no URL"
    if not article.title.strip():
        return NO_TITLE
    errors = article_errors(record)
    return f"invalid record: {errors[0]}" if errors else None


class ValidationPipeline(ArticlePipeline):
    """The last normalizer: the record it validates is the article's ``exported`` record."""

    def apply(self, article: Article) -> None:
        xml_safe_fields(article)
        for name, message in drop_bad_parts(article):
            self.field_error(article, name, message)
        article.exported = article.to_dict()
        reason = rejection(article, article.exported)
        if reason:
            url = article.url or (article.raw.url if article.raw else "(unknown URL)")
            if self.stats is not None:
                self.stats.inc_value(f"harvester/dropped/{reason.split(':')[0]}")
            raise Rejected(f"{url}: {reason}", reason, article)
