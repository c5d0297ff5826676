"""The spider of one registry source: discovers article pages and yields Articles.

What to fetch, how, and what failed is asked of the source's ``CrawlState``; article requests
pass through a ``FeedGate``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from harvester.crawlstate import CrawlPolicy, CrawlState, Plan
from harvester.extract import detect_family
from harvester.model import Article
from harvester.registry import Source
from harvester.report import SourceOutcome
from harvester.spiders.bounds import CrawlBounds
from harvester.spiders.feeds import FeedReader
from harvester.spiders.gate import FeedGate
from harvester.spiders.items import ItemOutcomes
from harvester.spiders.links import LinkKind, LinkRules, rules_for
from harvester.spiders.redirects import OffsiteRedirect
from harvester.spiders.responses import (
    content_type,
    failure_reason,
    is_html,
    page_text,
    parsed,
    validators,
)
from harvester.spiders.restapi import RestApiReader, is_rest_url, rest_root
from harvester.spiders.urlshapes import UrlShapes
from harvester.store import ArticleStore, db_path, release_store, shared_store
from harvester.timestamps import iso, utc_now
from harvester.workerpool import PagePool, shared_pool
from harvester.workers import PageJob, PageOutcome, add_times

ROBOTS_REFUSAL = "robots.txt"
BOUND_SETTINGS = {"feed": "HARVESTER_MAX_FEED_ITEMS", "sitemap": "HARVESTER_MAX_SITEMAP_URLS"}
GONE_STATUSES = (404, 410)
"""A linked page that no longer exists: reported, but the site is not broken."""
REQUEST_BATCH = 64
"""Planned article requests handed to the scheduler at a time, as it runs dry."""


class SiteSpider(Spider):
    """Crawls one source: home page, listings and their pagination, feed and sitemap."""

    source: ClassVar[Source]
    policy: CrawlPolicy
    bounds: CrawlBounds
    pages: PagePool
    page_budget: float

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = self.source.family
        self.rules: LinkRules = rules_for(self.family)
        self.store: ArticleStore | None = None
        self.state: CrawlState | None = None
        self.failures: list[dict[str, Any]] = []
        self.gate = FeedGate(self._article_request, batch=REQUEST_BATCH)
        self.home_read = False
        self.discovered: set[str] = set()
        self.listings_seen: set[str] = set()
        self.candidate_depth: dict[str, int] = {}
        """How deep in the listings each link of a site of no known family was found."""
        self.shapes = UrlShapes()
        """The URL shapes of its pages judged articles or not."""
        self.outcome = SourceOutcome()
        self.rest = RestApiReader(self)
        self.items = ItemOutcomes(self)
        self.feeds = FeedReader(self)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider: SiteSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.policy = CrawlPolicy.from_settings(crawler.settings)
        spider.bounds = CrawlBounds.from_settings(crawler.settings)
        for handler, signal in ((spider.open_state, signals.spider_opened),
                                (spider.close_state, signals.spider_closed),
                                (spider.release_held, signals.spider_idle),
                                (spider.top_up, signals.scheduler_empty),
                                (spider.items.stored, signals.item_scraped),
                                (spider.items.dropped, signals.item_dropped),
                                (spider.items.failed, signals.item_error)):
            crawler.signals.connect(handler, signal=signal)
        return spider

    def release_held(self) -> None:
        """Never let held requests die with the spider, whatever became of the feed."""
        if self._crawl(self.gate.release()):
            raise DontCloseSpider

    def top_up(self) -> None:
        """The scheduler is empty: the next batch of planned article requests."""
        self._crawl(self.gate.take())

    def _crawl(self, requests: list[Request]) -> bool:
        for request in requests:
            self.crawler.engine.crawl(request)
        return bool(requests)

    @property
    def crawl_state(self) -> CrawlState:
        assert self.state is not None, "the spider is not open"
        return self.state

    def open_state(self) -> None:
        settings = self.crawler.settings
        self.pages = shared_pool(settings.getint("HARVESTER_WORKERS"))
        self.page_budget = settings.getfloat("HARVESTER_PAGE_BUDGET")
        self.store = shared_store(db_path(settings.get("HARVESTER_DB")),
                                  settings.getfloat("HARVESTER_COMMIT_INTERVAL"))
        self.state = CrawlState(self.store, self.source.key, self.policy, site=self.source.url)

    def close_state(self, reason: str) -> None:
        state = self.crawl_state
        notes = state.listings.finish(state.started, complete_run=reason == "finished")
        if not self.discovered and reason == "finished" and self.home_read:
            notes.append("no article found on the site; check its family, feed or sitemap")
        self.outcome = SourceOutcome(
            failures=self.failures + [n.as_dict() for n in state.failures()], notes=notes,
            bounds=self.bounds.lines(),
            skipped=dict(state.skip_counts()))
        if self.store is not None:
            release_store(self.store)
            self.store = None

    async def start(self) -> AsyncIterator[Request]:
        if self.source.feed:
            self.gate.wait_for("feed")
            yield self._request(self.source.feed, self.feeds.parse_feed, priority=5,
                                dont_filter=True)
        else:
            self.gate.wait_for("home")
        yield self._request(self.source.url, self.parse_listing, priority=10,
                            meta={"home": True})
        sitemap = self.source.sitemap or urljoin(self.source.url, "/robots.txt")
        yield self._request(sitemap, self.feeds.parse_sitemap)
        for url in self.crawl_state.listings.resume():
            for request in (self.rest.requests([url]) if is_rest_url(url)
                            else self._listing_request(url, depth=1)):
                yield request
        self.gate.passing(self.crawl_state.due)

    def _request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.on_error, **kwargs)

    def _found_articles(self, found: dict[str, datetime | None], bound: str | None = None,
                        limit: int = 0) -> None:
        """Plan the found article URLs (or hold them until the feed is read); their requests
        go out as the scheduler runs dry."""
        self.discovered.update(found)
        self.gate.passing(lambda: self._plans(found, bound, limit))

    def _plans(self, found: dict[str, datetime | None], bound: str | None = None,
               limit: int = 0) -> list[tuple[str, Plan]]:
        """How to fetch the found URLs that need it; from a feed or a sitemap (``bound``
        names it), the newest ``limit`` of them. The URLs taken are remembered at once."""
        state = self.crawl_state
        if bound is None:
            plans = [(url, plan) for url, hint in found.items()
                     if (plan := state.plan(url, hint)) is not None]
        else:
            plans = self.bounds.newest(bound, found, state.plan, limit,
                                       BOUND_SETTINGS[bound.split(" ", 1)[0]])
        state.discovered([url for url in found if url in state.pages or url in state.planned])
        return plans

    def _article_request(self, url: str, plan: Plan) -> Request:
        self.crawler.stats.inc_value(f"harvester/fetch/{plan.why}")
        meta = {"page_url": url, "handle_httpstatus_list": [304]}
        first = self.family == "generic" and self.shapes.is_article_shape(url)
        return self._request(url, self.parse_article, headers=plan.headers, meta=meta,
                             priority=int(first))

    # -- listings ------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Request]:
        home = bool(response.meta.get("home"))
        if not is_html(response):
            self._fail(response.url, f"listing is not an HTML page ({content_type(response)})")
            if home:
                yield from self.gate.arrived("home")
            return
        assert isinstance(response, TextResponse)
        if self.family == "auto":
            self.family = detect_family(response.text)
            self.rules = rules_for(self.family)
            self.logger.info("%s: detected family %s", self.source.key, self.family)
        self.home_read = self.home_read or home
        page = parsed(response)
        if home and (api := self._rest_api(page, response)):
            yield from self.rest.read(api)
            yield from self.gate.arrived("home")
            return
        if home and self.gate.waiting_for("home"):
            yield from self.feeds.discovered(page, response.url)
        yield from self._follow_links(page, response, int(response.meta.get("listing_depth", 0)))

    def _rest_api(self, page: Selector, response: Response) -> str | None:
        """The REST API root of a WordPress site that names one, unless it proved unusable."""
        if (self.family != "wordpress" or response.meta.get("rest") is False
                or not self.settings.getbool("HARVESTER_WP_REST")):
            return None
        return rest_root(page, response.url, self.source.url)

    def _follow_links(self, page: Selector, response: Response, depth: int) -> Iterator[Request]:
        """The articles, listings and pagination a listing page links to."""
        links = self.rules.links(page, response.url, self.source.url)
        articles = [u for u, kind in links.items() if kind is LinkKind.ARTICLE]
        if self.family == "generic":
            for url in articles:
                self.candidate_depth.setdefault(url, depth + 1)
        self._found_articles(dict.fromkeys(articles))
        if response.meta.get("home"):
            yield from self.gate.arrived("home")
        for url, kind in links.items():
            if kind is LinkKind.LISTING:
                yield from self._listing_request(url, depth + 1)
        only_known = bool(articles) and all(self.crawl_state.is_known(u) for u in articles)
        yield from self._pagination(response.url, links, only_known, depth)

    def _listing_request(self, url: str, depth: int) -> Iterator[Request]:
        """A listing page, once per run and within the source's listing bounds."""
        if url not in self.listings_seen and self.bounds.listing(url, depth):
            self.listings_seen.add(url)
            yield self._request(url, self.parse_listing, meta={"listing_depth": depth})

    def _pagination(self, page_url: str, links: dict[str, LinkKind],
                    only_known: bool, depth: int) -> Iterator[Request]:
        """Listings are newest first: once a listing has been read to its end, a page of only
        known articles ends its pagination."""
        by_listing: dict[str, list[str]] = {}
        for url, kind in links.items():
            if kind is LinkKind.PAGINATION:
                by_listing.setdefault(self.rules.listing_key(url), []).append(url)
        own = self.rules.listing_key(page_url)
        by_listing.setdefault(own, [])
        listings = self.crawl_state.listings
        for listing, urls in by_listing.items():
            read = page_url if listing == own else None
            for url in listings.page_read(listing, read, urls, only_known_articles=only_known):
                yield from self._listing_request(url, depth)

    # -- articles ------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Article | Request]:
        state, page_url = self.crawl_state, response.meta["page_url"]
        if response.status == 304 or state.same_body(page_url, response.body):
            self.crawler.stats.inc_value("harvester/pages/not_modified" if response.status == 304
                                         else "harvester/pages/same_body")
            state.not_modified(page_url)
            return
        if not is_html(response):
            self._skip(response, page_url, f"not an HTML page ({content_type(response)})")
            return
        assert isinstance(response, TextResponse)
        entry = state.feed_entry(page_url)
        judge = self.family == "generic" and entry is None
        if judge and self.shapes.never_article(page_url):  # read for its links, not judged
            outcome = PageOutcome(not_article="its URL has the shape of pages that were not")
        else:
            outcome = await self.pages.harvest(PageJob(
                page_text(response), response.url, replace(self.source, family=self.family),
                iso(utc_now()), entry, self.page_budget, judge))
        add_times(self.crawler.stats, outcome.times)
        if outcome.failure:
            self._fail(page_url, outcome.failure)
            return
        if judge:
            self.shapes.learn(page_url, article=not outcome.not_article)
        if outcome.not_article:
            self._skip(response, page_url, outcome.not_article)
            depth = self.candidate_depth.get(page_url, 1)
            if judge and page_url not in self.listings_seen and self.bounds.listing(
                    page_url, depth):
                self.listings_seen.add(page_url)
                for request in self._follow_links(parsed(response), response, depth):
                    yield request
            return
        for name, reason in outcome.problems:
            self.crawler.stats.inc_value(f"harvester/field_error/{name}")
            self.logger.warning("%s: field %r could not be read: %s", response.url, name, reason)
        self.crawler.stats.inc_value("harvester/pages/article")
        yield outcome.article(response.url)

    def _skip(self, response: Response, page_url: str, why: str) -> None:
        self.crawler.stats.inc_value("harvester/skipped/not_article")
        self.logger.info("%s: skipped, %s", response.url, why)
        self.crawl_state.fetched(page_url, validators(response), response.body, why)

    # -- failures ------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        message = failure.getErrorMessage()
        page_url = request.meta.get("page_url")
        status = failure.value.response.status if isinstance(failure.value, HttpError) else None
        reason = f"HTTP {status}" if status else failure_reason(
            failure, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if request.meta.get("rest"):
            yield from self.rest.unusable(request.url, reason)
        elif failure.check(OffsiteRedirect):
            self._fail(page_url or request.url, message)
        elif failure.check(IgnoreRequest) and ROBOTS_REFUSAL in message:
            self.crawler.stats.inc_value("harvester/robots_refused")
            self._fail(page_url or request.url, "refused by robots.txt", gone=True)
        else:
            url = page_url or request.meta.get("redirect_urls", [request.url])[0]
            self._fail(url, reason, gone=status in GONE_STATUSES)
            if request.callback == self.parse_listing:
                self.crawl_state.listings.page_failed(self.rules.listing_key(url), url)
        if request.callback == self.feeds.parse_feed:
            yield from self.gate.arrived("feed")
        elif request.meta.get("home"):
            yield from self.gate.arrived("home")

    def _fail(self, url: str, reason: str, *, gone: bool = False) -> None:
        """A failure is logged once, at INFO: the run report lists every one of them."""
        self.crawler.stats.inc_value("harvester/failures")
        self.logger.info("%s: %s", url, reason)
        if url in self.discovered or url in self.crawl_state.pages:
            self.crawl_state.failed(url, reason, gone=gone)
            if gone and self.store is not None:
                self.store.forget_url(url)
        else:
            self.failures.append({"url": url, "reason": reason, "state": "new", "since": None,
                                  "attempts": 1, "gone": gone})
