"""What WordPress plugins insert into a post's content (share buttons, related posts, author
boxes, counters, ads, the tag list) stays out of its body; the authors and tags they show are
still read."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.registry import Source
from pipelines import normalize

SOURCE = Source(key="asso", name="Asso Solidaire", url="https://asso.example/", family="auto")
URL = "https://asso.example/repair-cafe/"
SENTENCE = "Les bénévoles de la recyclerie accueillent les habitants chaque samedi matin. "
TEXT = f"<p>{SENTENCE * 4}</p>"

PLUGINS = {
    "jetpack": "<div id='jp-post-flair' class='sharedaddy sd-like-enabled sd-sharing-enabled'>"
               "<div class='sharedaddy sd-sharing-enabled'><h3 class='sd-title'>Partager&nbsp;:"
               "</h3><ul><li class='share-facebook'><a href='?share=facebook'><span>Facebook"
               "</span></a></li></ul></div><div id='jp-relatedposts' class='jp-relatedposts'>"
               "<h3 class='jp-relatedposts-headline'><em>Similaire</em></h3></div></div>",
    "yarpp": "<div class='yarpp yarpp-related yarpp-related-website yarpp-template-list'>"
             "<h3>Articles similaires&nbsp;:</h3><ol><li><a href='/ag-2023/' rel='bookmark'>"
             "Assemblée générale 2023</a></li></ol></div>",
    "contextual-related-posts": "<div class='crp_related crp-text-only'><h3>Articles connexes"
                                " :</h3><ul><li><a href='/juin/' class='crp_link post-99'>"
                                "<span class='crp_title'>Repair café de juin</span></a></li>"
                                "</ul></div>",
    "simple-author-box": "<div class='saboxplugin-wrap' itemtype='http://schema.org/Person' "
                         "itemscope itemprop='author'><div class='saboxplugin-authorname'>"
                         "<a href='/author/claire/' class='vcard author' rel='author'>"
                         "<span class='fn'>Claire Petit</span></a></div><div "
                         "class='saboxplugin-desc'><p>Chargée de communication depuis 2019."
                         "</p></div></div>",
    "post-views-counter": "<div class='post-views content-post post-1234 entry-meta'><span "
                          "class='post-views-label'>Vues : </span> <span "
                          "class='post-views-count'>1 234</span></div>",
    "kk-star-ratings": "<div class='kk-star-ratings kksr-auto kksr-align-left'><div "
                       "class='kksr-legend'>4.5/5 - (12 votes)</div></div>",
    "ad-inserter": "<div class='code-block code-block-2' style='margin: 8px 0;'><p>Soutenez "
                   "notre association : faites un don en ligne</p></div>",
    "social-warfare": "<div class='swp_social_panel swp_horizontal_panel'><div "
                      "class='nc_tweetContainer swp_share_button swp_facebook'><a "
                      "class='nc_tweet swp_share_link' href='https://www.facebook.com/share.php'>"
                      "<span class='swp_share'>Partager</span></a></div></div>",
    "easy-social-share-buttons": "<div class='essb_links essb_displayed_bottom'><ul "
                                 "class='essb_links_list'><li class='essb_item'><a "
                                 "href='https://www.facebook.com/sharer/sharer.php'><span "
                                 "class='essb_network_name'>Facebook</span></a></li></ul></div>",
    "shared-counts": "<div class='shared-counts-wrap after_content style-classic'><a "
                     "href='https://www.facebook.com/sharer/sharer.php' class='shared-counts-button"
                     " facebook'><span class='shared-counts-label'>Facebook</span></a></div>",
    "elementor": "<div class='elementor-element elementor-widget "
                 "elementor-widget-share-buttons'><div class='elementor-share-btn'><span "
                 "class='elementor-share-btn__title'>Facebook</span></div></div>",
    "ultimate-social-media-icons": "<div class='sfsiaftrpstwpr'><div class='sfsi_responsive_icons'>"
                                   "<div><span>Partager :</span></div></div></div>",
    "tag-list": "<div class='post-tags'><span>Mots-clés :</span> <a href='/tag/reemploi/' "
                "rel='tag'>réemploi</a></div>",
}


def post(content: str) -> str:
    return ("<html lang='fr'><head><meta name='generator' content='WordPress 6.4'>"
            "<title>Repair café - Asso Solidaire</title></head><body class='single-post'>"
            "<main id='main'><article class='post-1234 post type-post hentry'><header "
            "class='entry-header'><h1 class='entry-title'>Repair café</h1></header>"
            f"<div class='entry-content'>{content}</div></article></main></body></html>")


@pytest.mark.parametrize("plugin", list(PLUGINS))
def test_what_a_plugin_adds_is_not_the_body(plugin):
    article = normalize(extract(post(TEXT + PLUGINS[plugin] + TEXT), URL, SOURCE))
    assert " ".join(article.content_text.split()) == " ".join((SENTENCE * 8).split())


def test_the_author_box_and_tag_list_are_still_read():
    content = TEXT + PLUGINS["simple-author-box"] + PLUGINS["tag-list"]
    article = normalize(extract(post(content), URL, SOURCE))
    assert [author.name for author in article.authors] == ["Claire Petit"]
    assert article.tags == ["réemploi"]


def test_a_code_block_of_the_text_stays():
    """Ad Inserter numbers its blocks; a code sample's own class is kept."""
    sample = "<pre class='code-block'>make install</pre>"
    article = normalize(extract(post(TEXT + sample), URL, SOURCE))
    assert "make install" in article.content_text
