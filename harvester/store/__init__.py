"""Article storage: one interface, a SQLite backend."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass
class _Shared:
    store: ArticleStore
    users: int = 0
    flusher: Any = None
    """The reactor timer that commits a group of writes left open while the crawl waits."""


_SHARED: dict[Path, _Shared] = {}


def shared_store(path: Path | str, commit_interval: float = 0.0) -> ArticleStore:
    """One connection per store for all the spiders and pipelines of a crawl process (they
    run in one thread, one call at a time); give it back with ``release_store``. With a commit
    interval (seconds), its writes commit in groups, at least that often."""
    key = Path(path).resolve()
    shared = _SHARED.get(key)
    if shared is None:
        shared = _SHARED[key] = _Shared(open_store(key))
        if commit_interval > 0:
            from twisted.internet.task import LoopingCall

            shared.store.commit_every(commit_interval)
            shared.flusher = LoopingCall(shared.store.flush)
            shared.flusher.start(commit_interval, now=False)
    shared.users += 1
    return shared.store


def release_store(store: ArticleStore) -> None:
    """Pending writes are committed (a source's report reads them on another connection);
    the connection is closed when its last user gives it back."""
    for key, shared in list(_SHARED.items()):
        if shared.store is store:
            store.flush()
            shared.users -= 1
            if shared.users <= 0:
                del _SHARED[key]
                if shared.flusher is not None and shared.flusher.running:
                    shared.flusher.stop()
                store.close()
            return
    store.close()
