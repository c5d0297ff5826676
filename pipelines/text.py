"""Title, summary, section and language: plain, one-line, without site chrome."""

from __future__ import annotations

import re

import langcodes
from langcodes.tag_parser import LanguageTagError

from harvester.extract.raw import RawArticle
from harvester.fragments import html_to_text
from harvester.model import Article
from harvester.text import fold, one_line
from pipelines.base import RawFieldsPipeline

TITLE_SEPARATORS = re.compile(r"\s+[-–—|:·•»]+\s+|\s*::\s*")
TRUNCATION_MARK = re.compile(r"\s*[(\[](?:\.\.\.|…)[)\]]\s*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""A tag the Article schema takes (no private-use or grandfathered forms)."""


def clean_title(title: str | None, site_names: list[str]) -> str:
    """The title on one line, without a trailing (or leading) site-name part."""
    text = one_line(title)
    names = {fold(n) for n in site_names if n.strip()}
    names |= {fold(re.split(r" [-—] ", n)[0]) for n in site_names if n.strip()}
    separators = list(TITLE_SEPARATORS.finditer(text))
    for separator in reversed(separators):
        if fold(text[separator.end():]) in names:
            return text[: separator.start()].strip()
    for separator in separators:
        if fold(text[: separator.start()]) in names:
            return text[separator.end():].strip()
    return text


def html_to_plain(fragment: str | None) -> str:
    """Text of an HTML fragment on one line."""
    return one_line(html_to_text(fragment or ""))


def bcp47(value: str | None, default: str) -> str:
    """The standard BCP 47 tag (langcodes) of a declared language: "fr_FR", "FR", "fra" and the
    first of a Content-Language list "fr, en" read as fr-FR, fr, fr, fr; the default when it
    is no language tag ("français", "x")."""
    first = (value or "").split(",")[0].split(";")[0].strip().replace("_", "-")
    try:
        tag = langcodes.standardize_tag(first) if first else ""
    except (ValueError, LanguageTagError):
        return default
    return tag if tag and LANGUAGE.match(tag) and langcodes.tag_is_valid(tag) else default


def summary(raw: RawArticle) -> str | None:
    text = (html_to_plain(raw.summary_html) or one_line(raw.subtitle)
            or one_line(raw.description))
    return TRUNCATION_MARK.sub("…", text) or None


def section(crumbs: list[str], title: str) -> list[str]:
    """The breadcrumb below the home page: no empty crumb, no title, no crumb said twice in
    a row (Yoast shows both the posts page and the category, often the same word)."""
    path: list[str] = []
    for crumb in (one_line(c) for c in crumbs):
        if crumb and not same(crumb, title) and not (path and same(path[-1], crumb)):
            path.append(crumb)
    return path


def same(first: str, second: str) -> bool:
    """The same words, whatever the case, accents and apostrophes (’ or ')."""
    return fold(first.replace("\u2019", "'")) == fold(second.replace("\u2019", "'"))


class TextFieldsPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        article.title = clean_title(raw.title, [raw.site_name or "", raw.source.name])
        article.summary = summary(raw)
        article.section = section(raw.section, article.title)
        article.language = bcp47(raw.language, raw.source.language)
