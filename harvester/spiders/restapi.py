"""Reading a WordPress site through its REST API: fifty posts a request, with their
authors, terms and featured image, instead of one page each.

The API's pages, most recently modified first, are a listing like the HTML ones
(``ListingProgress``): a killed run resumes where it stopped, and once the listing has been
read to its end a page of posts modified no later than stored ends the reading. Each post is
rendered into the page the WordPress extractor reads (``harvester.extract.wprest``). A site
whose API is closed (a security plugin, an error page) is read from its HTML pages instead.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from harvester.crawlstate.state import Why
from harvester.extract.wprest import API_LINK_REL, RestError, post_page, posts_url, read_posts
from harvester.model import Article
from harvester.timestamps import iso, parse_w3c, utc_now
from harvester.urls import clean_url, same_site
from harvester.workers import PageJob, add_times

if TYPE_CHECKING:
    from harvester.spiders.site import SiteSpider

PAGE_PARAM = re.compile(r"&page=(\d+)")
TOTAL_PAGES = "X-WP-TotalPages"


def rest_root(page: Selector, page_url: str, site_url: str) -> str | None:
    """The API root a WordPress page names in its head (``<link rel="https://api.w.org/">``)."""
    href = (page.css(f'link[rel="{API_LINK_REL}"]::attr(href)').get() or "").strip()
    root = urljoin(page_url, href) if href else None
    return root if root and same_site(root, site_url) else None


def is_rest_url(url: str) -> bool:
    return "wp/v2/posts" in url


def listing_key(url: str) -> str:
    """The posts listing a page of the API belongs to (its URL without ``page=``)."""
    return PAGE_PARAM.sub("", url)


class RestApiReader:
    """What a source's spider reads of the WordPress REST API."""

    def __init__(self, spider: SiteSpider) -> None:
        self.spider = spider
        self.pending = 0
        self.items: dict[int, tuple[str, bytes]] = {}
        """The post each article read from the API came from: its URL and JSON, by article."""

    def read(self, api_root: str) -> Iterator[Request]:
        """Start reading the posts from the API (the article requests wait for it)."""
        per_page = self.spider.settings.getint("HARVESTER_WP_REST_PER_PAGE")
        yield from self.requests([posts_url(api_root, 1, per_page)])

    def requests(self, urls: list[str]) -> Iterator[Request]:
        """Pages of the posts; the article requests wait until every one is read."""
        for url in urls:
            self.spider.gate.wait_for("rest")
            self.pending += 1
            yield self.spider._request(url, self.parse, priority=5, meta={
                "rest": True, "dont_redirect": True,
                # a page of posts with their embedded terms and authors is megabytes
                "download_warnsize": self.spider.settings.getint("DOWNLOAD_MAXSIZE")})

    async def parse(self, response: Response) -> AsyncIterator[Article | Request]:
        self.pending -= 1
        try:
            posts = read_posts(response.body)
        except RestError as exc:
            for request in self.unusable(response.url, str(exc)):
                yield request
            return
        state = self.spider.crawl_state
        found = self.own_posts(posts)
        self.spider.discovered.update(found)
        changed = []
        for url, post in found.items():
            modified = post.get("modified_gmt")
            plan = state.plan(url, parse_w3c(f"{modified}Z") if modified else None)
            if plan is not None and plan.why is Why.REVALIDATE:
                state.not_modified(url)  # its modification time says it has not changed
            elif plan is not None:
                self.spider.crawler.stats.inc_value(f"harvester/fetch/{plan.why}")
                changed.append(url)
        state.discovered(list(found))
        for article in await asyncio.gather(*(self.post(u, found[u]) for u in changed)):
            if article is not None:
                yield article
        for request in self.next_pages(response, only_known=not changed):
            yield request
        if not self.pending:
            for request in self.spider.gate.arrived("rest"):
                yield request

    def own_posts(self, posts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The posts by their permalink, on the source's site (a malformed link is no post)."""
        found: dict[str, dict[str, Any]] = {}
        for post in posts:
            try:
                url = clean_url(post["link"])
            except ValueError:
                continue
            if same_site(url, self.spider.source.url):
                found.setdefault(url, post)
        return found

    async def post(self, url: str, post: dict[str, Any]) -> Article | None:
        spider = self.spider
        outcome = await spider.pages.harvest(PageJob(
            post_page(post), url, replace(spider.source, family="wordpress"), iso(utc_now()),
            budget=spider.page_budget))
        add_times(spider.crawler.stats, outcome.times)
        if outcome.failure or outcome.not_article:
            spider._fail(url, outcome.failure or f"not an article: {outcome.not_article}")
            return None
        article = outcome.article(url)
        self.items[id(article)] = (url, json.dumps(post, sort_keys=True).encode())
        return article

    def next_pages(self, response: Response, *, only_known: bool) -> Iterator[Request]:
        """The next page of the posts, unless this one was the last or ends the reading."""
        page = int(match.group(1)) if (match := PAGE_PARAM.search(response.url)) else 1
        try:
            total = int(response.headers.get(TOTAL_PAGES) or b"1")
        except ValueError:
            total = 1
        following = [PAGE_PARAM.sub(f"&page={page + 1}", response.url)] if page < total else []
        urls = self.spider.crawl_state.listings.page_read(
            listing_key(response.url), response.url, following, only_known_articles=only_known)
        yield from self.requests(urls)

    def unusable(self, url: str, reason: str) -> Iterator[Request]:
        """The API cannot be read: the HTML pages are, from the home page again."""
        spider = self.spider
        spider.logger.info("%s: REST API not usable (%s); reading the HTML pages", url, reason)
        spider.crawler.stats.inc_value("harvester/rest/unusable")
        self.pending = 0
        spider.gate.wait_for("home")
        yield from spider.gate.arrived("rest")
        yield spider._request(spider.source.url, spider.parse_listing, priority=10,
                              dont_filter=True, meta={"home": True, "rest": False})
