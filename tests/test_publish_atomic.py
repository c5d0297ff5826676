"""A publication killed at any moment leaves the complete old set or the complete new one,
and the next publication clears what the killed ones left."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree

from harvester.aggregator import FILES
from harvester.aggregator.atomic import CURRENT, VERSIONS
from harvester.store import SQLiteStore
from tests.conftest import ROOT, harvester, output_files
from tests.factories import article_record


def large_store(path: Path, articles: int) -> None:
    store = SQLiteStore(path)
    store.save(article_record("https://www.rtes.fr/Long", content_text="Texte. " * 3000,
                              content_html="<p>" + "Texte. " * 3000 + "</p>"))
    store.close()
    db = sqlite3.connect(path)
    for copy in range(1, articles):
        db.execute("INSERT INTO articles (id, url, source, published, published_utc,"
                   " updated_utc, content_hash, record, signature, first_seen, last_seen,"
                   " last_changed) SELECT ?, url || ?, source, published, published_utc,"
                   " updated_utc, content_hash, record, signature, first_seen, last_seen,"
                   " last_changed FROM articles LIMIT 1", (f"{copy:020x}", f"?copie={copy}"))
    db.commit()
    db.close()


def add_article(path: Path, n: int) -> None:
    store = SQLiteStore(path)
    store.save(article_record(f"https://www.rtes.fr/Nouveau-{n}", title=f"Nouveau {n}"))
    store.close()


def consistent_set(out: Path) -> int:
    """Every name leads into the current version, every file is complete; the count."""
    version = Path(os.path.realpath(out / CURRENT))
    files = output_files(out)
    assert set(files) == set(FILES)
    for path in [*files.values(), *(out / "sources").iterdir()]:
        assert Path(os.path.realpath(path)).parent in {version, version / "sources"}
    document = json.loads(files["articles.json"].read_text("utf-8"))
    lines = files["articles.jsonl"].read_text("utf-8").splitlines()
    assert len(lines) == document["count"] == len(document["articles"])
    for name in ("feed.rss", "feed.atom"):
        etree.fromstring(files[name].read_bytes())
    json.loads(files["feed.json"].read_text("utf-8"))
    return int(document["count"])


def test_killed_publications_leave_a_complete_set_and_no_leftovers(tmp_path):
    db, out = tmp_path / "store.sqlite", tmp_path / "out"
    large_store(db, 800)
    started = time.monotonic()
    assert harvester("publish", "--db", str(db), "--out", str(out)).returncode == 0
    duration = time.monotonic() - started
    counts = {consistent_set(out)}
    chance = random.Random(2026)
    for attempt in range(20):
        add_article(db, attempt)
        child = subprocess.Popen([sys.executable, "-m", "tests.run_harvester", "publish",
                                  "--db", str(db), "--out", str(out)], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.2, 1.5) * duration)
        child.send_signal(signal.SIGKILL)
        child.wait()
        counts.add(consistent_set(out))
        assert len(list((out / VERSIONS).iterdir())) <= 2, "leftovers pile up"
    assert len(counts) >= 2, "no kill landed after a switch: the test proves nothing"
    assert harvester("publish", "--db", str(db), "--out", str(out)).returncode == 0
    assert consistent_set(out) == 800 + 20
    assert list(out.glob(".*.tmp")) == []
    versions = {p.name for p in (out / VERSIONS).iterdir()}
    assert Path(os.readlink(out / CURRENT)).name in versions
    assert len(versions) <= 2, "the current set, and the previous one for readers under way"


def test_large_files_reach_the_disk_while_the_set_is_made(tmp_path, monkeypatch):
    """A dump of hundreds of megabytes is flushed as soon as it is written, in a thread, not
    left to the one sync before the switch; the switch waits for it."""
    from harvester.aggregator import atomic

    order: list[str] = []
    monkeypatch.setattr(atomic, "EARLY_FLUSH", 1000)
    monkeypatch.setattr(atomic.os, "fdatasync", lambda handle: order.append("flush"))
    monkeypatch.setattr(atomic.os, "sync", lambda: order.append("sync"))
    with atomic.staged_publication(tmp_path) as staging:
        staging.write("articles.jsonl", b"x" * 1000)
        staging.write("feed.atom", b"<feed/>")
    assert order == ["flush", "sync"]
    assert (tmp_path / "articles.jsonl").read_bytes() == b"x" * 1000


def test_a_large_file_goes_to_the_disk_and_out_of_the_cache_as_it_is_written(
        tmp_path, monkeypatch):
    """Every WRITE_BEHIND bytes, what a streamed file holds so far is synced, then dropped
    from the page cache; the file is whole, and the switch waits for the last of it."""
    from harvester.aggregator import atomic

    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(atomic, "WRITE_BEHIND", 1000)
    monkeypatch.setattr(atomic.os, "fdatasync", lambda handle: calls.append(("sync", -1)))
    monkeypatch.setattr(atomic.os, "posix_fadvise", lambda handle, offset, size, advice: (
        calls.append(("drop", size)) if advice == os.POSIX_FADV_DONTNEED else None),
        raising=False)
    chunks = [bytes([65 + n]) * 700 for n in range(8)]
    with atomic.staged_publication(tmp_path) as staging, \
            staging.stream("articles.jsonl") as lines:
        for chunk in chunks:
            lines.write(chunk)
    assert (tmp_path / "articles.jsonl").read_bytes() == b"".join(chunks)
    assert calls == [("sync", -1), ("drop", 1400), ("sync", -1), ("drop", 2800),
                     ("sync", -1), ("drop", 4200), ("sync", -1), ("drop", 5600)]
