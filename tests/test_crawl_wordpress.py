"""End-to-end: a WordPress site (family auto) is crawled through its feed and sitemap."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harvester.timestamps import PARIS, parse_iso
from pipelines.tags import normalize_tags
from tests.conftest import crawl_sample, truth

SITE = "mouvement-asso"


@pytest.fixture(scope="module")
def crawled(network, tmp_path_factory):
    return crawl_sample(network, tmp_path_factory.mktemp("wordpress"), SITE)


@pytest.fixture(scope="module")
def by_path(crawled):
    return {urlsplit(r["url"]).path: r for r in crawled["records"]}


def test_every_post_is_found_exactly_once(crawled):
    paths = sorted(urlsplit(r["url"]).path for r in crawled["records"])
    assert paths == sorted(a["path"] for a in truth(SITE)["articles"])


def test_posts_missing_from_the_feed_come_from_the_sitemap(crawled, by_path):
    only_sitemap = [a["path"] for a in truth(SITE)["articles"] if a["only_via_pagination"]]
    assert only_sitemap
    assert set(only_sitemap) <= set(by_path)
    assert "/wp-sitemap-posts-post-1.xml" in crawled["requests"][SITE]


def test_pages_documents_and_broken_posts_are_not_stored(crawled, by_path):
    for page in truth(SITE)["not_articles"]:
        assert page["path"] not in by_path, page
    report = crawled["result"].stdout
    assert "HTTP 500" in report
    assert "degraded" in report


@pytest.mark.parametrize("article", truth(SITE)["articles"], ids=lambda a: a["path"][12:40])
def test_fields_match_the_truth(crawled, by_path, article):
    record = by_path[article["path"]]
    assert record["title"] == article["title"]
    assert record["section"] == article["section"]
    assert [a["name"] for a in record["authors"]] == article["authors"]
    assert parse_iso(record["published"]).astimezone(PARIS).date().isoformat() == article[
        "published_local"]
    updated = record["updated"] and parse_iso(record["updated"]).astimezone(PARIS).date()
    assert (updated.isoformat() if updated else None) == article["updated_local"]
    synonyms = crawled["registry"].get(SITE).tag_synonyms
    assert record["tags"] == normalize_tags(article["tags"], synonyms)
    assert len(record["footnotes"]) == article["footnotes"]
    assert [a["title"] for a in record["attachments"]] == [
        a["title"] for a in article["attachments"]]
    assert len(record["images"]) == article["images"]
