"""Loose text made into paragraphs before the general extractor reads a page.

Old themes write an article as text and links straight in a <div>, paragraphs marked by
``<br><br>``. trafilatura's Readability pass counts a link as a block and wraps each piece of
text between two links in a paragraph of its own, without the link: the words before the first
link are lost and the space around a link goes ("FiOS TVguide"). Wrapping each run of text and
inline elements in one <p> first gives it the paragraphs the page meant.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from lxml.etree import _Element

INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del",
    "dfn", "em", "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
})
CONTAINERS = ("div", "section", "article", "main", "body", "center")
"""Elements whose loose text is wrapped; not cells, list items or quotes, which are one
paragraph each already."""

WORD = re.compile(r"\w")
CODE_MARKS = re.compile(r"[{}();=]")
CODE_SPACING = 80
"""Prose has no braces; a script has one, or a semicolon, a parenthesis or an equals sign,
every line or so (scripts written without semicolons have the others)."""
Item: TypeAlias = str | _Element
"""A piece of a container's content: a text, or a child (its tail split off)."""


def wrap_loose_text(root: _Element) -> None:
    """Wrap each run of loose text and inline elements of the root's containers in a <p>,
    in place; ``<br><br>`` ends a paragraph. Runs without loose text of their own (a lone
    image or link between paragraphs) stay as they are."""
    for container in list(root.iter(*CONTAINERS)):
        if _has_loose_text(container):
            _wrap_runs(container)


def _has_loose_text(container: _Element) -> bool:
    """Words straight in the container beside elements (a text alone, lines cut by <br>
    at most, is read well as it is)."""
    return (_loose(container.text) or any(_loose(child.tail) for child in container)) and any(
        isinstance(child.tag, str) and child.tag != "br" for child in container)


def _loose(text: str | None) -> bool:
    """Whether a text holds a word: not blanks, nor the bars and dots between links."""
    return bool(text and WORD.search(text))


def _is_loose(item: Item) -> bool:
    return isinstance(item, str) and _loose(item)


def _is_inline(node: _Element) -> bool:
    """Text-level markup: inline elements holding no block, comments."""
    if not isinstance(node.tag, str):
        return True
    return node.tag in INLINE and all(
        not isinstance(d.tag, str) or d.tag in INLINE for d in node.iterdescendants())


def _wrap_runs(container: _Element) -> None:
    items: list[Item] = [container.text or ""]
    for child in list(container):
        tail = child.tail or ""
        child.tail = None
        container.remove(child)
        items += [child, tail]
    container.text = None
    run: list[Item] = []
    for item in items:
        if isinstance(item, str) or _is_inline(item):
            run.append(item)
            continue
        _put_run(container, run)
        run = []
        container.append(item)
    _put_run(container, run)


def _put_run(container: _Element, run: list[Item]) -> None:
    """Append one run of inline content, each paragraph of prose in it wrapped in a <p>."""
    paragraphs = _paragraphs(run)
    if not any(_is_prose(paragraph) for paragraph in paragraphs):
        paragraphs = [run]
    for paragraph in paragraphs:
        target = container
        if _is_prose(paragraph):
            target = container.makeelement("p", {})
            container.append(target)
            paragraph = _without_end_breaks(paragraph)
        for item in paragraph:
            _append(target, item)


def _without_end_breaks(paragraph: list[Item]) -> list[Item]:
    """A paragraph without the line breaks at its ends, among blanks (kept: they part words):
    a <p> of its own needs none ("<p><br>Samedi, …" would open on an empty line)."""
    def edge(item: Item) -> bool:
        return _is_break(item) or (isinstance(item, str) and not item.strip())

    start, end = 0, len(paragraph)
    while start < end and edge(paragraph[start]):
        start += 1
    while end > start and edge(paragraph[end - 1]):
        end -= 1
    return [item for item in paragraph[:start] if not _is_break(item)] + paragraph[
        start:end] + [item for item in paragraph[end:] if not _is_break(item)]


def _is_prose(paragraph: list[Item]) -> bool:
    """Words of its own, and less text in links than out of them: not a row of links
    ("Home | Video", a copyright line naming its companies), nor a script's code that broken
    markup left as text."""
    if not any(_is_loose(item) for item in paragraph):
        return False
    texts = [item if isinstance(item, str) else _text(item) for item in paragraph]
    linked = sum(_length(_text(link)) for item in paragraph if not isinstance(item, str)
                 for link in item.iter("a"))
    return 2 * linked < sum(map(_length, texts)) and not _is_code("".join(texts))


def _is_code(text: str) -> bool:
    """Braces, and a code mark every CODE_SPACING characters or closer."""
    marks = CODE_MARKS.findall(text)
    return bool({"{", "}"} & set(marks)) and len(marks) * CODE_SPACING >= len(text)


def _length(text: str) -> int:
    return len("".join(text.split()))


def _text(node: _Element) -> str:
    return "".join(node.itertext()) if isinstance(node.tag, str) else ""


def _paragraphs(run: list[Item]) -> list[list[Item]]:
    """A run cut at each ``<br>`` followed by another (blanks between), the breaks dropped;
    the blanks between them stay, at the start of the next paragraph (a word before the
    breaks and a link after them stay two words when the link is not wrapped)."""
    paragraphs: list[list[Item]] = [[]]
    breaks: list[Item] = []  # a <br>, and the blanks and <br>s after it
    for item in run:
        if (isinstance(item, str) and not item.strip() and breaks) or _is_break(item):
            breaks.append(item)
            continue
        if sum(map(_is_break, breaks)) >= 2:
            paragraphs.append([blank for blank in breaks if isinstance(blank, str)])
        else:
            paragraphs[-1] += breaks
        breaks = []
        paragraphs[-1].append(item)
    paragraphs[-1] += breaks
    return [paragraph for paragraph in paragraphs if paragraph]


def _is_break(item: Item) -> bool:
    return not isinstance(item, str) and item.tag == "br"


def _append(parent: _Element, item: Item) -> None:
    if not isinstance(item, str):
        parent.append(item)
    elif len(parent):
        parent[-1].tail = (parent[-1].tail or "") + item
    else:
        parent.text = (parent.text or "") + item
