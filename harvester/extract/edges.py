"""The ends of an article's body, where a page's chrome sits beside its text.

A body taken whole from a page's <main> or <article>, or by the general extractor, may open
with the article's date and byline and close with its tags, share buttons, links to the
previous and next articles or the site's copyright. The article has the first in its own
fields; the rest is not its text. Both are dropped from a body's flat list of blocks (the
sanitized body, or trafilatura's), and from its loose text before the first block or after the
last.
"""

from __future__ import annotations

import re
from itertools import takewhile
from urllib.parse import urlsplit

from lxml.etree import _Element

from harvester.extract.boilerplate import is_page_link, remove_keeping_tail
from harvester.extract.files import DOCUMENT_EXTENSIONS, extension
from harvester.extract.wording import credit_line
from harvester.fragments import BLOCKS

CLOSING_BLOCKS = frozenset({"p", "dl", "div"})
"""Blocks a closing line may be: not a list, a table, a picture or a quotation."""
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
WORD = re.compile(r"\w")
COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)|copyright\b)|all rights reserved", re.IGNORECASE)
CHROME_LONGEST = 300
"""Characters of a closing line at most: a longer one is text (about a copyright, say)."""
LINKED_ROW = 0.8
"""Share of a line's words in links from which a line of two links or more is a row of
links ("← Article précédent Article suivant →")."""
SHARING = re.compile(r"^\W*(?:partage[rz]?|share|imprimer|print|envoyer\s+(?:à|a)\s+un\s+ami"
                     r"|e-?mail\s+this|tweet)\b", re.IGNORECASE)
"""A line offering to share or print the article, whose buttons may be pictures alone."""
SHARING_WORDS = 8
"""Words of a sharing line at most ("Partager sur Facebook Twitter LinkedIn E-mail"): a
longer one is a sentence ("Partagez vos idées avec nous lors de …")."""
LABELLED = re.compile(
    r"^\W*(?:mots?[\s-]+cl[ée]s?|tags?|[ée]tiquettes?|th[èe]mes?|cat[ée]gories?|rubriques?"
    r"|class[ée]e?\s+dans|publi[ée]e?\s+dans|ce\s+contenu\s+a\s+été\s+publié"
    r"|cette\s+entrée\s+a\s+été\s+publiée|this\s+entry\s+was\s+posted|posted\s+in|filed\s+under"
    r"|(?:à\s+|a\s+)?lire\s+aussi|voir\s+aussi|sur\s+le\s+même\s+(?:sujet|thème)"
    r"|dans\s+la\s+même\s+rubrique|read\s+more|related|see\s+also|also\s+read"
    r"|retour\s+(?:à|a|au|aux|en\s+haut)|back\s+to)\b", re.IGNORECASE)
"""A closing line's label before links: the article's taxonomy (WordPress's "Ce contenu a été
publié dans …", "Posted in …"), other articles, the way back to a listing."""


def drop_opening_credits(body: _Element, *, has_authors: bool, has_date: bool) -> None:
    """The lines before the body's text that only repeat its date or its writers ("Publié le
    3 mai 2024 par Lucie Garnier") go: its summary, its first paragraph, is not a byline. A
    line naming writers stays when the article has none; a date, when it has no date.
    Pictures are passed over; a heading or any other text ends the opening."""
    def repeated(text: str) -> bool:
        credit = credit_line(text)
        return credit is not None and (has_date or not credit.dated) and (
            has_authors or not credit.named)

    run = list(takewhile(lambda node: node.tag not in BLOCKS, body))
    index = len(run)
    if _words(opening := _run_text(body.text, run)):
        if not repeated(opening):
            return
        body.text = None
        for node in run:
            body.remove(node)
        index = 0
    while index < len(body):
        if (node := body[index]).tag in HEADINGS:
            return
        text = _text(node)
        if not _words(text):
            index += 1
        elif repeated(text):
            remove_keeping_tail(node)
        else:
            return
        if _words(node.tail):
            return


def drop_opening_links(body: _Element) -> None:
    """Paragraphs opening the body that are one link and nothing else: the page's list of
    other articles ("Brève 3 : …") that trafilatura sometimes keeps."""
    while len(body) and body[0].tag == "p" and _lone_link(body[0]) and not _words(body.text):
        remove_keeping_tail(body[0])


def drop_closing_chrome(body: _Element, url: str) -> None:
    """The lines after the body's text that are the page's, not the article's: a link alone
    to another page of the site (url's), a row of links, the article's tags or the way to
    share it, a copyright notice. Anything else ends the closing: a picture, a list, a link
    alone to a document or to another site ("Inscriptions"), a line of text."""
    site = urlsplit(url).netloc
    nodes = list(body)
    end = len(nodes)  # the nodes from there on are removed or passed over
    while True:
        last = next((at for at in range(end - 1, -1, -1) if nodes[at].tag in BLOCKS), None)
        run = nodes[0 if last is None else last + 1:end]
        if _words(text := _run_text(body.text if last is None else nodes[last].tail, run)):
            if not _chrome(text, run, site):
                return
            for node in run:
                body.remove(node)
            if last is None:
                body.text = None
                return
            nodes[last].tail = None
            end = last + 1
        elif last is not None and nodes[last].tag in CLOSING_BLOCKS and _chrome(
                _text(nodes[last]), [nodes[last]], site):
            body.remove(nodes[last])
            end = last
        else:
            return


def _chrome(text: str, nodes: list[_Element], site: str) -> bool:
    """Whether a closing line (its text, the elements it is made of) is the page's chrome."""
    if not _words(text) or len(text) > CHROME_LONGEST:
        return False
    words = _word_count(text)
    if COPYRIGHT.search(text) or (SHARING.match(text) and words <= SHARING_WORDS):
        return True
    links = [link for node in nodes for link in node.iter("a") if is_page_link(link)]
    if not links:
        return False
    linked = sum(_word_count(_text(link)) for link in links)
    if len(links) == 1 and linked == words:
        return _on_site(links[0], site)
    return bool(LABELLED.match(text)) or (len(links) >= 2 and linked >= LINKED_ROW * words)


def _lone_link(node: _Element) -> bool:
    links = list(node.iter("a"))
    return len(links) == 1 and _text(node) == _text(links[0])


def _on_site(link: _Element, site: str) -> bool:
    """A link to a page of the site (relative, or on its host), not to a document."""
    href = link.get("href") or ""
    try:
        return urlsplit(href).netloc in ("", site) and extension(href) not in DOCUMENT_EXTENSIONS
    except ValueError:  # a malformed address ("http://[x"): no page of the site
        return False


def _run_text(text: str | None, run: list[_Element]) -> str:
    """The text of a loose run: a text, then inline elements and their tails."""
    parts = [text or ""] + ["".join(node.itertext()) + (node.tail or "") for node in run]
    return " ".join("".join(parts).split())


def _text(node: _Element) -> str:
    return " ".join("".join(node.itertext()).split())


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _words(text: str | None) -> bool:
    return bool(text and WORD.search(text))
