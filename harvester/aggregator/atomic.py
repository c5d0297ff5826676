"""All-or-nothing publication: every file is staged beside its target, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class Staging:
    """Files written to temporary names in the output directory, renamed on commit."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.staged: list[tuple[Path, Path]] = []

    def write(self, name: str, data: bytes) -> None:
        with self.stream(name) as stream:
            stream.write(data)

    @contextmanager
    def stream(self, name: str) -> Iterator[IO[bytes]]:
        """A file to write ``name`` into, bit by bit; staged like ``write``."""
        handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.directory)
        self.staged.append((Path(temp), self.directory / name))
        with os.fdopen(handle, "wb", buffering=1 << 20) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)

    def commit(self) -> list[Path]:
        for temp, target in self.staged:
            os.replace(temp, target)
        directory = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return [target for _, target in self.staged]

    def discard(self) -> None:
        for temp, _ in self.staged:
            temp.unlink(missing_ok=True)


@contextmanager
def staged_publication(directory: Path) -> Iterator[Staging]:
    """Stage files; rename them all into place only if the block completes."""
    directory.mkdir(parents=True, exist_ok=True)
    staging = Staging(directory)
    try:
        yield staging
    except BaseException:
        staging.discard()
        raise
    staging.commit()
