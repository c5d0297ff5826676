"""HTML pages and fragments (article bodies, notes): parse, serialize, and render as plain
text."""

from __future__ import annotations

from html import escape

from lxml import etree
from lxml import html as lxml_html
from lxml.etree import ParserError, _Element
from parsel import Selector

from harvester.text import xml_safe

ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity)
"""lxml.html's element classes, chosen in C: its own lookup calls Python for every element
an iteration reaches (to give form fields classes of their own, which nothing here uses), a
quarter of the cost of parsing and indexing a page."""


def html_parser(*, comments: bool = True) -> lxml_html.HTMLParser:
    """A parser of lxml.html's, as parsel makes one (huge documents allowed), with
    ELEMENT_CLASSES; one a call, as lxml's parsers are not to be shared between threads."""
    parser = lxml_html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True,
                                  remove_comments=not comments, remove_pis=not comments)
    parser.set_element_class_lookup(ELEMENT_CLASSES)
    return parser


BROWSER_ADDED = ("goog-gt-tt",)
"""Ids of what a browser adds to a page it saves, which is not the page's: Google Translate's
tooltip, whose <h1> reads "Original text"."""


def parse_document(html: str, base_url: str | None = None, *,
                   comments: bool = True) -> lxml_html.HtmlElement:
    """A whole page's root element, without what the browser that saved it added; without its
    comments and processing instructions if asked, as trafilatura reads a page."""
    body = html.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    parser = html_parser(comments=comments)
    root = etree.fromstring(body, parser=parser, base_url=base_url)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser, base_url=base_url)
    for added in BROWSER_ADDED:
        if added in html:  # a string search: most pages have none, and a walk costs more
            for node in root.xpath("//*[@id=$id]", id=added):
                node.drop_tree()
    return root


def parse_page(html: str, base_url: str | None = None) -> Selector:
    """A whole page's tree, as ``parsel.Selector(text=html)`` reads it."""
    return Selector(root=parse_document(html, base_url), type="html", base_url=base_url)


BLOCKS = frozenset({
    "p", "div", "section", "article", "blockquote", "pre", "ul", "ol", "dl", "li", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure", "figcaption", "hr", "header",
    "footer", "address", "aside", "nav", "main",
})


def parse_fragment(fragment: str) -> _Element:
    """The fragment inside one <div> wrapper; malformed markup is repaired, never refused.
    The wrapper is made by the same parser (lxml.html's ``create_parent`` makes it with its
    own, whose Python class lookup every element moved into it would then go through)."""
    cleaned = xml_safe(fragment or "")
    parser = html_parser()
    wrapper = parser.makeelement("div")
    try:
        parts = lxml_html.fragments_fromstring(cleaned, no_leading_text=False, parser=parser)
    except (ParserError, ValueError):
        wrapper.text = cleaned
        return wrapper
    if parts and isinstance(parts[0], str):
        wrapper.text = parts.pop(0)
    wrapper.extend(parts)
    return wrapper


def serialize_children(wrapper: _Element) -> str:
    """The HTML inside an element (the wrapper made by parse_fragment, a page's body),
    without the element itself or its tail; its leading text escaped, as lxml escapes every
    other text."""
    if isinstance(wrapper.tag, str):
        # one serialization, the wrapper's own tags cut off (a call per child cost 5 us
        # each); lxml writes a ">" inside an attribute value as "&gt;"
        whole = lxml_html.tostring(wrapper, encoding="unicode", with_tail=False)
        end = f"</{wrapper.tag}>"
        if whole.endswith(end):
            return whole[whole.index(">") + 1:len(whole) - len(end)].strip()
    parts = [escape(wrapper.text or "", quote=False)]
    parts += [lxml_html.tostring(child, encoding="unicode") for child in wrapper]
    return "".join(parts).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of a fragment (see tree_text)."""
    return tree_text(parse_fragment(fragment))


def tree_text(root: _Element) -> str:
    """Plain text inside an element: blocks separated by a blank line; line breaks and list
    items by a newline."""
    out: list[str] = []
    current: list[str] = []
    pending = ""

    def flush(separator: str) -> None:
        nonlocal pending
        line = " ".join("".join(current).split())
        current.clear()
        if line:
            out.append((pending if out else "") + line)
            pending = separator
        elif len(separator) > len(pending):
            pending = separator

    def walk(node: _Element) -> None:
        if not isinstance(node.tag, str):
            current.append(node.tail or "")
            return
        block = node.tag in BLOCKS
        if node.tag == "li":
            flush("\n")
            current.append("- ")
        elif block:
            flush("\n\n")
        if node.tag == "br":
            flush("\n")
        elif node.tag == "sup" and node.get("id", "").startswith("fnref-"):
            current.append(f"[{node.text_content().strip()}]")
        else:
            current.append(node.text or "")
            for child in node:
                walk(child)
        if node.tag == "li":
            flush("\n")
        elif block:
            flush("\n\n")
        current.append(node.tail or "")

    current.append(root.text or "")
    for child in root:
        walk(child)
    flush("")
    return "".join(out)
