"""What a site's feed and sitemaps name: article URLs with their dates and feed entries, and
the nested sitemaps to read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from harvester.extract.feed import FeedEntry, read_feed
from harvester.spiders.links import LinkKind, LinkRules, is_post_sitemap
from harvester.spiders.responses import content_type
from harvester.timestamps import parse_w3c
from harvester.urls import clean_url, same_site


@dataclass
class FeedArticles:
    entries: dict[str, FeedEntry] = field(default_factory=dict)
    """The same-site article links of the feed, by cleaned URL."""
    readable: bool = False
    malformed: bool = False

    def dates(self) -> dict[str, datetime | None]:
        return {url: parse_w3c(entry.modified) for url, entry in self.entries.items()}


def feed_articles(response: Response, site_url: str, rules: LinkRules) -> FeedArticles:
    entries, malformed = read_feed(response.body, content_type(response))
    found = FeedArticles(readable=bool(entries), malformed=malformed)
    for entry in entries:
        url = clean_url(response.urljoin(entry.link))
        if same_site(url, site_url) and rules.classify(url) in (None, LinkKind.ARTICLE):
            found.entries.setdefault(url, entry)
    return found


def sitemap_contents(response: Response, site_url: str,
                     rules: LinkRules) -> tuple[list[str], dict[str, datetime | None]]:
    """The sitemaps to read next (from an index, or the Sitemap: lines of robots.txt) and the
    article URLs with their lastmod."""
    if response.url.endswith("/robots.txt"):
        return list(sitemap_urls_from_robots(response.body, base_url=response.url)), {}
    sitemap = Sitemap(response.body)
    posts_only = is_post_sitemap(response.url)
    nested: list[str] = []
    found: dict[str, datetime | None] = {}
    for entry in sitemap:
        url = clean_url(entry["loc"])
        if not same_site(url, site_url):
            continue
        if sitemap.type == "sitemapindex":
            nested.append(url)
        elif posts_only or rules.classify(url) is LinkKind.ARTICLE:
            found[url] = parse_w3c(entry.get("lastmod"))
    return nested, found
