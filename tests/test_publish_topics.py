"""Per-source and per-tag feeds: the same entries and rules as the merged feeds, for fewer
articles; the store's tag table they are read from."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from harvester.aggregator import publish
from harvester.aggregator.plan import slug
from harvester.registry import Source
from harvester.store import SQLiteStore
from tests.factories import article_record
from tests.feed_checks import ATOM, atom_problems, json_feed_problems
from tests.test_publish import BASE, records

REGISTRY = [Source(key="rtes", name="RTES", url="https://www.rtes.fr/"),
            Source(key="avise", name="Avise", url="https://www.avise.org/",
                   feed="https://www.avise.org/rss.xml")]


@pytest.fixture
def store(tmp_path):
    opened = SQLiteStore(tmp_path / "store.sqlite")
    for record in records():
        opened.save(record)
    opened.save(article_record("https://www.rtes.fr/Economie", title="Économie",
                               tags=["ESS"], published="2012-10-01T00:00:00+02:00"))
    opened.save(article_record("https://www.rtes.fr/economie-2", title="Économie 2",
                               tags=["ess"], published="2012-10-02T00:00:00+02:00"))
    yield opened
    opened.close()


def entries(path) -> list[str]:
    return [e.findtext(f"{ATOM}title") for e in etree.parse(str(path)).getroot()
            .findall(f"{ATOM}entry")]


def links(path) -> dict[str, str]:
    return {link.get("rel"): link.get("href")
            for link in etree.parse(str(path)).getroot().findall(f"{ATOM}link")}


def test_each_source_has_its_feeds_with_only_its_articles(store, tmp_path):
    publish(store, tmp_path / "out", base=BASE, registry=REGISTRY)
    sources = tmp_path / "out" / "sources"
    assert sorted(p.name for p in sources.iterdir()) == [
        f"{key}.{ext}" for key in ("avise", "cress-ara", "rtes")
        for ext in ("atom", "html", "json", "rss")]
    assert entries(sources / "cress-ara.atom") == ["Communiqué"]
    assert set(entries(sources / "rtes.atom")) == {
        "Réussite de la journée", "Article sans date", "Mis à jour", "Économie", "Économie 2"}
    assert entries(sources / "avise.atom") == []
    for path in sources.glob("*.atom"):
        assert atom_problems(path.read_bytes()) == [], path
    for path in sources.glob("*.json"):
        assert json_feed_problems(json.loads(path.read_text("utf-8"))) == [], path
    assert links(sources / "rtes.atom") == {
        "self": BASE + "sources/rtes.atom", "alternate": BASE + "sources/rtes.html",
        "related": BASE + "feed.atom"}


def test_the_merged_feed_and_a_source_feed_give_an_article_the_same_entry_id(store, tmp_path):
    publish(store, tmp_path / "out", base=BASE, registry=REGISTRY)
    merged = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}id") for e in etree.parse(
        str(tmp_path / "out" / "feed.atom")).getroot().findall(f"{ATOM}entry")}
    mine = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}id") for e in etree.parse(
        str(tmp_path / "out" / "sources" / "cress-ara.atom")).getroot().findall(f"{ATOM}entry")}
    assert mine == {"Communiqué": merged["Communiqué"]}


def test_tags_of_enough_articles_have_feeds_and_spellings_share_one(store, tmp_path):
    publish(store, tmp_path / "few", base=BASE, tag_feed_min=5)
    assert not (tmp_path / "few" / "tags").exists()
    publish(store, tmp_path / "out", base=BASE, tag_feed_min=2)
    tags = tmp_path / "out" / "tags"
    assert sorted(p.stem for p in tags.glob("*.atom")) == ["ess", "rtes"]
    assert set(entries(tags / "ess.atom")) == {"Économie", "Économie 2"}
    assert atom_problems((tags / "ess.atom").read_bytes()) == []
    assert links(tags / "ess.atom")["related"] == BASE + "feed.atom"


@pytest.mark.parametrize(("tag", "expected"), [
    ("Commande publique", "commande-publique"), ("Élus & ESS", "elus-ess"),
    ("PTCE", "ptce"), ("../../etc", "etc")])
def test_tag_slugs_are_safe_file_names(tag, expected):
    assert slug(tag) == expected
    assert slug("???").startswith("tag-")
    assert slug("\ud800") != slug("\udfff")  # a lone surrogate, which UTF-8 cannot encode


def test_the_tag_table_follows_updates_and_deletions(tmp_path):
    store = SQLiteStore(tmp_path / "tags.sqlite")
    record = article_record("https://www.rtes.fr/a", tags=["PTCE", "Élus"])
    store.save(record)
    assert store.tag_counts() == {"PTCE": 1, "Élus": 1}
    store.save(dict(record, tags=["Emploi"], title="Autre titre"))
    assert store.tag_counts() == {"Emploi": 1}
    assert [r["url"] for r in store.articles_tagged({"Emploi"}, 10)] == [record["url"]]
    store._db.execute("DELETE FROM articles")
    assert store.tag_counts() == {}
    store.close()


def test_the_published_river_page_in_chromium_shows_the_newest_articles_and_every_feed(
        store, tmp_path, chromium):
    import lxml.html

    from tests.browser import dump_dom

    out = tmp_path / "out"
    publish(store, out, base=BASE, registry=REGISTRY, tag_feed_min=2)
    river = lxml.html.document_fromstring(dump_dom(chromium, out / "index.html"))
    articles = river.findall(".//main//article")
    newest = [record["title"] for record in store.articles(3)]
    assert [a.findtext(".//h2/a") for a in articles[:3]] == newest
    assert [a.findtext(".//*[@class='source']/a") for a in articles[:3]] == [
        "CRESS Auvergne-Rhône-Alpes", "RTES", "RTES"]
    assert articles[0].find(".//time").get("datetime").startswith("2012-11-26")
    assert "26 novembre 2012" in articles[0].text_content()
    hrefs = {a.get("href") for a in river.iter("a")}
    published_feeds = {str(p.relative_to(out)) for p in (out / "tags").glob("*.atom")}
    assert {"feed.atom", "feed.rss", "feed.json", "sources.opml", "articles.json",
            *published_feeds} <= hrefs
    assert {f"sources/{key}.html" for key in ("rtes", "cress-ara", "avise")} <= hrefs
    head = {link.get("href") for link in river.findall(".//head/link[@rel='alternate']")}
    assert head == {"feed.atom", "feed.rss", "feed.json"}
    page = lxml.html.document_fromstring(dump_dom(chromium, out / "sources" / "cress-ara.html"))
    assert [a.findtext(".//h2/a") for a in page.findall(".//main//article")] == ["Communiqué"]
    assert {"cress-ara.atom", "cress-ara.rss", "cress-ara.json", "../index.html"} <= {
        a.get("href") for a in page.iter("a")}
