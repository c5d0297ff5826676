"""The cron entry point and the other commands, run as a user runs them."""

from __future__ import annotations

import json
import time

import feedparser

from harvester.aggregator import FILES
from harvester.lock import run_lock
from harvester.store import SQLiteStore
from tests.conftest import FAST_CRAWL, harvester, output_files, report_rows, truth

OUTPUTS = set(FILES)
RUN_OUTPUTS = OUTPUTS | {"status.json"}


def test_run_crawls_then_publishes_and_reports_degraded_sources(network, sources_file,
                                                                 tmp_path):
    out, db = tmp_path / "out", tmp_path / "db.sqlite"
    result = harvester("run", "--sources", str(sources_file), "--db", str(db), "--out", str(out),
                       *FAST_CRAWL)
    assert result.returncode == 1, result.stderr[-2000:]
    assert set(output_files(out)) == RUN_OUTPUTS
    statuses = {key: row["status"] for key, row in report_rows(result.stdout).items()}
    assert statuses == {"rtes": "degraded", "cress-ara": "ok", "mouvement-asso": "degraded",
                        "avise": "degraded"}
    expected = sum(len(truth(site)["articles"]) for site in statuses) - 1
    assert f"published {expected} feed entries" in result.stdout
    assert len(feedparser.parse((out / "feed.atom").read_bytes()).entries) == expected


def test_run_of_healthy_sources_exits_0(network, tmp_path):
    sources = tmp_path / "cress.toml"
    sources.write_text(_only(network.sources_toml(), "cress-ara"), "utf-8")
    result = harvester("run", "--sources", str(sources), "--db", str(tmp_path / "db.sqlite"),
                       "--out", str(tmp_path / "out"), *FAST_CRAWL)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]


def _only(registry: str, key: str) -> str:
    head, *entries = registry.split("[[source]]")
    kept = [e for e in entries if f'key = "{key}"' in e]
    return head + "".join("[[source]]" + e for e in kept)


def test_unreachable_source_fails_and_is_named(tmp_path):
    sources = tmp_path / "down.toml"
    sources.write_text('[[source]]\nkey = "down"\nname = "Down"\nurl = "http://127.0.0.1:9/"\n'
                       'family = "spip"\n', "utf-8")
    db = tmp_path / "db.sqlite"
    result = harvester("crawl", "--sources", str(sources), "--db", str(db), *FAST_CRAWL)
    assert result.returncode == 4
    assert report_rows(result.stdout)["down"]["status"] == "failed"
    assert "http://127.0.0.1:9/: " in result.stdout
    assert "no source could be reached" in result.stderr
    store = SQLiteStore(db)
    assert store.last_run()["status"] == "unreachable"
    store.close()


def test_bad_configuration_exits_2_with_one_line_and_crawls_nothing(network, tmp_path):
    sources = tmp_path / "bad.toml"
    sources.write_text(_only(network.sources_toml(), "rtes").replace('"spip"', '"joomla"'),
                       "utf-8")
    before = len(network.requests)
    result = harvester("run", "--sources", str(sources), "--db", str(tmp_path / "db.sqlite"),
                       "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "field 'family'" in result.stderr
    assert len(network.requests) == before
    assert not (tmp_path / "out").exists()


def test_unknown_source_key_exits_2(tmp_path):
    result = harvester("crawl", "nope", "--db", str(tmp_path / "db.sqlite"))
    assert result.returncode == 2
    assert "no source with key 'nope'" in result.stderr


def test_a_second_run_exits_3_while_the_lock_is_held(tmp_path):
    db = tmp_path / "db.sqlite"
    with run_lock(db):
        started = time.monotonic()
        crawl = harvester("crawl", "--db", str(db))
        publish = harvester("publish", "--db", str(db), "--out", str(tmp_path / "out"))
    assert crawl.returncode == publish.returncode == 3
    assert "holds the lock" in crawl.stderr
    assert time.monotonic() - started < 30


def test_publish_command(tmp_path):
    result = harvester("publish", "--db", str(tmp_path / "db.sqlite"), "--out",
                       str(tmp_path / "out"), "--base-url", "https://feeds.example.org/")
    assert result.returncode == 0, result.stderr
    assert set(output_files(tmp_path / "out")) == OUTPUTS
    assert harvester("publish", "--limit", "0", "--db", str(tmp_path / "db.sqlite")
                     ).returncode == 2
    refused = harvester("run", "--limit", "-1", "--db", str(tmp_path / "db.sqlite"))
    assert refused.returncode == 2
    assert "--limit -1" in refused.stderr


def test_environment_variables_set_the_defaults(tmp_path):
    env = {"HARVESTER_DB": str(tmp_path / "env.sqlite"), "HARVESTER_OUT": str(tmp_path / "o")}
    assert harvester("publish", env=env).returncode == 0
    assert (tmp_path / "env.sqlite").exists()
    assert (tmp_path / "o" / "feed.atom").exists()


def test_demo_produces_the_five_files_offline(tmp_path):
    started = time.monotonic()
    result = harvester("demo", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.monotonic() - started < 60
    assert set(output_files(tmp_path / "out")) == RUN_OUTPUTS
    document = json.loads((tmp_path / "out" / "articles.json").read_text("utf-8"))
    assert document["count"] >= 20
    assert "demo finished" in result.stdout


def test_extract_prints_one_article(network, sources_file):
    page = network.sites["rtes"].folder / "articles" / "1066.html"
    result = harvester("extract", str(page), "--url", "https://www.rtes.fr/Reussite",
                       "--source", "rtes", "--sources", str(sources_file))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"].startswith("Réussite de la journée")
    assert record["authors"][0]["name"] == "Anne-Laure Federici"


def test_extract_reports_a_page_without_title(network, sources_file):
    page = network.sites["rtes"].folder / "articles" / "1063.html"
    result = harvester("extract", str(page), "--url", "https://www.rtes.fr/article1063",
                       "--sources", str(sources_file), "--strict")
    assert result.returncode == 1
    assert "article1063: no title" in result.stderr
    lenient = harvester("extract", str(page), "--url", "https://www.rtes.fr/article1063",
                        "--sources", str(sources_file))
    assert lenient.returncode == 0
    assert json.loads(lenient.stdout)["title"] == ""
    assert "article1063: the page has no title" in lenient.stderr


def test_extract_of_a_missing_file_exits_2(tmp_path):
    result = harvester("extract", str(tmp_path / "missing.html"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_unwritable_output_or_store_gives_one_line(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", "utf-8")
    publish = harvester("publish", "--db", str(tmp_path / "db.sqlite"), "--out",
                        str(blocker / "out"))
    assert publish.returncode == 2
    assert publish.stderr.count("\n") == 1
    assert "cannot write the outputs" in publish.stderr
    crawl = harvester("crawl", "--db", str(blocker / "db.sqlite"))
    assert crawl.returncode == 2
    assert "check the --db path" in crawl.stderr
