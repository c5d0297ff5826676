"""WordPress REST API posts (``/wp-json/wp/v2/posts?_embed=1``) as the page the WordPress
family reads.

A theme renders a post's fields into its single-post template; here the same fields, as the
REST API gives them, are rendered into the markup of WordPress's reference theme (_s: an
``article.type-post`` with ``h1.entry-title``, ``time.published``, a byline,
``div.entry-content`` holding ``content.rendered``, category and tag links) and Yoast's
``yoast_head`` goes in the head. The WordPress extractor then reads it with the selectors it
applies to a fetched page, so an article is the same whichever way it was reached.
"""

from __future__ import annotations

import json
import re
from html import escape, unescape
from typing import Any
from urllib.parse import urlencode, urljoin

API_LINK_REL = "https://api.w.org/"
"""The relation of the API root in every WordPress page's head and ``Link`` header."""


APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


class RestError(ValueError):
    """An answer of the REST API that is not a list of posts."""


def posts_url(api_root: str, page: int, per_page: int) -> str:
    """A page of the posts, most recently modified first, with authors, terms and featured
    media embedded."""
    query = urlencode({"_embed": 1, "orderby": "modified", "order": "desc",
                       "per_page": per_page, "page": page})
    if "rest_route=" in api_root:  # plain permalinks: /?rest_route=/
        return urljoin(api_root, f"?rest_route=/wp/v2/posts&{query}")
    return urljoin(api_root if api_root.endswith("/") else api_root + "/", f"wp/v2/posts?{query}")


def read_posts(body: bytes) -> list[dict[str, Any]]:
    """The published posts of one answer, not password-protected; RestError when it is not a
    posts list (a security plugin's HTML page, an error object)."""
    try:
        posts = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RestError(f"not JSON ({exc})") from None
    if not isinstance(posts, list):
        code = posts.get("code") if isinstance(posts, dict) else None
        raise RestError(f"not a list of posts ({code or type(posts).__name__})")
    return [post for post in posts if isinstance(post, dict) and isinstance(post.get("link"), str)
            and post.get("status", "publish") == "publish" and not _protected(post)]


def _protected(post: dict[str, Any]) -> bool:
    """A password-protected post, whose content the API leaves empty."""
    content = post.get("content")
    return isinstance(content, dict) and content.get("protected") is True


def post_page(post: dict[str, Any]) -> str:
    """The single-post page of a REST post, in the markup the WordPress extractor reads."""
    embedded, yoast = _object(post, "_embedded"), _object(post, "yoast_head_json")
    language = str(yoast.get("og_locale") or "").replace("_", "-")
    head = post.get("yoast_head")
    if not isinstance(head, str) or not head:
        head = f"<title>{_rendered(post, 'title')}</title>"
    terms = [term for group in _list(embedded, "wp:term") if isinstance(group, list)
             for term in group if isinstance(term, dict)]
    body = "".join((
        '<article class="post type-post hentry"><header class="entry-header">',
        f'<h1 class="entry-title">{_rendered(post, "title")}</h1>',
        '<div class="entry-meta">', _dates(post), _byline(_list(embedded, "author")),
        "</div></header>", _featured(_list(embedded, "wp:featuredmedia")),
        f'<div class="entry-content">{_rendered(post, "content")}</div>',
        '<footer class="entry-footer">',
        _term_links("cat-links", "category tag", terms, "category"),
        _term_links("tags-links", "tag", terms, "post_tag"), "</footer></article>"))
    lang = f' lang="{escape(language)}"' if language else ""
    return (f'<!DOCTYPE html><html{lang}><head><meta charset="utf-8">{head}</head>'
            f'<body class="single single-post"><main id="primary">{body}</main></body></html>')


def _object(value: dict[str, Any], key: str) -> dict[str, Any]:
    found = value.get(key)
    return found if isinstance(found, dict) else {}


def _list(value: dict[str, Any], key: str) -> list[Any]:
    found = value.get(key)
    return found if isinstance(found, list) else []


def texturize(name: str) -> str:
    """A term name as themes show it: WordPress's wptexturize curls an apostrophe between
    letters ("Mois de l'ESS" is shown "Mois de l’ESS")."""
    return APOSTROPHE.sub("\u2019", name)


def _rendered(post: dict[str, Any], field: str) -> str:
    value = post.get(field)
    return str(value.get("rendered") or "") if isinstance(value, dict) else ""


def _dates(post: dict[str, Any]) -> str:
    """The publication and modification times, in UTC (the ``_gmt`` fields)."""
    times = []
    for field, css in (("date_gmt", "entry-date published"), ("modified_gmt", "updated")):
        if isinstance(value := post.get(field), str) and value:
            stamp = escape(value + "+00:00")
            times.append(f'<time class="{css}" datetime="{stamp}">{stamp}</time>')
    return f'<span class="posted-on">{"".join(times)}</span>'


def _byline(authors: list[Any]) -> str:
    links = [f'<a class="url fn n" rel="author" href="{escape(str(a.get("link") or ""))}">'
             f'{escape(str(a["name"]))}</a>'
             for a in authors if isinstance(a, dict) and a.get("name")]
    return f'<span class="byline"><span class="author vcard">{", ".join(links)}</span></span>'


def _featured(media: list[Any]) -> str:
    for item in media:
        if isinstance(item, dict) and item.get("source_url"):
            return (f'<div class="post-thumbnail"><img src="{escape(str(item["source_url"]))}"'
                    f' alt="{escape(str(item.get("alt_text") or ""))}"></div>')
    return ""


def _term_links(css: str, rel: str, terms: list[dict[str, Any]], taxonomy: str) -> str:
    links = [f'<a href="{escape(str(t.get("link") or ""))}" rel="{rel}">'
             f'{escape(texturize(unescape(str(t.get("name") or ""))))}</a>'
             for t in terms if t.get("taxonomy") == taxonomy and t.get("name")]
    return f'<span class="{css}">{", ".join(links)}</span>' if links else ""
