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
from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from harvester import __version__
from harvester.aggregator.atom import atom_feed
from harvester.aggregator.atomic import Staging
from harvester.aggregator.items import TAG_AUTHORITY, FeedDocument, FeedItem, FeedLink
from harvester.aggregator.jsonfeed import json_feed
from harvester.store import ArticleStore

MANIFEST = "archive/index.json"
FORMATS = (("atom", atom_feed), ("json", json_feed))


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


def write_archives(staging: Staging, store: ArticleStore, months: Sequence[ArchiveMonth],
                   subscription: Set[str], root: str, previous: Path | None,
                   current: FeedDocument) -> None:
    """Each month's documents, rendered or kept from ``previous`` (the last published set),
    and the manifest."""
    kept = _manifest(previous)
    position = {month.month: index for index, month in enumerate(months)}
    fresh: set[str] = set()
    for month in months:
        names = [f"archive/{month.month}.{extension}" for extension, _ in FORMATS]
        if previous is not None and kept.get(month.month) == month.made_from and all(
                (previous / name).is_file() for name in names):
            for name in names:
                staging.reuse(name, previous / name)
        else:
            fresh.add(month.month)
    for name, records in store.archived_articles(fresh, subscription):
        index = position[name]
        links = [FeedLink("current", current.url(root, "atom"), current.title)]
        if index:
            links.append(FeedLink("prev-archive", _url(root, months[index - 1].month)))
        if index + 1 < len(months):
            links.append(FeedLink("next-archive", _url(root, months[index + 1].month)))
        document = FeedDocument(
            f"archive/{name}", f"{current.title} — archives {name}",
            f"Les articles de {name} sortis du fil principal.",
            f"{TAG_AUTHORITY}archive/{name}", [FeedItem(record) for record in records],
            current.home, links, archive=True, bodies=False)
        for extension, write in FORMATS:
            staging.write(f"{document.name}.{extension}", write(document, root))
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
