"""The generic fallback: trafilatura (which dates pages with htmldate) reads what the family's
selectors and the structured data did not.

Family selectors come first: they are exact on known markup and cost a fraction of a general
extractor. The fallback runs on a page of no known family, and on a family page only where
something is missing: no body or a body much shorter than the page's running text (here), no
date once normalized (``pipelines.fallback``, which also asks it for the authors of a page of
no family). On a page of no family its body is
preferred (trafilatura scores 0.95 body F1 on real news pages, the generic selectors 0.72),
unless both found the same text.
"""

from __future__ import annotations

import copy
import html
import logging
import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree
from lxml.etree import _Element

from harvester.extract.boilerplate import (
    BYLINE,
    COMMENTS,
    INFO_BLOCK,
    INFO_BLOCK_NAMES,
    RELATED,
    drop_link_lists,
    drop_named,
    without_named,
)
from harvester.extract.edges import drop_closing_chrome, drop_opening_links
from harvester.extract.paragraphs import wrap_loose_text
from harvester.extract.raw import RawArticle
from harvester.extract.wording import with_initials, written_byline, written_date
from harvester.fragments import parse_document, parse_fragment, serialize_children
from harvester.text import XML_ILLEGAL

TAG = re.compile(r"<[^>]*>")
SHORT_BODY = 0.3
"""A family body under this share of the page's running text is missing its main part."""
RUNNING_TEXT_MIN = 800
"""Characters of running text below which a page is too short to judge its body by."""
AGREEING = (0.8, 1.5)
"""On a page of no family, a selectors' body that holds this share of trafilatura's words or
more, and is at most this many times as long (in words), is the same text with the page's own
markup (footnote anchors, figures), which trafilatura flattens: it is kept. Longer, it took in
the page's chrome; short of trafilatura's words, it missed the text or took another block of
the same length."""
WORD = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff]|\w+")
"""A word; in the scripts written without spaces (Thai, Lao, Myanmar, Khmer, kana, CJK
ideographs) a character."""


@dataclass
class MainContent:
    """What the general extractor read off a page: its body at once; its date and authors
    only when asked, each on its own (htmldate's date search and trafilatura's byline search
    are most of the cost of its metadata), since the page's own markup and structured data
    usually give them."""

    body_html: str
    text: str
    tree: Any = field(repr=False)
    url: str

    @cached_property
    def date(self) -> str | None:
        """htmldate's date of the page, searched as trafilatura's metadata searches it; not a
        first of January that only its extensive search finds: that is a year alone, from a
        copyright notice or a character's code ("&#x2022;"), not the day of publication."""
        from htmldate import find_date
        from trafilatura.metadata import extract_url

        url = self._declared.url or extract_url(self.tree, self.url)

        def search(extensive: bool) -> str | None:
            return find_date(self.tree, url=url, extensive_search=extensive,
                             original_date=True, outputformat="%Y-%m-%d")

        found = search(extensive=True)
        if found and found.endswith("-01-01") and search(extensive=False) != found:
            return None
        return found or None

    @cached_property
    def written_date(self) -> str | None:
        """The date after the page's "Publié le" or "Posted on" (see wording.py), which
        htmldate may pass over for the date of an update or of another article."""
        return written_date(self.tree)

    @cached_property
    def written_byline(self) -> str | None:
        """The names after the page's "By" or "Par" (see wording.py)."""
        return written_byline(self.tree)

    @cached_property
    def authors(self) -> list[str]:
        """The authors the page's <meta> and JSON-LD declare (as trafilatura reads them), else
        an element that reads "By …" (see wording.py), else trafilatura's byline search, which
        costs 5 ms and more often keeps a role, a date or the newspaper with the name."""
        from trafilatura.metadata import extract_author

        if not (author := self._declared.author) and (byline := self.written_byline):
            return [byline]
        author = author or extract_author(self.tree)
        return with_initials([a.strip() for a in (author or "").split(";") if a.strip()],
                             self.tree)

    @cached_property
    def _declared(self) -> Any:
        """What the page's <meta> and JSON-LD declare, read as trafilatura's
        ``extract_metadata`` reads them before its searches (its title, site name, categories,
        tags and license, which nothing here asks for, are not read: 3 ms of a page's 12)."""
        from trafilatura.metadata import examine_meta, extract_meta_json

        declared = examine_meta(self.tree)
        if declared.author and " " not in declared.author:
            declared.author = None
        with suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
            declared = extract_meta_json(self.tree, declared)
        return declared


def main_content(raw: RawArticle) -> MainContent | None:
    """The page's main content, read once per page."""
    if raw.main_content is None:
        usable = raw.page is not None and XML_ILLEGAL.search(raw.html) is None
        raw.main_content = read_main_content(raw.page if usable else raw.html, raw.url,
                                             raw.html) or False
    return raw.main_content or None


def read_main_content(page: str | _Element, url: str,
                      html: str | None = None) -> MainContent | None:
    """trafilatura's body (as simple HTML); None when it finds no main content. The page
    (its HTML, or its tree, which stays unchanged) is read as trafilatura reads it: without
    HTML comments, nor the characters XML forbids (no element made of its text could hold
    them). Its loose text is put in paragraphs, its comments and lists of links dropped first
    (see paragraphs.py, boilerplate.py); trafilatura reads a copy of that tree, without the
    article's info block (see _without_info_block: ``html``, the page's text, if it is given
    as a tree), and the tree stays for the metadata."""
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    if isinstance(page, str):
        tree = parse_document(XML_ILLEGAL.sub("", page), comments=False)
    else:
        tree = copy.deepcopy(page)
        etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    wrap_loose_text(tree)
    drop_named(tree, COMMENTS)
    drop_link_lists(tree)
    # no url: trafilatura would resolve relative links against the site's root, not the
    # page (ContentPipeline makes them absolute), and spend a URL parse on every link doing so
    document: Any = bare_extraction(
        _without_info_block(tree, page if isinstance(page, str) else html),
        with_metadata=False, include_comments=False, include_images=True, include_links=True,
        include_formatting=True, include_tables=True)
    if document is None or document.body is None:
        return None
    body = convert_to_html(document.body).find("body")
    if body is None:
        return None
    drop_opening_links(body)
    drop_closing_chrome(body, url)
    return MainContent(body_html=serialize_children(body), text=" ".join(body.itertext()),
                       tree=tree, url=url)


def _without_info_block(tree: _Element, html: str | None) -> _Element:
    """The tree, or a copy without the article's info block (INFO_BLOCK); a page whose text
    names none of its classes is not walked (a tenth of a millisecond against half of one)."""
    if html is not None:
        lowered = html.lower()
        if not any(name in lowered for name in INFO_BLOCK_NAMES):
            return tree
    return without_named(tree, INFO_BLOCK)


def complete_body(raw: RawArticle, root: _Element, generic: bool) -> None:
    """Take the main content's body where the selectors found none, or a much shorter one
    than the page's running text, and on a page of no family unless both agree (the
    selectors' body without its boilerplate, see boilerplate.py)."""
    if generic and raw.body_html:
        raw.body_html = _without_boilerplate(raw.body_html)
    own_text = _text(raw.body_html)
    own_length = len(" ".join(own_text.split()))
    # the page's whole text bounds its running text: most family bodies pass on that alone
    short = (_short(own_length, len(root.text_content()))
             and _short(own_length, running_text(root)))
    if not (generic or short):
        return
    content = main_content(raw)
    if content is None or not content.text.strip():
        return
    if short or not same_text(own_text, content.text):
        raw.body_html = content.body_html


def _short(body_length: int, page_text: int) -> bool:
    """Whether a body of this many characters misses the main part of a page with this much
    text."""
    return body_length < SHORT_BODY * max(page_text, RUNNING_TEXT_MIN)


def _without_boilerplate(fragment: str) -> str:
    """The selectors' body without its comments, related articles, byline and lists of links
    (trafilatura drops related blocks and bylines itself, and reads the authors from the
    bylines on the page, which stays untouched)."""
    body = parse_fragment(fragment)
    drop_named(body, COMMENTS, RELATED, BYLINE, INFO_BLOCK)
    drop_link_lists(body)
    return serialize_children(body)


def running_text(root: _Element) -> int:
    """Characters of paragraph text on the whole page: what a reader would call its text."""
    return sum(len("".join(p.itertext()).strip()) for p in root.iter("p"))


def same_text(ours: str, theirs: str) -> bool:
    """Whether the selectors' text agrees with trafilatura's (AGREEING; bags of words, any
    case)."""
    our_words, their_words = (Counter(WORD.findall(text.casefold())) for text in (ours, theirs))
    low, high = AGREEING
    return ((our_words & their_words).total() >= low * their_words.total()
            and our_words.total() <= high * their_words.total())


def _text(fragment: str) -> str:
    """About the text of a fragment (tags dropped, entities read): enough to compare two
    bodies, at a fraction of a parse."""
    return html.unescape(TAG.sub(" ", fragment))
