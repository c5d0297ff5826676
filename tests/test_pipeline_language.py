"""The article's language: the page's declaration first, else detected from its text."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.registry import Source
from pipelines import normalize

SOURCE = Source(key="asso", name="Asso", url="https://asso.example/", family="auto")
TEXTS = {
    "en": "The volunteers of the association held their weekly repair session on Saturday "
          "morning, and thirty neighbours brought a lamp, a toaster or a bicycle to fix. ",
    "de": "Die Freiwilligen des Vereins haben am Samstagmorgen ihre wöchentliche "
          "Reparaturstunde abgehalten, und dreißig Nachbarn brachten etwas zum Reparieren. ",
}


def page(text: str, lang: str = "") -> str:
    declared = f" lang='{lang}'" if lang else ""
    return (f"<html{declared}><head><meta charset='utf-8'><title>T</title></head><body>"
            f"<article><h1>Titre</h1><time datetime='2024-05-03'>3 mai</time>"
            f"<p>{text * 3}</p></article></body></html>")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_page_declaring_no_language_gets_the_language_of_its_text(language):
    article = normalize(extract(page(TEXTS[language]), "https://asso.example/a", SOURCE))
    assert article.language == language


def test_a_declared_language_is_kept():
    article = normalize(extract(page(TEXTS["en"], "fr-FR"), "https://asso.example/a", SOURCE))
    assert article.language == "fr-FR"


def test_too_little_text_keeps_the_source_language():
    article = normalize(extract(page("Short text. ", ""), "https://asso.example/a", SOURCE))
    assert article.language == "fr"
