"""The run report: what each source's crawl did, the run's status and exit code, and the
plain-text form printed at the end of every run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any

from harvester.table import format_table

COUNTERS = ("new", "updated", "unchanged", "merged")
UNREACHABLE_LINE = "no source could be reached; network or DNS down?"


class Exit(IntEnum):
    OK = 0
    DEGRADED = 1
    CONFIG = 2
    LOCKED = 3
    UNREACHABLE = 4


RUN_EXIT = {"ok": Exit.OK, "degraded": Exit.DEGRADED, "failed": Exit.DEGRADED,
            "unreachable": Exit.UNREACHABLE}


@dataclass
class SourceOutcome:
    """What a source's spider knows at its close, for the run report."""

    failures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bounds: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass
class SourceReport:
    """One source's crawl: ok / degraded / failed, counters, failures and notes."""

    key: str
    status: str = "ok"
    seconds: float = 0.0
    pages: int = 0
    """Answers received (304 included)."""
    not_modified: int = 0
    """Pages revalidated and found unchanged (304, or the same body again)."""
    skipped: int = 0
    """Known pages not requested: unchanged and not due, or failing and not due for a retry."""
    articles: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    field_errors: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    """url, reason, state (new / failing / abandoned), since, attempts, gone (a page gone or
    refused by robots.txt: reported, degrades nothing)."""
    notes: list[str] = field(default_factory=list)
    """Why a source that lost no page is still not ok: unread listings, vanished fields."""
    bounds: list[str] = field(default_factory=list)
    """Bounds of the run that were hit (reported; what they left waits for the next run)."""
    cpu_ms: dict[str, float] = field(default_factory=dict)
    """CPU milliseconds per article read, by stage (extract, normalize, dedupe, store)."""
    finish_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def failing(self, state: str) -> int:
        return sum(f["state"] == state for f in self.failures)

    def conclude(self, home_url: str) -> SourceReport:
        """failed: nothing fetched or the home page lost; degraded: a page lost or unreadable,
        a part of the site unread, or a field vanished."""
        if not self.finish_reason:
            self.failures.append(_failure(home_url, "the crawl did not run"))
        elif self.finish_reason == "closespider_timeout":
            self.notes.append("stopped at the time limit (CLOSESPIDER_TIMEOUT); the rest "
                              "waits for the next run")
        elif self.finish_reason == "closespider_pagecount":
            self.bounds.append(f"stopped after {self.pages} pages (HARVESTER_MAX_REQUESTS); "
                               "the rest waits for the next run")
        home_failed = any(f["url"].rstrip("/") == home_url.rstrip("/") for f in self.failures)
        if self.pages == 0 or home_failed or self.finish_reason not in (
                "finished", "closespider_timeout", "closespider_pagecount"):
            self.status = "failed"
        elif self.notes or any(not f["gone"] for f in self.failures):
            self.status = "degraded"
        return self


def _failure(url: str, reason: str) -> dict[str, Any]:
    return {"url": url, "reason": reason, "state": "new", "since": None, "attempts": 1,
            "gone": False}


@dataclass
class RunReport:
    run_id: int
    started_at: str
    finished_at: str
    sources: list[SourceReport]

    @property
    def status(self) -> str:
        """ok, degraded (some source not ok), failed (every source failed) or unreachable
        (not one answer from any source)."""
        if self.sources and all(r.pages == 0 for r in self.sources):
            return "unreachable"
        if all(r.status == "ok" for r in self.sources):
            return "ok"
        return "failed" if all(r.status == "failed" for r in self.sources) else "degraded"

    @property
    def exit_code(self) -> Exit:
        return RUN_EXIT[self.status]

    @property
    def seconds(self) -> float:
        return (datetime.fromisoformat(self.finished_at)
                - datetime.fromisoformat(self.started_at)).total_seconds()

    @property
    def changed(self) -> int:
        """Articles this run added, changed or merged."""
        return sum(r.counts.get(c, 0) for r in self.sources for c in ("new", "updated", "merged"))

    def by_source(self) -> dict[str, dict[str, Any]]:
        return {r.key: r.as_dict() for r in self.sources}


HEADER = ("source", "status", "pages", "304", "skipped", "articles", *COUNTERS, "dropped",
          "failed", "failing", "seconds")


def format_report(run: RunReport) -> str:
    """A first line naming the run, a table of the sources, then one line per failure and
    note (each failure once)."""
    lines = [f"run {run.run_id} started {run.started_at}, {run.seconds:.1f} s, "
             f"exit {int(run.exit_code)} ({run.status})"]
    rows = [HEADER] + [
        (r.key, r.status, str(r.pages), str(r.not_modified), str(r.skipped), str(r.articles),
         *(str(r.counts.get(c, 0)) for c in COUNTERS), str(r.dropped),
         str(r.failing("new")), str(r.failing("failing") + r.failing("abandoned")),
         f"{r.seconds:.1f}")
        for r in run.sources
    ]
    lines.append(format_table(rows))
    for report in run.sources:
        lines += [f"  {report.key}: {f['url']}: {f['reason']}{_history(f)}"
                  for f in report.failures]
        lines += [f"  {report.key}: {note}" for note in report.notes]
        lines += [f"  {report.key}: bound: {bound}" for bound in report.bounds]
    lines += [f"  {r.key}: CPU per article: " + ", ".join(
        f"{stage} {ms:.1f} ms" for stage, ms in r.cpu_ms.items()) for r in run.sources if r.cpu_ms]
    return "\n".join(lines)


def _history(failure: dict[str, Any]) -> str:
    since = (failure.get("since") or "")[:16].replace("T", " ")
    if failure["state"] == "abandoned":
        return f" (abandoned: failing since {since} UTC, {failure['attempts']} attempts)"
    if failure["state"] == "failing":
        return f" (failing since {since} UTC, {failure['attempts']} attempts)"
    return ""
