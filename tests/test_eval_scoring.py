from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.metrics import (
    iso_date,
    same_authors,
    same_title,
    token_f1,
    token_recall,
    words,
)
from eval.score import cell, page_scores
from eval.tools import Extraction, harvester_extraction, warm_cpu

TRUTH = {"path": "pages/a.html", "url": "https://example.org/a", "title": "Une journée",
         "authors": ["Anne Dupont"], "date": "2024-03-01", "body": "un deux trois quatre",
         "body_is_prefix": False, "language": "fr"}


@pytest.mark.parametrize(("got", "want", "same"), [
    ("Une journée", "Une journée", True),
    ("  une\n\tJOURNÉE ", "Une journée", True),
    ("Une\xa0journée", "Une journée", True),
    ("Une journée - RTES", "Une journée", False),
    ("Une journee", "Une journée", False),
    (None, "Une journée", False),
])
def test_same_title(got, want, same):
    assert same_title(got, want) is same


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-11-07T02:00:00-05:00", "2023-11-07"),
    ("2023-11-07", "2023-11-07"),
    (" 2023-11-07 ", "2023-11-07"),
    ("2023-11-07T23:30:00+01:00", "2023-11-07"),
    ("Nov 7, 2023", None),
    ("07/11/2023", None),
    ("", None),
    (None, None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(("got", "want", "same"), [
    (["Anne Dupont"], ["Anne Dupont"], True),
    (["BOB MARTIN", "anne  dupont"], ["Anne Dupont", "Bob Martin"], True),
    (["Anne Dupont", " "], ["Anne Dupont"], True),
    (["Anne Dupont"], ["Anne Dupont", "Bob Martin"], False),
    (["Anne Dupont", "Rédaction"], ["Anne Dupont"], False),
    (["A. Dupont"], ["Anne Dupont"], False),
    ([], ["Anne Dupont"], False),
])
def test_same_authors(got, want, same):
    assert same_authors(got, want) is same


@pytest.mark.parametrize(("text", "expected"), [
    ("Économie SOCIALE, économie solidaire.", ["économie", "sociale", "économie", "solidaire"]),
    ("l'ESS en 2024", ["l", "ess", "en", "2024"]),
    ("中美合作", ["中", "美", "合", "作"]),
    ("米朝首脳 Trump", ["米", "朝", "首", "脳", "trump"]),
    ("", []),
])
def test_words(text, expected):
    assert sorted(words(text).elements()) == sorted(expected)


@pytest.mark.parametrize(("got", "want", "f1"), [
    ("un deux trois", "un deux trois", 1.0),
    ("Un, deux; TROIS", "un deux trois", 1.0),
    ("un deux trois quatre", "un deux cinq", 2 * 0.5 * (2 / 3) / (0.5 + 2 / 3)),
    ("un un un", "un deux", 2 * (1 / 3) * 0.5 / (1 / 3 + 0.5)),
    ("cinq six", "un deux", 0.0),
    ("", "un deux", 0.0),
])
def test_token_f1(got, want, f1):
    assert token_f1(got, want) == pytest.approx(f1)


@pytest.mark.parametrize(("got", "want", "recall"), [
    ("un deux trois et la suite de l'article", "un deux trois", 1.0),
    ("un trois", "un deux trois quatre", 0.5),
    ("un", "un un", 0.5),
    ("", "un deux", 0.0),
    ("un", "", 0.0),
])
def test_token_recall(got, want, recall):
    assert token_recall(got, want) == pytest.approx(recall)


@given(st.text(), st.text())
def test_token_f1_is_symmetric_and_bounded(got, want):
    assert token_f1(got, want) == pytest.approx(token_f1(want, got))
    assert 0.0 <= token_f1(got, want) <= 1.0


@given(st.text())
def test_token_f1_of_a_text_with_itself(text):
    assert token_f1(text, text) == (1.0 if words(text) else 0.0)


def test_page_scores_full_truth():
    got = Extraction("une  journée", ["anne dupont"], "2024-03-01T10:00:00+01:00",
                     "un deux trois")
    scores = page_scores(TRUTH, got)
    assert scores == {"date": 1.0, "title": 1.0, "author": 1.0,
                      "body F1": pytest.approx(2 * 1.0 * 0.75 / 1.75)}


def test_page_scores_prefix_truth_and_missing_fields():
    truth = {**TRUTH, "title": None, "authors": [], "date": None, "body_is_prefix": True}
    got = Extraction("Autre", [], None, "un deux trois quatre et la suite")
    assert page_scores(truth, got) == {"prefix recall": 1.0}


def test_page_scores_failed_extraction():
    scores = page_scores(TRUTH, Extraction(error="no title"))
    assert scores == {"date": 0.0, "title": 0.0, "author": 0.0, "body F1": 0.0}


def test_harvester_extraction_reads_an_article_line():
    record = {"title": "Une journée", "authors": [{"name": "Anne Dupont", "url": None}],
              "published": "2024-03-01T10:00:00+01:00", "content_text": "un deux"}
    assert harvester_extraction(record) == Extraction(
        "Une journée", ["Anne Dupont"], "2024-03-01T10:00:00+01:00", "un deux")
    assert harvester_extraction({"error": "a.html: no title", "path": "a.html"}) == Extraction(
        error="a.html: no title")


@pytest.mark.parametrize(("column", "figures", "text"), [
    ("date", {"mean": 15 / 17, "n": 17}, "88% (15/17)"),
    ("body F1", {"mean": 0.9123, "n": 20}, "0.912 (20)"),
    ("author", {"mean": None, "n": 0}, "-"),
])
def test_cell(column, figures, text):
    assert cell(column, figures) == text


def test_warm_cpu_times_both_tools_on_the_batch(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html lang='fr'><head><title>Bilan</title></head><body><article><h1>Bilan"
                    "</h1><p>" + "Le collectif a tenu son assemblée générale. " * 30 + "</p>"
                    "</article></body></html>", "utf-8")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps({"path": str(page), "url": "https://a.fr/bilan"}) + "\n")
    harvester, trafilatura = warm_cpu(manifest, [(page, "https://a.fr/bilan")])
    assert harvester > 0
    assert trafilatura > 0
