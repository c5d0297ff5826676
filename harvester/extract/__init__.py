"""Extraction: one page in, one RawArticle out. Pure: no Scrapy, no network, no store."""

from __future__ import annotations

import re

from harvester.extract.base import ExtractionError, PageExtractor
from harvester.extract.drupal import DrupalExtractor
from harvester.extract.html import decode_html
from harvester.extract.raw import RawArticle
from harvester.extract.spip import SpipExtractor
from harvester.extract.wordpress import WordPressExtractor
from harvester.registry import Source
from harvester.timestamps import iso, utc_now

EXTRACTORS: dict[str, type[PageExtractor]] = {
    "spip": SpipExtractor,
    "wordpress": WordPressExtractor,
    "drupal": DrupalExtractor,
}
GENERATORS = ("spip", "wordpress", "drupal")
GENERATOR_META = re.compile(
    r"""<meta[^>]+name=["']generator["'][^>]*content=["']([^"']+)""", re.IGNORECASE)
SPIP_MARKERS = ("spip.php?", 'class="spip_', "squelettes-dist", "/local/cache-")

__all__ = ["ExtractionError", "RawArticle", "decode_html", "detect_family", "extract"]


def detect_family(html: str) -> str:
    """The CMS family a page was made by, from its generator meta or SPIP's fingerprints."""
    match = GENERATOR_META.search(html)
    if match:
        generator = match.group(1).lower()
        for family in GENERATORS:
            if family in generator:
                return family
    if sum(marker in html for marker in SPIP_MARKERS) >= 2:
        return "spip"
    if "/wp-content/" in html or "/wp-json/" in html:
        return "wordpress"
    if "/sites/default/files/" in html or 'data-drupal-' in html:
        return "drupal"
    return "generic"


def extract(html: str, url: str, source: Source, *, fetched_at: str | None = None,
            strict: bool = False) -> RawArticle:
    """Read one article page; the source's family (or detection, for "auto") picks the rules."""
    family = source.family if source.family != "auto" else detect_family(html)
    extractor = EXTRACTORS.get(family, PageExtractor)(html, url, source)
    return extractor.extract(fetched_at or iso(utc_now()), strict=strict)
