"""JSON Feed 1.1, with an ``_ess`` extension for what the standard has no field for."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from harvester import PROJECT_URL
from harvester.aggregator.items import FEED_SUBTITLE, FEED_TITLE, GENERATOR, FeedItem

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(items: Sequence[FeedItem], self_url: str, home_url: str) -> bytes:
    feed = {
        "version": VERSION,
        "title": FEED_TITLE,
        "home_page_url": home_url,
        "feed_url": self_url,
        "description": FEED_SUBTITLE,
        "language": "fr",
        "authors": [{"name": GENERATOR[0], "url": GENERATOR[2]}],
        "items": [_item(item) for item in items],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _item(item: FeedItem) -> dict[str, Any]:
    record = item.record
    entry: dict[str, Any] = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "content_text": record["content_text"],
        "date_modified": item.updated.isoformat(),
        "language": record["language"],
    }
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
        "footnotes": record["footnotes"],
        "source": item.source,
        "also_at": record["also_at"],
    }
    return entry
