"""Titles, names, tags and notes as a reader sees them: no bidi overrides or other invisible
format characters, no code from script or style elements."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.extract import decode_html, extract
from harvester.registry import Source
from harvester.text import FORMAT_CHARACTERS, LONG_TEXT, fold, one_line, xml_safe
from pipelines import normalize

SOURCE = Source(key="x", name="X", url="https://x.example/", family="spip")
PAGE = """<html><head><title>t</title><style>h1 {{ color: red }}</style></head><body>
<div class="hentry"><h1 class="titre">Titre {rlo}esrever<script>alert(1)</script></h1>
<p class="info-publi">par <span class="vcard author"><a class="url fn" href="/a">Anne
{rlo}Dupont\u200b</a></span> - le 3 mars 2021</p>
<div class="texte"><p>Texte<sup><a href="#nb1" class="spip_note" id="nh1">1</a></sup></p></div>
<div class="notes"><div id="nb1"><p><a href="#nh1" class="spip_note">1</a> Note<script>var x
= 1;</script><style>p {{}}</style> visible</p></div></div>
<div class="mots"><a rel="tag" href="/m">Mot\u2066clé\u2069</a></div></div></body></html>"""


@pytest.fixture(scope="module")
def article():
    return normalize(extract(PAGE.format(rlo="\u202e"), "https://x.example/a", SOURCE))


def test_bidi_overrides_and_format_characters_leave_titles_names_and_tags(article):
    assert article.title == "Titre esrever"
    assert [a.name for a in article.authors] == ["Anne Dupont"]
    assert article.tags == ["Motclé"]


def test_script_and_style_code_never_becomes_text(article):
    assert "alert" not in article.title
    assert [n.text for n in article.footnotes] == ["Note visible"]


@given(st.text())
def test_one_line_keeps_no_format_character_and_is_idempotent(text):
    line = one_line(text)
    assert not FORMAT_CHARACTERS.search(line)
    assert one_line(line) == line


def test_joiners_that_scripts_need_are_kept():
    assert one_line("\u0645\u200c\u0627 👩\u200d💻") == "\u0645\u200c\u0627 👩\u200d💻"


def reference_fold(text: str) -> str:
    """The definition fold() implements faster: NFKD of the case fold, without any combining
    mark, ligatures spelt out, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("œ", "oe").replace("æ", "ae").split())


ILLEGAL = [*map(chr, range(0x20)), "\ufffe", "\uffff", "\ud800", "\udfff"]


def _expected_xml_safe(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in text if c in "\t\n\r" or not (c < " " or c in "\ufffe\uffff"
                                                  or "\ud800" <= c <= "\udfff")))


@pytest.mark.parametrize("illegal", ILLEGAL)
@pytest.mark.parametrize("filler", ["a", "é", "’", "😀"])
def test_xml_safe_removes_each_illegal_character_from_short_and_long_text(illegal, filler):
    for length in (3, LONG_TEXT):
        dirty = f"x{illegal}y" + filler * length
        assert xml_safe(dirty) == _expected_xml_safe(dirty)


@given(st.text(), st.lists(st.sampled_from(ILLEGAL)), st.booleans())
def test_xml_safe_keeps_every_legal_character(text, illegal, long):
    dirty = "".join(illegal) + text + "é" * (LONG_TEXT if long else 1)
    assert xml_safe(dirty) == _expected_xml_safe(dirty)


@given(st.text() | st.sampled_from(["Économie SOCIALE œuvre ﬁ", "Ἀθῆναι שָׁלוֹם हिन्दी"]))
def test_fold_removes_every_combining_mark_as_defined(text):
    assert fold(text) == reference_fold(text)


def test_every_combining_mark_is_where_fold_looks_for_it():
    marks = (chr(code) for code in range(sys.maxunicode + 1)
             if unicodedata.combining(chr(code)))
    assert [m for m in marks if fold(f"a{m}") != reference_fold(f"a{m}")] == []


LATIN = st.text(st.characters(codec="cp1252", exclude_characters="\ufffd"), max_size=40)


@given(LATIN, LATIN)
def test_windows_1252_bytes_in_a_utf8_page_never_become_replacement_characters(new, old):
    page = (f"<html><head><meta charset='utf-8'></head><body><p>{new}</p>".encode()
            + f"<p>{old}</p>".encode("cp1252") + b"</body></html>")
    assert "\ufffd" not in decode_html(page)


@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_a_utf8_page_decodes_unchanged(text):
    page = f"<html><head><meta charset='utf-8'></head><body><p>{text}</p></body></html>"
    assert decode_html(page.encode()) == page


@given(LATIN.filter(lambda text: not text.isascii()), st.sampled_from(["header", "meta"]))
def test_a_utf8_page_labelled_latin_1_is_read_as_utf8(text, where):
    meta = "<meta charset='iso-8859-1'>" if where == "meta" else ""
    page = f"<html><head>{meta}</head><body><p>{text}</p></body></html>"
    header = "text/html; charset=ISO-8859-1" if where == "header" else None
    assert decode_html(page.encode(), header) == page


@pytest.mark.parametrize("label", ["iso-8859-1", "windows-1252"])
def test_a_windows_1252_page_stays_windows_1252(label):
    page = f"<html><head><meta charset='{label}'></head><body><p>Café « dès » — été</p>"
    assert decode_html(page.encode("cp1252")) == page


@pytest.mark.parametrize(("label", "text"), [
    ("shift_jis", "脆弱性対策情報データベース"), ("euc-jp", "日本語の記事"),
    ("windows-1251", "Новости социальной экономики")])
def test_a_page_in_its_declared_legacy_charset_or_in_utf8_under_that_label(label, text):
    page = f"<html><head><meta charset='{label}'></head><body><p>{text}</p></body></html>"
    assert decode_html(page.encode(label)) == page
    assert decode_html(page.encode()) == page


def test_the_grapheme_joiner_is_no_diacritic():
    assert fold("a\u034fb") == reference_fold("a\u034fb")
