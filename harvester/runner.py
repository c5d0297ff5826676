"""One crawl run, as `harvester crawl` and `harvester run` make it: everything the user gave is
checked before the first request, the run is recorded in the store, the report printed."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from harvester.crawl import crawl, crawl_settings
from harvester.crawlstate import CrawlPolicy, PolicyError
from harvester.logs import append_to_log, crawl_logging
from harvester.overrides import SettingError, parse_overrides
from harvester.progress import live_progress, wanted
from harvester.registry import load_registry
from harvester.report import UNREACHABLE_LINE, RunReport, format_report
from harvester.store import db_path, open_store
from harvester.timestamps import iso, utc_now
from harvester.usage import UsageError, say


def run_crawl(args: argparse.Namespace) -> RunReport:
    """Crawl the selected sources, record the run in the store, print the report."""
    registry = load_registry(args.sources)
    sources = registry.select(args.keys)
    try:
        overrides = parse_overrides(args.set)
    except SettingError as exc:
        raise UsageError(str(exc)) from None
    if args.quiet:
        overrides.setdefault("LOG_LEVEL", "WARNING")
    if args.full:
        overrides["HARVESTER_FULL_CRAWL"] = "True"
    database = db_path(args.db)
    settings = crawl_settings(registry, database, overrides)
    try:
        CrawlPolicy.from_settings(settings)
    except PolicyError as exc:
        raise UsageError(f"{exc}; see the README's crawl settings") from None
    log_file = Path(args.log_file) if args.log_file else None
    _check_log_file(log_file)
    store = open_store(database)
    run_id = store.begin_run([s.key for s in sources])
    started = (store.last_run() or {}).get("started_at") or iso(utc_now())
    store.close()
    with ExitStack() as stack:
        display = stack.enter_context(live_progress()) if wanted() else None
        stack.enter_context(crawl_logging(settings.get("LOG_LEVEL"), log_file,
                                          display.progress.console if display else None))
        reports = crawl(settings, sources, display.watch if display else None)
    run = RunReport(run_id, started, iso(utc_now()), reports)
    store = open_store(database)
    store.finish_run(run_id, run.status, run.by_source())
    store.record_source_status(run_id, {r.key: r.status for r in reports}, run.finished_at)
    store.close()
    append_to_log(log_file, format_report(run))
    if run.status == "unreachable":
        say(f"harvester: {UNREACHABLE_LINE}", error=True)
    return run


def _check_log_file(log_file: Path | None) -> None:
    if log_file is None:
        return
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.open("a", encoding="utf-8").close()
    except OSError as exc:
        raise UsageError(f"--log-file {log_file}: cannot write it ({exc.strerror or exc}); "
                         "give a writable path") from None
