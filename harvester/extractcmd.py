"""`harvester extract`: pages into Article JSON without a crawl or a store, for debugging a
source and for batch use: one saved file, one URL, standard input (``-``), or a manifest of
many pages read in one process."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvester.registry import Registry, Source
from harvester.usage import UsageError, say


@dataclass(frozen=True)
class PageInput:
    """One page to read: where it comes from, its bytes, and its URL if known."""

    label: str
    body: bytes
    content_type: str | None = None
    url: str | None = None
    path: Path | None = None
    """The file read, whose file: URL stands in when the page names none."""


class PageError(ValueError):
    """One page of a batch could not be read or made into an article; the batch goes on."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


def read_target(target: str, url: str | None) -> PageInput:
    """A file, an http(s) URL fetched now, or ``-`` for standard input."""
    from harvester.pagefetch import fetch_page

    if target == "-":
        return PageInput("-", sys.stdin.buffer.read(), url=url)
    if target.startswith(("http://", "https://")):
        body, content_type, final_url = fetch_page(target)
        return PageInput(target, body, content_type, url or final_url)
    path = Path(target)
    if not path.is_file():
        raise UsageError(f"{target}: no such file; give a saved HTML page, an http(s) URL or -")
    return PageInput(target, path.read_bytes(), url=url, path=path)


def manifest_pages(manifest: str) -> Iterator[PageInput | PageError]:
    """The pages a manifest names, one JSON object a line: ``{"path": ..., "url": ...}``
    (a relative path is relative to the manifest); a bad line is an error for that line."""
    source = Path(manifest)
    try:
        lines = source.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{manifest}: cannot read the manifest ({exc})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            path = Path(entry["path"])
        except (ValueError, KeyError, TypeError):
            yield PageError(f"{manifest}:{number}: not a JSON object with a \"path\"")
            continue
        path = path if path.is_absolute() else source.parent / path
        try:
            yield PageInput(str(entry["path"]), path.read_bytes(), url=entry.get("url"),
                            path=path)
        except OSError as exc:
            yield PageError(f"{path}: cannot read the page ({exc.strerror})", str(entry["path"]))


def article_record(page: PageInput, registry: Registry, source_key: str | None,
                   strict: bool) -> dict[str, Any]:
    """The Article JSON of one page; warnings (fields not read) go to stderr."""
    from scrapy.exceptions import DropItem

    from harvester.extract import ExtractionError, decode_html, extract
    from harvester.pagefetch import page_url, registry_source_for
    from pipelines import normalize
    from pipelines.validate import NO_TITLE, Rejected

    html = decode_html(page.body, page.content_type)
    url = page.url or page_url(html)
    if not url:
        url = page.path.resolve().as_uri() if page.path else "file:///dev/stdin"
        say(f"harvester: warning: {page.label}: the page names no canonical URL; read as "
            f"{url} (pass --url URL, or a \"url\" in the manifest)", error=True)
    source: Source = registry.get(source_key) if source_key else registry_source_for(
        registry, url)
    try:
        raw = extract(html, url, source, strict=strict)
        article = normalize(raw)
    except Rejected as exc:
        if strict or exc.reason != NO_TITLE:
            raise PageError(f"{page.label}: {exc}", page.label) from None
        article = exc.article
        say(f"harvester: warning: {url}: the page has no title; printed with an empty one "
            "(a crawl drops such a page, and --strict refuses it)", error=True)
    except (DropItem, ExtractionError) as exc:
        raise PageError(f"{page.label}: {exc}", page.label) from None
    for name, problem in [*raw.errors.items(), *article.problems]:
        say(f"harvester: warning: {url}: field {name!r}: {problem}", error=True)
    return article.record()


def run_extract(target: str | None, url: str | None, manifest: str | None,
                registry: Registry, source_key: str | None, strict: bool) -> bool:
    """Print the Article JSON of one page (indented) or of every page of a manifest (one a
    line, in order, ``{"error": ..., "path": ...}`` for a page that fails); whether all
    pages were read."""
    if manifest is None:
        if target is None:
            raise UsageError("extract: give a FILE, a URL, - or --manifest FILE.jsonl")
        try:
            record = article_record(read_target(target, url), registry, source_key, strict)
        except PageError as exc:
            say(f"harvester: {exc}", error=True)
            return False
        say(json.dumps(record, indent=2, ensure_ascii=False))
        return True
    all_read = True
    for page in manifest_pages(manifest):
        try:
            if isinstance(page, PageError):
                raise page
            line = article_record(page, registry, source_key, strict)
        except PageError as exc:
            all_read = False
            line = {"error": str(exc), "path": exc.path}
        say(json.dumps(line, ensure_ascii=False))
    return all_read
