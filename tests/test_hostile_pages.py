"""Random markup, Unicode and bytes through extraction, normalization and every writer, as a
hostile site could serve them: no exception, well-formed XML, valid JSON, and nothing
executable in any output."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from harvester.aggregator import publish
from harvester.extract.html import decode_html
from harvester.registry import FAMILIES, Source
from harvester.store import SQLiteStore
from harvester.text import FORMAT_CHARACTERS
from harvester.workers import PageJob, harvest_page
from tests.conftest import output_files
from tests.feed_checks import executable, html_fields

URL = "https://hostile.example/spip.php?article1"
NOW = "2026-11-30T06:00:00+00:00"
PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>lien</a>", "<a href=' java\tscript:alert(1)'>lien</a>",
    "<a href='data:text/html,<script>alert(1)</script>'>d</a>", "<iframe src=//evil>",
    "<style>p{color:red}</style>", "<meta http-equiv=refresh content='0;url=javascript:x'>",
    "<base href='javascript:/'>", "<form action=javascript:alert(1)><button>ok</button>",
    "<object data=x>", "<math><mi xlink:href=javascript:alert(1)>m</mi></math>",
    "<![CDATA[", "]]>", "<!--", "-->", "&lt;script&gt;alert(1)&lt;/script&gt;", "&#0;",
    "\x00", "\x0b", "\u202e", "\u2066", "\ufeff", "é", "\U0001f600", "<p>", "</p>",
    "<div class='texte'>", "</div>", "<h1 class='titre'>", "</h1>", "<article>", "</article>",
    "<span class='spip_note_ref'>[<a href='#nb1' class='spip_note' id='nh1'>1</a>]</span>",
    "<div id='nb1'><a href='#nh1' class='spip_note'>1</a> note <script>x</script></div>",
    "<li>", "<table><tr><td>", "Texte courant d'une phrase.", " ", "\n",
    "<p class='info-publi'>le 3 mars 2021</p>", "<a rel='tag' href='/mot1'>mot</a>",
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":'
    '"<img src=x onerror=alert(1)>","author":{"name":"<script>a</script>"}}</script>',
    "<meta property='og:title' content='\"><script>alert(1)</script>'>",
]
MARKUP = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=25).map("".join)


def page(title: str, body: str, notes: str) -> str:
    return ("<html lang='fr'><head><meta charset='utf-8'>"
            f"<title>{title}</title></head><body><div class='hentry'>"
            f"<h1 class='titre'>{title}</h1><p class='info-publi'>le 3 mars 2021</p>"
            f"<div class='texte'>{body}</div><div class='notes'>{notes}</div></div>"
            "</body></html>")


def assert_harmless(record: dict) -> None:
    json.loads(json.dumps(record, ensure_ascii=False))
    for fragment in [record["content_html"], *(n["html"] for n in record["footnotes"])]:
        assert executable(fragment) == [], fragment
    one_line = [record["title"], *record["tags"], *(a["name"] for a in record["authors"])]
    for text in one_line:
        assert FORMAT_CHARACTERS.search(text) is None, repr(text)
        assert not {"\x00", "\n"} & set(text), repr(text)
    links = [record["url"], *(a["url"] for a in record["attachments"]),
             *(i["url"] for i in record["images"])]
    assert all(link.startswith(("http://", "https://")) for link in links), links


def assert_writers_harmless(records: list[dict], folder) -> None:
    store = SQLiteStore(folder / "store.sqlite")
    for record in records:
        store.save(record)
    publish(store, folder / "out", base="https://feeds.example.org/")
    store.close()
    files = {name: path.read_bytes() for name, path in output_files(folder / "out").items()}
    for name, data in files.items():
        if name.endswith((".rss", ".atom")):
            etree.fromstring(data)
        elif name.endswith(".json"):
            json.loads(data)
        elif name.endswith(".jsonl"):
            [json.loads(line) for line in data.splitlines()]
    for where, values in html_fields(files).items():
        for value in values:
            assert executable(value) == [], where


HYPOTHESIS = settings(max_examples=40, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow,
                                             HealthCheck.function_scoped_fixture])


@HYPOTHESIS
@given(title=MARKUP, body=MARKUP, notes=MARKUP, family=st.sampled_from(FAMILIES))
def test_hostile_markup_gives_a_harmless_article_or_a_named_refusal(
        tmp_path_factory, title, body, notes, family):
    source = Source(key="hostile", name="Site hostile", url="https://hostile.example/",
                    family=family)
    outcome = harvest_page(PageJob(page(title, body, notes), URL, source, NOW))
    if outcome.record is None:
        assert outcome.rejected or outcome.not_article or outcome.failure
        return
    assert_harmless(outcome.record)
    assert_writers_harmless([outcome.record], tmp_path_factory.mktemp("out"))


@HYPOTHESIS
@given(before=st.binary(max_size=60), inside=st.binary(max_size=60),
       charset=st.sampled_from(["utf-8", "windows-1252", "iso-8859-1", "utf-16", "bogus"]))
def test_hostile_bytes_decode_and_give_a_harmless_article(before, inside, charset):
    body = (b"<html><head><meta charset='" + charset.encode() + b"'><title>T" + before
            + b"</title></head><body><div class='hentry'><h1 class='titre'>Titre "
            + before + b"</h1><div class='texte'><p>Texte " + inside + b"</p></div></div>"
            b"</body></html>")
    html = decode_html(body, f"text/html; charset={charset}")
    source = Source(key="hostile", name="Site hostile", url="https://hostile.example/",
                    family="spip")
    outcome = harvest_page(PageJob(html, URL, source, NOW))
    if outcome.record is not None:
        assert_harmless(outcome.record)
