"""One run at a time: an exclusive lock file beside the store."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harvester.store import StoreError


class LockHeld(RuntimeError):
    """Another harvester run holds the lock."""


@contextmanager
def run_lock(db_path: Path) -> Iterator[Path]:
    """Hold ``<db>.lock`` for the duration; raise LockHeld at once if another process has it.
    The lock sits beside the store's real path, so a symlink or another spelling of the path
    finds the same lock."""
    real = db_path.resolve()
    path = real.with_name(real.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the run lock beside the store "
                         f"({exc.strerror or exc}); check the --db path") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "unknown"
            raise LockHeld(f"{path}: another harvester run (pid {holder}) holds the lock; "
                           "wait for it to finish") from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield path
    finally:
        os.close(handle)
