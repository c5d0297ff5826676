"""A listing page's tree is freed as soon as the spider is done with it, by reference counting
alone: the crawl spares the cyclic collector, so a cycle would keep every listing read."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from harvester import settings
from harvester.registry import Source
from harvester.spiders.site import SiteSpider

SITE = "https://www.rtes.fr/"
LISTING = (
    '<html><head><link rel="alternate" type="application/rss+xml" href="/spip.php?page=backend">'
    "</head><body><ul>"
    + "".join(f'<li><a href="spip.php?article{n}">Article {n}</a></li>' for n in range(40))
    + '</ul><p class="pagination"><a href="spip.php?rubrique2&amp;debut_articles=10">2</a></p>'
    "</body></html>"
)


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[SiteSpider]:
    source = Source(key="rtes", name="RTES", url=SITE, family="spip")
    project = {name: value for name, value in vars(settings).items() if name.isupper()}
    crawler = get_crawler(type("RtesSpider", (SiteSpider,), {"name": "rtes", "source": source}),
                          {**project, "HARVESTER_DB": str(tmp_path / "store.sqlite")})
    crawler.spider = spider = crawler._create_spider()
    spider.open_state()
    yield spider
    spider.close_state("finished")


@pytest.mark.parametrize("home", [True, False])
def test_a_listing_response_dies_with_its_last_reference(spider: SiteSpider, home: bool):
    response = HtmlResponse(f"{SITE}spip.php?rubrique2", body=LISTING.encode(),
                            encoding="utf-8", request=Request(SITE, meta={"home": home}))
    alive = weakref.ref(response)
    gc.disable()
    try:
        followed = [request.url for request in spider.parse_listing(response)]
        del response
        assert alive() is None
    finally:
        gc.enable()
    assert f"{SITE}spip.php?article39" in followed
    assert f"{SITE}spip.php?rubrique2&debut_articles=10" in followed
