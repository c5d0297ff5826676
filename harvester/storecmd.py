"""Commands that read the article store for people and tools: full-text search and the CSV
export."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

from harvester.aggregator.csvexport import write_csv
from harvester.report import Exit
from harvester.store import ArticleStore, db_path, open_store
from harvester.table import format_table
from harvester.usage import UsageError, say


def existing_store(option: str | None) -> ArticleStore:
    path = db_path(option)
    if not path.is_file():
        raise UsageError(f"{path}: no article store there; crawl first, or pass --db PATH")
    return open_store(path)


def cmd_search(args: argparse.Namespace) -> int:
    since = None
    if args.since:
        try:
            moment = datetime.fromisoformat(args.since)
        except ValueError:
            raise UsageError(f"--since {args.since}: not a date; write it as YYYY-MM-DD"
                             ) from None
        since = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
    store = existing_store(args.db)
    try:
        found = store.search(args.query, source=args.source, since=since, limit=args.limit)
    finally:
        store.close()
    if args.json:
        for record in found:
            say(json.dumps(record, ensure_ascii=False))
        return Exit.OK
    rows = [("DATE", "SOURCE", "TITLE", "URL")] + [
        ((r.get("published") or "")[:10] or "-", r["source"]["key"], r["title"], r["url"])
        for r in found]
    say(format_table(rows) if found else f"no article matches {args.query!r}")
    return Exit.OK


def cmd_export_csv(args: argparse.Namespace) -> int:
    """Every stored article as a CSV row, to a file or standard output."""
    store = existing_store(args.db)
    target = Path(args.out) if args.out and args.out != "-" else None
    try:
        opened = target.open("w", encoding="utf-8", newline="") if target else nullcontext(
            sys.stdout)
    except OSError as exc:
        store.close()
        raise UsageError(f"{target}: cannot write the CSV ({exc.strerror or exc}); check "
                         "--out") from None
    try:
        with opened as stream:
            count = write_csv(store.articles(), stream, with_text=args.with_text)
    finally:
        store.close()
    if target:
        say(f"exported {count} articles to {target}")
    return Exit.OK
