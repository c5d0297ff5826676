"""Adding the feeds of an OPML file to a sources file: the new entries are appended as TOML
text, so the file's own text and comments stay byte for byte, then the file is loaded again
to prove it is still a valid registry."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harvester.aggregator.opml import ImportedFeed
from harvester.registry import (
    KEY_PATTERN,
    RegistryError,
    Source,
    load_registry,
    packaged_sources_path,
)
from harvester.text import fold, one_line
from harvester.urls import clean_url, site_key
from harvester.usage import UsageError

KEY_LENGTH = 40
NAME_SEPARATOR = re.compile(r"\s+[—–|:-]\s+")
TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
TOML_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f]')


@dataclass(frozen=True)
class NewSource:
    key: str
    name: str
    url: str
    feed: str | None


@dataclass
class ImportPlan:
    """What an import does with each feed of the OPML file."""

    added: list[NewSource] = field(default_factory=list)
    known: list[ImportedFeed] = field(default_factory=list)
    refused: list[tuple[ImportedFeed, str]] = field(default_factory=list)


def import_target(option: str | None) -> Path:
    """The sources file to add to: --sources or $HARVESTER_SOURCES, never the packaged one,
    which an upgrade of the package replaces."""
    chosen = option or os.environ.get("HARVESTER_SOURCES")
    packaged = packaged_sources_path()
    if not chosen:
        raise UsageError(f"no sources file given, and import-opml does not write into the "
                         f"packaged registry ({packaged}): pass --sources PATH (a new file "
                         "is created if needed) or set HARVESTER_SOURCES")
    path = Path(chosen)
    if path.exists() and packaged.exists() and path.samefile(packaged):
        raise UsageError(f"{path}: this is the packaged registry, which an upgrade replaces; "
                         "copy it elsewhere and pass --sources COPY")
    return path


def import_feeds(path: Path, feeds: Sequence[ImportedFeed], origin: str) -> ImportPlan:
    """Append the feeds that are new to the sources file; the file is left as it was when
    the result would not load."""
    plan = plan_import(feeds, registered(path))
    if plan.added:
        append_sources(path, plan.added, origin)
    return plan


def registered(path: Path) -> tuple[Source, ...]:
    """The sources already in the file: none when it does not exist or has no [[source]]."""
    if not path.exists():
        return ()
    try:
        empty = "source" not in tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        empty = False  # load_registry names the problem
    return () if empty else load_registry(path).sources


def plan_import(feeds: Sequence[ImportedFeed], known: Sequence[Source]) -> ImportPlan:
    """Sort the feeds into new sources (keyed), known ones (same site or feed URL), refused."""
    plan = ImportPlan()
    seen = {url_key(url) for source in known for url in (source.url, source.feed) if url}
    keys = {source.key for source in known}
    for feed in feeds:
        site, own_feed, problem = _urls(feed)
        if problem:
            plan.refused.append((feed, problem))
        elif url_key(site) in seen or (own_feed and url_key(own_feed) in seen):
            plan.known.append(feed)
        else:
            key = unique_key(feed.title, site, keys)
            plan.added.append(NewSource(key, feed.title, site, own_feed))
            keys.add(key)
            seen.update(url_key(url) for url in (site, own_feed) if url)
    return plan


def _urls(feed: ImportedFeed) -> tuple[str, str | None, str | None]:
    """The site URL, the site's own feed (not our per-source feed) and what is wrong."""
    own_feed = None if feed.harvested else feed.xml_url
    if own_feed and not is_http_url(own_feed):
        return "", None, f"xmlUrl {own_feed!r} is not an http(s) URL"
    if feed.html_url and not is_http_url(feed.html_url):
        return "", None, f"htmlUrl {feed.html_url!r} is not an http(s) URL"
    if feed.html_url:
        return feed.html_url, own_feed, None
    if own_feed:
        parts = urlsplit(own_feed)
        return f"{parts.scheme}://{parts.netloc}/", own_feed, None
    return "", None, "no htmlUrl, and its xmlUrl is the harvester's own feed"


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return (parts.scheme in ("http", "https") and bool(parts.hostname)
            and not any(c.isspace() for c in value))


def url_key(url: str) -> str:
    """Comparison key: http/https, www., default port, fragment, tracking parameters and a
    trailing slash make no difference."""
    parts = urlsplit(clean_url(url))
    query = f"?{parts.query}" if parts.query else ""
    return f"{site_key(url)}{parts.path.rstrip('/')}{query}"


def unique_key(name: str, site: str, taken: set[str]) -> str:
    """A registry key from the name, or from its short form before a dash ("RTES — Réseau
    des collectivités..." is rtes), or from the host when the name has no Latin letter or
    digit; with -2, -3... when taken."""
    short = NAME_SEPARATOR.split(name, maxsplit=1)[0]
    base = slug(short) or slug(name) or slug(site_key(site)) or "source"
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    assert KEY_PATTERN.match(key)
    return key


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(words) > KEY_LENGTH:
        words = words[:KEY_LENGTH + 1].rsplit("-", 1)[0] or words[:KEY_LENGTH]
    return words.strip("-")


def toml_string(value: str) -> str:
    return '"' + TOML_UNSAFE.sub(
        lambda m: TOML_ESCAPES.get(m[0], f"\\u{ord(m[0]):04x}"), value) + '"'


def entries_toml(sources: Sequence[NewSource], origin: str) -> str:
    lines = [f"# Added by `harvester import-opml` from {one_line(origin)}"]
    for source in sources:
        lines += ["", "[[source]]", f"key = {toml_string(source.key)}",
                  f"name = {toml_string(source.name)}", f"url = {toml_string(source.url)}",
                  'family = "auto"']
        if source.feed:
            lines.append(f"feed = {toml_string(source.feed)}")
    return "\n".join(lines) + "\n"


def append_sources(path: Path, sources: Sequence[NewSource], origin: str) -> None:
    """Append the entries, then load the file again; on failure restore its bytes."""
    original = path.read_bytes() if path.exists() else None
    separator = "\n" if original and not original.endswith(b"\n") else ""
    text = (separator + ("\n" if original else "") + entries_toml(sources, origin))
    try:
        with path.open("ab") as out:
            out.write(text.encode("utf-8"))
        load_registry(path)
    except (OSError, RegistryError) as exc:
        _restore(path, original)
        detail = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        raise UsageError(f"{path}: the imported sources could not be added ({detail}); the "
                         "file is unchanged") from None


def _restore(path: Path, original: bytes | None) -> None:
    """Undo the append, if anything was written (a file that could not be opened was not)."""
    if original is None:
        path.unlink(missing_ok=True)
    elif path.read_bytes() != original:
        path.write_bytes(original)
