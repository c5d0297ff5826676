"""ISO 8601 timestamps with explicit offsets: the only datetimes the project exchanges."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def precise_now() -> str:
    """The current UTC time to the microsecond, in a form that sorts as it compares."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def iso(moment: datetime) -> str:
    """ISO 8601 with its offset; refuses naive datetimes."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: attach a timezone first")
    return moment.isoformat()


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 string with offset; refuses naive values."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {value!r} has no UTC offset")
    return moment


def utc_sort_key(value: str | None) -> str | None:
    """A lexicographically sortable UTC form of an ISO timestamp (None stays None)."""
    if value is None:
        return None
    return parse_iso(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_w3c(value: str | None) -> datetime | None:
    """A sitemap ``lastmod`` (W3C datetime); a date alone is midnight in Paris; None when
    unreadable."""
    text = (value or "").strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=PARIS)
