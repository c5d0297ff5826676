"""Benchmark: cost of near-duplicate detection and storage per inserted article.

Fills a store to 10,000 and then 100,000 articles, and at each size times the full path
of one new article through the pipelines' logic (MinHash signature, LSH candidate lookup
in the store, similarity check, upsert), for fresh articles and for near-duplicate copies.

    python bench/duplicates.py [--sizes 10000 100000] [--probes 500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from harvester.minhash import band_keys, signature
from harvester.model import Article
from harvester.store import SQLiteStore
from harvester.urls import article_id
from pipelines.duplicates import find_primary

WORDS = [
    "économie", "sociale", "solidaire", "coopérative", "collectivité", "territoire", "emploi",
    "insertion", "association", "réseau", "pôle", "développement", "projet", "commande",
    "publique", "monnaie", "locale", "région", "commune", "financement", "innovation",
    "bénévoles", "salariés", "gouvernance", "mutualisation", "entreprise", "SCIC", "SCOP",
]


def vocabulary(size: int = 6000) -> list[str]:
    rng = random.Random(1)
    return WORDS + [f"{rng.choice(WORDS)}{i}" for i in range(size)]


def body(rng: random.Random, vocab: list[str], words: int = 180) -> str:
    return " ".join(rng.choice(vocab) for _ in range(words))


def article_record(url: str, text: str) -> dict[str, object]:
    return {
        "id": article_id(url), "url": url,
        "source": {"key": "bench", "name": "Bench", "url": "https://bench.example/"},
        "title": text[:60], "summary": None, "authors": [], "published": None,
        "updated": None, "language": "fr", "section": [], "tags": [],
        "content_html": f"<p>{text}</p>", "content_text": text, "footnotes": [],
        "attachments": [], "images": [], "also_at": [],
        "fetched_at": "2026-11-27T06:00:00+00:00",
    }


def insert(store: SQLiteStore, url: str, text: str) -> tuple[float, bool]:
    """Seconds spent on one article, and whether it was recognized as a copy."""
    started = time.perf_counter()
    record = article_record(url, text)
    sig = signature(text)
    keys = band_keys(sig)
    probe = Article.from_dict(record)
    primary = find_primary(store, probe, sig, keys)
    if primary:
        store.merge_duplicate(primary, record, sig, keys)
    else:
        store.save(record, sig, keys)
    return time.perf_counter() - started, primary is not None


def fill(store: SQLiteStore, target: int, rng: random.Random, vocab: list[str]) -> None:
    while store.count() < target:
        n = store.count()
        insert(store, f"https://site{n % 25}.example/article{n}", body(rng, vocab))


def report(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return (f"{label}: mean {statistics.fmean(ms):.2f} ms, median {statistics.median(ms):.2f} ms,"
            f" p95 {ms[int(len(ms) * 0.95) - 1]:.2f} ms per article ({len(ms)} articles)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--probes", type=int, default=500)
    args = parser.parse_args()
    rng, vocab = random.Random(7), vocabulary()
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.sqlite")
        for size in sorted(args.sizes):
            started = time.perf_counter()
            fill(store, size, rng, vocab)
            print(f"store filled to {store.count():,} articles "
                  f"({time.perf_counter() - started:.0f} s)")
            fresh = [insert(store, f"https://probe.example/{size}/{i}", body(rng, vocab))
                     for i in range(args.probes)]
            originals = [store.get(article_id(f"https://probe.example/{size}/{i}"))
                         for i in range(args.probes)]
            copies = [insert(store, f"https://copy.example/{size}/{i}",
                             "Communiqué relayé : " + original["content_text"])
                      for i, original in enumerate(originals) if original]
            print("  " + report(f"at {size:,}, new article", [s for s, _ in fresh]))
            print("  " + report(f"at {size:,}, near-duplicate copy", [s for s, _ in copies]))
            print(f"  copies recognized: {sum(found for _, found in copies)}/{len(copies)};"
                  f" false matches among new articles: {sum(found for _, found in fresh)}")
        store.close()


if __name__ == "__main__":
    main()
