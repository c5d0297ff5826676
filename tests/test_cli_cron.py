"""The cron job's contract: usage errors and an unreachable network change nothing, every run
leaves a status.json valid against its schema, the log says each failure once, and a person
at a terminal sees the crawl progress."""

from __future__ import annotations

import json
import os
import pty
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from harvester.aggregator import FILES
from harvester.sample_network.server import SampleSite, serve_sample_network
from harvester.schema import schema_errors
from tests.conftest import FAST_CRAWL, ROOT, harvester, output_files, report_rows
from tests.sites import spip_site

PUBLISHED = FILES


def snapshot(directory: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in output_files(directory).items()}


def status(directory: Path) -> dict:
    document = json.loads((directory / "status.json").read_text("utf-8"))
    assert schema_errors("status", document) == []
    return document


@pytest.fixture(scope="module")
def published(network, tmp_path_factory):
    """A store and an output directory after one good run of the sample network."""
    tmp = tmp_path_factory.mktemp("cron")
    sources = tmp / "sources.toml"
    sources.write_text(network.sources_toml(), "utf-8")
    paths = {"sources": sources, "db": tmp / "db.sqlite", "out": tmp / "out",
             "log": tmp / "logs" / "run.log"}
    result = harvester("run", "-q", "--sources", str(sources), "--db", str(paths["db"]),
                       "--out", str(paths["out"]), "--log-file", str(paths["log"]), *FAST_CRAWL)
    assert result.returncode == 1, result.stderr[-3000:]
    return paths | {"result": result}


def run(paths: dict, *options: str, sources: Path | None = None):
    return harvester("run", "--sources", str(sources or paths["sources"]), "--db",
                     str(paths["db"]), "--out", str(paths["out"]), *FAST_CRAWL, *options)


def test_status_json_describes_the_run(published):
    document = status(published["out"])
    assert document["run"]["status"] == "degraded"
    assert document["run"]["exit_code"] == 1
    by_key = {s["key"]: s for s in document["sources"]}
    assert by_key["cress-ara"]["status"] == "ok"
    assert by_key["cress-ara"]["last_success"] is not None
    assert by_key["rtes"]["last_success"] is None
    assert by_key["rtes"]["counts"]["new"] > 10
    assert set(by_key["rtes"]["cpu_ms_per_article"]) == {"extract", "normalize", "dedupe",
                                                         "store"}
    reasons = {f["reason"] for f in by_key["rtes"]["failures"]}
    assert {"HTTP 500", "no title"} <= reasons
    assert document["articles"] == json.loads(
        (published["out"] / "articles.json").read_text("utf-8"))["count"]


@pytest.mark.parametrize("pair", ["DOWNLOAD_DELAY=abc", "NO_SUCH_SETTING=1", "LOG_LEVEL=bogus",
                                  "HARVESTER_REVALIDATE=sometimes"])
def test_a_bad_setting_is_a_usage_error_that_changes_nothing(network, published, pair):
    before, requests = snapshot(published["out"]), len(network.requests)
    result = run(published, "--set", pair)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert pair.split("=")[0] in result.stderr
    assert len(network.requests) == requests
    assert snapshot(published["out"]) == before


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_when_no_source_answers_the_outputs_stay_and_one_line_says_why(published, tmp_path):
    offline = tmp_path / "offline.toml"
    offline.write_text("".join(
        f'[[source]]\nkey = "{key}"\nname = "{key}"\nurl = "http://127.0.0.1:{closed_port()}/"\n'
        'family = "spip"\n' for key in ("rtes", "avise")), "utf-8")
    before = snapshot(published["out"])
    result = run(published, "-q", sources=offline)
    assert result.returncode == 4
    assert result.stderr == "harvester: no source could be reached; network or DNS down?\n"
    after = snapshot(published["out"])
    assert {k: after[k] for k in PUBLISHED} == {k: before[k] for k in PUBLISHED}
    assert status(published["out"])["run"]["status"] == "unreachable"
    assert status(published["out"])["run"]["exit_code"] == 4


def test_a_source_that_fails_this_time_keeps_its_articles_in_the_outputs(network, published,
                                                                        tmp_path):
    moved = tmp_path / "moved.toml"
    moved.write_text(published["sources"].read_text("utf-8").replace(
        network.origins["rtes"], f"http://127.0.0.1:{closed_port()}"), "utf-8")
    before = json.loads((published["out"] / "articles.json").read_text("utf-8"))
    result = run(published, "-q", sources=moved)
    assert result.returncode == 1
    assert report_rows(result.stdout)["rtes"]["status"] == "failed"
    after = json.loads((published["out"] / "articles.json").read_text("utf-8"))
    assert after["count"] == before["count"]
    assert sum(a["source"]["key"] == "rtes" for a in after["articles"]) > 10


def test_a_site_where_no_article_is_found_is_degraded(tmp_path):
    """A SPIP site registered as WordPress: no link, feed or sitemap names an article."""
    site = spip_site(tmp_path, count=5)
    with serve_sample_network([SampleSite.load(site.folder)]) as network:
        sources = tmp_path / "wrong-family.toml"
        sources.write_text(f'[[source]]\nkey = "paginated"\nname = "Réseau"\n'
                           f'url = "{network.origins["paginated"]}/"\nfamily = "wordpress"\n',
                           "utf-8")
        result = harvester("crawl", "-q", "--sources", str(sources), "--db",
                           str(tmp_path / "db.sqlite"), *FAST_CRAWL)
    assert result.returncode == 1
    assert report_rows(result.stdout)["paginated"]["status"] == "degraded"
    assert "paginated: no article found on the site" in result.stdout


def test_an_unchanged_rerun_rewrites_no_published_file(published):
    run(published, "-q")  # other tests of the module publish with other registries
    before = snapshot(published["out"])
    result = run(published, "-q")
    assert result.returncode == 1
    assert "is up to date" in result.stdout
    after = snapshot(published["out"])
    assert {k: after[k] for k in PUBLISHED} == {k: before[k] for k in PUBLISHED}
    assert status(published["out"])["run"]["id"] > json.loads(before["status.json"])["run"]["id"]


def test_quiet_runs_name_each_failure_once_and_never_print_a_traceback(published):
    result = published["result"]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.stderr == ""
    for line in result.stdout.splitlines():
        if line.startswith("  ") and "://" in line:
            url = line.split(": ", 2)[1]
            assert output.count(url + ":") == 1, url


def test_the_report_starts_with_the_run_and_is_also_in_the_log_file(published):
    first = published["result"].stdout.splitlines()[0]
    assert first.startswith("run ")
    assert " started 20" in first
    assert first.endswith("exit 1 (degraded)")
    assert re.search(r"  rtes: CPU per article: extract [\d.]+ ms, normalize [\d.]+ ms, "
                     r"dedupe [\d.]+ ms, store [\d.]+ ms", published["result"].stdout)
    log = published["log"].read_text("utf-8")
    assert first in log
    assert "source " in log


def test_scrapy_stats_and_log_lines_name_their_source(network, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(network.sources_toml(), "utf-8")
    log = tmp_path / "crawl.log"
    state = tmp_path / "state"
    result = harvester("crawl", "cress-ara", "--sources", str(sources), "--db",
                       str(tmp_path / "db.sqlite"), "--log-file", str(log), *FAST_CRAWL,
                       env={"XDG_STATE_HOME": str(state)})
    assert "Remote control HTTP server" not in result.stderr  # no console to run code in
    assert not state.exists()  # nor its job file, left behind for good by a killed run
    assert "[cress-ara] scrapy.statscollectors INFO: Dumping Scrapy stats" in result.stderr
    assert "Enabled downloader middlewares" not in result.stderr
    assert "ScrapyDeprecationWarning" not in result.stderr
    written = log.read_text("utf-8")
    assert "[cress-ara] scrapy.statscollectors INFO: Dumping Scrapy stats" in written
    assert result.stdout.splitlines()[0] in written


def test_a_terminal_sees_a_live_progress_line_per_source(network, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(network.sources_toml(), "utf-8")
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.run_harvester", "crawl", "-q", "--sources", str(sources),
         "--db", str(tmp_path / "db.sqlite"), *FAST_CRAWL], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=follower, env={**os.environ, "TERM": "xterm", "COLUMNS": "120"})
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    stdout = child.communicate(timeout=120)[0].decode()
    os.close(leader)
    text = screen.decode("utf-8", "replace")
    for key in ("rtes", "cress-ara", "mouvement-asso", "avise"):
        assert key in text
    assert "pages" in text
    assert "articles" in text
    assert "done" in text
    assert report_rows(stdout)["cress-ara"]["status"] == "ok"
