"""A Drupal 7 node page (Bartik's markup: field-name-* classes, RDFa), which the Drupal family
reads as it reads Drupal 8+: the body field alone, its tags and file fields."""

from __future__ import annotations

from harvester.extract import extract
from harvester.extract.drupal import DrupalExtractor
from harvester.registry import Source
from pipelines import normalize

SOURCE = Source(key="asso", name="Asso Solidaire", url="https://asso.example/", family="auto")
URL = "https://asso.example/actualites/repair-cafe"
SENTENCES = ("Les bénévoles de la recyclerie accueillent les habitants chaque samedi matin. ",
             "Un atelier de réparation de vélos ouvrira ses portes au printemps prochain. ")
TEXT = "".join(f"<p>{sentence * 4}</p>" for sentence in SENTENCES)
PAGE = (
    "<html lang='fr'><head><meta name='Generator' content='Drupal 7 (http://drupal.org)' />"
    "<title>Repair café | Asso Solidaire</title></head><body><div id='page'><div id='header'>"
    "<a href='/' title='Accueil' rel='home' id='logo'>Asso Solidaire</a></div><div id='main'>"
    "<h1 class='title' id='page-title'>Repair café</h1><div class='region region-content'>"
    "<div id='node-123' class='node node-article node-promoted clearfix' "
    "about='/actualites/repair-cafe' typeof='sioc:Item foaf:Document'><div class='submitted'>"
    "<span property='dc:date dc:created' content='2024-03-12T10:00:00+01:00' "
    "datatype='xsd:dateTime' rel='sioc:has_creator'>Soumis par <span class='username' "
    "about='/user/3' typeof='sioc:UserAccount' property='foaf:name'>Claire Petit</span> le "
    "mar, 12/03/2024 - 10:00</span></div><div class='content'><div class='field "
    "field-name-body field-type-text-with-summary field-label-hidden'><div class='field-items'>"
    f"<div class='field-item even' property='content:encoded'>{TEXT}</div></div></div>"
    "<div class='field field-name-field-fichier field-type-file field-label-above'><div "
    "class='field-label'>Fichier :&nbsp;</div><div class='field-items'><div class='field-item "
    "even'><span class='file'><img class='file-icon' alt='PDF icon' "
    "src='/modules/file/icons/application-pdf.png' /> <a "
    "href='https://asso.example/sites/default/files/bilan-2023.pdf' "
    "type='application/pdf; length=123456'>bilan-2023.pdf</a></span></div></div></div>"
    "<div class='field field-name-field-tags field-type-taxonomy-term-reference "
    "field-label-above'><div class='field-label'>Étiquettes:&nbsp;</div><div "
    "class='field-items'><div class='field-item even' rel='dc:subject'><a "
    "href='/taxonomy/term/5' typeof='skos:Concept' property='rdfs:label skos:prefLabel'>"
    "réemploi</a></div><div class='field-item odd' rel='dc:subject'><a href='/taxonomy/term/8'"
    " typeof='skos:Concept' property='rdfs:label skos:prefLabel'>vélo</a></div></div></div>"
    "</div><ul class='links inline'><li class='comment-add first last'><a "
    "href='/comment/reply/123#comment-form'>Ajouter un commentaire</a></li></ul></div></div>"
    "</div></div></body></html>")


def test_the_body_field_alone_is_the_body():
    assert "Soumis par" not in DrupalExtractor(PAGE, URL, SOURCE).body_html()
    article = normalize(extract(PAGE, URL, SOURCE))
    expected = "".join(sentence * 4 for sentence in SENTENCES)
    assert " ".join(article.content_text.split()) == " ".join(expected.split())


def test_the_fields_around_it():
    article = normalize(extract(PAGE, URL, SOURCE))
    assert article.title == "Repair café"
    assert article.published == "2024-03-12T10:00:00+01:00"
    assert [author.name for author in article.authors] == ["Claire Petit"]
    assert article.tags == ["réemploi", "vélo"]
    assert [a.url for a in article.attachments] == [
        "https://asso.example/sites/default/files/bilan-2023.pdf"]


def test_a_themes_own_byline_when_drupal_prints_none():
    """A custom theme that hides Drupal's "submitted" line and prints a byline of its own."""
    page = PAGE.replace(PAGE[PAGE.index("<div class='submitted'>"):PAGE.index(
        "<div class='content'>")], "<div class='byline'>Par <a href='/users/claire-petit'>"
        "Claire Petit</a></div>")
    article = normalize(extract(page, URL, SOURCE))
    assert [author.name for author in article.authors] == ["Claire Petit"]
