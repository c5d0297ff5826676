"""Golden files: each fixture page gives exactly its expected Article, field by field."""

from __future__ import annotations

import json

import pytest

from harvester.schema import article_errors
from tests.golden import all_cases, run_case

CASES = all_cases()
FIELDS = ("id", "url", "source", "title", "summary", "authors", "published", "updated",
          "language", "section", "tags", "content_html", "content_text", "footnotes",
          "attachments", "images", "also_at", "fetched_at")


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("golden")
    return {case.id: run_case(case, tmp) for case in CASES}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_golden_field(case, field, results):
    expected = json.loads(case.expected_path.read_text("utf-8"))
    assert results[case.id][field] == expected[field], (
        f"{case.id}: field {field!r} differs; if the change is intended, run "
        f"`python -m tests.regen {case.name}` and review the diff")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_golden_record_is_schema_valid(case, results):
    assert article_errors(results[case.id]) == []


def test_every_family_has_golden_cases():
    assert {case.family for case in CASES} >= {"spip", "wordpress", "drupal", "generic"}
    assert len([c for c in CASES if c.family == "spip"]) >= 10


def test_a_drupal_basic_page_is_not_an_article(tmp_path):
    from harvester.extract import decode_html, extract
    from harvester.registry import Source
    from tests.golden import sample_network

    network = sample_network()
    site = network.sites["avise"]
    route = site.routes["/qui-sommes-nous"]
    html = decode_html(network.render("avise", site.body(route)), route.content_type)
    raw = extract(html, "https://www.avise.org/qui-sommes-nous",
                  Source(key="avise", name="Avise", url="https://www.avise.org/"))
    assert raw.not_article == "a Drupal page node, not a news article"
