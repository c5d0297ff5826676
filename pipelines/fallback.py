"""Date and authors from the page's main content (trafilatura, htmldate) when the selectors
and the structured data gave none that normalizes: a byline holding only a date, a theme
without a date element."""

from __future__ import annotations

from harvester.extract.fallback import main_content
from harvester.extract.raw import RawArticle, RawAuthor
from harvester.model import Article
from pipelines.authors import page_authors
from pipelines.base import RawFieldsPipeline
from pipelines.dates import as_of, normalize_date, page_reading


class MainContentFieldsPipeline(RawFieldsPipeline):
    """The date of any page, the authors of a page of no known family: a family page without
    a byline is common (many SPIP sites sign nothing), and asking the general extractor for
    each of them would put its cost on the family path."""

    def fill(self, article: Article, raw: RawArticle) -> None:
        wants_authors = not article.authors and (
            raw.family == "generic" or raw.main_content is not None)
        if (article.published and not wants_authors) or not raw.html:
            return
        content = main_content(raw)
        if content is None:
            return
        if not article.published:
            now, reading = as_of(raw.fetched_at), page_reading(raw)

            def read(date: str | None) -> str | None:
                return normalize_date([date], now, reading)[0] if date else None

            # htmldate's search only when the page writes no "Publié le"
            article.published = read(content.written_date) or read(content.date)
            if article.published:
                article.problems = [p for p in article.problems if p[0] != "published"]
        if wants_authors and content.authors:
            article.authors = page_authors([RawAuthor(name) for name in content.authors],
                                           None, raw)
        if wants_authors and not article.authors and content.written_byline:
            # the declared author was only the site's name ("ABC News")
            article.authors = page_authors([RawAuthor(content.written_byline)], None, raw)
