"""Records do not flip on unchanged sites: merged copies stay merged, and what the feed says
of a page is the same whichever way the page is reached first."""

from __future__ import annotations

from harvester.sample_network.server import sample_sites, serve_sample_network
from harvester.store import SQLiteStore
from tests.conftest import crawl_sample, report_rows
from tests.sites import add_routes, copy_network

PAIR = ("rtes", "cress-ara")


def rows(db) -> dict[str, tuple]:
    store = SQLiteStore(db)
    found = {row[0]: row[1:] for row in store._db.execute(
        "SELECT id, record, content_hash, first_seen, last_changed FROM articles")}
    store.close()
    return found


def test_five_full_reruns_over_a_cross_site_duplicate_change_nothing(network, tmp_path):
    """--full fetches and processes every article again: the strictest rerun there is."""
    first = crawl_sample(network, tmp_path, *PAIR)
    merged = [r for r in first["records"] if r["also_at"]]
    assert len(merged) == 1
    before = rows(tmp_path / "store.sqlite")
    for _ in range(5):
        again = crawl_sample(network, tmp_path, *PAIR, options=("--full",))
        for key, row in report_rows(again["result"].stdout).items():
            assert (row["new"], row["updated"], row["merged"]) == ("0", "0", "0"), key
        assert rows(tmp_path / "store.sqlite") == before
        assert int(report_rows(again["result"].stdout)["rtes"]["unchanged"]) > 5


def summaries(tmp_path, slow: list[str]) -> dict[str, str | None]:
    """Crawl a WordPress copy whose given paths answer slowly; summaries by URL path."""
    sites = copy_network(tmp_path)
    folder = sites / "mouvement-asso"
    manifest = (folder / "site.toml").read_text("utf-8")
    for path in slow:
        start = manifest.index(f'path = "{path}"\n')
        route = manifest[start:manifest.index("\n\n", start)]
        fields = dict(line.split(" = ", 1) for line in route.splitlines() if " = " in line)
        add_routes(folder, {k: v.strip('"') for k, v in fields.items()
                            if k in ("path", "file", "content_type")} | {"delay": 1.0})
    with serve_sample_network(sample_sites(sites)) as network:
        crawled = crawl_sample(network, tmp_path, "mouvement-asso")
    return {r["url"].split("/", 3)[3]: r["summary"] for r in crawled["records"]}


def test_the_summary_is_the_same_whether_the_feed_or_the_sitemap_comes_first(tmp_path):
    feed_last = summaries(tmp_path / "a", ["/feed/"])
    feed_first = summaries(tmp_path / "b", ["/", "/wp-sitemap-posts-post-1.xml"])
    assert feed_last == feed_first
    from_feed = feed_first["2024/01/25/benevolat-ce-que-disent-les-dernieres-enquetes/"]
    assert from_feed.startswith("Combien de Français donnent aujourd’hui de leur temps")
    assert "&#" not in from_feed
    assert from_feed.endswith("…")
