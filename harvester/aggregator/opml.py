"""OPML 2.0 subscription lists (http://opml.org/spec2.opml): the registry written as one, and
the feeds read back from any OPML 1.0/2.0 file a feed reader exports.

Each source is one ``<outline type="rss">`` whose ``xmlUrl`` is the site's own feed, or our
per-source Atom feed when the site has none. Our feed always rides along in a namespaced
attribute, ``ess:feed``, rather than in a child outline: Feedly, NetNewsWire, Thunderbird and
feedparser-based readers ignore attributes of unknown namespaces, so each source imports as
exactly one subscription, whereas a child outline would import as a second subscription (or
turn the source into a folder). ``ess:feed`` equal to ``xmlUrl`` says the site has no feed of
its own, which lets an import restore the registry entry as it was."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from harvester.registry import Source
from harvester.text import one_line

SPEC_URL = "http://opml.org/spec2.opml"
OPML_TITLE = "ESS Harvester — les sites des réseaux de l'économie sociale et solidaire"
ESS_NS = "tag:ess-harvester.github.io,2026:opml"
OUR_FEED = f"{{{ESS_NS}}}feed"


def source_feed_url(source: Source, feed_base: str | None) -> str:
    """Our per-source Atom feed; relative to the OPML file when no base URL is known."""
    return f"{feed_base or ''}sources/{source.key}.atom"


def sources_opml(sources: Sequence[Source], *, title: str, feed_base: str | None,
                 created: datetime) -> bytes:
    """The sources as an OPML 2.0 document, one feed outline each, in the given order."""
    if created.tzinfo is None or created.utcoffset() is None:
        raise ValueError(f"naive datetime {created!r}: attach a timezone first")
    root = etree.Element("opml", version="2.0", nsmap={"ess": ESS_NS})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = one_line(title)
    # RFC 822 date, as OPML 2.0 requires (RFC 2822 form, four-digit year).
    etree.SubElement(head, "dateCreated").text = format_datetime(created.astimezone(UTC),
                                                                 usegmt=True)
    etree.SubElement(head, "docs").text = SPEC_URL
    body = etree.SubElement(root, "body")
    for source in sources:
        ours = source_feed_url(source, feed_base)
        name = one_line(source.name) or source.key
        outline = etree.SubElement(body, "outline", type="rss", text=name, title=name)
        outline.set("xmlUrl", source.feed or ours)
        outline.set("htmlUrl", source.url)
        outline.set(OUR_FEED, ours)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


@dataclass(frozen=True)
class ImportedFeed:
    """One feed outline of an OPML file."""

    title: str
    xml_url: str
    html_url: str | None
    harvested: bool = False
    """xml_url is the harvester's own per-source feed (``ess:feed``), not the site's."""


def read_opml(data: bytes, origin: str) -> list[ImportedFeed]:
    """The feeds of an OPML 1.0/2.0 file, folders flattened, in document order.

    Entities are never resolved, nor anything fetched; a malformed file raises ValueError
    naming ``origin`` and the problem."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{origin}: not a well-formed XML file ({exc.msg}); export the "
                         "OPML again") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ValueError(f"{origin}: declares XML entities (<!ENTITY>), which an OPML file "
                         "never needs; refused")
    if etree.QName(root).localname != "opml":
        raise ValueError(f"{origin}: not an OPML file (its root element is "
                         f"<{etree.QName(root).localname}>, not <opml>)")
    body = next((c for c in root if c.tag == "body"), None)
    if body is None:
        raise ValueError(f"{origin}: an OPML file without <body>; there is no feed to read")
    return [feed for outline in body.iter("outline") if (feed := _feed(outline))]


def _feed(outline: etree._Element) -> ImportedFeed | None:
    """An outline with an xmlUrl is a feed; other outlines are folders or notes."""
    attributes = dict(_attributes(outline))
    xml_url = attributes.get("xmlurl", "").strip()
    if not xml_url:
        return None
    title = one_line(attributes.get("title")) or one_line(attributes.get("text")) or xml_url
    html_url = attributes.get("htmlurl", "").strip() or None
    return ImportedFeed(title, xml_url, html_url,
                        harvested=outline.get(OUR_FEED, "").strip() == xml_url)


def _attributes(outline: etree._Element) -> Iterator[tuple[str, str]]:
    """Attribute names lowercased: old OPML 1.0 exporters wrote ``xmlurl``, ``htmlurl``."""
    for name, value in outline.attrib.items():
        if not str(name).startswith("{"):
            yield str(name).lower(), str(value)
