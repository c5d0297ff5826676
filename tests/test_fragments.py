"""HTML fragments: what serialize_children writes is the element's content, whatever its
own tag and attributes say."""

from __future__ import annotations

from html import escape

from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from harvester.fragments import parse_document, parse_fragment, serialize_children

TEXT = st.text(alphabet="ab <>&\"'é\xa0", max_size=8)
ATTRIBUTE = st.tuples(st.sampled_from(["title", "class", "data-x", "href", "id"]), TEXT)
CHILDREN = st.lists(st.sampled_from(
    ["<p>para</p>", "<br>", "<a href='/x?a=1&amp;b=>'>link</a>", "<!-- note -->",
     "<img src='i.png' alt='a > b'>", "<em>em</em>"]), max_size=5)


def children_one_by_one(element: lxml_html.HtmlElement) -> str:
    """The content as each child serializes alone: what serialize_children must equal."""
    parts = [escape(element.text or "", quote=False)]
    parts += [lxml_html.tostring(child, encoding="unicode") for child in element]
    return "".join(parts).strip()


@given(st.sampled_from(["div", "section", "a", "td", "li"]), st.lists(ATTRIBUTE, max_size=3),
       TEXT, CHILDREN, TEXT)
def test_the_content_is_cut_from_the_element_with_any_attributes(tag, attributes, text,
                                                                  children, tail):
    element = parse_fragment("".join(children))
    element.tag = tag
    element.text = text + (element.text or "")
    element.tail = tail
    for name, value in attributes:
        element.set(name, value)
    assert serialize_children(element) == children_one_by_one(element)


def test_a_void_element_has_no_content():
    assert serialize_children(lxml_html.fragment_fromstring("<img src='a>b.png'>")) == ""


def test_a_saved_page_is_read_without_what_the_browser_added():
    """Google Translate's tooltip, whose <h1> a saved page would otherwise show."""
    root = parse_document("<html><body><h2>Titre</h2><p>Texte.</p><div id='goog-gt-tt'>"
                          "<h1>Original text</h1></div><p>Fin.</p></body></html>")
    assert root.xpath("//h1") == []
    assert " ".join(root.itertext()) == "Titre Texte. Fin."
