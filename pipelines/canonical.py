"""Canonical URL and stable id: rel=canonical / og:url when on the same site, cleaned."""

from __future__ import annotations

from harvester.extract.raw import RawArticle
from harvester.model import Article, SourceRef
from harvester.urls import article_id, clean_url, same_site
from pipelines.base import RawFieldsPipeline


def canonical_url(raw: RawArticle) -> str:
    """The declared canonical URL when it stays on the fetched site, else the fetched URL."""
    declared = raw.canonical_url
    chosen = declared if declared and same_site(declared, raw.url) else raw.url
    return clean_url(chosen)


class CanonicalUrlPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        article.url = canonical_url(raw)
        article.id = article_id(article.url)
        article.source = SourceRef(raw.source.key, raw.source.name, raw.source.url)
        article.fetched_at = raw.fetched_at
