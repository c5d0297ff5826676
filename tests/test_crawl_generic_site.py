"""A site on a CMS with no family here (Joomla 4, Cassiopeia markup), registered as auto,
with no feed and no sitemap: its articles are found by following its links, each page tells
whether it is an article, and no home, listing, tag, static or contact page is harvested."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from harvester.spiders.urlshapes import NOT_ARTICLE_MIN
from harvester.store import SQLiteStore
from tests.conftest import FAST_CRAWL, harvester, report_rows
from tests.loopback import HTML, SiteHandler, serve
from tests.sites import WORDS

ARTICLES = 10
PER_PAGE = 4
TAGS = ("reemploi", "benevolat", "velo")
FIRST_DAY = date(2024, 5, 3)
TEXT = ("Les bénévoles de l’association ont tenu leur permanence samedi matin. "
        "Une trentaine d’habitants sont venus avec un objet à réparer ou des questions. ")


def slug(n: int) -> str:
    return f"/index.php/actualites/{n}-atelier-numero-{n}"


def menu() -> str:
    items = [("/index.php", "Accueil"), ("/index.php/actualites", "Actualités"),
             ("/index.php/nos-ateliers", "Nos ateliers"), ("/index.php/agenda", "Agenda"),
             ("/index.php/contact", "Contact"),
             ("/index.php/qui-sommes-nous", "Qui sommes-nous ?")]
    return ("<header class='header container-header full-width'><ul class='mod-menu mod-list "
            "nav'>" + "".join(f"<li class='nav-item'><a href='{href}'>{label}</a></li>"
                              for href, label in items) + "</ul></header>")


def shell(title: str, main: str, view: str) -> bytes:
    latest = "".join(f"<li itemscope itemtype='https://schema.org/Article'><a href='{slug(n)}' "
                     f"itemprop='url'><span itemprop='name'>Atelier numéro {n}</span></a></li>"
                     for n in range(ARTICLES, ARTICLES - 3, -1))
    return ("<!DOCTYPE html><html lang='fr-fr' dir='ltr'><head><meta charset='utf-8'>"
            "<meta name='generator' content='Joomla! - Open Source Content Management'>"
            f"<title>{title} - Les Ateliers Solidaires</title></head>"
            f"<body class='site com_content view-{view}'>{menu()}<div class='site-grid'>"
            f"<div class='grid-child container-component'><main>{main}</main></div>"
            "<div class='grid-child container-sidebar-right'><div class='sidebar-right card'>"
            "<h3 class='card-header'>Dernières actualités</h3><ul class='mod-articleslatest "
            f"latestnews mod-list'>{latest}</ul></div></div></div><footer class='container-"
            "footer footer'>Copyright © 2024 Les Ateliers Solidaires</footer></body></html>"
            ).encode()


def day(n: int) -> date:
    return FIRST_DAY + timedelta(days=7 * n)


def tags_of(n: int) -> list[str]:
    return [TAGS[n % 3], TAGS[(n + 1) % 3]]


def own_text(n: int) -> str:
    """Text of its own for each article (the same text twice would be merged as a copy)."""
    chance = random.Random(n)
    return " ".join(chance.choice(WORDS) for _ in range(120)) + "."


def article(n: int) -> bytes:
    tags = "".join(f"<li class='list-inline-item' itemprop='keywords'><a href='/index.php/"
                   f"component/tags/tag/{t}' class='btn btn-sm btn-info'>{t.capitalize()}</a>"
                   "</li>" for t in tags_of(n))
    main = ("<div class='com-content-article item-page' itemscope itemtype='https://schema.org"
            f"/Article'><div class='page-header'><h1 itemprop='headline'>Atelier numéro {n}</h1>"
            "</div><dl class='article-info text-muted'><dt class='article-info-term'>Détails"
            "</dt><dd class='createdby' itemprop='author' itemscope itemtype='https://schema."
            "org/Person'>Écrit par : <span itemprop='name'>Marie Lefèvre</span></dd><dd class="
            "'category-name'>Catégorie : <a href='/index.php/actualites' itemprop='genre'>"
            f"Actualités</a></dd><dd class='published'><time datetime='{day(n)}T09:30:00+02:00'"
            f" itemprop='datePublished'>Publication : {day(n)}</time></dd><dd class='hits'>"
            f"Affichages : {40 + n}</dd></dl><ul class='tags list-inline'>{tags}</ul>"
            f"<div itemprop='articleBody' class='com-content-article__body'><p>{TEXT}</p>"
            f"<p>{own_text(n)}</p>"
            f"<p>Rendez-vous pour l’atelier numéro {n + 1} la semaine prochaine.</p></div>"
            "<nav class='pagenavigation'><a class='previous' rel='prev' "
            f"href='{slug(max(n - 1, 1))}'>Précédent</a></nav></div>")
    return shell(f"Atelier numéro {n}", main, "article")


def blog(numbers: list[int], title: str, pagination: str = "") -> bytes:
    items = "".join(
        "<div class='com-content-category-blog__item blog-item' itemprop='blogPost' itemscope "
        f"itemtype='https://schema.org/BlogPosting'><h2 itemprop='name'><a href='{slug(n)}' "
        f"itemprop='url'>Atelier numéro {n}</a></h2><dl class='article-info'><dd class="
        f"'published'><time datetime='{day(n)}T09:30:00+02:00'>Publication : {day(n)}</time>"
        f"</dd></dl><p>{TEXT}</p><p class='readmore'><a class='btn btn-secondary' "
        f"href='{slug(n)}'>Lire la suite : Atelier numéro {n}</a></p></div>" for n in numbers)
    main = (f"<div class='com-content-category-blog blog' itemscope itemtype='https://schema."
            f"org/Blog'><h1>{title}</h1>{items}{pagination}</div>")
    return shell(title, main, "category")


def category(start: int) -> bytes:
    newest_first = list(range(ARTICLES, 0, -1))
    pages = "".join(f"<li class='page-item'><a class='page-link' href='/index.php/actualites"
                    f"?start={s}'>{s // PER_PAGE + 1}</a></li>"
                    for s in range(0, ARTICLES, PER_PAGE) if s != start)
    return blog(newest_first[start:start + PER_PAGE], "Actualités",
                f"<div class='com-content-category-blog__navigation'><ul class='pagination'>"
                f"{pages}</ul></div>")


def static_page() -> bytes:
    main = ("<div class='com-content-article item-page' itemscope itemtype='https://schema.org"
            "/Article'><div class='page-header'><h1 itemprop='headline'>Nos ateliers</h1></div>"
            f"<div itemprop='articleBody'><p>{TEXT * 4}</p></div></div>")
    return shell("Nos ateliers", main, "article")


EVENTS = 9


def event_path(n: int) -> str:
    return f"/index.php/agenda/{n}-stage-de-reparation-velo"


def agenda() -> bytes:
    """The events, on one page: none is an article (no publication date, a few lines)."""
    items = "".join(f"<li><a href='{event_path(n)}'>Stage de réparation n° {n}</a></li>"
                    for n in range(1, EVENTS + 1))
    return shell("Agenda", f"<h1>Agenda</h1><ul class='agenda'>{items}</ul>", "category")


def event(n: int) -> bytes:
    main = (f"<div class='com-content-article item-page'><div class='page-header'><h1>Stage de "
            f"réparation n° {n}</h1></div><p>Samedi, de 9 h à 12 h, à la maison des "
            "associations. Inscription à l’accueil.</p></div>")
    return shell(f"Stage de réparation n° {n}", main, "article")


def contact() -> bytes:
    return shell("Contact", "<h1>Contact</h1><form><input name='email'><textarea></textarea>"
                 "<button>Envoyer</button></form>", "contact")


class JoomlaSite(SiteHandler):
    def do_GET(self):
        path, _, query = self.path.partition("?")
        body: bytes | None = None
        if path == "/robots.txt":
            body = b"User-agent: *\nDisallow: /administrator/\n"
        elif path in ("/", "/index.php"):
            body = blog(list(range(ARTICLES, ARTICLES - 3, -1)), "Accueil")
        elif path == "/index.php/actualites":
            body = category(int(query.partition("start=")[2] or 0))
        elif path.startswith("/index.php/actualites/"):
            n = int(path.rsplit("/", 1)[1].split("-")[0])
            body = article(n) if 1 <= n <= ARTICLES and path == slug(n) else None
        elif path.startswith("/index.php/component/tags/tag/"):
            tag = path.rsplit("/", 1)[1]
            body = blog([n for n in range(ARTICLES, 0, -1) if tag in tags_of(n)], tag)
        elif path == "/index.php/nos-ateliers":
            body = static_page()
        elif path == "/index.php/agenda":
            body = agenda()
        elif path.startswith("/index.php/agenda/"):
            n = int(path.rsplit("/", 1)[1].split("-")[0])
            body = event(n) if path == event_path(n) else None
        elif path in ("/index.php/contact", "/index.php/qui-sommes-nous"):
            body = contact()
        self.send(200 if body is not None else 404,
                  body if body is not None else b"<h1>404</h1>",
                  "text/plain" if path == "/robots.txt" else HTML)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> tuple:
    tmp = tmp_path_factory.mktemp("joomla")
    with serve(JoomlaSite) as origin:
        (tmp / "sources.toml").write_text(
            f'[[source]]\nkey = "ateliers"\nname = "Les Ateliers Solidaires"\n'
            f'url = "{origin}/"\nfamily = "auto"\n', "utf-8")
        result = harvester("crawl", "--sources", str(tmp / "sources.toml"), "--db",
                           str(tmp / "store.sqlite"), *FAST_CRAWL)
    store = SQLiteStore(tmp / "store.sqlite")
    records = {r["url"].removeprefix(origin): r for r in store.articles()}
    outcomes = {url.removeprefix(origin): page.outcome
                for url, page in store.pages_of("ateliers").items()}
    store.close()
    return result, records, outcomes


def test_every_article_is_found_by_following_the_links(crawled):
    result, records, _ = crawled
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert set(records) == {slug(n) for n in range(1, ARTICLES + 1)}
    row = report_rows(result.stdout)["ateliers"]
    assert (row["status"], row["new"]) == ("ok", str(ARTICLES))


def test_no_home_listing_tag_static_or_contact_page_is_harvested(crawled):
    _, records, _ = crawled
    assert not [url for url in records if not url.startswith("/index.php/actualites/")]


def test_pages_of_a_url_shape_that_gave_no_article_are_no_longer_judged(crawled):
    """The agenda's events share one URL shape; once five were judged not articles, the others
    are read for their links only."""
    _, _, outcomes = crawled
    events = [outcomes[event_path(n)] for n in range(1, EVENTS + 1)]
    by_shape = [o for o in events if o and "shape" in o]
    assert len(by_shape) == EVENTS - NOT_ARTICLE_MIN
    assert not [o for o in events if o == "article"]


def test_each_article_has_its_tags_author_date_and_a_body_without_the_info_block(crawled):
    _, records, _ = crawled
    for n in range(1, ARTICLES + 1):
        record = records[slug(n)]
        assert record["tags"] == [t.capitalize() for t in tags_of(n)]
        assert [a["name"] for a in record["authors"]] == ["Marie Lefèvre"]
        assert record["published"].startswith(str(day(n)))
        assert record["content_text"].startswith("Les bénévoles de l’association")
        assert "Détails" not in record["content_text"]
        assert "Affichages" not in record["content_text"]


@pytest.mark.parametrize(("url", "kind"), [
    ("https://a.example/index.php/actualites/12-repair-cafe", "article"),
    ("https://a.example/nouvelles/fete-de-quartier.html", "article"),
    ("https://a.example/index.php/actualites?start=8", "pagination"),
    ("https://a.example/blog/page/3/", "pagination"),
    ("https://a.example/index.php/component/tags/tag/ess", "listing"),
    ("https://a.example/categorie/emploi/", "listing"),
    ("https://a.example/index.php/contact", None),
    ("https://a.example/mentions-legales.html", None),
    ("https://a.example/index.php/qui-sommes-nous", None),
    ("https://a.example/images/affiche.pdf", None),
    ("https://a.example/index.php/actualites?format=feed&type=rss", None),
    ("https://a.example/index.php", None),
    ("https://a.example/?p=123", "article"),
    ("https://a.example/actualites/la-recherche-en-ess-et-les-flux-rss", "article"),
    ("https://a.example/recherche?q=ess", None),
    ("https://a.example/index.php/component/users/login", None),
])
def test_links_of_a_site_of_no_family(url, kind):
    from harvester.spiders.links import rules_for

    found = rules_for("generic").classify(url)
    assert (found.value if found else None) == kind


def test_a_relative_link_resolves_against_each_page_that_holds_it():
    from parsel import Selector

    from harvester.spiders.links import rules_for

    page = Selector(text="<ul><li><a href='?start=8'>Suite</a></li>"
                         "<li><a href='12-repair-cafe'>Repair café</a></li>"
                         "<li><a href='https://other.example/x'>Ailleurs</a></li></ul>")
    rules, site = rules_for("generic"), "https://a.example/"
    news = rules.links(page, "https://a.example/index.php/actualites/?start=4", site)
    agenda = rules.links(page, "https://a.example/index.php/agenda/", site)
    assert news == {"https://a.example/index.php/actualites/?start=8": "pagination",
                    "https://a.example/index.php/actualites/12-repair-cafe": "article"}
    assert agenda == {"https://a.example/index.php/agenda/?start=8": "pagination",
                      "https://a.example/index.php/agenda/12-repair-cafe": "article"}
