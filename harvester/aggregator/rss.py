"""RSS 2.0 with feedgen: dc:creator for authors (feedgen writes <author> only with an
e-mail), one enclosure per item (RSS allows one), a non-permalink GUID. Readers render an
item's <description> as HTML: the plain-text summary is HTML-escaped before feedgen escapes
it for XML, so quoted markup reads as text."""

from __future__ import annotations

from html import escape

from feedgen.feed import FeedGenerator
from lxml import etree

from harvester.aggregator.items import GENERATOR, FeedDocument

ATOM = "http://www.w3.org/2005/Atom"


def rss_feed(document: FeedDocument, root: str) -> bytes:
    updated = document.updated
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.title(document.title)
    feed.description(document.subtitle)
    feed.link(href=document.url(root, "rss"), rel="self", type="application/rss+xml")
    feed.link(href=document.home, rel="alternate")
    feed.language("fr")
    feed.generator(*GENERATOR)
    feed.lastBuildDate(updated)
    feed.pubDate(updated)
    for item in document.items:
        entry = feed.add_entry(order="append")
        entry.guid(item.id, permalink=False)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        for author in item.record["authors"]:
            entry.dc.dc_creator(author["name"])
        if item.published:
            entry.pubDate(item.published)
        for tag in item.record["tags"]:
            entry.category(term=tag)
        for section in item.record["section"]:
            entry.category(term=section, scheme=item.source["url"])
        entry.description(escape(item.summary or item.title))
        entry.content(item.content_html)
        attachments = item.record["attachments"]
        if attachments:
            first = attachments[0]
            entry.enclosure(first["url"], str(first["size_bytes"] or 0),
                            first["mime_type"] or "application/octet-stream")
        entry.source(url=item.source["url"], title=item.source["name"])
    data = bytes(feed.rss_str(pretty=True))
    hubs = [link.href for link in document.links if link.rel == "hub"]
    return with_hubs(data, hubs) if hubs else data


def with_hubs(data: bytes, hubs: list[str]) -> bytes:
    """The channel's atom:link rel="hub" (WebSub), which feedgen writes only for Atom."""
    tree = etree.fromstring(data)
    channel = tree.find("channel")
    assert channel is not None
    self_link = channel.find(f"{{{ATOM}}}link")
    position = list(channel).index(self_link) + 1 if self_link is not None else len(channel)
    for offset, hub in enumerate(hubs):
        channel.insert(position + offset, etree.Element(f"{{{ATOM}}}link", rel="hub", href=hub))
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))
