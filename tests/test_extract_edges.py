"""The ends of a body: credit lines before its text, the page's chrome after it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.extract import extract
from harvester.extract.edges import drop_closing_chrome, drop_opening_credits
from harvester.fragments import parse_fragment, serialize_children
from harvester.registry import Source
from pipelines import normalize

URL = "https://reseau-ess.example.org/actu/les-cooperatives"
TEXT = "<p>Le réseau a tenu son assemblée générale à Lyon.</p>"


def closed(ending: str) -> str:
    body = parse_fragment(TEXT + ending)
    drop_closing_chrome(body, URL)
    return serialize_children(body)[len(TEXT):]


@pytest.mark.parametrize("ending", [
    '<p>Mots-clés : <a href="/tag/ess">ESS</a>, <a href="/tag/coop">Coopératives</a></p>',
    "<p>Partager : Facebook Twitter</p>",
    "<p>Imprimer cet article | <a href='/contact'>Contact</a></p>",
    'Ce contenu a été publié dans <a href="/category/actu" rel="category tag">Actualités</a>,'
    ' avec comme mot(s)-clé(s) <a href="/tag/ess" rel="tag">ESS</a>.',
    '<p><a href="/actualites">Retour à la liste des actualités</a></p>',
    '<p><strong>Lire aussi :</strong> <a href="https://autre.example.com/x">Les Scop</a></p>',
    '<p><a href="/actu/prev">← Article précédent</a> <a href="/actu/next">Article suivant →'
    "</a></p>",
    "<p>© 2024 Réseau ESS. Tous droits réservés.</p>",
    '<p><a href="/tag/ess">ESS</a></p><p>Partager</p>',
])
def test_the_pages_chrome_after_the_text_is_dropped(ending):
    assert closed(ending) == ""


@pytest.mark.parametrize("ending", [
    '<p><a href="/docs/rapport.pdf">Télécharger le rapport (PDF, 2 Mo)</a></p>',
    '<p><a href="https://www.helloasso.com/associations/x">Je m\'inscris</a></p>',
    "<p>Marie Dupont, chargée de mission</p>",
    '<p>Source : <a href="https://www.avise.org/">Avise</a></p>',
    '<p>Plus d\'informations sur <a href="/cress">le site de la CRESS</a>.</p>',
    '<ul><li><a href="/a">Guide</a></li><li><a href="/b">Annuaire</a></li></ul>',
    "<h2>P.-S.</h2><p>Contact presse : presse@reseau-ess.example.org</p>",
    '<p>Retour sur une journée riche en échanges <a href="/photos">en images</a>.</p>',
    "<p>Partagez vos idées pour la prochaine édition avec l'équipe du réseau.</p>",
    '<p><a href="http://[rtes.fr/actu">Une adresse mal formée</a></p>',
])
def test_the_articles_own_closing_lines_stay(ending):
    assert closed(ending) == ending


def test_a_page_of_no_family_keeps_neither_byline_nor_chrome_in_its_body():
    filler = "Les coopératives d'activité accompagnent les entrepreneurs du territoire. " * 6
    more = "Les collectivités soutiennent ces structures par des appels à projets. " * 5
    page = (
        '<html lang="fr"><head><title>Les coopératives face à la crise | Réseau ESS</title>'
        "</head><body><main><h1>Les coopératives face à la crise</h1>"
        '<div class="entry-meta">Publié le 12 mars 2024 par <a href="/auteur/md">Marie '
        f"Dupont</a></div><p>{filler}</p><p>{more}</p>"
        '<div class="entry-utility">Ce contenu a été publié dans <a href="/category/actu" '
        'rel="category tag">Actualités</a>, avec comme mot(s)-clé(s) <a href="/tag/ess" '
        'rel="tag">ESS</a>.</div><div class="nav-links"><a href="/actu/prev" rel="prev">'
        '← Article précédent</a><a href="/actu/next" rel="next">Article suivant →</a></div>'
        "</main></body></html>")
    source = Source(key="ess", name="Réseau ESS", url="https://reseau-ess.example.org/",
                    family="auto")
    article = normalize(extract(page, URL, source))
    assert [a.name for a in article.authors] == ["Marie Dupont"]
    assert article.published.startswith("2024-03-12")
    assert article.content_text == f"{filler.strip()}\n\n{more.strip()}"
    assert article.summary.startswith("Les coopératives d'activité")
    assert (article.section, article.tags) == (["Actualités"], ["ESS"])


LINES = [
    "<p>Publié le 12 mars 2024 par Marie Dupont</p>", "<p>12/03/2024</p>",
    "<p>Auteur : Paul Roux</p>", '<p><a href="/tag/ess">ESS</a></p>', "<p>Partager</p>",
    '<p>Mots-clés : <a href="/t/a">A</a>, <a href="/t/b">B</a></p>',
    "<p>© 2024 Réseau ESS</p>", '<p><img src="/a.jpg"></p>', "<h2>Le contexte</h2>",
    "<ul><li>un</li><li>deux</li></ul>", "Texte libre ", '<a href="/x">lien</a> ',
]
LONG = "<p>" + "Le réseau accompagne les structures de l'économie sociale. " * 6 + "</p>"


@given(st.lists(st.sampled_from(LINES), max_size=6), st.lists(st.sampled_from(LINES),
                                                              max_size=6))
def test_the_text_between_the_ends_always_stays_and_a_second_trim_changes_nothing(before,
                                                                                  after):
    body = parse_fragment("".join(before) + LONG + "".join(after))
    drop_opening_credits(body, has_authors=True, has_date=True)
    drop_closing_chrome(body, URL)
    once = serialize_children(body)
    assert LONG in once
    drop_opening_credits(body, has_authors=True, has_date=True)
    drop_closing_chrome(body, URL)
    assert serialize_children(body) == once
