"""Structured metadata where a page has no JSON-LD: schema.org microdata and microformats2
h-entry give the title, date, authors and keywords through the same cascade."""

from __future__ import annotations

from harvester.extract import extract
from harvester.registry import Source
from pipelines import normalize

SOURCE = Source(key="asso", name="Asso", url="https://asso.example/", family="auto")
TEXT = "<p>" + "Un paragraphe de texte courant pour que la page soit un article. " * 6 + "</p>"


def read(body: str):
    page = (f"<html lang='fr'><head><meta charset='utf-8'><title>Titre du site</title></head>"
            f"<body>{body}</body></html>")
    return normalize(extract(page, "https://asso.example/a", SOURCE))


def test_microdata_of_the_article_not_of_the_sidebar_teasers():
    article = read(
        "<ul><li itemscope itemtype='https://schema.org/Article'><span itemprop='headline'>"
        "Autre article</span><span itemprop='datePublished' content='2020-01-01'></span></li>"
        "</ul><div itemscope itemtype='https://schema.org/NewsArticle'>"
        "<div class='titre' itemprop='headline'>Le vrai titre</div>"
        "<span itemprop='author' itemscope itemtype='https://schema.org/Person'>Par "
        "<span itemprop='name'>Claire Dubois</span></span>"
        "<span itemprop='datePublished' content='2024-05-03T09:30:00+02:00'>3 mai</span>"
        "<span itemprop='keywords'>Réemploi</span><span itemprop='keywords'>Vélo</span>"
        f"<div itemprop='articleBody'>{TEXT}</div></div>")
    assert article.title == "Le vrai titre"
    assert [a.name for a in article.authors] == ["Claire Dubois"]
    assert article.published == "2024-05-03T09:30:00+02:00"
    assert article.tags == ["Réemploi", "Vélo"]


def test_an_h_entry():
    article = read(
        "<div class='h-entry'><div class='p-name'>Billet du mois</div>"
        "<a class='p-author h-card' href='/claire'><span class='p-name'>Claire Dubois</span></a>"
        "<time class='dt-published' datetime='2024-06-01T10:00:00+02:00'>1er juin</time>"
        "<a class='p-category' href='/t/ess'>ESS</a>"
        f"<div class='e-content'>{TEXT}</div></div>")
    assert article.title == "Billet du mois"
    assert [a.name for a in article.authors] == ["Claire Dubois"]
    assert article.published == "2024-06-01T10:00:00+02:00"
    assert article.tags == ["ESS"]


def test_schema_org_rdfa_lite():
    article = read(
        "<article vocab='https://schema.org/' typeof='BlogPosting'>"
        "<h2 property='headline'>Le marché solidaire rouvre</h2>"
        "<span property='author' typeof='Person'><span property='name'>Inès Martin</span>"
        "</span><time property='datePublished' datetime='2024-03-12T10:00:00+01:00'>12 mars"
        "</time><span property='keywords'>Circuits courts</span>"
        f"<div property='articleBody'>{TEXT}</div></article>")
    assert article.title == "Le marché solidaire rouvre"
    assert [a.name for a in article.authors] == ["Inès Martin"]
    assert article.published == "2024-03-12T10:00:00+01:00"
    assert article.tags == ["Circuits courts"]


def test_a_drupal_7_node_in_rdfa():
    article = read(
        "<div id='node-12' class='node node-article' about='/node/12' "
        "typeof='sioc:Item foaf:Document'>"
        "<span property='dc:title' content='Assemblée générale de la CRESS' "
        "class='rdf-meta element-hidden'></span>"
        "<span property='dc:date dc:created' content='2013-06-20T14:03:00+02:00' "
        "datatype='xsd:dateTime' rel='sioc:has_creator'>Publié par "
        "<span class='username' typeof='sioc:UserAccount' property='foaf:name'>"
        "Paul Léger</span></span>"
        f"<div class='field-name-body'><div property='content:encoded'>{TEXT}</div></div>"
        "</div>")
    assert article.title == "Assemblée générale de la CRESS"
    assert [a.name for a in article.authors] == ["Paul Léger"]
    assert article.published == "2013-06-20T14:03:00+02:00"


def test_opengraph_dates_prefixed_og_win_over_a_newsletter_services_revision():
    """Reuters prefixes OpenGraph's article:* names with og:, and its Sailthru date is the
    last revision's."""
    page = ("<html lang='fr'><head><meta name='sailthru.date' content='2016-12-15T13:50:38Z'>"
            "<meta content='2016-12-14T06:02:15+01:00' name='og:article:published_time'>"
            "<meta content='2016-12-15T13:50:38+01:00' name='og:article:modified_time'>"
            f"<title>Titre</title></head><body><article><h1>Le titre</h1>{TEXT}"
            "</article></body></html>")
    article = normalize(extract(page, "https://asso.example/a", SOURCE))
    assert (article.published, article.updated) == ("2016-12-14T06:02:15+01:00",
                                                     "2016-12-15T13:50:38+01:00")


def test_parselys_older_json_meta_dates_the_page():
    parsely = ('{"type": "post", "title": "Titre", "pub_date": "2014-11-23T16:00:00+04:00", '
               '"author": ""}')
    page = (f"<html lang='fr'><head><meta name='parsely-page' content='{parsely}'>"
            f"<title>Titre</title></head><body><article><h1>Le titre</h1>{TEXT}"
            "</article></body></html>")
    article = normalize(extract(page, "https://asso.example/a", SOURCE))
    assert article.published == "2014-11-23T16:00:00+04:00"
    broken = page.replace('"pub_date"', '"pub_date" oops')
    assert normalize(extract(broken, "https://asso.example/a", SOURCE)).published != (
        "2014-11-23T16:00:00+04:00")


def test_a_date_named_by_a_news_service_meta_wins_over_a_related_articles_time():
    """A news site's Parse.ly or Sailthru <meta> names the article's own date; the first
    <time> on the page may be a related article's, in a list above the text."""
    related = ("<ul class='recirculation'><li><a href='/b'>Autre sujet</a>"
               "<time datetime='2022-09-28T09:00:16Z'>28 sept.</time></li></ul>")
    for name in ("parsely-pub-date", "sailthru.date", "OriginalPublicationDate",
                 "rnews:datePublished", "cXenseParse:recs:publishtime"):
        page = (f"<html lang='fr'><head><meta name='{name}' content='2016-12-07T05:00:00-05:00'>"
                f"<title>Titre</title></head><body><article><h1>Le titre</h1>{related}{TEXT}"
                "</article></body></html>")
        article = normalize(extract(page, "https://asso.example/a", SOURCE))
        assert article.published == "2016-12-07T05:00:00-05:00", name


def test_a_date_marked_datepublished_outside_any_item_dates_the_page():
    """A theme's itemprop with no itemscope around it (OceanWP, Elementor): not microdata, but
    the page's word for its date and time all the same."""
    article = read("<article><h1>Repair café</h1><p class='meta'><span class='cat'>Actualités"
                   "</span> <span itemprop='datePublished'>12 mars 2024 à 10h30</span></p>"
                   f"{TEXT}</article>")
    assert article.published == "2024-03-12T10:30:00+01:00"
