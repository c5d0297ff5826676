"""The title is the page's own headline: not a logo, the site's or a section's name in an
earlier <h1>, nor the site's name written inside the headline's <h1>."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from harvester.extract import extract
from harvester.extract.title import choose_heading, names_host, site_names, title_part
from harvester.registry import Source
from pipelines import normalize

NEWS = Source(key="news", name="news.example", url="https://news.example/", family="auto")
URL = "https://news.example/2024/03/article"
HEADLINE = "Les recycleries ouvrent un atelier de réparation"


def page(head: str, body: str) -> str:
    paragraph = "<p>" + "La recyclerie du quartier accueille les habitants chaque samedi. " * 6
    return (f"<html lang='fr'><head><meta charset='utf-8'>{head}</head><body>{body}"
            f"<div class='texte'>{paragraph}</p></div></body></html>")


def title_of(head: str, body: str) -> str:
    return normalize(extract(page(head, body), URL, NEWS)).title


@pytest.mark.parametrize(("head", "body"), [
    # the logo is an <h1> holding the site's name (og:site_name), before the headline
    (f"<meta property='og:site_name' content='Gazette'><meta property='og:title' "
     f"content='{HEADLINE}'>", f"<h1><a href='/'>Gazette</a></h1><h1>{HEADLINE}</h1>"),
    # a section's name first: og:title names the headline
    (f"<meta property='og:title' content='{HEADLINE}'>",
     f"<h1>Économie locale</h1><h1>{HEADLINE}</h1>"),
    # no og:title: the <title> says the headline beside the site's name
    (f"<title>{HEADLINE} - La Gazette</title>",
     f"<h1 class='logo'>La Gazette</h1><h1>{HEADLINE}</h1>"),
    # the site's name inside the headline's <h1>, glued to it (<title>'s last part)
    (f"<title>{HEADLINE} » Local » La Gazette</title>",
     f"<h1><span>{HEADLINE}</span><a href='/'>La Gazette</a></h1>"),
    # the site's name (application-name) is the only <h1>: og:title is the title
    (f"<meta name='application-name' content='Gazette'><meta property='og:title' "
     f"content='{HEADLINE}'>", "<h1>Gazette</h1>"),
], ids=["logo", "section", "title-suffix", "glued-site-name", "only-the-site"])
def test_the_headline_not_the_site_or_section_name(head, body):
    assert title_of(head, body) == HEADLINE


def test_block_parts_of_a_heading_are_apart():
    body = "<h1><div>Les recycleries ouvrent</div><div>un atelier de réparation</div></h1>"
    lines = "<h1>Les recycleries ouvrent<br>un atelier de réparation</h1>"
    assert title_of("", body) == title_of("", lines) == HEADLINE


def test_the_heading_spelling_of_the_jsonld_headline():
    """Same words, typographic apostrophe on the page: the page's spelling."""
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": "
            "\"L'atelier de l'association rouvre\"}</script>")
    page_spelling = "L’atelier de l’association rouvre"
    assert title_of(head, f"<h1>{page_spelling}</h1>") == page_spelling
    assert title_of(head, "<h1>Un autre titre</h1>") == "L'atelier de l'association rouvre"


def test_a_logo_drawn_in_the_heading_is_not_its_text():
    """An inline SVG logo's <title> and <desc> are labels of a drawing, not the headline,
    nor the page's <title>."""
    logo = ("<h1><a href='/'><svg viewBox='0 0 10 10'><title>GAZETTE</title>"
            "<desc>Gazette Logo</desc><path d='M0 0h10'/></svg></a></h1>")
    assert title_of(f"<meta property='og:title' content='{HEADLINE}'>", logo) == HEADLINE
    with pytest.raises(DropItem, match="no title"):
        title_of("", "<svg><title>Gazette Logo</title></svg>")


def test_a_sidebar_teaser_headline_in_microdata_is_not_the_title():
    """Microdata whose headline is a teaser's, when the page's <h1>, og:title and <title>
    agree on another title; kept when nothing else agrees on one."""
    teaser = ("<div itemscope itemtype='https://schema.org/WebPage'><h2 itemprop='headline'>"
              "Lisez aussi notre dossier sur le réemploi</h2></div>")
    head = f"<title>{HEADLINE} | Gazette</title><meta property='og:title' content='{HEADLINE}'>"
    assert title_of(head, f"<h1>{HEADLINE}</h1>{teaser}") == HEADLINE
    assert title_of("<title>Gazette</title>", teaser) == (
        "Lisez aussi notre dossier sur le réemploi")


def test_a_heading_no_metadata_names_is_still_the_title():
    """An old page with a generic <title>: the first heading, as before."""
    assert title_of("<title>Accueil</title>", f"<h1>{HEADLINE}</h1>") == HEADLINE


@pytest.mark.parametrize(("headings", "references", "expected"), [
    (["Market Insider", "Fed's statement"], ["Fed's statement"], "Fed's statement"),
    (["Sport", "Le club gagne la finale"], ["Sport : Le club gagne la finale - Site"],
     "Le club gagne la finale"),
    (["Site", "Titre"], [], "Titre"),
    (["Site"], ["Site"], None),
    ([], ["Titre"], None),
])
def test_choose_heading(headings, references, expected):
    assert choose_heading(headings, references, frozenset({"site"})) == expected


def test_site_names_take_the_last_part_of_the_page_title_not_a_subtitle():
    assert site_names(["Gazette", None], "Titre » Local » La Gazette") == {"gazette",
                                                                          "la gazette"}
    assert site_names([], "Entretien : Jean Dupont") == set()


@pytest.mark.parametrize(("head", "body"), [
    # a page of no headline heading: its <title> names the site first, or after a section
    (f"<title>News Example - {HEADLINE}</title>", "<div class='logo'>News</div>"),
    (f"<title>{HEADLINE} - Société - Le Journal du quartier</title>", ""),
    (f"<title>NewsExample : Société : {HEADLINE}</title>", ""),
    # the part a heading shows, though shorter than the site's description
    (f"<title>Recycleries | {HEADLINE} | La Gazette des quartiers et des villages</title>",
     f"<h2>{HEADLINE}</h2>"),
    # a section's name in the only <h1>
    (f"<title>News Example - {HEADLINE}</title>", "<h1>Dernières nouvelles</h1>"),
    # a short <h1> that is only one part of the <title> (its section), the headline in an <h2>
    (f"<title>Gazette / Régions / Économie - {HEADLINE}</title>",
     f"<h1>Gazette</h1><h1>Économie</h1><h2>{HEADLINE}</h2>"),
    # the headline shown in an element of class "heading", beside a long site description
    (f"<title>{HEADLINE} |\n\nLa Gazette des quartiers, des villes et des villages</title>",
     f"<span class='heading'>{HEADLINE}</span>"),
    # the site's name before a colon
    (f"<title>NewsExample: {HEADLINE}</title>", ""),
    # the tooltip Google Translate adds to a page the browser saves
    (f"<title>{HEADLINE}</title>", "<p>Texte.</p><div id='goog-gt-tt' class='skiptranslate'>"
     "<div class='top'><h1 class='title gray'>Original text</h1></div></div>"),
])
def test_the_headline_part_of_the_page_title(head, body):
    assert title_of(head, body) == HEADLINE


@pytest.mark.parametrize(("text", "host", "names"), [
    ("icScotland", "icscotland.icnetwork.co.uk", True),
    ("METimes.com", "www.metimes.com", True),
    ("Goal.com", "www.goal.com", True),
    ("The Hindu", "www.hindu.com", True),
    ("MyFox Houston", "www.myfoxhouston.com", True),
    ("Ryan dismayed by Gloucester", "icscotland.icnetwork.co.uk", False),
    ("Société", "www.hindu.com", False),
])
def test_names_host(text, host, names):
    assert names_host(text, host) is names


@pytest.mark.parametrize("page_title", ["Le Journal solidaire de la ville et des quartiers",
                                        "Accueil - Journal"])
def test_a_short_heading_stays_beside_a_page_title_naming_no_longer_headline(page_title):
    assert title_of(f"<title>{page_title}</title>", "<h1>Assemblée générale</h1>") == (
        "Assemblée générale")


def test_a_page_title_of_one_part_is_kept_whole():
    assert title_part("Réussite de la journée", tuple, frozenset(), "rtes.fr") == (
        "Réussite de la journée")


@pytest.mark.parametrize(("title", "expected"), [
    ("Timberlake Appearing in Super Bowl Ad|ABC 7 News", "Timberlake Appearing in Super Bowl Ad"),
    ("Emploi|Insertion, le bilan 2024", "Emploi|Insertion, le bilan 2024"),
])
def test_a_bar_with_no_space_parts_a_page_title_only_beside_the_site_name(title, expected):
    assert title_part(title, tuple, frozenset(), "abc7news.com") == expected


@pytest.mark.parametrize(("head", "expected"), [
    # an unclosed <title> takes in the markup after it: its text before the first tag is kept
    (f"<title>La Gazette - {HEADLINE}</tit<script src='/a.js'></script>"
     "<link rel='search' href='/search.xml' />", HEADLINE),
    # a "<" that opens no tag is the title's own
    ("<title>Pourquoi 1<2 dans les comptes des recycleries</title>",
     "Pourquoi 1<2 dans les comptes des recycleries"),
])
def test_a_title_element_holds_text_not_markup(head, expected):
    assert title_of(head, "<div class='menu'>Accueil</div>") == expected


@pytest.mark.parametrize("body", [
    f"<div class='menu'>Accueil</div><h2>{HEADLINE}</h2>",
    f"<table><tr><td><span class='articleHeadline'>{HEADLINE} </span></td></tr></table>",
    f"<h2><a href='/'>Gazette</a></h2><h2 class='storyheadline'>{HEADLINE}</h2>",
], ids=["h2", "headline-class", "after-the-site-name"])
def test_a_page_with_no_title_nor_h1_takes_its_first_other_heading(body):
    """An old theme's page with no <title>, no <h1> and no metadata: its headline is its first
    other heading, not the site's name (og:site_name), rather than no title at all."""
    head = "<meta property='og:site_name' content='Gazette'>"
    assert title_of(head, body) == HEADLINE


def test_an_empty_h1_is_no_headline_and_no_other_heading_stands_in():
    """The headline's own slot is there and empty (a broken page): a sidebar's heading after it
    is not the title; the page has none, and a crawl drops it."""
    with pytest.raises(DropItem, match="title"):
        title_of("<title></title>", "<h1 class='titre'></h1><h2>Dans la même rubrique</h2>")
