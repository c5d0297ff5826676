"""Which links of a site lead to articles and listings: one rule set per CMS family."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import ClassVar
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from harvester.extract.pageindex import PageIndex
from harvester.urls import clean_url, same_site


class LinkKind(StrEnum):
    ARTICLE = "article"
    LISTING = "listing"
    PAGINATION = "pagination"


class LinkRules:
    """Feeds and sitemaps name the articles; no HTML link is followed."""

    family: ClassVar[str] = "feeds"
    CHROME: ClassVar[tuple[str, ...]] = (
        "footer", "#footer", ".footer", "#pied", ".pied", "#bas", ".bas", "#credits",
        ".credits", "#formulaire_recherche", ".formulaire_spip",
    )

    def classify(self, url: str) -> LinkKind | None:
        return None

    def listing_key(self, url: str) -> str:
        """The listing a pagination URL belongs to (the URL without its page parameter)."""
        return url

    def links(self, page: Selector, page_url: str, site_url: str) -> dict[str, LinkKind]:
        """Same-site links of a page by kind, in page order, outside footer chrome."""
        index = PageIndex(page.root)
        chrome = index.matching(self.CHROME)
        found: dict[str, LinkKind] = {}
        base = page_url.split("#", 1)[0].split("?", 1)[0]
        for anchor in index.select("a[href]"):
            if not chrome.isdisjoint(anchor.iterancestors()):
                continue
            href = anchor.get("href", "").strip()
            if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
                continue
            if (link := self._link(base, href, site_url)) is not None:
                found.setdefault(*link)
        return found

    @lru_cache(maxsize=4096)  # noqa: B019 - one rule set a family, for the whole process
    def _link(self, base: str, href: str, site_url: str) -> tuple[str, LinkKind] | None:
        """A same-site link's clean URL and kind (None for other links), remembered: the
        menus of a site's listing pages repeat the same links on every page. ``base`` is
        the page's URL without its query, which a relative link other than "#..." or ""
        never keeps."""
        url = clean_url(urljoin(base, href))
        kind = self.classify(url) if same_site(url, site_url) else None
        return None if kind is None else (url, kind)


class SpipLinkRules(LinkRules):
    """SPIP's URL styles: spip.php?article12, page=article&id_article=12, article12.html,
    propres (/Titre-de-l-article, /-Rubrique-), and debut_xxx=N pagination."""

    family: ClassVar[str] = "spip"
    ARTICLE_QUERY = re.compile(r"^(?:article(\d+)|id_article=(\d+))$")
    RUBRIQUE_QUERY = re.compile(r"^(?:rubrique(\d+)|id_rubrique=(\d+))$")
    PAGINATION_PARAM = re.compile(r"^debut_\w+$")
    HTML_MODE = re.compile(r"^/(article|rubrique)\d+\.html?$")
    PROPRE_ARTICLE = re.compile(r"^/[A-Za-z0-9][\w.,'()%-]*?(?:\.html?)?$")
    PROPRE_RUBRIQUE = re.compile(r"^/-[^/]+-(?:\.html?)?$")
    OTHER_OBJECTS = re.compile(r"^/(?:\+|_|@)")
    RESERVED = re.compile(
        r"^/(?:IMG|local|squelettes(?:-dist)?|plugins(?:-dist)?|prive|ecrire|extensions|lib|tmp"
        r"|config|spip\.php|index\.php|robots\.txt|sitemap\.xml|favicon\.ico)(?:/|$)",
        re.IGNORECASE,
    )
    SCRIPTS = ("/spip.php", "/article.php3", "/rubrique.php3", "/article.php", "/rubrique.php")
    NON_ARTICLE_FILE = re.compile(r"\.(?!html?$)\w{2,5}$")

    def classify(self, url: str) -> LinkKind | None:
        parts = urlsplit(url)
        params = [p for p in parts.query.split("&") if p]
        names = [p.split("=", 1)[0] for p in params]
        paginated = any(self.PAGINATION_PARAM.match(n) for n in names)
        core = [p for p, n in zip(params, names, strict=True)
                if not self.PAGINATION_PARAM.match(n) and n not in ("lang", "page")]
        page = dict(parse_qsl(parts.query)).get("page")
        if parts.path in ("", "/") or (parts.path in self.SCRIPTS and not params):
            return LinkKind.PAGINATION if paginated else LinkKind.LISTING
        if parts.path in self.SCRIPTS:
            if page not in (None, "article", "rubrique"):
                return None
            if len(core) == 1 and self.ARTICLE_QUERY.match(core[0]):
                return None if paginated else LinkKind.ARTICLE
            if len(core) == 1 and self.RUBRIQUE_QUERY.match(core[0]):
                return LinkKind.PAGINATION if paginated else LinkKind.LISTING
            return None
        path = parts.path
        if self.RESERVED.match(path) or self.OTHER_OBJECTS.match(path):
            return None
        if self.HTML_MODE.match(path):
            kind = LinkKind.ARTICLE if path.startswith("/article") else LinkKind.LISTING
        elif self.PROPRE_RUBRIQUE.match(path):
            kind = LinkKind.LISTING
        elif self.PROPRE_ARTICLE.match(path) and not self.NON_ARTICLE_FILE.search(path):
            kind = LinkKind.ARTICLE
        else:
            return None
        if paginated:
            return LinkKind.PAGINATION if kind is LinkKind.LISTING else None
        return None if core else kind

    def listing_key(self, url: str) -> str:
        parts = urlsplit(url)
        kept = [p for p in parts.query.split("&")
                if p and not self.PAGINATION_PARAM.match(p.split("=", 1)[0])]
        return parts._replace(query="&".join(kept)).geturl()


class WordPressLinkRules(LinkRules):
    """WordPress permalinks: /2024/03/12/slug/, /2024/03/slug/, ?p=123. Listings are not
    followed: the feed and the sitemap name every post."""

    family: ClassVar[str] = "wordpress"
    DATED = re.compile(r"^/(?:[\w-]+/)?\d{4}/\d{2}/(?:\d{2}/)?[^/]+/?$")
    SHORTLINK = re.compile(r"^p=\d+$")

    def classify(self, url: str) -> LinkKind | None:
        parts = urlsplit(url)
        if self.DATED.match(parts.path) and not parts.query:
            return LinkKind.ARTICLE
        if parts.path in ("", "/") and self.SHORTLINK.match(parts.query):
            return LinkKind.ARTICLE
        return None


FILES = re.compile(r"\.(?!html?$|php$|aspx?$)[a-z0-9]{2,5}$", re.IGNORECASE)
TOOL_PATHS = re.compile(
    r"(?:^|/)(?:login|logout|connexion|register|inscription|recherche|search|admin"
    r"|administrator|wp-admin|wp-login\.php|feed|rss|atom|cart|panier)(?:/|$)", re.IGNORECASE)
TOOL_QUERIES = re.compile(
    r"(?:^|&)(?:format=feed|tmpl=component|print=|task=|option=com_(?:users|search|mailto"
    r"|contact)\b)", re.IGNORECASE)
"""Accounts, search, feeds, carts, print views: whole path segments or query parameters
(an article's slug may well say "recherche" or "rss")."""
STATIC = re.compile(
    r"(?:^|/)(?:\d+-)?(?:contact(?:ez-nous)?|nous-contacter|mentions?-legales?|legal|"
    r"a-propos|about(?:-us)?|qui-sommes-nous|plan-du-site|sitemap|cgu|cgv|conditions[\w-]*"
    r"|confidentialite|privacy|cookies?|adherer|adhesion|faire-un-don|dons?|newsletter"
    r"|espace-membres?|credits|accessibilite)(?:\.html?|/)?$", re.IGNORECASE)
TAXONOMY = re.compile(
    r"/(?:tags?|categor(?:y|ie|ies)|rubriques?|themes?|sujets?|archives?|auteurs?|authors?)"
    r"(?:/|$)|/component/tags/", re.IGNORECASE)
PAGE_PARAMS = frozenset({"start", "limitstart", "page", "paged", "debut"})
"""Pagination parameters (not WordPress's ?p=123, which names a post)."""
PAGE_PATH = re.compile(r"/page/\d+/?$")


class GenericLinkRules(LinkRules):
    """A site of no known family (Joomla, a hand-made site) names its articles in no URL
    pattern known in advance. Every same-site page link that is not a file, a tool, a static
    page (contact, about, legal notices) or a taxonomy or pagination listing is a candidate:
    it is fetched, and the page itself tells whether it is an article
    (``harvester.extract.pagekind``); a candidate that is not one is read as a listing, so
    the menu's sections lead to their articles, within the listing bounds."""

    family: ClassVar[str] = "generic"

    def classify(self, url: str) -> LinkKind | None:
        parts = urlsplit(url)
        path = parts.path
        if path.rstrip("/") in ("", "/index.php", "/index.html") and not parts.query:
            return None
        if (FILES.search(path) or TOOL_PATHS.search(path) or TOOL_QUERIES.search(parts.query)
                or STATIC.search(path)):
            return None
        if PAGE_PATH.search(path) or any(
                name in PAGE_PARAMS and value.isdigit() for name, value in _params(parts.query)):
            return LinkKind.PAGINATION
        if TAXONOMY.search(path):
            return LinkKind.LISTING
        return LinkKind.ARTICLE

    def listing_key(self, url: str) -> str:
        parts = urlsplit(url)
        kept = [f"{name}={value}" for name, value in _params(parts.query)
                if name not in PAGE_PARAMS]
        return parts._replace(path=PAGE_PATH.sub("/", parts.path),
                              query="&".join(kept)).geturl()


def _params(query: str) -> list[tuple[str, str]]:
    return [(name, value) for name, _, value in (p.partition("=") for p in query.split("&"))
            if name]


POST_SITEMAP = re.compile(
    r"(?:^|[/_-])(?:posts-post|post-sitemap|news-sitemap|sitemap-news|articles?-sitemap"
    r"|articles?/sitemap)",
    re.IGNORECASE)


def is_post_sitemap(url: str) -> bool:
    """A sitemap that lists only posts (WordPress core, Yoast, Rank Math, news sitemaps)."""
    return bool(POST_SITEMAP.search(urlsplit(url).path))


LINK_RULES: dict[str, LinkRules] = {"spip": SpipLinkRules(), "wordpress": WordPressLinkRules(),
                                    "generic": GenericLinkRules()}
FEEDS_ONLY = LinkRules()
"""Drupal, feed-only sources and a site not yet detected: the feed and sitemap name it all."""


def rules_for(family: str) -> LinkRules:
    return LINK_RULES.get(family, FEEDS_ONLY)
