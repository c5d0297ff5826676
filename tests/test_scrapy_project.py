"""Scrapy's own commands see one spider per registry key."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from harvester import PROJECT_URL
from harvester.registry import load_registry, packaged_sources_path
from harvester.store import SQLiteStore
from tests.conftest import ROOT


def scrapy(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=120, check=False,
                          env={**os.environ, **(env or {})})


def test_scrapy_list_prints_the_registry():
    listed = scrapy("list", env={"HARVESTER_SOURCES": ""})
    assert listed.returncode == 0, listed.stderr
    assert sorted(listed.stdout.split()) == sorted(load_registry(packaged_sources_path()).keys())


def test_scrapy_crawl_runs_one_source_and_exports_the_article_records(
        network, sources_file, tmp_path):
    db = tmp_path / "scrapy.sqlite"
    exported = tmp_path / "cress.jsonl"
    crawled = scrapy("crawl", "cress-ara", "-O", str(exported),
                     "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
                     env={"HARVESTER_SOURCES": str(sources_file), "HARVESTER_DB": str(db)})
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    assert "DeprecationWarning" not in crawled.stderr
    assert "Traceback" not in crawled.stderr
    store = SQLiteStore(db)
    assert store.count() == 5
    stored = {r["url"]: r for r in store.articles()}
    store.close()
    lines = [json.loads(line) for line in exported.read_text("utf-8").splitlines()]
    assert len(lines) == 5
    for record in lines:
        assert record == stored[record["url"]]
    assert any(PROJECT_URL in agent and agent.startswith("ESS-Harvester/")
               for agent in network.user_agents)
