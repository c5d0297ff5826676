"""The publication plan: every feed document of the output set, read from the store once.

- ``feed``: the newest articles of every source (the subscription feed);
- ``sources/<key>``: one per source of the registry or the store;
- ``tags/<slug>``: one per tag carried by at least ``tag_feed_min`` articles (tags that fold
  to the same slug, such as "ESS" and "ess", share one feed);
- ``archive/YYYY-MM``: the months of the articles the subscription feed no longer carries
  (harvester.aggregator.archive).

Each document is written as Atom, RSS and JSON Feed, with the same entries, ids and rules;
a source's or a tag's feed names the merged feed as ``related``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from harvester.aggregator.archive import ArchiveMonth, archive_months, newest_archive
from harvester.aggregator.items import (
    FEED_ID,
    FEED_SUBTITLE,
    FEED_TITLE,
    TAG_AUTHORITY,
    FeedDocument,
    FeedItem,
    FeedLink,
)
from harvester.registry import Source
from harvester.store import ArticleStore
from harvester.text import fold, one_line

TOPIC_FEED_LIMIT = 20
"""Entries in a source's or a tag's feed (the merged feed takes the publish limit)."""
TAG_FEED_MIN = 5
"""Articles a tag needs for a feed of its own (``--tag-feed-min``)."""
NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class PublicationPlan:
    root: str
    feeds: list[FeedDocument]
    sources: list[Source]
    """Registry sources first, then sources known only from stored articles."""
    archive: list[ArchiveMonth]
    """The months of the articles the subscription feed no longer carries (RFC 5005)."""

    def source_feed(self, key: str) -> str:
        return f"{self.root}sources/{key}.atom"


def slug(tag: str) -> str:
    """File name of a tag's feed: folded, ASCII letters and digits, hyphens."""
    text = NOT_SLUG.sub("-", fold(tag)).strip("-")[:60].strip("-")
    return text or "tag-" + hashlib.sha256(tag.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def plan_publication(store: ArticleStore, root: str, *, limit: int,
                     registry: Sequence[Source] = (), tag_feed_min: int = TAG_FEED_MIN,
                     hub: str | None = None) -> PublicationPlan:
    home = root + "index.html"
    known: dict[str, FeedItem] = {}

    def items(records: Iterable[dict[str, Any]]) -> list[FeedItem]:
        """Each article read once, however many feeds carry it."""
        return [known.get(r["id"]) or known.setdefault(r["id"], FeedItem.of(r)) for r in records]

    newest = items(store.articles(limit))
    archive = archive_months(store, {item.id for item in newest}, root)
    hubs = (FeedLink("hub", hub),) if hub else ()
    merged = FeedDocument("feed", FEED_TITLE, FEED_SUBTITLE, FEED_ID, newest, home,
                          (*hubs, *newest_archive(archive, root)))
    back = (*hubs, FeedLink("related", merged.url(root, "atom"), FEED_TITLE))
    sources = _sources(store, registry)
    feeds = [merged]
    for source in sources:
        name = one_line(source.name) or source.key
        feeds.append(FeedDocument(
            f"sources/{source.key}", f"{name} — ESS Harvester",
            f"Les actualités de {name} ({source.url}).",
            f"{TAG_AUTHORITY}source/{source.key}",
            items(store.articles_of_source(source.key, min(limit, TOPIC_FEED_LIMIT))),
            f"{root}sources/{source.key}.html", back, label=name))
    for name, tags in _tag_groups(store, tag_feed_min).items():
        label = one_line(min(tags, key=lambda t: (-len(t), t))) or name
        feeds.append(FeedDocument(
            f"tags/{name}", f"{label} — ESS Harvester",
            f"Les actualités des réseaux de l'ESS sur « {label} ».",
            f"{TAG_AUTHORITY}tag/{name}",
            items(store.articles_tagged(tags, min(limit, TOPIC_FEED_LIMIT))), home, back,
            label=label))
    return PublicationPlan(root, feeds, sources, archive)


def _sources(store: ArticleStore, registry: Sequence[Source]) -> list[Source]:
    known = {source.key for source in registry}
    stored = [Source(key=s["key"], name=s["name"], url=s["url"])
              for s in store.stored_sources() if s["key"] not in known]
    return [*registry, *stored]


def _tag_groups(store: ArticleStore, minimum: int) -> dict[str, frozenset[str]]:
    """Tags of enough articles, grouped by slug (counted together)."""
    groups: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for tag, count in store.tag_counts().items():
        name = slug(tag)
        groups.setdefault(name, set()).add(tag)
        counts[name] = counts.get(name, 0) + count
    return {name: frozenset(tags) for name, tags in sorted(groups.items())
            if counts[name] >= max(1, minimum)}
