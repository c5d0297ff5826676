"""Which links of a site lead to articles and listings: one rule set per CMS family."""

from __future__ import annotations

import re
from enum import StrEnum
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
    """Generic sites: only feeds and sitemaps name articles; no HTML link is followed."""

    family: ClassVar[str] = "generic"
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
        for anchor in index.select("a[href]"):
            if not chrome.isdisjoint(anchor.iterancestors()):
                continue
            href = anchor.get("href", "").strip()
            if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
                continue
            url = clean_url(urljoin(page_url, href))
            if not same_site(url, site_url):
                continue
            kind = self.classify(url)
            if kind is not None:
                found.setdefault(url, kind)
        return found


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


POST_SITEMAP = re.compile(
    r"(?:^|[/_-])(?:posts-post|post-sitemap|news-sitemap|sitemap-news|articles?-sitemap"
    r"|articles?/sitemap)",
    re.IGNORECASE)


def is_post_sitemap(url: str) -> bool:
    """A sitemap that lists only posts (WordPress core, Yoast, Rank Math, news sitemaps)."""
    return bool(POST_SITEMAP.search(urlsplit(url).path))


LINK_RULES: dict[str, LinkRules] = {"spip": SpipLinkRules(), "wordpress": WordPressLinkRules(),
                                    "generic": LinkRules()}


def rules_for(family: str) -> LinkRules:
    return LINK_RULES.get(family, LINK_RULES["generic"])
