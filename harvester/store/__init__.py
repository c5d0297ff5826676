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
    "release_store",
    "shared_store",
]


def db_path(option: str | None = None) -> Path:
    """The database: --db, else $HARVESTER_DB, else data/harvester.sqlite."""
    return Path(option or os.environ.get("HARVESTER_DB") or DEFAULT_DB)


def open_store(path: Path | str) -> ArticleStore:
    """Open (creating and migrating if needed) the store at path."""
    return SQLiteStore(Path(path))


_SHARED: dict[Path, tuple[ArticleStore, int]] = {}


def shared_store(path: Path | str) -> ArticleStore:
    """One connection per store for all the spiders and pipelines of a crawl process (they
    run in one thread, one call at a time); give it back with ``release_store``."""
    key = Path(path).resolve()
    store, users = _SHARED.get(key) or (open_store(key), 0)
    _SHARED[key] = (store, users + 1)
    return store


def release_store(store: ArticleStore) -> None:
    """The connection is closed when its last user gives it back."""
    for key, (shared, users) in list(_SHARED.items()):
        if shared is store:
            if users > 1:
                _SHARED[key] = (shared, users - 1)
            else:
                del _SHARED[key]
                shared.close()
            return
    store.close()
