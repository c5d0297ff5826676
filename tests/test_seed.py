"""The seed page (../shared/seed) gives what SPEC.md says it must give."""

from __future__ import annotations

import re
from datetime import date

import pytest

from harvester.timestamps import PARIS, parse_iso
from tests.golden import extract_case, find_case, run_case


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return run_case(find_case("spip/seed"), tmp_path_factory.mktemp("seed"))


def test_title(seed):
    assert seed["title"] == ("Réussite de la journée des Pôles Territoriaux de Coopération "
                             "Economique en Rhône-Alpes")


def test_section(seed):
    assert seed["section"] == ["Les PTCE"]


def test_author_handle_is_read_and_mapped(seed, tmp_path):
    raw = extract_case(find_case("spip/seed"), tmp_path)
    assert [a.name for a in raw.authors] == ["alfederici"]
    assert seed["authors"] == [{"name": "Anne-Laure Federici",
                                "url": "https://www.rtes.fr/_alfederici_"}]


def test_published_is_9_november_2012_in_paris_not_the_event_date(seed):
    published = parse_iso(seed["published"])
    assert published.astimezone(PARIS).date() == date(2012, 11, 9)
    assert published.utcoffset().total_seconds() == 3600
    assert "25 octobre" in seed["content_text"]


def test_tags(seed):
    assert seed["tags"] == ["RTES"]


def test_one_footnote_referenced_from_the_body(seed):
    assert len(seed["footnotes"]) == 1
    note = seed["footnotes"][0]
    assert note["text"] == "Voir exemple méthodologie d’évaluation"
    assert f'href="#{note["id"]}"' in seed["content_html"]
    reference = re.search(r'<sup id="(fnref-[^"]+)"><a href="#([^"]+)"', seed["content_html"])
    assert reference
    assert reference.group(2) == note["id"]
    assert "Voir exemple méthodologie" not in seed["content_text"]


def test_attachment(seed):
    assert seed["attachments"] == [{
        "url": "https://www.rtes.fr/IMG/pdf/Actes_seminaire_Grenoble_mutualisation.pdf",
        "title": "Actes du séminaire Grenoble Mutualisation de moyens",
        "mime_type": "application/pdf",
        "size_bytes": 369254,
    }]


@pytest.mark.parametrize("boilerplate", [
    "La ligne fixe du RTES est en dérangement", "06 88 74 68 07", "Agrandir la taille du texte",
    "Réduire la taille du texte", "Imprimer cet article", "Hôtel de Ville", "59 033 Lille",
    "Flux RSS", "NetVibes", "Mots clés", "Documents joints", "Portfolio", "Partager",
    "conception : La Péniche", "Dans la même rubrique",
])
def test_body_has_no_boilerplate(seed, boilerplate):
    assert boilerplate not in seed["content_text"]
    assert boilerplate not in seed["content_html"]


def test_body_keeps_the_article_from_first_to_last_paragraph(seed):
    text = seed["content_text"]
    assert text.startswith("Assistance fournie, intervenants de qualité")
    assert text.rstrip().endswith("mutualisation de projets dans l’ESS\".")
    assert "Cyril Kretzschmar" in text
