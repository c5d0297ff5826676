"""Plain-text hygiene shared by every normalizer and writer."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# XML 1.0 forbids C0 controls other than tab/newline/return, U+FFFE/U+FFFF and surrogates.
ILLEGAL_CHARACTERS = (*map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))), "\ufffe", "\uffff")
XML_ILLEGAL = re.compile(f"[{''.join(ILLEGAL_CHARACTERS)}\ud800-\udfff]")
LONG_TEXT = 256
"""From this length, text is first checked for the illegal characters one by one (a string
search each, 3 times faster than the regex over a page's body, which is checked some ten
times a page)."""


def xml_safe(text: str) -> str:
    """Text with XML-illegal characters removed and composed to Unicode NFC."""
    if len(text) < LONG_TEXT or not _legal(text):
        text = XML_ILLEGAL.sub("", text)
    return unicodedata.normalize("NFC", text)


def _legal(text: str) -> bool:
    """No XML-illegal character in the text (a surrogate is what UTF-8 cannot encode)."""
    if any(character in text for character in ILLEGAL_CHARACTERS):
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def xml_safe_value(value: Any) -> Any:
    """The same JSON value with every string (keys included) XML-safe and NFC."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [xml_safe_value(v) for v in value]
    if isinstance(value, dict):
        return {xml_safe_value(k): xml_safe_value(v) for k, v in value.items()}
    return value


FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Invisible format characters: bidi embeddings, overrides and isolates (a title written
backwards), marks, zero-width spaces, soft hyphens. Not ZWJ/ZWNJ, which scripts need."""


def one_line(text: str | None) -> str:
    """XML-safe text on one line, without invisible format characters: every run of
    whitespace becomes one space (titles, names, tags)."""
    return " ".join(FORMAT_CHARACTERS.sub("", xml_safe(text or "")).split())


COMMON_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")
"""The combining diacritics of Latin scripts, removed in one regex pass (not U+034F, the
grapheme joiner, which has no combining class)."""
MAYBE_MARK = re.compile("[\u0370-\u1fff\u20d0-\u20ff\u2c00-\ufe2f\U00010000-\U0001ffff]")
"""Where the other combining marks are (general punctuation, typographic quotes and dashes
are not), each looked up."""


def fold(text: str) -> str:
    """Comparison key: case- and accent-insensitive, whitespace-collapsed."""
    if text.isascii():
        return " ".join(text.lower().split())
    stripped = COMMON_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if not stripped.isascii():
        stripped = MAYBE_MARK.sub(_without_mark, stripped)
    return " ".join(stripped.replace("œ", "oe").replace("æ", "ae").split())


def _without_mark(match: re.Match[str]) -> str:
    """Any other combining mark (Greek, Cyrillic, Hebrew, Indic...) goes too."""
    return "" if unicodedata.combining(match[0]) else match[0]
