"""The JSON dumps for developers: articles.json (one document) and articles.jsonl."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

DUMP_VERSION = 1
LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def articles_json(records: Sequence[dict[str, Any]], generated_at: str) -> bytes:
    document = {"version": DUMP_VERSION, "generated_at": generated_at, "count": len(records),
                "articles": list(records)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def articles_jsonl(records: Sequence[dict[str, Any]]) -> bytes:
    """One record a line; characters that some readers take for line breaks are escaped."""
    lines = (json.dumps(r, ensure_ascii=False).translate(LINE_BREAKS) + "\n" for r in records)
    return "".join(lines).encode("utf-8")
