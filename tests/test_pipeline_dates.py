from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.registry import ADHOC, Source
from harvester.timestamps import parse_iso
from pipelines.dates import DatesPipeline, normalize_date, parse_date
from tests.pipeline_helpers import RTES, Stats, article

NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)

CASES = [
    ("le 9 novembre 2012", "2012-11-09T00:00:00+01:00"),
    ("par alfederici - le 9 novembre 2012", "2012-11-09T00:00:00+01:00"),
    ("lundi 9 nov. 2012 à 14h30", "2012-11-09T14:30:00+01:00"),
    ("09/11/2012", "2012-11-09T00:00:00+01:00"),
    ("9.11.12", "2012-11-09T00:00:00+01:00"),
    ("2012-11-09", "2012-11-09T00:00:00+01:00"),
    ("2012-11-09T10:14:00Z", "2012-11-09T11:14:00+01:00"),
    ("2012-11-09T10:14:00+02:00", "2012-11-09T10:14:00+02:00"),
    ("2012-11-09T23:30:00-05:00", "2012-11-09T23:30:00-05:00"),
    ("2012-11-09 10:14", "2012-11-09T10:14:00+01:00"),
    ("Fri, 09 Nov 2012 10:14:00 +0100", "2012-11-09T10:14:00+01:00"),
    ("Fri, 09 Nov 2012 09:14:00 GMT", "2012-11-09T10:14:00+01:00"),
    ("Publié le 17 juin 2010", "2010-06-17T00:00:00+02:00"),
    ("1er mars 2013", "2013-03-01T00:00:00+01:00"),
    ("mis à jour le 12 mars 2013", "2013-03-12T00:00:00+01:00"),
    ("Mardi 12 Février 2019", "2019-02-12T00:00:00+01:00"),
    ("November 9, 2012", "2012-11-09T00:00:00+01:00"),
    ("9 November 2012 2:30 pm", "2012-11-09T14:30:00+01:00"),
    ("il y a 3 jours", "2026-11-24T07:00:00+01:00"),
    ("3 days ago", "2026-11-24T07:00:00+01:00"),
    ("hier", "2026-11-26T00:00:00+01:00"),
    ("hier à 14h05", "2026-11-26T14:05:00+01:00"),
    ("aujourd'hui", "2026-11-27T00:00:00+01:00"),
    ("il y a une semaine", "2026-11-20T07:00:00+01:00"),
    ("le 1er juillet 2026 à 02h30", "2026-07-01T02:30:00+02:00"),
    ("12 oct. 2025", "2025-10-12T00:00:00+02:00"),
    ("20180619T0550Z", "2018-06-19T07:50:00+02:00"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_date_forms(text, expected):
    assert normalize_date([text], NOW) == (expected, [])


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("fr", "03/12/2024", "2024-12-03"),
    (None, "03/12/2024", "2024-12-03"),
    ("en", "03/12/2024", "2024-12-03"),
    ("en-GB", "03/12/2024", "2024-12-03"),
    ("en-US", "03/12/2024", "2024-03-12"),
    ("en_US", "3.12.24", "2024-03-12"),
    ("fr", "12/25/2024", "2024-12-25"),
    ("en-US", "25/12/2024", "2024-12-25"),
])
def test_numeric_dates_are_read_day_first_but_month_first_in_american_english(
        language, text, expected):
    """A day above 12 can only be the day, whatever order the page's language writes."""
    item = article(language=language, published=[text])
    DatesPipeline().process_item(item)
    assert item.published[:10] == expected


@pytest.mark.parametrize(("text", "offset"), [
    ("2013-03-30 12:00", "+01:00"), ("2013-03-31 12:00", "+02:00"),
    ("2013-10-26 12:00", "+02:00"), ("2013-10-27 12:00", "+01:00"),
])
def test_paris_offset_follows_daylight_saving(text, offset):
    published, _ = normalize_date([text], NOW)
    assert published.endswith(offset)


@pytest.mark.parametrize("impossible", ["31/02/2012", "31 juin 2012", "2012-13-01", "30/02/2020"])
def test_impossible_dates_are_null_with_a_reason(impossible):
    value, problems = normalize_date([impossible], NOW)
    assert value is None
    assert problems
    assert impossible in problems[0]


def test_future_dates_are_refused():
    tomorrow_plus = (NOW + timedelta(days=3)).strftime("%d/%m/%Y")
    value, problems = normalize_date([tomorrow_plus], NOW)
    assert value is None
    assert "not a plausible date" in problems[0]


def test_a_date_within_the_next_day_is_kept():
    assert normalize_date(["2026-11-27T20:00:00+01:00"], NOW)[0] == "2026-11-27T20:00:00+01:00"


def test_a_basic_iso_date_keeps_its_time_of_day_and_its_offset():
    """Nikkei writes its meta dates in ISO 8601's basic format: 05:50 in Tokyo is the 19th
    its readers see, not 22:50 the evening before in Paris, nor midnight."""
    published, problems = normalize_date(["20180619T055000+0900"], NOW)
    assert (published, problems) == ("2018-06-19T05:50:00+09:00", [])
    assert parse_iso(published) == datetime(2018, 6, 18, 20, 50, tzinfo=UTC)


def test_utc_times_become_paris_time():
    """A CMS's machine-readable UTC time late in the evening is the next day in France."""
    assert normalize_date(["2024-05-03T22:30:00Z"], NOW)[0] == "2024-05-04T00:30:00+02:00"


GUARDIAN = Source(key=ADHOC, name="www.guardian.co.uk", url="http://www.guardian.co.uk/")


@pytest.mark.parametrize(("source", "language", "expected"), [
    (GUARDIAN, "en", "2011-11-18T23:00:00+00:00"),
    (GUARDIAN, "fr-FR", "2011-11-19T00:00:00+01:00"),
    (GUARDIAN, None, "2011-11-18T23:00:00+00:00"),
    (RTES, "en", "2011-11-19T00:00:00+01:00"),
])
def test_utc_times_stay_as_written_on_a_page_from_elsewhere_not_in_french(
        source, language, expected):
    """A page outside the network that is not declared French has readers in an unknown zone:
    23:00 UTC is the day its URL and htmldate give (/2011/nov/18/), not the next one in
    Paris."""
    item = article(source=source, language=language, published=["2011-11-18T23:00:00.000Z"])
    DatesPipeline().process_item(item)
    assert item.published == expected


def test_the_same_moment_in_two_zones_is_no_update():
    item = article(published=["2024-05-03T09:00:00+09:00"], updated=["2024-05-03T00:00:00Z"])
    DatesPipeline().process_item(item)
    assert (item.published, item.updated) == ("2024-05-03T09:00:00+09:00", None)


def test_first_readable_candidate_wins():
    assert normalize_date(["garbage", "2012-11-09T09:14:00Z", "le 10 novembre 2012"],
                          NOW)[0] == "2012-11-09T10:14:00+01:00"


@pytest.mark.parametrize("text", ["", "   ", "RTES", "n'importe quoi", "9 novembre", "mars"])
def test_unreadable_text_gives_none(text):
    assert parse_date(text, NOW) is None


def test_pipeline_drops_an_updated_date_earlier_than_published():
    stats = Stats()
    item = article(published=["2012-11-09T10:00:00Z"], updated=["le 1er novembre 2012"])
    DatesPipeline(stats).process_item(item)
    assert item.published == "2012-11-09T11:00:00+01:00"
    assert item.updated is None
    assert stats.values["harvester/field_error/updated"] == 1


def test_pipeline_counts_an_impossible_date():
    stats = Stats()
    item = article(published=["31/02/2012"])
    DatesPipeline(stats).process_item(item)
    assert item.published is None
    assert stats.values["harvester/field_error/published"] == 1


def test_relative_dates_use_the_fetch_time():
    item = article(published=["hier"], fetched_at="2020-05-10T08:00:00+00:00")
    DatesPipeline().process_item(item)
    assert item.published == "2020-05-09T00:00:00+02:00"


@given(st.text(max_size=80))
def test_never_raises_and_gives_aware_iso_or_none(text):
    value, problems = normalize_date([text], NOW)
    assert isinstance(problems, list)
    if value is not None:
        moment = parse_iso(value)
        assert moment.utcoffset() is not None
        assert moment <= NOW + timedelta(days=1)


@given(st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2026, 11, 1),
                    timezones=st.just(UTC)))
def test_iso_round_trip_keeps_the_instant(moment):
    value, _ = normalize_date([moment.replace(microsecond=0).isoformat()], NOW)
    assert parse_iso(value) == moment.replace(microsecond=0)


@given(st.dates(min_value=datetime(1995, 1, 1).date(), max_value=datetime(2026, 1, 1).date()))
def test_french_day_month_year_round_trip(day):
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    value, _ = normalize_date([f"le {day.day} {months[day.month - 1]} {day.year}"], NOW)
    assert parse_iso(value).date() == day
