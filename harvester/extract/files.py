"""What a link's file is: a document to attach, a picture, or a theme's decoration."""

from __future__ import annotations

from urllib.parse import urlsplit

DOCUMENT_EXTENSIONS = frozenset({
    "pdf", "doc", "docx", "odt", "ods", "odp", "xls", "xlsx", "ppt", "pptx", "rtf", "txt",
    "csv", "zip", "epub", "mp3", "ogg", "mp4",
})
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp", "svg", "avif"})
THEME_PATHS = ("/prive/", "/squelettes", "/plugins", "/themes/", "/wp-includes/")


def extension(url: str) -> str:
    """The file extension of a URL's path, lower case ("" when its last part has none)."""
    path = urlsplit(url.strip()).path
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


def is_decoration(url: str) -> bool:
    """Icons and theme images, not article pictures."""
    path = urlsplit(url).path
    return url.startswith("data:") or any(part in path for part in THEME_PATHS)
