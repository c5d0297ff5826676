"""A hostile SPIP-like site on loopback: timeouts, huge and binary answers, redirect loops,
empty pages. The crawl goes on, names every failure, and loses nothing already stored."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from harvester.store import SQLiteStore
from tests.conftest import harvester
from tests.factories import article_record

GOOD = ("<html lang='fr'><head><meta charset='utf-8'><title>Bon article - Faux site</title>"
        "</head><body><div class='hentry'><h1 class='titre'>Bon article</h1>"
        "<p class='info-publi'>par Marc Durand - le 3 mars 2021</p><div class='texte'>"
        "<p>Un texte lisible malgré le reste du site.</p></div></div></body></html>")
LINKS = ["Bon-article", "Article-lent", "Article-enorme", "Article-binaire",
         "Article-en-boucle", "Article-vide", "Article-coupe", "Article-controle",
         "Article-parti", "Article-rafraichi", "Article-citant", "Article-image-piegee"]
REFRESH = ("<html><head><meta http-equiv='refresh' content='0; url=http://ailleurs.invalid/x'>"
           "<title>Rafraichi</title></head><body><div class='hentry'><h1 class='titre'>"
           "Article rafraichi</h1><div class='texte'><p>Un texte.</p></div></div></body></html>")


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        """Quiet."""

    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /ecrire/\n", "text/plain")
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
    server = ThreadingHTTPServer(("127.0.0.1", 0), FaultHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def crawled(fault_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    sources = tmp / "sources.toml"
    sources.write_text(f'[[source]]\nkey = "hostile"\nname = "Faux site"\n'
                       f'url = "{fault_site}/"\nfamily = "spip"\n', "utf-8")
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
    ("Article-enorme", "download max size"),
    ("Article-en-boucle", "max redirections"),
    ("Article-coupe", ""),
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
