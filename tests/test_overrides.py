"""Validation of --set NAME=VALUE overrides before a crawl."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.settings import Settings, default_settings

from harvester import settings as project_settings
from harvester.overrides import SettingError, parse_overrides

KNOWN = sorted({name for module in (default_settings, project_settings)
                for name in dir(module) if name.isupper()})


@pytest.mark.parametrize("pair", [
    "DOWNLOAD_DELAY=2.5",
    "DOWNLOAD_DELAY=0",
    "CLOSESPIDER_TIMEOUT=2.5",
    "DOWNLOAD_TIMEOUT=7.5",
    "CONCURRENT_REQUESTS=4",
    "LOG_LEVEL=WARNING",
    "LOG_LEVEL=DEBUG",
    "AUTOTHROTTLE_ENABLED=False",
    "AUTOTHROTTLE_ENABLED=true",
    "AUTOTHROTTLE_ENABLED=1",
    "TELNETCONSOLE_ENABLED=True",
    "HARVESTER_MAX_LISTING_PAGES=1000",
    "HARVESTER_FULL_CRAWL=True",
    "ROBOTSTXT_OBEY=False",
    "RETRY_TIMES=0",
    "RETRY_PRIORITY_ADJUST=-2",
    'FEEDS={"a.jsonl": {"format": "jsonlines"}}',
    "RETRY_HTTP_CODES=500,503",
    "METAREFRESH_IGNORE_TAGS=noscript,script",
    "USER_AGENT=Mozilla/5.0 (X11; Linux) a=b",
    "USER_AGENT=",
    "JOBDIR=crawls/run-1",
])
def test_accepted(pair: str) -> None:
    name, _, value = pair.partition("=")
    assert parse_overrides([pair]) == {name: value}


@pytest.mark.parametrize(("pair", "expected"), [
    ("DOWNLOAD_DELAY=abc",
     "--set DOWNLOAD_DELAY=abc: DOWNLOAD_DELAY takes a number; give e.g. --set DOWNLOAD_DELAY="),
    ("DOWNLOAD_DELAY=-1", "--set DOWNLOAD_DELAY=-1: DOWNLOAD_DELAY must be ≥ 0; give e.g."),
    ("DOWNLOAD_DELAY=", "--set DOWNLOAD_DELAY=: DOWNLOAD_DELAY takes a number;"),
    ("DOWNLOAD_DELAY=nan", "--set DOWNLOAD_DELAY=nan: DOWNLOAD_DELAY takes a finite number;"),
    ("DOWNLOAD_TIMEOUT=-5", "--set DOWNLOAD_TIMEOUT=-5: DOWNLOAD_TIMEOUT must be ≥ 0;"),
    ("CONCURRENT_REQUESTS=2.5",
     "--set CONCURRENT_REQUESTS=2.5: CONCURRENT_REQUESTS takes a whole number; give e.g."),
    ("CONCURRENT_REQUESTS_PER_DOMAIN=-1",
     "--set CONCURRENT_REQUESTS_PER_DOMAIN=-1: CONCURRENT_REQUESTS_PER_DOMAIN must be ≥ 0"),
    ("RETRY_TIMES=-1", "--set RETRY_TIMES=-1: RETRY_TIMES must be ≥ 0"),
    ("NO_SUCH_SETTING=1", "--set NO_SUCH_SETTING=1: unknown setting NO_SUCH_SETTING; "),
    ("DOWNLOAD_DELAI=1",
     "--set DOWNLOAD_DELAI=1: unknown setting DOWNLOAD_DELAI; did you mean DOWNLOAD_DELAY?"),
    ("HARVESTER_MAX_LISTING_PAGE=5", "did you mean HARVESTER_MAX_LISTING_PAGES?"),
    ("ZZZZZZZZ=1", "unknown setting ZZZZZZZZ; see https://docs.scrapy.org/"),
    ("LOG_LEVEL=bogus", "--set LOG_LEVEL=bogus: unknown log level; give one of CRITICAL, "
                        "ERROR, WARNING, INFO, DEBUG (upper case)"),
    ("LOG_LEVEL=info", "--set LOG_LEVEL=info: log level names are upper case for Python's "
                       "logging; give --set LOG_LEVEL=INFO"),
    ("RETRY_GIVE_UP_LOG_LEVEL=warning", "give --set RETRY_GIVE_UP_LOG_LEVEL=WARNING"),
    ("AUTOTHROTTLE_ENABLED=yes", "--set AUTOTHROTTLE_ENABLED=yes: AUTOTHROTTLE_ENABLED is a "
                                 "boolean setting; give True, False, true, false, 1 or 0"),
    ("ROBOTSTXT_OBEY=TRUE", "--set ROBOTSTXT_OBEY=TRUE: ROBOTSTXT_OBEY is a boolean setting"),
    ("HARVESTER_MAX_LISTING_PAGES=x", "--set HARVESTER_MAX_LISTING_PAGES=x: "
                                      "HARVESTER_MAX_LISTING_PAGES takes a whole number; "
                                      "give e.g. --set HARVESTER_MAX_LISTING_PAGES=20"),
    ("HARVESTER_MAX_LISTING_PAGES=-3", "HARVESTER_MAX_LISTING_PAGES must be ≥ 0"),
    ("FEEDS=notjson", "--set FEEDS=notjson: FEEDS takes a JSON object (Expecting value"),
    ("FEEDS=[1, 2]", "--set FEEDS=[1, 2]: FEEDS takes a JSON object, not list;"),
    ("RETRY_HTTP_CODES=[500, 503]", "Scrapy reads RETRY_HTTP_CODES as comma-separated text, "
                                    "not JSON; give e.g. --set RETRY_HTTP_CODES=500,"),
    ("RETRY_HTTP_CODES=500,abc", "RETRY_HTTP_CODES takes comma-separated whole numbers"),
    ("download_delay=2", "--set 'download_delay=2': expected NAME=VALUE with an upper-case "
                         "setting name, e.g. --set DOWNLOAD_DELAY=2"),
    ("DOWNLOAD_DELAY", "--set 'DOWNLOAD_DELAY': expected NAME=VALUE"),
    ("=2", "--set '=2': expected NAME=VALUE"),
    ("DOWNLOAD DELAY=2", "--set 'DOWNLOAD DELAY=2': expected NAME=VALUE"),
    ("DOWNLOAD_DELAY=a\nb", r"--set 'DOWNLOAD_DELAY=a\nb': DOWNLOAD_DELAY takes a number"),
])
def test_refused(pair: str, expected: str) -> None:
    with pytest.raises(SettingError) as caught:
        parse_overrides([pair])
    message = str(caught.value)
    assert message.startswith((f"--set {pair}: ", f"--set {pair!r}: "))
    assert expected in message
    assert "\n" not in message


def test_none_and_empty_give_no_overrides() -> None:
    assert parse_overrides(None) == {}
    assert parse_overrides([]) == {}


def test_last_pair_wins() -> None:
    pairs = ["DOWNLOAD_DELAY=1", "RETRY_TIMES=3", "DOWNLOAD_DELAY=0.5"]
    assert parse_overrides(pairs) == {"DOWNLOAD_DELAY": "0.5", "RETRY_TIMES": "3"}


def test_first_bad_pair_is_reported() -> None:
    with pytest.raises(SettingError, match=r"^--set RETRY_TIMES=x: "):
        parse_overrides(["DOWNLOAD_DELAY=1", "RETRY_TIMES=x", "LOG_LEVEL=bogus"])


def test_is_a_value_error() -> None:
    assert issubclass(SettingError, ValueError)


PAIRS = st.one_of(
    st.text(),
    st.builds("{}={}".format, st.sampled_from(KNOWN), st.text()),
)


@settings(deadline=None)
@given(st.one_of(st.none(), st.lists(PAIRS, max_size=4)))
def test_any_text_gives_a_dict_or_one_line_setting_error(pairs: list[str] | None) -> None:
    result: dict[str, str] | SettingError
    try:
        result = parse_overrides(pairs)
    except SettingError as exc:
        result = exc
    if isinstance(result, SettingError):
        assert str(result).startswith("--set ")
        assert "\n" not in str(result)
    else:
        assert isinstance(result, dict)
        assert all(f"{name}={value}" in (pairs or []) for name, value in result.items())


def scrapy_reads(pair: str, getter: str) -> object:
    """The value Scrapy's own getter makes of a --set pair over the project settings."""
    name, _, value = pair.partition("=")
    scrapy_settings = Settings()
    scrapy_settings.setmodule(project_settings, priority="project")
    scrapy_settings.set(name, value, priority="cmdline")
    if getter == "setLevel":
        logging.Handler().setLevel(scrapy_settings[name])
        return scrapy_settings[name]
    return getattr(scrapy_settings, getter)(name)


@pytest.mark.parametrize(("pair", "getter", "accepted"), [
    ("DOWNLOAD_DELAY=2.5", "getfloat", True),
    ("DOWNLOAD_TIMEOUT=7.5", "getfloat", True),
    ("CONCURRENT_REQUESTS=4", "getint", True),
    ("CONCURRENT_REQUESTS=2.5", "getint", False),
    ("AUTOTHROTTLE_ENABLED=false", "getbool", True),
    ("AUTOTHROTTLE_ENABLED=yes", "getbool", False),
    ('FEEDS={"a.jsonl": {"format": "jsonlines"}}', "getdict", True),
    ("FEEDS=notjson", "getdict", False),
    ("LOG_LEVEL=WARNING", "setLevel", True),
    ("LOG_LEVEL=warning", "setLevel", False),
])
def test_agrees_with_scrapy(pair: str, getter: str, accepted: bool) -> None:
    try:
        scrapy_reads(pair, getter)
        scrapy_ok = True
    except ValueError:
        scrapy_ok = False
    assert scrapy_ok is accepted
    if accepted:
        assert parse_overrides([pair])
    else:
        with pytest.raises(SettingError):
            parse_overrides([pair])


def test_scrapy_does_not_read_json_lists() -> None:
    assert scrapy_reads("RETRY_HTTP_CODES=[500,503]", "getlist") == ["[500", "503]"]
    assert scrapy_reads("RETRY_HTTP_CODES=500,503", "getlist") == ["500", "503"]
