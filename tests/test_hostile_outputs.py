"""Hostile text and markup through every writer, read back as a feed reader would: nothing
executable comes out, whatever an article quotes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from harvester.aggregator import publish
from harvester.store import SQLiteStore
from tests.conftest import output_files
from tests.factories import article_record
from tests.feed_checks import executable, html_fields

ATTACK = ('<img src=x onerror=alert(document.domain)> &lt;script&gt;alert(1)&lt;/script&gt; '
          '<a href="javascript:alert(1)">clic</a> <svg onload=alert(1)>')


def published(tmp_path, **fields) -> dict[str, bytes]:
    store = SQLiteStore(tmp_path / "store.sqlite")
    store.save(article_record("https://www.rtes.fr/Tutoriel", **fields))
    out = tmp_path / "out"
    publish(store, out, base="https://feeds.example.org/")
    store.close()
    return {name: path.read_bytes() for name, path in output_files(out).items()}


def test_quoted_markup_in_a_summary_stays_text_in_every_reader(tmp_path):
    files = published(tmp_path, title=f"Tutoriel {ATTACK}", summary=f"Exemple : {ATTACK}",
                      content_text=ATTACK)
    for where, values in html_fields(files).items():
        for value in values:
            assert executable(value) == [], where
    description = etree.fromstring(files["feed.rss"]).xpath("//item/description/text()")[0]
    text = lxml_html.fragment_fromstring(description, create_parent="div").text_content()
    assert "<img src=x onerror=alert(document.domain)>" in text


TOKENS = [*"<>&\"'=/ ;:", "script", "img", "onerror", "javascript", "a", "x", "é", "\u202e",
          "\x00", "&lt;", "&#60;"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_no_text_becomes_markup(tmp_path_factory, text):
    files = published(tmp_path_factory.mktemp("any"), title=text or "t", summary=text or None,
                      authors=[{"name": text or "x", "url": None}], tags=[text or "t"])
    for where, values in html_fields(files).items():
        for value in values:
            assert executable(value) == [], where


@pytest.mark.parametrize("name", ["feed.rss", "feed.atom"])
def test_hostile_text_keeps_the_feeds_well_formed(tmp_path, name):
    files = published(tmp_path, title="]]> \x00\x0b\ud800 <![CDATA[", summary="&amp; ]]>")
    assert etree.fromstring(files[name]) is not None
