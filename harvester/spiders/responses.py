"""What a spider reads off an answer: its headers, its text and tree, and how it names a failed
request."""

from __future__ import annotations

import re

from parsel import Selector
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from harvester.extract.html import decode_html
from harvester.fragments import parse_page

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
TOO_LARGE = re.compile(r"download max size|DOWNLOAD_MAXSIZE")
"""Scrapy's words for a body over the limit, as sent or once decompressed (a bomb)."""


def content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1") or "no type"


def is_html(response: Response) -> bool:
    """An HTML page (no Content-Type counts as HTML, as browsers guess)."""
    declared = (response.headers.get("Content-Type") or b"text/html").lower()
    return isinstance(response, TextResponse) and any(t in declared for t in HTML_TYPES)


def page_text(response: TextResponse) -> str:
    """The page as text; a UTF-8 page holding legacy windows-1252 bytes is mended (see
    decode_html), other pages are as Scrapy decoded them."""
    text = response.text
    if "\ufffd" not in text:
        return text
    return decode_html(response.body, content_type(response))


def validators(response: Response) -> dict[str, str]:
    """The validators a server sent with a page, for a later conditional GET."""
    return {name: value.decode("latin-1") for name in ("ETag", "Last-Modified")
            if (value := response.headers.get(name))}


def failure_reason(failure: Failure, max_size: int) -> str:
    """One line for the report: the error and Scrapy's message, or plainly a body too large."""
    message = failure.getErrorMessage()
    if TOO_LARGE.search(message):
        decompressed = " once decompressed" if "decompress" in message else ""
        return f"larger than DOWNLOAD_MAXSIZE ({max_size} bytes){decompressed}"
    return f"{type(failure.value).__name__}: {message}"


def parsed(response: TextResponse) -> Selector:
    """The page's tree, freed with the last reference to it. Not ``response.selector``: the
    response and its cached selector refer to each other, a cycle only the cyclic collector
    frees, and the crawl runs it rarely (``spare_collector``): hundreds of listing trees, a
    hundred megabytes, piled up at the end of a large crawl."""
    return parse_page(response.text, response.url)
