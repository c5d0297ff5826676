"""Article pages that leave the site are reported, not silently lost.

Scrapy drops a redirect to another site quietly: the offsite filter discards the new request
when it is scheduled, and neither a callback nor an errback ever hears of the article. Seen
before the redirect middlewares, a redirect off the site becomes a failure naming its target.

Meta refresh is not followed on article pages: content management systems move an article
with an HTTP redirect, while a refresh tag in an article is a reload hint, or markup pasted
into the body, and following it loses the article or swaps it for another page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from harvester.urls import same_site

REDIRECTS = frozenset({301, 302, 303, 307, 308})


class OffsiteRedirect(IgnoreRequest):
    """An article page redirects to another site."""


class RedirectGuard:
    """Downloader middleware, placed before RedirectMiddleware and MetaRefreshMiddleware."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuard:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if "page_url" not in request.meta:
            return response
        location = response.headers.get("Location")
        if response.status in REDIRECTS and location:
            target = urljoin(response.url, location.decode("latin-1").strip())
            site: Any = getattr(self.crawler.spider, "source", None)
            if site is not None and not same_site(target, site.url):
                raise OffsiteRedirect(f"redirects off the site to {target}")
        elif response.status == 200:
            request.meta["dont_redirect"] = True
        return response
