from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.text import fold
from pipelines.tags import TagsPipeline, normalize_tags
from tests.pipeline_helpers import article

SYNONYMS = {"ESS": "Économie sociale et solidaire", "PTCE": "Pôles territoriaux de coopération"}

CASES = [
    (["RTES"], ["RTES"]),
    (["Économie sociale", "economie sociale", "ECONOMIE SOCIALE"], ["Économie sociale"]),
    (["economie sociale", "Économie sociale"], ["Économie sociale"]),
    (["a, b; c"], ["a", "b", "c"]),
    ([" #PTCE. "], ["Pôles territoriaux de coopération"]),
    (["#ESS"], ["Économie sociale et solidaire"]),
    (["Mots clés : RTES, Coopération"], ["RTES", "Coopération"]),
    (["Mots clés lié à cet article : RTES"], ["RTES"]),
    (["Tags: monnaies locales | SCIC"], ["monnaies locales", "SCIC"]),
    (["", "  ", "#", "!!!"], []),
    (["économie sociale et solidaire", "ESS"], ["Économie sociale et solidaire"]),
    (["  Commande   publique  "], ["Commande publique"]),
    (["Coopération!", "coopération"], ["Coopération"]),
    (["«Élus»", "élus"], ["Élus"]),
    (["x" * 200], []),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_tags(raw, expected):
    assert normalize_tags(raw, SYNONYMS) == expected


def test_pipeline_uses_the_source_synonyms():
    item = article(tags=["#ESS", "RTES"])
    TagsPipeline().process_item(item)
    assert item.tags == ["Économie sociale et solidaire", "RTES"]


@given(st.lists(st.text(max_size=30), max_size=8))
def test_never_raises_unique_keys_and_clean(raw):
    tags = normalize_tags(raw, SYNONYMS)
    keys = [fold(t) for t in tags]
    assert len(keys) == len(set(keys))
    for tag in tags:
        assert tag == tag.strip()
        assert not tag.startswith("#")
        assert "  " not in tag


@given(st.lists(st.text(max_size=30), max_size=8))
def test_idempotent(raw):
    once = normalize_tags(raw, SYNONYMS)
    assert normalize_tags(once, SYNONYMS) == once
