"""The `harvester` command line. The crawl's and the extractor's heavy imports wait for the
commands that need them, so that `publish`, `sources` and `schema` start at once."""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from harvester import __version__
from harvester.aggregator import DEFAULT_LIMIT, base_url, out_dir, publish_changes
from harvester.aggregator.plan import TAG_FEED_MIN
from harvester.aggregator.status import write_status
from harvester.aggregator.websub import notify_hub
from harvester.lock import LockHeld, run_lock
from harvester.registry import RegistryError, load_registry
from harvester.report import Exit
from harvester.schema import SCHEMAS, schema
from harvester.store import StoreError, db_path, open_store
from harvester.storecmd import cmd_export_csv, cmd_search
from harvester.table import format_table
from harvester.timestamps import utc_now
from harvester.usage import ExtractionError, FetchError, UsageError, say

LOOPBACK_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
                     "RETRY_TIMES": "0", "DOWNLOAD_TIMEOUT": "10"}
"""The sample network is local: no politeness delay is owed to it."""


def cmd_sources(args: argparse.Namespace) -> int:
    if args.opml:
        return print_sources_opml(args)
    if args.base_url:
        raise UsageError("--base-url: applies to --opml only; add --opml for the OPML list")
    registry = load_registry(args.sources)
    rows = [("KEY", "NAME", "FAMILY", "URL", "FEED")] + [
        (s.key, s.name, s.family, s.url, s.feed or "-") for s in registry
    ]
    say(format_table(rows))
    say(f"\n{len(registry)} sources in {registry.path}")
    return Exit.OK


def print_sources_opml(args: argparse.Namespace) -> int:
    """The registry as an OPML 2.0 subscription list, per-source feeds under --base-url."""
    from harvester.aggregator.opml import OPML_TITLE, sources_opml

    chosen = chosen_base_url(args.base_url)
    document = sources_opml(load_registry(args.sources).sources, title=OPML_TITLE,
                            feed_base=base_url(chosen, Path.cwd()) if chosen else None,
                            created=utc_now())
    say(document.decode("utf-8").rstrip("\n"))
    return Exit.OK


def cmd_import_opml(args: argparse.Namespace) -> int:
    """Add the feeds of an OPML file that the sources file does not have yet."""
    from harvester.aggregator.opml import read_opml
    from harvester.registryimport import import_feeds, import_target

    path = import_target(args.sources)
    try:
        feeds = read_opml(Path(args.file).read_bytes(), args.file)
    except OSError as exc:
        raise UsageError(f"{args.file}: cannot read the OPML file ({exc.strerror or exc}); "
                         "give the path of a file exported by a feed reader") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    plan = import_feeds(path, feeds, Path(args.file).name)
    for source in plan.added:
        say(f"added {source.key}: {source.name} <{source.feed or source.url}>")
    for feed, problem in plan.refused:
        say(f"refused {feed.title!r}: {problem}", error=True)
    summary = (f"{plural(len(plan.added), 'source')} added to {path}, "
               f"{len(plan.known)} already known")
    say(summary + (f", {len(plan.refused)} refused" if plan.refused else ""))
    return Exit.DEGRADED if plan.refused else Exit.OK


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def cmd_schema(args: argparse.Namespace) -> int:
    say(json.dumps(schema(args.name), indent=2, ensure_ascii=False))
    return Exit.OK


def cmd_crawl(args: argparse.Namespace) -> int:
    from harvester.runner import run_crawl

    with run_lock(db_path(args.db)):
        return run_crawl(args).exit_code


def http_url_option(option: str | None, flag: str, variable: str, what: str) -> str | None:
    """The option, else the environment variable, checked to be an http(s) URL; None when
    neither is set."""
    chosen = option or os.environ.get(variable)
    if chosen and not re.match(r"^https?://[^\s/?#]+", chosen):
        raise UsageError(f"{flag} {chosen!r}: give the http(s) URL {what} (or {variable})")
    return chosen or None


def chosen_base_url(option: str | None) -> str | None:
    """--base-url, else $HARVESTER_BASE_URL, checked to be an http(s) URL; None when unset."""
    return http_url_option(option, "--base-url", "HARVESTER_BASE_URL",
                           "where the output directory is served")


def check_publish_options(args: argparse.Namespace) -> str | None:
    """The options checked before anything runs; the WebSub hub, if one is configured."""
    if args.limit < 1:
        raise UsageError(f"--limit {args.limit}: give a positive number of feed entries")
    hub = http_url_option(args.hub, "--hub", "HARVESTER_WEBSUB_HUB", "of a WebSub hub")
    if not chosen_base_url(args.base_url) and hub:
        raise UsageError("--hub: the hub fetches the feeds from their public URL; give it "
                         "with --base-url (or HARVESTER_BASE_URL)")
    return hub


def run_publish(args: argparse.Namespace, *, feeds: bool = True) -> int:
    """Write the outputs (unless ``feeds`` is false) and status.json from the store."""
    hub = check_publish_options(args)
    directory = out_dir(args.out)
    store = open_store(db_path(args.db))
    try:
        if feeds:
            registry = load_registry(args.sources)
            publication = publish_changes(
                store, directory, limit=args.limit, base=base_url(args.base_url, directory),
                registry=list(registry), tag_feed_min=args.tag_feed_min,
                template_dirs=[registry.path.parent], hub=hub)
            say(f"published {publication.entries} feed entries and {publication.articles} "
                  f"articles to {directory}/: {', '.join(p.name for p in publication.files)}"
                  if publication.written else
                  f"{directory}/ is up to date: no article changed since it was published")
            if hub and publication.changed_feeds:
                problem = notify_hub(hub, publication.changed_feeds)
                say(f"websub: {problem}; subscribers see the change at their next poll"
                    if problem else
                    f"websub: told {hub} of {len(publication.changed_feeds)} changed feeds")
        write_status(store, directory)
    except OSError as exc:
        raise UsageError(f"{directory}: cannot write the outputs ({exc.strerror or exc}); "
                         "check --out or HARVESTER_OUT") from None
    finally:
        store.close()
    return Exit.OK


def cmd_publish(args: argparse.Namespace) -> int:
    with run_lock(db_path(args.db)):
        return run_publish(args)


def cmd_run(args: argparse.Namespace) -> int:
    """Crawl, then publish; a run that reached no source leaves the outputs as they were."""
    from harvester.runner import run_crawl

    check_publish_options(args)
    with run_lock(db_path(args.db)):
        run = run_crawl(args)
        run_publish(args, feeds=run.status != "unreachable")
    return run.exit_code


def cmd_demo(args: argparse.Namespace) -> int:
    from harvester.runner import run_crawl
    from harvester.sample_network.server import serve_sample_network

    started = time.monotonic()
    directory = out_dir(args.out)
    with serve_sample_network() as network, tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sample-sources.toml"
        sources.write_text(network.sources_toml(), encoding="utf-8")
        say("serving the sample network on loopback: " + ", ".join(
            f"{key} {origin}" for key, origin in network.origins.items()))
        demo_args = argparse.Namespace(
            sources=str(sources), db=args.db or str(Path(tmp) / "demo.sqlite"), keys=[],
            set=[f"{name}={value}" for name, value in LOOPBACK_SETTINGS.items()],
            quiet=True, full=False, out=str(directory), limit=DEFAULT_LIMIT,
            tag_feed_min=TAG_FEED_MIN, hub=None,
            base_url=args.base_url, log_file=None)
        run_crawl(demo_args)
        run_publish(demo_args)
    say(f"demo finished in {time.monotonic() - started:.1f} s; open {directory}/index.html "
          f"in a browser, {directory}/feed.atom in a feed reader, or read "
          f"{directory}/articles.json")
    return Exit.OK


def cmd_extract(args: argparse.Namespace) -> int:
    from harvester.extractcmd import run_extract

    all_read = run_extract(args.target, args.url, args.manifest, load_registry(args.sources),
                           args.source, args.strict)
    return Exit.OK if all_read else Exit.DEGRADED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="harvester",
        description="Harvest the news of French ESS network sites and publish merged feeds.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
                *, sources: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        if sources:
            sub.add_argument(
                "--sources", metavar="FILE",
                help="sources file (default: $HARVESTER_SOURCES or the packaged registry)",
            )
        return sub

    def crawl_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--db", metavar="PATH",
                         help="SQLite store (default: $HARVESTER_DB or data/harvester.sqlite)")
        sub.add_argument("--set", action="append", metavar="NAME=VALUE",
                         help="override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=2")
        sub.add_argument("-q", "--quiet", action="store_true",
                         help="log warnings and errors only")
        sub.add_argument("--full", action="store_true",
                         help="read every listing page and fetch every known article again")
        sub.add_argument("--log-file", metavar="PATH",
                         help="also write the log and the run report to this file")

    def publish_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--out", metavar="DIR",
                         help="output directory (default: $HARVESTER_OUT or output/)")
        sub.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                         help=f"entries in the feeds (default: {DEFAULT_LIMIT})")
        sub.add_argument("--tag-feed-min", type=int, default=TAG_FEED_MIN, metavar="N",
                         help="articles a tag needs for a feed of its own, tags/<tag>.atom "
                              f"(default: {TAG_FEED_MIN})")
        sub.add_argument("--base-url", metavar="URL",
                         help="public URL of the output directory, for the feeds' self links "
                              "(default: $HARVESTER_BASE_URL, else a file: URL)")
        sub.add_argument("--hub", metavar="URL",
                         help="WebSub hub the feeds name and that each publication notifies "
                              "(default: $HARVESTER_WEBSUB_HUB, else none)")

    run_cmd = command("run", cmd_run, "crawl every source, then publish (the cron entry point)",
                      sources=True)
    run_cmd.set_defaults(keys=[])
    crawl_options(run_cmd)
    publish_options(run_cmd)
    crawl_cmd = command("crawl", cmd_crawl, "crawl some or all sources into the store",
                        sources=True)
    crawl_cmd.add_argument("keys", nargs="*", metavar="KEY", help="source keys (default: all)")
    crawl_options(crawl_cmd)
    publish_cmd = command("publish", cmd_publish, "write the feeds and dumps from the store",
                          sources=True)
    publish_cmd.add_argument("--db", metavar="PATH",
                             help="SQLite store (default: $HARVESTER_DB or data/harvester.sqlite)")
    publish_options(publish_cmd)
    extract_cmd = command("extract", cmd_extract,
                          "pages in, Article JSON out (debugging a source, batch use; no store)",
                          sources=True)
    extract_cmd.add_argument("target", metavar="FILE_OR_URL", nargs="?",
                             help="a saved page, an http(s) URL, or - for standard input")
    extract_cmd.add_argument("--url", help="the page's URL, for a saved file")
    extract_cmd.add_argument("--manifest", metavar="FILE.jsonl",
                             help='pages to read in one process, one {"path": ..., "url": ...} '
                                  "a line; prints one Article JSON a line, in order")
    extract_cmd.add_argument("--source", metavar="KEY", help="the registry source it belongs to")
    extract_cmd.add_argument("--strict", action="store_true",
                             help="fail on the first field that cannot be read, and on a page "
                                  "without a title")
    demo_cmd = command("demo", cmd_demo, "serve the bundled sample network on loopback and run "
                       "the whole pipeline into output/, offline")
    demo_cmd.add_argument("--out", metavar="DIR", help="output directory (default: output/)")
    demo_cmd.add_argument("--db", metavar="PATH", help="store (default: a temporary one)")
    demo_cmd.add_argument("--base-url", metavar="URL", help="public URL of the output directory")
    sources_cmd = command("sources", cmd_sources,
                          "list the registry (key, name, family, url, feed)", sources=True)
    sources_cmd.add_argument("--opml", action="store_true",
                             help="print it as an OPML 2.0 subscription list instead")
    sources_cmd.add_argument("--base-url", metavar="URL",
                             help="with --opml: public URL of the output directory, for the "
                                  "per-source feeds (default: $HARVESTER_BASE_URL, else "
                                  "relative URLs)")
    import_cmd = command("import-opml", cmd_import_opml,
                         "add the feeds of an OPML file to a sources file as new sources")
    import_cmd.add_argument("--sources", metavar="PATH",
                            help="sources file to add to, created if needed (default: "
                                 "$HARVESTER_SOURCES; never the packaged registry)")
    import_cmd.add_argument("file", metavar="FILE", help="an OPML file, as feed readers export")
    export_cmd = command("export-csv", cmd_export_csv, "write every stored article as a CSV "
                         "row (spreadsheets, data tools)")
    export_cmd.add_argument("--out", metavar="FILE", help="CSV file (default: standard output)")
    export_cmd.add_argument("--with-text", action="store_true",
                            help="add a content_text column with each article's full text")
    export_cmd.add_argument("--db", metavar="PATH",
                            help="SQLite store (default: $HARVESTER_DB or data/harvester.sqlite)")
    search_cmd = command("search", cmd_search, "find stored articles by the words of their "
                         "title, summary or body (case and accents ignored)")
    search_cmd.add_argument("query", metavar="WORDS")
    search_cmd.add_argument("--source", metavar="KEY", help="only this source's articles")
    search_cmd.add_argument("--since", metavar="DATE", help="only articles published since")
    search_cmd.add_argument("--limit", type=int, default=20, help="at most N (default 20)")
    search_cmd.add_argument("--json", action="store_true", help="one Article JSON a line")
    search_cmd.add_argument("--db", metavar="PATH",
                            help="SQLite store (default: $HARVESTER_DB or data/harvester.sqlite)")
    schema_cmd = command("schema", cmd_schema,
                         "print a JSON Schema: the Article record (default) or status.json")
    schema_cmd.add_argument("name", nargs="?", choices=SCHEMAS, default="article")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (RegistryError, StoreError, UsageError) as exc:
        say(f"harvester: error: {exc}", error=True)
        return Exit.CONFIG
    except sqlite3.Error as exc:
        say(f"harvester: error: {db_path(getattr(args, 'db', None))}: the article store "
            f"failed ({exc}); check that it is writable, or restore it from a backup",
            error=True)
        return Exit.CONFIG
    except (ExtractionError, FetchError) as exc:
        say(f"harvester: error: {exc}", error=True)
        return Exit.DEGRADED
    except LockHeld as exc:
        say(f"harvester: {exc}", error=True)
        return Exit.LOCKED


if __name__ == "__main__":
    sys.exit(main())
