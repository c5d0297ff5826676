"""Benchmark: cost of near-duplicate detection and storage per inserted article.

Fills a store to 10,000 and then 100,000 articles, and at each size times the path of one new
article through the pipelines' logic, for fresh articles and for near-duplicate copies: the
detection (MinHash signature, LSH candidate lookup in the store, similarity check), then its
write (upsert), each write committed alone, then the same with the writes committed in groups
as a crawl commits them (HARVESTER_COMMIT_INTERVAL).

    python bench/duplicates.py [--sizes 10000 100000] [--probes 500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from harvester.minhash import band_keys, signature
from harvester.model import Article
from harvester.settings import HARVESTER_COMMIT_INTERVAL
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


@dataclass(frozen=True)
class Insert:
    """Seconds one article took to be checked against the store, then written to it."""

    detection: float
    write: float
    copy: bool
    """Whether it was recognized as a copy of a stored article."""

    @property
    def total(self) -> float:
        return self.detection + self.write


def insert(store: SQLiteStore, url: str, text: str) -> Insert:
    started = time.perf_counter()
    record = article_record(url, text)
    sig = signature(text)
    keys = band_keys(sig)
    probe = Article.from_dict(record)
    primary = find_primary(store, probe, sig, keys)
    detected = time.perf_counter()
    if primary:
        store.merge_duplicate(primary, record, sig, keys)
    else:
        store.save(record, sig, keys)
    return Insert(detected - started, time.perf_counter() - detected, primary is not None)


def fill(store: SQLiteStore, target: int, rng: random.Random, vocab: list[str]) -> None:
    while store.count() < target:
        n = store.count()
        insert(store, f"https://site{n % 25}.example/article{n}", body(rng, vocab))


def report(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return (f"{label}: mean {statistics.fmean(ms):.2f} ms, median {statistics.median(ms):.2f} ms,"
            f" p95 {ms[int(len(ms) * 0.95) - 1]:.2f} ms per article ({len(ms)} articles)")


def probe(store: SQLiteStore, size: int, count: int, run: str, rng: random.Random,
          vocab: list[str]) -> tuple[list[Insert], list[Insert]]:
    """``count`` new articles, then a near-duplicate copy of each; the commit of the writes
    still open after each series counts as the last article's."""
    fresh = flushed(store, [insert(store, f"https://probe.example/{run}/{size}/{i}",
                                   body(rng, vocab)) for i in range(count)])
    originals = [store.get(article_id(f"https://probe.example/{run}/{size}/{i}"))
                 for i in range(count)]
    copies = flushed(store, [insert(store, f"https://copy.example/{run}/{size}/{i}",
                                    "Communiqué relayé : " + original["content_text"])
                             for i, original in enumerate(originals) if original])
    return fresh, copies


def flushed(store: SQLiteStore, inserts: list[Insert]) -> list[Insert]:
    started = time.perf_counter()
    store.flush()
    last = inserts[-1]
    return [*inserts[:-1], replace(last, write=last.write + time.perf_counter() - started)]


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
            store.commit_every(HARVESTER_COMMIT_INTERVAL)
            fill(store, size, rng, vocab)
            store.flush()
            print(f"store filled to {store.count():,} articles "
                  f"({time.perf_counter() - started:.0f} s)")
            for run, interval in (("alone", 0.0), ("grouped", HARVESTER_COMMIT_INTERVAL)):
                store.commit_every(interval)
                fresh, copies = probe(store, size, args.probes, run, rng, vocab)
                commits = ("each write committed alone" if not interval else
                           f"writes committed every {interval:g} s, as a crawl commits them")
                print(f"  at {size:,}, {commits}:")
                for label, inserts in (("new article", fresh), ("near-duplicate copy", copies)):
                    print("    " + report(f"{label}, detection",
                                          [i.detection for i in inserts]))
                    print("    " + report(f"{label}, detection and write",
                                          [i.total for i in inserts]))
                print(f"    copies recognized: {sum(i.copy for i in copies)}/{len(copies)};"
                      f" false matches among new articles: {sum(i.copy for i in fresh)}")
        store.close()


if __name__ == "__main__":
    main()
