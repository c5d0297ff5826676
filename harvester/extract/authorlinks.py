"""Links to an author's page, the byline of a theme that marks its authors in no other way.

Many news themes write the byline as "By <a href="/author/jane-doe">Jane Doe</a>" without
``rel=author``, microdata or a class a selector could name (React sites' hashed classes). The
links whose path is an author's page are the byline's names; of those on a page, the first
and the ones beside it (in the same block: "By A and B"), not a sidebar's "More from B".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.etree import _Element

from harvester.extract.html import element_text
from harvester.fragments import BLOCKS

AUTHOR_PATH = re.compile(
    r"/(?:authors?|auteurs?|autor(?:en)?|autrice|people|profiles?|staff|journalist(?:es?|s)?"
    r"|contributors?|editors|writers|redact(?:eur|rice)s?|r[ée]dacteurs?)/[^/?#]+",
    re.IGNORECASE)
"""A path naming one author: /author/jane-doe, /about/editors/jon-fingas/, /people/x."""
OTHER_ARTICLES = re.compile(
    r"(?:^|[\s_-])(?:related|more-?from|tease|teaser|promo|recommend|trending|popular"
    r"|most-?read|tags?|keywords)(?:$|[\s_-])", re.IGNORECASE)
"""A class or id naming a block of other articles or of tags, whose author links are theirs."""
BESIDE_NAMES = 80
"""Characters of text beside the names at most ("By … - Jan 9, 2017 at 10:05AM", a role): a
byline, not a paragraph or a biography."""


def author_links(root: _Element, excluded: frozenset[_Element], host: str) -> list[_Element]:
    """The links of the page's byline to its authors' pages on its own site (``host``; see
    the module's docstring), none in the ``excluded`` parts of the page (asides, footers,
    comments), in a block of other articles or tags, or in running text (a celebrity's name
    linked to /people/ in a paragraph)."""
    links = [link for link in root.iter("a") if _author_page(link.get("href") or "", host)
             and excluded.isdisjoint(link.iterancestors()) and not _among_others(link)]
    for number, first in enumerate(links):
        block = next((node for node in first.iterancestors() if node.tag in BLOCKS), root)
        beside = [link for link in links[number + 1:] if block in link.iterancestors()]
        named = sum(len(element_text(link)) for link in [first, *beside])
        if element_text(first) and len(element_text(block)) - named <= BESIDE_NAMES:
            return [first, *beside]
    return []


def _among_others(link: _Element) -> bool:
    return any(OTHER_ARTICLES.search(f"{node.get('class')} {node.get('id')}")
               for node in link.iterancestors() if node.tag not in ("body", "html"))


def _author_page(href: str, host: str) -> bool:
    if AUTHOR_PATH.search(href) is None:  # most links: no URL parse
        return False
    try:
        address = urlsplit(href)
    except ValueError:
        return False
    return address.hostname in (None, host) and AUTHOR_PATH.search(address.path) is not None
