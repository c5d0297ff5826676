"""A generated SPIP site with a long paginated listing and no sitemap: a killed run is resumed,
the page limit carries over to the next run, failed articles heal, and a redesign that makes
the dates vanish is reported."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from harvester.sample_network.server import SampleSite, serve_sample_network
from harvester.store import SQLiteStore
from tests.conftest import FAST_CRAWL, ROOT, harvester, report_rows
from tests.sites import SpipSite, add_routes, spip_site


def sources_for(network, tmp_path: Path, key: str = "paginated") -> Path:
    path = tmp_path / f"{key}.toml"
    path.write_text(f'[[source]]\nkey = "{key}"\nname = "Réseau généré"\n'
                    f'url = "{network.origins[key]}/"\nfamily = "spip"\n', "utf-8")
    return path


def crawl(sources: Path, db: Path, *options: str):
    return harvester("crawl", "--sources", str(sources), "--db", str(db), *FAST_CRAWL, *options)


def stored(db: Path) -> set[str]:
    store = SQLiteStore(db)
    paths = {"{0.path}?{0.query}".format(urlsplit(r["url"])) for r in store.articles()}
    store.close()
    return paths


def runs(db: Path) -> list[str]:
    store = SQLiteStore(db)
    statuses = [row[0] for row in store._db.execute("SELECT status FROM runs ORDER BY id")]
    store.close()
    return statuses


def count_articles(db: Path) -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def unread_listing_pages(db: Path) -> list[str]:
    store = SQLiteStore(db)
    pages = [url for record in store.listings_of("paginated").values()
             for url in record.frontier]
    store.close()
    return pages


def test_a_run_killed_mid_pagination_is_resumed_and_marked_aborted(tmp_path):
    site = spip_site(tmp_path, count=60, per_page=6, delay=0.01, listing_delay=0.3)
    with serve_sample_network([SampleSite.load(site.folder)]) as network:
        sources = sources_for(network, tmp_path)
        db = tmp_path / "killed.sqlite"
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.run_harvester", "crawl", "--sources", str(sources),
             "--db", str(db), *FAST_CRAWL], cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while count_articles(db) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        unread = unread_listing_pages(db)
        killed_with = stored(db)
        rerun = crawl(sources, db)
        whole = crawl(sources, tmp_path / "whole.sqlite")
    assert unread, "the kill came after the listing was read"
    assert 10 <= len(killed_with) < 60
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-2000:]
    expected = {p for p in site.article_paths()}
    assert stored(db) == stored(tmp_path / "whole.sqlite") == expected
    assert whole.returncode == 0
    assert runs(db) == ["aborted", "ok"]


def test_the_listing_page_limit_carries_over_to_the_next_runs(tmp_path):
    site = spip_site(tmp_path, count=40, per_page=5)
    with serve_sample_network([SampleSite.load(site.folder)]) as network:
        sources = sources_for(network, tmp_path)
        db = tmp_path / "limited.sqlite"
        first = crawl(sources, db, "--set", "HARVESTER_MAX_LISTING_PAGES=2")
        after_first = stored(db)
        results = [crawl(sources, db, "--set", "HARVESTER_MAX_LISTING_PAGES=2")
                   for _ in range(3)]
    assert first.returncode == 1
    assert report_rows(first.stdout)["paginated"]["status"] == "degraded"
    assert "listing page(s) not read yet; the next run goes on from there" in first.stdout
    assert len(after_first) < 40
    assert results[-1].returncode == 0, results[-1].stdout
    assert stored(db) == set(site.article_paths())


def site_with_a_broken_article(tmp_path: Path, status: int) -> SpipSite:
    """A small generated site whose article 7 answers an error page."""
    site = spip_site(tmp_path, count=12, per_page=5)
    add_routes(site.folder, {"path": "/spip.php?article7", "file": "sommaire.html",
                             "status": status})
    return site


def test_an_article_that_failed_is_stored_by_the_next_run(tmp_path):
    site = site_with_a_broken_article(tmp_path, 500)
    with serve_sample_network([SampleSite.load(site.folder)]) as network:
        sources = sources_for(network, tmp_path)
        db = tmp_path / "heal.sqlite"
        first = crawl(sources, db)
        add_routes(site.folder, {"path": "/spip.php?article7", "file": "articles/7.html"})
        network.reload()
        healed = crawl(sources, db)
    assert "/spip.php?article7: HTTP 500\n" in first.stdout
    assert report_rows(first.stdout)["paginated"]["failed"] == "1"
    assert healed.returncode == 0, healed.stdout
    assert "/spip.php?article7" in stored(db)
    assert "article7" not in healed.stdout


def test_a_failing_article_is_retried_after_growing_waits_and_stays_reported(tmp_path):
    site = site_with_a_broken_article(tmp_path, 503)
    with serve_sample_network([SampleSite.load(site.folder)]) as network:
        sources = sources_for(network, tmp_path)
        db = tmp_path / "backoff.sqlite"
        results = [crawl(sources, db) for _ in range(3)]
        retried = crawl(sources, db, "--set", "HARVESTER_RETRY=0")
        requests = [p for _, p in network.requests].count("/spip.php?article7")
    second, third = results[1].stdout, results[2].stdout
    assert "/spip.php?article7: HTTP 503 (failing since" in second
    assert "2 attempts)" in second
    assert "/spip.php?article7: HTTP 503 (failing since" in third, "reported while waiting"
    assert "2 attempts)" in third, "the third run waits an hour before trying again"
    assert report_rows(third)["paginated"]["status"] == "degraded"
    assert "3 attempts)" in retried.stdout
    assert requests == 3


def test_a_redesign_that_loses_the_dates_is_reported(tmp_path):
    spip_site(tmp_path, count=20, per_page=10, sitemap=True)
    folder = tmp_path / "paginated"
    with serve_sample_network([SampleSite.load(folder)]) as network:
        sources = sources_for(network, tmp_path)
        db = tmp_path / "redesign.sqlite"
        before = crawl(sources, db)
        spip_site(tmp_path, count=26, per_page=10, sitemap=True, dated=False)
        network.reload()
        after = crawl(sources, db)
    assert before.returncode == 0, before.stdout
    assert after.returncode == 1
    assert report_rows(after.stdout)["paginated"]["status"] == "degraded"
    assert "field 'published' found on 0% of the 6 pages read (was 100%)" in after.stdout
