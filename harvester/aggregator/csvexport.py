"""The articles as CSV, for spreadsheets and data tools: one row an article, newest first;
list fields (authors, tags, section, other addresses) joined with " ; ". A text a spreadsheet
would run as a formula (a title written "=HYPERLINK(...)" by a hostile page) starts with an
apostrophe, as OWASP advises against CSV injection."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

COLUMNS = ("id", "url", "source", "source_name", "title", "published", "updated", "language",
           "authors", "tags", "section", "summary", "attachments", "also_at", "fetched_at")
TEXT_COLUMN = "content_text"
SEPARATOR = " ; "
FORMULA_START = ("=", "+", "@", "\t", "\r")


def csv_row(record: dict[str, Any], with_text: bool) -> dict[str, str]:
    row = {
        "id": record["id"], "url": record["url"], "source": record["source"]["key"],
        "source_name": record["source"]["name"], "title": record.get("title") or "",
        "published": record.get("published") or "", "updated": record.get("updated") or "",
        "language": record.get("language") or "",
        "authors": SEPARATOR.join(a["name"] for a in record.get("authors") or []),
        "tags": SEPARATOR.join(record.get("tags") or []),
        "section": SEPARATOR.join(record.get("section") or []),
        "summary": record.get("summary") or "",
        "attachments": SEPARATOR.join(a["url"] for a in record.get("attachments") or []),
        "also_at": SEPARATOR.join(record.get("also_at") or []),
        "fetched_at": record.get("fetched_at") or "",
    }
    if with_text:
        row[TEXT_COLUMN] = record.get("content_text") or ""
    return {name: "'" + value if value.startswith(FORMULA_START) else value
            for name, value in row.items()}


def write_csv(records: Iterable[dict[str, Any]], stream: IO[str], *,
              with_text: bool = False) -> int:
    """Write the header and one row per record (RFC 4180 quoting); return the row count."""
    columns = [*COLUMNS, TEXT_COLUMN] if with_text else list(COLUMNS)
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(csv_row(record, with_text))
        count += 1
    return count
