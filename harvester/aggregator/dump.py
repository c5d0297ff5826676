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
ENCODED_BREAKS = tuple((c.encode(), f"\\u{ord(c):04x}".encode()) for c in LINE_BREAKS)


def without_line_breaks(data: bytes) -> bytes:
    """The UTF-8 record with the characters in LINE_BREAKS escaped (they are rare: a search
    for each is faster than one regular expression)."""
    for encoded, escaped in ENCODED_BREAKS:
        if encoded in data:
            data = data.replace(encoded, escaped)
    return data


def write_dumps(document: IO[bytes], lines: IO[bytes], records: Iterable[bytes], count: int,
                generated_at: str) -> int:
    """Stream the records (UTF-8 JSON, newest first) into articles.json and articles.jsonl;
    return how many were written."""
    head = {"version": DUMP_VERSION, "generated_at": generated_at, "count": count}
    document.write(json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8"))
    document.write(b', "articles": [')
    written = 0
    for data in records:
        document.write(b",\n" if written else b"\n")
        document.write(data)
        lines.write(without_line_breaks(data))
        lines.write(b"\n")
        written += 1
    document.write(b"\n]}\n")
    return written
