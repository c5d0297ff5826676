from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from harvester import settings
from harvester.registry import Source
from harvester.sample_network.server import SampleNetwork, serve_sample_network
from harvester.spiders.site import SiteSpider
from tests.browser import chromium  # noqa: F401  (the session fixture, for every test file)

ROOT = Path(__file__).resolve().parent.parent
TRUTH = Path(__file__).parent / "fixtures" / "sites"
FAST_CRAWL = ("--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
              "--set", "RETRY_TIMES=0", "--set", "DOWNLOAD_TIMEOUT=10",
              "--set", "HARVESTER_WORKERS=0")
"""Loopback crawls: no politeness delay, and pages read in the crawl's own process (the
worker processes have tests of their own: test_workers.py)."""


@pytest.fixture(scope="session")
def network() -> Iterator[SampleNetwork]:
    with serve_sample_network() as served:
        yield served


RTES = "https://www.rtes.fr/"


@pytest.fixture
def rtes_spider(tmp_path: Path) -> Iterator[SiteSpider]:
    """An open spider of a SPIP source, in this process, for its callbacks (no network)."""
    source = Source(key="rtes", name="RTES", url=RTES, family="spip")
    project = {name: value for name, value in vars(settings).items() if name.isupper()}
    crawler = get_crawler(type("RtesSpider", (SiteSpider,), {"name": "rtes", "source": source}),
                          {**project, "HARVESTER_DB": str(tmp_path / "store.sqlite")})
    crawler.spider = spider = crawler._create_spider()
    spider.open_state()
    yield spider
    spider.close_state("finished")


@pytest.fixture
def sources_file(network: SampleNetwork, tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(network.sources_toml(), encoding="utf-8")
    return path


def truth(site: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRUTH / f"{site}.truth.json").read_text("utf-8"))
    return data


def harvester(*args: str, env: dict[str, str] | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the harvester command line in a child process (Scrapy's reactor runs once)."""
    return subprocess.run(
        [sys.executable, "-m", "tests.run_harvester", *args], capture_output=True, text=True,
        timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})}, check=False,
    )


def crawl_sample(network: SampleNetwork, directory: Path, *keys: str,
                 db: Path | None = None, options: tuple[str, ...] = ()) -> dict[str, Any]:
    """Crawl sample sites into a store; the command's result, the stored records and the
    paths each site served during this crawl (and with what status)."""
    from harvester.registry import load_registry
    from harvester.store import SQLiteStore

    sources = directory / "sources.toml"
    sources.write_text(network.sources_toml(), encoding="utf-8")
    db = db or directory / "store.sqlite"
    before, answered = len(network.requests), len(network.answers)
    result = harvester("crawl", *keys, "--sources", str(sources), "--db", str(db), *FAST_CRAWL,
                       *options)
    served, answers = network.requests[before:], network.answers[answered:]
    store = SQLiteStore(db)
    records = list(store.articles())
    last_run = store.last_run()
    store.close()
    return {"result": result, "records": records, "last_run": last_run,
            "registry": load_registry(sources),
            "requests": {key: [path for site, path in served if site == key] for key in keys},
            "answers": {key: [(path, status) for site, path, status in answers if site == key]
                        for key in keys}}


def output_files(directory: Path) -> dict[str, Path]:
    """The published files a reader sees in an output directory (the names, which lead to
    the current version of the set)."""
    return {p.name: p for p in sorted(directory.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """A command that failed the way users are promised: the exit code, one line on stderr
    naming the words given, no traceback."""
    assert result.returncode == code, result.stderr[-2000:]
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


def report_rows(stdout: str) -> dict[str, dict[str, str]]:
    """The run report's table, one dict per source keyed by column name."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("source "))
    header = lines[start].split()
    rows = {}
    for line in lines[start + 1:]:
        if not line or line.startswith(" "):
            break
        cells = dict(zip(header, line.split(), strict=True))
        rows[cells["source"]] = cells
    return rows
