"""The two extractors compared, each run on a batch of pages into the same plain record."""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import time
from contextlib import redirect_stderr, suppress
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from trafilatura.settings import Document


@dataclass(frozen=True)
class Extraction:
    """What one tool read from one page; ``error`` when it gave nothing."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    body: str = ""
    error: str | None = None


@dataclass(frozen=True)
class Batch:
    """One tool's extractions of a batch of pages, in order, and the batch's wall time."""

    extractions: list[Extraction]
    seconds: float
    warm_seconds: float | None = None
    """CPU seconds of a warm reading of the batch (``warm_cpu``)."""

    @property
    def steady_ms(self) -> float | None:
        """CPU milliseconds a page, once warm."""
        pages = len(self.extractions)
        return self.warm_seconds / pages * 1000 if pages and self.warm_seconds else None


ROUNDS = 5


def warm_cpu(manifest: Path, pages: list[tuple[Path, str | None]]) -> tuple[float, float]:
    """CPU seconds of a warm reading of the batch by the harvester (the function behind
    ``harvester extract --manifest``, its warnings not printed) and by trafilatura, each the
    median of rounds that alternate the two tools in this process: start-up and one-time loads
    (language model, date locales) are behind them, CPU time leaves the machine's other work
    out, and a change of the machine's pace (a tenth or more within a minute) weighs on both."""
    from harvester.extractcmd import PageError, article_record, manifest_pages
    from harvester.registry import load_registry

    registry = load_registry()
    readable = [page for page in manifest_pages(str(manifest)) if not isinstance(page, PageError)]
    documents = [(path.read_bytes(), url) for path, url in pages]

    def harvester() -> None:
        for page in readable:
            with suppress(PageError):
                article_record(page, registry, None, False)

    def trafilatura() -> None:
        for html, url in documents:
            trafilatura_extraction(html, url)

    times: dict[str, list[float]] = {"harvester": [], "trafilatura": []}
    with redirect_stderr(io.StringIO()):
        harvester()
        trafilatura()
        for _ in range(ROUNDS):
            for name, read in (("harvester", harvester), ("trafilatura", trafilatura)):
                start = time.process_time()
                read()
                times[name].append(time.process_time() - start)
    return statistics.median(times["harvester"]), statistics.median(times["trafilatura"])


def harvester_batch(manifest: Path) -> Batch:
    """``harvester extract --manifest`` in one process, start-up included in the time."""
    seconds, lines = _harvester_run(manifest)
    return Batch([harvester_extraction(json.loads(line)) for line in lines], seconds)


def _harvester_run(manifest: Path) -> tuple[float, list[str]]:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "harvester", "extract", "--manifest",
                          str(manifest)], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if run.returncode not in (0, 1):  # 1: some page failed, and has its error line
        raise RuntimeError(f"harvester extract --manifest {manifest} exited {run.returncode}: "
                           f"{run.stderr.strip()}")
    return seconds, run.stdout.splitlines()


def harvester_extraction(record: dict) -> Extraction:
    """The fields compared, from one line of ``harvester extract --manifest``."""
    if "error" in record:
        return Extraction(error=record["error"])
    return Extraction(record.get("title"), [author["name"] for author in record["authors"]],
                      record.get("published"), record.get("content_text") or "")


def trafilatura_batch(pages: list[tuple[Path, str | None]]) -> Batch:
    """``trafilatura.bare_extraction`` with metadata, its defaults otherwise, in this process
    (its first pages load the date locales)."""
    start = time.perf_counter()
    extractions = [trafilatura_extraction(path.read_bytes(), url) for path, url in pages]
    return Batch(extractions, time.perf_counter() - start)


def trafilatura_extraction(html: bytes, url: str | None) -> Extraction:
    """The fields compared, from trafilatura's document (authors are joined by "; ")."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if not isinstance(document, Document):
        return Extraction(error="no extraction")
    authors = document.author.split(";") if document.author else []
    return Extraction(document.title, [name.strip() for name in authors], document.date,
                      document.text or "")
