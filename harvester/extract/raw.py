"""What extraction reads off a page, before any normalization."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harvester.registry import Source


@dataclass
class RawAuthor:
    """A byline name as written ("alfederici", "Par MARC DURAND"), with its link if any."""

    name: str
    url: str | None = None


@dataclass
class RawAttachment:
    url: str
    title: str
    label: str = ""
    """The size/type label as shown, e.g. "PDF - 360.6 ko"."""
    mime_type: str | None = None
    length: int | None = None


@dataclass
class RawImage:
    url: str
    alt: str = ""


@dataclass
class RawArticle:
    """Raw field values of one article page; pipelines turn them into an Article."""

    url: str
    source: Source
    fetched_at: str
    canonical_url: str | None = None
    title: str | None = None
    site_name: str | None = None
    surtitle: str | None = None
    subtitle: str | None = None
    summary_html: str | None = None
    description: str | None = None
    byline: str | None = None
    authors: list[RawAuthor] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    """Candidate publication dates, most trustworthy first (machine dates, then visible text)."""
    updated: list[str] = field(default_factory=list)
    language: str | None = None
    section: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body_html: str = ""
    notes_html: str | None = None
    attachments: list[RawAttachment] = field(default_factory=list)
    images: list[RawImage] = field(default_factory=list)
    not_article: str | None = None
    """Why the page is not an article at all (a CMS's static page), or None."""
    errors: dict[str, str] = field(default_factory=dict)
    """Fields that could not be read, with the reason (lenient mode)."""
    family: str = ""
    """The rules that read it: a CMS family, or "generic"."""
    html: str = field(default="", repr=False)
    """The page itself, for the general extractor that completes what the selectors missed."""
    page: Any = field(default=None, repr=False)
    """The page's tree as the selectors read it (never changed): the general extractor
    works on a copy, at a quarter of the cost of parsing the page again."""
    main_content: Any = field(default=None, repr=False)
    """What that extractor read, once it has run (see harvester.extract.fallback)."""
