"""Whether a page of a site with no known family is an article, by what it is.

An article has a publication date, a body of running text, and is not a list of other pages:
a listing (a section, a tag page, a blog index) repeats links to pages of one URL shape in its
text, a static page (about, services, opening hours) carries no date of its own. Used only for
pages reached by following a generic site's links; a page its feed names is an article.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

from harvester.extract.raw import RawArticle
from harvester.model import Article

MIN_TEXT = 300
"""Characters of text below which a page is a stub, a form or a menu, not an article."""
LISTING_LINKS = 4
"""Links in a page's text to distinct pages of one URL shape that make it a listing."""
HREF = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.IGNORECASE)
ID_SLUG = re.compile(r"^\d+(?:[-_].*)?$")


def not_an_article(article: Article, raw: RawArticle) -> str | None:
    """Why the page is not an article, or None when it is one."""
    shapes = Counter(url_shape(url) for url in _text_links(article.content_html, article.url))
    repeated = max(shapes.values(), default=0)
    if repeated >= LISTING_LINKS:
        return f"a listing ({repeated} links to pages of one kind in its text)"
    if len(article.content_text) < MIN_TEXT:
        return f"not an article: {len(article.content_text)} characters of text"
    if not article.published:
        return "not an article: no publication date"
    if not raw.published and not _typed_article(raw.html):
        return "not an article: no date of its own in the page's markup"
    return None


def url_shape(url: str) -> tuple[str, ...]:
    """A URL path with its last segment reduced to a kind: /actualites/12-titre and
    /actualites/13-autre share ("actualites", "id-slug")."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return ()
    last = segments[-1]
    kind = "id-slug" if ID_SLUG.match(last) else "slug" if "-" in last else "word"
    return (*segments[:-1], kind)


def _text_links(html: str, base: str) -> set[str]:
    """Distinct same-site page links in a body, the page's own URL left out."""
    site = urlsplit(base).netloc
    links = {urljoin(base, href).split("#")[0] for href in HREF.findall(html)}
    return {url for url in links
            if urlsplit(url).netloc == site and url.rstrip("/") != base.rstrip("/")}


TYPED = re.compile(
    r"""["']@type["']\s*:\s*["'](?:News|Blog|Scholarly|Report)?(?:Article|Posting)["']"""
    r"""|<meta[^>]+property=["']og:type["'][^>]+content=["']article["']""", re.IGNORECASE)


def _typed_article(html: str) -> bool:
    """The page declares itself an article in JSON-LD or OpenGraph."""
    return bool(TYPED.search(html))
