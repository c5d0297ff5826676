"""What a site's feed and sitemaps name: article URLs with their dates and feed entries, and
the nested sitemaps to read; and the part of the spider that reads them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from harvester.crawlstate import Plan
from harvester.extract.feed import FeedEntry, read_feed
from harvester.spiders.links import LinkKind, LinkRules, is_post_sitemap
from harvester.spiders.responses import content_type
from harvester.timestamps import parse_w3c
from harvester.urls import clean_url, same_site

if TYPE_CHECKING:
    from harvester.spiders.site import SiteSpider

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


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


class FeedReader:
    """What a source's spider reads of its feed and sitemaps."""

    def __init__(self, spider: SiteSpider) -> None:
        self.spider = spider

    def discovered(self, page: Selector, page_url: str) -> Iterator[Request]:
        spider = self.spider
        for link in page.css("link[rel~=alternate][href]"):
            if link.attrib.get("type", "").lower() in FEED_TYPES:
                url = urljoin(page_url, link.attrib["href"])
                if same_site(url, spider.source.url):
                    spider.gate.wait_for("feed")
                    yield spider._request(url, self.parse_feed, priority=5, dont_filter=True)
                    return

    def parse_feed(self, response: Response) -> Iterator[Request]:
        spider = self.spider
        found = feed_articles(response, spider.source.url, spider.rules)
        if found.malformed:
            spider.crawler.stats.inc_value("harvester/feed/malformed")
        if not found.readable:
            spider._fail(response.url, "feed has no readable entries")
        spider.discovered.update(found.entries)
        state = spider.crawl_state

        def planned() -> list[tuple[str, Plan]]:
            plans = spider._plans(found.dates(), f"feed {response.url}", spider.bounds.feed_items)
            state.remember_feed_entries({u: e.as_dict() for u, e in found.entries.items()
                                         if u in state.pages})
            return plans

        yield from spider.gate.arrived("feed", planned)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A declared sitemap, or the Sitemap: lines of robots.txt when none is declared."""
        spider = self.spider
        nested, found = sitemap_contents(response, spider.source.url, spider.rules)
        yield from (spider._request(url, self.parse_sitemap) for url in nested)
        spider._found_articles(found, f"sitemap {response.url}", spider.bounds.sitemap_urls)
