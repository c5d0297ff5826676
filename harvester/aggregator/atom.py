"""Atom 1.0 (RFC 4287) with feedgen, and a fix for what feedgen 1.0.0 writes wrong."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from feedgen.feed import FeedGenerator
from lxml import etree

from harvester.aggregator.items import FEED_ID, FEED_SUBTITLE, FEED_TITLE, GENERATOR, FeedItem

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(items: Sequence[FeedItem], self_url: str, home_url: str,
              updated: datetime) -> bytes:
    feed = FeedGenerator()
    feed.id(FEED_ID)
    feed.title(FEED_TITLE)
    feed.subtitle(FEED_SUBTITLE)
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=home_url, rel="alternate", type="text/html")
    feed.language("fr")
    feed.author({"name": GENERATOR[0], "uri": GENERATOR[2]})
    feed.generator(*GENERATOR)
    feed.updated(updated)
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(item.guid)
        entry.title(item.title)
        for author in item.record["authors"]:
            entry.author({"name": author["name"], **({"uri": author["url"]}
                                                     if author.get("url") else {})})
        if item.published:
            entry.published(item.published)
        entry.updated(item.updated)
        for tag in item.record["tags"]:
            entry.category(term=tag)
        for section in item.record["section"]:
            entry.category(term=section, scheme=item.source["url"], label=section)
        if item.summary:
            entry.summary(item.summary)
        entry.content(item.content_html, type="html")
        entry.source(url=item.source["url"], title=item.source["name"])
    tree = etree.fromstring(feed.atom_str(pretty=False))
    fix_entries(tree, items)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def fix_entries(tree: etree._Element, items: Sequence[FeedItem]) -> None:
    """feedgen 1.0.0 drops rel, type and length from entry links (an enclosure turns into a
    second alternate link); write each entry's links ourselves, and a proper atom:source."""
    entries = tree.findall(f"{{{ATOM}}}entry")
    for entry, item in zip(entries, items, strict=True):
        for link in entry.findall(f"{{{ATOM}}}link"):
            entry.remove(link)
        position = list(entry).index(entry.find(f"{{{ATOM}}}title")) + 1
        links = [{"rel": "alternate", "type": "text/html", "href": item.url}]
        links += [{"rel": "enclosure", "href": a["url"],
                   "type": a["mime_type"] or "application/octet-stream",
                   "length": str(a["size_bytes"] or ""), "title": a["title"]}
                  for a in item.record["attachments"]]
        for offset, attributes in enumerate(links):
            element = etree.Element(f"{{{ATOM}}}link", {k: v for k, v in attributes.items() if v})
            entry.insert(position + offset, element)
        source = entry.find(f"{{{ATOM}}}source")
        if source is not None:
            for link in source.findall(f"{{{ATOM}}}link"):
                link.set("rel", "alternate")
                link.set("type", "text/html")
            source_id = etree.Element(f"{{{ATOM}}}id")
            source_id.text = item.source["url"]
            source.insert(0, source_id)
            source_updated = etree.SubElement(source, f"{{{ATOM}}}updated")
            source_updated.text = item.fetched.isoformat()
