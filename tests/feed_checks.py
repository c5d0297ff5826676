"""Structural checks of written feeds: RFC 4287 for Atom, JSON Feed 1.1 rules."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def is_iri(value: str | None) -> bool:
    return bool(value) and bool(urlsplit(value).scheme) and " " not in value


def atom_problems(data: bytes) -> list[str]:
    """Violations of RFC 4287's rules that matter to feed readers."""
    problems: list[str] = []
    feed = etree.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return [f"root is {feed.tag}"]

    def check_dates(element: etree._Element, where: str) -> None:
        for name in ("updated", "published"):
            for node in element.findall(f"{ATOM}{name}"):
                if not RFC3339.match(node.text or ""):
                    problems.append(f"{where}: {name} {node.text!r} is not RFC 3339")

    for required in ("id", "title", "updated"):
        if len(feed.findall(f"{ATOM}{required}")) != 1:
            problems.append(f"feed: needs exactly one {required}")
    if not is_iri(feed.findtext(f"{ATOM}id")):
        problems.append("feed: id is not an IRI")
    check_dates(feed, "feed")
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    for index, entry in enumerate(feed.findall(f"{ATOM}entry")):
        where = f"entry {index}"
        for required in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{required}")) != 1:
                problems.append(f"{where}: needs exactly one {required}")
        if not is_iri(entry.findtext(f"{ATOM}id")):
            problems.append(f"{where}: id is not an IRI")
        check_dates(entry, where)
        if not feed_has_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author and no feed author")
        links = entry.findall(f"{ATOM}link")
        alternates = Counter((link.get("type"), link.get("hreflang")) for link in links
                             if link.get("rel", "alternate") == "alternate")
        if any(count > 1 for count in alternates.values()):
            problems.append(f"{where}: several alternate links with the same type/hreflang")
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append(f"{where}: neither content nor alternate link")
        for link in links:
            if not is_iri(link.get("href")):
                problems.append(f"{where}: link href {link.get('href')!r} is not an IRI")
            if link.get("rel") == "enclosure" and not link.get("type"):
                problems.append(f"{where}: enclosure link without type")
            if link.get("length") is not None and not link.get("length", "").isdigit():
                problems.append(f"{where}: link length {link.get('length')!r} is no size")
    return problems


def json_feed_problems(feed: dict[str, Any]) -> list[str]:
    """Violations of the JSON Feed 1.1 specification's rules."""
    problems: list[str] = []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version is not 1.1")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("title is required")
    if not isinstance(feed.get("items"), list):
        return [*problems, "items must be an array"]
    for key in ("home_page_url", "feed_url"):
        if key in feed and not is_iri(feed[key]):
            problems.append(f"{key} is not a URL")
    ids = [item.get("id") for item in feed["items"]]
    if len(ids) != len(set(ids)):
        problems.append("item ids are not unique")
    for index, item in enumerate(feed["items"]):
        where = f"item {index}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: id must be a non-empty string")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"{where}: content_html or content_text is required")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.match(item[key]):
                problems.append(f"{where}: {key} is not RFC 3339")
        for author in item.get("authors", []):
            if not any(k in author for k in ("name", "url", "avatar")):
                problems.append(f"{where}: author without name, url or avatar")
        if "tags" in item and not all(isinstance(t, str) for t in item["tags"]):
            problems.append(f"{where}: tags must be strings")
        for attachment in item.get("attachments", []):
            if not is_iri(attachment.get("url")) or not attachment.get("mime_type"):
                problems.append(f"{where}: attachment needs url and mime_type")
            size = attachment.get("size_in_bytes")
            if size is not None and not isinstance(size, int):
                problems.append(f"{where}: size_in_bytes must be a number")
        for key in item:
            known = {"id", "url", "external_url", "title", "content_html", "content_text",
                     "summary", "image", "banner_image", "date_published", "date_modified",
                     "authors", "tags", "language", "attachments"}
            if key not in known and not key.startswith("_"):
                problems.append(f"{where}: unknown field {key}")
    return problems


SCHEME_NOISE = re.compile(r"[\x00-\x20]")
"""What browsers skip in a URL's scheme ("java\tscript:" runs)."""
RUNNABLE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def executable(fragment: str) -> list[str]:
    """What a browser would run in an HTML fragment: scripts, event handlers, js: URLs."""
    if not fragment.strip():
        return []
    found = []
    for node in lxml_html.fragment_fromstring(fragment, create_parent="div").iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag in ("script", "iframe", "object", "embed", "svg"):
            found.append(f"<{node.tag}>")
        found += [f"{node.tag}@{name}" for name in node.attrib if name.lower().startswith("on")]
        found += [f"{node.tag}@{name}={value}" for name, value in node.attrib.items()
                  if SCHEME_NOISE.sub("", value).lower().startswith(RUNNABLE_SCHEMES)]
    return found


def html_fields(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Every value a reader renders as HTML, per output."""
    rss = etree.fromstring(files["feed.rss"])
    atom = etree.fromstring(files["feed.atom"])
    ns = {"a": "http://www.w3.org/2005/Atom",
          "content": "http://purl.org/rss/1.0/modules/content/"}
    feed = json.loads(files["feed.json"])
    return {
        "rss description": rss.xpath("//item/description/text()"),
        "rss content:encoded": rss.xpath("//item/content:encoded/text()", namespaces=ns),
        "atom html": [e.text or "" for e in atom.xpath(
            "//a:entry/*[@type='html']", namespaces=ns)],
        "json content_html": [i.get("content_html", "") for i in feed["items"]],
    }
