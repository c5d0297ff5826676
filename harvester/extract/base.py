"""The generic page extractor: one method per field, each a cascade of strategies.

Order of a cascade: the registry's selector override, then JSON-LD, then OpenGraph and
<meta>, then the family's selectors (class constants of a subclass), then a heuristic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from lxml.etree import ParserError, XPathError, _Element

from harvester.extract.authorlinks import author_links
from harvester.extract.fallback import complete_body
from harvester.extract.files import (
    DOCUMENT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    extension,
    is_decoration,
)
from harvester.extract.html import element_text, inside, without
from harvester.extract.metadata import PUBLISHED_META, PageMetadata, jsonld_list, jsonld_text
from harvester.extract.pageindex import PageIndex
from harvester.extract.raw import RawArticle, RawAttachment, RawAuthor, RawImage
from harvester.extract.title import HEADINGS, page_headline, written_title
from harvester.fragments import parse_page, serialize_children
from harvester.registry import Source
from harvester.text import fold, one_line
from harvester.usage import ExtractionError

SIZE_BESIDE = re.compile(r"^\s*\(([^()]*\d[^()]*(?:[kKmMgG]i?[oObB]|octets?|bytes?))\)")
HOME_WORDS = frozenset({"accueil", "home", "page d'accueil", "accueil du site"})
ELSEWHERE = ("aside", "footer", "nav", ".related", ".comments", "#comments", ".comments-area")
"""Parts of a page whose author links name other articles' authors."""
FIELD_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, ParserError,
                XPathError)


class PageExtractor:
    """Extracts a RawArticle from any article page; families refine the selectors."""

    family: ClassVar[str] = "generic"
    SCOPE: ClassVar[tuple[str, ...]] = ("article", "main", "[role=main]", "#content", "body")
    TITLE: ClassVar[tuple[str, ...]] = ("h1",)
    SURTITLE: ClassVar[tuple[str, ...]] = ()
    SUBTITLE: ClassVar[tuple[str, ...]] = ()
    SUMMARY: ClassVar[tuple[str, ...]] = ()
    BYLINE: ClassVar[tuple[str, ...]] = (".byline", ".author", ".auteur", ".auteurs",
                                         ".entry-meta", ".post-meta", ".article-meta", ".meta",
                                         ".signature")
    AUTHORS: ClassVar[tuple[str, ...]] = ("a[rel~=author]",)
    PUBLISHED: ClassVar[tuple[str, ...]] = ("time[datetime]", "[itemprop=datePublished]")
    UPDATED: ClassVar[tuple[str, ...]] = ()
    SECTION: ClassVar[tuple[str, ...]] = (".breadcrumb", "nav[aria-label~=breadcrumb]")
    CATEGORIES: ClassVar[tuple[str, ...]] = ("[itemprop=articleSection]", ".category-name a",
                                             "a[rel~=category]")
    """The article's category where no breadcrumb names it: schema.org's articleSection,
    Joomla's "Catégorie" in its info block, and the link WordPress marks rel="category tag"
    (on a page whose theme hides that it is WordPress)."""
    TAGS: ClassVar[tuple[str, ...]] = (
        "a[rel~=tag]:not([rel~=category])", ".tags a", ".post-tags a", ".tag-links a",
        ".entry-tags a", ".tags li", ".tags span", ".keywords li")
    """Keyword lists, linked or not (a list item holding a link is read through the link)."""
    MARKUP_TAGS_FIRST: ClassVar[bool] = False
    """Whether the theme's tag links are more complete than the page's structured keywords."""
    BODY: ClassVar[tuple[str, ...]] = ("[itemprop=articleBody]", "article", "main",
                                       "[role=main]")
    NOTES: ClassVar[tuple[str, ...]] = ()
    ATTACHMENTS: ClassVar[tuple[str, ...]] = ()
    IMAGES: ClassVar[tuple[str, ...]] = ()
    CHROME: ClassVar[tuple[str, ...]] = (
        "script", "style", "noscript", "template", "form", "nav", "aside", "footer", "header",
        "iframe", "button", ".share", ".sharing", ".social", ".partage", ".print", ".tools",
        ".outils", ".comments", ".related", ".pagination", ".breadcrumb",
        ".bandeau_alerte", "#alerte", ".alerte", ".alert", ".notice", ".annonce", "#bandeau",
        ".cookie", "#cookies", "[class*=sharing]", ".author-bio", ".author-info",
        ".about-author", ".post-navigation", ".comments-area", "#comments",
        ".article-info", ".pagenavigation", "ul.tags",
    )
    FIELDS: ClassVar[tuple[str, ...]] = (
        "canonical_url", "title", "site_name", "surtitle", "subtitle", "summary_html",
        "description", "byline", "authors", "published", "updated", "language", "section",
        "tags", "body_html", "notes_html", "attachments", "images", "not_article",
    )

    def __init__(self, html: str, url: str, source: Source) -> None:
        self.url = url
        self.source = source
        self.html = html
        self.page = parse_page(html or "<html></html>", url)
        self.index = PageIndex(self.page.root)
        self.meta = PageMetadata.read(self.index)
        self.jsonld: dict[str, Any] = self.meta.article or {}
        scopes = self._nodes(self.SCOPE) or [self.page.root]
        # the article's, not a teaser's before it: the longest, measured only among several
        self.scope = scopes[0] if len(scopes) == 1 else max(
            scopes, key=lambda node: len(node.text_content()))
        self._region_cache: dict[tuple[str, ...], frozenset[_Element]] = {}

    def extract(self, fetched_at: str, *, strict: bool = False) -> RawArticle:
        """Read every field; lenient mode records a failing field in raw.errors."""
        raw = RawArticle(url=self.url, source=self.source, fetched_at=fetched_at,
                         family=self.family, html=self.html, page=self.page.root)
        for name in self.FIELDS:
            try:
                setattr(raw, name, getattr(self, name)())
            except FIELD_ERRORS as exc:
                if strict:
                    raise ExtractionError(f"{self.url}: field {name!r}: {exc}") from exc
                raw.errors[name] = f"{type(exc).__name__}: {exc}"
        if not raw.not_article:
            complete_body(raw, self.page.root, generic=self.family == "generic")
        return raw

    # -- selection helpers -------------------------------------------------------------

    def _selectors(self, field: str, defaults: Iterable[str]) -> list[str]:
        override = self.source.selectors.get(field)
        return [override, *defaults] if override else list(defaults)

    def _nodes(self, selectors: Iterable[str], within: _Element | None = None) -> list[_Element]:
        root = self.page.root if within is None else within
        for selector in selectors:
            found = self.index.select(selector, root)
            if found:
                return found
        return []

    def _regions(self, selectors: tuple[str, ...]) -> frozenset[_Element]:
        """The page's elements matching the selectors, computed once per page."""
        regions = self._region_cache.get(selectors)
        if regions is None:
            regions = self._region_cache[selectors] = self.index.matching(selectors)
        return regions

    def _first_node(self, selectors: Iterable[str],
                    within: _Element | None = None) -> _Element | None:
        nodes = self._nodes(selectors, within)
        return nodes[0] if nodes else None

    def _first_text(self, field: str, defaults: Iterable[str]) -> str | None:
        for node in self._nodes(self._selectors(field, defaults)):
            text = element_text(node)
            if text:
                return text
        return None

    def _absolute(self, href: str | None) -> str | None:
        return urljoin(self.url, href.strip()) if href and href.strip() else None

    # -- fields ------------------------------------------------------------------------

    def not_article(self) -> str | None:
        """Why this page is not an article (a family may recognize static pages)."""
        return None

    def canonical_url(self) -> str | None:
        href = next((link.get("href") for link in self.index.select('link[rel~="canonical"]')
                     if link.get("href") is not None), None)
        return self._absolute(href or self.meta.first("og:url") or jsonld_text(
            self.jsonld.get("url") or self.jsonld.get("mainEntityOfPage")))

    def title(self) -> str | None:
        """The registry's selector, else the page's own headline (see title.py); a heading
        that is a link to the site's home page names the site (Blogger's <h1>)."""
        if self.source.selectors.get("title") and (chosen := self._first_text("title", [])):
            return chosen
        headings = self._nodes(self.TITLE)
        site = [node for node in headings if self._links_home(node)]
        return page_headline(
            jsonld_text(self.jsonld.get("headline")),
            [node for node in headings if node not in site], self.meta,
            written_title(next((node.text for node in self.index.select("title")
                                if not any(a.tag == "svg" for a in node.iterancestors())),
                               None)),
            [self.site_name(), self.source.name, *map(element_text, site)], url=self.url,
            shown=lambda: map(element_text, self.index.select(HEADINGS)))

    def site_name(self) -> str | None:
        publisher = self.jsonld.get("publisher")
        return self.meta.first("og:site_name", "application-name") or (
            jsonld_text(publisher) if isinstance(publisher, dict) else None)

    def surtitle(self) -> str | None:
        return self._first_text("surtitle", self.SURTITLE)

    def subtitle(self) -> str | None:
        return self._first_text("subtitle", self.SUBTITLE)

    def summary_html(self) -> str | None:
        node = self._first_node(self._selectors("summary", self.SUMMARY))
        if node is None:
            return None
        return serialize_children(without(node, self._regions(self.CHROME)))

    def description(self) -> str | None:
        return (jsonld_text(self.jsonld.get("description"))
                or self.meta.first("description", "og:description", "dc.description"))

    def byline(self) -> str | None:
        return self._byline

    @cached_property
    def _byline(self) -> str | None:
        """The byline's text, read once: the authors' search asks for it too."""
        node = self._first_node(self._selectors("byline", self.BYLINE), self.scope)
        if node is None:
            return None
        return element_text(node) or None

    def authors(self) -> list[RawAuthor]:
        """Author links in the article, else its structured data, else author links anywhere
        but in the page's asides, footers, comments and related articles (a theme's header
        outside the <article>), else links to an author's page (see authorlinks.py). Not the
        publisher a <meta> names as the author and in its copyright ("Condé Nast")."""
        linked = self._linked_authors(self.scope)
        if linked:
            return linked
        from_jsonld = [
            RawAuthor(name, self._absolute(a.get("url")) if isinstance(a, dict) else None)
            for a in jsonld_list(self.jsonld.get("author"))
            if (name := jsonld_text(a))
        ]
        if from_jsonld:
            return from_jsonld
        owner = fold(" ".join(self.meta.all("copyright", "dc.rights", "dc.publisher")))
        from_meta = [RawAuthor(n) for n in self.meta.all("author", "article:author", "dc.creator")
                     if not n.startswith("http") and fold(n) not in owner]
        if from_meta:
            return self._shown_in_byline(from_meta)
        elsewhere = self._regions(ELSEWHERE)
        return self._linked_authors(self.page.root, elsewhere) or self._as_authors(
            author_links(self.page.root, elsewhere, urlsplit(self.url).hostname or ""))

    def _shown_in_byline(self, declared: list[RawAuthor]) -> list[RawAuthor]:
        """The declared names that the page's byline shows, when it shows some of them: a
        <meta> may list every contributor ("Connie Wang,Sharokh Mirzai,Ariel Pierre-Louis at
        MSA Models"), the byline the writers. Names of one word are not told apart ("Dupont,
        Marie")."""
        names = [name.strip() for author in declared for name in author.name.split(",")]
        byline = fold(self._byline or "")
        if not byline or any(len(name.split()) < 2 for name in names):
            return declared
        shown = [RawAuthor(name) for name in names if fold(name) in byline]
        return shown or declared

    def _linked_authors(self, root: _Element,
                        excluded: frozenset[_Element] = frozenset()) -> list[RawAuthor]:
        return self._as_authors(a for a in self._nodes(self._selectors("authors", self.AUTHORS),
                                                       root) if not inside(a, excluded))

    def _as_authors(self, links: Iterable[_Element]) -> list[RawAuthor]:
        return [RawAuthor(text, self._absolute(a.get("href"))) for a in links
                if (text := element_text(a))]

    def published(self) -> list[str]:
        return self._dates("published", self.PUBLISHED, "datePublished", PUBLISHED_META)

    def updated(self) -> list[str]:
        return self._dates("updated", self.UPDATED, "dateModified", (
            "article:modified_time", "og:article:modified_time", "og:updated_time",
            "dcterms.modified"))

    def _dates(self, field: str, selectors: Iterable[str], jsonld_key: str,
               meta_names: tuple[str, ...]) -> list[str]:
        candidates = [
            self._date_value(n) for n in self._nodes(self._selectors(field, selectors), self.scope)
        ]
        from_jsonld = jsonld_text(self.jsonld.get(jsonld_key))
        ranked = [from_jsonld, *self.meta.all(*meta_names), *candidates]
        return list(dict.fromkeys(c for c in ranked if c))

    @staticmethod
    def _date_value(node: _Element) -> str:
        return (node.get("datetime") or node.get("title") or node.get("content")
                or element_text(node))

    def language(self) -> str | None:
        return (self.page.root.get("lang") or self.page.root.get("xml:lang")
                or self.meta.first("og:locale", "content-language", "dc.language"))

    def section(self) -> list[str]:
        node = self._first_node(self._selectors("section", self.SECTION))
        if node is not None:
            crumbs = [a for a in self.index.select("a", node) if element_text(a)]
            return [element_text(a) for a in crumbs if not self._is_home_link(a)]
        return (self.meta.breadcrumb()[1:]
                or [element_text(n) for n in self._nodes(self.CATEGORIES, self.scope)][:1]
                or self.meta.all("article:section")[:1])

    def _links_home(self, node: _Element) -> bool:
        """Whether an element is one link to the home page and nothing else."""
        links = self.index.select("a", node)
        return len(links) == 1 and element_text(links[0]) == element_text(node) != "" and (
            self._is_home_link(links[0]))

    def _is_home_link(self, link: _Element) -> bool:
        target = urlsplit(self._absolute(link.get("href")) or "")
        home = urlsplit(self.source.url)
        return (element_text(link).lower() in HOME_WORDS
                or (target.netloc == urlsplit(self.url).netloc
                    and target.path.rstrip("/") in ("", home.path.rstrip("/"))
                    and not target.query))

    def tags(self) -> list[str]:
        """The page's keywords: the theme's tag links and the structured keywords
        (JSON-LD, article:tag), in the family's order of trust; else rel=tag anywhere."""
        override = self.source.selectors.get("tags")
        if override:
            return [element_text(n) for n in self._nodes([override]) if element_text(n)]
        markup = [element_text(n) for n in self._nodes(self.TAGS, self.scope) if element_text(n)]
        keywords = jsonld_list(self.jsonld.get("keywords"))
        if len(keywords) == 1 and isinstance(keywords[0], str):
            keywords = keywords[0].split(",")
        structured = [str(k) for k in keywords if str(k).strip()] or self.meta.all(
            "article:tag") or [k for k in ",".join(self.meta.all("keywords")).split(",")
                               if k.strip()]
        first, second = (markup, structured) if self.MARKUP_TAGS_FIRST else (
            structured, markup)
        return first or second or [
            element_text(n) for n in self._nodes(self.TAGS)
            if element_text(n) and not inside(n, self._regions(("nav", "footer")))]

    def body_html(self) -> str:
        chrome = (*self.CHROME, *self.NOTES)
        selectors = self._selectors("body", self.BODY)
        nodes = self._nodes(selectors, self.scope) or self._nodes(selectors)
        excluded = self._regions(chrome)
        return "\n".join(serialize_children(without(n, excluded)) for n in nodes
                         if not inside(n, excluded))

    def notes_html(self) -> str | None:
        node = self._first_node(self._selectors("notes", self.NOTES))
        return serialize_children(node) if node is not None else None

    def attachments(self) -> list[RawAttachment]:
        """Attached files: the family's attachment lists first, then document links in the
        body; the first title wins, a size shown beside any link fills a missing one."""
        found: dict[str, RawAttachment] = {}
        nodes = [n for selector in self._selectors("attachments", self.ATTACHMENTS)
                 for n in self.index.select(selector)]
        chrome = self._regions(self.CHROME)
        for body in self._nodes(self.BODY, self.scope):
            nodes += [a for a in self.index.select("a[href]", body) if not inside(a, chrome)]
        for node in nodes:
            for attachment in self._attachment(node):
                known = found.setdefault(attachment.url, attachment)
                known.label = known.label or attachment.label
        return list(found.values())

    def _attachment(self, node: _Element) -> list[RawAttachment]:
        links = [node] if node.tag == "a" else self.index.select("a[href]", node)
        result = []
        for link in links:
            if extension(link.get("href") or "") not in DOCUMENT_EXTENSIONS:
                continue
            url = self._absolute(link.get("href"))
            if url:
                size = SIZE_BESIDE.match(link.tail or "")
                result.append(RawAttachment(url=url, title=element_text(link),
                                            label=size.group(1) if size else "",
                                            mime_type=link.get("type")))
        return result

    def images(self) -> list[RawImage]:
        """Portfolio, featured and body pictures; not icons, tracking pixels or og:image."""
        nodes = self._nodes(self._selectors("images", self.IMAGES), self.scope)
        for body in self._nodes(self.BODY, self.scope):
            nodes += self.index.select("img", body)
        found: dict[str, RawImage] = {}
        for node in nodes:
            image = self._image(node)
            if image:
                found.setdefault(image.url, image)
        return list(found.values())

    def _image(self, node: _Element) -> RawImage | None:
        img = node if node.tag == "img" else next(iter(self.index.select("img", node)), None)
        if img is not None and (inside(img, self._regions(("noscript",)))
                                or img.get("width") == "1" or img.get("height") == "1"):
            return None
        href = node.get("href") if node.tag == "a" else None
        source = None
        if img is not None:
            source = img.get("data-src") or img.get("data-lazy-src") or img.get("src")
        url = self._absolute(href if href and extension(href) in IMAGE_EXTENSIONS else source)
        if not url or is_decoration(url):
            return None
        alt = (img.get("alt") if img is not None else None) or node.get("title") or ""
        return RawImage(url, one_line(alt))

