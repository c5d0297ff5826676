"""Public extractors' test pages and a news annotation set, their expected values as ground
truth.

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
- postlight: the Postlight (Mercury) parser's site fixtures ``fixtures/*.html``, with the
  values its per-site tests ``src/extractors/custom/SITE/index.test.js`` assert: title,
  author (one string, split into names at commas and "and"), date_published (in UTC), and the
  first words of the content, a beginning of the body. These are Mercury's outputs with
  hand-written site rules, a few of them odd (an e-mail address or a biography in the
  author). Most fixtures were saved after Mercury's ``normalizeMetaTags``, which moves every
  ``<meta>``'s ``content`` into a ``value`` attribute: it is moved back, as the site served
  it.
- l3s-gn1: the L3S-GN1 set of 621 English news pages of 2008 from 408 sites (Kohlschütter et
  al., WSDM 2010; research use only), as geodrome/page-signal keeps it unpacked: the page
  ``original/ID.html``, its copy ``annotated/ID.html`` where human assessors marked the
  headline (``x-nc-sel1``) and the full text (``x-nc-sel2``), and the page's address in
  ``url-mapping.txt``. The annotated copy writes "?" for the characters outside Latin-1 (curly
  quotes, dashes): the headline is read back from the original page where it matches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

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


JS_STRING = r"""(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`)"""
JS_TEXT = rf"{JS_STRING}(?:\s*\+\s*{JS_STRING})*"
"""A JavaScript string literal, or several joined with +."""
MERCURY_TEST = re.compile(
    rf"readFileSync\(\s*['\"]\./(?P<fixture>fixtures/[^'\"]+)['\"]"
    rf"|\burl\s*=\s*(?P<url>{JS_TEXT})"
    rf"|assert\.equal\(\s*(?P<name>\w+)\s*,\s*(?P<value>{JS_TEXT})\s*,?\s*\)"
    r"|(?P<excerpt>\w+)\s*=\s*excerptContent\(")
"""What a Mercury site test reads: its fixture, the page's URL, the values asserted (the
content's first words are asserted under the name given to ``excerptContent(...)``)."""
AUTHOR_SEPARATORS = re.compile(r"\s*,\s*|\s+and\s+")


def js_text(literal: str) -> str:
    """The value of string literals joined with + (escapes read, no template expressions)."""
    return "".join(re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), part[1:-1])
                   for part in re.findall(JS_STRING, literal))


META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
VALUE_ATTRIBUTE = re.compile(rb"(\s)value(\s*=)", re.IGNORECASE)


def served_meta(html: bytes) -> bytes:
    """A Mercury fixture's ``<meta value=...>`` tags with their ``content`` attribute back."""
    return META_TAG.sub(lambda tag: tag[0] if re.search(rb"\scontent\s*=", tag[0], re.I)
                        else VALUE_ATTRIBUTE.sub(rb"\1content\2", tag[0], count=1), html)


def postlight_pages(files: dict[str, bytes]) -> Iterator[Page]:
    """The fixtures of Mercury's site tests, with the values the tests assert."""
    for path in sorted(files):
        if not path.endswith("/index.test.js"):
            continue
        fixture = url = None
        excerpts: set[str] = set()
        truths: dict[str, dict[str, str]] = {}
        for found in MERCURY_TEST.finditer(files[path].decode("utf-8")):
            if found["fixture"]:
                fixture = found["fixture"]
            elif found["url"]:
                url = js_text(found["url"])
            elif found["excerpt"]:
                excerpts.add(found["excerpt"])
            elif fixture and fixture in files:
                truth = truths.setdefault(fixture, {"url": url or ""})
                name = "content" if found["name"] in excerpts else found["name"]
                truth[name] = js_text(found["value"])
        for fixture, truth in truths.items():
            authors = AUTHOR_SEPARATORS.split(truth.get("author", "").strip())
            page = Page("postlight", fixture.removeprefix("fixtures/").removesuffix(".html"),
                        served_meta(files[fixture]), truth["url"] or None,
                        title=truth.get("title") or None,
                        authors=[name for name in authors if name],
                        date=iso_date(truth.get("date_published")),
                        body=truth.get("content") or None, body_is_prefix=True)
            if page.title or page.authors or page.date or page.body:
                yield page


L3S = "L3S-GN1-20100130203947-00001"


def l3s_pages(files: dict[str, bytes]) -> Iterator[Page]:
    """The L3S-GN1 news pages, with their annotated headline and full text."""
    urls = dict(line.split("\t", 1) for line in
                files[f"{L3S}/url-mapping.txt"].decode("utf-8").splitlines() if "\t" in line)
    for path in sorted(files):
        if not (path.startswith(f"{L3S}/annotated/") and path.endswith(".html")):
            continue
        name = path.removeprefix(f"{L3S}/annotated/").removesuffix(".html")
        original = files.get(f"{L3S}/original/{name}.html")
        if original is None:
            continue
        annotated = _tree(files[path])
        headlines = _blocks(annotated, 1)
        text = "\n".join(block for block in _blocks(annotated, 2) if block)
        yield Page("l3s-gn1", name, original, urls.get(f"<urn:uuid:{name}>", "").strip() or None,
                   title=_restored(headlines[0], original) if len(headlines) == 1 else None,
                   body=text or None)


def _tree(page: bytes) -> lxml_html.HtmlElement:
    """The page parsed as UTF-8 when its bytes are (some of these pages say ISO-8859-1 and are
    not), else as its markup declares, in browsers' reading of the labels (w3lib)."""
    try:
        page.decode("utf-8")
    except UnicodeDecodeError:
        page = html_to_unicode(None, page)[1].encode("utf-8")
    return lxml_html.document_fromstring(page, parser=lxml_html.HTMLParser(encoding="utf-8"))


def _blocks(annotated: lxml_html.HtmlElement, label: int) -> list[str]:
    return [" ".join("".join(span.itertext()).split())
            for span in annotated.iter("span") if span.get("class") == f"x-nc-sel{label}"]


def _restored(marked: str, original: bytes) -> str:
    """The marked text with the characters its "?" stand for, read from the original page."""
    if "?" not in marked:
        return marked
    page_text = " ".join(_tree(original).text_content().split())
    pattern = re.escape(marked).replace(r"\?", "[^\\s\\w]")
    found = re.search(pattern, page_text)
    return found.group() if found else marked


REPOS = {
    "newspaper4k": Repo("AndyTheFactory", "newspaper4k", "540bff3e8344cb8291c4829fafd98860f30d9692",
                        ("tests/data/html/", "tests/data/metadata/", "tests/data/txt/"),
                        newspaper4k_pages),
    "goose3": Repo("goose3", "goose3", "c5a8902eed0c4592a1ff5ec51a0277cf73a3aca7",
                   tuple(f"tests/data/{kind}/" for kind in ("content", "publishdate", "authors",
                                                            "title")),
                   goose3_pages),
    "postlight": Repo("postlight", "parser", "e8ba7ece291efa4d915d50dd4deeec17d54359f2",
                      ("fixtures/", "src/extractors/custom/"), postlight_pages),
    "l3s-gn1": Repo("geodrome", "page-signal", "186d8153b3d111f84865ddc180600a9cbe35ac7f",
                    (f"{L3S}/original/", f"{L3S}/annotated/", f"{L3S}/url-mapping.txt"),
                    l3s_pages),
}
