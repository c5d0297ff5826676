"""Planned article requests go to the scheduler a batch at a time, as it runs dry: a sitemap of
thousands of URLs is held as plans, not as thousands of queued requests (the crawl's memory
would grow with the site)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, XmlResponse

from harvester.crawlstate import Plan, Why
from harvester.spiders.gate import FeedGate
from harvester.spiders.site import REQUEST_BATCH, SiteSpider
from harvester.store import SQLiteStore
from tests.conftest import FAST_CRAWL, RTES, harvester
from tests.loopback import SiteHandler, serve

ARTICLES = 2 * REQUEST_BATCH + 7


def sitemap(base: str, count: int) -> bytes:
    urls = "".join(f"<url><loc>{base}spip.php?article{n}</loc></url>" for n in range(count))
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">{urls}</urlset>').encode()


def plans(*urls: str) -> list[tuple[str, Plan]]:
    return [(url, Plan(Why.NEW, {})) for url in urls]


def test_plans_wait_for_the_feed_and_leave_a_batch_at_a_time():
    planned: list[str] = []

    def later(*urls: str):
        return lambda: planned.extend(urls) or plans(*urls)

    gate = FeedGate(lambda url, plan: Request(f"https://x.fr/{url}"), batch=2)
    gate.wait_for("feed")
    gate.passing(later("a", "b", "c"))
    assert planned == []  # planned only once the feed is read
    released = gate.arrived("feed", later("f"))
    assert [r.url for r in released] == ["https://x.fr/f", "https://x.fr/a"]
    assert planned == ["f", "a", "b", "c"]
    assert [r.url for r in gate.take()] == ["https://x.fr/b", "https://x.fr/c"]
    assert gate.take() == []
    gate.passing(later("d"))
    assert planned[-1] == "d"  # planned at once, requested when the scheduler asks
    assert [r.url for r in gate.take()] == ["https://x.fr/d"]


def test_a_large_sitemap_is_requested_as_the_scheduler_runs_dry(rtes_spider: SiteSpider,
                                                                monkeypatch: pytest.MonkeyPatch):
    crawled: list[Request] = []
    monkeypatch.setattr(rtes_spider.crawler, "_engine", SimpleNamespace(crawl=crawled.append))
    response = XmlResponse(f"{RTES}sitemap.xml", body=sitemap(RTES, ARTICLES))
    assert list(rtes_spider.feeds.parse_sitemap(response)) == []
    scheduler_empty = rtes_spider.crawler.signals.send_catch_log
    scheduler_empty(signals.scheduler_empty)
    assert len(crawled) == REQUEST_BATCH
    with pytest.raises(DontCloseSpider):  # idle, with plans left: they go, the spider stays
        rtes_spider.release_held()
    assert len(crawled) == 2 * REQUEST_BATCH
    scheduler_empty(signals.scheduler_empty)
    rtes_spider.release_held()  # nothing left: the spider may close
    urls = [r.url for r in crawled]
    assert sorted(urls) == sorted(f"{RTES}spip.php?article{n}" for n in range(ARTICLES))


def test_listing_pages_leave_the_planned_requests_to_the_scheduler(
        rtes_spider: SiteSpider, monkeypatch: pytest.MonkeyPatch):
    """Each listing page used to hand a batch of the sitemap's plans to the scheduler, which
    ended up holding a request for every article of the site."""
    crawled: list[Request] = []
    monkeypatch.setattr(rtes_spider.crawler, "_engine", SimpleNamespace(crawl=crawled.append))
    list(rtes_spider.feeds.parse_sitemap(
        XmlResponse(f"{RTES}sitemap.xml", body=sitemap(RTES, ARTICLES))))
    requests = []
    for page in range(3):
        links = "".join(f'<li><a href="spip.php?article{1000 + 10 * page + n}">Article</a></li>'
                        for n in range(10))
        body = (f'<html><body><div class="liste"><ul>{links}</ul></div><a href="spip.php?'
                f'rubrique{page + 2}">Rubrique</a></body></html>').encode()
        url = f"{RTES}spip.php?rubrique{page + 1}"
        requests += list(rtes_spider.parse_listing(
            HtmlResponse(url, body=body, request=Request(url, meta={"listing_depth": 1}))))
    assert [r.url for r in requests] == [f"{RTES}spip.php?rubrique{n}" for n in (2, 3, 4)]
    rtes_spider.crawler.signals.send_catch_log(signals.scheduler_empty)
    assert len(crawled) == REQUEST_BATCH


class SitemapOnlySite(SiteHandler):
    """Articles reachable from the sitemap alone."""

    def do_GET(self):
        base = f"http://{self.headers['Host']}/"
        if self.path == "/robots.txt":
            self.send(200, f"User-agent: *\nSitemap: {base}sitemap.xml\n".encode(), "text/plain")
        elif self.path == "/sitemap.xml":
            self.send(200, sitemap(base, ARTICLES), "application/xml")
        elif self.path == "/":
            self.send(200, b"<html><body><h1>Accueil</h1></body></html>")
        elif self.path.startswith("/spip.php?article"):
            number = self.path.rsplit("article", 1)[1]
            self.send(200, (f"<html lang='fr'><head><meta charset='utf-8'><title>Article "
                            f"{number}</title></head><body><div class='hentry'><h1 class='titre'"
                            f">Article {number}</h1><p class='info-publi'>le 3 mars 2021</p>"
                            f"<div class='texte'><p>Texte de l'article {number}.</p></div></div>"
                            "</body></html>").encode())
        else:
            self.send(404, b"<h1>404</h1>")


def test_every_article_of_a_sitemap_larger_than_a_batch_is_stored(tmp_path):
    sources, db = tmp_path / "sources.toml", tmp_path / "store.sqlite"
    with serve(SitemapOnlySite) as origin:
        sources.write_text(f'[[source]]\nkey = "plan"\nname = "Plan"\nurl = "{origin}/"\n'
                           'family = "spip"\n', "utf-8")
        result = harvester("crawl", "--sources", str(sources), "--db", str(db), *FAST_CRAWL)
    assert result.returncode == 0, result.stderr[-2000:]
    assert SQLiteStore(db).count() == ARTICLES
