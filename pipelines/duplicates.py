"""Cross-site near-duplicates: MinHash over word shingles, LSH bands looked up in the store.

The same press release on several network sites has the same body with different chrome,
title casing and URL. Each article's signature is split into bands; only stored articles
sharing a band are compared, so the cost does not grow with the store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np

from harvester.model import Article
from harvester.store import ArticleStore
from harvester.text import fold
from pipelines.base import StorePipeline

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
MIN_SHINGLES = 20
THRESHOLD = 0.7
SCHEME = "affine32"
WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """Overlapping 5-word sequences of the case- and accent-folded text."""
    words = WORD.findall(fold(text))
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


@cache
def _permutations() -> Any:
    """The MinHash permutations, drawn once (datasketch is imported where signatures are
    made, the worker processes, not by every command that loads this module)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME)


def signature(text: str) -> bytes | None:
    """The MinHash signature of a body, or None when it is too short to compare reliably."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    minhash = type(_permutations())(num_perm=NUM_PERM, permutations=_permutations().permutations,
                      scheme=SCHEME)
    minhash.update_batch(grams)
    return minhash.hashvalues.astype(np.uint32).tobytes()


@lru_cache(maxsize=64)
def band_keys(sig: bytes | None) -> tuple[int, ...]:
    """One signed 64-bit key per band of rows (what the store indexes); none without a
    signature. Remembered for the last signatures: the lookup and the storage step of an
    article both need them."""
    if not sig:
        return ()
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS * 4:(band + 1) * ROWS * 4]
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def similarity(sig: bytes, other: bytes) -> float:
    """Estimated Jaccard similarity of the two bodies' shingle sets."""
    a = np.frombuffer(sig, dtype=np.uint32)
    b = np.frombuffer(other, dtype=np.uint32)
    return float(np.count_nonzero(a == b)) / NUM_PERM


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
