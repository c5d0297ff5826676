"""Joomla's article pages, read on the generic path (Joomla has no family): from 1.5's tables
to 4's microdata, the body is free of the article's info block ("Détails", "Écrit par",
"Catégorie", "Création", "Affichages"), which still gives the date, the author and the
section."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.registry import Source
from pipelines import normalize

SOURCE = Source(key="asso", name="Asso Solidaire", url="https://asso.example/", family="auto")
URL = "https://asso.example/index.php/actualites/12-repair-cafe"
SENTENCES = ("Les bénévoles de la recyclerie accueillent les habitants chaque samedi matin. ",
             "Un atelier de réparation de vélos ouvrira ses portes au printemps prochain. ")
TEXT = "".join(f"<p>{sentence * 4}</p>" for sentence in SENTENCES)
INFO_2_5 = ("<dl class='article-info'><dt class='article-info-term'>Détails</dt><dd "
            "class='category-name'>Catégorie : <a href='/index.php/actualites'>Actualités</a></dd>"
            "<dd class='create'>Création : mardi 12 mars 2024 10:00</dd><dd class='createdby'>"
            "Écrit par Claire Petit</dd><dd class='hits'>Affichages : 123</dd></dl>")

VERSIONS = {
    "1.5": "<table class='contentpaneopen'><tr><td class='contentheading' width='100%'>Repair "
           "café</td><td class='buttonheading'><a href='?format=pdf' title='PDF'><img "
           "src='/images/M_images/pdf_button.png' alt='PDF'></a></td></tr></table><table "
           "class='contentpaneopen'><tr><td valign='top' colspan='2' class='createdate'>Mardi, "
           f"12 Mars 2024 10:00</td></tr><tr><td valign='top' colspan='2'>{TEXT}</td></tr><tr>"
           "<td colspan='2' class='modifydate'>Mis à jour ( Jeudi, 14 Mars 2024 09:00 )</td>"
           "</tr></table>",
    "2.5": f"<div class='item-page'><h2>Repair café</h2>{INFO_2_5}{TEXT}</div>",
    "4": "<div class='com-content-article item-page' itemscope "
         "itemtype='https://schema.org/Article'><div class='page-header'><h1 itemprop='headline'>"
         "Repair café</h1></div><dl class='article-info text-muted'><dt "
         "class='article-info-term'>Détails</dt><dd class='createdby' itemprop='author' itemscope "
         "itemtype='https://schema.org/Person'>Écrit par : <span itemprop='name'>Claire Petit"
         "</span></dd><dd class='category-name'>Catégorie : <a href='/index.php/actualites' "
         "itemprop='genre'>Actualités</a></dd><dd class='published'><time "
         "datetime='2024-03-12T10:00:00+01:00' itemprop='datePublished'>Publication : 12 mars "
         "2024</time></dd><dd class='hits'>Affichages : 123</dd></dl><div itemprop='articleBody'"
         f" class='com-content-article__body'>{TEXT}</div></div>",
}


def page(markup: str) -> str:
    return ("<html lang='fr-fr'><head><meta name='generator' content='Joomla! - Open Source "
            "Content Management'><title>Repair café</title></head><body><div id='header'><a "
            f"href='/'>Asso Solidaire</a></div><div id='main'>{markup}</div><div id='footer'>"
            "Association loi 1901</div></body></html>")


@pytest.mark.parametrize("version", list(VERSIONS))
def test_the_body_is_the_text_alone(version):
    article = normalize(extract(page(VERSIONS[version]), URL, SOURCE))
    expected = "".join(sentence * 4 for sentence in SENTENCES)
    assert " ".join(article.content_text.split()) == " ".join(expected.split())
    assert article.published.startswith("2024-03-12T")


def test_the_info_block_gives_the_date_the_author_and_the_section():
    article = normalize(extract(page(VERSIONS["2.5"]), URL, SOURCE))
    assert article.published == "2024-03-12T10:00:00+01:00"
    assert [author.name for author in article.authors] == ["Claire Petit"]
    assert article.section == ["Actualités"]
