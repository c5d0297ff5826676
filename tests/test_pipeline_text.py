from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.text import XML_ILLEGAL
from pipelines.text import TextFieldsPipeline, bcp47, clean_title, html_to_plain
from tests.pipeline_helpers import article

SITES = ["RTES", "RTES — Réseau des collectivités territoriales pour une économie solidaire"]

TITLES = [
    ("Réussite de la journée des Pôles - RTES", "Réussite de la journée des Pôles"),
    ("RTES | Réussite de la journée", "Réussite de la journée"),
    ("Communiqué : les PTCE - RTES", "Communiqué : les PTCE"),
    ("Réussite - RTES — Réseau des collectivités territoriales pour une économie solidaire",
     "Réussite"),
    ("  Réussite\n\tde la  journée ", "Réussite de la journée"),
    ("Communiqué\xa0: les PTCE", "Communiqué : les PTCE"),
    ("Le RTES - un réseau", "Le RTES - un réseau"),
    ("Les PTCE » RTES", "Les PTCE"),
    ("Titre\x0b avec contrôle", "Titre avec contrôle"),
    ("RTES", "RTES"),
    ("", ""),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_title(title, expected):
    assert clean_title(title, SITES) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("fr", "fr"), ("fr_FR", "fr-FR"), ("fr-fr", "fr-FR"), ("FR", "fr"), ("en-GB", "en-GB"),
    ("", "fr"), (None, "fr"), ("français", "fr"), ("x", "fr"), ("oc", "oc"),
    ("fra", "fr"), ("iw", "he"), ("zh_hans_cn", "zh-Hans-CN"), ("fr, en", "fr"),
    ("en-US,en;q=0.9", "en-US"), ("de-CH-1996", "de-CH-1996"), ("x-klingon", "fr"),
])
def test_language(value, expected):
    assert bcp47(value, "fr") == expected


def test_summary_prefers_the_chapo_then_the_subtitle_then_the_description():
    item = article(summary_html="<p>Le <b>chapô</b></p>", subtitle="Sous-titre",
                   description="Desc")
    TextFieldsPipeline().process_item(item)
    assert item.summary == "Le chapô"
    item = article(subtitle="Sous-titre", description="Desc")
    TextFieldsPipeline().process_item(item)
    assert item.summary == "Sous-titre"
    item = article(description="Assistance fournie, intervenants (...)")
    TextFieldsPipeline().process_item(item)
    assert item.summary == "Assistance fournie, intervenants…"


def test_section_drops_empty_crumbs_and_the_title():
    item = article(section=["Les PTCE", " ", "Réussite de la journée"])
    TextFieldsPipeline().process_item(item)
    assert item.section == ["Les PTCE"]


@given(st.text(max_size=120), st.lists(st.text(max_size=20), max_size=3))
def test_title_never_raises_and_is_one_clean_line(title, sites):
    cleaned = clean_title(title, sites)
    assert "\n" not in cleaned
    assert cleaned == cleaned.strip()
    assert not XML_ILLEGAL.search(cleaned)


@given(st.text(max_size=200))
def test_html_to_plain_never_raises(fragment):
    assert "\n" not in html_to_plain(fragment)
