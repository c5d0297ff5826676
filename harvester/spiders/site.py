"""The spider of one registry source: discovers article pages and yields Articles."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import urljoin

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from harvester.extract import detect_family, extract
from harvester.extract.feed import FeedEntry, complete_from_feed, read_feed
from harvester.model import Article
from harvester.registry import Source
from harvester.spiders.links import LinkKind, LinkRules, is_post_sitemap, rules_for
from harvester.store import ArticleStore, open_store
from harvester.timestamps import iso, precise_now, utc_now
from harvester.urls import clean_url, same_site

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
HTML_TYPES = (b"text/html", b"application/xhtml+xml")
ROBOTS_REFUSAL = "robots.txt"
GONE = ("HTTP 404", "HTTP 410")
"""A linked page that no longer exists: reported, but the site is not broken."""


class SiteSpider(Spider):
    """Crawls one source: home page, listings and their pagination, feed and sitemap."""

    source: ClassVar[Source]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = self.source.family
        self.rules: LinkRules = rules_for(self.family)
        self.store: ArticleStore | None = None
        self.max_listing_pages = 20
        self.listing_pages: Counter[str] = Counter()
        self.failures: list[dict[str, str]] = []
        self.started_at = precise_now()
        self.full = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider: SiteSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_listing_pages = crawler.settings.getint("HARVESTER_MAX_LISTING_PAGES", 20)
        spider.full = crawler.settings.getbool("HARVESTER_FULL_CRAWL")
        crawler.signals.connect(spider.open_store, signal=signals.spider_opened)
        crawler.signals.connect(spider.closed_store, signal=signals.spider_closed)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        return spider

    def open_store(self) -> None:
        """The store tells which articles earlier runs have already harvested."""
        db = self.crawler.settings.get("HARVESTER_DB")
        if db:
            self.store = open_store(db)

    def item_dropped(self, item: Any, response: Response, exception: Exception) -> None:
        if self.store is not None and response is not None:
            self.store.note_failure(response.url, str(exception).split(": ", 1)[-1])

    def closed_store(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    async def start(self) -> AsyncIterator[Request]:
        yield self._request(self.source.url, self.parse_listing, priority=10)
        if self.source.feed:
            yield self._request(self.source.feed, self.parse_feed, priority=5)
        sitemap = self.source.sitemap or urljoin(self.source.url, "/robots.txt")
        yield self._request(sitemap, self.parse_sitemap)

    def _request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.on_error, **kwargs)

    # -- listings ------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Request]:
        if not self._is_html(response):
            self._fail(response.url, f"listing is not an HTML page ({self._type(response)})")
            return
        assert isinstance(response, TextResponse)
        if self.family == "auto":
            self.family = detect_family(response.text)
            self.rules = rules_for(self.family)
            self.logger.info("%s: detected family %s", self.source.key, self.family)
        if not self.source.feed and response.url.rstrip("/") == self.source.url.rstrip("/"):
            yield from self._discovered_feeds(response)
        links = self.rules.links(response.selector, response.url, self.source.url)
        articles = [u for u, kind in links.items() if kind is LinkKind.ARTICLE]
        fresh = [u for u in articles if not self._stored_before_this_run(u)]
        for url in articles:
            yield self._article_request(url)
        for url, kind in links.items():
            if kind is LinkKind.LISTING:
                yield self._request(url, self.parse_listing)
            elif kind is LinkKind.PAGINATION:
                yield from self._next_page(url, stop=bool(articles) and not fresh)

    def _next_page(self, url: str, *, stop: bool) -> Iterator[Request]:
        """Listings are newest first: a page of only stored articles ends the pagination."""
        if stop:
            self.crawler.stats.inc_value("harvester/listing/stopped_early")
            return
        key = self.rules.listing_key(url)
        if self.listing_pages[key] >= self.max_listing_pages:
            self.crawler.stats.inc_value("harvester/listing/page_limit")
            return
        self.listing_pages[key] += 1
        yield self._request(url, self.parse_listing)

    def _article_request(self, url: str, **kwargs: Any) -> Request:
        return self._request(url, self.parse_article, **kwargs)

    def _stored_before_this_run(self, url: str) -> bool:
        """Harvested (or found unharvestable) by an earlier run; this run's own do not count."""
        if self.store is None or self.full:
            return False
        since = self.store.known_since(url)
        return since is not None and since < self.started_at

    def _discovered_feeds(self, response: TextResponse) -> Iterator[Request]:
        for link in response.css("link[rel~=alternate][href]"):
            if link.attrib.get("type", "").lower() in FEED_TYPES:
                url = response.urljoin(link.attrib["href"])
                if same_site(url, self.source.url):
                    yield self._request(url, self.parse_feed, priority=5)
                    return

    # -- feeds and sitemaps --------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Request]:
        entries, malformed = read_feed(response.body, self._type(response))
        if malformed:
            self.crawler.stats.inc_value("harvester/feed/malformed")
        if not entries:
            self._fail(response.url, "feed has no readable entries")
        for entry in entries:
            url = clean_url(response.urljoin(entry.link))
            if same_site(url, self.source.url) and self.rules.classify(url) in (
                    None, LinkKind.ARTICLE):
                yield self._article_request(url, cb_kwargs={"entry": entry})

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A declared sitemap, or the Sitemap: lines of robots.txt when none is declared."""
        if response.url.endswith("/robots.txt"):
            urls = list(sitemap_urls_from_robots(response.text, base_url=response.url))
            yield from (self._request(u, self.parse_sitemap) for u in urls)
            return
        sitemap = Sitemap(response.body)
        posts_only = is_post_sitemap(response.url)
        for entry in sitemap:
            url = clean_url(entry["loc"])
            if not same_site(url, self.source.url):
                continue
            if sitemap.type == "sitemapindex":
                yield self._request(url, self.parse_sitemap)
            elif posts_only or self.rules.classify(url) is LinkKind.ARTICLE:
                yield self._article_request(url)

    # -- articles ------------------------------------------------------------------------

    def parse_article(self, response: Response,
                      entry: FeedEntry | None = None) -> Iterator[Article]:
        if not self._is_html(response):
            self.crawler.stats.inc_value("harvester/skipped/not_html")
            self.logger.info("%s: skipped, not an HTML page (%s)", response.url,
                             self._type(response))
            return
        assert isinstance(response, TextResponse)
        source = replace(self.source, family=self.family)
        try:
            raw = extract(response.text, response.url, source, fetched_at=iso(utc_now()))
        except ValueError as exc:
            self._fail(response.url, f"cannot parse the page: {exc}")
            return
        if raw.not_article:
            self.crawler.stats.inc_value("harvester/skipped/not_article")
            self.logger.info("%s: skipped, %s", response.url, raw.not_article)
            return
        if entry is not None:
            complete_from_feed(raw, entry)
        for field, reason in raw.errors.items():
            self.crawler.stats.inc_value(f"harvester/field_error/{field}")
            self.logger.warning("%s: field %r could not be read: %s", response.url, field,
                                reason)
        self.crawler.stats.inc_value("harvester/pages/article")
        yield Article.from_raw(raw)

    # -- failures ------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        message = failure.getErrorMessage()
        if failure.check(IgnoreRequest) and ROBOTS_REFUSAL in message:
            self.crawler.stats.inc_value("harvester/robots_refused")
            self.logger.info("%s: not fetched: %s", request.url, message)
            if self.store is not None:
                self.store.note_failure(request.url, message)
            return
        if isinstance(failure.value, HttpError):
            reason = f"HTTP {failure.value.response.status}"
        else:
            reason = f"{type(failure.value).__name__}: {message}"
        linked_url = request.meta.get("redirect_urls", [request.url])[0]
        self._fail(linked_url, reason)

    def _fail(self, url: str, reason: str) -> None:
        if self.store is not None:
            self.store.note_failure(url, reason)
        self.failures.append({"url": url, "reason": reason})
        self.crawler.stats.inc_value("harvester/failures")
        gone = reason in GONE
        self.logger.log(logging.WARNING if gone else logging.ERROR, "%s: %s", url, reason)

    @staticmethod
    def _type(response: Response) -> str:
        return (response.headers.get("Content-Type") or b"").decode("latin-1") or "no type"

    @staticmethod
    def _is_html(response: Response) -> bool:
        content_type = (response.headers.get("Content-Type") or b"text/html").lower()
        return isinstance(response, TextResponse) and any(t in content_type for t in HTML_TYPES)
