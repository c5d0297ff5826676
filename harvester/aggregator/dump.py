"""The JSON dumps for developers: articles.json (one document) and articles.jsonl, written
in one streaming pass over the store, in constant memory. A stored record is already the
JSON to write (the store keeps every string XML-safe and NFC): it is copied as it is."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

DUMP_VERSION = 1
LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters some JSON Lines readers take for a line break: escaped in articles.jsonl."""


def without_line_breaks(text: str) -> str:
    """The record with the characters in LINE_BREAKS escaped (they are rare: check first)."""
    for character in LINE_BREAKS:
        if character in text:
            text = text.replace(character, f"\\u{ord(character):04x}")
    return text


def write_dumps(document: IO[bytes], lines: IO[bytes], records: Iterable[str], count: int,
                generated_at: str) -> int:
    """Stream the records (JSON texts, newest first) into articles.json and articles.jsonl;
    return how many were written."""
    head = {"version": DUMP_VERSION, "generated_at": generated_at, "count": count}
    document.write(json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8"))
    document.write(b', "articles": [')
    written = 0
    for record in records:
        data = record.encode("utf-8")
        document.write(b",\n" if written else b"\n")
        document.write(data)
        line = without_line_breaks(record)
        lines.write(data if line is record else line.encode("utf-8"))
        lines.write(b"\n")
        written += 1
    document.write(b"\n]}\n")
    return written
