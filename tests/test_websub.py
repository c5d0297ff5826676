"""WebSub: with a hub configured, every subscription feed names it and each publication that
changed feeds notifies it of exactly those; a hub that fails costs one line, not the run."""

from __future__ import annotations

import json
from typing import ClassVar
from urllib.parse import parse_qs

import pytest
from lxml import etree

from harvester.store import SQLiteStore
from tests.conftest import harvester
from tests.factories import article_record
from tests.loopback import SiteHandler, serve
from tests.test_publish import records

BASE = "https://feeds.example.org/ess/"
ATOM = "{http://www.w3.org/2005/Atom}"


class Hub(SiteHandler):
    """A loopback hub that records the publish notifications it receives."""

    received: ClassVar[list[dict[str, list[str]]]] = []
    status = 204

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("ascii"))
        type(self).received.append(dict(form, content_type=[self.headers["Content-Type"]]))
        self.send(type(self).status)


@pytest.fixture
def hub():
    Hub.received, Hub.status = [], 204
    with serve(Hub) as origin:
        yield origin + "/hub"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.sqlite"
    store = SQLiteStore(path)
    for record in records():
        store.save(record)
    store.close()
    return path


def publish(db, out, hub, *extra):
    return harvester("publish", "--db", str(db), "--out", str(out), "--base-url", BASE,
                     "--hub", hub, *extra)


def test_feeds_name_the_hub_in_every_format(db, tmp_path, hub):
    out = tmp_path / "out"
    assert publish(db, out, hub).returncode == 0
    for name in ("feed.atom", "sources/rtes.atom"):
        links = etree.parse(str(out / name)).getroot().findall(f"{ATOM}link")
        assert [link.get("href") for link in links if link.get("rel") == "hub"] == [hub]
    channel = etree.parse(str(out / "feed.rss")).getroot().find("channel")
    assert [link.get("href") for link in channel.findall(f"{ATOM}link")
            if link.get("rel") == "hub"] == [hub]
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert feed["hubs"] == [{"type": "WebSub", "url": hub}]


def test_a_publication_notifies_the_hub_of_the_feeds_it_changed(db, tmp_path, hub):
    out = tmp_path / "out"
    first = publish(db, out, hub)
    assert "websub: told" in first.stdout
    (notice,) = Hub.received
    assert notice["hub.mode"] == ["publish"]
    assert notice["content_type"] == ["application/x-www-form-urlencoded"]
    assert {BASE + "feed.atom", BASE + "feed.rss", BASE + "feed.json",
            BASE + "sources/cress-ara.atom"} <= set(notice["hub.url"])
    assert publish(db, out, hub).stdout.count("up to date") == 1
    assert len(Hub.received) == 1
    store = SQLiteStore(db)
    store.save(article_record("https://www.rtes.fr/Nouveau", title="Nouveau",
                              published="2012-12-24T10:00:00+01:00"))
    store.close()
    publish(db, out, hub)
    changed = set(Hub.received[-1]["hub.url"])
    assert {BASE + "feed.atom", BASE + "sources/rtes.atom"} <= changed
    assert BASE + "sources/cress-ara.atom" not in changed


def test_a_failing_hub_costs_one_line_and_not_the_publication(db, tmp_path, hub):
    Hub.status = 500
    result = publish(db, tmp_path / "out", hub)
    assert result.returncode == 0
    assert "websub: hub " in result.stdout
    assert "HTTP 500" in result.stdout
    assert (tmp_path / "out" / "feed.atom").is_file()
    unreachable = publish(db, tmp_path / "other", "http://127.0.0.1:9/hub")
    assert unreachable.returncode == 0
    assert "unreachable" in unreachable.stdout


def test_a_hub_needs_the_public_address_of_the_feeds(db, tmp_path, hub):
    result = harvester("publish", "--db", str(db), "--out", str(tmp_path / "out"),
                       "--hub", hub)
    assert result.returncode == 2
    assert "--base-url" in result.stderr
