"""Bylines and dates read off their words where no markup names them, and initials kept as
written."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.extract.wording import (
    Credit,
    credit_line,
    with_initials,
    written_byline,
    written_date,
)
from harvester.fragments import parse_document
from pipelines import normalize
from tests.test_extract_fallback import HANDMADE, URL, handmade_page


def page(around_headline: str, after: str = "") -> str:
    """A page of obfuscated class names (no "author" or "byline" in any)."""
    return ("<html><body><nav><ul><li>By topic</li></ul></nav><div class='x9Tz'>"
            f"{around_headline}<div class='q1'><h1>Lagos startups raise more</h1>"
            f"<div class='Zm4'>{after}</div></div><p>Text of the story.</p></div>"
            "<aside><p>By Someone Else</p></aside></body></html>")


@pytest.mark.parametrize(("after", "expected"), [
    ("<div class='_ceVT'>By <span class='rl'>Yomi Kazeem</span></div>", "Yomi Kazeem"),
    ("<span>Par</span> <a href='/auteurs/lucie'>Lucie Garnier</a>", "Lucie Garnier"),
    ("<p>Par Lucie Garnier et Paul de la Roche</p>", "Lucie Garnier et Paul de la Roche"),
    ("<p>BY: JOSH HASKELL, DAVID CAPLAN</p>", "JOSH HASKELL, DAVID CAPLAN"),
    ("<div>Publié le 12 mars 2023 par Jeanne Martin</div>", "Jeanne Martin"),
    ("<p>Par Claire Dubois | 5 avril 2022 | Actualités</p>", "Claire Dubois"),
    ("<p>par Claire Dubois le 5 avril 2022 dans Actualités</p>", "Claire Dubois"),
    ("<dl><dt>Écrit par</dt><dd>Marie Curie</dd><dt>Publication</dt><dd>3 mai 2024</dd></dl>",
     "Marie Curie"),
    ("<cite>By Jemele Hill<br>ESPN.com<br><a href='/jh/'>Archive</a></cite>", "Jemele Hill"),
    ("<p>Auteure : Lucie Garnier</p>", "Lucie Garnier"),
    ("<p><strong>Rédaction :</strong> Lucie Garnier</p>", "Lucie Garnier"),
    ("<p>Texte : Lucie Garnier - Photos : Paul Roux</p>", "Lucie Garnier"),
    ("<p>Auteur·ice : Lucie Garnier</p>", "Lucie Garnier"),
    ("<p>Rédactrice : Lucie Garnier</p>", "Lucie Garnier"),
    ("<p>Autorin: Anna Schmidt</p>", "Anna Schmidt"),
    ("<p>Autor: Jan Novák</p>", "Jan Novák"),
    ("<p>Rédacteur·rices : Lucie Garnier et Paul Roux</p>", "Lucie Garnier et Paul Roux"),
    ("<div class='submitted'>Soumis par <span>Jeanne Martin</span> le 2 mai 2024</div>",
     "Jeanne Martin"),
    ("<span>By</span><span>by JOSH HASKELL, DAVID CAPLAN and\n    PATRICK REEVELL</span>",
     "JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL"),
    ("<a href='/autre'>By Ann Other</a>", None),
])
def test_an_element_that_reads_by_and_names_gives_the_names(after, expected):
    """A "By" alone reads with what follows it; a link that reads "By …" is a teaser's."""
    assert written_byline(parse_document(page("", after))) == expected


@pytest.mark.parametrize("text", [
    "By continuing to browse you accept cookies",
    "By 2030, the fund will double",
    "By Yomi Kazeem, Paul Roux, Anne Bell and Marc Petit",
    "Par " + "Jean Dupont " * 8,
    "Photo par Jean Dupont",
    "Organisé par France Active Normandie",
    "Propos recueillis par Marie Dupont",
    "Soutenu par la Région Normandie",
    "Texte intégral : Accord Cadre National",
])
def test_a_sentence_that_names_someone_after_by_is_no_byline(text):
    assert written_byline(parse_document(page("", f"<p>{text}</p>"))) is None


def test_a_byline_after_the_headline_comes_before_one_above_it():
    tree = parse_document(page("<p>By Ann Other</p>", "<p>By Yomi Kazeem</p>"))
    assert written_byline(tree) == "Yomi Kazeem"
    assert written_byline(parse_document(page("<p>By Ann Other</p>"))) == "Ann Other"


@pytest.mark.parametrize("byline", ["<span class='k2'>Par Lucie Garnier</span>",
                                    "<p class='auteur'>Lucie Garnier</p>"])
def test_a_page_of_no_family_gets_the_author_its_text_names(byline):
    html = handmade_page(date_line=byline)
    article = normalize(extract(html, URL, HANDMADE))
    assert [a.name for a in article.authors] == ["Lucie Garnier"]


def test_a_page_declaring_only_the_site_as_its_author_gets_the_writer_its_text_names():
    html = handmade_page(date_line="Par Lucie Garnier").replace(
        "<title>", "<meta name='author' content='Collectif solidaire'><title>")
    article = normalize(extract(html, URL, HANDMADE))
    assert [a.name for a in article.authors] == ["Lucie Garnier"]


def test_initials_keep_the_full_stop_the_page_gives_them():
    tree = parse_document("<html><head><meta name='byl' content='By Marc Santora, William K. "
                          "Rashbaum and Al Baker'></head><body><p>J R Smith</p></body></html>")
    assert with_initials(["Marc Santora", "William K Rashbaum", "J R Smith"], tree) == [
        "Marc Santora", "William K. Rashbaum", "J R Smith"]


@pytest.mark.parametrize(("after", "expected"), [
    ("<div>Publié le 12 mars 2023 par Jeanne Martin</div>", "12 mars 2023"),
    ("<p>Par Claire Dubois | Publié le jeudi 2 mai 2024 à 14h30</p>", "jeudi 2 mai 2024 à 14h30"),
    ("<dl><dt>Publication</dt><dd>3 mai 2024</dd></dl>", "3 mai 2024"),
    ("<p class='meta'>Posted on March 5, 2024 by admin</p>", "March 5, 2024"),
    ("<p>Mis en ligne le 05/03/2024</p>", "05/03/2024"),
    ("<div class='submitted'>Soumis par Jeanne Martin le jeu, 02/05/2024 - 14:30</div>",
     "jeu, 02/05/2024 - 14:30"),
    ("<p>Publié par Anne Le Bris le 3 mai 2024</p>", "3 mai 2024"),
    ("<p>Posted by admin on March 5, 2024 at 10:15 am</p>", "March 5, 2024 at 10:15 am"),
    ("<dl><dd class='create'>Création : mardi 12 mars 2024 10:00</dd></dl>",
     "mardi 12 mars 2024 10:00"),
    ("<dl><dd class='create'>Created: Tuesday, 12 March 2024 10:00</dd></dl>",
     "Tuesday, 12 March 2024 10:00"),
    ("<p>Créée en 1998, l'association accompagne les habitants.</p>", None),
    ("<p>Publié par Anne Le Bris</p>", None),
    ("<span>Publié il y a 3 jours</span>", "il y a 3 jours"),
    ("<p>Le rapport publié le 3 mai 2024 par l'Insee montre une hausse.</p>", None),
    ("<p>Mis à jour le 5 mars 2024</p>", None),
    ("<ul><li>Publié le 3 mai 2024</li></ul>", None),
])
def test_the_date_after_the_word_of_publication(after, expected):
    assert written_date(parse_document(page("", after))) == expected


def test_a_page_of_no_family_is_dated_by_its_publication_not_its_update():
    """htmldate reads the page's latest date here."""
    html = handmade_page(date_line="Publié le 1er mars 2024, mis à jour le 5 mars 2024")
    article = normalize(extract(html, URL, HANDMADE))
    assert article.published == "2024-03-01T00:00:00+01:00"


def test_a_page_of_no_family_keeps_the_time_its_submitted_line_gives():
    """Drupal's "Soumis par … le …" line; htmldate would give the day alone."""
    html = handmade_page(date_line="Soumis par Lucie Garnier le jeu, 02/05/2024 - 14:30")
    article = normalize(extract(html, URL, HANDMADE))
    assert article.published == "2024-05-02T14:30:00+02:00"
    assert [a.name for a in article.authors] == ["Lucie Garnier"]


@pytest.mark.parametrize(("line", "credit"), [
    ("Rédigé par Marie Dupont le 12 mars 2024", Credit(dated=True, named=True)),
    ("Posted on March 5, 2024 by Jane Roe", Credit(dated=True, named=True)),
    ("12/03/2024 - Marie Dupont", Credit(dated=True, named=True)),
    ("Auteur : Anne Le Bris", Credit(dated=False, named=True)),
    ("By JANE ROE and JOHN DOE", Credit(dated=False, named=True)),
    ("Mis en ligne le mardi 12 mars 2024", Credit(dated=True, named=False)),
    ("Publié le 12/03/2024 à 10h30 - Mis à jour le 14/03/2024 à 09h00",
     Credit(dated=True, named=False)),
    ("Par ailleurs, le conseil a voté", None),
    ("Propos recueillis par Marie Dupont", None),
    ("par Marie Dupont, chargée de mission", Credit(dated=False, named=True)),
    ("Par Marie Dupont, la présidente a ouvert la séance à 9 heures", None),
    ("Marie Dupont, chargée de mission", None),
    ("Paris, le 3 mai 2024", None),
    ("Le 12 mars 2024, le conseil a voté.", None),
    ("12 mars 2024 | Actualités", None),
    ("Marie Dupont", None),
])
def test_a_credit_line_only_dates_the_article_or_names_its_writers(line, credit):
    assert credit_line(line) == credit
