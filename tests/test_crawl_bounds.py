"""A site that never ends: an endless chain of rubriques, a sitemap of 20,000 URLs and a feed
of 3,000 items (100,000 and 10,000 take a few seconds more to parse; the suite keeps to
these). The run ends within its bounds, reports each bound hit, stores the healthy articles,
and the next run goes on with what the bounds left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache

import pytest

from harvester.store import SQLiteStore
from tests.conftest import FAST_CRAWL, harvester, report_rows
from tests.loopback import SiteHandler, serve

START = datetime(2026, 11, 1, tzinfo=UTC)
SITEMAP_URLS, FEED_ITEMS = 20_000, 3_000
ARTICLE = ("<html lang='fr'><head><meta charset='utf-8'><title>{name}</title></head><body>"
           "<div class='hentry'><h1 class='titre'>{name}</h1><p class='info-publi'>le 3 mars "
           "2021</p><div class='texte'><p>Texte de {name}, assez long pour un article.</p>"
           "</div></div></body></html>")
BOUNDS = ("--set", "HARVESTER_MAX_LISTING_DEPTH=3", "--set", "HARVESTER_MAX_SITEMAP_URLS=40",
          "--set", "HARVESTER_MAX_FEED_ITEMS=30", "--set", "HARVESTER_MAX_REQUESTS=2000")


@cache
def sitemap() -> bytes:
    urls = "".join(f"<url><loc>{{base}}/Article-s{n}</loc><lastmod>"
                   f"{(START - timedelta(minutes=n)).isoformat()}</lastmod></url>"
                   for n in range(SITEMAP_URLS))
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">{urls}</urlset>').encode()


@cache
def feed() -> bytes:
    items = "".join(f"<item><title>Article f{n}</title><link>{{base}}/Article-f{n}</link>"
                    f"<pubDate>{format_datetime(START - timedelta(hours=n))}</pubDate></item>"
                    for n in range(FEED_ITEMS))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Sans '
            f'fin</title><link>{{base}}/</link><description>x</description>{items}</channel>'
            f'</rss>').encode()


class EndlessSite(SiteHandler):
    def do_GET(self):
        base = f"http://{self.headers['Host']}"
        path = self.path
        if path == "/robots.txt":
            self.send(200, f"User-agent: *\nDisallow:\nSitemap: {base}/sitemap.xml\n".encode(),
                      "text/plain")
        elif path == "/sitemap.xml":
            self.send(200, sitemap().replace(b"{base}", base.encode()), "application/xml")
        elif path == "/feed.xml":
            self.send(200, feed().replace(b"{base}", base.encode()), "application/rss+xml")
        elif path == "/" or path.startswith("/-Rub-"):
            level = int(path.strip("/-").split("-")[-1]) if path != "/" else 0
            self.send(200, (f"<html><head><link rel='alternate' type='application/rss+xml' "
                       f"href='/feed.xml'></head><body><a href='/-Rub-{level + 1}-'>Suite</a>"
                       f"<a href='/Article-r{level}'>Article</a></body></html>").encode())
        elif path.startswith("/Article-"):
            self.send(200, ARTICLE.format(name=path[1:]).encode())
        else:
            self.send(404, b"<h1>404</h1>")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple:
    tmp = tmp_path_factory.mktemp("endless")
    sources = tmp / "sources.toml"
    db = tmp / "store.sqlite"
    with serve(EndlessSite) as origin:
        sources.write_text(f'[[source]]\nkey = "sans-fin"\nname = "Sans fin"\n'
                           f'url = "{origin}/"\nfamily = "spip"\n', "utf-8")
        results = [harvester("crawl", "--sources", str(sources), "--db", str(db), *FAST_CRAWL,
                             *BOUNDS) for _ in range(2)]
    store = SQLiteStore(db)
    titles = [r["title"] for r in store.articles()]
    store.close()
    return results, titles


def test_the_run_ends_within_its_bounds_and_says_which_were_hit(runs):
    (first, _), _ = runs
    assert first.returncode == 0, first.stdout + first.stderr[-2000:]
    assert report_rows(first.stdout)["sans-fin"]["status"] == "ok"
    assert "bound: listings deeper than 3 links from the home page not followed" in first.stdout
    assert (f"/sitemap.xml: {SITEMAP_URLS - 40} more URLs left for later runs, the newest 40 "
            "taken") in first.stdout
    assert f"/feed.xml: {FEED_ITEMS - 30} more URLs left for later runs, the newest 30 taken" in (
        first.stdout)


def test_the_healthy_articles_are_stored_newest_first(runs):
    _, titles = runs
    assert {f"Article-s{n}" for n in range(40)} <= set(titles)
    assert {f"Article-f{n}" for n in range(30)} <= set(titles)
    assert {f"Article-r{n}" for n in range(4)} <= set(titles)
    assert "Article-r4" not in titles


def test_the_next_run_takes_the_next_newest(runs):
    (_, second), titles = runs
    assert int(report_rows(second.stdout)["sans-fin"]["new"]) == 70
    assert {f"Article-s{n}" for n in range(40, 80)} <= set(titles)
    assert {f"Article-f{n}" for n in range(30, 60)} <= set(titles)
