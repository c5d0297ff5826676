"""MinHash signatures of article bodies and their LSH band keys, vectorized with numpy.

A body's shingles are its overlapping 5-word sequences, case- and accent-folded. Each distinct
whitespace-separated token is split into words, folded and hashed (CRC-32) once per process, as
the vocabulary of a network's articles repeats (a third of the time of tokenizing the whole body
with the regex); a shingle's 64-bit hash combines its five word hashes. The signature is a one
permutation hash (Li, Owen & Zhang 2012): the shingle hashes are split by their top 7 bits into
128 buckets and each bucket keeps its smallest hash, as 128 independent hash functions would
keep theirs, for one sort instead of 128 passes (0.4 ms for a 30 KB article, against 0.9 ms
with 128 multiply-add-shift hashes and 2.4 ms for datasketch's per-shingle SHA-1 in Python).
An empty bucket (a short body) takes the value of the next filled one, with an offset for the
distance ("densification", Shrivastava & Li 2014), so that two sketches still agree on a
bucket as often as their shingle sets overlap. A signature is 128 little-endian uint32 values;
the store indexes 32 bands of 4 rows. A store whose signatures were made by an earlier scheme
has them recomputed by a migration (harvester.store.migrations).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from zlib import crc32

import numpy as np

from harvester.text import fold

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
MIN_SHINGLES = 20
WORD = re.compile(r"\w+")

_RANDOM = np.random.Generator(np.random.PCG64(7))
_POSITION = _RANDOM.integers(1, 2**63, size=SHINGLE, dtype=np.uint64) | np.uint64(1)
_BAND_MIX = _RANDOM.integers(1, 2**63, size=(3,), dtype=np.uint64) | np.uint64(1)
_FINALIZER = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
"""splitmix64's multipliers: every bit of a shingle's hash depends on every bit of its words'."""
_BUCKET_SHIFT = np.uint64(64 - 7)
_BUCKETS = np.arange(NUM_PERM, dtype=np.uint64)
_BUCKET_STARTS = _BUCKETS << _BUCKET_SHIFT
_DENSIFY_STEP = np.uint32(0x9E3779B9)


def shingle_hashes(text: str) -> np.ndarray:
    """The 64-bit hashes of the text's 5-word shingles, sorted (uint64 array)."""
    words = word_hashes(text)
    if len(words) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter(words, dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):
        combined += hashes[offset:offset + count] * _POSITION[offset]
    combined ^= combined >> np.uint64(31)
    combined *= _FINALIZER[0]
    combined ^= combined >> np.uint64(27)
    combined *= _FINALIZER[1]
    combined ^= combined >> np.uint64(33)
    combined.sort()
    return combined


def word_hashes(text: str) -> list[int]:
    """The CRC-32 of each folded word of the text (``\\w+``), in order."""
    return list(chain.from_iterable(map(_TOKEN_HASHES.__getitem__, text.split())))


class TokenHashes(dict[str, tuple[int, ...]]):
    """The CRC-32 of each folded word of a token (case and accents do not count), by token;
    emptied when full. Whitespace is never part of a word: a text's words are its tokens'."""

    def __missing__(self, token: str) -> tuple[int, ...]:
        if len(self) >= TOKEN_CACHE_SIZE:
            self.clear()
        hashes = self[token] = tuple(crc32(fold(word).encode()) for word in WORD.findall(token))
        return hashes


TOKEN_CACHE_SIZE = 131_072
_TOKEN_HASHES = TokenHashes()


def signature(text: str) -> bytes | None:
    """The MinHash signature of a body, or None when it has too few distinct shingles to
    compare."""
    shingles = shingle_hashes(text)
    if len(shingles) < MIN_SHINGLES or (
            np.count_nonzero(shingles[1:] != shingles[:-1]) + 1 < MIN_SHINGLES):
        return None
    # the smallest hash of each bucket is the first one at or after the bucket's start
    first = np.minimum(np.searchsorted(shingles, _BUCKET_STARTS), len(shingles) - 1)
    smallest = shingles[first]
    filled = np.flatnonzero((smallest >> _BUCKET_SHIFT) == _BUCKETS)
    values = ((smallest >> np.uint64(25)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    if len(filled) < NUM_PERM:
        # each empty bucket: the next filled one (round the end), offset by the distance
        buckets = np.arange(NUM_PERM)
        source = filled[np.searchsorted(filled, buckets) % len(filled)]
        distance = ((source - buckets) % NUM_PERM).astype(np.uint32)
        values = values[source] + distance * _DENSIFY_STEP
    return values.astype("<u4").tobytes()


@lru_cache(maxsize=64)
def band_keys(sig: bytes | None) -> tuple[int, ...]:
    """One signed 64-bit key per band of rows (what the store indexes); none without a
    signature. Remembered for the last signatures: the lookup and the storage step of an
    article, and the migration's 32 calls per article, ask for the same keys."""
    if not sig:
        return ()
    rows = np.frombuffer(sig, dtype="<u4").astype(np.uint64).reshape(BANDS, ROWS)
    key = np.arange(BANDS, dtype=np.uint64) * _BAND_MIX[0]
    for row in range(ROWS):
        key = (key ^ rows[:, row]) * _BAND_MIX[1 + row % 2]
        key ^= key >> np.uint64(29)
    return tuple(key.view(np.int64).tolist())


def similarity(sig: bytes, other: bytes) -> float:
    """Estimated Jaccard similarity of the two bodies' shingle sets."""
    a = np.frombuffer(sig, dtype="<u4")
    b = np.frombuffer(other, dtype="<u4")
    return float(np.count_nonzero(a == b)) / NUM_PERM
