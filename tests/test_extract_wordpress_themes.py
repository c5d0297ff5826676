"""The themes and page builders many associations use (Divi, Avada, OceanWP, Astra,
Elementor) print a post's date without a datetime attribute and its categories in markup of
their own: without an SEO plugin's <meta>, the date, the author and the section are read from
it."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.extract.wordpress import WordPressExtractor
from harvester.registry import Source
from pipelines import normalize

SOURCE = Source(key="asso", name="Asso Solidaire", url="https://asso.example/", family="auto")
URL = "https://asso.example/repair-cafe/"
TEXT = "<p>" + "Les bénévoles accueillent les habitants chaque samedi matin. " * 8 + "</p>"
AUTHOR = ("<a href='https://asso.example/author/claire/' title='Articles de Claire Petit' "
          "rel='author'>Claire Petit</a>")
CATEGORY = "<a href='https://asso.example/category/actualites/' rel='category tag'>Actualités</a>"

THEMES = {
    "divi": "<article class='et_pb_post post-1234 post type-post hentry'><h1 class='entry-title'>"
            f"Repair café</h1><p class='post-meta'><span class='author vcard'>par {AUTHOR}</span>"
            f" | <span class='published'>12 mars 2024</span> | {CATEGORY}</p><div "
            f"class='entry-content'>{TEXT}</div></article>",
    "avada": "<article class='post post-1234 type-post hentry'><h1 class='entry-title'>Repair "
             f"café</h1><div class='post-content'>{TEXT}</div><div class='fusion-meta-info'>"
             "<div class='fusion-meta-info-wrapper'>Par <span class='vcard'><span class='fn'>"
             f"{AUTHOR}</span></span><span class='fusion-inline-sep'>|</span><span class="
             "'updated rich-snippet-hidden'>2024-03-14T09:00:00+01:00</span><span>12 mars 2024"
             f"</span><span class='fusion-inline-sep'>|</span>Catégories : {CATEGORY}</div></div>"
             "</article>",
    "oceanwp": "<article class='single-post-article clr'><h1 class='single-post-title "
               "entry-title' itemprop='headline'>Repair café</h1><ul class='meta ospm-default'>"
               "<li class='meta-author' itemprop='name'><span class='screen-reader-text'>"
               f"Auteur/autrice de la publication :</span>{AUTHOR}</li><li class='meta-date' "
               "itemprop='datePublished'><span class='screen-reader-text'>Publication publiée :"
               "</span>12 mars 2024</li><li class='meta-cat'><span class='screen-reader-text'>"
               f"Post category:</span>{CATEGORY}</li></ul><div class='entry-content clr' "
               f"itemprop='text'>{TEXT}</div></article>",
    "astra": "<article class='post-1234 post type-post hentry ast-article-single'><header "
             "class='entry-header'><h1 class='entry-title' itemprop='headline'>Repair café</h1>"
             "<div class='entry-meta'><span class='posted-by vcard author' itemprop='author'>"
             f"Par {AUTHOR}</span> / <span class='posted-on'><span class='published' "
             "itemprop='datePublished'>12 mars 2024</span></span> / <span class='cat-links'>"
             f"{CATEGORY}</span></div></header><div class='entry-content clear' itemprop='text'>"
             f"{TEXT}</div></article>",
    "elementor": "<div data-elementor-type='single-post' class='elementor "
                 "elementor-location-single post-1234 post type-post hentry'>"
                 "<h1 class='elementor-heading-title'>Repair café</h1>"
                 "<ul class='elementor-inline-items elementor-icon-list-items "
                 "elementor-post-info'><li class='elementor-icon-list-item' itemprop='author'>"
                 "<a href='https://asso.example/author/claire/'><span class='elementor-icon-list-"
                 "text elementor-post-info__item elementor-post-info__item--type-author'>Claire "
                 "Petit</span></a></li><li class='elementor-icon-list-item' "
                 "itemprop='datePublished'><a href='https://asso.example/2024/03/12/'><span "
                 "class='elementor-icon-list-text elementor-post-info__item "
                 "elementor-post-info__item--type-date'><time>12 mars 2024</time></span></a></li>"
                 "<li class='elementor-icon-list-item'><span class='elementor-post-info__terms-"
                 f"list'>{CATEGORY}</span></li></ul><div class='elementor-widget-theme-post-"
                 f"content'><div class='elementor-widget-container'>{TEXT}</div></div></div>",
}


def post(markup: str) -> str:
    return ("<html lang='fr'><head><meta name='generator' content='WordPress 6.4'><title>"
            "Repair café - Asso Solidaire</title></head><body class='single single-post'>"
            f"<header><p class='site-title'>Asso Solidaire</p></header><main id='main'>{markup}"
            "</main></body></html>")


@pytest.mark.parametrize("theme", list(THEMES))
def test_date_author_and_section_from_the_themes_markup(theme):
    article = normalize(extract(post(THEMES[theme]), URL, SOURCE))
    assert article.published == "2024-03-12T00:00:00+01:00"
    assert [author.name for author in article.authors] == ["Claire Petit"]
    assert article.section == ["Actualités"]
    assert article.tags == []


@pytest.mark.parametrize("theme", list(THEMES))
def test_the_themes_own_body_selectors_find_the_text(theme):
    """Without the general extractor (its cost, and its flattening of the post's markup)."""
    extractor = WordPressExtractor(post(THEMES[theme]), URL, SOURCE)
    assert "chaque samedi matin" in extractor.body_html()
