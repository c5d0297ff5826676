"""Feed history (RFC 5005): paging back from the subscription feed through prev-archive meets
every stored article exactly once; unchanged months are kept from the last publication."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from harvester.aggregator import publish
from harvester.store import SQLiteStore
from tests.factories import article_record
from tests.feed_checks import ATOM, atom_problems, json_feed_problems

BASE = "https://feeds.example.org/ess/"
HISTORY = "{http://purl.org/syndication/history/1.0}archive"


def months_of_articles(store: SQLiteStore, per_month: int = 3) -> None:
    for month in range(1, 13):
        for day in range(1, per_month + 1):
            url = f"https://www.rtes.fr/2025-{month:02d}-{day}"
            store.save(article_record(url, title=f"Article {month}/{day}",
                                      published=f"2025-{month:02d}-{day:02d}T10:00:00+01:00"))
    store.save(article_record("https://www.rtes.fr/sans-date", title="Sans date",
                              published=None, updated=None))


@pytest.fixture
def store(tmp_path):
    opened = SQLiteStore(tmp_path / "store.sqlite")
    months_of_articles(opened)
    yield opened
    opened.close()


def local(out: Path, url: str) -> Path:
    return out / urlsplit(url).path.removeprefix(urlsplit(BASE).path)


def link(root: etree._Element, rel: str) -> str | None:
    found = [e.get("href") for e in root.findall(f"{ATOM}link") if e.get("rel") == rel]
    return found[0] if found else None


def page_back(out: Path) -> tuple[list[str], list[etree._Element]]:
    """Entry ids from feed.atom and every archive reached through prev-archive."""
    ids: list[str] = []
    documents = []
    path: Path | None = out / "feed.atom"
    while path is not None:
        root = etree.parse(str(path)).getroot()
        documents.append(root)
        ids += [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
        older = link(root, "prev-archive")
        path = local(out, older) if older else None
        assert len(documents) < 100
    return ids, documents


def test_paging_back_from_the_feed_meets_every_article_exactly_once(store, tmp_path):
    out = tmp_path / "out"
    publish(store, out, base=BASE, limit=5)
    ids, documents = page_back(out)
    stored = {f"tag:ess-harvester.github.io,2026:article/{r['id']}" for r in store.articles()}
    assert len(ids) == len(set(ids)) == len(stored) == 37
    assert set(ids) == stored
    assert len(documents) > 2
    for archive in documents[1:]:
        assert archive.find(HISTORY) is not None
        assert link(archive, "current") == BASE + "feed.atom"
        assert atom_problems(etree.tostring(archive)) == []
    assert documents[0].find(HISTORY) is None
    newest, older = documents[1], documents[2]
    assert link(older, "next-archive") == BASE + local(out, link(documents[0], "prev-archive")) \
        .relative_to(out).as_posix()
    assert link(newest, "next-archive") is None


def test_archive_entries_carry_the_summary_not_the_body(store, tmp_path):
    out = tmp_path / "out"
    publish(store, out, base=BASE, limit=5)
    archive = etree.parse(str(out / "archive" / "2025-01.atom")).getroot()
    entries = archive.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Article 1/3", "Article 1/2", "Article 1/1"]
    assert all(e.find(f"{ATOM}content") is None and e.findtext(f"{ATOM}summary")
               for e in entries)


def test_json_feed_history_follows_next_url(store, tmp_path):
    out = tmp_path / "out"
    publish(store, out, base=BASE, limit=5)
    seen, path = [], out / "feed.json"
    while path is not None:
        feed = json.loads(path.read_text("utf-8"))
        assert json_feed_problems(feed) == []
        seen += [item["id"] for item in feed["items"]]
        path = local(out, feed["next_url"]) if "next_url" in feed else None
    assert len(seen) == len(set(seen)) == 37


def test_unchanged_months_are_kept_from_the_last_publication(store, tmp_path):
    out = tmp_path / "out"
    publish(store, out, base=BASE, limit=5)
    before = {p.name: os.stat(p).st_ino for p in (out / "archive").iterdir()}
    store.save(article_record("https://www.rtes.fr/nouveau", title="Nouveau",
                              published="2026-01-01T10:00:00+01:00"))
    publish(store, out, base=BASE, limit=5)
    after = {p.name: os.stat(p).st_ino for p in (out / "archive").iterdir()}
    kept = {name for name in before if after.get(name) == before[name]}
    assert "2025-01.atom" in kept
    assert "2025-11.atom" not in kept  # an article of November left the subscription feed
    ids, _ = page_back(out)
    assert len(ids) == len(set(ids)) == 38


def test_archives_rendered_by_processes_of_their_own_are_the_same(store, tmp_path,
                                                                  monkeypatch):
    import harvester.aggregator.archive as archive

    publish(store, tmp_path / "here", base=BASE, limit=5)
    monkeypatch.setattr(archive, "PARALLEL_FROM", 1)
    publish(store, tmp_path / "apart", base=BASE, limit=5)
    here = {p.name: p.read_bytes() for p in (tmp_path / "here" / "archive").iterdir()}
    apart = {p.name: p.read_bytes() for p in (tmp_path / "apart" / "archive").iterdir()}
    assert here == apart
    assert len(here) == 2 * 11 + 2 + 1  # 2025 but December (all in the feed), undated, index
    ids, _ = page_back(tmp_path / "apart")
    assert len(ids) == len(set(ids)) == 37
