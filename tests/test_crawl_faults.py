"""A hostile SPIP-like site on loopback: timeouts and drips, huge, compressed-bomb and binary
answers, redirect loops and redirects to local files or cloud metadata, empty and absurdly
nested pages, a feed with external entities, a sitemap index that includes itself. The crawl
goes on, names every failure, reads no local file, and loses nothing already stored."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from functools import cache

import pytest

from harvester.store import SQLiteStore
from tests.conftest import harvester
from tests.factories import article_record
from tests.loopback import SiteHandler, serve

GOOD = ("<html lang='fr'><head><meta charset='utf-8'><title>Bon article - Faux site</title>"
        "</head><body><div class='hentry'><h1 class='titre'>Bon article</h1>"
        "<p class='info-publi'>par Marc Durand - le 3 mars 2021</p><div class='texte'>"
        "<p>Un texte lisible malgré le reste du site.</p></div></div></body></html>")
LINKS = ["Bon-article", "Article-lent", "Article-enorme", "Article-binaire",
         "Article-en-boucle", "Article-vide", "Article-coupe", "Article-controle",
         "Article-parti", "Article-rafraichi", "Article-citant", "Article-image-piegee",
         "Article-gzip", "Article-deflate", "Article-goutte", "Article-fichier",
         "Article-metadonnees", "Article-gigogne", "Article-melange"]
REFRESH = ("<html><head><meta http-equiv='refresh' content='0; url=http://ailleurs.invalid/x'>"
           "<title>Rafraichi</title></head><body><div class='hentry'><h1 class='titre'>"
           "Article rafraichi</h1><div class='texte'><p>Un texte.</p></div></div></body></html>")


FEED = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">
<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>Faux site &lol9;</title><link>{base}/</link>
<description>&secret;</description><item><title>Article du flux &secret;</title>
<link>{base}/Article-du-flux</link><description>&secret; &lol9;</description>
<pubDate>Wed, 03 Mar 2021 10:00:00 +0100</pubDate></item></channel></rss>"""
SITEMAP_INDEX = ("<?xml version='1.0' encoding='UTF-8'?><sitemapindex "
                 "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                 "<sitemap><loc>{base}/sitemap.xml</loc></sitemap>"
                 "<sitemap><loc>{base}/sitemap-articles.xml</loc></sitemap></sitemapindex>")
SITEMAP = ("<?xml version='1.0' encoding='UTF-8'?><urlset "
           "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
           "<url><loc>{base}/Article-du-plan</loc></url></urlset>")


@cache
def bomb(wbits: int) -> bytes:
    """64 MB of zeros, compressed to about 64 KB (gzip: wbits 31, deflate: 15)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = b"\0" * (1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(64)) + packer.flush()


class FaultHandler(SiteHandler):
    def do_GET(self):
        path = self.path
        base = f"http://{self.headers['Host']}"
        if path == "/robots.txt":
            self.send(200, f"User-agent: *\nDisallow: /ecrire/\nSitemap: {base}/sitemap.xml\n"
                      .encode(), "text/plain")
        elif path == "/spip.php?page=backend":
            self.send(200, FEED.format(base=base).encode(), "application/rss+xml")
        elif path == "/sitemap.xml":
            self.send(200, SITEMAP_INDEX.format(base=base).encode(), "application/xml")
        elif path == "/sitemap-articles.xml":
            self.send(200, SITEMAP.format(base=base).encode(), "application/xml")
        elif path in ("/Article-du-flux", "/Article-du-plan"):
            title = "Article du flux" if "flux" in path else "Article du plan"
            self.send(200, GOOD.replace("Bon article", title).encode())
        elif path in ("/Article-gzip", "/Article-deflate"):
            coding = path.rpartition("-")[2]
            self.send(200, bomb(31 if coding == "gzip" else 15),
                      headers=[("Content-Encoding", coding)])
        elif path == "/Article-goutte":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for byte in GOOD.encode()[:100]:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        elif path == "/Article-fichier":
            self.send(302, headers=[("Location", "file:///etc/passwd")])
        elif path == "/Article-metadonnees":
            self.send(302, headers=[("Location", "http://169.254.169.254/latest/meta-data/")])
        elif path == "/Article-melange":
            old_paragraph = "<p>« Nous réparons » les vélos de l’été.</p>".encode("cp1252")
            self.send(200, GOOD.replace("Bon article", "Article mélangé").encode().replace(
                b"</p></div>", b"</p>" + old_paragraph + b"</div>"))
        elif path == "/Article-gigogne":
            nested = "<div>" * 100_000 + "<p>Au fond.</p>" + "</div>" * 100_000
            self.send(200, GOOD.replace("Bon article", "Article gigogne").replace(
                "<p>Un texte", nested + "<p>Un texte").encode())
        elif path == "/":
            links = "".join(f"<li><a href='{name}'>{name}</a></li>" for name in LINKS)
            self.send(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        elif path == "/Bon-article":
            self.send(200, GOOD.encode())
        elif path == "/Article-lent":
            time.sleep(5)
            self.send(200, GOOD.encode())
        elif path == "/Article-enorme":
            self.send(200, b"<html><body><p>" + b"x" * 3_000_000 + b"</p></body></html>")
        elif path == "/Article-binaire":
            self.send(200, bytes(range(256)) * 100, "application/octet-stream")
        elif path.startswith("/Article-en-boucle"):
            hop = int(path.partition("?hop=")[2] or 0) + 1
            self.send(302, headers=[("Location", f"/Article-en-boucle?hop={hop}")])
        elif path == "/Article-vide":
            self.send(200, b"")
        elif path == "/Article-coupe":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><body><h1>Coup")
            self.wfile.flush()
            self.connection.close()
        elif path == "/Article-parti":
            self.send(301, headers=[("Location", "http://ailleurs.invalid/article")])
        elif path == "/Article-rafraichi":
            self.send(200, REFRESH.encode())
        elif path == "/Article-citant":
            self.send(200, GOOD.replace("Bon article", "Article citant").replace(
                "</p></div>", "<meta http-equiv='refresh' content='1; url=/Bon-article'></p>"
                "</div>").encode())
        elif path == "/Article-image-piegee":
            self.send(200, GOOD.replace("Bon article", "Article image").replace(
                "</p></div>", "<img src='javascript:alert(1)'></p></div>").encode())
        elif path == "/Article-controle":
            self.send(200, GOOD.replace("Bon article", "Article\x00 \x0bcontr\x1aole").encode())
        else:
            self.send(404, b"<h1>404</h1>")


@pytest.fixture(scope="module")
def fault_site() -> Iterator[str]:
    with serve(FaultHandler) as origin:
        yield origin


@pytest.fixture(scope="module")
def crawled(fault_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    sources = tmp / "sources.toml"
    sources.write_text(f'[[source]]\nkey = "hostile"\nname = "Faux site"\n'
                       f'url = "{fault_site}/"\nfamily = "spip"\n'
                       f'feed = "{fault_site}/spip.php?page=backend"\n', "utf-8")
    db = tmp / "store.sqlite"
    store = SQLiteStore(db)
    kept = article_record("https://www.rtes.fr/Deja-la", title="Déjà stocké")
    store.save(kept)
    store.close()
    result = harvester("crawl", "--sources", str(sources), "--db", str(db),
                       "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
                       "--set", "RETRY_TIMES=0", "--set", "DOWNLOAD_TIMEOUT=2",
                       "--set", "DOWNLOAD_MAXSIZE=1000000", "--set", "REDIRECT_MAX_TIMES=3")
    store = SQLiteStore(db)
    records = {r["title"]: r for r in store.articles()}
    store.close()
    return result, records, kept


def test_the_crawl_finishes_and_keeps_what_it_could_read(crawled):
    result, records, _ = crawled
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Bon article" in records
    assert records["Bon article"]["authors"] == [{"name": "Marc Durand", "url": None}]


def test_nothing_already_stored_is_lost(crawled):
    _, records, kept = crawled
    assert records["Déjà stocké"] == kept


def test_control_characters_never_reach_the_store(crawled):
    _, records, _ = crawled
    assert "Article contrôle".replace("ô", "o") in records


@pytest.mark.parametrize(("page", "reason"), [
    ("Article-lent", "TimeoutError"),
    ("Article-enorme", "larger than DOWNLOAD_MAXSIZE (1000000 bytes)"),
    ("Article-en-boucle", "max redirections"),
    ("Article-coupe", ""),
    ("Article-gzip", "larger than DOWNLOAD_MAXSIZE (1000000 bytes) once decompressed"),
    ("Article-deflate", "larger than DOWNLOAD_MAXSIZE (1000000 bytes) once decompressed"),
    ("Article-goutte", "TimeoutError"),
    ("Article-fichier", "redirects off the site to file:///etc/passwd"),
    ("Article-metadonnees", "redirects off the site to http://169.254.169.254/"),
])
def test_every_failure_is_named_with_its_url(crawled, page, reason):
    result, _, _ = crawled
    lines = [line for line in result.stdout.splitlines() if f"/{page}: " in line]
    assert lines, result.stdout
    assert reason.lower() in lines[0].lower()


def test_non_html_and_empty_answers_are_skipped_or_dropped(crawled):
    result, records, _ = crawled
    assert not any("binaire" in title.lower() for title in records)
    assert "/Article-vide: no title" in result.stdout


def test_a_redirect_off_the_site_is_a_reported_failure(crawled):
    result, _, _ = crawled
    assert "/Article-parti: redirects off the site to http://ailleurs.invalid/article" in (
        result.stdout)


def test_meta_refresh_is_not_followed_on_article_pages(crawled):
    _, records, _ = crawled
    assert {"Article rafraichi", "Article citant"} <= set(records)


def test_a_bad_image_is_dropped_and_its_article_kept(crawled):
    _, records, _ = crawled
    assert records["Article image"]["images"] == []


def test_no_local_file_or_entity_expansion_reaches_the_store(crawled):
    _, records, _ = crawled
    assert {"Article du flux", "Article du plan"} <= set(records)
    stored = repr(records)
    assert "root:" not in stored
    assert "lollol" not in stored


def test_a_page_nested_a_hundred_thousand_deep_is_read_or_named(crawled):
    result, records, _ = crawled
    assert "Article gigogne" in records or "/Article-gigogne: " in result.stdout


def test_legacy_windows_1252_bytes_in_a_utf8_page_are_read_as_such(crawled):
    _, records, _ = crawled
    text = records["Article mélangé"]["content_text"]
    assert "« Nous réparons » les vélos de l’été." in text
    assert "\ufffd" not in text
