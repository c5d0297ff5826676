"""Tags: keyword lists split, trimmed, mapped through synonyms and de-duplicated."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from harvester.extract.raw import RawArticle
from harvester.model import Article
from harvester.text import fold, one_line
from pipelines.base import RawFieldsPipeline

LIST_SEPARATORS = re.compile(r"\s*[,;|]\s*")
LABEL = re.compile(r"^(?:mots?[- ]cl[ée]s?|tags?|étiquettes?|keywords?|thèmes?)\s*"
                   r"(?:li[ée]s?\s+à\s+cet\s+article)?\s*:\s*", re.IGNORECASE)
EDGE_PUNCTUATION = " \t.,;:!?·•-–—\"'«»“”()[]"
MAX_TAG_LENGTH = 80


def split_tags(raw: list[str]) -> list[str]:
    """Single tags from raw keyword strings ("a, b; c", "#ESS", "Mots clés : RTES")."""
    tags = []
    for value in raw:
        for piece in LIST_SEPARATORS.split(LABEL.sub("", one_line(value))):
            tag = piece.lstrip("#").strip(EDGE_PUNCTUATION).lstrip("#")
            if tag and len(tag) <= MAX_TAG_LENGTH and any(c.isalnum() for c in tag):
                tags.append(tag)
    return tags


def display_rank(tag: str) -> tuple[int, int, int]:
    """Prefer the accented, capitalized, not-shouting spelling among equivalent tags."""
    accents = sum(1 for c in unicodedata.normalize("NFD", tag) if unicodedata.combining(c))
    return (accents, int(tag[:1].isupper()), int(not (tag.isupper() and len(tag) > 4)))


def normalize_tags(raw: list[str], synonyms: Mapping[str, str]) -> list[str]:
    """Tags in first-seen order, one per case- and accent-insensitive key."""
    table = {fold(k): v for k, v in synonyms.items()}
    best: dict[str, str] = {}
    for tag in split_tags(raw):
        preferred = table.get(fold(tag), tag)
        key = fold(preferred)
        if key not in best or display_rank(preferred) > display_rank(best[key]):
            best[key] = preferred
    return list(best.values())


class TagsPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        article.tags = normalize_tags(raw.tags, raw.source.tag_synonyms)
