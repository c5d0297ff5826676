"""Feed history (RFC 5005): every article that has left the subscription feed, in one archive
document per month, ``archive/YYYY-MM.atom`` and ``archive/YYYY-MM.json``.

The subscription feed links the newest archive as ``prev-archive``; each archive links the
month before (``prev-archive``), the month after (``next-archive``) and the subscription feed
(``current``), so that a client paging back from feed.atom meets every stored article exactly
once. The JSON Feed documents chain the same way through ``next_url``.

Archive entries carry an article's metadata and summary, not its body: every body is in
articles.json and articles.jsonl already, and tens of thousands of them again in two more
formats would triple the output set. A month whose articles, neighbours and address have not
changed keeps the documents of the previous publication (``archive/index.json`` says what each
was made from), so an hourly publication renders the newest month or two.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence, Set
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

from harvester import __version__
from harvester.aggregator.atom import atom_feed
from harvester.aggregator.atomic import Staging
from harvester.aggregator.items import TAG_AUTHORITY, FeedDocument, FeedItem, FeedLink
from harvester.aggregator.jsonfeed import json_feed
from harvester.store import ArticleStore

MANIFEST = "archive/index.json"
FORMATS = (("atom", atom_feed), ("json", json_feed))
PARALLEL_FROM = 5000
"""Archive entries to render from which a process of their own pays for its start."""


@dataclass(frozen=True)
class ArchiveMonth:
    month: str
    articles: int
    made_from: str
    """What the month's documents depend on: a new value means rendering them again."""


def archive_months(store: ArticleStore, subscription: Set[str], root: str) -> list[ArchiveMonth]:
    """The months of the articles not in the subscription feed, oldest first."""
    counted = store.archive_months(subscription)
    months = [month for month, _, _ in counted]
    plan = []
    for index, (month, articles, changed) in enumerate(counted):
        neighbours = (months[index - 1] if index else "", months[index + 1:index + 2])
        key = f"{__version__} {root} {month} {articles} {changed} {neighbours}"
        plan.append(ArchiveMonth(month, articles,
                                 hashlib.sha256(key.encode()).hexdigest()[:20]))
    return plan


def newest_archive(months: Sequence[ArchiveMonth], root: str) -> tuple[FeedLink, ...]:
    """The subscription feed's link to its history, if there is any."""
    return (FeedLink("prev-archive", _url(root, months[-1].month)),) if months else ()


@dataclass(frozen=True)
class ArchiveJob:
    """The months to render, and what their documents link to: picklable, so that a process
    of its own renders them while the publication writes the dumps."""

    months: tuple[ArchiveMonth, ...]
    fresh: frozenset[str]
    subscription: frozenset[str]
    root: str
    current: FeedLink
    """The subscription feed (its Atom URL and title)."""
    home: str

    def render(self, store: ArticleStore, folder: Path) -> list[str]:
        """Write the fresh months' documents under ``folder``; their names."""
        order = [month.month for month in self.months]
        written = []
        for name, records in store.archived_articles(self.fresh, self.subscription):
            index = order.index(name)
            links = [self.current]
            if index:
                links.append(FeedLink("prev-archive", _url(self.root, order[index - 1])))
            if index + 1 < len(order):
                links.append(FeedLink("next-archive", _url(self.root, order[index + 1])))
            document = FeedDocument(
                f"archive/{name}", f"{self.current.title} — archives {name}",
                f"Les articles de {name} sortis du fil principal.",
                f"{TAG_AUTHORITY}archive/{name}", [FeedItem(record) for record in records],
                self.home, links, archive=True, bodies=False)
            for extension, write in FORMATS:
                path = folder / f"{document.name}.{extension}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(write(document, self.root))
                written.append(f"{document.name}.{extension}")
        return written


def render_from(job: ArchiveJob, db: Path, folder: Path) -> list[str]:
    """A worker process's part: the job, read from its own connection to the store."""
    from harvester.store import open_store

    store = open_store(db)
    try:
        return job.render(store, folder)
    finally:
        store.close()


def start_archives(staging: Staging, store: ArticleStore, months: Sequence[ArchiveMonth],
                   subscription: Set[str], root: str, previous: Path | None,
                   current: FeedDocument) -> Callable[[], None]:
    """Keep the unchanged months of ``previous`` (the last published set) and start
    rendering the others: in a process of its own beside the rest of the publication when
    there are many articles to render and the store is a file, here otherwise. The returned
    call waits for them and writes the manifest."""
    kept = _manifest(previous)
    fresh: set[str] = set()
    for month in months:
        names = [f"archive/{month.month}.{extension}" for extension, _ in FORMATS]
        if previous is not None and kept.get(month.month) == month.made_from and all(
                (previous / name).is_file() for name in names):
            for name in names:
                staging.reuse(name, previous / name)
        else:
            fresh.add(month.month)
    job = ArchiveJob(tuple(months), frozenset(fresh), frozenset(subscription), root,
                     FeedLink("current", current.url(root, "atom"), current.title), current.home)
    db = getattr(store, "path", None)
    if sum(m.articles for m in months if m.month in fresh) < PARALLEL_FROM or db is None:
        staging.adopt(job.render(store, staging.version))
        return lambda: _finish(staging, months, [])
    halves = _halves([m for m in months if m.month in fresh])
    pool = ProcessPoolExecutor(len(halves), mp_context=get_context("spawn"))
    renderings = [pool.submit(render_from, replace(job, fresh=half), Path(db), staging.version)
                  for half in halves]
    pool.shutdown(wait=False)
    return lambda: _finish(staging, months, [n for r in renderings for n in r.result()])


def _halves(months: Sequence[ArchiveMonth]) -> list[frozenset[str]]:
    """The months in two groups of about as many articles (one process each)."""
    groups: tuple[set[str], set[str]] = (set(), set())
    sizes = [0, 0]
    for month in sorted(months, key=lambda m: -m.articles):
        lighter = sizes.index(min(sizes))
        groups[lighter].add(month.month)
        sizes[lighter] += month.articles
    return [frozenset(group) for group in groups if group]


def _finish(staging: Staging, months: Sequence[ArchiveMonth], rendered: list[str]) -> None:
    staging.adopt(rendered)
    staging.write(MANIFEST, json.dumps({
        "version": 1,
        "months": [{"month": m.month, "articles": m.articles, "atom": f"{m.month}.atom",
                    "json": f"{m.month}.json", "made_from": m.made_from} for m in months],
    }, indent=1).encode("utf-8"))


def _url(root: str, month: str) -> str:
    return f"{root}archive/{month}.atom"


def _manifest(previous: Path | None) -> dict[str, str]:
    """What the previous publication's archive documents were made from."""
    try:
        document = json.loads((previous / MANIFEST).read_text("utf-8")) if previous else {}
        return {entry["month"]: entry["made_from"] for entry in document.get("months", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
