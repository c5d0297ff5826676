from __future__ import annotations

import re
import sqlite3

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from harvester.minhash import band_keys, signature
from harvester.model import Article
from harvester.store import Outcome, SQLiteStore
from harvester.workers import PageOutcome
from pipelines.duplicates import NearDuplicatePipeline
from pipelines.storage import StoragePipeline
from tests.factories import article_record
from tests.pipeline_helpers import Stats

BODY = ("Le Réseau des collectivités territoriales pour une économie solidaire publie une "
        "synthèse des Rencontres de Lille : ateliers sur les pôles territoriaux, la commande "
        "publique responsable, les monnaies locales et l'accompagnement des SCIC par les "
        "collectivités, avec des fiches d'expériences et des contacts dans chaque région.")


@pytest.fixture
def pipelines(tmp_path):
    stats = Stats()
    db = tmp_path / "store.sqlite"
    detector, storage = NearDuplicatePipeline(stats, db), StoragePipeline(stats, db)
    detector.open_spider()
    storage.open_spider()
    yield detector, storage, stats, db
    detector.close_spider()
    storage.close_spider()


def store_one(pipelines, url, **fields):
    detector, storage, _, _ = pipelines
    record = article_record(url, content_text=fields.pop("content_text", BODY), **fields)
    item = Article.from_dict(record)
    storage.process_item(detector.process_item(item))
    return item


@pytest.mark.parametrize(("steps", "expected"), [
    ([("https://www.rtes.fr/A", {})], {"new": 1}),
    ([("https://www.rtes.fr/A", {}), ("https://www.rtes.fr/A", {})],
     {"new": 1, "unchanged": 1}),
    ([("https://www.rtes.fr/A", {}), ("https://www.rtes.fr/A", {"title": "Nouveau titre"})],
     {"new": 1, "updated": 1}),
    ([("https://www.rtes.fr/A", {"fetched_at": "2026-11-27T06:00:00+00:00"}),
      ("https://www.rtes.fr/A", {"fetched_at": "2026-11-28T06:00:00+00:00"})],
     {"new": 1, "unchanged": 1}),
    ([("https://www.rtes.fr/A", {"published": "2012-11-09T10:00:00+01:00"}),
      ("https://www.cress-aura.org/A", {"published": "2012-11-12T10:00:00+01:00"})],
     {"new": 1, "merged": 1}),
    ([("https://www.cress-aura.org/A", {"published": "2012-11-12T10:00:00+01:00"}),
      ("https://www.rtes.fr/A", {"published": "2012-11-09T10:00:00+01:00"})],
     {"new": 1, "merged": 1}),
    ([("https://www.rtes.fr/A", {}), ("https://www.rtes.fr/B", {"content_text": "Court."})],
     {"new": 2}),
    ([("https://www.rtes.fr/A", {}),
      ("https://www.rtes.fr/B", {"content_text": "Un tout autre texte sur les monnaies "
                                 "locales complémentaires que plusieurs collectivités "
                                 "soutiennent désormais par des conventions et des "
                                 "subventions de lancement, de Toulouse à Villeneuve-sur-Lot."})],
     {"new": 2}),
])
def test_outcomes_are_counted(pipelines, steps, expected):
    for url, fields in steps:
        store_one(pipelines, url, **fields)
    stats = pipelines[2]
    assert {k.rsplit("/", 1)[1]: v for k, v in stats.values.items()
            if k.startswith("harvester/store/")} == expected


def test_merged_copy_leaves_one_record_with_also_at(pipelines):
    store_one(pipelines, "https://www.cress-aura.org/A", published="2012-11-12T10:00:00+01:00")
    store_one(pipelines, "https://www.rtes.fr/A", published="2012-11-09T10:00:00+01:00")
    store = SQLiteStore(pipelines[3])
    [record] = list(store.articles())
    store.close()
    assert record["url"] == "https://www.rtes.fr/A"
    assert record["also_at"] == ["https://www.cress-aura.org/A"]


def test_a_record_exported_by_a_worker_is_stored_as_it_is(pipelines, monkeypatch):
    """The store pipelines change internal fields only, so the record the worker exported
    (validated, XML-safe) is what gets stored, without being made again or checked twice."""
    detector, storage, _, _ = pipelines
    record = article_record("https://www.rtes.fr/A", content_text=BODY)
    item = PageOutcome(record=record, signature=signature(BODY)).article(record["url"])
    saved = []
    monkeypatch.setattr(storage.store, "save", lambda *args, **kwargs: saved.append(
        (args, kwargs)) or Outcome.NEW)
    storage.process_item(detector.process_item(item))
    [((stored, *_), options)] = saved
    assert stored is record
    assert options == {"xml_safe": True}
    assert item.to_dict() == record


def test_a_merged_copy_is_made_xml_safe_by_the_store(pipelines):
    store_one(pipelines, "https://www.cress-aura.org/A", published="2012-11-12T10:00:00+01:00")
    store_one(pipelines, "https://www.rtes.fr/A", published="2012-11-09T10:00:00+01:00",
              title="Cafe\u0301 \x01solidaire")
    store = SQLiteStore(pipelines[3])
    [record] = list(store.articles())
    store.close()
    assert record["title"] == "Café solidaire"


def test_store_error_drops_the_item_with_its_url(pipelines, monkeypatch):
    _, storage, stats, _ = pipelines

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(storage.store, "save", locked)
    item = Article.from_dict(article_record("https://www.rtes.fr/A"))
    with pytest.raises(DropItem, match=re.escape("https://www.rtes.fr/A: store error")):
        storage.process_item(item)
    assert stats.values["harvester/store/error"] == 1


def test_signature_is_stored_for_later_lookups(pipelines):
    store_one(pipelines, "https://www.rtes.fr/A")
    store = SQLiteStore(pipelines[3])
    assert store.candidates(band_keys(signature(BODY)))[0].url == "https://www.rtes.fr/A"
    store.close()


def test_store_pipelines_need_a_database_setting():
    crawler = get_crawler(settings_dict={"HARVESTER_DB": ""})
    with pytest.raises(NotConfigured):
        StoragePipeline.from_crawler(crawler)
