"""End-to-end: the real spider crawls the loopback SPIP sites into a store."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harvester.timestamps import PARIS, parse_iso
from tests.conftest import crawl_sample, report_rows, truth


@pytest.fixture(scope="module")
def crawled(network, tmp_path_factory):
    """Two crawls of the rtes site: a first harvest, then a cron re-run."""
    tmp = tmp_path_factory.mktemp("crawl")
    first = crawl_sample(network, tmp, "rtes")
    second = crawl_sample(network, tmp, "rtes")
    return {"first": first["result"], "second": second["result"],
            "records": second["records"], "last_run": second["last_run"],
            "first_requests": first["requests"]["rtes"],
            "second_requests": second["requests"]["rtes"]}


def paths(records):
    return sorted(urlsplit(r["url"]).path + (f"?{urlsplit(r['url']).query}"
                                             if urlsplit(r["url"]).query else "")
                  for r in records)


def test_every_article_is_found_exactly_once(crawled):
    expected = sorted(a["path"] for a in truth("rtes")["articles"])
    assert paths(crawled["records"]) == expected


def test_articles_only_reachable_through_pagination_are_found(crawled):
    deep = {a["path"] for a in truth("rtes")["articles"] if a["only_via_pagination"]}
    assert len(deep) >= 2
    assert deep <= set(paths(crawled["records"]))
    assert any("debut_articles=5" in p for p in crawled["first_requests"])


def test_not_articles_are_not_stored(crawled):
    stored = set(paths(crawled["records"]))
    for page in truth("rtes")["not_articles"]:
        assert page["path"] not in stored, page


def test_robots_txt_is_obeyed(crawled):
    refused = [p["path"] for p in truth("rtes")["not_articles"] if p["why"] == "robots"]
    assert refused
    assert "/robots.txt" in crawled["first_requests"]
    assert not set(refused) & set(crawled["first_requests"])


def test_fields_match_the_truth(crawled):
    by_path = {urlsplit(r["url"]).path: r for r in crawled["records"]}
    for article in truth("rtes")["articles"]:
        record = by_path.get(urlsplit(article["path"]).path) or next(
            r for r in crawled["records"] if r["url"].endswith(article["path"]))
        assert record["title"] == article["title"]
        assert record["section"] == article["section"]
        published = parse_iso(record["published"]).astimezone(PARIS).date().isoformat()
        assert published == article["published_local"], article["path"]
        assert len(record["footnotes"]) == article["footnotes"], article["path"]
        assert len(record["attachments"]) == len(article["attachments"]), article["path"]


def test_failures_are_reported_with_url_and_reason(crawled):
    first = crawled["first"]
    assert first.returncode == 1, first.stderr[-2000:]
    assert "rtes" in first.stdout
    assert "degraded" in first.stdout
    assert "/Tribune-l-ESS-dans-les-contrats-de: HTTP 500" in first.stdout
    assert "/article1063: no title" in first.stdout


def test_run_is_recorded_with_per_source_counters(crawled):
    run = crawled["last_run"]
    assert run["status"] == "degraded"
    report = run["report"]["rtes"]
    assert report["counts"]["new"] == report["counts"]["updated"] == 0
    assert report["skipped"] >= 5
    assert report["pages"] > 0


def test_first_run_counts_new_articles(crawled):
    row = report_rows(crawled["first"].stdout)["rtes"]
    assert int(row["new"]) == len(truth("rtes")["articles"])


def test_rerun_stops_paginating_when_a_page_holds_only_stored_articles(crawled):
    first, second = crawled["first_requests"], crawled["second_requests"]
    deep_pages = [p for p in first if "debut_articles=10" in p]
    assert deep_pages
    assert not [p for p in second if "debut_articles=10" in p]
    assert len(second) < len(first)
