"""Every foreseeable mistake around a command is one line and an exit code, never a
traceback: unreadable paths, read-only stores, closed pipes, bad URLs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from harvester.lock import LockHeld, run_lock
from tests.conftest import FAST_CRAWL, ROOT, harvester, one_line_error


def test_a_sources_path_that_is_a_directory(tmp_path):
    one_line_error(harvester("sources", "--sources", str(tmp_path)), 2, str(tmp_path),
                   "cannot read the sources file")


@pytest.fixture
def read_only_store(tmp_path):
    db = tmp_path / "store.sqlite"
    assert harvester("publish", "--db", str(db), "--out", str(tmp_path / "out")).returncode == 0
    if os.geteuid() != 0:
        db.chmod(0o444)
        yield db
        db.chmod(0o644)
        return
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(db)], capture_output=True, check=False).returncode != 0:
        pytest.skip("root ignores file modes and chattr +i is not available here")
    yield db
    subprocess.run(["chattr", "-i", str(db)], check=False)


def test_a_read_only_store(read_only_store, tmp_path):
    for command in (["publish", "--out", str(tmp_path / "o")], ["crawl", *FAST_CRAWL]):
        one_line_error(harvester(*command, "--db", str(read_only_store)), 2, "read-only")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/", "feeds.example.org"])
def test_a_base_url_that_is_not_http(tmp_path, url):
    one_line_error(harvester("publish", "--db", str(tmp_path / "db.sqlite"), "--base-url", url),
                   2, "--base-url")


@pytest.mark.parametrize("command", [["schema"], ["sources"], ["run", "--set", "DOWNLOAD_DELAY=0"]])
def test_a_reader_that_goes_away_is_not_an_error(network, sources_file, tmp_path, command):
    line = " ".join([sys.executable, "-m", "tests.run_harvester", *command,
                     "--sources" if command[0] != "schema" else "",
                     str(sources_file) if command[0] != "schema" else ""])
    if command[0] == "run":
        line += f" --db {tmp_path / 'db.sqlite'} --out {tmp_path / 'out'} " + " ".join(FAST_CRAWL)
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {line} | head -c 1"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
    if command[0] == "run":
        assert (tmp_path / "out" / "feed.atom").exists(), "the run went on to publish"


def test_the_lock_is_the_same_through_a_symlink(tmp_path):
    real = tmp_path / "real" / "store.sqlite"
    real.parent.mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with run_lock(real), pytest.raises(LockHeld), run_lock(tmp_path / "link" / "store.sqlite"):
        pass


def test_the_command_line_loads_without_the_crawler():
    """`publish` and its archive worker processes (which import the command line again)
    start without Scrapy: its import alone cost a third of a second a process."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, harvester.cli; print(sorted(m for m in "
         "('scrapy', 'twisted', 'harvester.pagefetch', 'harvester.extract') if m in sys.modules))"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]"
