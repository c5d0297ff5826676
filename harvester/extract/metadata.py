"""Page-level metadata every CMS may emit: JSON-LD, OpenGraph, Dublin Core and <meta>;
schema.org microdata, RDFa and microformats2 h-entry stand in for JSON-LD when a page has none
(Joomla marks its articles up in microdata, Drupal 7 and RDFa Lite themes in RDFa, IndieWeb
themes in h-entry): they are read into the same JSON-LD shape, so one cascade serves all."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import _Element
from parsel import Selector

from harvester.extract.pageindex import PageIndex

ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle",
                 "AnalysisNewsArticle", "WebPage"}
PUBLISHED_META = ("article:published_time", "og:article:published_time", "dc.date",
                  "dcterms.created", "date", "dc.date.issued", "dcterms.issued",
                  "citation_publication_date", "parsely-pub-date", "sailthru.date",
                  "cxenseparse:recs:publishtime", "pubdate",
                  "publishdate", "publish-date", "originalpublicationdate", "article.published",
                  "rnews:datepublished")
"""<meta> names of a publication date: OpenGraph's (as some sites prefix it) and Dublin Core's,
then those of the analytics and newsletter services news sites feed (Parse.ly, Sailthru,
Cxense), which name the article's own date where a page's first <time> may be a related
article's, then the names of news publishers' own systems (the BBC's rNews)."""


@dataclass
class PageMetadata:
    """Metadata read once per page; every lookup returns None when the page does not say."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(cls, index: PageIndex) -> PageMetadata:
        """Read from the page's index: the tags and classes asked for are lookups, and the
        microdata and RDFa scopes are found in one pass over its elements (a third of the
        cost of an XPath search)."""
        found = cls()
        for node in index.select("meta[content]"):
            name = node.get("property") or node.get("name") or ""
            if name:
                found.meta.setdefault(name.lower(), []).append(node.get("content", ""))
        for page in found.meta.get("parsely-page", []):
            # Parse.ly's older JSON <meta>: its pub_date is the later parsely-pub-date
            if date := _json_field(page, "pub_date"):
                found.meta.setdefault("parsely-pub-date", []).append(date)
        for script in index.select('script[type="application/ld+json"]'):
            found.jsonld.extend(_jsonld_objects(script.text or ""))
        if not any(_types(obj) & ARTICLE_TYPES for obj in found.jsonld):
            scopes = [Selector(root=node) for node in index.elements
                      if node.get("itemscope") is not None or node.get("typeof") is not None]
            found.jsonld.extend(o for o in (
                _microdata([s for s in scopes if "itemscope" in s.attrib]),
                _rdfa([s for s in scopes if "typeof" in s.attrib]),
                _hentry(index.select(".h-entry"))) if o)
        return found

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name.lower(), []):
                if value.strip():
                    return value.strip()
        return None

    def all(self, *names: str) -> list[str]:
        return [v.strip() for n in names for v in self.meta.get(n.lower(), []) if v.strip()]

    @property
    def article(self) -> dict[str, Any] | None:
        """The JSON-LD object describing the page's article, if any."""
        ranked = sorted(
            (obj for obj in self.jsonld if _types(obj) & ARTICLE_TYPES),
            key=lambda obj: "WebPage" in _types(obj),
        )
        return ranked[0] if ranked else None

    def breadcrumb(self) -> list[str]:
        for obj in self.jsonld:
            if "BreadcrumbList" in _types(obj):
                items = sorted(obj.get("itemListElement") or [],
                               key=lambda item: _int(item.get("position")))
                return [_name(item) for item in items if _name(item)]
        return []


def _json_field(text: str, key: str) -> str | None:
    """A text field of a JSON object written in an attribute; None when it is not one."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


MICRODATA = {"headline": "[itemprop=headline]", "datePublished": "[itemprop=datePublished]",
             "dateModified": "[itemprop=dateModified]",
             "description": "[itemprop=description]", "author": "[itemprop~=author]",
             "author name": "[itemprop=name]", "keywords": "[itemprop=keywords]"}
HENTRY = {"headline": ".p-name", "datePublished": ".dt-published",
          "dateModified": ".dt-updated", "description": ".p-summary", "author": ".p-author",
          "author name": ".p-name", "keywords": ".p-category"}
RDFA = {name: ", ".join(f"[{attribute}~='{term}']" for attribute, term in terms)
        for name, terms in {
            "headline": [("property", "headline"), ("property", "schema:headline"),
                         ("property", "dc:title")],
            "datePublished": [("property", "datePublished"),
                              ("property", "schema:datePublished"), ("property", "dc:date"),
                              ("property", "dc:created")],
            "dateModified": [("property", "dateModified"), ("property", "schema:dateModified"),
                             ("property", "dc:modified")],
            "description": [("property", "description"), ("property", "schema:description"),
                            ("property", "dc:description")],
            "author": [("property", "author"), ("property", "schema:author"),
                       ("rel", "sioc:has_creator"), ("property", "dc:creator")],
            "author name": [("property", "name"), ("property", "schema:name"),
                            ("property", "foaf:name")],
            "keywords": [("property", "keywords"), ("property", "schema:keywords"),
                         ("rel", "dc:subject")],
        }.items()}
"""Where each vocabulary keeps the properties of the JSON-LD shape (RDFa: schema.org terms,
bare or prefixed, and the Dublin Core, SIOC and FOAF terms of Drupal 7's node markup)."""
RDFA_ARTICLES = {"sioc:Item", "foaf:Document", "sioc:Post"}
"""RDFa types of an article besides schema.org's (Drupal 7 nodes are typeof "sioc:Item
foaf:Document")."""


def _microdata(scopes: list[Selector]) -> dict[str, Any] | None:
    """The page's schema.org article in microdata: the article scope holding the body (or
    else a headline), not the teasers of a sidebar."""
    scopes = [s for s in scopes if "itemtype" in s.attrib and _itemtype(s) in ARTICLE_TYPES]
    scope = next((s for s in scopes if s.css("[itemprop=articleBody]")), None) or next(
        (s for s in scopes if s.css("[itemprop=headline]")), None)
    return _described(_itemtype(scope), scope, MICRODATA) if scope is not None else None


def _rdfa(scopes: list[Selector]) -> dict[str, Any] | None:
    """The page's article in RDFa (schema.org RDFa Lite, Drupal 7 nodes): the typed scope
    holding the body, or else a headline."""
    scopes = [s for s in scopes if _rdfa_article(s)]
    scope = next((s for s in scopes if s.css("[property~='articleBody'], "
                                             "[property~='schema:articleBody'], "
                                             "[property~='content:encoded']")), None) or next(
        (s for s in scopes if s.css(RDFA["headline"])), None)
    return _described("Article", scope, RDFA) if scope is not None else None


def _rdfa_article(scope: Selector) -> bool:
    types = str(scope.attrib["typeof"]).split()
    return bool(set(types) & RDFA_ARTICLES) or any(
        t.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] in ARTICLE_TYPES for t in types)


def _hentry(entries: list[_Element]) -> dict[str, Any] | None:
    """The page's microformats2 h-entry (IndieWeb themes, some WordPress themes)."""
    return _described("BlogPosting", Selector(root=entries[0]), HENTRY) if entries else None


def _itemtype(scope: Selector) -> str:
    return str(scope.attrib["itemtype"]).rstrip("/").rsplit("/", 1)[-1]


def _described(kind: str, scope: Selector, where: dict[str, str]) -> dict[str, Any]:
    """The properties of an article scope in the JSON-LD shape, the empty ones left out."""
    authors = [_prop(a.css(where["author name"])) or _prop([a])
               for a in scope.css(where["author"])]
    properties: dict[str, Any] = {name: _prop(scope.css(where[name]))
                  for name in ("headline", "datePublished", "dateModified", "description")}
    properties["author"] = [{"name": name} for name in authors if name]
    properties["keywords"] = [k for k in (_prop([n]) for n in scope.css(where["keywords"]))
                              if k]
    return {"@type": kind, **{k: v for k, v in properties.items() if v}}


def _prop(nodes: Any) -> str | None:
    """A microdata or microformat value: content, datetime or the visible text."""
    for node in nodes[:1]:
        value = (node.attrib.get("content") or node.attrib.get("datetime")
                 or " ".join("".join(node.xpath(".//text()").getall()).split()))
        return html.unescape(value).strip() or None
    return None


def _jsonld_objects(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    stack = data if isinstance(data, list) else [data]
    objects: list[dict[str, Any]] = []
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            objects.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    return set(kind) if isinstance(kind, list) else {str(kind)}


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _name(item: dict[str, Any]) -> str:
    inner = item.get("item")
    name = item.get("name") or (inner.get("name") if isinstance(inner, dict) else None)
    return html.unescape(str(name)).strip() if name else ""


def jsonld_text(value: Any) -> str | None:
    """A JSON-LD property as plain text: objects by their name, HTML entities decoded
    (Yoast writes &#8217; inside JSON strings)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("@id")
    return html.unescape(str(value)).strip() if value else None


def jsonld_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
