from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.urls import _cleaned, article_id, clean_url, same_site, site_key
from pipelines.canonical import CanonicalUrlPipeline, canonical_url
from tests.pipeline_helpers import article, raw_article

CLEAN = [
    ("https://www.rtes.fr/spip.php?article123", "https://www.rtes.fr/spip.php?article123"),
    ("https://www.rtes.fr/spip.php?article123&utm_source=rss&utm_medium=feed#nb1",
     "https://www.rtes.fr/spip.php?article123"),
    ("HTTPS://WWW.RTES.FR/Reussite?PHPSESSID=abc&var_mode=calcul",
     "https://www.rtes.fr/Reussite"),
    ("https://www.rtes.fr:443/Reussite", "https://www.rtes.fr/Reussite"),
    ("http://127.0.0.1:8080/-Les-PTCE-?debut_articles=5",
     "http://127.0.0.1:8080/-Les-PTCE-?debut_articles=5"),
    ("https://www.avise.org/actualites?fbclid=IwAR0x&page=2",
     "https://www.avise.org/actualites?page=2"),
    ("https://www.ess-france.org/fr/node/12?gclid=1&xtor=RSS-1",
     "https://www.ess-france.org/fr/node/12"),
    ("https://x.fr/a b", "https://x.fr/a%20b"),
    ("https://x.fr", "https://x.fr/"),
    ("https://www.rtes.fr/spip.php?page=article&id_article=12&lang=fr",
     "https://www.rtes.fr/spip.php?page=article&id_article=12&lang=fr"),
    ("https://x.fr/?mc_cid=1&mc_eid=2", "https://x.fr/"),
]


@pytest.mark.parametrize(("url", "expected"), CLEAN)
def test_clean_url(url, expected):
    assert clean_url(url) == expected


def test_id_is_stable_across_scheme_www_and_tracking():
    ids = {article_id(u) for u in ("https://www.rtes.fr/spip.php?article123",
                                   "http://rtes.fr/spip.php?article123&utm_source=x",
                                   "https://www.rtes.fr/spip.php?article123#nb1")}
    assert len(ids) == 1
    assert article_id("https://www.rtes.fr/spip.php?article124") not in ids


def test_declared_canonical_on_the_same_site_wins():
    raw = raw_article(url="https://www.rtes.fr/spip.php?article1069",
                      canonical_url="https://rtes.fr/Trois-questions?utm_source=rss")
    assert canonical_url(raw) == "https://rtes.fr/Trois-questions"


def test_declared_canonical_on_another_site_is_ignored():
    raw = raw_article(url="https://www.cress-aura.org/actualites/cp",
                      canonical_url="https://www.rtes.fr/Communique")
    assert canonical_url(raw) == "https://www.cress-aura.org/actualites/cp"


def test_pipeline_sets_url_id_source():
    item = article(canonical_url="https://www.rtes.fr/Reussite?utm_campaign=x")
    CanonicalUrlPipeline().process_item(item)
    assert item.url == "https://www.rtes.fr/Reussite"
    assert item.id == article_id("https://www.rtes.fr/Reussite")
    assert item.source.key == "rtes"


def test_same_site():
    assert same_site("https://www.rtes.fr/a", "http://rtes.fr/b")
    assert not same_site("http://127.0.0.1:8001/", "http://127.0.0.1:8002/")


@given(st.text(max_size=60))
def test_clean_url_never_raises_and_is_idempotent(path):
    url = f"https://www.rtes.fr/{path}"
    try:
        once = clean_url(url)
    except ValueError:
        return
    assert clean_url(once) == once
    assert "#" not in once
    assert "utm_" not in once.split("?", 1)[-1] or "?" not in once


URL_PIECES = [*"abcAZ09-._~!$'()*+,;=:@/?&%#é \"<>[]{}|\\^`", "%2F", "%zz", "%41",
              "utm_source=x", "fbclid=1", "//", "?", "&&", "spip.php?article12"]


@given(st.sampled_from(["http://", "https://", "HTTP://", "http://WWW."]),
       st.sampled_from(["a.example", "b.example:80", "c.example:8080", "x.example:443"]),
       st.lists(st.sampled_from(URL_PIECES), max_size=12).map("".join))
def test_the_fast_path_of_clean_url_changes_nothing(scheme, host, rest):
    url = f"{scheme}{host}/{rest}"
    assert clean_url.__wrapped__(url) == _cleaned(url)


@given(st.sampled_from(["http://", "https://", "HTTP://", "ftp://"]),
       st.sampled_from(["www.a.example", "A.example", "b.example", "1.2.3.4", "u@h.example"]),
       st.sampled_from(["", ":80", ":443", ":8080", ":0"]),
       st.sampled_from(["", "/", "/x?y", "?q", "#f"]))
def test_the_fast_path_of_site_key_changes_nothing(scheme, host, port, rest):
    url = f"{scheme}{host}{port}{rest}"
    parts = urlsplit(url)
    host_name = (parts.hostname or "").lower().removeprefix("www.")
    default = {"http": 80, "https": 443}.get(parts.scheme)
    expected = f"{host_name}:{parts.port}" if parts.port and parts.port != default else host_name
    assert site_key.__wrapped__(url) == expected
