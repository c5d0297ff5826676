"""The worker processes that read pages, and the pipes between them and the crawl.

Each worker is a child Python process that reads pickled calls on its standard input and writes
their pickled outcomes on its standard output, one length-prefixed frame each, in order. The
crawl's side lives in its event loop: frames are written and read by non-blocking callbacks of
the reactor thread, with no thread of its own. (A ``ProcessPoolExecutor`` runs two threads in the
crawl's process, a queue feeder and a result manager: handing 3,000 bench pages to two workers
cost the crawl's process 0.71-0.91 ms of CPU a page with it, 0.38-0.44 ms with these pipes.)

A worker is given at most two pages at a time, the one it reads and the next, so that no page
waits behind a slow one while another worker is free; the others wait in the pool's queue.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harvester.workers import PageJob, PageOutcome, harvest_page, quiet_worker

__all__ = ["PagePool", "close_pools", "serve", "shared_pool"]

FRAME = struct.Struct("<4sQ")
"""A mark and the byte length of the pickle that follows: output that is not a frame (a library
writing to the worker's stdout before it is set aside) fails the worker's pages by name
instead of being read as a length."""
MARK = b"EHW1"
PAGES_A_WORKER = 2
READ_SIZE = 1 << 16
WORKER_COMMAND = (sys.executable, "-c", "from harvester.workerpool import serve; serve()")
CLOSE_TIMEOUT = 10.0
"""Seconds a worker may take to finish its page and exit before it is killed."""
DIED = "the worker process reading the page died (out of memory?)"
STOPPED = "the crawl stopped before the page was read"


class WorkerError(RuntimeError):
    """A call raised in the worker an exception that could not travel back as it was."""


class WorkerProcess:
    """One worker process and its two pipes, driven by the event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_free: Callable[[], None]) -> None:
        source_root = str(Path(__file__).resolve().parent.parent)
        path = os.pathsep.join(filter(None, (source_root, os.environ.get("PYTHONPATH"))))
        self.process = subprocess.Popen(WORKER_COMMAND, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE,
                                        env={**os.environ, "PYTHONPATH": path})
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.loop, self.on_free = loop, on_free
        self.calls_fd, self.outcomes_fd = self.process.stdin.fileno(), self.process.stdout.fileno()
        os.set_blocking(self.calls_fd, False)
        os.set_blocking(self.outcomes_fd, False)
        self.outgoing, self.incoming = bytearray(), bytearray()
        self.waiting: deque[asyncio.Future[Any]] = deque()
        self.alive = True
        loop.add_reader(self.outcomes_fd, self._readable)

    @property
    def pid(self) -> int:
        return self.process.pid

    def call(self, payload: bytes, future: asyncio.Future[Any]) -> None:
        """Send one pickled call; ``future`` gets its outcome."""
        self.waiting.append(future)
        sending = bool(self.outgoing)
        self.outgoing += FRAME.pack(MARK, len(payload))
        self.outgoing += payload
        if not sending:
            self._writable()

    def _writable(self) -> None:
        try:
            del self.outgoing[:os.write(self.calls_fd, self.outgoing)]
        except BlockingIOError:
            pass
        except OSError:  # the worker is gone: the end of its outcomes says so
            self.outgoing.clear()
        if self.outgoing:
            self.loop.add_writer(self.calls_fd, self._writable)
        else:
            self.loop.remove_writer(self.calls_fd)

    def _readable(self) -> None:
        try:
            data = os.read(self.outcomes_fd, READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.close(DIED)
            return
        self.incoming += data
        while len(self.incoming) >= FRAME.size:
            mark, length = FRAME.unpack_from(self.incoming)
            if mark != MARK:
                self.close(f"the worker process wrote something else than its outcome: "
                           f"{bytes(self.incoming[:40])!r}")
                return
            end = FRAME.size + length
            if len(self.incoming) < end:
                break
            try:
                ok, value = pickle.loads(memoryview(self.incoming)[FRAME.size:end])
            except Exception as exc:  # an exception of the worker's that cannot be rebuilt
                ok, value = False, WorkerError(f"the worker's outcome cannot be read: {exc}")
            del self.incoming[:end]
            future = self.waiting.popleft()
            if future.done():
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
        self.on_free()

    def close(self, failure: str | None = None) -> None:
        """Stop the worker: it reads the end of its input and exits, or is killed when it has
        failed; the pages it still held get ``failure`` (or STOPPED) as their outcome."""
        if not self.alive:
            return
        self.alive = False
        if not self.loop.is_closed():
            self.loop.remove_reader(self.outcomes_fd)
            self.loop.remove_writer(self.calls_fd)
        for future in self.waiting:
            if not future.done():
                future.set_result(PageOutcome(failure=failure or STOPPED))
        self.waiting.clear()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        if failure is not None:
            self.process.kill()
        try:
            self.process.wait(timeout=CLOSE_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.on_free()


class PagePool:
    """Worker processes, started at the first page that needs one (a rerun that parses
    nothing starts none); a worker that dies is replaced at the next page."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._processes: list[WorkerProcess] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: deque[tuple[bytes, asyncio.Future[Any]]] = deque()

    @property
    def pids(self) -> list[int]:
        return [worker.pid for worker in self._processes]

    async def harvest(self, job: PageJob) -> PageOutcome:
        outcome: PageOutcome = await self.call(harvest_page, job)
        return outcome

    def call(self, function: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """``function(*args)`` in a worker (a module-level function, picklable arguments), or
        here with no workers."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self.workers <= 0:
            try:
                future.set_result(function(*args))
            except Exception as exc:
                future.set_exception(exc)
            return future
        if self._loop is not loop:
            self.close()
            self._loop = loop
        self._queue.append((pickle.dumps((function, args), pickle.HIGHEST_PROTOCOL), future))
        self._dispatch()
        return future

    def _dispatch(self) -> None:
        """Give the waiting calls to the least busy workers, starting any that are missing."""
        self._processes = [worker for worker in self._processes if worker.alive]
        while self._queue and self._loop is not None:
            if len(self._processes) < self.workers:
                self._processes.append(WorkerProcess(self._loop, self._dispatch))
            worker = min(self._processes, key=lambda w: len(w.waiting))
            if len(worker.waiting) >= PAGES_A_WORKER:
                return
            payload, future = self._queue.popleft()
            if not future.done():
                worker.call(payload, future)

    def close(self) -> None:
        for _, future in self._queue:
            future.cancel()
        self._queue.clear()
        for worker in self._processes:
            worker.close()
        self._processes.clear()
        self._loop = None


_POOLS: dict[int, PagePool] = {}


def shared_pool(workers: int) -> PagePool:
    """One pool per process and size, shared by the spiders of a crawl."""
    return _POOLS.setdefault(workers, PagePool(workers))


def close_pools() -> None:
    for pool in _POOLS.values():
        pool.close()
    _POOLS.clear()


def serve() -> None:
    """A worker's loop: read a call, run it, write its outcome, until the input ends. Its
    standard output is kept for the outcomes: anything a library prints goes to stderr."""
    calls = os.fdopen(0, "rb", buffering=READ_SIZE)
    outcomes = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the crawl stops its workers itself
    quiet_worker()
    while header := calls.read(FRAME.size):
        _, length = FRAME.unpack(header)
        function, args = pickle.loads(calls.read(length))
        try:
            result: tuple[bool, Any] = (True, function(*args))
        except Exception as exc:
            result = (False, exc)
        try:
            payload = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        except Exception:
            payload = pickle.dumps((False, WorkerError(repr(result[1]))),
                                   pickle.HIGHEST_PROTOCOL)
        try:
            outcomes.write(FRAME.pack(MARK, len(payload)))
            outcomes.write(payload)
            outcomes.flush()
        except BrokenPipeError:  # the crawl is gone, or stopped the pool mid-page
            return
