"""PageIndex answers CSS selectors as lxml's cssselect does, on any tree: the same elements in
the same order, below a given element or over the whole page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.cssselect import CSSSelector
from lxml.html import fromstring

from harvester.extract.pageindex import PageIndex

TAGS = ("div", "p", "a", "span", "ul", "li")
CLASSES = ("texte", "chapo", "footer", "menu")
SELECTORS = (
    "a", "p", "div.texte", ".footer", "#main", "div a", ".menu li", "span.chapo.texte",
    "a[href]", "[class~=menu]", "li, p", ".footer a, #main span", "div > p",
    "[href]", "[role=main]", "div [role=main]", "[id], [role]",
)


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    """Nested elements with classes, ids, links and comments between them."""
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()) and depth:
            parts.append("<!-- note -->" if draw(st.booleans()) else "texte ")
            continue
        tag = draw(st.sampled_from(TAGS))
        classes = draw(st.lists(st.sampled_from(CLASSES), max_size=2))
        attrs = f' class="{" ".join(classes)}"' if classes else ""
        attrs += ' id="main"' if draw(st.integers(0, 9)) == 0 else ""
        attrs += ' href="/x"' if tag == "a" and draw(st.booleans()) else ""
        attrs += ' role="main"' if draw(st.integers(0, 4)) == 0 else ""
        parts.append(f"<{tag}{attrs}>{draw(fragments(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(fragments())
def test_select_finds_what_cssselect_finds(body: str):
    root = fromstring(f"<html><body>{body}<!-- end --></body></html>")
    index = PageIndex(root)
    for css in SELECTORS:
        expected = CSSSelector(css)
        assert index.select(css) == expected(root), css
        for within in root.iter("div", "ul", "li"):
            assert index.select(css, within) == expected(within), (css, within)


def test_an_element_ends_at_its_last_descendant():
    root = fromstring("<html><body><div><p><a>1</a></p><!-- c --></div><p>2</p></body></html>")
    index = PageIndex(root)
    div, last_p = root.find(".//div"), root.findall(".//p")[-1]
    assert index.end(div) == index.start[div.find(".//a")]
    assert index.end(last_p) == index.start[last_p] == len(index.start)
    assert index.end(root) == len(index.start)


@settings(max_examples=100, deadline=None)
@given(fragments())
def test_matching_finds_every_element_select_finds(body: str):
    root = fromstring(f"<html><body>{body}</body></html>")
    index = PageIndex(root)
    expected = {node for css in SELECTORS for node in CSSSelector(css)(root)}
    assert index.matching(SELECTORS) == expected
