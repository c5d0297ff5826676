"""status.json: the last run for a monitoring system (schema: ``harvester schema status``)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from harvester.aggregator.atomic import replace_file
from harvester.report import RUN_EXIT
from harvester.store import ArticleStore
from harvester.timestamps import iso, utc_now

STATUS_FILE = "status.json"
STATUS_VERSION = 1
COUNTS = ("pages", "not_modified", "skipped", "articles")


def status_document(store: ArticleStore) -> dict[str, Any] | None:
    """The last finished run as the status document, or None before the first run."""
    run = store.last_run()
    if run is None or run["report"] is None or run["status"] not in RUN_EXIT:
        return None
    successes = store.last_successes()
    sources = [_source(key, report, successes.get(key))
               for key, report in run["report"].items()]
    started, finished = run["started_at"], run["finished_at"]
    return {
        "version": STATUS_VERSION,
        "generated_at": iso(utc_now()),
        "run": {"id": run["id"], "started_at": started, "finished_at": finished,
                "seconds": _seconds(started, finished),
                "status": run["status"], "exit_code": int(RUN_EXIT[run["status"]])},
        "sources": sources,
        "articles": store.count(),
    }


def _seconds(started: str, finished: str) -> float:
    span = datetime.fromisoformat(finished) - datetime.fromisoformat(started)
    return round(span.total_seconds(), 1)


def _source(key: str, report: dict[str, Any], last_success: str | None) -> dict[str, Any]:
    counts = {name: report[name] for name in COUNTS}
    counts.update(report["counts"], dropped=report["dropped"])
    return {"key": key, "status": report["status"], "last_success": last_success,
            "seconds": report["seconds"], "counts": counts, "failures": report["failures"],
            "notes": report["notes"], "bounds": report.get("bounds", []),
            "cpu_ms_per_article": report.get("cpu_ms", {})}


def write_status(store: ArticleStore, directory: Path) -> Path | None:
    """Replace status.json atomically with the last run's status."""
    document = status_document(store)
    if document is None:
        return None
    replace_file(directory / STATUS_FILE,
                 (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return directory / STATUS_FILE
