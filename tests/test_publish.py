"""Publishing: each written file re-parsed and checked against its format's rules."""

from __future__ import annotations

import io
import json
import re

import feedparser
import pytest
from lxml import etree

import harvester.aggregator as aggregator
from harvester.aggregator import publish
from harvester.schema import article_errors
from harvester.store import SQLiteStore
from tests.conftest import output_files
from tests.factories import article_record
from tests.feed_checks import ATOM, atom_problems, json_feed_problems

BASE = "https://feeds.example.org/ess/"


def records() -> list[dict]:
    rtes = {"key": "rtes", "name": "RTES", "url": "https://www.rtes.fr/"}
    cress = {"key": "cress-ara", "name": "CRESS Auvergne-Rhône-Alpes",
             "url": "https://www.cress-aura.org/"}
    return [
        article_record("https://www.rtes.fr/Reussite", title="Réussite de la journée",
                       published="2012-11-09T10:14:00+01:00", source=rtes),
        article_record("https://www.cress-aura.org/actualites/cp", title="Communiqué",
                       published="2012-11-26T09:00:00+01:00", source=cress, authors=[],
                       also_at=["https://www.rtes.fr/Communique"],
                       attachments=[
                           {"url": "https://www.cress-aura.org/IMG/pdf/cp.pdf", "title": "CP",
                            "mime_type": "application/pdf", "size_bytes": 145715},
                           {"url": "https://www.cress-aura.org/IMG/odt/cp.odt",
                            "title": "CP (ODT)", "mime_type": None, "size_bytes": None}]),
        article_record("https://www.rtes.fr/Sans-date", title="Article sans date",
                       published=None, updated=None, footnotes=[], attachments=[],
                       authors=[{"name": "Léa Martin", "url": None},
                                {"name": "Marc Durand", "url": "https://www.rtes.fr/_Marc_"}],
                       content_html="<p>Sans note.</p>", source=rtes),
        article_record("https://www.rtes.fr/Mis-a-jour", title="Mis à jour",
                       published="2012-11-09T10:14:00+01:00",
                       updated="2012-12-01T08:00:00+01:00", tags=["PTCE", "Élus"],
                       section=["Les PTCE"], source=rtes),
    ]


@pytest.fixture
def store(tmp_path):
    opened = SQLiteStore(tmp_path / "store.sqlite")
    for record in records():
        opened.save(record)
    yield opened
    opened.close()


@pytest.fixture
def out(store, tmp_path):
    directory = tmp_path / "out"
    publish(store, directory, base=BASE)
    return directory


def parsed(path):
    return feedparser.parse(io.BytesIO(path.read_bytes()))


def test_every_output_is_written(out):
    assert sorted(output_files(out)) == [
        "articles.json", "articles.jsonl", "feed.atom", "feed.json", "feed.rss", "index.html",
        "sources.opml"]
    assert sorted(p.name for p in (out / "sources").iterdir()) == [
        f"{key}.{ext}" for key in ("cress-ara", "rtes") for ext in ("atom", "html", "json", "rss")]


@pytest.mark.parametrize("name", ["feed.rss", "feed.atom"])
def test_feeds_parse_cleanly_newest_first(out, name):
    feed = parsed(out / name)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == [
        "Communiqué", "Mis à jour", "Réussite de la journée", "Article sans date"]
    assert feed.feed.language.startswith("fr")


@pytest.mark.parametrize("name", ["feed.rss", "feed.atom"])
def test_dates_authors_tags_round_trip(out, name):
    entries = {e.title: e for e in parsed(out / name).entries}
    assert entries["Réussite de la journée"].published_parsed[:5] == (2012, 11, 9, 9, 14)
    assert [a.name for a in entries["Article sans date"].authors] == ["Léa Martin",
                                                                      "Marc Durand"]
    assert [t.term for t in entries["Mis à jour"].tags] == ["PTCE", "Élus", "Les PTCE"]


def test_rss_specifics(out):
    feed = parsed(out / "feed.rss")
    entry = next(e for e in feed.entries if e.title == "Communiqué")
    assert entry.id == records()[1]["id"]
    assert entry.guidislink is False
    assert len(entry.enclosures) == 1
    assert entry.enclosures[0].href == "https://www.cress-aura.org/IMG/pdf/cp.pdf"
    assert entry.enclosures[0].length == "145715"
    assert entry.enclosures[0].type == "application/pdf"
    assert entry.source.title == "CRESS Auvergne-Rhône-Alpes"
    root = etree.fromstring((out / "feed.rss").read_bytes())
    assert root.findall(".//item/author") == []
    creators = root.findall(".//item/{http://purl.org/dc/elements/1.1/}creator")
    assert [c.text for c in creators].count("Anne-Laure Federici") == 2
    assert root.find(".//item/guid").get("isPermaLink") == "false"


def test_atom_follows_rfc_4287(out):
    assert atom_problems((out / "feed.atom").read_bytes()) == []


def test_atom_enclosures_keep_rel_type_and_a_known_length(out):
    root = etree.fromstring((out / "feed.atom").read_bytes())
    entry = next(e for e in root.findall(f"{ATOM}entry")
                 if e.findtext(f"{ATOM}title") == "Communiqué")
    links = [(link.get("rel"), link.get("type"), link.get("length"))
             for link in entry.findall(f"{ATOM}link")]
    assert links == [("alternate", "text/html", None),
                     ("enclosure", "application/pdf", "145715"),
                     ("enclosure", "application/octet-stream", None)]
    feed = parsed(out / "feed.atom")
    communique = next(e for e in feed.entries if e.title == "Communiqué")
    assert [e.href for e in communique.enclosures] == [
        "https://www.cress-aura.org/IMG/pdf/cp.pdf", "https://www.cress-aura.org/IMG/odt/cp.odt"]
    assert communique.link == "https://www.cress-aura.org/actualites/cp"
    assert communique.source.title == "CRESS Auvergne-Rhône-Alpes"


def test_feed_level_metadata(out):
    feed = parsed(out / "feed.atom")
    assert feed.feed.title.startswith("ESS Harvester")
    assert feed.feed.subtitle
    assert {(link.rel, link.href) for link in feed.feed.links} == {
        ("self", BASE + "feed.atom"), ("alternate", BASE + "index.html")}
    newest = max(r["updated"] or r["published"] or r["fetched_at"] for r in records())
    assert feed.feed.updated == newest
    assert feed.feed.generator == "ESS Harvester"


def test_footnotes_are_a_numbered_list_and_no_feed_holds_an_in_page_link(out):
    entry = next(e for e in parsed(out / "feed.atom").entries if e.title == "Mis à jour")
    html = entry.content[0].value
    assert re.search(r'<ol class="footnotes"><li>.+</li></ol>', html)
    assert re.search(r"<sup>\d+</sup>", html)
    for name in ("feed.atom", "feed.rss", "feed.json"):
        assert 'href="#' not in (out / name).read_text("utf-8").replace('\\"', '"'), name


def test_json_feed_follows_the_spec_and_carries_the_extension(out):
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert json_feed_problems(feed) == []
    item = next(i for i in feed["items"] if i["title"] == "Communiqué")
    assert item["id"] == records()[1]["id"]
    assert item["_ess"]["also_at"] == ["https://www.rtes.fr/Communique"]
    assert item["_ess"]["source"]["key"] == "cress-ara"
    assert [a["mime_type"] for a in item["attachments"]] == [
        "application/pdf", "application/octet-stream"]
    assert item["attachments"][0]["size_in_bytes"] == 145715
    assert feed["items"][-1]["title"] == "Article sans date"
    assert "date_published" not in feed["items"][-1]


def test_dumps_hold_every_article_valid_against_the_schema(out):
    document = json.loads((out / "articles.json").read_text("utf-8"))
    assert document["version"] == 1
    assert document["count"] == len(document["articles"]) == 4
    assert re.match(r"^\d{4}-\d{2}-\d{2}T", document["generated_at"])
    lines = (out / "articles.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == document["articles"]
    for record in document["articles"]:
        assert article_errors(record) == []


def test_limit_keeps_the_newest(store, tmp_path):
    publish(store, tmp_path, limit=2, base=BASE)
    assert [e.title for e in parsed(tmp_path / "feed.rss").entries] == ["Communiqué",
                                                                        "Mis à jour"]
    assert json.loads((tmp_path / "articles.json").read_text("utf-8"))["count"] == 4


def test_publishing_twice_gives_identical_feeds(store, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    publish(store, first, base=BASE)
    publish(store, second, base=BASE)
    for name in ("feed.rss", "feed.atom", "feed.json", "articles.jsonl"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name

    def without_time(path):
        return re.sub(rb'"generated_at": "[^"]+"', b"", path.read_bytes())

    assert without_time(first / "articles.json") == without_time(second / "articles.json")


def test_empty_store_gives_valid_empty_feeds(tmp_path):
    store = SQLiteStore(tmp_path / "empty.sqlite")
    publish(store, tmp_path / "out", base=BASE)
    store.close()
    for name in ("feed.rss", "feed.atom"):
        feed = parsed(tmp_path / "out" / name)
        assert not feed.bozo
        assert feed.entries == []
    assert atom_problems((tmp_path / "out" / "feed.atom").read_bytes()) == []
    assert json_feed_problems(json.loads((tmp_path / "out" / "feed.json").read_text())) == []


def test_failed_publish_leaves_the_previous_files_intact(store, out, monkeypatch):
    before = {name: path.read_bytes() for name, path in output_files(out).items()}
    store.save(article_record("https://www.rtes.fr/Nouveau", title="Nouveau"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(aggregator, "atom_feed", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        publish(store, out, base=BASE)
    assert {name: path.read_bytes() for name, path in output_files(out).items()} == before


def test_huge_and_hostile_text_is_well_formed(tmp_path):
    hostile = "Titre \x00\x0b\ud800 \u200f\u202e RTL ]]> <b>&amp;</b> \ufffe"
    store = SQLiteStore(tmp_path / "s.sqlite")
    store.save(article_record(
        "https://www.rtes.fr/Gros", title=hostile, summary=hostile,
        authors=[{"name": hostile, "url": None}], tags=[hostile],
        content_html="<p>" + "é" * 1_000_000 + "</p>" + hostile, content_text=hostile))
    publish(store, tmp_path / "out", base=BASE)
    store.close()
    for name in ("feed.rss", "feed.atom"):
        etree.fromstring((tmp_path / "out" / name).read_bytes())
        assert not parsed(tmp_path / "out" / name).bozo
    json.loads((tmp_path / "out" / "feed.json").read_text("utf-8"))


def test_ids_do_not_depend_on_where_the_files_are_served(store, tmp_path):
    publish(store, tmp_path / "a", base="https://feeds.example.org/ess/")
    publish(store, tmp_path / "b", base="https://mirror.example.net/")
    first, second = parsed(tmp_path / "a" / "feed.atom"), parsed(tmp_path / "b" / "feed.atom")
    assert first.feed.id == second.feed.id == "tag:ess-harvester.github.io,2026:feed"
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert all(e.id.startswith("tag:ess-harvester.github.io,2026:article/")
               for e in first.entries)
