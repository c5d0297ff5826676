"""What a spider reads off an answer's headers."""

from __future__ import annotations

from scrapy.http import Response, TextResponse

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


def content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1") or "no type"


def is_html(response: Response) -> bool:
    """An HTML page (no Content-Type counts as HTML, as browsers guess)."""
    declared = (response.headers.get("Content-Type") or b"text/html").lower()
    return isinstance(response, TextResponse) and any(t in declared for t in HTML_TYPES)


def validators(response: Response) -> dict[str, str]:
    """The validators a server sent with a page, for a later conditional GET."""
    return {name: value.decode("latin-1") for name in ("ETag", "Last-Modified")
            if (value := response.headers.get(name))}
