"""Small lxml helpers shared by the extractors."""

from __future__ import annotations

import codecs
import contextlib
import copy
from collections.abc import Collection
from functools import cache

from lxml.cssselect import CSSSelector
from lxml.etree import _Element
from w3lib.encoding import html_to_unicode

from harvester.text import one_line


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page the way browsers do: HTTP charset, BOM, meta charset, then sniffing.

    ISO-8859-1 declarations are read as windows-1252, as every browser does. A UTF-8 page
    holding windows-1252 bytes (a legacy SPIP site after a charset migration: old paragraphs
    kept their bytes) gets those bytes read as windows-1252 instead of replacement characters.
    A page labelled with a legacy charset whose bytes are all valid UTF-8 is UTF-8 (a
    server's default header, or a template's meta, left on a migrated site): text in those
    charsets is valid UTF-8 only by accident ("CafÃ©" written in windows-1252; in Shift_JIS,
    whose first bytes are UTF-8 continuation bytes, hardly ever).
    """
    header = f"charset={content_type.split('charset=')[-1]}" if content_type else None
    encoding, text = html_to_unicode(header, body)
    if encoding in ("utf-8", "utf8") and "\ufffd" in text:
        text = body.decode("utf-8-sig", errors=LEGACY_BYTES)
    elif not encoding.startswith("utf") and not body.isascii():
        with contextlib.suppress(UnicodeDecodeError):
            text = body.decode("utf-8-sig")
    return text


LEGACY_BYTES = "harvester-windows-1252"


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 is read as windows-1252 (latin-1 for its five holes).
    bs4's UnicodeDammit.detwingle only mends bytes that no UTF-8 sequence starts with, so
    "r\xe9parons" (an accented letter followed by ASCII) stays broken there."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    byte = error.object[error.start:error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error(LEGACY_BYTES, _as_windows_1252)


INVISIBLE = ("script", "style", "template", "noscript", "svg")
"""Elements whose text is not read as text: code, and a drawing's (a logo's <title>)."""


def visible_text(element: _Element) -> str:
    """The text a reader sees in an element: not the code of its scripts and styles, nor the
    labels of an inline drawing ("<h1><svg><title>Politico Logo</title></svg></h1>")."""
    if next(element.iter(*INVISIBLE), None) is None:
        return str(element.text_content())
    copied = copy.deepcopy(element)
    for node in list(copied.iter(*INVISIBLE)):
        if node is not copied:
            node.drop_tree()
    return "" if copied.tag in INVISIBLE else str(copied.text_content())


def element_text(element: _Element) -> str:
    return one_line(visible_text(element))


@cache
def compiled(css: str) -> CSSSelector:
    """A CSS selector translated to XPath once for the process (translation costs far more
    than matching)."""
    return CSSSelector(css, translator="html")


def select(root: _Element, css: str) -> list[_Element]:
    """The elements below (and including) root that match a CSS selector, in document order."""
    return compiled(css)(root)  # type: ignore[no-any-return]


def inside(node: _Element, containers: frozenset[_Element]) -> bool:
    """Whether node lies within one of the containers: O(depth)."""
    return not containers.isdisjoint(node.iterancestors())


def without(element: _Element, excluded: Collection[_Element]) -> _Element:
    """A copy of element without the descendants in ``excluded`` (elements of the original:
    the copy is walked in step with it, so nothing is matched twice)."""
    pruned = copy.deepcopy(element)
    doomed = [twin for node, twin in zip(element.iter(), pruned.iter(), strict=True)
              if node in excluded and node is not element]
    for twin in doomed:
        twin.drop_tree()
    return pruned
