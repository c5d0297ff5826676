from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from harvester.fragments import html_to_text
from harvester.model import Author, Footnote
from harvester.text import XML_ILLEGAL
from pipelines.content import ContentPipeline, sanitize_html, summary_excerpt
from tests.pipeline_helpers import article

BASE = "https://www.rtes.fr/Reussite-de-la-journee"

CASES = [
    ('<p onclick="steal()">Bonjour</p>', "<p>Bonjour</p>"),
    ("<script>alert(1)</script><p>a</p>", "<p>a</p>"),
    ("<style>p{color:red}</style><p>a</p>", "<p>a</p>"),
    ('<iframe src="https://video.example/x"></iframe><p>a</p>', "<p>a</p>"),
    ('<form action="/x"><label>Email</label><input name="e"></form><p>a</p>', "<p>a</p>"),
    ('<p><a href="javascript:alert(1)">lien</a></p>', "<p>lien</p>"),
    ('<p><img src="data:image/png;base64,AAAA" alt="x">a</p>', "<p>a</p>"),
    ('<p><a href="IMG/pdf/actes.pdf">actes</a></p>',
     '<p><a href="https://www.rtes.fr/IMG/pdf/actes.pdf">actes</a></p>'),
    ('<p><img src="/local/cache-vignettes/a.jpg" alt="A"></p>',
     '<p><img src="https://www.rtes.fr/local/cache-vignettes/a.jpg" alt="A"></p>'),
    ("<p> </p><div><span></span></div><p>&nbsp;</p><p>a</p>", "<p>a</p>"),
    ("<h1>Intertitre</h1>", "<h2>Intertitre</h2>"),
    ('<sup id="fnref-x-1"><a href="#fn-x-1" class="footnote-ref">1</a></sup>',
     '<sup id="fnref-x-1"><a href="#fn-x-1" class="footnote-ref">1</a></sup>'),
    ('<p><a href="/a" class="spip_out" rel="external" target="_blank">a</a></p>',
     '<p><a href="https://www.rtes.fr/a">a</a></p>'),
    ("<p>a<!-- commentaire --></p>", "<p>a</p>"),
    ('<table><tr><td colspan="2" style="x">a</td></tr></table>',
     '<table><tbody><tr><td colspan="2">a</td></tr></tbody></table>'),
]


@pytest.mark.parametrize(("dirty", "clean"), CASES)
def test_sanitize(dirty, clean):
    assert sanitize_html(dirty, BASE) == clean


def test_text_keeps_paragraphs_as_blank_line_separated_blocks():
    html = "<p>Un<br>deux</p><ul><li>a</li><li>b</li></ul><p>trois<sup id='fnref-x-1'>" \
           "<a href='#fn-x-1'>1</a></sup></p>"
    assert html_to_text(html) == "Un\ndeux\n\n- a\n- b\n\ntrois[1]"


def test_pipeline_sanitizes_body_and_notes_and_fills_a_summary():
    item = article()
    item.content_html = "<p>Corps <script>x</script>de l'article.</p><p>Suite.</p>"
    item.footnotes = [Footnote("fn-x-1", "note", '<a href="/n" onclick="x">note</a>')]
    ContentPipeline().process_item(item)
    assert item.content_html == "<p>Corps de l'article.</p><p>Suite.</p>"
    assert item.content_text == "Corps de l'article.\n\nSuite."
    assert item.footnotes[0].html == '<a href="https://www.rtes.fr/n">note</a>'
    assert item.summary == "Corps de l'article."


@pytest.mark.parametrize(("body", "kept"), [
    ("<h1>Réussite  de la JOURNÉE</h1><p>Texte.</p>", "<p>Texte.</p>"),
    ("<h2>Reussite de la journee</h2>\n<p>Texte.</p>", "<p>Texte.</p>"),
    ("<h2>Un intertitre</h2><p>Texte.</p>", "<h2>Un intertitre</h2><p>Texte.</p>"),
    ("<p>Texte.</p><h2>Réussite de la journée</h2>",
     "<p>Texte.</p><h2>Réussite de la journée</h2>"),
])
def test_a_body_opening_with_the_title_does_not_repeat_it(body, kept):
    item = article()
    item.title, item.content_html = "Réussite de la journée", body
    ContentPipeline().process_item(item)
    assert item.content_html == kept


BODY = "<p>Le réseau a tenu son assemblée générale.</p>"
MARIE = [Author("Marie Dupont")]
PUBLISHED = "2024-03-12T00:00:00+01:00"


@pytest.mark.parametrize(("opening", "authors", "published", "kept"), [
    ("<p>Rédigé par Marie Dupont le 12 mars 2024</p>", MARIE, PUBLISHED, ""),
    ('Publié le 12 mars 2024 par <a href="/auteur">Marie Dupont</a>', MARIE, PUBLISHED, ""),
    ("<p><strong>Auteur :</strong> Marie Dupont</p><p>12/03/2024</p>", MARIE, PUBLISHED, ""),
    ('<p><img src="/a.jpg"></p><p>Mis en ligne le mardi 12 mars 2024</p>', [], PUBLISHED,
     '<p><img src="https://www.rtes.fr/a.jpg"></p>'),
    ("<p>Publié le 12/03/2024 à 10h30 - Mis à jour le 14/03/2024</p><p>Par Marie Dupont</p>",
     MARIE, PUBLISHED, ""),
    # what the article does not have in its fields stays
    ("<p>Par Marie Dupont</p>", [], PUBLISHED, "<p>Par Marie Dupont</p>"),
    ("<p>12 mars 2024</p>", MARIE, None, "<p>12 mars 2024</p>"),
    # text, and credits after it, stay
    ("<p>Par ailleurs, le conseil a voté.</p>", MARIE, PUBLISHED,
     "<p>Par ailleurs, le conseil a voté.</p>"),
    ("<p>Propos recueillis par Marie Dupont</p>", MARIE, PUBLISHED,
     "<p>Propos recueillis par Marie Dupont</p>"),
    ("<h2>Le contexte</h2><p>Par Marie Dupont</p>", MARIE, PUBLISHED,
     "<h2>Le contexte</h2><p>Par Marie Dupont</p>"),
    ("Le bureau s'est réuni.<p>Par Marie Dupont</p>", MARIE, PUBLISHED,
     "Le bureau s'est réuni.<p>Par Marie Dupont</p>"),
])
def test_a_body_opening_with_its_date_or_byline_does_not_repeat_them(opening, authors,
                                                                      published, kept):
    item = article()
    item.content_html, item.authors, item.published = opening + BODY, authors, published
    ContentPipeline().process_item(item)
    assert item.content_html == kept + BODY


def test_the_summary_of_a_body_opening_with_a_byline_is_its_first_paragraph_of_text():
    item = article()
    item.authors, item.published = MARIE, PUBLISHED
    item.content_html = "<p>Publié le 12 mars 2024, par Marie Dupont</p>" + BODY
    ContentPipeline().process_item(item)
    assert item.summary == "Le réseau a tenu son assemblée générale."


@pytest.mark.parametrize("opening", [
    '<figure><img src="/a.jpg"><figcaption>Photo : Jean Dupont / Réseau ESS</figcaption>'
    "</figure>",
    "<h2>Le contexte</h2>",
    '<p><img src="/a.jpg"></p>',
])
def test_the_summary_is_the_first_paragraph_of_text_not_a_caption_or_a_heading(opening):
    item = article()
    item.content_html = opening + BODY
    ContentPipeline().process_item(item)
    assert item.summary == "Le réseau a tenu son assemblée générale."


def test_loose_text_opening_a_body_is_its_summary():
    item = article()
    item.content_html = "Le bureau s'est réuni.<p>Suite.</p>"
    ContentPipeline().process_item(item)
    assert item.summary == "Le bureau s'est réuni."


def test_summary_excerpt_cuts_at_a_word():
    text = "mot " * 200
    excerpt = summary_excerpt(text)
    assert excerpt.endswith("…")
    assert len(excerpt) <= 301


@given(st.text(max_size=500))
def test_sanitize_never_raises_and_output_is_safe(fragment):
    cleaned = sanitize_html(fragment, BASE)
    assert not XML_ILLEGAL.search(cleaned)
    if cleaned.strip():
        tree = lxml_html.fragment_fromstring(cleaned, create_parent="div")
        for node in tree.iter():
            assert node.tag not in ("script", "style", "iframe", "form")
            assert not any(name.startswith("on") for name in node.attrib)
            assert not node.get("href", "").lower().startswith(("javascript:", "data:"))


@given(st.text(max_size=300))
def test_sanitize_is_idempotent(fragment):
    once = sanitize_html(fragment, BASE)
    assert sanitize_html(once, BASE) == once


def test_in_page_links_without_a_target_are_unwrapped_but_footnotes_stay():
    html = ('<p>Voir <a href="#plus-haut">plus haut</a>'
            '<sup id="fnref-x-1"><a href="#fn-x-1" class="footnote-ref">1</a></sup></p>')
    assert sanitize_html(html, BASE) == (
        '<p>Voir plus haut<sup id="fnref-x-1"><a href="#fn-x-1" class="footnote-ref">1</a>'
        '</sup></p>')


@pytest.mark.parametrize("fragment", [
    "&lt;script&gt;alert(1)&lt;/script&gt;<p>suite</p>",
    "&lt;img src=x onerror=alert(1)&gt;",
])
def test_text_quoting_markup_at_the_start_of_a_body_stays_text(fragment):
    cleaned = sanitize_html(fragment, "https://www.rtes.fr/a")
    assert "<script" not in cleaned
    assert "<img" not in cleaned
    assert cleaned.startswith("&lt;")
