"""Single pages for `harvester extract`: fetch one URL, find its URL and its source."""

from __future__ import annotations

import urllib.request
from urllib.error import URLError
from urllib.parse import urlsplit

from harvester.fragments import parse_page
from harvester.registry import ADHOC, Registry, Source
from harvester.settings import USER_AGENT
from harvester.urls import same_site
from harvester.usage import FetchError


def fetch_page(url: str, timeout: float = 30) -> tuple[bytes, str | None, str]:
    """Body, Content-Type and final URL of one page (a debugging aid, outside any crawl)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type"), response.geturl()
    except (URLError, OSError, ValueError) as exc:
        raise FetchError(f"{url}: cannot fetch ({exc}); check the URL or save the page "
                         "and pass the file") from None


def page_url(html: str) -> str | None:
    """The URL a saved page declares for itself (rel=canonical or og:url)."""
    page = parse_page(html)
    url = page.css('link[rel~="canonical"]::attr(href)').get() or page.css(
        'meta[property="og:url"]::attr(content)').get()
    return url.strip() if url and url.strip().startswith(("http://", "https://")) else None


def registry_source_for(registry: Registry, url: str) -> Source:
    """The registry source of the URL's site, else an ad-hoc source with family auto."""
    for source in registry:
        if same_site(source.url, url):
            return source
    origin = urlsplit(url)._replace(path="/", query="", fragment="").geturl()
    return Source(key=ADHOC, name=urlsplit(url).hostname or "site", url=origin)
