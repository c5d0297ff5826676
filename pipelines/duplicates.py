"""Cross-site near-duplicates: MinHash over word shingles (harvester.minhash), LSH bands looked
up in the store.

The same press release on several network sites has the same body with different chrome,
title casing and URL. Each article's signature is split into bands; only stored articles
sharing a band are compared, so the cost does not grow with the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from harvester.minhash import band_keys, signature, similarity
from harvester.model import Article
from harvester.store import ArticleStore
from pipelines.base import StorePipeline

THRESHOLD = 0.7

__all__ = ["NearDuplicatePipeline", "find_primary"]


def find_primary(store: ArticleStore, article: Article, sig: bytes | None,
                 keys: Sequence[int]) -> str | None:
    """The stored article this one is a copy of, if any."""
    known = store.article_id_for_url(article.url)
    if known and known != article.id:
        return known
    if sig is None:
        return None
    best: tuple[float, str] | None = None
    for candidate in store.candidates(keys):
        if candidate.id == article.id:
            continue
        score = similarity(sig, candidate.signature)
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, candidate.id)
    return best[1] if best else None


class NearDuplicatePipeline(StorePipeline):
    """Marks an article as a copy of a stored one (``duplicate_of``) for the storage step."""

    stage = "dedupe"

    def apply(self, article: Article) -> None:
        if article.signature is None:
            article.signature = signature(article.content_text)
        if self.store is None:
            return
        article.duplicate_of = find_primary(self.store, article, article.signature,
                                            band_keys(article.signature))
        if article.duplicate_of and self.stats is not None:
            self.stats.inc_value("harvester/duplicates/found")
