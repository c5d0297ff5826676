"""Atom 1.0 (RFC 4287) with the feed history of RFC 5005, built with lxml.

Written directly rather than with feedgen: feedgen 1.0.0 drops rel, type and length from entry
links (an enclosure turns into a second alternate link), writes an atom:source without id and
updated, and knows no history link; once those were rewritten on its output, it added only
its cost (an entry without body: 0.19 ms with feedgen, 0.12 ms direct; the archive documents
hold every stored article).
"""

from __future__ import annotations

from lxml import etree

from harvester.aggregator.items import GENERATOR, FeedDocument, FeedItem

ATOM = "http://www.w3.org/2005/Atom"
HISTORY = "http://purl.org/syndication/history/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def atom_feed(document: FeedDocument, root: str) -> bytes:
    namespaces: dict[str | None, str] = {None: ATOM}
    if document.archive:
        namespaces["fh"] = HISTORY
    feed = etree.Element(_atom("feed"), {XML_LANG: "fr"}, nsmap=namespaces)
    _text(feed, "id", document.feed_id)
    _text(feed, "title", document.title)
    _text(feed, "updated", document.updated.isoformat())
    _person(feed, "author", GENERATOR[0], GENERATOR[2])
    _link(feed, "self", document.url(root, "atom"), "application/atom+xml")
    _link(feed, "alternate", document.home, "text/html")
    for link in document.links:
        _link(feed, link.rel, link.href, "" if link.rel == "hub" else "application/atom+xml",
              title=link.title)
    if document.archive:
        etree.SubElement(feed, f"{{{HISTORY}}}archive")
    _text(feed, "generator", GENERATOR[0], uri=GENERATOR[2], version=GENERATOR[1])
    _text(feed, "subtitle", document.subtitle)
    for item in document.items:
        _entry(feed, item, document.bodies)
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def _entry(feed: etree._Element, item: FeedItem, body: bool) -> None:
    record = item.record
    entry = etree.SubElement(feed, _atom("entry"))
    _text(entry, "id", item.guid)
    _text(entry, "title", item.title)
    _link(entry, "alternate", item.url, "text/html")
    for attachment in record["attachments"]:
        _link(entry, "enclosure", attachment["url"],
              attachment["mime_type"] or "application/octet-stream",
              length=str(attachment["size_bytes"] or ""), title=attachment["title"])
    _text(entry, "updated", item.updated.isoformat())
    for author in record["authors"]:
        _person(entry, "author", author["name"], author.get("url"))
    if item.published:
        _text(entry, "published", item.published.isoformat())
    for tag in record["tags"]:
        etree.SubElement(entry, _atom("category"), term=tag)
    for section in record["section"]:
        etree.SubElement(entry, _atom("category"), term=section, scheme=item.source["url"],
                         label=section)
    if item.summary or not body:
        _text(entry, "summary", item.summary or item.title)
    if body:
        _text(entry, "content", item.content_html, type="html")
    source = etree.SubElement(entry, _atom("source"))
    _text(source, "id", item.source["url"])
    _text(source, "title", item.source["name"])
    _link(source, "alternate", item.source["url"], "text/html")
    _text(source, "updated", item.fetched.isoformat())


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: etree._Element, name: str, text: str, **attributes: str) -> None:
    etree.SubElement(parent, _atom(name), attributes).text = text


def _person(parent: etree._Element, role: str, name: str, uri: str | None) -> None:
    person = etree.SubElement(parent, _atom(role))
    _text(person, "name", name)
    if uri:
        _text(person, "uri", uri)


def _link(parent: etree._Element, rel: str, href: str, media_type: str, **extra: str) -> None:
    attributes = {"rel": rel, "type": media_type, "href": href, **extra}
    etree.SubElement(parent, _atom("link"), {k: v for k, v in attributes.items() if v})
