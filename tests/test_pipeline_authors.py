from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.extract.raw import RawAuthor
from harvester.model import Author
from pipelines.authors import (
    EMAIL,
    AuthorsPipeline,
    clean_name,
    normalize_authors,
    proper_case,
    split_byline,
)
from tests.pipeline_helpers import article

ALIASES = {"alfederici": "Anne-Laure Federici"}

BYLINES = [
    ("par alfederici - le 9 novembre 2012", ["Anne-Laure Federici"]),
    ("Par : MARC DURAND", ["Marc Durand"]),
    ("par Anne Dupont, Marc Durand et Léa Martin", ["Anne Dupont", "Marc Durand", "Léa Martin"]),
    ("écrit par jean de la fontaine", ["Jean de la Fontaine"]),
    ("By John Smith and Jane Doe", ["John Smith", "Jane Doe"]),
    ("Marie Dupont (CRESS Bretagne)", ["Marie Dupont"]),
    ("marie.dupont@cress-bretagne.org", []),
    ("Marie Dupont, chargée de mission ESS", ["Marie Dupont"]),
    ("JEAN-MARC D'ALEMBERT", ["Jean-Marc d'Alembert"]),
    ("Pierre & Paul / Jacques", ["Pierre", "Paul", "Jacques"]),
    ("Rédigé par Sophie LE GALL le 12/03/2020", ["Sophie LE GALL"]),
    ("Publié le 17 juin 2010 par alfederici", ["Anne-Laure Federici"]),
    ("par Anne Dupont - lundi 9 novembre 2012 à 14h30", ["Anne Dupont"]),
    ("LUDWIG VAN BEETHOVEN", ["Ludwig van Beethoven"]),
    ("Lucie Martin <lucie.martin@rtes.fr>", ["Lucie Martin"]),
    ("ESS France", ["ESS France"]),
    ("Service communication", ["Service communication"]),
    ("Publié le 19 octobre 2012", []),
    ("par Anne Dupont et anne dupont", ["Anne Dupont"]),
    ("Auteur : Paul Martin [photographe]", ["Paul Martin"]),
    ("Texte : Claire Petit, photos : Jean Dupont", ["Claire Petit"]),
    ("Un article de Claire Petit", ["Claire Petit"]),
    ("Tribune d'Amélie Roux et Paul Martin", ["Amélie Roux", "Paul Martin"]),
    ("", []),
    ("par @alfederici", ["Anne-Laure Federici"]),
    # a date, a time of day or a weekday after the name, even glued to it
    ("By Seth Fiegerman2014-01-26 21:32:46 UTC", ["Seth Fiegerman"]),
    ("By Bryan Walsh Tuesday, Aug. 17, 2010", ["Bryan Walsh"]),
    ("Nicholas Carlson Apr. 24, 2014, 9:49 AM 286,248 40", ["Nicholas Carlson"]),
    ("Jeanne Roux, mardi 3 mars 2020 à 14h30", ["Jeanne Roux"]),
    ("9:39AM BST 05 Oct 2011", []),
    ("ZDNet Japan Staff 2019年04月28日 08時00分", ["ZDNet Japan Staff"]),
    ("小暮ひさのり 2019年4月28日", ["小暮ひさのり"]),
    # a role, an agency or a time after a spaced dash or bar
    ("By JORDAN ROBERTSON and RACHEL METZ - AP Technology Writers | AP – 1 hr 4 mins ago",
     ["Jordan Robertson", "Rachel Metz"]),
    ("Pete Evans · CBC News", ["Pete Evans"]),
    # a bracket cut by the byline's commas; a picture's credit
    ("Cécile Ducourtieux(Bruxelles, bureau européen)", ["Cécile Ducourtieux"]),
    ("(Photo: Brett Davis, USA TODAY Sports)", []),
    # the page's tools, a month whose day was cut off
    ("Steven Shepard Link Copied", ["Steven Shepard"]),
    ("Rebecca Hersher Twitter", ["Rebecca Hersher"]),
    ("PATRICK REEVELL December", ["Patrick Reevell"]),
    ("Lesedauer", []),
    ("January", []),
    ("Top stories", []),
    ("Lire la suite", []),
]


@pytest.mark.parametrize(("byline", "expected"), BYLINES)
def test_byline(byline, expected):
    assert [a.name for a in normalize_authors([], byline, ALIASES)] == expected


def test_linked_authors_win_over_the_byline_and_keep_their_url():
    linked = [RawAuthor("alfederici", "https://www.rtes.fr/_alfederici_"),
              RawAuthor("ALFEDERICI")]
    assert normalize_authors(linked, "par quelqu'un d'autre", ALIASES) == [
        Author("Anne-Laure Federici", "https://www.rtes.fr/_alfederici_")]


def test_alias_found_through_the_author_page_url():
    linked = [RawAuthor("A.-L. F.", "https://www.rtes.fr/_alfederici_")]
    assert normalize_authors(linked, None, ALIASES)[0].name == "Anne-Laure Federici"


def test_duplicate_keeps_the_url_seen_later():
    linked = [RawAuthor("Léa Martin"), RawAuthor("LEA MARTIN", "https://www.rtes.fr/_Lea_")]
    assert normalize_authors(linked, None, {}) == [Author("Léa Martin",
                                                          "https://www.rtes.fr/_Lea_")]


@pytest.mark.parametrize(("name", "expected"), [
    ("alfederici", "alfederici"), ("MARC", "Marc"), ("ESS", "ESS"), ("O'BRIEN", "O'Brien"),
    ("jean-pierre du pont", "Jean-Pierre du Pont"), ("Van Gogh", "Van Gogh"),
])
def test_proper_case(name, expected):
    assert proper_case(name) == expected


def test_pipeline_fills_authors():
    item = article(byline="par alfederici - le 9 novembre 2012")
    AuthorsPipeline().process_item(item)
    assert item.authors == [Author("Anne-Laure Federici")]


@given(st.text(max_size=200))
def test_never_raises_and_names_are_clean(text):
    authors = normalize_authors([RawAuthor(text)], text, ALIASES)
    for author in authors:
        assert author.name.strip() == author.name
        assert author.name
        assert not EMAIL.search(author.name)


@given(st.lists(st.text(max_size=40), max_size=5))
def test_idempotent_on_its_own_output(names):
    once = normalize_authors([RawAuthor(n) for n in names], None, ALIASES)
    twice = normalize_authors([RawAuthor(a.name, a.url) for a in once], None, ALIASES)
    assert [a.name for a in twice] == [a.name for a in once]


@given(st.text(max_size=120))
def test_split_byline_never_raises(text):
    assert isinstance(split_byline(text), list)


def test_byline_names_beside_a_linked_author_are_kept():
    linked = [RawAuthor("Nadia Karim", "https://fonda.asso.fr/auteurs/nadia-karim/")]
    byline = "Par Nadia Karim et Paul Girard, le 14 mai 2024"
    assert [a.name for a in normalize_authors(linked, byline, {})] == ["Nadia Karim",
                                                                       "Paul Girard"]


def test_a_byline_that_does_not_name_the_linked_author_is_ignored():
    linked = [RawAuthor("Nadia Karim", "https://fonda.asso.fr/auteurs/nadia-karim/")]
    assert [a.name for a in normalize_authors(linked, "Publié dans Actualités", {})] == [
        "Nadia Karim"]


@pytest.mark.parametrize("written", [
    "le", "par", "by", "3. Mai 2024", "12/03/2021", "May 3, 2024", "il y a 2 heures",
    "·", "—", "|", "9:49 AM 286", "9:39am BST", "14h30", "Apr", "Tuesday",
    "Submitted on Mon, 2019-01-21 13:49",
])
def test_a_date_a_time_a_relative_time_a_lone_word_or_a_separator_is_no_author(written):
    assert clean_name(written) is None


@pytest.mark.parametrize("written", [
    "Top stories", "View my complete profile", "Read more", "Voir le profil",
    "Account You're logged", "Share this", "Suivez-nous sur notre page",
])
def test_the_text_of_the_page_tools_is_no_author(written):
    assert clean_name(written) is None


@pytest.mark.parametrize("name", ["Anne Mai", "Ma Jun", "Louise Story", "Joe Friday",
                                  "Piers Paul Read", "Thomas More", "Kelly Link", "Avril"])
def test_names_that_hold_a_month_a_weekday_or_a_tool_word_stay(name):
    assert clean_name(name) == name


@pytest.mark.parametrize(("written", "name"), [
    ("Aleš Vávra před", "Aleš Vávra"),
    ("Lucie Garnier ·", "Lucie Garnier"),
    ("Lucie Garnier | ", "Lucie Garnier"),
    ("— Anne Mai", "Anne Mai"),
    ("Submitted by Jane Doe on Mon, 2019-01-21 13:49", "Jane Doe"),
    ("Posted by John Smith", "John Smith"),
])
def test_a_name_keeps_no_separator_or_relative_time(written, name):
    assert clean_name(written) == name


@pytest.mark.parametrize(("written", "name"), [
    ("Sam Stein Senior Politics Editor", "Sam Stein"),
    ("Howard BlumeStaff Writer", "Howard Blume"),
    ("JANE DOE, STAFF WRITER", "Jane Doe"),
    ("Maria Critic", "Maria Critic"),
    ("Editor", None),
])
def test_an_english_job_title_after_a_name_goes(written, name):
    names = [a.name for a in normalize_authors([], written, {})]
    assert names == ([name] if name else [])


@pytest.mark.parametrize(("written", "names"), [
    ("Par LILIAN ALEMAGNA et LAURE BRETTON Envoyés spéciaux à Toulouse",
     ["Lilian Alemagna", "Laure Bretton"]),
    ("Jean Dupont, correspondant à Bruxelles", ["Jean Dupont"]),
    ("Par Claire Martin, envoyée spéciale à Lyon", ["Claire Martin"]),
    ("Par notre correspondante à Rennes", []),
    ("Journaliste", []),
])
def test_a_french_role_after_a_name_goes(written, names):
    assert [a.name for a in normalize_authors([], written, {})] == names


def test_a_byline_repeating_a_linked_name_with_its_role_adds_no_author():
    linked = [RawAuthor("Sam Stein", "https://news.example/author/sam-stein")]
    byline = "Sam Stein Senior Politics Editor"
    assert [a.name for a in normalize_authors(linked, byline, {})] == ["Sam Stein"]


def test_a_byline_holding_only_a_date_gives_no_author():
    assert normalize_authors([], "le 3 mars 2021", {}) == []


def test_the_site_name_is_no_author():
    item = article(authors=[RawAuthor("Avise")], site_name="Avise")
    AuthorsPipeline().process_item(item)
    assert item.authors == []


@pytest.mark.parametrize("written", ["USA TODAY", "usatoday.com", "Usa-Today"])
def test_the_site_domain_written_as_a_name_is_no_author(written):
    item = article(authors=[RawAuthor(f"Jefferson Graham, {written}")],
                   url="https://www.usatoday.com/story/tech/namm-2014/")
    AuthorsPipeline().process_item(item)
    assert [a.name for a in item.authors] == ["Jefferson Graham"]


@pytest.mark.parametrize(("byline", "names"), [
    ("Saibal Dasgupta, TNN", ["Saibal Dasgupta"]),
    ("Marie Dupont et l'AFP", ["Marie Dupont"]),
    ("By Jeff Karoub, The Associated Press", ["Jeff Karoub"]),
    ("AFP", ["AFP"]),
    ("Associated Press", ["Associated Press"]),
])
def test_a_news_agency_is_an_author_only_when_no_writer_is_named(byline, names):
    item = article(authors=[RawAuthor(byline)])
    AuthorsPipeline().process_item(item)
    assert [a.name for a in item.authors] == names


@pytest.mark.parametrize(("written", "name"), [
    ("Hasan Mansoor in Karachi", "Hasan Mansoor"),
    ("Michael Larabel in Valve", "Michael Larabel"),
    ("RICH SCHAPIRO in New York", "Rich Schapiro"),
    ("Women in Tech", "Women in Tech"),
])
def test_where_the_writer_filed_from_goes_but_never_leaves_one_word(written, name):
    assert clean_name(written) == name


@pytest.mark.parametrize(("written", "name"), [
    ("Confreaks Confreaks", "Confreaks"),
    ("Nadia Karim Nadia Karim", "Nadia Karim"),
    ("Ellyn Shook Ellyn Shook Creating the most truly human company", "Ellyn Shook"),
    ("Ma Ma", "Ma Ma"),
])
def test_a_name_written_twice_in_a_row_is_one(written, name):
    assert clean_name(written) == name


def test_the_handle_of_a_named_author_is_the_same_author():
    linked = [RawAuthor("timoreilly", "https://medium.com/@timoreilly"),
              RawAuthor("Tim O'Reilly", None)]
    authors = normalize_authors(linked, None, {})
    assert [(a.name, a.url) for a in authors] == [("Tim O'Reilly",
                                                   "https://medium.com/@timoreilly")]


@pytest.mark.parametrize(("written", "name"), [
    ("Meg Wagner NEW YORK DAILY NEWS", "Meg Wagner"),
    ("Marc Kaufman WASHINGTON POST", "Marc Kaufman"),
    ("Marie DUPONT AFP", "Marie DUPONT"),
    ("RACHEL METZ AP", "Rachel Metz"),
    ("Sophie LE GALL", "Sophie LE GALL"),
    ("THE WASHINGTON POST", "The Washington Post"),
])
def test_a_publisher_in_capitals_after_a_name_goes_not_a_surname(written, name):
    assert clean_name(written) == name
