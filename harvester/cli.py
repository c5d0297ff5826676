"""The `harvester` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum

from harvester import __version__
from harvester.registry import RegistryError, load_registry
from harvester.schema import article_schema
from harvester.store import StoreError


class Exit(IntEnum):
    OK = 0
    DEGRADED = 1
    CONFIG = 2
    LOCKED = 3


class UsageError(Exception):
    """Bad configuration or usage: reported as one line, exit code 2, nothing crawled."""


def cmd_sources(args: argparse.Namespace) -> int:
    registry = load_registry(args.sources)
    rows = [("KEY", "NAME", "FAMILY", "URL", "FEED")] + [
        (s.key, s.name, s.family, s.url, s.feed or "-") for s in registry
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        print("  ".join([*cells, row[4]]).rstrip())
    print(f"\n{len(registry)} sources in {registry.path}")
    return Exit.OK


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(article_schema(), indent=2, ensure_ascii=False))
    return Exit.OK


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

    command("sources", cmd_sources, "list the registry (key, name, family, url, feed)",
            sources=True)
    command("schema", cmd_schema, "print the Article JSON Schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (RegistryError, StoreError, UsageError) as exc:
        print(f"harvester: error: {exc}", file=sys.stderr)
        return Exit.CONFIG


if __name__ == "__main__":
    sys.exit(main())
