"""The Article record shared by every spider, pipeline, store and writer."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harvester.extract.raw import RawArticle

INTERNAL = {"internal": True}
"""Field metadata marking working state that never leaves the crawl (not exported)."""


@dataclass
class SourceRef:
    key: str
    name: str
    url: str


@dataclass
class Author:
    name: str
    url: str | None = None


@dataclass
class Footnote:
    id: str
    text: str
    html: str


@dataclass
class Attachment:
    url: str
    title: str
    mime_type: str | None = None
    size_bytes: int | None = None


@dataclass
class Image:
    url: str
    alt: str = ""


@dataclass
class Article:
    """One news article; exported as the JSON record described by ``article.schema.json``."""

    id: str = ""
    url: str = ""
    source: SourceRef | None = None
    title: str = ""
    summary: str | None = None
    authors: list[Author] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    language: str = "fr"
    section: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    content_html: str = ""
    content_text: str = ""
    footnotes: list[Footnote] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    also_at: list[str] = field(default_factory=list)
    fetched_at: str = ""
    raw: RawArticle | None = field(default=None, repr=False, metadata=INTERNAL)
    signature: bytes | None = field(default=None, repr=False, metadata=INTERNAL)
    duplicate_of: str | None = field(default=None, repr=False, metadata=INTERNAL)
    normalized: bool = field(default=False, repr=False, metadata=INTERNAL)
    """Normalized already (in a worker process): the store pipelines alone remain."""
    rejected: str | None = field(default=None, repr=False, metadata=INTERNAL)
    """Why normalization elsewhere rejected it: dropped at the first pipeline."""
    problems: list[tuple[str, str]] = field(default_factory=list, repr=False,
                                            metadata=INTERNAL)
    """Fields that could not be normalized, with the reason (field, message)."""
    exported: dict[str, Any] | None = field(default=None, repr=False, metadata=INTERNAL)
    """The record as the validation pipeline made and checked it (XML-safe, valid): the store
    pipelines after it change internal fields only, so it is stored as it is."""

    @classmethod
    def from_raw(cls, raw: RawArticle) -> Article:
        """A new article to be filled by the pipelines from what extraction read."""
        return cls(raw=raw, fetched_at=raw.fetched_at, language=raw.source.language)

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, url={self.url or (self.raw.url if self.raw else '')!r})"

    def to_dict(self) -> dict[str, Any]:
        """The exported JSON record, without the crawl's working state."""
        return {
            f.name: _plain(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if not f.metadata.get("internal")
        }

    def record(self) -> dict[str, Any]:
        """The exported record: the one validation made (``exported``), else made now."""
        return self.to_dict() if self.exported is None else self.exported

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article from its exported JSON record."""
        source = data.get("source")
        return cls(
            id=data["id"],
            url=data["url"],
            source=SourceRef(**source) if source else None,
            title=data["title"],
            summary=data.get("summary"),
            authors=[Author(**a) for a in data.get("authors", [])],
            published=data.get("published"),
            updated=data.get("updated"),
            language=data.get("language", "fr"),
            section=list(data.get("section", [])),
            tags=list(data.get("tags", [])),
            content_html=data.get("content_html", ""),
            content_text=data.get("content_text", ""),
            footnotes=[Footnote(**n) for n in data.get("footnotes", [])],
            attachments=[Attachment(**a) for a in data.get("attachments", [])],
            images=[Image(**i) for i in data.get("images", [])],
            also_at=list(data.get("also_at", [])),
            fetched_at=data.get("fetched_at", ""),
        )


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


EXPORTED_FIELDS = [f.name for f in dataclasses.fields(Article) if not f.metadata.get("internal")]
"""The fields of the exported record, in order."""
