"""Boilerplate inside a page's main block: other articles, comments, the byline.

The generic selectors take a page's whole <article> or <main>, which often holds, beside the
text, the site's lists and blocks of other articles, its readers' comments and the byline.
trafilatura, asked to keep images, moves each picture out of its link first and then no
longer sees a list of teasers (a picture and a headline in one link) as links; it knows
comment sections by a few names only. They are recognized by their structure and names.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml.etree import _Element

COMMENTS = re.compile(r"(?:^|[\s_-])comment(?!ary)", re.IGNORECASE)
"""A class or id naming a comment section or widget (comments, comment-list, sf_comment_list,
CommentCount), not a commentary."""
RELATED = re.compile(r"(?:^|[\s_-])related", re.IGNORECASE)
"""A class or id naming a block of related articles (related-content, relatedposts)."""
BYLINE = re.compile(r"(?:^|[\s_-])byline", re.IGNORECASE)
"""A class or id naming the article's byline, which the article has in its own fields."""
INFO_BLOCK_NAMES = ("article-info", "createdate", "modifydate", "contentheading")
"""Classes of Joomla's block of the article's details above its text ("Détails", "Écrit par",
"Catégorie", "Publication", "Affichages"; in Joomla 1.5, the heading and date cells of the
article's table). The page's metadata is read from it; its body is not."""
INFO_BLOCK = re.compile(rf"(?:^|[\s_-])(?:{'|'.join(INFO_BLOCK_NAMES)})(?:$|[\s_-])",
                        re.IGNORECASE)
LINKED = 0.9
"""Share of a list's text in links above which it is a list of links."""
TEASERS = 3
TEASER_TEXT = 100
TEASER_LINKED = 0.5
"""A list of at least TEASERS items, each holding a link and under TEASER_TEXT characters (a
headline, a rubric, a byline), at least TEASER_LINKED of its text in links, is a list of other
articles; empty items (ad slots) are not counted. Short items citing a source are not."""


def drop_link_lists(root: _Element) -> None:
    """Remove the lists of links to other pages below root, in place."""
    for found in list(root.iter("ul", "ol")):
        if found is not root and is_link_list(found):
            remove_keeping_tail(found)


def drop_named(root: _Element, *names: re.Pattern[str]) -> None:
    """Remove the elements below root whose class or id matches one of the names, in place;
    not one holding half of root's text or more (a page's <body> of class "comments-open")."""
    found = list(_named_below(root, names))
    if not found:
        return
    lengths = {node: _length(node) for node in found}
    # the text of a whole page (its scripts' included) can be hundreds of KB: it is read
    # through only when one of the elements found is long enough to need it
    longest = max(lengths.values())
    total = None if _longer_than(root, 2 * longest) else _length(root)
    removed: set[_Element] = set()
    for node in found:
        if removed.isdisjoint(node.iterancestors()) and (total is None
                                                         or 2 * lengths[node] < total):
            remove_keeping_tail(node)
            removed.add(node)


def without_named(root: _Element, *names: re.Pattern[str]) -> _Element:
    """The root itself when nothing below it is so named; else a copy without those
    elements (drop_named), the root left whole for what else reads it."""
    if next(_named_below(root, names), None) is None:
        return root
    copied = copy.deepcopy(root)
    drop_named(copied, *names)
    return copied


def _named_below(root: _Element, names: tuple[re.Pattern[str], ...]) -> Iterator[_Element]:
    """The elements below root whose class or id matches one of the names, in document order."""
    return (node for node in root.iter() if node is not root and isinstance(node.tag, str)
            and _named(node.get("class"), node.get("id"), names))


def _named(class_: str | None, id_: str | None, names: tuple[re.Pattern[str], ...]) -> bool:
    return bool(class_ or id_) and any(
        name.search(f"{class_ or ''} {id_ or ''}") for name in names)


def is_link_list(found: _Element) -> bool:
    """Whether a list is all links, or a list of teasers: short items, each with a link."""
    items = [item for item in found if item.tag == "li"]
    lengths = [_length(item) for item in items]
    total = sum(lengths)
    linked = _linked(found)
    if len(items) < 2 or not total or linked < TEASER_LINKED * total:
        return False
    if linked >= LINKED * total:
        return True
    teasers = [(item, length) for item, length in zip(items, lengths, strict=True) if length]
    return len(teasers) >= TEASERS and all(
        length < TEASER_TEXT and _has_link(item) for item, length in teasers)


def _length(node: _Element) -> int:
    """Characters of text below the node, whitespace not counted."""
    return len("".join("".join(node.itertext()).split()))


def _longer_than(node: _Element, bound: int) -> bool:
    """Whether _length(node) > bound, reading the node's text only until it is."""
    length = 0
    for text in node.itertext():
        length += len("".join(text.split()))
        if length > bound:
            return True
    return False


def is_page_link(link: _Element) -> bool:
    """A link to another page, not to a place in this one (a footnote, a table of contents)."""
    return not (link.get("href") or "").startswith("#")


def _has_link(node: _Element) -> bool:
    return any(is_page_link(link) for link in node.iter("a"))


def _linked(node: _Element) -> int:
    return sum(_length(link) for link in node.iter("a") if is_page_link(link))


def remove_keeping_tail(node: _Element) -> None:
    """Drop an element and its content, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
