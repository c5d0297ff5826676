"""Atom 1.0 (RFC 4287) with feedgen, a fix for what feedgen 1.0.0 writes wrong, and the feed
history links of RFC 5005 (which feedgen does not know)."""

from __future__ import annotations

from collections.abc import Sequence

from feedgen.feed import FeedGenerator
from lxml import etree

from harvester.aggregator.items import GENERATOR, FeedDocument, FeedItem

ATOM = "http://www.w3.org/2005/Atom"
HISTORY = "http://purl.org/syndication/history/1.0"


def atom_feed(document: FeedDocument, root: str) -> bytes:
    items = document.items
    feed = FeedGenerator()
    feed.id(document.feed_id)
    feed.title(document.title)
    feed.subtitle(document.subtitle)
    feed.link(href=document.url(root, "atom"), rel="self", type="application/atom+xml")
    feed.link(href=document.home, rel="alternate", type="text/html")
    feed.language("fr")
    feed.author({"name": GENERATOR[0], "uri": GENERATOR[2]})
    feed.generator(*GENERATOR)
    feed.updated(document.updated)
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
    add_history(tree, document)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def add_history(tree: etree._Element, document: FeedDocument) -> None:
    """The document's other links (related feeds, RFC 5005 archive navigation) after its own,
    and ``fh:archive`` in an archive document."""
    position = max(list(tree).index(link) for link in tree.findall(f"{{{ATOM}}}link")) + 1
    for offset, link in enumerate(document.links):
        attributes = {"rel": link.rel, "href": link.href, "type": "application/atom+xml"}
        tree.insert(position + offset, etree.Element(
            f"{{{ATOM}}}link", {**attributes, **({"title": link.title} if link.title else {})}))
    if document.archive:
        marker = etree.Element(f"{{{HISTORY}}}archive", nsmap={"fh": HISTORY})
        tree.insert(position + len(document.links), marker)


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
