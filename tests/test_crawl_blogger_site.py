"""A Blogger blog (the "Simple" theme), a platform many small associations use and that has no
family here, registered as auto: the blog's name in the page's only <h1>, posts at
/YYYY/MM/slug.html, an Atom feed of the latest posts whose self, edit and next links point to
www.blogger.com, a sitemap of every post, full posts on the home and archive pages, label
pages and the older-posts pager under a /search that robots.txt disallows, static pages at
/p/. Every post is harvested whole, once; no other page is. The registry names the blog
otherwise than its pages do, as an administrator may."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from html import escape
from typing import ClassVar

import pytest

from harvester.store import SQLiteStore
from tests.conftest import FAST_CRAWL, harvester, report_rows
from tests.loopback import HTML, SiteHandler, serve
from tests.sites import WORDS

POSTS = 8
IN_FEED = 5
ON_HOME = 3
BLOG = "Collectif ESS 43"
AUTHOR = "Martine Roux"
PROFILE = "https://www.blogger.com/profile/0123456789"
LABELS = ("monnaie locale", "repair café", "Scop")
FIRST_DAY = date(2024, 1, 9)


def day(n: int) -> date:
    return FIRST_DAY + timedelta(days=7 * n)


def path(n: int) -> str:
    return f"/{day(n):%Y/%m}/rendez-vous-numero-{n}.html"


def title(n: int) -> str:
    return f"Le rendez-vous numéro {n} du collectif"


def labels_of(n: int) -> list[str]:
    return [LABELS[n % 3], LABELS[(n + 1) % 3]]


def text(n: int) -> str:
    """Loose text cut by <br>, as Blogger's editor writes it; words of its own for each post
    (the same text twice would be merged as a copy)."""
    chance = random.Random(n)
    words = " ".join(chance.choice(WORDS) for _ in range(110))
    return (f"Samedi, le collectif a tenu son rendez-vous numéro {n} à la salle des fêtes."
            f"<br /><br />{words}.<br /><br /><b>Prochain rendez-vous :</b> le numéro {n + 1}."
            "<br />")


def post(n: int, origin: str, alone: bool) -> str:
    """One post as the theme shows it: alone on its page, or among others on a listing."""
    url = origin + path(n)
    heading = title(n) if alone else f"<a href='{url}'>{title(n)}</a>"
    labels = ",\n".join(f"<a href='{origin}/search/label/{escape(label)}' rel='tag'>{label}</a>"
                        for label in labels_of(n))
    share = "".join(
        f"<a class='goog-inline-block share-button sb-{target}' href='https://www.blogger.com/"
        f"share-post.g?blogID=4839201&amp;postID={n}&amp;target={target}' target='_blank' "
        f"title='{label}'><span class='share-button-link-text'>{label}</span></a>"
        for target, label in (("email", "Envoyer par e-mail"), ("blog", "BlogThis!"),
                              ("facebook", "Partager sur Facebook")))
    return (
        "<div class='post-outer'><div class='post hentry uncustomized-post-template' "
        "itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>"
        f"<meta content='4839201' itemprop='blogId'/><meta content='{n}' itemprop='postId'/>"
        f"<a name='{n}'></a><h3 class='post-title entry-title' itemprop='name'>{heading}</h3>"
        "<div class='post-header'><div class='post-header-line-1'></div></div>"
        f"<div class='post-body entry-content' id='post-body-{n}' itemprop='description "
        f"articleBody'>{text(n)}<div style='clear: both;'></div></div>"
        "<div class='post-footer'><div class='post-footer-line post-footer-line-1'>"
        "<span class='post-author vcard'>Publié par <span class='fn' itemprop='author' "
        "itemscope='itemscope' itemtype='http://schema.org/Person'><meta content='"
        f"{PROFILE}' itemprop='url'/><a class='g-profile' href='{PROFILE}' rel='author' "
        f"title='author profile'><span itemprop='name'>{AUTHOR}</span></a></span></span> "
        f"<span class='post-timestamp'>à <meta content='{url}' itemprop='url'/><a class="
        f"'timestamp-link' href='{url}' rel='bookmark' title='permanent link'><abbr class="
        f"'published' itemprop='datePublished' title='{day(n)}T18:45:00+01:00'>18:45</abbr>"
        "</a></span> <span class='post-comment-link'><a class='comment-link' href='https://"
        f"www.blogger.com/comment/fullpage/post/4839201/{n}'>Aucun commentaire:</a></span>"
        "</div><div class='post-footer-line post-footer-line-2'><div class='post-share-"
        f"buttons goog-inline-block'>{share}</div><span class='post-labels'>Libellés :\n"
        f"{labels}</span></div></div></div></div>")


def dated(numbers: list[int], origin: str, alone: bool) -> str:
    """Posts under the date headers of the days they were published on."""
    return "".join(
        f"<div class='date-outer'><h2 class='date-header'><span>{day(n):%d/%m/%Y}</span></h2>"
        f"<div class='date-posts'>{post(n, origin, alone)}</div></div>" for n in numbers)


def page(origin: str, head_title: str, main: str, canonical: str) -> bytes:
    archive = "".join(f"<li><a href='{origin}{path(n)}'>{title(n)}</a></li>"
                      for n in range(POSTS, 0, -1))
    pages = "".join(f"<li><a href='{origin}/p/{slug}.html'>{name}</a></li>"
                    for slug, name in (("qui-sommes-nous", "Qui sommes-nous ?"),
                                       ("contact", "Contact")))
    return (
        "<!DOCTYPE html><html class='v2' dir='ltr' lang='fr'><head>"
        "<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>"
        "<meta content='blogger' name='generator'/>"
        f"<link href='{origin}{canonical}' rel='canonical'/>"
        f"<link rel='alternate' type='application/atom+xml' title='{BLOG} - Atom' "
        f"href='{origin}/feeds/posts/default'/>"
        f"<link rel='alternate' type='application/rss+xml' title='{BLOG} - RSS' "
        f"href='{origin}/feeds/posts/default?alt=rss'/>"
        f"<title>{head_title}</title></head><body class='loading variant-simplysimple'>"
        "<div class='content'><header><div class='section' id='header'><div class='widget "
        "Header' id='Header1'><div id='header-inner'><div class='titlewrapper'><h1 class="
        f"'title'><a href='{origin}/'>{BLOG}</a></h1></div></div></div></div></header>"
        "<div class='main-outer'><div class='column-center-outer'><div class='main section' "
        "id='main'><div class='widget Blog' id='Blog1'><div class='blog-posts hfeed'>"
        f"{main}</div></div></div></div><div class='column-right-outer'><aside><div class="
        "'widget PageList' id='PageList1'><h2>Pages</h2><ul><li><a href='"
        f"{origin}/'>Accueil</a></li>{pages}</ul></div><div class='widget BlogArchive' "
        f"id='BlogArchive1'><h2>Archives du blog</h2><ul class='posts'>{archive}</ul></div>"
        "</aside></div></div><footer><div class='widget Attribution'>Thème Simple. Fourni par "
        "<a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div></footer></div>"
        "</body></html>").encode()


def post_page(n: int, origin: str) -> bytes:
    pager = (f"<div class='blog-pager' id='blog-pager'><span id='blog-pager-older-link'><a "
             f"class='blog-pager-older-link' href='{origin}{path(max(n - 1, 1))}'>Article plus "
             f"ancien</a></span><a class='home-link' href='{origin}/'>Accueil</a></div>")
    return page(origin, f"{BLOG}: {title(n)}", dated([n], origin, alone=True) + pager, path(n))


def listing(numbers: list[int], origin: str, canonical: str) -> bytes:
    older = (f"<div class='blog-pager' id='blog-pager'><span id='blog-pager-older-link'><a "
             f"class='blog-pager-older-link' href='{origin}/search?updated-max="
             f"{day(numbers[-1])}T18:45:00%2B01:00&amp;max-results={ON_HOME}'>Articles plus "
             "anciens</a></span></div>")
    return page(origin, BLOG, dated(numbers, origin, alone=False) + older, canonical)


def static(slug: str, name: str, origin: str) -> bytes:
    main = (f"<div class='post-outer'><div class='post hentry'><h3 class='post-title "
            f"entry-title'>{name}</h3><div class='post-body entry-content'>Le collectif réunit "
            "les associations, coopératives et mutuelles de Haute-Loire.<br /><br />Écrivez-nous"
            " à l'adresse du collectif.</div></div></div>")
    return page(origin, f"{BLOG}: {name}", main, f"/p/{slug}.html")


def feed(origin: str) -> bytes:
    """The Atom feed Blogger serves: its own links and the next page's on www.blogger.com, an
    entry's page in its rel=alternate link after its replies, edit and self links."""
    entries = "".join(
        f"<entry><id>tag:blogger.com,1999:blog-4839201.post-{n}</id>"
        f"<published>{day(n)}T18:45:00.000+01:00</published>"
        f"<updated>{day(n)}T18:47:10.123+01:00</updated>"
        + "".join(f"<category scheme='http://www.blogger.com/atom/ns#' term='{label}'/>"
                  for label in labels_of(n))
        + f"<title type='text'>{title(n)}</title>"
        f"<content type='html'>{escape(text(n))}</content>"
        f"<link rel='replies' type='application/atom+xml' href='{origin}/feeds/{n}/comments/"
        "default' title='Publier les commentaires'/>"
        f"<link rel='replies' type='text/html' href='{origin}{path(n)}#comment-form' "
        "title='0 commentaires'/>"
        "<link rel='edit' type='application/atom+xml' href='https://www.blogger.com/feeds/"
        f"4839201/posts/default/{n}'/><link rel='self' type='application/atom+xml' href="
        f"'https://www.blogger.com/feeds/4839201/posts/default/{n}'/>"
        f"<link rel='alternate' type='text/html' href='{origin}{path(n)}' title='{title(n)}'/>"
        f"<author><name>{AUTHOR}</name><uri>{PROFILE}</uri><email>noreply@blogger.com</email>"
        "</author><thr:total>0</thr:total></entry>"
        for n in range(POSTS, POSTS - IN_FEED, -1))
    return (
        "<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas."
        "google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>"
        f"<id>tag:blogger.com,1999:blog-4839201</id><updated>{day(POSTS)}T18:47:10.123+01:00"
        f"</updated><title type='text'>{BLOG}</title><link rel='http://schemas.google.com/g/"
        f"2005#feed' type='application/atom+xml' href='{origin}/feeds/posts/default'/>"
        "<link rel='self' type='application/atom+xml' href='https://www.blogger.com/feeds/"
        f"4839201/posts/default'/><link rel='alternate' type='text/html' href='{origin}/'/>"
        "<link rel='next' type='application/atom+xml' href='https://www.blogger.com/feeds/"
        f"4839201/posts/default?start-index={IN_FEED + 1}&amp;max-results={IN_FEED}'/>"
        f"<author><name>{AUTHOR}</name></author><generator version='7.00' uri='http://www."
        f"blogger.com'>Blogger</generator><openSearch:totalResults>{POSTS}</openSearch:"
        f"totalResults>{entries}</feed>").encode()


def sitemap(origin: str, page_number: str) -> bytes:
    """Blogger's sitemap: an index of numbered pages, the posts' addresses in them."""
    if not page_number:
        return ("<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns='http://www."
                f"sitemaps.org/schemas/sitemap/0.9'><sitemap><loc>{origin}/sitemap.xml?page=1"
                "</loc></sitemap></sitemapindex>").encode()
    urls = "".join(f"<url><loc>{origin}{path(n)}</loc><lastmod>{day(n)}T17:47:10Z</lastmod>"
                   "</url>" for n in range(POSTS, 0, -1))
    return ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/"
            f"schemas/sitemap/0.9'>{urls}</urlset>").encode()


class BloggerSite(SiteHandler):
    disallowed: ClassVar[list[str]] = []
    served: ClassVar[list[str]] = []

    def do_GET(self):
        origin = f"http://{self.headers['Host']}"
        self.served.append(self.path)
        route, _, query = self.path.partition("?")
        body: bytes | None = None
        kind = HTML
        posts = {path(n): n for n in range(1, POSTS + 1)}
        months = {f"/{day(n):%Y/%m}/" for n in posts.values()}
        if route == "/robots.txt":
            body, kind = (b"User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\n"
                          b"Disallow: /search\nAllow: /\n\nSitemap: " + origin.encode()
                          + b"/sitemap.xml\n"), "text/plain"
        elif route.startswith("/search"):
            self.disallowed.append(self.path)
        elif route == "/":
            body = listing(list(range(POSTS, POSTS - ON_HOME, -1)), origin, "/")
        elif route in posts:
            body = post_page(posts[route], origin)
        elif route in months:
            body = listing([n for n in range(POSTS, 0, -1) if route == f"/{day(n):%Y/%m}/"],
                           origin, route)
        elif route in ("/p/contact.html", "/p/qui-sommes-nous.html"):
            body = static(route[3:-5], "Contact" if "contact" in route else "Qui sommes-nous ?",
                          origin)
        elif route == "/feeds/posts/default":
            body, kind = feed(origin), "application/atom+xml; charset=UTF-8"
        elif route == "/sitemap.xml":
            body, kind = sitemap(origin, query.partition("page=")[2]), "text/xml; charset=UTF-8"
        self.send(200 if body is not None else 404,
                  body if body is not None else b"<h1>404</h1>", kind)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> tuple:
    tmp = tmp_path_factory.mktemp("blogger")
    BloggerSite.disallowed = []
    BloggerSite.served = []
    with serve(BloggerSite) as origin:
        (tmp / "sources.toml").write_text(
            f'[[source]]\nkey = "ess43"\nname = "ESS Haute-Loire"\nurl = "{origin}/"\n'
            'family = "auto"\n', "utf-8")
        result = harvester("crawl", "--sources", str(tmp / "sources.toml"), "--db",
                           str(tmp / "store.sqlite"), *FAST_CRAWL)
    store = SQLiteStore(tmp / "store.sqlite")
    records = {r["url"].removeprefix(origin): r for r in store.articles()}
    store.close()
    return result, records


def test_every_post_and_no_other_page_is_harvested(crawled):
    result, records = crawled
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert set(records) == {path(n) for n in range(1, POSTS + 1)}
    row = report_rows(result.stdout)["ess43"]
    assert (row["status"], row["new"]) == ("ok", str(POSTS))


def test_each_post_has_its_title_author_date_labels_and_text(crawled):
    _, records = crawled
    for n in range(1, POSTS + 1):
        record = records[path(n)]
        assert record["title"] == title(n)
        assert [(a["name"], a["url"]) for a in record["authors"]] == [(AUTHOR, PROFILE)]
        assert record["published"] == f"{day(n)}T18:45:00+01:00"
        assert record["tags"] == labels_of(n)
        assert record["content_text"].startswith(f"Samedi, le collectif a tenu son rendez-vous "
                                                 f"numéro {n}")
        assert record["content_text"].endswith(f"Prochain rendez-vous : le numéro {n + 1}.")
        assert record["summary"].startswith("Samedi, le collectif")


def test_what_robots_txt_disallows_is_not_fetched(crawled):
    assert BloggerSite.disallowed == []


def test_every_request_goes_to_the_blog_not_to_www_blogger_com(crawled):
    """The feed's self, edit and next links and the share buttons point to www.blogger.com:
    every request the crawl scheduled, and robots.txt's middleware made, was answered by the
    loopback blog."""
    result, _ = crawled
    stats = {name: int(count) for name, count in re.findall(
        r"'(scheduler/enqueued|robotstxt/request_count)': (\d+)", result.stdout + result.stderr)}
    assert len(stats) == 2
    assert sum(stats.values()) == len(BloggerSite.served)
