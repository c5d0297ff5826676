"""A PNG of the river page, to see it: ``python -m tests.screenshot [--db PATH | --html FILE]
[--out PNG]``.

Without options it runs ``harvester demo`` (offline, the bundled sample network) into a
temporary directory and renders the river of that store; ``--db`` renders another store,
``--html`` shoots a page already written (output/index.html). Needs Chromium (tests/browser.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from harvester.aggregator.items import FEED_SUBTITLE, FEED_TITLE, FeedItem
from harvester.aggregator.page import PageLink, RiverPage, render_page
from harvester.store import open_store
from harvester.timestamps import utc_now
from tests.browser import INSTALL, find_chromium, screenshot

DEFAULT_PNG = Path("docs/river-page.png")
FEEDS = (PageLink("Atom", "feed.atom", "application/atom+xml"),
         PageLink("RSS", "feed.rss", "application/rss+xml"),
         PageLink("JSON Feed", "feed.json", "application/feed+json"))
OTHERS = (PageLink("Liste OPML des sources", "sources.opml", "text/x-opml"),
          PageLink("Tous les articles (JSON)", "articles.json", "application/json"),
          PageLink("Tous les articles (JSON Lines)", "articles.jsonl", "application/jsonl"))


def river_of(db: Path, limit: int = 30) -> bytes:
    """The river page of a store's newest articles, linked as publish lays the files out."""
    store = open_store(db)
    try:
        items = [FeedItem.of(record) for record in store.articles(limit)]
    finally:
        store.close()
    names = {item.source["key"]: item.source["name"] for item in items}
    return render_page(RiverPage(
        title=FEED_TITLE, description=FEED_SUBTITLE, items=items, feeds=FEEDS,
        other_links=OTHERS, generated=utc_now(),
        sources=[(key, name, f"sources/{key}.html") for key, name in sorted(names.items())]))


def demo_store(directory: Path) -> Path:
    """A store filled by ``harvester demo`` from the sample network."""
    db = directory / "demo.sqlite"
    subprocess.run([sys.executable, "-m", "harvester", "demo", "--out", str(directory / "out"),
                    "--db", str(db)], check=True)
    return db


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    given = parser.add_mutually_exclusive_group()
    given.add_argument("--db", type=Path, help="render the river of this store")
    given.add_argument("--html", type=Path, help="shoot this page as it is")
    parser.add_argument("--out", type=Path, default=DEFAULT_PNG, help=f"default {DEFAULT_PNG}")
    args = parser.parse_args(argv)
    executable = find_chromium()
    if executable is None:
        print(f"Chromium not found: install it (`{INSTALL}`) or set CHROMIUM", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        page = args.html
        if page is None:
            page = Path(tmp) / "index.html"
            page.write_bytes(river_of(args.db or demo_store(Path(tmp))))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screenshot(executable, page, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
