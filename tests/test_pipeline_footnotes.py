from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.footnotes import FootnotesPipeline, normalize_footnotes
from tests.pipeline_helpers import article

SPIP2_REF = ("<p>celle de l’écosystème&nbsp;[<a href='#nb1' class='spip_note' rel='footnote' "
             "title='Voir' id='nh1'>1</a>]. Suite</p>")
SPIP2_NOTES = ("<h2>Notes</h2><p>[<a href='#nh1' id='nb1' class='spip_note' rev='footnote'>1</a>]"
               " <a href='http://x.example/eval'>Voir exemple méthodologie</a></p>")
SPIP3_BODY = ('<p>Un<span class="spip_note_ref">&nbsp;[<a href="#nb1" class="spip_note" '
              'rel="appendix" id="nh1">1</a>]</span> deux<span class="spip_note_ref">&nbsp;['
              '<a href="#nb2" class="spip_note" rel="appendix" id="nh2">2</a>]</span></p>')
SPIP3_NOTES = ('<div id="nb1"><p><span class="spip_note_ref">[<a href="#nh1" class="spip_note" '
               'rev="appendix">1</a>]&nbsp;</span>Première note</p></div><div id="nb2"><p>'
               '<span class="spip_note_ref">[<a href="#nh2" class="spip_note">2</a>] </span>'
               'Seconde <i>note</i></p></div>')
MARKDOWN = ('<p>Text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> more'
            '<sup id="fnref:2"><a class="footnote-ref" href="#fn:2">2</a></sup></p>'
            '<div class="footnote"><hr><ol><li id="fn:1"><p>First note <a class="footnote-backref"'
            ' href="#fnref:1">↩</a></p></li><li id="fn:2"><p>Second <a href="https://x.fr">link'
            '</a> <a class="footnote-backref" href="#fnref:2">↩</a></p></li></ol></div>')
GFM = ('<p>Voir<sup><a href="#user-content-fn-a" id="user-content-fnref-a" data-footnote-ref>1'
       '</a></sup></p><section data-footnotes class="footnotes"><h2>Footnotes</h2><ol><li '
       'id="user-content-fn-a"><p>Note GFM <a href="#user-content-fnref-a" '
       'class="data-footnote-backref">↩</a></p></li></ol></section>')
WP_BLOCK = ('<p>Hello<sup data-fn="abc-123" class="fn"><a href="#abc-123" id="abc-123-link">1'
            '</a></sup> world</p><ol class="wp-block-footnotes"><li id="abc-123">Une note '
            'WordPress <a href="#abc-123-link" aria-label="Aller à la référence 1">↩︎</a></li></ol>')
WP_CLASSIC = ('<p>Texte<sup><a href="#_ftn1" name="_ftnref1">[1]</a></sup></p><hr><p>'
              '<a href="#_ftnref1" name="_ftn1">[1]</a> Note Word collée</p>')
DRUPAL = ('<p>Drupal<a class="see-footnote" id="footnoteref1_abc" title="t" '
          'href="#footnote1_abc">1</a> text</p><ul class="footnotes"><li class="footnote" '
          'id="footnote1_abc"><a class="footnote-label" href="#footnoteref1_abc">1.</a> '
          'Note Drupal</li></ul>')
LOOSE = ('<p>x<span class="spip_note_ref">[<a href="#nb1" id="nh1" class="spip_note">1</a>]'
         '</span></p>', '<div class="notes">[<a href="#nh1" id="nb1">1</a>] loose note<br>'
         '[<a href="#nh2" id="nb2">2</a>] other</div>')

CASES = [
    ("spip2", SPIP2_REF, SPIP2_NOTES, ["Voir exemple méthodologie"]),
    ("spip3", SPIP3_BODY, SPIP3_NOTES, ["Première note", "Seconde note"]),
    ("markdown", MARKDOWN, None, ["First note", "Second link"]),
    ("gfm", GFM, None, ["Note GFM"]),
    ("wordpress-block", WP_BLOCK, None, ["Une note WordPress"]),
    ("word-paste", WP_CLASSIC, None, ["Note Word collée"]),
    ("drupal", DRUPAL, None, ["Note Drupal"]),
    ("loose-spip-notes", *LOOSE, ["loose note", "other"]),
    ("no-notes", "<p>Rien à signaler <a href='#haut'>haut</a></p>", None, []),
    ("section-link", "<p>Voir <a href='#note-importante'>la note</a></p><h2 id='note-importante'>"
     "Note importante</h2><p>Texte.</p>", None, []),
    ("backward-link", "<p id='note1'>Intro</p><p>Retour <a href='#note1'>en haut</a></p>",
     None, []),
    ("orphan-note", "<p>Sans appel</p>", SPIP3_NOTES, ["Première note", "Seconde note"]),
]


@pytest.mark.parametrize(("body", "notes", "texts"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_notes_are_extracted_in_order(body, notes, texts):
    _, footnotes = normalize_footnotes(body, notes, "abcd1234")
    assert [n.text for n in footnotes] == texts
    assert [n.id for n in footnotes] == [f"fn-abcd1234-{i}" for i in range(1, len(texts) + 1)]


@pytest.mark.parametrize(("body", "notes", "texts"), [c[1:] for c in CASES if c[0] not in (
    "orphan-note", "no-notes")], ids=[c[0] for c in CASES if c[0] not in (
        "orphan-note", "no-notes")])
def test_references_link_to_their_note_and_note_texts_leave_the_body(body, notes, texts):
    html, footnotes = normalize_footnotes(body, notes, "abcd1234")
    for number, note in enumerate(footnotes, start=1):
        if note.text == "other":
            continue
        assert (f'<sup id="fnref-abcd1234-{number}"><a href="#{note.id}" '
                f'class="footnote-ref">{number}</a></sup>') in html
        assert note.text not in re.sub(r"<[^>]+>", "", html)
    assert "[<sup" not in html
    assert "]</sup>" not in html


def test_note_html_keeps_links_but_not_labels():
    _, footnotes = normalize_footnotes(SPIP2_REF, SPIP2_NOTES, "p")
    assert footnotes[0].html == '<a href="http://x.example/eval">Voir exemple méthodologie</a>'


def test_two_references_to_one_note_get_distinct_ids():
    body = "<p>a<a href='#nb1' class='spip_note'>1</a> b<a href='#nb1' class='spip_note'>1</a></p>"
    html, _ = normalize_footnotes(body, SPIP2_NOTES, "p")
    assert 'id="fnref-p-1"' in html
    assert 'id="fnref-p-1-2"' in html


def test_pipeline_uses_the_article_id_prefix():
    item = article(body_html=SPIP2_REF, notes_html=SPIP2_NOTES)
    item.id = "0123456789abcdef0123"
    FootnotesPipeline().process_item(item)
    assert item.footnotes[0].id == "fn-01234567-1"
    assert 'href="#fn-01234567-1"' in item.content_html


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=200)))
def test_never_raises_on_arbitrary_markup(body, notes):
    html, footnotes = normalize_footnotes(body, notes, "p")
    assert isinstance(html, str)
    assert len({n.id for n in footnotes}) == len(footnotes)


@given(st.lists(st.text(alphabet=st.characters(categories=["L", "Zs"]), min_size=1,
                        max_size=30).filter(str.strip), min_size=1, max_size=5))
def test_every_generated_note_round_trips(texts):
    body = "".join(f'<p>t<a href="#fn:{i}" class="footnote-ref">{i}</a></p>'
                   for i in range(1, len(texts) + 1))
    items = "".join(f'<li id="fn:{i}">{t}</li>' for i, t in enumerate(texts, start=1))
    _, footnotes = normalize_footnotes(body + f'<div class="footnote"><ol>{items}</ol></div>',
                                       None, "p")
    assert [n.text for n in footnotes] == [
        unicodedata.normalize("NFC", " ".join(t.split())) for t in texts]
