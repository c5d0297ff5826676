"""The article's own headline among the page's headings.

A theme may put its logo, the site's name or a section's name in an <h1> before the headline
("Engadget", "Market Insider"), or the site's name inside the headline's <h1>. The heading
taken is the one the page's metadata agrees with (JSON-LD headline, og:title, twitter:title,
<title>), never one that is only the site's name; a heading no metadata names is taken only
when none is named.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

from lxml.etree import _Element

from harvester.extract.html import INVISIBLE, element_text
from harvester.extract.metadata import PageMetadata
from harvester.fragments import tree_text
from harvester.text import fold, one_line

SITE_SEPARATOR = re.compile(r"\s+(?:[-–—|·•»]+|::)\s+")
"""What parts a <title> into headline and site name ("Title - Site", "Title | Site"); not a
colon, which opens a subtitle."""
WORD = re.compile(r"\w+")


def page_headline(headline: str | None, headings: list[_Element], meta: PageMetadata,
                  page_title: str, names: list[str | None]) -> str | None:
    """The JSON-LD headline, written as the page's heading shows it when both say the same
    words; else the heading the metadata agrees with; else og:title, twitter:title, <title>."""
    site = site_names([*names, meta.first("application-name")], page_title)
    heading = choose_heading([heading_text(node, site) for node in headings],
                             [headline, *meta.all("og:title", "twitter:title"), page_title],
                             site)
    if headline and heading and same_words(headline, heading):
        return heading
    return (headline or heading or meta.first("og:title", "twitter:title", "dc.title")
            or page_title or None)


def site_names(names: Iterable[str | None], page_title: str | None) -> frozenset[str]:
    """The site's names, folded: the ones the page declares, and the last part of its
    <title> ("Title » Section » Site")."""
    found = {fold(one_line(name)) for name in names if name and name.strip()}
    parts = SITE_SEPARATOR.split(one_line(page_title))
    if len(parts) > 1:
        found.add(fold(parts[-1]))
    return frozenset(found - {""})


def heading_text(node: _Element, site: frozenset[str]) -> str:
    """A heading's text on one line: blocks and lines inside it apart, an element of it that
    only names the site left out ("<h1><span>Title</span><a>Site</a></h1>")."""
    pruned = copy.deepcopy(node)
    for inner in list(pruned.iterdescendants()):
        if isinstance(inner.tag, str) and inner.getparent() is not None and (
                inner.tag in INVISIBLE or fold(element_text(inner)) in site):
            inner.drop_tree()
    return one_line(tree_text(pruned))


def choose_heading(headings: list[str], references: list[str | None],
                   site: frozenset[str]) -> str | None:
    """The heading the references name (the same words; else within one of them, "Section:
    Title - Site"), the longest first; else the first heading. Never the site's name."""
    candidates = [h for h in headings if h and fold(h) not in site]
    said = [_words(r) for r in references if r]

    def agreement(heading: str) -> tuple[bool, bool, int]:
        words = _words(heading)
        return (any(words == r for r in said), any(_within(words, r) for r in said),
                len(words))

    ranked = sorted(candidates, key=agreement, reverse=True)
    if ranked and any(agreement(ranked[0])[:2]):
        return ranked[0]
    return candidates[0] if candidates else None


def same_words(first: str, second: str) -> bool:
    """Whether two titles differ only in punctuation and spacing (’ for ')."""
    return WORD.findall(first) == WORD.findall(second)


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def _within(words: list[str], reference: list[str]) -> bool:
    size = len(words)
    return bool(words) and any(reference[start:start + size] == words
                               for start in range(len(reference) - size + 1))
