"""Footnotes: SPIP notes, WordPress footnotes, Markdown and Drupal footnote lists, one form.

Every reference in the body becomes ``<sup id="fnref-P-N"><a href="#fn-P-N">N</a></sup>``
(P: the article id's first characters, so anchors stay unique in a merged feed) and the note
texts leave the body for the ``footnotes`` list, whose ids are the ``fn-P-N`` anchors.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

from lxml import html as lxml_html
from lxml.etree import _Element

from harvester.extract.html import select, visible_text
from harvester.extract.raw import RawArticle
from harvester.fragments import BLOCKS, parse_fragment, serialize_children
from harvester.model import Article, Footnote
from harvester.text import one_line
from pipelines.base import RawFieldsPipeline

IN_BODY_CONTAINERS = (
    "ol.wp-block-footnotes", "section.footnotes", "div.footnotes", "div.footnote",
    "ol.footnotes", "ul.footnotes", "aside.footnotes", "div.notes",
)
NOTE_ANCHOR = re.compile(r"^(nb\d+|fn[:\-_]?\w+|footnote[\w\-]*|note[\w\-]*|_ftn\d+)$",
                         re.IGNORECASE)
# In a body without a notes container only numbered anchors count, so that a link to a
# section heading (href="#note-importante") never makes that section a footnote.
NUMBERED_NOTE_ANCHOR = re.compile(r"^(_?ftn\d+|fn[:\-_]?\d+|footnote-?\d+|nb\d+|note-?\d+)$",
                                  re.IGNORECASE)
LABELS = ("span.spip_note_ref, a.spip_note, a.footnote-backref, a.footnote-back, "
          "a.footnote-label, a.data-footnote-backref, a.reversefootnote")
LEFTOVER_LABEL = re.compile(r"^(?:\s|\xa0)*(?:[\[(]?\s*[\])]|\.)?(?:\s|\xa0)*")
SHORT_LABEL = re.compile(r"^\W*\w{0,3}\W*$")
BACKLINK_TEXT = re.compile(r"^[\s↩︎↑^]+$")


def _fragment_id(href: str | None) -> str | None:
    if not href or "#" not in href:
        return None
    return urlsplit(href).fragment or None


def _note_entries(container: _Element, referenced: set[str]) -> list[tuple[_Element, set[str]]]:
    """The notes of a container in order, each with the anchor ids that point at it."""
    items = [li for li in container.iter("li") if not _inside(li, "li", container)]
    if items and not select(container, "[id^=nb], a[name^=nb]"):
        return [(li, _ids(li)) for li in items]
    entries: list[tuple[_Element, set[str]]] = []
    seen: set[_Element] = set()
    for node in container.iter():
        anchor = (node.get("id") or node.get("name")) if isinstance(node.tag, str) else None
        if node is container or not anchor or not (
                anchor in referenced or NOTE_ANCHOR.match(anchor)):
            continue
        entry = _block_of(node, container)
        if entry in seen or not seen.isdisjoint(entry.iterancestors()):
            continue
        seen.add(entry)
        entries.append((entry, _ids(entry) | {anchor}))
    return entries


def _inside(node: _Element, tag: str, container: _Element) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is container:
            return False
        if ancestor.tag == tag:
            return True
    return False


def _block_of(node: _Element, container: _Element) -> _Element:
    """The paragraph (or other block) holding a note anchor, or the note's run of inline
    content when several notes share one block."""
    entry = node
    while entry.tag not in BLOCKS and entry.getparent() is not None \
            and entry.getparent() is not container:
        entry = entry.getparent()
    if entry.tag in BLOCKS and len(_anchors(entry)) <= 1:
        return entry
    return _loose_entry(node, entry if entry.tag in BLOCKS else container)


def _anchors(element: _Element) -> list[str]:
    return [a for a in _ids(element) if NOTE_ANCHOR.match(a)]


def _loose_entry(anchor: _Element, block: _Element) -> _Element:
    """A note written straight into a shared block: from its anchor to the next <br> or
    note anchor, as a detached paragraph."""
    start = anchor
    while start.getparent() is not block:
        start = start.getparent()
    entry = lxml_html.Element("p")
    entry.append(copy.deepcopy(start))
    node = start.getnext()
    while node is not None and node.tag != "br" and not _anchors(node):
        entry.append(copy.deepcopy(node))
        node = node.getnext()
    return entry


def _contains(ancestor: _Element, node: _Element) -> bool:
    return node is ancestor or any(a is ancestor for a in node.iterancestors())


def _ids(element: _Element) -> set[str]:
    return {v for n in element.iter() if isinstance(n.tag, str)
            for v in (n.get("id"), n.get("name")) if v}


def _note_content(entry: _Element, anchors: set[str], ref_ids: set[str]) -> tuple[str, str]:
    """The note's HTML and text, without its number label and back-links."""
    note = copy.deepcopy(entry)
    for label in select(note, LABELS):
        if label.getparent() is not None:
            label.drop_tree()
    for link in select(note, "a"):
        text = link.text_content() or ""
        if _fragment_id(link.get("href")) in ref_ids or BACKLINK_TEXT.match(text) or (
                (link.get("id") or link.get("name")) in anchors and SHORT_LABEL.match(text)):
            link.drop_tree()
    wrapper = lxml_html.Element("div")
    wrapper.text = note.text
    for child in note:
        wrapper.append(child)
    wrapper.text = LEFTOVER_LABEL.sub("", wrapper.text or "")
    return serialize_children(wrapper), one_line(visible_text(wrapper))


def _inline_entries(body: _Element, links: list[_Element],
                    containers: list[_Element]) -> list[tuple[_Element, set[str]]]:
    """Notes pasted into the body itself (Word's _ftn1 anchors): the blocks links point to."""
    targets = {v: n for n in body.iter() if isinstance(n.tag, str)
               for v in (n.get("id"), n.get("name")) if v and NUMBERED_NOTE_ANCHOR.match(v)}
    if not targets:
        return []
    position = {node: index for index, node in enumerate(body.iter())}
    entries: list[tuple[_Element, set[str]]] = []
    taken: set[_Element] = set()
    for link in links:
        target = targets.get(_fragment_id(link.get("href")) or "")
        if target is None or target is link or position[target] < position[link] or any(
                _contains(c, target) or _contains(c, link) for c in containers):
            continue
        entry = _block_of(target, body)
        if entry.getparent() is None or _contains(entry, link) or entry in taken:
            continue
        taken.add(entry)
        entries.append((entry, _ids(entry)))
    return entries


def _ref_wrapper(link: _Element) -> _Element:
    wrapper = link
    parent = link.getparent()
    while parent is not None and (parent.tag == "sup" or "spip_note_ref" in (
            parent.get("class") or "")):
        wrapper, parent = parent, parent.getparent()
    return wrapper


def normalize_footnotes(body_html: str, notes_html: str | None,
                        prefix: str) -> tuple[str, list[Footnote]]:
    """The body with linked references and without note texts, and the notes in order."""
    body = parse_fragment(body_html)
    links = [a for a in body.iter("a") if _fragment_id(a.get("href"))]
    order = {link: index for index, link in enumerate(links)}
    linking: dict[str, list[_Element]] = {}
    for link in links:
        linking.setdefault(_fragment_id(link.get("href")) or "", []).append(link)
    referenced = set(linking)
    containers = [parse_fragment(notes_html)] if notes_html and notes_html.strip() else []
    in_body = [c for s in IN_BODY_CONTAINERS for c in select(body, s)]
    containers += [c for c in in_body if not any(_contains(o, c) and o is not c for o in in_body)]
    footnotes: list[Footnote] = []
    groups = [(c, _note_entries(c, referenced)) for c in containers]
    groups.append((body, _inline_entries(body, links, containers)))
    for container, entries in groups:
        for entry, anchors in entries:
            number = len(footnotes) + 1
            holder = entry if container is body else container
            refs = sorted({a for anchor in anchors for a in linking.get(anchor, ())
                           if not _contains(holder, a)}, key=order.__getitem__)
            ref_ids = {v for a in refs for v in (a.get("id"), a.get("name")) if v}
            ref_ids |= {v for a in refs for p in a.iterancestors() if p is not body
                        for v in (p.get("id"),) if v}
            html, text = _note_content(entry, anchors, ref_ids)
            if not text and not html:
                continue
            note_id = f"fn-{prefix}-{number}"
            footnotes.append(Footnote(id=note_id, text=text, html=html))
            for occurrence, link in enumerate(refs, start=1):
                _link_reference(link, note_id, prefix, number, occurrence)
            if container is body:
                entry.drop_tree()
    for container in in_body:
        if container.getparent() is not None:
            container.drop_tree()
    return serialize_children(body), footnotes


def _link_reference(link: _Element, note_id: str, prefix: str, number: int,
                    occurrence: int) -> None:
    wrapper = _ref_wrapper(link)
    parent = wrapper.getparent()
    if parent is None:
        return
    _strip_brackets(wrapper)
    suffix = f"-{occurrence}" if occurrence > 1 else ""
    sup = lxml_html.Element("sup", id=f"fnref-{prefix}-{number}{suffix}")
    anchor = lxml_html.Element("a", href=f"#{note_id}")
    anchor.set("class", "footnote-ref")
    anchor.text = str(number)
    sup.append(anchor)
    sup.tail = wrapper.tail
    parent.replace(wrapper, sup)


def _strip_brackets(reference: _Element) -> None:
    """Remove the bare "[" "]" SPIP 2 writes around a reference link (``[<a>1</a>]``)."""
    tail = reference.tail or ""
    previous = reference.getprevious()
    parent = reference.getparent()
    before = previous.tail if previous is not None else (parent.text if parent is not None
                                                         else None)
    if not (before or "").rstrip().endswith("[") or not tail.lstrip().startswith("]"):
        return
    trimmed = (before or "").rstrip()[:-1].rstrip(" \xa0")
    if previous is not None:
        previous.tail = trimmed
    elif parent is not None:
        parent.text = trimmed
    reference.tail = tail.lstrip()[1:]


class FootnotesPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        article.content_html, article.footnotes = normalize_footnotes(
            raw.body_html, raw.notes_html, article.id[:8] or "note")
