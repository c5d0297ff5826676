"""The test pages of two public extractors, with their expected values as ground truth.

- newspaper4k: every ``tests/data/html/NAME.html`` with a ``tests/data/metadata/NAME.json``
  (title, authors, publish_date, language, url) and ``tests/data/txt/NAME.txt`` (the full
  article text). These are newspaper4k's own regression outputs, not an independent
  annotation: its author lists are wrong on some pages (a related-stories rail, a publisher or
  a share link taken for authors) and are kept as they are.
- goose3: ``tests/data/{content,publishdate,authors,title}/NAME.html`` with ``NAME.json``
  (``url`` and ``expected``: cleaned_text, the *beginning* of the body; title; authors;
  publish_date). An empty expected title means "no title" and is not scored;
  ``content/test_pattern_config`` is left out, its truth exists only under a goose3
  configuration naming the content's class. Pages under 4 KB are hand-written fragments
  testing one field, not news pages: they make a subset of their own, ``goose3-snippets``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from eval.metrics import iso_date

SNIPPET_BYTES = 4096


@dataclass(frozen=True)
class Page:
    """One test page and its normalized ground truth (None: not known)."""

    subset: str
    name: str
    html: bytes
    url: str | None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    body: str | None = None
    body_is_prefix: bool = False
    language: str | None = None


Pages = Callable[[dict[str, bytes]], Iterator[Page]]


@dataclass(frozen=True)
class Repo:
    """A public GitHub repository pinned at one commit, and the folders its pages come from."""

    owner: str
    name: str
    commit: str
    folders: tuple[str, ...]
    pages: Pages


def newspaper4k_pages(files: dict[str, bytes]) -> Iterator[Page]:
    """newspaper4k's pages that have both HTML and metadata."""
    for path in sorted(files):
        if not (path.startswith("tests/data/html/") and path.endswith(".html")):
            continue
        name = path.removeprefix("tests/data/html/").removesuffix(".html")
        meta = files.get(f"tests/data/metadata/{name}.json")
        if meta is None:
            continue
        truth = json.loads(meta)
        text = files.get(f"tests/data/txt/{name}.txt")
        yield Page("newspaper4k", name, files[path], truth.get("url") or None,
                   title=truth.get("title") or None, authors=truth.get("authors") or [],
                   date=iso_date(truth.get("publish_date")),
                   body=text.decode("utf-8") if text else None, language=truth.get("language"))


def goose3_pages(files: dict[str, bytes]) -> Iterator[Page]:
    """goose3's pages with an expected title, authors, publication date or text."""
    for path in sorted(files):
        if not path.endswith(".json") or path == "tests/data/content/test_pattern_config.json":
            continue
        name = path.removeprefix("tests/data/").removesuffix(".json")
        html = files.get(f"tests/data/{name}.html")
        if html is None:
            continue
        data: dict[str, Any] = json.loads(files[path])
        expected = data.get("expected") or {}
        body = expected.get("cleaned_text") or None
        subset = "goose3-snippets" if len(html) < SNIPPET_BYTES else "goose3"
        page = Page(subset, name, html, data.get("url") or None,
                    title=expected.get("title") or None, authors=expected.get("authors") or [],
                    date=iso_date(expected.get("publish_date")),
                    body=body, body_is_prefix=body is not None,
                    language=expected.get("meta_lang") or None)
        if page.title or page.authors or page.date or page.body:
            yield page


REPOS = {
    "newspaper4k": Repo("AndyTheFactory", "newspaper4k", "540bff3e8344cb8291c4829fafd98860f30d9692",
                        ("tests/data/html/", "tests/data/metadata/", "tests/data/txt/"),
                        newspaper4k_pages),
    "goose3": Repo("goose3", "goose3", "c5a8902eed0c4592a1ff5ec51a0277cf73a3aca7",
                   tuple(f"tests/data/{kind}/" for kind in ("content", "publishdate", "authors",
                                                            "title")),
                   goose3_pages),
}
