"""Small lxml helpers shared by the extractors."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import html as lxml_html
from lxml.etree import _Element
from w3lib.encoding import html_to_unicode

from harvester.text import one_line


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page the way browsers do: HTTP charset, BOM, meta charset, then sniffing.

    ISO-8859-1 declarations are read as windows-1252, as every browser does.
    """
    header = f"charset={content_type.split('charset=')[-1]}" if content_type else None
    _, text = html_to_unicode(header, body)
    return text


def element_text(element: _Element) -> str:
    return one_line(element.text_content())


def inner_html(element: _Element) -> str:
    """The HTML inside an element, without the element itself or its tail."""
    parts = [element.text or ""]
    parts += [lxml_html.tostring(child, encoding="unicode", with_tail=True) for child in element]
    return "".join(parts).strip()


def without(element: _Element, selectors: Iterable[str]) -> _Element:
    """A copy of element with every descendant matching one of the CSS selectors removed."""
    pruned = copy.deepcopy(element)
    for selector in selectors:
        for node in pruned.cssselect(selector):
            if node is not pruned:
                node.drop_tree()
    return pruned


def inside(node: _Element, root: _Element, selectors: Iterable[str]) -> bool:
    """Whether node lies within an element of root matching one of the CSS selectors."""
    containers = [c for selector in selectors for c in root.cssselect(selector)]
    return any(ancestor is container for ancestor in node.iterancestors()
               for container in containers)
