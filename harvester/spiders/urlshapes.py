"""What a site's article URLs look like, learned during a run from the pages that proved to be
articles or not (sites of no known family, whose links are judged page by page).

A URL's shape is its path with the variable parts generalized: numbers become ``9``, slugs
(words joined by hyphens or underscores) ``<slug>``, an id before a slug ``9-<slug>``; the
query keeps its parameter names. ``/index.php/actualites/12-atelier-velo`` and
``/index.php/actualites/15-repair-cafe`` share one shape; ``/index.php/actualites`` has another.
Once a shape has given several pages and no article, its other pages are read as listings (for
their links) without being judged; links of a shape that gave articles are fetched first.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

NUMBER = re.compile(r"\d+")
SLUG = re.compile(r"^[^\W\d_]*\w*(?:[-_]\w+){2,}$")
ID_SLUG = re.compile(r"^\d+[-_]\w+(?:[-_]\w+)*$")
NOT_ARTICLE_MIN = 5
"""Pages of one shape judged not articles, with none that was, before its other pages are no
longer judged."""

Shape = tuple[str, ...]


def url_shape(url: str) -> Shape:
    """The path's segments generalized, then the sorted query parameter names."""
    parts = urlsplit(url)
    segments = []
    for segment in parts.path.strip("/").split("/"):
        stem, dot, extension = segment.rpartition(".") if "." in segment else (segment, "", "")
        if ID_SLUG.match(stem):
            general = "9-<slug>"
        elif SLUG.match(stem):
            general = "<slug>"
        else:
            general = NUMBER.sub("9", stem)
        segments.append(general + dot + extension)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return (*segments, *(f"?{name}" for name in names))


class UrlShapes:
    """The shapes of the pages judged so far this run."""

    def __init__(self) -> None:
        self.articles: Counter[Shape] = Counter()
        self.others: Counter[Shape] = Counter()

    def learn(self, url: str, *, article: bool) -> None:
        (self.articles if article else self.others)[url_shape(url)] += 1

    def is_article_shape(self, url: str) -> bool:
        return self.articles[url_shape(url)] > 0

    def never_article(self, url: str) -> bool:
        """Several pages of this shape were judged and none was an article."""
        shape = url_shape(url)
        return self.others[shape] >= NOT_ARTICLE_MIN and not self.articles[shape]
