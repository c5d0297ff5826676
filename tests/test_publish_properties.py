"""Arbitrary Unicode in titles, authors and bodies always gives well-formed feeds."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from harvester.aggregator import publish
from harvester.store.sqlite import encode_record
from harvester.text import xml_safe_value
from tests.factories import article_record

TEXT = st.text(st.characters(codec=None, categories=None), max_size=80)


class ListStore:
    """The methods publish reads from a store."""

    def __init__(self, records):
        self.records = records

    def articles(self, limit=None):
        return iter(self.records[:limit])

    def article_json(self, limit=None):
        """As the store keeps them: XML-safe and NFC."""
        return (encode_record(xml_safe_value(r)).encode() for r in self.records[:limit])

    def count(self):
        return len(self.records)

    def articles_of_source(self, source, limit):
        return [r for r in self.records if r["source"]["key"] == source][:limit]

    def articles_tagged(self, tags, limit):
        return [r for r in self.records if set(r["tags"]) & set(tags)][:limit]

    def tag_counts(self):
        counts = {}
        for record in self.records:
            for tag in record["tags"]:
                counts[tag] = counts.get(tag, 0) + 1
        return counts

    def archive_months(self, excluded):
        older = [r for r in self.records if r["id"] not in excluded]
        return [("2026-11", len(older), "2026-11-30T00:00:00+00:00")] if older else []

    def archived_articles(self, months, excluded):
        older = [r for r in self.records if r["id"] not in excluded]
        return iter([("2026-11", older)] if older and "2026-11" in months else [])

    def stored_sources(self):
        return list({r["source"]["key"]: r["source"] for r in self.records}.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=4))
def test_any_text_gives_well_formed_feeds(contents):
    records = [
        article_record(f"https://www.rtes.fr/a{i}", title=title, summary=summary or None,
                       authors=[{"name": author or "x", "url": None}],
                       tags=[title or "t"], content_html=f"<p>{body}</p>{body}",
                       content_text=body,
                       footnotes=[{"id": f"fn-x-{i}", "text": body, "html": body}])
        for i, (title, author, body, summary) in enumerate(contents)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        publish(ListStore(records), out, base="https://feeds.example.org/", tag_feed_min=1)
        tag_feeds = sorted((out / "tags").glob("*.atom"))
        assert tag_feeds
        assert all(etree.fromstring(p.read_bytes()) is not None for p in tag_feeds)
        for name in ("feed.rss", "feed.atom", "sources/rtes.atom", "sources/rtes.rss"):
            root = etree.fromstring((out / name).read_bytes())
            assert len(root.findall(".//{*}item") + root.findall(
                "{http://www.w3.org/2005/Atom}entry")) == len(records)
        feed = json.loads((out / "feed.json").read_text("utf-8"))
        assert len(feed["items"]) == len(records)
        for line in (out / "articles.jsonl").read_text("utf-8").splitlines():
            json.loads(line)


ATOM_NS = "{http://www.w3.org/2005/Atom}"


@settings(max_examples=80, deadline=None)
@given(TEXT, TEXT, TEXT, st.lists(TEXT, min_size=1, max_size=3))
def test_atom_text_and_attributes_read_back_exactly(title, author, summary, tags):
    """The Atom writer's escaping: what a parser reads is what the record said, line breaks,
    tabs and carriage returns in attributes and text included."""
    from harvester.aggregator.atom import atom_feed
    from harvester.aggregator.items import FeedDocument, FeedItem
    from harvester.text import one_line

    record = article_record("https://www.rtes.fr/a?x=1&y=<2>", title=title,
                            summary=summary or None, authors=[{"name": author, "url": None}],
                            tags=tags, section=tags[:1])
    item = FeedItem.of(record)
    document = FeedDocument("feed", item.title, "Fil", "tag:x", [item], "https://h/?a&b",
                            archive=True, bodies=False)
    entry = etree.fromstring(atom_feed(document, "https://r/")).find(f"{ATOM_NS}entry")
    clean = item.record
    assert entry.findtext(f"{ATOM_NS}title") == (one_line(clean["title"]) or "(sans titre)")
    assert entry.findtext(f"{ATOM_NS}author/{ATOM_NS}name") == clean["authors"][0]["name"]
    assert entry.findtext(f"{ATOM_NS}summary") == (clean["summary"] or item.title)
    assert entry.find(f"{ATOM_NS}link").get("href") == clean["url"]
    categories = [c.get("term") for c in entry.findall(f"{ATOM_NS}category")]
    assert categories == [*clean["tags"], *clean["section"]]
