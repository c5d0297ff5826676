"""Article storage: one interface, a SQLite backend."""

from __future__ import annotations

import os
from pathlib import Path

from harvester.store.base import ArticleStore, Outcome, StoredSignature, StoreError
from harvester.store.sqlite import SQLiteStore

DEFAULT_DB = Path("data/harvester.sqlite")

__all__ = [
    "DEFAULT_DB",
    "ArticleStore",
    "Outcome",
    "SQLiteStore",
    "StoreError",
    "StoredSignature",
    "db_path",
    "open_store",
]


def db_path(option: str | None = None) -> Path:
    """The database: --db, else $HARVESTER_DB, else data/harvester.sqlite."""
    return Path(option or os.environ.get("HARVESTER_DB") or DEFAULT_DB)


def open_store(path: Path | str) -> ArticleStore:
    """Open (creating and migrating if needed) the store at path."""
    return SQLiteStore(Path(path))
