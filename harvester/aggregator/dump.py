"""The JSON dumps for developers: articles.json (one document) and articles.jsonl."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

DUMP_VERSION = 1


def articles_json(records: Sequence[dict[str, Any]], generated_at: str) -> bytes:
    document = {"version": DUMP_VERSION, "generated_at": generated_at, "count": len(records),
                "articles": list(records)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def articles_jsonl(records: Sequence[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
