"""The JSON dumps for developers: articles.json (one document) and articles.jsonl, written
in one streaming pass over the store, in constant memory. A stored record is already the
JSON to write (the store keeps every string XML-safe and NFC, and the characters some JSON
Lines readers take for line breaks as escapes): it is copied as it is."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

DUMP_VERSION = 1


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
        lines.write(data)
        lines.write(b"\n")
        written += 1
    document.write(b"\n]}\n")
    return written
