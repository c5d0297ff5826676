"""Where a page names its authors when no selector of its family does: an author link outside
the <article>, a link to an author's page in a byline of hashed classes, and never the
publisher that a <meta> names as the author."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.registry import Source
from pipelines import normalize

NEWS = Source(key="news", name="news.example", url="https://news.example/", family="auto")
URL = "https://news.example/2024/03/article"
TEXT = "<p>" + "La recyclerie du quartier accueille les habitants chaque samedi. " * 6 + "</p>"


def authors_of(head: str, body: str) -> list[str]:
    page = (f"<html lang='fr'><head><meta charset='utf-8'><title>Un atelier</title>{head}"
            f"</head><body>{body}</body></html>")
    return [author.name for author in normalize(extract(page, URL, NEWS)).authors]


@pytest.mark.parametrize("byline", [
    "<div class='x1f'>By <a href='/author/jane-doe'>Jane Doe</a> on December 13, 2016</div>",
    "<p>By <a href='https://news.example/about/editors/jane-doe/'>Jane Doe</a>, @janedoe"
    " 1h ago</p>",
    "<div><span>By </span><a href='/profile/jane-doe-1910837'>Jane Doe</a></div>",
])
def test_a_link_to_the_author_page_in_a_byline(byline):
    assert authors_of("", f"<h1>Un atelier</h1>{byline}<article>{TEXT}</article>") == [
        "Jane Doe"]


def test_every_author_of_the_byline_and_no_other():
    byline = ("<div class='hd'>By <a href='/authors/jane-doe'>Jane Doe</a> and "
              "<a href='/authors/paul-roe'>Paul Roe</a></div>")
    teasers = ("<div class='more-from__row'><div>Autre titre <a href='/authors/ann-lee'>"
               "Ann Lee</a></div></div>")
    assert authors_of("", f"{teasers}<h1>Un atelier</h1>{byline}<article>{TEXT}</article>") == [
        "Jane Doe", "Paul Roe"]


@pytest.mark.parametrize("elsewhere", [
    # a name linked to its page in running text
    "<p><a href='/people/prince/'>Prince</a> a légué sa collection de disques à la "
    "recyclerie du quartier, qui les vendra au profit de l'atelier de réparation.</p>",
    # another site's author page, in a biography
    "<p class='about'>Jane écrit aussi pour <a href='https://other.example/author/jane'>"
    "Other</a>.</p>",
    # a sidebar
    "<aside><a href='/author/ann-lee'>Ann Lee</a></aside>",
])
def test_no_author_from_links_that_are_not_a_byline(elsewhere):
    assert authors_of("", f"<h1>Un atelier</h1><article>{elsewhere}{TEXT}</article>") == []


def test_an_author_link_outside_the_article():
    """A WordPress theme whose byline sits in a header outside the <article>, with an author
    link its family's selectors do not name."""
    page = ("<html><head><meta name='generator' content='WordPress 6.4'><title>Un atelier"
            "</title></head><body><div class='story-header'><h1>Un atelier</h1>"
            "<span class='by'><a rel='author' href='/author/jane-doe/'>Jane Doe</a></span></div>"
            f"<article class='post type-post'><div class='entry-content'>{TEXT}</div></article>"
            "<aside><a rel='author' href='/author/ann-lee/'>Ann Lee</a></aside></body></html>")
    raw = extract(page, URL, NEWS)
    assert raw.family == "wordpress"
    assert [a.name for a in normalize(raw).authors] == ["Jane Doe"]


def test_the_publisher_named_as_author_and_in_the_copyright_is_no_author():
    head = ("<meta name='author' content='Condé Nast'><meta name='copyright' "
            "content='Copyright (c) Condé Nast 2022'><meta property='article:author' "
            "content='Larry Fitzmaurice'>")
    assert authors_of(head, f"<h1>Un atelier</h1><article>{TEXT}</article>") == [
        "Larry Fitzmaurice"]


@pytest.mark.parametrize(("declared", "byline", "expected"), [
    ("Connie Wang,Sharokh Mirzai,Ariel Pierre-Louis at MSA Models",
     "<div class='byline'>written by <span>Connie Wang</span></div>", ["Connie Wang"]),
    ("Marie Dupont, Paul Martin", "<p class='byline'>Par Marie Dupont et Paul Martin</p>",
     ["Marie Dupont", "Paul Martin"]),
    ("Marie Dupont, Paul Martin", "<p class='byline'>Publié le 3 mai 2024</p>",
     ["Marie Dupont", "Paul Martin"]),
])
def test_of_the_contributors_a_meta_declares_the_writers_are_those_the_byline_shows(
        declared, byline, expected):
    head = f"<meta name='author' content='{declared}'>"
    assert authors_of(head, f"<h1>Un atelier</h1><article>{byline}{TEXT}</article>") == expected


def test_the_article_not_a_teaser_before_it_is_the_scope():
    teaser = ("<article class='trending'><a href='/t'>Tendance</a> par "
              "<a rel='author' href='/author/ann-lee'>Ann Lee</a></article>")
    main = (f"<article><h1>Un atelier</h1>Par <a rel='author' href='/author/jane-doe'>"
            f"Jane Doe</a>{TEXT}</article>")
    assert authors_of("", f"<main>{teaser}{main}</main>") == ["Jane Doe"]
