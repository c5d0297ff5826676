"""Hostile text and markup through every writer, read back as a feed reader would: nothing
executable comes out, whatever an article quotes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from harvester.aggregator import publish
from harvester.store import SQLiteStore
from tests.conftest import output_files
from tests.factories import article_record

ATTACK = ('<img src=x onerror=alert(document.domain)> &lt;script&gt;alert(1)&lt;/script&gt; '
          '<a href="javascript:alert(1)">clic</a> <svg onload=alert(1)>')


def executable(fragment: str) -> list[str]:
    """What a browser would run in an HTML fragment: scripts, event handlers, js: URLs."""
    if not fragment.strip():
        return []
    found = []
    for node in lxml_html.fragment_fromstring(fragment, create_parent="div").iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag in ("script", "iframe", "object", "embed", "svg"):
            found.append(f"<{node.tag}>")
        found += [f"{node.tag}@{name}" for name in node.attrib if name.lower().startswith("on")]
        found += [f"{node.tag}@{name}={value}" for name, value in node.attrib.items()
                  if value.strip().lower().startswith(("javascript:", "data:text/html"))]
    return found


def published(tmp_path, **fields) -> dict[str, bytes]:
    store = SQLiteStore(tmp_path / "store.sqlite")
    store.save(article_record("https://www.rtes.fr/Tutoriel", **fields))
    out = tmp_path / "out"
    publish(store, out, base="https://feeds.example.org/")
    store.close()
    return {name: path.read_bytes() for name, path in output_files(out).items()}


def html_fields(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Every value a reader renders as HTML, per output."""
    rss = etree.fromstring(files["feed.rss"])
    atom = etree.fromstring(files["feed.atom"])
    ns = {"a": "http://www.w3.org/2005/Atom",
          "content": "http://purl.org/rss/1.0/modules/content/"}
    feed = json.loads(files["feed.json"])
    return {
        "rss description": rss.xpath("//item/description/text()"),
        "rss content:encoded": rss.xpath("//item/content:encoded/text()", namespaces=ns),
        "atom html": [e.text or "" for e in atom.xpath(
            "//a:entry/*[@type='html']", namespaces=ns)],
        "json content_html": [i.get("content_html", "") for i in feed["items"]],
    }


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
