"""End-to-end: WordPress and Drupal sites (family auto) crawled through their feed, their
sitemap and the home page, against each site's truth file."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harvester.timestamps import PARIS, parse_iso
from pipelines.tags import normalize_tags
from tests.conftest import crawl_sample, report_rows, truth

SITES = ("mouvement-asso", "avise")
ARTICLES = [(site, article) for site in SITES for article in truth(site)["articles"]]


@pytest.fixture(scope="module")
def crawls(network, tmp_path_factory):
    return {site: crawl_sample(network, tmp_path_factory.mktemp(site), site) for site in SITES}


def by_path(crawl):
    return {urlsplit(r["url"]).path: r for r in crawl["records"]}


@pytest.mark.parametrize("site", SITES)
def test_every_article_is_found_exactly_once(crawls, site):
    paths = sorted(urlsplit(r["url"]).path for r in crawls[site]["records"])
    assert paths == sorted(a["path"] for a in truth(site)["articles"])


@pytest.mark.parametrize("site", SITES)
def test_articles_missing_from_the_feed_come_from_the_sitemap(crawls, site):
    missing = [a["path"] for a in truth(site)["articles"] if a["only_via_pagination"]]
    assert missing
    assert set(missing) <= set(by_path(crawls[site]))


@pytest.mark.parametrize("site", SITES)
def test_pages_documents_and_broken_articles_are_not_stored(crawls, site):
    stored = by_path(crawls[site])
    for page in truth(site)["not_articles"]:
        assert page["path"] not in stored, page
    assert "HTTP 500" in crawls[site]["result"].stdout
    assert report_rows(crawls[site]["result"].stdout)[site]["status"] == "degraded"


def test_the_family_is_detected_and_the_feed_discovered(crawls):
    assert "/rss.xml" in crawls["avise"]["requests"]["avise"]
    assert "/robots.txt" in crawls["avise"]["requests"]["avise"]
    assert "/feed/" in crawls["mouvement-asso"]["requests"]["mouvement-asso"]


@pytest.mark.parametrize(("site", "article"), ARTICLES,
                         ids=[f"{s}:{a['path'][-40:]}" for s, a in ARTICLES])
def test_fields_match_the_truth(crawls, site, article):
    record = by_path(crawls[site])[article["path"]]
    assert record["title"] == article["title"]
    assert record["section"] == article["section"]
    assert [a["name"] for a in record["authors"]] == article["authors"]
    published = parse_iso(record["published"]).astimezone(PARIS).date()
    assert published.isoformat() == article["published_local"]
    updated = record["updated"] and parse_iso(record["updated"]).astimezone(PARIS).date()
    assert (updated.isoformat() if updated else None) == article["updated_local"]
    synonyms = crawls[site]["registry"].get(site).tag_synonyms
    assert record["tags"] == normalize_tags(article["tags"], synonyms)
    assert len(record["footnotes"]) == article["footnotes"]
    assert [a["title"] for a in record["attachments"]] == [
        a["title"] for a in article["attachments"]]
    assert len(record["images"]) == article["images"]
