"""End-to-end: the same press release on two network sites is stored once."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harvester.store import SQLiteStore
from tests.conftest import FAST_CRAWL, harvester, truth

COPY = next(a for a in truth("cress-ara")["articles"] if a["duplicate_of"])
BOILERPLATE_PAIR = {
    "/actualites/mois-de-l-ess-2018-230-evenements-en-auvergne-rhone-alpes",
    "/actualites/achats-publics-la-cress-accompagne-les-reponses-groupees-des-structures-de-l-ess",
}


def crawl_into(tmp_path, sources_file, *runs: tuple[str, ...]) -> list[dict]:
    db = tmp_path / "store.sqlite"
    for keys in runs:
        result = harvester("crawl", *keys, "--sources", str(sources_file), "--db", str(db),
                           *FAST_CRAWL)
        assert result.returncode in (0, 1), result.stderr[-3000:]
    store = SQLiteStore(db)
    records = list(store.articles())
    store.close()
    return records


@pytest.fixture(scope="module", params=["together", "copy-first", "original-first"])
def records(request, network, tmp_path_factory):
    runs = {"together": [("rtes", "cress-ara")],
            "copy-first": [("cress-ara",), ("rtes",)],
            "original-first": [("rtes",), ("cress-ara",)]}[request.param]
    tmp_path = tmp_path_factory.mktemp(request.param)
    sources = tmp_path / "sources.toml"
    sources.write_text(network.sources_toml(), encoding="utf-8")
    return crawl_into(tmp_path, sources, *runs)


def test_press_release_is_stored_once_with_the_other_url_in_also_at(records):
    copies = [r for r in records if "PTCE" in r["title"] and "loi" in r["title"].lower()]
    assert len(copies) == 1
    primary = copies[0]
    assert urlsplit(primary["url"]).path == COPY["duplicate_of"]
    assert [urlsplit(u).path for u in primary["also_at"]] == [COPY["path"]]
    assert primary["source"]["key"] == "rtes"


def test_articles_sharing_boilerplate_stay_apart(records):
    paths = {urlsplit(r["url"]).path for r in records}
    assert paths >= BOILERPLATE_PAIR


def test_every_other_article_is_stored(records):
    expected = len(truth("rtes")["articles"]) + len(truth("cress-ara")["articles"]) - 1
    assert len(records) == expected
