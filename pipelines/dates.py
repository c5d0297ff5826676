"""Dates: French, English, numeric, RFC 822, ISO 8601 and relative dates to aware datetimes.

A chain of small parsers, each returning None when it does not apply; dateparser is the
last resort for the forms the table does not know. No zone means Europe/Paris.

A date keeps the offset its page states: it is the time of the page's readers, and 05:50 in
Tokyo is the day before in Paris, not the day the page shows. UTC ("Z", "+00:00", GMT) is how
CMSs write machine-readable times (WordPress's ``*_gmt`` fields, Drupal's ``datetime``
attributes, RSS dates), not their readers' zone: it becomes Paris time, the network's zone,
on the network's sites and on French pages. A page from elsewhere in another language keeps it
as written, as htmldate does: its readers' zone is unknown, and Paris time would put a New York
evening's article on the next day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from functools import cache, partial
from typing import Any

from harvester.extract.raw import RawArticle
from harvester.model import Article
from harvester.text import fold, one_line
from harvester.timestamps import PARIS, iso, parse_iso
from pipelines.base import RawFieldsPipeline

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
    "january": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "october": 10, "november": 11, "december": 12,
}
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
TIME = r"(?:\s*(?:à|a|at|,|-)?\s*(\d{1,2})\s*(?:h|:)\s*(\d{2})?(?:\s*(am|pm))?)?"
DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({MONTH})\.?,?\s+(\d{{4}})\b{TIME}", re.IGNORECASE)
MONTH_DAY_YEAR = re.compile(
    rf"\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b{TIME}", re.IGNORECASE)
NUMERIC = re.compile(rf"\b(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}|\d{{2}})\b{TIME}")
ISO_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
                      r"|\d{8}T\d{4}(?:\d{2}(?:\.\d+)?)?)(?:Z|[+-]\d{2}:?\d{2})?$")
"""ISO 8601, extended or basic with a time ("20180619T055000+0900", Nikkei's meta dates)."""
RELATIVE = re.compile(
    r"(?:il y a|depuis)\s+(\d+|un|une)\s+(minute|heure|jour|semaine|mois|an|année)s?"
    r"|(\d+|an?|one)\s+(minute|hour|day|week|month|year)s?\s+ago",
    re.IGNORECASE,
)
RELATIVE_DAYS = {"aujourd'hui": 0, "aujourd’hui": 0, "today": 0, "hier": 1, "yesterday": 1,
                 "avant-hier": 2}
UNIT_DAYS = {"minute": 1 / 1440, "heure": 1 / 24, "hour": 1 / 24, "jour": 1, "day": 1,
             "semaine": 7, "week": 7, "mois": 30, "month": 30, "an": 365, "annee": 365,
             "year": 365}
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)

Parser = Callable[[str, datetime], datetime | None]


def _local(year: int, month: int, day: int, hour: str | None = None, minute: str | None = None,
           meridiem: str | None = None) -> datetime | None:
    """A Paris wall-clock time; None for an impossible calendar date (31/02)."""
    h = int(hour) if hour else 0
    if meridiem and meridiem.lower() == "pm" and h < 12:
        h += 12
    try:
        return datetime(year, month, day, h, int(minute or 0), tzinfo=PARIS)
    except ValueError:
        return None


def _iso(text: str, now: datetime) -> datetime | None:
    if not ISO_DATE.match(text):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T") if "T" not in text else text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)


def _rfc822(text: str, now: datetime) -> datetime | None:
    if not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", text):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)


def _day_month_year(text: str, now: datetime) -> datetime | None:
    match = DAY_MONTH_YEAR.search(fold(text).replace("1er", "1"))
    if not match:
        return None
    day, month, year, *clock = match.groups()
    return _local(int(year), MONTHS[month.lower()], int(day), *clock)


def _month_day_year(text: str, now: datetime) -> datetime | None:
    match = MONTH_DAY_YEAR.search(fold(text))
    if not match:
        return None
    month, day, year, *clock = match.groups()
    return _local(int(year), MONTHS[month.lower()], int(day), *clock)


def _numeric(text: str, now: datetime, month_first: bool = False) -> datetime | None:
    """09/11/2012 is the 9th of November: French sites write day first, American ones month
    first; either way 11/25/2012 can only be the 25th."""
    match = NUMERIC.search(text)
    if not match:
        return None
    first, second, year, *clock = match.groups()
    month, day = (int(first), int(second)) if month_first else (int(second), int(first))
    if month > 12 >= day:
        month, day = day, month
    full_year = int(year) + (2000 if int(year) < 70 else 1900) if len(year) == 2 else int(year)
    return _local(full_year, month, day, *clock)


def _relative(text: str, now: datetime) -> datetime | None:
    folded = fold(text)
    for word, days_back in RELATIVE_DAYS.items():
        if re.search(rf"(?<![\w-]){re.escape(fold(word))}(?![\w-])", folded):
            day = now.astimezone(PARIS).date() - timedelta(days=days_back)
            clock = re.search(r"(\d{1,2})\s*[h:]\s*(\d{2})?", folded)
            return _local(day.year, day.month, day.day, *(clock.groups() if clock else ()))
    match = RELATIVE.search(folded)
    if not match:
        return None
    count, unit = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
    amount = 1 if count in ("un", "une", "a", "an", "one") else int(count)
    return now - timedelta(days=amount * UNIT_DAYS[fold(unit)])


def _dateparser(text: str, now: datetime) -> datetime | None:
    """Last resort for forms the table does not know; only short texts with a digit."""
    if len(text) > 60 or not re.search(r"\d", text) or ISO_DATE.match(text):
        return None
    parsed = _dateparser_parse(text, now.astimezone(PARIS).replace(tzinfo=None))
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)


@cache
def _dateparser_module() -> Any:
    import dateparser  # deferred: loading its language data takes a second

    return dateparser


def _dateparser_parse(text: str, base: datetime) -> datetime | None:
    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RELATIVE_BASE": base,
                "REQUIRE_PARTS": ["day", "month", "year"]}
    result: datetime | None = _dateparser_module().parse(
        text, languages=["fr", "en"], settings=settings)
    return result


PARSERS: tuple[Parser, ...] = (_iso, _rfc822, _day_month_year, _month_day_year, _numeric,
                               _relative, _dateparser)
MONTH_FIRST_PARSERS = tuple(partial(_numeric, month_first=True) if parser is _numeric
                            else parser for parser in PARSERS)


def parse_date(text: str | None, now: datetime, month_first: bool = False) -> datetime | None:
    """The first reading of text that a parser of the chain accepts, or None."""
    cleaned = one_line(text)
    if not cleaned:
        return None
    for parser in MONTH_FIRST_PARSERS if month_first else PARSERS:
        parsed = parser(cleaned, now)
        if parsed is not None:
            return parsed
    return None


def plausible(moment: datetime, now: datetime) -> bool:
    return EARLIEST <= moment <= now + FUTURE_TOLERANCE


@dataclass(frozen=True)
class Reading:
    """How a page's dates are read."""

    zone: tzinfo = PARIS
    """Where its readers are: the zone its UTC times are shown in."""
    month_first: bool = False
    """Numeric dates are written month first (03/12/2024 is March the 12th)."""


def normalize_date(candidates: list[str], now: datetime,
                   reading: Reading = Reading()) -> tuple[str | None, list[str]]:
    """The first plausible candidate as ISO 8601 (its own offset, or the readers' zone for
    UTC), and why others were refused."""
    problems: list[str] = []
    for candidate in candidates:
        parsed = parse_date(candidate, now, reading.month_first)
        if parsed is None:
            continue
        if not plausible(parsed, now):
            problems.append(f"{candidate!r} is not a plausible date ({parsed.date()})")
            continue
        return iso(parsed if parsed.utcoffset() else parsed.astimezone(reading.zone)), problems
    if candidates and not problems:
        problems.append(f"no date could be read from {candidates[0]!r}")
    return None, problems


def page_reading(raw: RawArticle) -> Reading:
    """Paris time on the network's sites and French pages, UTC as written on a page from
    elsewhere that declares another language or none; month first on a page declared in
    American English."""
    language = (raw.language or "").lower()
    zone = PARIS if raw.source.in_network or language.startswith("fr") else UTC
    return Reading(zone, month_first=language.replace("_", "-") == "en-us")


def as_of(fetched_at: str) -> datetime:
    """The reference time for relative dates: when the page was fetched."""
    try:
        return parse_iso(fetched_at)
    except ValueError:
        return datetime.now(UTC)


class DatesPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        now = as_of(raw.fetched_at)
        reading = page_reading(raw)
        article.published, problems = normalize_date(raw.published, now, reading)
        for problem in problems:
            self.field_error(article, "published", problem)
        article.updated, problems = normalize_date(raw.updated, now, reading)
        for problem in problems:
            self.field_error(article, "updated", problem)
        if not (article.updated and article.published):
            return
        updated, published = parse_iso(article.updated), parse_iso(article.published)
        if updated < published:
            self.field_error(article, "updated", f"{article.updated} is earlier than "
                             f"published {article.published}; dropped")
        if updated <= published:
            article.updated = None
