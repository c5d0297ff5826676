"""The crawl state: what to fetch again and when, on a real store, with the clock given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.crawlstate import CrawlPolicy, CrawlState, Why
from harvester.crawlstate.listings import ListingProgress
from harvester.crawlstate.policy import RevalidationSchedule, parse_backoff, parse_duration
from harvester.store import SQLiteStore
from tests.factories import article_record

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
URL = "https://www.rtes.fr/Tribune"


def policy(**changes) -> CrawlPolicy:
    base = CrawlPolicy(revalidate=RevalidationSchedule.parse("1d=1h, 30d=1d, *=30d"),
                       retry=parse_backoff("0, 1h, 6h, 1d"),
                       retry_gone=parse_backoff("1d, 7d, 30d"),
                       give_up_after=parse_duration("30d"), max_listing_pages=20)
    return CrawlPolicy(**{**base.__dict__, **changes})


@pytest.fixture
def store(tmp_path):
    opened = SQLiteStore(tmp_path / "state.sqlite")
    yield opened
    opened.close()


def state_at(store, moment, **changes) -> CrawlState:
    return CrawlState(store, "rtes", policy(**changes), clock=lambda: moment)


def fetched_page(store, published=None, *, headers=None):
    """The page fetched at NOW as an article published at ``published`` (unknown if None)."""
    if published:
        store.save(article_record(URL, published=published))
    state = state_at(store, NOW)
    state.discovered([URL])
    assert state.plan(URL).why is Why.NEW
    state.fetched(URL, headers or {"ETag": '"v1"'}, b"<html>v1</html>", "article")


@pytest.mark.parametrize(("text", "seconds"), [
    ("0", 0), ("90s", 90), ("15m", 900), ("6h", 21600), ("1d", 86400), ("2w", 1209600),
    ("1.5h", 5400), (" 3 d ", 259200),
])
def test_durations(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "soon", "-1h", "1y", "h", "1dd"])
def test_bad_durations(text):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["1d=1h", "*=1d, 1d=1h", "30d=1d, 1d=1h, *=30d", "1d:1h, *=1d",
                                  "", "1d=soon, *=1d"])
def test_bad_schedules(text):
    with pytest.raises(ValueError, match=r"AGE=EVERY|\*=EVERY|increase|duration"):
        RevalidationSchedule.parse(text)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_the_revalidation_interval_never_shrinks_as_an_article_ages(first, second):
    schedule = RevalidationSchedule.parse("1d=1h, 30d=1d, *=30d")
    young, old = sorted((timedelta(seconds=first), timedelta(seconds=second)))
    assert schedule.interval(young) <= schedule.interval(old)


def test_the_default_schedule_is_hourly_then_daily_then_monthly():
    schedule = RevalidationSchedule.parse("1d=1h, 30d=1d, *=30d")
    assert schedule.interval(timedelta(hours=5)) == timedelta(hours=1)
    assert schedule.interval(timedelta(days=3)) == timedelta(days=1)
    assert schedule.interval(timedelta(days=400)) == timedelta(days=30)


def test_a_fetched_article_is_skipped_until_its_revalidation_is_due(store):
    published = (NOW - timedelta(days=3)).isoformat()
    fetched_page(store, published)
    assert state_at(store, NOW + timedelta(hours=23)).plan(URL) is None
    due = state_at(store, NOW + timedelta(hours=25)).plan(URL)
    assert due.why is Why.REVALIDATE
    assert due.headers == {"If-None-Match": '"v1"'}


def test_an_old_article_is_revalidated_monthly(store):
    fetched_page(store, "2012-11-09T00:00:00+01:00")
    assert state_at(store, NOW + timedelta(days=29)).plan(URL) is None
    assert state_at(store, NOW + timedelta(days=31)).plan(URL).why is Why.REVALIDATE


def test_a_newer_feed_or_sitemap_date_asks_for_the_page_again(store):
    fetched_page(store, "2012-11-09T00:00:00+01:00",
                 headers={"Last-Modified": "Fri, 09 Nov 2012 08:00:00 GMT"})
    later = state_at(store, NOW + timedelta(hours=2))
    assert later.plan(URL, datetime(2012, 11, 9, tzinfo=UTC)) is None
    plan = later.plan(URL, NOW + timedelta(hours=1))
    assert plan.why is Why.CHANGED
    assert plan.headers == {"If-Modified-Since": "Fri, 09 Nov 2012 08:00:00 GMT"}


def test_a_304_moves_only_the_check_time_and_an_identical_body_is_not_parsed(store):
    fetched_page(store, "2012-11-09T00:00:00+01:00")
    state = state_at(store, NOW + timedelta(days=40))
    assert state.plan(URL).why is Why.REVALIDATE
    assert state.same_body(URL, b"<html>v1</html>")
    assert not state.same_body(URL, b"<html>v2</html>")
    state.not_modified(URL)
    assert state_at(store, NOW + timedelta(days=41)).plan(URL) is None


def test_a_changed_body_moves_the_change_time(store):
    fetched_page(store)
    state = state_at(store, NOW + timedelta(days=2))
    state.fetched(URL, {}, b"<html>v2</html>", "article")
    assert store.pages_of("rtes")[URL].changed_at is not None


def test_failures_are_retried_next_run_then_after_growing_waits(store):
    state = state_at(store, NOW)
    state.discovered([URL])
    first = state.failed(URL, "HTTP 500")
    assert (first.state, first.attempts) == ("new", 1)
    assert state_at(store, NOW + timedelta(minutes=1)).plan(URL).why is Why.RETRY
    second = state_at(store, NOW + timedelta(minutes=1)).failed(URL, "HTTP 503")
    assert (second.state, second.attempts, second.since) == ("failing", 2, first.since)
    assert state_at(store, NOW + timedelta(minutes=2)).plan(URL) is None
    assert state_at(store, NOW + timedelta(minutes=62)).plan(URL).why is Why.RETRY
    notes = state_at(store, NOW + timedelta(minutes=2)).failures()
    assert [(n.url, n.state, n.attempts) for n in notes] == [(URL, "failing", 2)]


def test_a_gone_page_waits_a_day(store):
    state_at(store, NOW).failed(URL, "HTTP 404", gone=True)
    assert state_at(store, NOW + timedelta(hours=23)).plan(URL) is None
    assert state_at(store, NOW + timedelta(hours=25)).plan(URL).why is Why.RETRY


def test_a_page_failing_for_too_long_is_abandoned_once(store):
    state_at(store, NOW).failed(URL, "HTTP 500")
    note = state_at(store, NOW + timedelta(days=31)).failed(URL, "HTTP 500")
    assert (note.state, note.attempts) == ("abandoned", 2)
    later = state_at(store, NOW + timedelta(days=60))
    assert later.plan(URL) is None
    assert later.failures() == []
    assert later.skip_counts() == {"abandoned": 1}


def test_success_clears_the_failure(store):
    state = state_at(store, NOW)
    state.failed(URL, "HTTP 500")
    state.fetched(URL, {}, b"ok", "article")
    assert state_at(store, NOW).failures() == []


def test_pages_found_by_a_killed_run_are_fetched_by_the_next(store):
    state_at(store, NOW).discovered([URL, URL + "-2"])
    due = state_at(store, NOW + timedelta(minutes=5)).due()
    assert [(url, plan.why) for url, plan in due] == [(URL, Why.RESUMED),
                                                      (URL + "-2", Why.RESUMED)]


def test_feed_entries_outlive_the_feed(store):
    state_at(store, NOW).remember_feed_entries({URL: {"link": URL, "summary_html": "<p>x</p>"}})
    assert state_at(store, NOW).feed_entry(URL) == {"link": URL, "summary_html": "<p>x</p>"}


def test_full_mode_fetches_everything_again(store):
    fetched_page(store)
    assert state_at(store, NOW, full=True).plan(URL).why is Why.FULL


LISTING = "https://www.rtes.fr/-Les-PTCE-"


def page(n: int) -> str:
    return f"{LISTING}?debut_articles={5 * n}"


def test_no_early_stop_before_a_listing_was_read_to_its_end(store):
    listings = ListingProgress(store, "rtes", max_pages=20)
    follow = listings.page_read(LISTING, LISTING, [page(1), page(2)], only_known_articles=True)
    assert follow == [page(1), page(2)]
    assert listings.page_read(LISTING, page(1), [page(2), page(3)],
                              only_known_articles=True) == [page(3)]
    for n in (2, 3):
        listings.page_read(LISTING, page(n), [], only_known_articles=True)
    assert listings.finish(NOW.isoformat(), complete_run=True) == []
    after = ListingProgress(store, "rtes", max_pages=20)
    assert after.page_read(LISTING, LISTING, [page(1), page(2)], only_known_articles=True) == []
    assert after.stopped_early == 1


def test_an_interrupted_pass_resumes_where_it_stopped(store):
    listings = ListingProgress(store, "rtes", max_pages=20)
    listings.page_read(LISTING, LISTING, [page(1), page(2)], only_known_articles=False)
    listings.page_read(LISTING, page(1), [page(2), page(3)], only_known_articles=False)
    resumed = ListingProgress(store, "rtes", max_pages=20)
    assert resumed.resume() == [page(2), page(3)]
    assert resumed.page_read(LISTING, LISTING, [page(1), page(2)],
                             only_known_articles=True) == []
    notes = resumed.finish(NOW.isoformat(), complete_run=True)
    assert notes == [f"{LISTING}: 2 listing page(s) not read yet; the next run goes on from there"]


def test_the_page_limit_leaves_the_rest_for_the_next_run(store):
    listings = ListingProgress(store, "rtes", max_pages=1)
    assert listings.page_read(LISTING, LISTING, [page(1), page(2)],
                              only_known_articles=False) == [page(1)]
    assert listings.limited == 1
    listings.page_read(LISTING, page(1), [], only_known_articles=False)
    assert ListingProgress(store, "rtes", max_pages=1).resume() == [page(2)]


def test_a_date_found_after_the_page_was_fetched_is_no_change_next_run(store):
    """The feed's date came first and the page was fetched; the sitemap, read later in the
    same run, says a few minutes later: the next run does not fetch the page again."""
    feed_date, sitemap_date = datetime(2024, 5, 28, 12, 0, tzinfo=UTC), datetime(
        2024, 5, 28, 12, 7, 33, tzinfo=UTC)
    store.save(article_record(URL, published="2024-05-28T14:00:00+02:00"))
    state = state_at(store, NOW)
    state.discovered([URL])
    assert state.plan(URL, feed_date).why is Why.NEW
    state.fetched(URL, {}, b"<html>v1</html>", "article")
    assert state.plan(URL, sitemap_date) is None
    assert state_at(store, NOW + timedelta(hours=2)).plan(URL, sitemap_date) is None
    assert state_at(store, NOW + timedelta(hours=2)).plan(
        URL, sitemap_date + timedelta(days=1)).why is Why.CHANGED
