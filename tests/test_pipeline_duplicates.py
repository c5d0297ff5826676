from __future__ import annotations

import hashlib
from zlib import crc32

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harvester import minhash
from harvester.minhash import band_keys, signature, similarity, word_hashes
from harvester.model import SourceRef
from harvester.store import Outcome, SQLiteStore
from harvester.text import fold
from harvester.urls import article_id
from pipelines.duplicates import THRESHOLD, NearDuplicatePipeline, find_primary
from pipelines.storage import StoragePipeline
from tests.factories import article_record
from tests.pipeline_helpers import Stats, article

PRESS_RELEASE = (
    "Le Réseau des collectivités territoriales pour une économie solidaire et le Labo de l'ESS "
    "saluent l'inscription des pôles territoriaux de coopération économique dans le projet de "
    "loi relatif à l'économie sociale et solidaire. Cette reconnaissance est le fruit de deux "
    "années de travail avec les collectivités, les réseaux et les pôles eux-mêmes, qui ont "
    "montré la capacité des acteurs à coopérer sur un territoire pour créer des activités et "
    "des emplois durables. Les deux réseaux demandent que la définition retenue reste ouverte "
    "et que les moyens d'accompagnement soient à la hauteur des ambitions affichées par le "
    "gouvernement lors de la conférence de presse du mois dernier."
)
BOILERPLATE = (
    " À propos de la CRESS : la chambre régionale de l'économie sociale et solidaire fédère les "
    "entreprises de l'ESS de la région, les représente auprès des pouvoirs publics et anime "
    "l'observatoire régional de l'ESS. Contact presse : service communication de la CRESS."
)


def test_short_texts_have_no_signature():
    assert signature("Inscriptions ouvertes.") is None


def test_a_signature_is_the_one_stored_signatures_were_made_with():
    # stored signatures are compared with new ones: a change of scheme needs a migration
    # that signs every stored article again (harvester.store.migrations)
    digest = hashlib.sha256(signature(PRESS_RELEASE) or b"").hexdigest()
    assert digest == "eea6d3efc14110d5cb8ceeb4657d578d46330fde02237617768a41baeddb8a11"


def test_identical_texts_are_identical():
    sig = signature(PRESS_RELEASE)
    assert similarity(sig, sig) == 1.0


@pytest.mark.parametrize("variant", [
    PRESS_RELEASE.upper(),
    "La CRESS relaie le communiqué du RTES : " + PRESS_RELEASE,
    PRESS_RELEASE.replace("'", "’") + " Source : communiqué publié par le RTES.",
    PRESS_RELEASE.replace("économie", "economie"),
])
def test_the_same_press_release_with_other_chrome_is_a_near_duplicate(variant):
    assert similarity(signature(PRESS_RELEASE), signature(variant)) >= THRESHOLD


def test_different_news_sharing_boilerplate_are_apart():
    first = ("Le Mois de l'ESS 2018 a réuni plus de deux cent trente événements dans la région, "
             "des portes ouvertes de coopératives aux forums de l'emploi en passant par des "
             "projections et des débats dans les lycées agricoles." + BOILERPLATE)
    second = ("La CRESS accompagne les réponses groupées des structures de l'ESS aux marchés "
              "publics : une plateforme recense les consultations et met en relation les "
              "entreprises d'insertion et les associations intéressées." + BOILERPLATE)
    assert similarity(signature(first), signature(second)) < THRESHOLD


def test_band_keys_are_stable_and_numerous():
    sig = signature(PRESS_RELEASE)
    assert band_keys(sig) == band_keys(signature(PRESS_RELEASE))
    assert len(set(band_keys(sig))) == 32


@pytest.fixture
def store(tmp_path):
    opened = SQLiteStore(tmp_path / "s.sqlite")
    yield opened
    opened.close()


def stored(store, url, text, published):
    record = article_record(url, content_text=text, published=published)
    sig = signature(text)
    store.save(record, sig, band_keys(sig))
    return record


def test_find_primary_through_the_store(store):
    original = stored(store, "https://www.rtes.fr/Communique", PRESS_RELEASE,
                      "2012-11-23T15:30:00+01:00")
    copy = article()
    copy.url = "https://www.cress-aura.org/actualites/communique"
    copy.id = article_id(copy.url)
    sig = signature("La CRESS relaie : " + PRESS_RELEASE)
    assert find_primary(store, copy, sig, band_keys(sig)) == original["id"]
    other = signature(" ".join(f"mot{i}" for i in range(60)) + " sur les monnaies locales")
    assert find_primary(store, copy, other, band_keys(other)) is None


def test_a_url_already_in_also_at_points_to_its_primary(store):
    record = article_record("https://www.rtes.fr/A", also_at=["https://www.cress-aura.org/a"])
    store.save(record)
    copy = article()
    copy.url = "https://www.cress-aura.org/a"
    copy.id = article_id(copy.url)
    assert find_primary(store, copy, None, []) == record["id"]


def test_pipelines_merge_a_later_copy_into_the_earliest(tmp_path):
    db = tmp_path / "store.sqlite"
    stats = Stats()
    detector, storage = NearDuplicatePipeline(stats, db), StoragePipeline(stats, db)
    detector.open_spider()
    storage.open_spider()
    for url, text, published in [
        ("https://www.cress-aura.org/actualites/cp", "La CRESS relaie : " + PRESS_RELEASE,
         "2012-11-26T09:00:00+01:00"),
        ("https://www.rtes.fr/Communique", PRESS_RELEASE, "2012-11-23T15:30:00+01:00"),
    ]:
        item = article()
        item.url, item.id, item.title = url, article_id(url), "Communiqué"
        item.content_text, item.published = text, published
        item.source = SourceRef("rtes", "RTES", "https://www.rtes.fr/")
        storage.process_item(detector.process_item(item))
    detector.close_spider()
    storage.close_spider()
    check = SQLiteStore(db)
    records = list(check.articles())
    check.close()
    assert len(records) == 1
    assert records[0]["url"] == "https://www.rtes.fr/Communique"
    assert records[0]["also_at"] == ["https://www.cress-aura.org/actualites/cp"]
    assert stats.values["harvester/store/new"] == 1
    assert stats.values[f"harvester/store/{Outcome.MERGED}"] == 1


@given(st.lists(st.text() | st.sampled_from(["l’Économie", "(ESS),", "co-op_2", "\u2028", "ǅ"])))
def test_words_are_hashed_as_the_whole_text_tokenizes_them(parts):
    text = " ".join(parts)
    expected = [crc32(fold(word).encode()) for word in minhash.WORD.findall(text)]
    assert word_hashes(text) == expected
    assert word_hashes(text) == expected  # the second time from the tokens remembered


def test_the_remembered_tokens_are_bounded(monkeypatch):
    monkeypatch.setattr(minhash, "TOKEN_CACHE_SIZE", 3)
    monkeypatch.setattr(minhash, "_TOKEN_HASHES", minhash.TokenHashes())
    assert len(word_hashes("un deux trois quatre cinq six")) == 6
    assert len(minhash._TOKEN_HASHES) <= 3


def shingle_jaccard(a: str, b: str) -> float:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = text.lower().split()
        return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}
    return len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))


@pytest.mark.parametrize("length", [30, 80, 400])
@pytest.mark.parametrize("shared", [0.2, 0.5, 0.8])
def test_similarity_estimates_the_overlap_of_short_and_long_bodies(length, shared):
    # short bodies leave most of the 128 buckets empty: they are filled from their
    # neighbours, and the estimate must still follow the shingles' overlap
    first = " ".join(f"mot{i}" for i in range(length))
    kept = int(length * shared)
    second = " ".join([f"mot{i}" for i in range(kept)] + [f"autre{i}" for i in range(kept, length)])
    estimate = similarity(signature(first), signature(second))
    assert abs(estimate - shingle_jaccard(first, second)) < 0.15


def test_a_superseded_copy_leaves_no_signature_and_a_save_without_one_keeps_it(store):
    later = stored(store, "https://www.cress-aura.org/cp", "La CRESS relaie : " + PRESS_RELEASE,
                   "2012-11-26T09:00:00+01:00")
    earlier = article_record("https://www.rtes.fr/Communique", content_text=PRESS_RELEASE,
                             published="2012-11-23T15:30:00+01:00")
    sig = signature(PRESS_RELEASE)
    assert store.merge_duplicate(later["id"], earlier, sig, band_keys(sig)) is Outcome.MERGED
    store.save(dict(store.get(earlier["id"]), title="Communiqué (mis à jour)"))
    db = store._db
    assert db.execute("SELECT id, signature FROM articles").fetchall() == [(earlier["id"], sig)]
    assert sorted(db.execute("SELECT band_key, article_id FROM minhash_bands")) == sorted(
        (key, earlier["id"]) for key in band_keys(sig))
    assert [c.id for c in store.candidates(band_keys(sig))] == [earlier["id"]]


@settings(max_examples=50)
@given(st.text(max_size=400), st.text(max_size=400))
def test_similarity_is_symmetric_and_bounded(a, b):
    sa, sb = signature(a), signature(b)
    if sa is None or sb is None:
        return
    assert similarity(sa, sb) == similarity(sb, sa)
    assert 0.0 <= similarity(sa, sb) <= 1.0
