"""The river page (``index.html``) and each source's page, rendered with Jinja2.

One template serves both: a source's page is a river of that source's articles, with its
own feeds and a link back to the merged river. The page carries no article markup (titles,
summaries, names and tags go out as escaped text), no script and no external resource.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from harvester import PROJECT_URL, __version__
from harvester.aggregator.items import FeedItem
from harvester.aggregator.plan import PublicationPlan
from harvester.text import one_line
from harvester.timestamps import PARIS, iso

TEMPLATE = "river.html.j2"
SUMMARY_LIMIT = 600
"""Characters of summary shown: a chapô, not the article; the link leads to the rest."""
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class PageLink:
    """A link the page lists: a feed, the OPML, a dump."""

    label: str
    href: str
    media_type: str


@dataclass(frozen=True)
class RiverPage:
    """What a river page shows: the merged river, or one source's page."""

    title: str
    description: str
    items: Sequence[FeedItem]
    feeds: Sequence[PageLink]
    other_links: Sequence[PageLink]
    sources: Sequence[tuple[str, str, str]]
    generated: datetime
    home_href: str = "index.html"


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None
    """None when the target is not an http(s) URL: the text is shown, not linked."""


@dataclass(frozen=True)
class Moment:
    label: str
    text: str
    machine: str


@dataclass(frozen=True)
class Entry:
    """One article as the template shows it: text only, links checked, dates in French."""

    id: str
    title: Link
    source: Link
    authors: list[Link]
    date: Moment
    summary: str
    tags: list[str]


def web_url(url: object) -> str | None:
    """The URL when it is absolute http(s), else None (javascript:, data:, relative...)."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def french_date(moment: datetime) -> str:
    """"9 novembre 2012", "1er mai 2024": the day in Paris, whatever the system locale."""
    local = moment.astimezone(PARIS)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {MONTHS[local.month - 1]} {local.year}"


def french_datetime(moment: datetime) -> str:
    """"27 novembre 2026 à 7 h 05", Paris time."""
    local = moment.astimezone(PARIS)
    return f"{french_date(local)} à {local.hour} h {local.minute:02d}"


def shortened(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The text cut at a word boundary before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def entry(item: FeedItem, source_pages: dict[str, str]) -> Entry:
    """The template's view of one article. An undated article shows its fetch date,
    labelled "Collecté le", so that the reader knows it is not a publication date."""
    source = item.source
    published = item.published
    date = (Moment("Publié le", french_date(published), iso(published)) if published
            else Moment("Collecté le", french_date(item.fetched), iso(item.fetched)))
    authors = [Link(name, web_url(a.get("url"))) for a in item.record.get("authors") or []
               if (name := one_line(a.get("name")))]
    return Entry(
        id=item.id,
        title=Link(item.title, web_url(item.url)),
        source=Link(one_line(source.get("name")) or source.get("key", ""),
                    source_pages.get(source.get("key", "")) or web_url(source.get("url"))),
        authors=authors,
        date=date,
        summary=shortened(" ".join((item.summary or "").split())),
        tags=[tag for t in item.record.get("tags") or [] if (tag := one_line(t))],
    )


@lru_cache(maxsize=8)
def environment(template_dirs: tuple[Path, ...]) -> Environment:
    """Templates from ``template_dirs`` first (a deployment's overrides), then the package's."""
    loader = ChoiceLoader([FileSystemLoader([str(d) for d in template_dirs]),
                           PackageLoader("harvester.aggregator", "templates")])
    return Environment(loader=loader, autoescape=select_autoescape(["html", "j2"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def render_page(page: RiverPage, template_dirs: Sequence[Path] = ()) -> bytes:
    """The page as UTF-8 HTML; ``river.html.j2`` in one of ``template_dirs`` replaces the
    packaged template (it may extend ``base.html.j2``)."""
    source_pages = {key: href for key, _, href in page.sources}
    template = environment(tuple(Path(d) for d in template_dirs)).get_template(TEMPLATE)
    html = template.render(
        page=page,
        entries=[entry(item, source_pages) for item in page.items],
        sources=[Link(name, href) for _, name, href in page.sources],
        generated=Moment("Dernière mise à jour", french_datetime(page.generated),
                         iso(page.generated)),
        generator=Link(f"ESS Harvester {__version__}", PROJECT_URL),
    )
    return html.encode("utf-8")


FEED_FORMATS = (("Atom", "atom", "application/atom+xml"), ("RSS", "rss", "application/rss+xml"),
                ("JSON Feed", "json", "application/feed+json"))


def feed_links(name: str, prefix: str = "") -> list[PageLink]:
    """The three formats of one feed document (``name`` without extension)."""
    return [PageLink(label, f"{prefix}{name}.{extension}", media_type)
            for label, extension, media_type in FEED_FORMATS]


def site_pages(plan: PublicationPlan, generated: datetime,
               template_dirs: Sequence[Path] = ()) -> Iterator[tuple[str, bytes]]:
    """``index.html``, the river of every source, and ``sources/<key>.html`` for each source
    (name in the output set, page)."""
    merged, *others = plan.feeds
    by_name = {document.name: document for document in others}
    tag_links = [PageLink(f"Étiquette « {d.label} » (Atom)", f"{d.name}.atom",
                          "application/atom+xml")
                 for d in others if d.name.startswith("tags/")]
    dumps = [PageLink("Liste des sources (OPML)", "sources.opml", "text/x-opml"),
             PageLink("Tous les articles (JSON)", "articles.json", "application/json"),
             PageLink("Tous les articles (JSON Lines)", "articles.jsonl", "application/jsonl")]
    navigation = [(s.key, by_name[f"sources/{s.key}"].label, f"sources/{s.key}.html")
                  for s in plan.sources]
    yield "index.html", render_page(RiverPage(
        merged.title, merged.subtitle, merged.items, feed_links("feed"), dumps + tag_links,
        navigation, generated), template_dirs)
    beside = [(key, name, href.removeprefix("sources/")) for key, name, href in navigation]
    for source in plan.sources:
        document = by_name[f"sources/{source.key}"]
        yield f"sources/{source.key}.html", render_page(RiverPage(
            document.label, document.subtitle, document.items,
            feed_links(source.key), feed_links("feed", "../"), beside, generated,
            home_href="../index.html"), template_dirs)
