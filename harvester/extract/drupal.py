"""Drupal node pages: 8+ (Olivero, Classy/Stable field markup, Metatag, Schema.org Metatag)
and 7 (field-name-* classes, RDFa), which many associations still run."""

from __future__ import annotations

import re
from typing import ClassVar

from lxml.etree import _Element

from harvester.extract.base import PageExtractor
from harvester.extract.html import element_text
from harvester.extract.raw import RawAttachment

SIZE_IN_PARENTHESES = re.compile(r"\(([^()]*\d[^()]*)\)")


class DrupalExtractor(PageExtractor):
    family: ClassVar[str] = "drupal"
    SCOPE = ("article.node--view-mode-full", "article.node", "main", "body")
    TITLE = ("h1.page-title", "h1 .field--name-title", "h1.node__title", "h1")
    BYLINE = (".node__meta", ".node__submitted", ".submitted", *PageExtractor.BYLINE)
    AUTHORS = (".node__meta .field--name-uid", ".node__author", ".node__meta .username",
               ".submitted .username", *PageExtractor.AUTHORS)
    PUBLISHED = (".node__meta .field--name-created time", ".node__meta time",
                 ".submitted time", "time[datetime]")
    UPDATED = (".field--name-changed time", ".node__updated time")
    SECTION = ("nav.breadcrumb", ".breadcrumb")
    TAGS = (".field--type-entity-reference:not(.field--name-uid) a[hreflang]",
            ".field--tags a", ".field-name-field-tags a", "a[rel~=tag]")
    MARKUP_TAGS_FIRST = True  # Metatag's article:tag lists field_tags only
    BODY = (".field--name-body", ".field-name-body")
    ATTACHMENTS = (".field--type-file .field__item", ".field--type-file .file",
                   ".field-type-file .file")
    IMAGES = (".field--type-image img", ".field-type-image img")
    CHROME = (*PageExtractor.CHROME, ".social-share", ".a2a_kit", ".addtoany",
              ".visually-hidden", ".links.inline")
    STATIC_NODE_TYPES = frozenset({"page", "landing_page", "webform", "basic_page"})

    def not_article(self) -> str | None:
        classes = (self.scope.get("class") or "").split()
        types = [c.removeprefix("node--type-") for c in classes if c.startswith("node--type-")]
        if types and types[0] in self.STATIC_NODE_TYPES:
            return f"a Drupal {types[0]} node, not a news article"
        return None

    def _attachment(self, node: _Element) -> list[RawAttachment]:
        """A file field item: its link, and the size Drupal prints in a span beside it."""
        found = super()._attachment(node)
        size = SIZE_IN_PARENTHESES.search(element_text(node))
        for attachment in found:
            attachment.label = attachment.label or (size.group(1) if size else "")
        return found
