"""The river page: escaped text only, safe links, French dates, overridable template, and
what headless Chromium builds from it."""

from __future__ import annotations

import fnmatch
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from jinja2 import UndefinedError

from harvester.aggregator.items import FeedItem
from harvester.aggregator.page import PageLink, RiverPage, french_date, render_page, web_url
from tests.browser import dump_dom
from tests.factories import article_record

ROOT = Path(__file__).resolve().parent.parent
GENERATED = datetime(2026, 11, 27, 6, 5, tzinfo=UTC)
FEEDS = (PageLink("Atom", "feed.atom", "application/atom+xml"),
         PageLink("RSS", "feed.rss", "application/rss+xml"),
         PageLink("JSON Feed", "feed.json", "application/feed+json"))
OTHERS = (PageLink("Liste OPML", "sources.opml", "text/x-opml"),
          PageLink("Tous les articles (JSON)", "articles.json", "application/json"))
SOURCES = (("rtes", "RTES", "sources/rtes.html"), ("avise", "Avise", "sources/avise.html"))
AVISE = {"key": "avise", "name": "Avise", "url": "https://www.avise.org/"}
HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
           "</title><style>body{display:none}</style>", "{{ 7 * 7 }} &amp; <b>gras</b>")
UNSAFE_URLS = ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>",
               "vbscript:msgbox(1)", "//evil.example/x", "/relative/path", "")


def river(*records: dict[str, Any], **overrides: Any) -> RiverPage:
    fields: dict[str, Any] = {
        "title": "Actualités des réseaux de l'ESS", "description": "Un seul fil.",
        "items": [FeedItem.of(r) for r in records], "feeds": FEEDS, "other_links": OTHERS,
        "sources": SOURCES, "generated": GENERATED}
    return RiverPage(**{**fields, **overrides})


def parse(page: RiverPage, template_dirs: tuple[Path, ...] = ()) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render_page(page, template_dirs))


def articles(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return list(tree.iter("article"))


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_titles_link_to_the_original_articles() -> None:
    records = [article_record(f"https://www.rtes.fr/article{n}", title=f"Article numéro {n}")
               for n in range(3)]
    found = [a.find("h2/a") for a in articles(parse(river(*records)))]
    assert [(a.get("href"), a.text) for a in found] == [
        (r["url"], r["title"]) for r in records]


def test_accessible_page_structure() -> None:
    tree = parse(river(article_record(), article_record("https://www.avise.org/a", source=AVISE)))
    assert tree.get("lang") == "fr"
    assert tree.xpath("//meta[@charset='utf-8']")
    assert tree.xpath("//meta[@name='viewport']")
    assert len(tree.xpath("//h1")) == 1
    for landmark in ("header", "main", "footer"):
        assert len(tree.xpath(f"//body/{landmark} | //body/*/{landmark}")) == 1, landmark
    assert tree.xpath("//nav[@aria-label='Sources']//a[.='Toutes les sources']")
    assert all(len(a.findall("h2")) == 1 for a in articles(tree))
    assert all(text(a) for a in tree.iter("a")), "every link has discernible text"
    assert all(a.find(".//time") is not None for a in articles(tree))
    assert tree.xpath("//footer//time[@datetime='2026-11-27T06:05:00+00:00']")
    assert "Dernière mise à jour" in text(tree.find("body/footer"))


def test_no_script_and_no_external_resource() -> None:
    tree = parse(river(article_record()))
    assert not tree.xpath("//script | //iframe | //object | //embed | //img | //form")
    assert not tree.xpath("//@src | //link[@rel='stylesheet'] | //@*[starts-with(name(), 'on')]")
    assert not tree.xpath("//*[@style]")
    assert "@import" not in tree.findtext(".//style")


def test_feeds_are_advertised_in_head_and_listed() -> None:
    tree = parse(river(article_record()))
    head = {(link.get("type"), link.get("href"))
            for link in tree.xpath("/html/head/link[@rel='alternate']")}
    assert head == {(f.media_type, f.href) for f in FEEDS}
    listed = {(a.text, a.get("href")) for a in tree.xpath("//aside//a")}
    assert listed == {(f.label, f.href) for f in (*FEEDS, *OTHERS)}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_shown_escaped(hostile: str) -> None:
    record = article_record(title=f"Titre {hostile}", summary=f"Chapô {hostile}",
                            tags=[f"étiquette {hostile}"],
                            authors=[{"name": f"Autrice {hostile}", "url": None}],
                            source={"key": "x", "name": f"Réseau {hostile}",
                                    "url": "https://x.example/"})
    tree = parse(river(record, title=f"Fil {hostile}", description=hostile))
    assert not tree.xpath("//script | //img | //b | //body//style")
    assert not tree.xpath("//@*[starts-with(name(), 'on')]")
    entry = articles(tree)[0]
    for shown in (f"Titre {hostile}", f"Chapô {hostile}", f"Autrice {hostile}",
                  f"Réseau {hostile}"):
        assert shown in entry.text_content()
    assert entry.xpath(".//li/text()") == [f"étiquette {hostile}"]
    assert tree.findtext(".//h1") == f"Fil {hostile}"


def test_article_markup_is_never_injected() -> None:
    record = article_record(content_html='<p class="body-marker">Corps secret</p><script>x()'
                                         "</script>", content_text="Corps secret")
    html = render_page(river(record))
    assert b"body-marker" not in html
    assert b"Corps secret" not in html


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_only_http_urls_are_linked(url: str) -> None:
    record = article_record(url=url, title="Titre piégé",
                            authors=[{"name": "Autrice", "url": url}],
                            source={"key": "x", "name": "Réseau", "url": url})
    tree = parse(river(record))
    entry = articles(tree)[0]
    assert entry.findtext("h2") == "Titre piégé"
    assert entry.find(".//a") is None, "nothing in the entry is clickable"
    assert "Autrice" in text(entry)
    assert "Réseau" in text(entry)
    assert web_url(url) is None


def test_links_of_an_entry() -> None:
    authors = [{"name": "Anne", "url": "https://www.rtes.fr/_anne_"},
               {"name": "Bruno", "url": None}, {"name": "Chloé", "url": "http://c.example/"}]
    tree = parse(river(article_record(authors=authors),
                       article_record("https://www.avise.org/a", source=AVISE),
                       article_record("https://ess.example/b", source={
                           "key": "ess", "name": "ESS France", "url": "https://ess.example/"})))
    rtes, avise, ess = (a.find("p[@class='meta']") for a in articles(tree))
    assert text(rtes).startswith("RTES · par Anne, Bruno et Chloé · Publié le")
    assert [a.get("href") for a in rtes.iter("a")] == [
        "sources/rtes.html", "https://www.rtes.fr/_anne_", "http://c.example/"]
    assert avise.find(".//a").get("href") == "sources/avise.html"
    assert ess.find(".//a").get("href") == "https://ess.example/", "no page: the site"


@pytest.mark.parametrize(("published", "shown"), [
    ("2012-11-09T00:00:00+01:00", "9 novembre 2012"),
    ("2024-05-01T10:00:00+02:00", "1er mai 2024"),
    ("2024-08-15T12:00:00+02:00", "15 août 2024"),
    ("2023-12-31T23:30:00+00:00", "1er janvier 2024"),
    ("2024-02-29T22:59:00+00:00", "29 février 2024"),
])
def test_french_dates(published: str, shown: str) -> None:
    time = articles(parse(river(article_record(published=published))))[0].find(".//time")
    assert (time.text, time.get("datetime")) == (shown, published)
    assert "Publié le" in time.getparent().text_content()
    assert french_date(datetime.fromisoformat(published)) == shown


def test_undated_article_shows_when_it_was_collected() -> None:
    entry = articles(parse(river(article_record(published=None))))[0]
    time = entry.find(".//time")
    assert (time.text, time.get("datetime")) == ("27 novembre 2026", "2026-11-27T06:00:00+00:00")
    assert "Collecté le 27 novembre 2026" in text(entry)
    assert "Publié" not in text(entry)


def test_long_summary_is_shortened_on_a_word() -> None:
    summary = "mot " * 400
    shown = articles(parse(river(article_record(summary=summary))))[0].findtext(
        "p[@class='summary']")
    assert len(shown) <= 600
    assert shown.endswith("mot…")


def test_a_source_page_links_back_to_the_river() -> None:
    feeds = [PageLink("Atom", "rtes.atom", "application/atom+xml")]
    tree = parse(river(article_record(), title="RTES", feeds=feeds, other_links=[],
                       home_href="../index.html",
                       sources=[("rtes", "RTES", "rtes.html"), ("avise", "Avise", "avise.html")]))
    assert tree.xpath("//nav//a[.='Toutes les sources']/@href") == ["../index.html"]
    assert tree.xpath("//header//a/@href") == ["../index.html"]
    assert tree.xpath("/html/head/link[@rel='alternate']/@href") == ["rtes.atom"]
    assert articles(tree)[0].find(".//p[@class='meta']//a").get("href") == "rtes.html"
    assert "Données" not in text(tree)


def test_a_page_without_feeds_has_no_subscription_box() -> None:
    tree = parse(river(article_record(), feeds=(), other_links=()))
    assert not tree.xpath("//aside | /html/head/link")
    assert "S'abonner" not in text(tree)


def test_empty_river() -> None:
    tree = parse(river(sources=()))
    assert not articles(tree)
    assert "Aucun article pour le moment." in text(tree)


def test_naive_generation_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        render_page(river(generated=datetime(2026, 11, 27, 6, 5)))


def test_template_from_a_directory_overrides_the_package(tmp_path: Path) -> None:
    (tmp_path / "river.html.j2").write_text(
        '{% extends "base.html.j2" %}{% from "macros.html.j2" import link %}{% block main %}'
        '<p id="custom">{{ entries|length }} {{ page.title }}</p>'
        '{% for entry in entries %}<h2>{{ link(entry.title) }}</h2>{% endfor %}{% endblock %}',
        encoding="utf-8")
    tree = parse(river(article_record(), title="<Fil>"), (tmp_path,))
    assert tree.xpath("//main/p[@id='custom']/text()") == ["1 <Fil>"]
    assert tree.xpath("//main/h2/a/@href") == [article_record()["url"]]
    assert not articles(tree)
    assert tree.xpath("//footer//time"), "the packaged base template still frames the page"
    assert articles(parse(river(article_record()), (tmp_path / "empty",))), "no override there"


def test_an_override_using_an_unknown_name_fails(tmp_path: Path) -> None:
    (tmp_path / "river.html.j2").write_text("{{ page.subtitle }}", encoding="utf-8")
    with pytest.raises(UndefinedError, match="subtitle"):
        render_page(river(), (tmp_path,))


def test_templates_are_shipped_in_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert any(r.startswith("jinja2") for r in config["project"]["dependencies"])
    patterns = config["tool"]["setuptools"]["package-data"]["harvester.aggregator"]
    templates = ROOT / "harvester" / "aggregator"
    names = [p.relative_to(templates).as_posix() for p in templates.glob("templates/*")]
    assert "templates/river.html.j2" in names
    assert all(any(fnmatch.fnmatch(n, p) for p in patterns) for n in names)


def test_chromium_shows_the_newest_articles_and_every_feed(chromium: str, tmp_path: Path) -> None:
    start = datetime(2024, 6, 4, 9, 0, tzinfo=UTC)
    records = [article_record(
        f"https://www.rtes.fr/article{n}", title=f"Actualité {n} de l'économie sociale",
        source=AVISE if n % 2 else article_record()["source"],
        published=(start - timedelta(days=n)).isoformat()) for n in range(6)]
    records.append(article_record("https://x.example/", title='"><img src=x onerror=alert(1)>'))
    page = tmp_path / "index.html"
    page.write_bytes(render_page(river(*records)))

    dom = lxml.html.document_fromstring(dump_dom(chromium, page))

    shown = [(a.findtext("h2/a"), a.findtext(".//span[@class='source']/a"),
              a.findtext(".//time")) for a in articles(dom)[:4]]
    assert shown == [("Actualité 0 de l'économie sociale", "RTES", "4 juin 2024"),
                     ("Actualité 1 de l'économie sociale", "Avise", "3 juin 2024"),
                     ("Actualité 2 de l'économie sociale", "RTES", "2 juin 2024"),
                     ("Actualité 3 de l'économie sociale", "Avise", "1er juin 2024")]
    hrefs = {a.get("href") for a in dom.iter("a")}
    assert {f.href for f in (*FEEDS, *OTHERS)} <= hrefs
    assert {link.get("href") for link in dom.xpath("//head/link[@rel='alternate']")} == {
        f.href for f in FEEDS}
    assert articles(dom)[-1].findtext("h2/a") == '"><img src=x onerror=alert(1)>'
    assert not dom.xpath("//script | //img")
