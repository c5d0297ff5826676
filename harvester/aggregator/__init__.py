"""Publish the store: merged feeds (RSS, Atom, JSON Feed) and the JSON dumps."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harvester import __version__
from harvester.aggregator.atom import atom_feed
from harvester.aggregator.atomic import staged_publication
from harvester.aggregator.dump import write_dumps
from harvester.aggregator.items import FeedItem
from harvester.aggregator.jsonfeed import json_feed
from harvester.aggregator.rss import rss_feed
from harvester.store import ArticleStore
from harvester.timestamps import iso, utc_now

DEFAULT_OUT = Path("output")
DEFAULT_LIMIT = 100
FILES = ("feed.rss", "feed.atom", "feed.json", "articles.json", "articles.jsonl")


def out_dir(option: str | None = None) -> Path:
    """The output directory: --out, else $HARVESTER_OUT, else output/."""
    return Path(option or os.environ.get("HARVESTER_OUT") or DEFAULT_OUT)


def base_url(option: str | None, directory: Path) -> str:
    """Where the output directory is served (--base-url, $HARVESTER_BASE_URL), for self
    links; a file: URL of the directory when it is not served."""
    chosen = option or os.environ.get("HARVESTER_BASE_URL")
    return chosen.rstrip("/") + "/" if chosen else directory.resolve().as_uri() + "/"


@dataclass(frozen=True)
class Publication:
    files: list[Path]
    entries: int
    articles: int
    written: bool = True


def publish_changes(store: ArticleStore, directory: Path, *, limit: int = DEFAULT_LIMIT,
                    base: str | None = None) -> Publication:
    """Publish, unless the outputs in place were made from the same store state, options and
    version: then rewriting them would change nothing a reader can see."""
    root = base or base_url(None, directory)
    made_from = f"{__version__} {limit} {root} {store.fingerprint()}"
    key = str(directory.resolve())
    if store.published_from(key) == made_from and all(
            (directory / name).is_file() for name in FILES):
        count = store.count()
        return Publication([directory / name for name in FILES], min(limit, count), count,
                           written=False)
    publication = publish(store, directory, limit=limit, base=root)
    store.record_publication(key, made_from)
    return publication


def publish(store: ArticleStore, directory: Path, *, limit: int = DEFAULT_LIMIT,
            base: str | None = None) -> Publication:
    """Write the five outputs from the store; all of them change, or none does."""
    root = base or base_url(None, directory)
    items = [FeedItem.of(r) for r in store.articles(limit)]
    updated = max((i.updated for i in items), default=None) or utc_now()
    feeds: list[tuple[str, Callable[[], bytes]]] = [
        ("feed.rss", lambda: rss_feed(items, root + "feed.rss", root, updated)),
        ("feed.atom", lambda: atom_feed(items, root + "feed.atom", root, updated)),
        ("feed.json", lambda: json_feed(items, root + "feed.json", root)),
    ]
    with staged_publication(directory) as staging:
        for name, render in feeds:
            staging.write(name, render())
        with staging.stream("articles.json") as document, \
                staging.stream("articles.jsonl") as lines:
            count = write_dumps(document, lines, store.article_texts(), store.count(),
                                iso(utc_now()))
    return Publication([directory / name for name in FILES], len(items), count)
