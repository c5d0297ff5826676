"""Tags are keyword lists, linked or not; categories are the section, never tags."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.registry import Source
from pipelines import normalize

GENERIC = Source(key="asso", name="Asso", url="https://asso.example/", family="auto")
WORDPRESS = Source(key="wp", name="WP", url="https://wp.example/", family="wordpress")
TEXT = "<p>" + "Un paragraphe de texte courant pour que la page soit un article. " * 8 + "</p>"


def generic_page(keywords: str, head: str = "") -> str:
    return (f"<html lang='fr'><head><meta charset='utf-8'><title>Titre</title>{head}</head>"
            f"<body><article><h1>Titre</h1>{TEXT}{keywords}</article></body></html>")


@pytest.mark.parametrize("keywords", [
    "<ul class='tags'><li>Emploi</li><li>Insertion</li></ul>",
    "<ul class='tags'><li><a href='/tag/emploi'>Emploi</a></li>"
    "<li><a href='/tag/insertion'>Insertion</a></li></ul>",
    "<div class='tags'><span>Emploi</span> <span>Insertion</span></div>",
    "<p class='post-tags'>Mots-clés : <a href='/t/1'>Emploi</a>, <a href='/t/2'>Insertion</a></p>",
])
def test_keyword_lists_with_or_without_links_are_tags(keywords):
    article = normalize(extract(generic_page(keywords), "https://asso.example/a", GENERIC))
    assert article.tags == ["Emploi", "Insertion"]


def test_meta_keywords_serve_when_the_page_lists_none():
    page = generic_page("", "<meta name='keywords' content='Emploi, Insertion'>")
    article = normalize(extract(page, "https://asso.example/a", GENERIC))
    assert article.tags == ["Emploi", "Insertion"]


def test_wordpress_categories_are_the_section_not_tags():
    page = ("<html lang='fr'><head><meta charset='utf-8'><title>T</title></head><body>"
            "<article class='post type-post hentry'><h1 class='entry-title'>Titre</h1>"
            f"<div class='entry-content'>{TEXT}</div><footer class='entry-footer'>"
            "<span class='cat-links'><a href='/category/actualites/' rel='category tag'>"
            "Actualités</a></span><span class='tags-links'><a href='/tag/emploi/' rel='tag'>"
            "Emploi</a></span></footer></article></body></html>")
    article = normalize(extract(page, "https://wp.example/2024/01/titre/", WORDPRESS))
    assert article.tags == ["Emploi"]
    assert article.section == ["Actualités"]
