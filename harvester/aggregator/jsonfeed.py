"""JSON Feed 1.1, with an ``_ess`` extension for what the standard has no field for. Feed
history follows the ``next_url`` convention: the subscription feed's next page is the newest
archive, each archive's the one before it."""

from __future__ import annotations

from typing import Any

import orjson

from harvester import PROJECT_URL
from harvester.aggregator.items import GENERATOR, FeedDocument, FeedItem

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(document: FeedDocument, root: str) -> bytes:
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": document.title,
        "home_page_url": document.home,
        "feed_url": document.url(root, "json"),
        "description": document.subtitle,
        "language": "fr",
        "authors": [{"name": GENERATOR[0], "url": GENERATOR[2]}],
    }
    hubs = [{"type": "WebSub", "url": link.href} for link in document.links if link.rel == "hub"]
    if hubs:
        feed["hubs"] = hubs
    older = [link.href for link in document.links if link.rel == "prev-archive"]
    if older:
        feed["next_url"] = json_twin(older[0])
    related = [{"url": json_twin(link.href), "title": link.title}
               for link in document.links if link.rel == "related"]
    if related or document.archive:
        feed["_ess"] = {"about": PROJECT_URL, "related": related, "archive": document.archive}
    feed["items"] = [_item(item, document.bodies) for item in document.items]
    return orjson.dumps(feed, option=orjson.OPT_APPEND_NEWLINE)


def json_twin(atom_url: str) -> str:
    """The JSON Feed of a document the links name by its Atom URL."""
    return atom_url.removesuffix(".atom") + ".json"


def _item(item: FeedItem, body: bool) -> dict[str, Any]:
    """A JSON Feed item; without the body, its summary stands as the (required) content."""
    record = item.record
    entry: dict[str, Any] = {"id": item.id, "url": item.url, "title": item.title}
    if body:
        entry.update(content_html=item.content_html, content_text=record["content_text"])
    else:
        entry["content_text"] = item.summary or item.title
    entry.update(date_modified=item.updated.isoformat(), language=record["language"])
    if item.summary:
        entry["summary"] = item.summary
    if item.published:
        entry["date_published"] = item.published.isoformat()
    if record["authors"]:
        entry["authors"] = [{"name": a["name"], **({"url": a["url"]} if a.get("url") else {})}
                            for a in record["authors"]]
    if record["tags"]:
        entry["tags"] = list(record["tags"])
    if record["images"]:
        entry["image"] = record["images"][0]["url"]
    if record["attachments"]:
        entry["attachments"] = [
            {"url": a["url"], "mime_type": a["mime_type"] or "application/octet-stream",
             "title": a["title"], **({"size_in_bytes": a["size_bytes"]}
                                     if a["size_bytes"] is not None else {})}
            for a in record["attachments"]
        ]
    entry["_ess"] = {
        "about": PROJECT_URL,
        "section": record["section"],
        "footnotes": record.get("footnotes", []),
        "source": item.source,
        "also_at": record["also_at"],
    }
    return entry
