"""Hourly reruns over the sample network: a rerun fetches only what changed, revalidation
uses conditional GET, a page whose sitemap or feed date advances is fetched again."""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

import pytest

from harvester.sample_network.server import sample_sites, serve_sample_network
from harvester.store import SQLiteStore
from tests.conftest import crawl_sample, report_rows
from tests.sites import add_routes, copy_network

KEYS = ("rtes", "cress-ara", "mouvement-asso", "avise")
REVALIDATE_ALL = ("--set", "HARVESTER_REVALIDATE=*=0")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def stored_paths(network, records: list[dict]) -> dict[str, set[str]]:
    """Per site, the paths where stored articles were seen (copies included)."""
    sites = {origin: key for key, origin in network.origins.items()}
    paths: dict[str, set[str]] = {}
    for record in records:
        for url in (record["url"], *record["also_at"]):
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
            paths.setdefault(sites[origin], set()).add(path_of(url))
    return paths


@pytest.fixture(scope="module")
def runs(network, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reruns")
    first = crawl_sample(network, tmp, *KEYS)
    second = crawl_sample(network, tmp, *KEYS)
    revalidated = crawl_sample(network, tmp, *KEYS, options=REVALIDATE_ALL)
    store = SQLiteStore(tmp / "store.sqlite")
    rows = store._db.execute("SELECT id, record, last_changed FROM articles").fetchall()
    store.close()
    return {"first": first, "second": second, "revalidated": revalidated, "rows": rows,
            "stored": stored_paths(network, first["records"])}


def article_requests(crawl: dict, key: str, stored: set[str]) -> list[str]:
    return [p for p in crawl["requests"][key] if p in stored]


def test_a_rerun_fetches_no_stored_article(runs):
    stored = runs["stored"]
    first = sum(len(r) for r in runs["first"]["requests"].values())
    second = sum(len(r) for r in runs["second"]["requests"].values())
    for key in KEYS:
        assert article_requests(runs["second"], key, stored[key]) == [], key
    assert second < first / 2


def test_a_rerun_counts_nothing_new_or_updated_and_skips_the_known_pages(runs):
    rows = report_rows(runs["second"]["result"].stdout)
    for key in KEYS:
        assert rows[key]["new"] == rows[key]["updated"] == rows[key]["merged"] == "0", key
        assert int(rows[key]["skipped"]) >= len(runs["stored"][key]) - 1


def test_due_revalidation_is_a_conditional_get(runs):
    stored = runs["stored"]
    answers = runs["revalidated"]["answers"]
    for key in ("rtes", "cress-ara", "avise"):
        statuses = {status for path, status in answers[key] if path in stored[key]}
        assert statuses == {304}, key
    rows = report_rows(runs["revalidated"]["result"].stdout)
    for key in KEYS:
        assert int(rows[key]["304"]) >= len(stored[key]) - 1, key
        assert rows[key]["updated"] == rows[key]["new"] == "0"


def test_a_server_without_validators_is_revalidated_by_the_body(runs):
    stored = runs["stored"]["mouvement-asso"]
    answers = runs["revalidated"]["answers"]["mouvement-asso"]
    assert {status for path, status in answers if path in stored} == {200}
    assert report_rows(runs["revalidated"]["result"].stdout)["mouvement-asso"]["articles"] == "0"


def test_revalidated_records_are_untouched(runs):
    first = {r["id"]: r for r in runs["first"]["records"]}
    assert {r["id"]: r for r in runs["revalidated"]["records"]} == first


def test_an_article_whose_sitemap_or_feed_date_advances_is_fetched_again(tmp_path):
    sites = copy_network(tmp_path)
    folder = sites / "rtes"
    with serve_sample_network(sample_sites(sites)) as network:
        first = crawl_sample(network, tmp_path, "rtes")
        for name, old, new in (("articles/1060.html", "Le plan local", "Le nouveau plan local"),
                               ("articles/1069.html", "La première est culturelle",
                                "La première difficulté est culturelle")):
            page = folder / name
            page.write_text(page.read_text("utf-8").replace(old, new), "utf-8")
            later = time.time() + 60
            os.utime(page, (later, later))
        replace_in(folder / "sitemap.xml", "Lille</loc><lastmod>2012-10-19T07:00:00Z",
                   "Lille</loc><lastmod>2026-11-29T10:00:00+01:00")
        replace_in(folder / "backend.xml", "<dc:date>2012-11-15T10:00:00Z",
                   "<dc:date>2026-11-29T10:00:00Z")
        second = crawl_sample(network, tmp_path, "rtes")
    stored = stored_paths(network, first["records"])["rtes"]
    assert sorted(p for p in second["requests"]["rtes"] if p in stored) == [
        "/Clauses-sociales-le-PLIE-de-Lille", "/Trois-questions-a-Helene-Verdier"]
    row = report_rows(second["result"].stdout)["rtes"]
    assert (row["updated"], row["new"]) == ("2", "0")
    texts = {path_of(r["url"]): r["content_text"] for r in second["records"]}
    assert "Le nouveau plan local" in texts["/Clauses-sociales-le-PLIE-de-Lille"]
    assert "La première difficulté" in texts["/Trois-questions-a-Helene-Verdier"]


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_sitemap_read_after_its_pages_makes_no_change_for_the_next_run(tmp_path):
    """Avise's sitemap dates its articles a few minutes after its feed does. Served slowly,
    it is read after the pages were fetched: its dates are theirs, not a change next run."""
    sites = copy_network(tmp_path)
    add_routes(sites / "avise", {"path": "/articles/sitemap.xml",
                                 "file": "sitemaps/articles.xml", "delay": 3.0,
                                 "content_type": "application/xml; charset=utf-8"})
    with serve_sample_network(sample_sites(sites)) as network:
        first = crawl_sample(network, tmp_path, "avise")
        second = crawl_sample(network, tmp_path, "avise")
    stored = stored_paths(network, first["records"])["avise"]
    assert [p for p in second["requests"]["avise"] if p in stored] == []
