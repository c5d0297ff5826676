"""What became of each article item after the spider yielded it: stored (its page is then
fetched for good in the crawl state), dropped or failed in a pipeline (a failure of its page),
and the fields it had, for the source's health."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.http import Response
from twisted.python.failure import Failure

from harvester.health import FIELDS as HEALTH_FIELDS
from harvester.model import Article
from harvester.spiders.responses import validators

if TYPE_CHECKING:
    from harvester.spiders.site import SiteSpider


class ItemOutcomes:
    """The item signals of one source's spider."""

    def __init__(self, spider: SiteSpider) -> None:
        self.spider = spider

    def stored(self, item: Any, response: Response) -> None:
        if isinstance(item, Article) and response is not None:
            self.count_fields(item.title, item.published, item.authors, item.content_text)
            self.spider.crawl_state.fetched(*self.page_of(item, response), "article")

    def dropped(self, item: Any, response: Response, exception: Exception) -> None:
        if isinstance(item, Article):
            self.count_fields(item.title, item.published, item.authors, item.content_text)
        if response is not None:
            self.spider._fail(self.page_of(item, response)[0], str(exception).split(": ", 1)[-1])

    def failed(self, item: Any, response: Response, failure: Failure) -> None:
        if response is not None:
            self.spider._fail(self.page_of(item, response)[0],
                              f"not stored: {failure.getErrorMessage()}")

    def page_of(self, item: Any, response: Response) -> tuple[str, dict[str, str], bytes]:
        """The page an article came from: its URL, validators and body (for a post read
        from the REST API, its JSON)."""
        if (post := self.spider.rest.items.pop(id(item), None)) is not None:
            return post[0], {}, post[1]
        return (response.meta.get("page_url", response.url), validators(response),
                response.body)

    def count_fields(self, *present: Any) -> None:
        """Which fields the articles of this run have, compared with the source's history."""
        self.spider.crawler.stats.inc_value("harvester/health/pages")
        for name, value in zip(HEALTH_FIELDS, present, strict=True):
            self.spider.crawler.stats.inc_value(f"harvester/health/{name}", int(bool(value)))
