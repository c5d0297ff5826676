"""A listing page's tree is freed as soon as the spider is done with it, by reference counting
alone: the crawl spares the cyclic collector, so a cycle would keep every listing read."""

from __future__ import annotations

import gc
import weakref

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from harvester.spiders.site import SiteSpider
from tests.conftest import RTES

SITE = RTES
LISTING = (
    '<html><head><link rel="alternate" type="application/rss+xml" href="/spip.php?page=backend">'
    "</head><body><ul>"
    + "".join(f'<li><a href="spip.php?article{n}">Article {n}</a></li>' for n in range(40))
    + '</ul><p class="pagination"><a href="spip.php?rubrique2&amp;debut_articles=10">2</a></p>'
    "</body></html>"
)


@pytest.mark.parametrize("home", [True, False])
def test_a_listing_response_dies_with_its_last_reference(rtes_spider: SiteSpider, home: bool):
    response = HtmlResponse(f"{SITE}spip.php?rubrique2", body=LISTING.encode(),
                            encoding="utf-8", request=Request(SITE, meta={"home": home}))
    alive = weakref.ref(response)
    gc.disable()
    try:
        followed = [request.url for request in rtes_spider.parse_listing(response)]
        del response
        assert alive() is None
    finally:
        gc.enable()
    assert f"{SITE}spip.php?article39" in rtes_spider.crawl_state.planned
    assert f"{SITE}spip.php?rubrique2&debut_articles=10" in followed
