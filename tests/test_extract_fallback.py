"""The generic fallback (trafilatura, htmldate): a page of no family gets its main text, a
family page missing a field gets that field, and a complete family page never pays for it."""

from __future__ import annotations

import pytest

from harvester.extract import extract, fallback
from harvester.extract.edges import drop_closing_chrome, drop_opening_links
from harvester.registry import Source
from pipelines import normalize

PARAGRAPHS = [
    "Les associations du territoire se sont réunies jeudi pour préparer la saison d'hiver, "
    "avec les élus et les bénévoles de la banque alimentaire du quartier.",
    "Le collectif a présenté un plan de distribution qui couvre désormais quatre communes, "
    "grâce à une camionnette prêtée par la coopérative agricole voisine.",
    "Une seconde réunion est prévue au printemps pour faire le bilan des tournées et "
    "accueillir les nouveaux bénévoles qui se sont inscrits pendant l'automne.",
    "Les personnes intéressées peuvent s'adresser à l'accueil de la maison des associations, "
    "ouverte du lundi au vendredi, ou écrire au collectif par courrier.",
]
MENU = ["Accueil", "Agenda", "Adhérer", "Nos partenaires", "Mentions légales", "Contact"]


def handmade_page(date_line: str = "Publié le 14 novembre 2024 par Claire Dubois") -> str:
    """A hand-made association site: no <article>, no <main>, a menu and a sidebar."""
    menu = "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in MENU)
    side = "".join(f"<p><a href='/breve-{n}'>Brève {n} : un autre sujet du mois</a></p>"
                   for n in range(6))
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return ("<html lang='fr'><head><meta charset='utf-8'><title>Saison d'hiver - Collectif"
            "</title></head><body><div id='haut'><ul class='menu'>" + menu + "</ul></div>"
            "<div id='page'><div class='colonne-gauche'>" + side + "</div>"
            "<div class='colonne-centre'><h1>Préparer la saison d'hiver ensemble</h1>"
            f"<div class='date'>{date_line}</div>{text}</div></div>"
            "<div id='pied'>Collectif solidaire – 12 rue des Lilas</div></body></html>")


HANDMADE = Source(key="collectif", name="Collectif solidaire",
                  url="https://collectif.example/", family="auto")
URL = "https://collectif.example/saison-hiver.html"


def test_a_page_of_no_family_gets_its_main_text_and_nothing_else():
    article = normalize(extract(handmade_page(), URL, HANDMADE))
    for paragraph in PARAGRAPHS:
        assert paragraph[:60] in article.content_text
    for chrome in ("Nos partenaires", "Brève 3", "12 rue des Lilas"):
        assert chrome not in article.content_text


@pytest.mark.parametrize("loose", [False, True])
def test_characters_xml_forbids_do_not_stop_the_main_text(loose: bool):
    """The page's tree keeps a control character; no element made of its text could."""
    text = "Texte\x1f libre d'une page écrite à la main" * 8
    page = handmade_page().replace(f"<p>{PARAGRAPHS[2]}</p>",
                                   f"<br>{text}<br>" if loose else f"<p>{text}</p>")
    article = normalize(extract(page, URL, HANDMADE))
    assert "Texte libre d'une page" in article.content_text
    assert PARAGRAPHS[3][:60] in article.content_text


def test_relative_links_of_the_main_text_resolve_against_the_page():
    page = handmade_page().replace(
        PARAGRAPHS[1], PARAGRAPHS[1] + " Voir <a href='bilan-2024.html'>le bilan</a>.")
    article = normalize(extract(page, "https://collectif.example/actus/2024/saison.html",
                                HANDMADE))
    assert ('href="https://collectif.example/actus/2024/bilan-2024.html"'
            in article.content_html)


def test_a_page_of_no_family_gets_its_date_from_the_text():
    article = normalize(extract(handmade_page(), URL, HANDMADE))
    assert article.published is not None
    assert article.published.startswith("2024-11-14")


def test_a_year_alone_is_no_date():
    """htmldate's extensive search reads a copyright notice's year as its first of January."""
    page = handmade_page(date_line="Mis à jour régulièrement").replace(
        "12 rue des Lilas", "12 rue des Lilas – © 2023 Collectif solidaire")
    assert fallback.read_main_content(page, URL).date is None
    dated = page.replace("<head>", "<head><meta name='date' content='2024-01-01'>")
    assert fallback.read_main_content(dated, URL).date == "2024-01-01"


SPIP = Source(key="rtes", name="RTES", url="https://www.rtes.fr/", family="spip")


def spip_page(body_class: str = "texte", info: str = "par Marc Durand - le 3 mars 2021") -> str:
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return ("<html lang='fr'><head><meta charset='utf-8'><title>Saison - RTES</title></head>"
            "<body><div class='page'><div class='hentry'><h1 class='titre'>Saison d'hiver</h1>"
            f"<p class='info-publi'>{info}</p><div class='{body_class}'>{text}</div></div>"
            "</div></body></html>")


def test_a_family_page_whose_body_selectors_miss_gets_the_main_text():
    """A redesign renamed the body's class: the family finds no body, the fallback does."""
    article = normalize(extract(spip_page(body_class="contenu-article"),
                                "https://www.rtes.fr/Saison", SPIP))
    assert PARAGRAPHS[2][:60] in article.content_text


def test_a_complete_family_page_never_calls_the_fallback(monkeypatch):
    def forbidden(page, url, html=None):
        raise AssertionError("the fallback ran on a complete family page")

    monkeypatch.setattr(fallback, "read_main_content", forbidden)
    article = normalize(extract(spip_page(), "https://www.rtes.fr/Saison", SPIP))
    assert [a.name for a in article.authors] == ["Marc Durand"]
    assert PARAGRAPHS[0][:60] in article.content_text


@pytest.mark.parametrize(("missing", "asks"), [("date", True), ("author", False)])
def test_a_family_page_missing_its_date_asks_the_fallback_not_one_without_author(
        monkeypatch, missing, asks):
    """Many SPIP sites sign nothing: the fallback's cost stays off those family pages."""
    asked = []
    real = fallback.read_main_content

    def counting(page, url, html=None):
        asked.append(url)
        return real(page, url, html)

    monkeypatch.setattr(fallback, "read_main_content", counting)
    info = "par Marc Durand" if missing == "date" else "le 3 mars 2021"
    article = normalize(extract(spip_page(info=info), "https://www.rtes.fr/Saison", SPIP))
    assert asked == (["https://www.rtes.fr/Saison"] if asks else [])
    assert article.authors == [] if missing == "author" else article.authors


def trim_edges(body):
    """What read_main_content does to the ends of trafilatura's body."""
    drop_opening_links(body)
    drop_closing_chrome(body, "https://www.rtes.fr/Saison")


def test_link_lists_at_either_end_of_the_main_content_are_trimmed():
    from lxml import etree

    body = etree.fromstring("<body><p><a href='/a'>Brève 1</a></p><p>Texte.</p>"
                            "<p><a href='/b'>Lire aussi</a></p></body>")
    trim_edges(body)
    assert etree.tostring(body) == b"<body><p>Texte.</p></body>"
    only_links = etree.fromstring("<body><p><a href='/a'>A</a></p><p><a href='/b'>B</a></p>"
                                  "</body>")
    trim_edges(only_links)
    assert len(only_links) == 0


def test_a_copyright_notice_ending_the_main_content_is_trimmed():
    from lxml import etree

    body = etree.fromstring(
        "<body><p>© 2013 is when the law on copyright changed, all rights reserved or not.</p>"
        "<p>Texte.</p><p><img src='/logo.png'/>© 2014 Cable News Network. <a href='/t'>"
        "Turner Broadcasting System, Inc.</a> All Rights Reserved.</p></body>")
    trim_edges(body)
    assert [p.text for p in body] == [
        "© 2013 is when the law on copyright changed, all rights reserved or not.", "Texte."]


def test_each_metadata_search_runs_only_for_a_page_missing_its_field(monkeypatch):
    """htmldate's date search and trafilatura's byline search are most of the fallback's cost:
    a page whose own markup dates it never pays for the first, one whose markup names its
    author never pays for the second; a page missing either gets it from them (from its own
    words first: "Publié le …", "par …")."""
    import htmldate
    import trafilatura.metadata

    searches: list[str] = []

    def counting(name, real):
        def search(*args, **kwargs):
            searches.append(name)
            return real(*args, **kwargs)
        return search

    monkeypatch.setattr(htmldate, "find_date", counting("date", htmldate.find_date))
    monkeypatch.setattr(trafilatura.metadata, "extract_author",
                        counting("author", trafilatura.metadata.extract_author))
    date = "<meta property='article:published_time' content='2024-11-14T09:00:00+01:00'>"
    author = "<meta name='author' content='Claire Dubois'>"
    dated_and_signed = handmade_page().replace("<title>", f"{date}{author}<title>")
    assert normalize(extract(dated_and_signed, URL, HANDMADE)).published.startswith("2024-11-14")
    assert searches == []
    signed = normalize(extract(handmade_page().replace("<title>", f"{author}<title>"), URL,
                               HANDMADE))
    assert signed.published.startswith("2024-11-14")
    assert searches == []  # its "Publié le 14 novembre 2024" dates it
    undated = handmade_page(date_line="14 novembre 2024")
    signed = normalize(extract(undated.replace("<title>", f"{author}<title>"), URL, HANDMADE))
    assert signed.published.startswith("2024-11-14")
    assert searches == ["date"]
    searches.clear()
    dated = normalize(extract(handmade_page().replace("<title>", f"{date}<title>"), URL,
                              HANDMADE))
    assert searches == []  # its "par Claire Dubois" names the author
    assert [a.name for a in dated.authors] == ["Claire Dubois"]
    assert dated.published.startswith("2024-11-14")
    unsigned = handmade_page(date_line="Mis à jour régulièrement")
    normalize(extract(unsigned.replace("<title>", f"{date}<title>"), URL, HANDMADE))
    assert searches == ["author"]


@pytest.mark.parametrize(("selectors_body", "kept"), [
    ("".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "<figure>Légende</figure>", True),
    # as long as the main text, another text: a block of teasers the selectors took
    ("".join(f"<p>{' '.join(f'autre{n}' for n in range(len(p.split())))}</p>"
             for p in PARAGRAPHS), False),
])
def test_a_selectors_body_is_kept_only_when_it_holds_the_main_text(monkeypatch, selectors_body,
                                                                   kept):
    main_text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    monkeypatch.setattr(fallback, "read_main_content",
                        lambda page, url, html=None: fallback.MainContent(
                            body_html=main_text, text=" ".join(PARAGRAPHS), tree=None, url=url))
    page = handmade_page().replace("<div class='colonne-centre'>",
                                   f"<div class='colonne-centre'><main>{selectors_body}</main>")
    raw = extract(page, URL, HANDMADE)
    assert raw.body_html == (selectors_body if kept else main_text)


@pytest.mark.parametrize(("ours", "theirs", "same"), [
    ("un deux trois quatre cinq", "un deux trois quatre cinq", True),
    # figure captions and note anchors beside the same text
    ("un deux trois quatre cinq légende 1", "un deux trois quatre cinq", True),
    ("six sept huit neuf dix", "un deux trois quatre cinq", False),
    ("un deux trois quatre cinq " * 2, "un deux trois quatre cinq", False),
    ("un deux", "un deux trois quatre cinq", False),
    # a script written without spaces counts its characters
    ("罪悪感薄めでグリグリ回せるやつ。作者", "罪悪感薄めでグリグリ回せるやつ。", True),
    ("罪悪感薄めで", "罪悪感薄めでグリグリ回せるやつ。", False),
])
def test_same_text_compares_the_words(ours, theirs, same):
    assert fallback.same_text(ours, theirs) is same
