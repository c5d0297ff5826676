"""Content: allow-list sanitized body HTML with absolute URLs, and its plain text."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nh3
from lxml.etree import _Element

from harvester.extract.edges import drop_closing_chrome, drop_opening_credits
from harvester.fragments import parse_fragment, serialize_children, tree_text
from harvester.model import Article, Footnote
from harvester.text import xml_safe
from pipelines.base import ArticlePipeline
from pipelines.text import same

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "sup": {"id"},
    "li": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
ALLOWED_CLASSES = {"a": {"footnote-ref"}}
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "form", "button",
    "select", "textarea", "svg", "math",
})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
VOID_OR_CONTENTFUL = frozenset({"br", "hr", "img", "td", "th", "tr"})
URL_ATTRIBUTES = {"a": "href", "img": "src", "q": "cite", "blockquote": "cite"}
"""The URL attributes the allow-list lets through, made absolute on the tree (lxml's
rewrite_links looks at fourteen attributes of every element, and <style> texts)."""


LIST_MARKUP = re.compile(r"</?(?:li|ol|ul)\b", re.IGNORECASE)
BATCH_ITEM = "fnsanitized-"
"""Id of the <li> that carries one fragment through a batch (see sanitize_fragments)."""


def sanitize_fragments(fragments: list[str], base_url: str) -> list[str]:
    """sanitize_html of several fragments (the notes of a page) in one pass: each one goes
    through in a list item of its own, so twenty thousand notes cost one parse, not forty
    thousand. A fragment holding list items itself is done alone (it could close ours)."""
    batch = [n for n, f in enumerate(fragments) if not LIST_MARKUP.search(f)]
    alone = set(range(len(fragments))) - set(batch)
    done = {n: sanitize_html(fragments[n], base_url) for n in alone}
    if len(batch) < 2:
        done.update({n: sanitize_html(fragments[n], base_url) for n in batch})
    else:
        items = "".join(f'<li id="{BATCH_ITEM}{n}">{fragments[n]}</li>' for n in batch)
        tree = _sanitized(f"<ol>{items}</ol>", base_url)
        kept = {node.get("id"): node for node in tree.iter("li")}
        done.update({n: serialize_children(kept[f"{BATCH_ITEM}{n}"])
                     if f"{BATCH_ITEM}{n}" in kept else "" for n in batch})
    return [done[n] for n in range(len(fragments))]


def sanitize_html(fragment: str, base_url: str) -> str:
    """Allow-listed HTML: no script, style, iframe, form, event attribute, javascript: or
    data: URL; every URL absolute; empty elements dropped; h1 demoted to h2."""
    return serialize_children(_sanitized(fragment, base_url))


CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS | {"h1"}),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    link_rel=None,
)
"""Built once: the allow-list, and h1, which the parsed result renames."""


def _sanitized(fragment: str, base_url: str) -> _Element:
    """The allow-listed fragment parsed once; URLs made absolute on the tree."""
    tree = parse_fragment(CLEANER.clean(fragment or ""))
    for heading in tree.iter("h1"):
        heading.tag = "h2"
    for node in tree.iter(*URL_ATTRIBUTES):
        name = URL_ATTRIBUTES[str(node.tag)]
        if (link := node.get(name)) is not None:
            absolute = _absolute(link, base_url)
            if absolute is None:
                del node.attrib[name]
            elif absolute != link:
                node.set(name, absolute)
    _drop_empty(tree)
    return tree


def _absolute(link: str, base_url: str) -> str | None:
    """Absolute URL of an allowed scheme; in-page anchors (#fn-…) stay relative so they work
    inside a feed."""
    link = link.strip()
    if link.startswith("#"):
        return link
    try:
        absolute = urljoin(base_url, link)
    except ValueError:
        return None
    return absolute if urlsplit(absolute).scheme in URL_SCHEMES else None


def _drop_empty(root: _Element) -> None:
    """Remove empty elements and images without a source; unwrap links without a target,
    including in-page links whose anchor did not survive (footnote references stay)."""
    ids = {node.get("id") for node in root.iter() if isinstance(node.tag, str)}
    for node in reversed(list(root.iter())):
        if node is root or not isinstance(node.tag, str):
            continue
        if node.get("class") == "":
            del node.attrib["class"]
        if node.tag == "img" and not node.get("src"):
            node.drop_tree()
        elif node.tag == "a" and (not node.get("href") or _dangling(node.get("href", ""), ids)):
            node.drop_tag()
        elif node.tag not in VOID_OR_CONTENTFUL and len(node) == 0 and not (
                node.text or "").strip(" \t\n\r\xa0"):
            node.drop_tree()


def _dangling(href: str, ids: set[str | None]) -> bool:
    return href.startswith("#") and not href.startswith("#fn-") and href[1:] not in ids


def _drop_repeated_title(body: _Element, title: str | None) -> None:
    """A body that opens with the article's own title as a heading (a page's whole <article>
    taken as the body) does not say it twice."""
    first = body[0] if len(body) else None
    if (title and first is not None and first.tag in ("h1", "h2")
            and not (body.text or "").strip()
            and same(" ".join("".join(first.itertext()).split()), title)):
        body.text = (body.text or "") + (first.tail or "")
        body.remove(first)


def summary_excerpt(text: str, limit: int = 300) -> str | None:
    """The first paragraph of a text, cut at a word boundary."""
    first = text.split("\n\n", 1)[0].strip()
    if len(first) <= limit:
        return first or None
    return first[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class ContentPipeline(ArticlePipeline):
    def apply(self, article: Article) -> None:
        base = article.raw.url if article.raw else article.url
        body = _sanitized(article.content_html, base)
        _drop_repeated_title(body, article.title)
        drop_opening_credits(body, has_authors=bool(article.authors),
                             has_date=article.published is not None)
        if article.raw and article.raw.family == "generic":
            drop_closing_chrome(body, base)
        article.content_html = serialize_children(body)
        article.content_text = xml_safe(tree_text(body))
        notes = sanitize_fragments([note.html for note in article.footnotes], base)
        article.footnotes = [Footnote(note.id, note.text, html)
                             for note, html in zip(article.footnotes, notes, strict=True)]
        if not article.summary:
            article.summary = summary_excerpt(_opening_text(body) or article.content_text)


def _opening_text(body: _Element) -> str | None:
    """The body's first paragraph of text, not a picture's caption ("Photo : Jean Dupont")
    nor a heading; None when loose text opens the body."""
    if (body.text or "").strip():
        return None
    for paragraph in body.iter("p"):
        text = " ".join("".join(paragraph.itertext()).split())
        if text and not any(node.tag == "figure" for node in paragraph.iterancestors()):
            return text
    return None
