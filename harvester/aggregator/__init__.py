"""Publish the store: the feeds of the publication plan (merged, per source, per tag; RSS, Atom,
JSON Feed), their monthly archives, the OPML list of the sources, the river pages and the JSON
dumps."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harvester import __version__
from harvester.aggregator.archive import start_archives
from harvester.aggregator.atom import atom_feed
from harvester.aggregator.atomic import CURRENT, staged_publication
from harvester.aggregator.dump import write_dumps
from harvester.aggregator.items import FeedDocument
from harvester.aggregator.jsonfeed import json_feed
from harvester.aggregator.opml import OPML_TITLE, sources_opml
from harvester.aggregator.page import TEMPLATE, site_pages
from harvester.aggregator.plan import TAG_FEED_MIN, plan_publication
from harvester.aggregator.rss import rss_feed
from harvester.registry import Source
from harvester.store import ArticleStore
from harvester.timestamps import iso, utc_now

DEFAULT_OUT = Path("output")
DEFAULT_LIMIT = 100
FILES = ("feed.rss", "feed.atom", "feed.json", "articles.json", "articles.jsonl", "sources.opml",
         "index.html")
"""The files every publication has (beside the folders of per-source and per-tag feeds)."""


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
    changed_feeds: list[str] = field(default_factory=list)
    """With a WebSub hub, the URLs of the feeds whose bytes differ from the last
    publication's (the topics to notify); without one, nothing is compared."""


def publish_changes(store: ArticleStore, directory: Path, *, limit: int = DEFAULT_LIMIT,
                    base: str | None = None, registry: Sequence[Source] = (),
                    tag_feed_min: int = TAG_FEED_MIN, template_dirs: Sequence[Path] = (),
                    hub: str | None = None) -> Publication:
    """Publish, unless the outputs in place were made from the same store state, registry,
    options and version: then rewriting them would change nothing a reader can see."""
    root = base or base_url(None, directory)
    templates = [p.read_bytes() for d in template_dirs if (p := Path(d) / TEMPLATE).is_file()]
    sources = hashlib.sha256(repr((list(registry), templates)).encode()).hexdigest()[:16]
    made_from = (f"{__version__} {limit} {tag_feed_min} {root} {sources} {hub} "
                 f"{store.fingerprint()}")
    key = str(directory.resolve())
    if store.published_from(key) == made_from and all(
            (directory / name).exists() for name in FILES):
        count = store.count()
        return Publication(_published(directory), min(limit, count), count, written=False)
    publication = publish(store, directory, limit=limit, base=root, registry=registry,
                          tag_feed_min=tag_feed_min, template_dirs=template_dirs, hub=hub)
    store.record_publication(key, made_from)
    return publication


def publish(store: ArticleStore, directory: Path, *, limit: int = DEFAULT_LIMIT,
            base: str | None = None, registry: Sequence[Source] = (),
            tag_feed_min: int = TAG_FEED_MIN, template_dirs: Sequence[Path] = (),
            hub: str | None = None) -> Publication:
    """Write the output set from the store (see plan_publication): the feeds, the OPML list
    of the sources, the river pages (a ``river.html.j2`` in one of ``template_dirs``
    replaces the packaged template) and the dumps; all of it changes, or none does. With a
    WebSub ``hub``, the feeds name it."""
    root = base or base_url(None, directory)
    plan = plan_publication(store, root, limit=limit, registry=registry,
                            tag_feed_min=tag_feed_min, hub=hub)
    writers: tuple[tuple[str, Callable[[FeedDocument, str], bytes]], ...] = (
        ("rss", rss_feed), ("atom", atom_feed), ("json", json_feed))
    now = utc_now()
    current = directory / CURRENT
    previous = current.resolve() if current.is_symlink() else None
    changed: list[str] = []
    with staged_publication(directory) as staging:
        archives_done = start_archives(staging, store, plan.archive,
                                       {i.id for i in plan.feeds[0].items}, root, previous,
                                       plan.feeds[0])
        for document in plan.feeds:
            for extension, write in writers:
                name, data = f"{document.name}.{extension}", write(document, root)
                staging.write(name, data)
                if hub and (previous is None or not _same(previous / name, data)):
                    changed.append(document.url(root, extension))
        staging.write("sources.opml", sources_opml(plan.sources, title=OPML_TITLE,
                                                   feed_base=root, created=now))
        for name, page in site_pages(plan, now, template_dirs):
            staging.write(name, page)
        with staging.stream("articles.json") as document_stream, \
                staging.stream("articles.jsonl") as lines:
            count = write_dumps(document_stream, lines, store.article_json(), store.count(),
                                iso(now))
        archives_done()
    return Publication(_published(directory), len(plan.feeds[0].items), count,
                       changed_feeds=changed)


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _published(directory: Path) -> list[Path]:
    """The names of the output set, as a reader finds them (files and folders)."""
    return sorted(path for path in directory.iterdir()
                  if path.is_symlink() and not path.name.startswith(".")
                  and path.name != CURRENT)
