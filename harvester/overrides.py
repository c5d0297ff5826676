"""Validation of `--set NAME=VALUE` Scrapy setting overrides, before anything is crawled."""

from __future__ import annotations

import difflib
import functools
import json
import math
from types import ModuleType
from typing import Any

SETTINGS_DOCS = "https://docs.scrapy.org/en/latest/topics/settings.html"
BOOL_VALUES = ("True", "False", "true", "false", "1", "0")
"""The texts Scrapy's Settings.getbool reads as booleans (it also takes other integers)."""
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
"""Python's logging, which Scrapy hands these names to, only knows them in upper case."""
READ_AS_FLOAT = frozenset({"DOWNLOAD_TIMEOUT", "DNS_TIMEOUT"})
"""Settings with int defaults that Scrapy reads with Settings.getfloat."""
NON_NEGATIVE_SUFFIXES = ("_DELAY", "_TIMEOUT", "_SIZE", "_MAXSIZE", "_WARNSIZE", "_TIMES",
                         "_PAGES", "_DEPTH", "_LISTINGS", "_URLS", "_ITEMS", "_REQUESTS",
                         "_WORKERS", "_BUDGET", "_COUNT")


class SettingError(ValueError):
    """A --set pair that cannot be used; the message is one actionable line."""


@functools.cache
def _defaults() -> dict[str, tuple[Any, ...]]:
    """Each known setting name with its defaults, the project's before Scrapy's."""
    from scrapy.settings import default_settings

    from harvester import settings as project_settings

    def upper(module: ModuleType) -> dict[str, Any]:
        return {name: getattr(module, name) for name in dir(module) if name.isupper()}

    project, scrapy = upper(project_settings), upper(default_settings)
    return {name: tuple(m[name] for m in (project, scrapy) if name in m)
            for name in sorted(project.keys() | scrapy.keys())}


def _show(pair: str) -> str:
    return pair if pair.isprintable() else repr(pair)


def _example(name: str, value: object) -> str:
    return f"--set {name}={value}"


def _check_number(name: str, value: str, default: object, as_float: bool) -> str | None:
    """The problem with a numeric value, or None."""
    number: float
    try:
        number = float(value) if as_float else int(value)
    except ValueError:
        kind = "a number" if as_float else "a whole number"
        return f"{name} takes {kind}; give e.g. {_example(name, default)}"
    if not math.isfinite(number):
        return f"{name} takes a finite number; give e.g. {_example(name, default)}"
    non_negative = name.startswith("CONCURRENT_") or name.endswith(NON_NEGATIVE_SUFFIXES)
    if non_negative and number < 0:
        return f"{name} must be ≥ 0; give e.g. {_example(name, default)}"
    return None


def _check_list(name: str, value: str, default: list[Any] | tuple[Any, ...]) -> str | None:
    """The problem with a list value, or None (Scrapy's getlist splits text on commas)."""
    example = _example(name, ",".join(str(item) for item in default) or "a,b")
    if value.lstrip().startswith("["):
        return (f"Scrapy reads {name} as comma-separated text, not JSON; "
                f"give e.g. {example}")
    if default and all(isinstance(item, int) for item in default) and value:
        try:
            [int(item) for item in value.split(",")]
        except ValueError:
            return f"{name} takes comma-separated whole numbers; give e.g. {example}"
    return None


def _check_dict(name: str, value: str) -> str | None:
    """The problem with a dict value, or None (Scrapy parses text as a JSON object)."""
    example = f"""--set {name}='{{"key": "value"}}'"""
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        return f"{name} takes a JSON object ({exc}); give e.g. {example}"
    except RecursionError:
        return f"{name} takes a JSON object (nested too deeply); give e.g. {example}"
    if not isinstance(parsed, dict):
        return f"{name} takes a JSON object, not {type(parsed).__name__}; give e.g. {example}"
    return None


def _check_log_level(name: str, value: str) -> str | None:
    """The problem with a log level name, or None."""
    if value in LOG_LEVELS:
        return None
    if value.upper() in LOG_LEVELS:
        return (f"log level names are upper case for Python's logging; "
                f"give {_example(name, value.upper())}")
    return f"unknown log level; give one of {', '.join(LOG_LEVELS)} (upper case)"


def _check_value(name: str, value: str, defaults: tuple[Any, ...]) -> str | None:
    """The problem with the value of a known setting, or None."""
    if name == "LOG_LEVEL" or name.endswith("_LOG_LEVEL"):
        return _check_log_level(name, value)
    present = [d for d in defaults if d is not None]
    if not present:
        return None
    default = present[0]
    if any(isinstance(d, bool) for d in present):
        if value in BOOL_VALUES:
            return None
        return f"{name} is a boolean setting; give True, False, true, false, 1 or 0"
    if isinstance(default, int | float):
        as_float = name in READ_AS_FLOAT or any(isinstance(d, float) for d in present)
        return _check_number(name, value, default, as_float)
    if isinstance(default, dict):
        return _check_dict(name, value)
    if isinstance(default, list | tuple):
        return _check_list(name, value, default)
    return None


def _check_pair(pair: str) -> tuple[str, str]:
    """The (NAME, VALUE) of one valid pair; SettingError otherwise."""
    name, sep, value = pair.partition("=")
    if not sep or not name.isidentifier() or not name.isupper():
        raise SettingError(f"--set {pair!r}: expected NAME=VALUE with an upper-case setting "
                           "name, e.g. --set DOWNLOAD_DELAY=2")
    known = _defaults()
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        fix = f"did you mean {close[0]}?" if close else f"see {SETTINGS_DOCS}"
        raise SettingError(f"--set {_show(pair)}: unknown setting {name}; {fix}")
    problem = _check_value(name, value, known[name])
    if problem:
        raise SettingError(f"--set {_show(pair)}: {problem}")
    return name, value


def parse_overrides(pairs: list[str] | None) -> dict[str, str]:
    """Validate NAME=VALUE pairs; return {NAME: VALUE}, raw strings for Scrapy's getters."""
    return dict(_check_pair(pair) for pair in pairs or [])
