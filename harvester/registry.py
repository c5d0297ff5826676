"""The registry of network sites (sources.toml): loading and validation."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

FAMILIES = ("spip", "wordpress", "drupal", "feed", "auto")
KEY_PATTERN = re.compile(r"^[a-z0-9-]+$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SOURCE_FIELDS = frozenset(
    {"key", "name", "url", "family", "feed", "sitemap", "language", "authors", "tag_synonyms",
     "selectors"}
)
ADHOC = "adhoc"
"""The key of the source made up for a page of a site outside the registry."""
TOP_LEVEL_FIELDS = frozenset({"source", "tag_synonyms"})
SELECTOR_FIELDS = frozenset(
    {"title", "surtitle", "subtitle", "summary", "byline", "authors", "published", "updated",
     "section", "tags", "body", "notes", "attachments", "images"}
)


class RegistryError(ValueError):
    """The sources file cannot be used; the message names the file, source and field."""


@dataclass(frozen=True)
class Source:
    """One network site of the registry."""

    key: str
    name: str
    url: str
    family: str = "auto"
    feed: str | None = None
    sitemap: str | None = None
    language: str = "fr"
    authors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    tag_synonyms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def in_network(self) -> bool:
        """A site of the registry, not one made up for a page from elsewhere."""
        return self.key != ADHOC

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable (a source travels to the worker processes with each page)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in TABLE_FIELDS:
            values[name] = dict(values[name])
        return (_source, (values,))


TABLE_FIELDS = ("authors", "tag_synonyms", "selectors")


def _source(values: dict[str, Any]) -> Source:
    tables = {name: MappingProxyType(values[name]) for name in TABLE_FIELDS}
    return Source(**{**values, **tables})


@dataclass(frozen=True)
class Registry:
    path: Path
    sources: tuple[Source, ...]

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def keys(self) -> list[str]:
        return [s.key for s in self.sources]

    def get(self, key: str) -> Source:
        for source in self.sources:
            if source.key == key:
                return source
        raise RegistryError(
            f"{self.path}: no source with key {key!r}; known keys: {', '.join(self.keys())}"
        )

    def select(self, keys: list[str]) -> list[Source]:
        """The sources named by keys, in the given order; all of them when keys is empty."""
        return [self.get(k) for k in keys] if keys else list(self.sources)


def packaged_sources_path() -> Path:
    return Path(str(resources.files("harvester").joinpath("sources.toml")))


def sources_path(option: str | None = None) -> Path:
    """The sources file: --sources, else $HARVESTER_SOURCES, else the packaged registry."""
    chosen = option or os.environ.get("HARVESTER_SOURCES")
    return Path(chosen) if chosen else packaged_sources_path()


def load_registry(path: Path | str | None = None) -> Registry:
    """Read and validate a sources file; raise RegistryError with one actionable line."""
    path = sources_path(str(path) if path else None)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(
            f"{path}: sources file not found; pass an existing file with --sources "
            "or HARVESTER_SOURCES"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: not valid TOML ({exc}); fix the syntax") from None
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the sources file ({exc.strerror or exc}); "
                            "pass a readable TOML file with --sources or HARVESTER_SOURCES"
                            ) from None
    unknown = sorted(set(data) - TOP_LEVEL_FIELDS)
    if unknown:
        raise RegistryError(
            f"{path}: unknown top-level key {unknown[0]!r}; allowed: "
            f"{', '.join(sorted(TOP_LEVEL_FIELDS))}"
        )
    global_synonyms = _string_table(path, "(top level)", "tag_synonyms", data.get("tag_synonyms"))
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{path}: no [[source]] entries; add at least one")
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        source = _parse_source(path, index, entry, global_synonyms)
        if source.key in seen:
            raise RegistryError(
                f"{path}: source #{index} ({source.key}): field 'key': duplicate of source "
                f"#{seen[source.key]}; give each source a unique key"
            )
        seen[source.key] = index
        sources.append(source)
    return Registry(path=path, sources=tuple(sources))


def _parse_source(
    path: Path, index: int, entry: Any, global_synonyms: Mapping[str, str]
) -> Source:
    where = f"source #{index}"
    if not isinstance(entry, dict):
        raise RegistryError(f"{path}: {where}: must be a [[source]] table")
    key = entry.get("key")
    if isinstance(key, str):
        where = f"source #{index} ({key})"

    def fail(field_name: str, problem: str) -> RegistryError:
        return RegistryError(f"{path}: {where}: field {field_name!r}: {problem}")

    unknown = sorted(set(entry) - SOURCE_FIELDS)
    if unknown:
        raise fail(unknown[0], f"unknown field; allowed: {', '.join(sorted(SOURCE_FIELDS))}")
    for required in ("key", "name", "url"):
        if not isinstance(entry.get(required), str) or not entry[required].strip():
            raise fail(required, "missing or empty; every source needs key, name and url")
    if not KEY_PATTERN.match(entry["key"]):
        raise fail("key", f"{entry['key']!r} must match [a-z0-9-]+")
    for url_field in ("url", "feed", "sitemap"):
        value = entry.get(url_field)
        if value is not None and not _is_http_url(value):
            raise fail(url_field, f"{value!r} is not an absolute http(s) URL")
    family = entry.get("family", "auto")
    if family not in FAMILIES:
        raise fail("family", f"{family!r} is not one of {', '.join(FAMILIES)}")
    language = entry.get("language", "fr")
    if not isinstance(language, str) or not LANGUAGE_PATTERN.match(language):
        raise fail("language", f"{language!r} is not a BCP 47 tag such as 'fr' or 'fr-BE'")
    selectors = _string_table(path, where, "selectors", entry.get("selectors"))
    unknown_selectors = sorted(set(selectors) - SELECTOR_FIELDS)
    if unknown_selectors:
        raise fail(
            f"selectors.{unknown_selectors[0]}",
            f"no such field; selectable: {', '.join(sorted(SELECTOR_FIELDS))}",
        )
    synonyms = dict(global_synonyms)
    synonyms.update(_string_table(path, where, "tag_synonyms", entry.get("tag_synonyms")))
    return Source(
        key=entry["key"],
        name=entry["name"].strip(),
        url=entry["url"],
        family=family,
        feed=entry.get("feed"),
        sitemap=entry.get("sitemap"),
        language=language,
        authors=MappingProxyType(_string_table(path, where, "authors", entry.get("authors"))),
        tag_synonyms=MappingProxyType(synonyms),
        selectors=MappingProxyType(selectors),
    )


def _string_table(path: Path, where: str, name: str, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise RegistryError(
            f"{path}: {where}: field {name!r}: must be a table of non-empty strings "
            '(name = "value")'
        )
    return dict(value)


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
