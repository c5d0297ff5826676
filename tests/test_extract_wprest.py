"""REST API posts into the page the WordPress extractor reads, and what is not a posts list."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harvester.extract import extract
from harvester.extract.wprest import RestError, post_page, posts_url, read_posts
from harvester.registry import Source

SOURCE = Source(key="asso", name="Asso", url="https://asso.example/", family="wordpress")
POST = {
    "id": 7, "status": "publish", "link": "https://asso.example/2024/05/02/rencontre/",
    "date_gmt": "2024-05-02T08:00:00", "modified_gmt": "2024-05-03T09:30:00",
    "title": {"rendered": "Rencontre &#8211; l&#8217;ESS &amp; les communes"},
    "content": {"rendered": "<p>Premier paragraphe <a href=\"/x/\">lien</a> suite.</p>\n"
                            "<div class=\"wp-block-file\"><a href=\"/wp-content/uploads/a.pdf\">"
                            "Programme</a></div>"},
    "excerpt": {"rendered": "<p>Premier paragraphe [&hellip;]</p>"},
    "yoast_head_json": {"og_locale": "fr_FR"},
    "_embedded": {
        "author": [{"id": 3, "name": "Claire <Dubois> & Co", "link": "https://asso.example/author/cd/"}],
        "wp:featuredmedia": [{"source_url": "https://asso.example/img/une.jpg",
                              "alt_text": "Une \"salle\""}],
        "wp:term": [[{"taxonomy": "category", "name": "Actualités", "link": "/category/a/"}],
                    [{"taxonomy": "post_tag", "name": "Emploi &amp; insertion", "link": "/tag/e/"},
                     {"taxonomy": "post_tag", "name": "Communes", "link": "/tag/c/"}]]},
}


def test_a_post_reads_as_its_page():
    raw = extract(post_page(POST), POST["link"], SOURCE, fetched_at="2024-05-04T00:00:00Z")
    assert raw.title == "Rencontre – l’ESS & les communes"
    assert [a.name for a in raw.authors] == ["Claire <Dubois> & Co"]
    assert raw.published[0].startswith("2024-05-02T08:00:00")
    assert raw.updated[0].startswith("2024-05-03T09:30:00")
    assert raw.tags == ["Emploi & insertion", "Communes"]
    assert raw.section == ["Actualités"]
    assert raw.language == "fr-FR"
    assert "Premier paragraphe" in raw.body_html
    assert "Actualités" not in raw.body_html
    assert [a.title for a in raw.attachments] == ["Programme"]
    assert raw.images[0].url == "https://asso.example/img/une.jpg"


def test_posts_urls_ask_for_embedded_posts_newest_change_first():
    assert posts_url("https://asso.example/wp-json/", 2, 100) == (
        "https://asso.example/wp-json/wp/v2/posts?_embed=1&orderby=modified&order=desc"
        "&per_page=100&page=2")
    assert posts_url("https://asso.example/?rest_route=/", 1, 5).startswith(
        "https://asso.example/?rest_route=/wp/v2/posts&_embed=1")


@pytest.mark.parametrize(("body", "words"), [
    (b"<html><body>Forbidden</body></html>", "not JSON"),
    (json.dumps({"code": "rest_no_route", "message": "No route"}).encode(), "rest_no_route"),
    (b"42", "int"),
])
def test_what_is_not_a_posts_list_is_refused(body, words):
    with pytest.raises(RestError, match=words):
        read_posts(body)


def test_drafts_protected_posts_and_entries_without_a_link_are_left_out():
    protected = {**POST, "content": {"rendered": "", "protected": True}}
    posts = [POST, {**POST, "status": "draft"}, protected, {"id": 9}, "junk"]
    assert read_posts(json.dumps(posts).encode()) == [POST]


FIELDS = ("title", "content", "date_gmt", "modified_gmt", "_embedded", "yoast_head",
          "yoast_head_json", "og_locale", "author", "wp:term", "wp:featuredmedia", "name",
          "rendered", "taxonomy", "link", "source_url")
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(FIELDS), inner, max_size=4), max_leaves=16)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6))
def test_any_post_object_makes_a_page(post):
    """A plugin's odd answer never stops the crawl: whatever the shape of its fields."""
    page = post_page({**post, "link": POST["link"]})
    assert page.startswith("<!DOCTYPE html>")
    extract(page, POST["link"], SOURCE, fetched_at="2024-05-04T00:00:00Z")
