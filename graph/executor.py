"""QueryPool: SPARQL queries in killable worker processes over an immutable store version.

pyoxigraph cannot cancel a running query, so each query runs in a worker process that opens the built store
read-only (a build directory is never written again once switched to). A query that outlives its time limit is
stopped by killing its worker, which is then replaced; other queries keep running on the other workers.
`run` waits in the calling thread; `run_async` waits on the running event loop (no thread per request).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import pickle
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from graph import sparql_worker
from graph.errors import StoreUnavailable
from graph.query_job import QueryOutcome, QueryRequest, QueryTimeout, outcome, wire
from graph.sparql_limits import check_query_complexity
from graph.worker_allocator import jemalloc
from graph.worker_memory import BYTES_PER_QUAD, MB, fits, quads_of
from graph.worker_queue import IdleWorkers
from graph.worker_stream import BodyStream
from graph.worker_wire import (
    blocking_again,
    readable,
    receive,
    receive_body_async,
    receive_head_async,
)

_CTX = mp.get_context("spawn")
STREAM_FROM = 1 << 20  # bodies larger than this (bytes) are passed on piece by piece (graph/worker_stream.py)


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    path: Path
    in_memory: bool = False
    slot: int = 0  # its place in the pool: a replacement takes the same place (and the same mode)
    started: float = field(default_factory=time.monotonic)

    def stop(self) -> None:
        """Kill the process now and reap it."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of worker processes over one store version; thread-safe. With `in_memory`, workers copy the
    version into memory as long as the copies stay within `memory_mb` in all (None: every worker copies it); the
    others read it on disk (graph/worker_memory.py)."""

    def __init__(self, store_path: Path, workers: int = 2, timeout_s: float = 30.0, in_memory: bool = False,
                 start_timeout_s: float = 600.0, memory_mb: float | None = None, use_jemalloc: bool = True,
                 stream_from: int = STREAM_FROM) -> None:
        self.path = store_path
        self.stream_from = stream_from
        self.timeout_s = timeout_s
        self.in_memory = in_memory
        self.memory_mb = memory_mb
        self.start_timeout_s = start_timeout_s
        self.copy_mb: float | None = None  # an in-memory copy's size, measured by the first worker that made one
        self.preload = jemalloc() if use_jemalloc else None  # graph/worker_allocator.py
        self.allocator: str | None = None  # the malloc the workers said they run with: jemalloc or system
        self._idle: IdleWorkers[_Worker] = IdleWorkers(first=lambda worker: worker.in_memory)  # memory first
        self._lock = threading.Lock()
        self._closed = False
        self.modes = self._start(workers)

    def _start(self, workers: int) -> list[bool | None]:
        """Start the workers one after the other, each in memory while the copies fit (a copy measured larger
        than the budget leaves is dropped, its worker started again on disk); their modes by slot (None: a slot
        whose replacement could not start)."""
        modes: list[bool | None] = []
        for slot in range(workers):
            copies = modes.count(True)
            worker = self._spawn(slot, self.in_memory and self._fits(copies))
            if worker.in_memory and not self._fits(copies):  # measured now: larger than estimated
                worker.stop()
                worker = self._spawn(slot, False)
            modes.append(worker.in_memory)
            self._checkin(worker)
        return modes

    def _fits(self, copies: int) -> bool:
        """Whether one more in-memory copy fits the budget beside `copies` others."""
        if self.memory_mb is None:
            return True
        if self.copy_mb is None:  # no copy measured yet: estimated from the quads
            try:
                self.copy_mb = quads_of(self.path) * BYTES_PER_QUAD / MB
            except (OSError, RuntimeError, ValueError) as exc:
                raise StoreUnavailable(f"the store at {self.path} cannot be opened: {exc}") from exc
        return fits(copies * self.copy_mb, self.copy_mb, self.memory_mb)

    def _spawn(self, slot: int, in_memory: bool, replacement: bool = False) -> _Worker:
        """Start a worker on the current store version and wait until it has opened the store (a replacement
        answers from disk while it loads its in-memory copy)."""
        path = self.path  # read once: a switch meanwhile must not label a worker of this version with the next
        parent, child = _CTX.Pipe()
        process = _CTX.Process(target=sparql_worker.main,
                               args=(child, str(path), in_memory, replacement, self.preload), daemon=True)
        process.start()
        child.close()
        try:
            message = parent.recv() if parent.poll(self.start_timeout_s) else None
        except (EOFError, OSError):
            message = None
        if not (isinstance(message, tuple) and message[:1] == ("ready",)):
            process.kill()
            raise StoreUnavailable(f"a query worker could not open the store at {path}")
        if in_memory and message[1]:
            self.copy_mb = message[1] / MB
        self.allocator = message[2]
        return _Worker(process, parent, path, in_memory, slot)

    def switch(self, store_path: Path) -> None:
        """Serve a new store version; workers move to it as they become idle (in the same modes: a new version
        of another size is planned again when the server restarts)."""
        with self._lock:
            self.path = store_path

    def run(self, request: QueryRequest) -> QueryOutcome:
        """Run a query; QueryTimeout after timeout_s (the worker is killed), SparqlSyntaxError, NotAcceptable."""
        check_query_complexity(request.query)  # a text that would crash a worker is refused before it costs one
        deadline = time.monotonic() + self.timeout_s
        worker = self._checkout(deadline)
        try:
            worker.conn.send(wire(request))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise self._timed_out(worker)
            response = receive(worker.conn)
        except BaseException as exc:
            failure = self._failed(worker, exc)
            if failure is exc:
                raise
            raise failure from exc
        self._checkin(worker)
        return outcome(response)

    async def run_async(self, request: QueryRequest) -> QueryOutcome:
        """`run` on the running event loop: the wait for a worker and for its answer take no thread; a body larger
        than `stream_from` comes as `QueryOutcome.stream`, read off the pipe as the caller sends it on."""
        check_query_complexity(request.query)
        deadline = time.monotonic() + self.timeout_s
        worker = await self._checkout_async(deadline)
        try:
            worker.conn.send(wire(request))  # the idle worker is blocked reading it: no long wait here
            if not await readable(worker.conn, deadline - time.monotonic()):
                raise self._timed_out(worker)
            header, size, first = await receive_head_async(worker.conn)
            if header[0] == "ok" and size > self.stream_from:  # the worker comes back when the body is read
                kind, result_format, truncated, rows = header[1:]
                return QueryOutcome(kind, result_format, truncated, rows, b"",
                                    BodyStream(worker.conn, size, lambda error: self._streamed(worker, error), first))
            response = await receive_body_async(worker.conn, header, size, first)
            blocking_again(worker.conn)
        except BaseException as exc:  # cancelled too: the worker may still be busy, so it is replaced
            failure = self._failed(worker, exc)
            if failure is exc:
                raise
            raise failure from exc
        self._checkin(worker)
        return outcome(response)

    def _streamed(self, worker: _Worker, error: BaseException | None) -> None:
        """The end of a streamed body: its worker goes back to the pool, or is replaced if the reading failed."""
        if error is None:
            self._checkin(worker)
        else:
            self._replace(worker)

    def _timed_out(self, worker: _Worker) -> QueryTimeout:
        """Kill (and replace) a worker whose query ran out of time."""
        self._replace(worker)
        return QueryTimeout(f"the query ran longer than {self.timeout_s:g} s and was stopped")

    def _failed(self, worker: _Worker, exc: BaseException) -> BaseException:
        """The exception to raise after `exc` interrupted a request; the worker is replaced unless it timed out."""
        if isinstance(exc, QueryTimeout):
            return exc
        self._replace(worker)
        if isinstance(exc, (EOFError, OSError, pickle.UnpicklingError)):  # gone, stalled or garbled answer
            return StoreUnavailable("the query worker stopped unexpectedly; the query was not answered")
        return exc

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its replacement in the background (loading may take seconds)."""
        worker.stop()
        if self._closed:  # a stream cut at shutdown: no new worker
            return

        def respawn() -> None:
            try:
                self._checkin(self._spawn(worker.slot, worker.in_memory, replacement=True))
                self.modes[worker.slot] = worker.in_memory
            except StoreUnavailable:
                self.modes[worker.slot] = None  # the next checkout waits for another worker, then times out

        threading.Thread(target=respawn, name="vnqi-query-worker-respawn", daemon=True).start()

    def _checkout(self, deadline: float) -> _Worker:
        """An idle worker on the current version, waiting until the deadline for one."""
        try:
            worker = self._idle.get(max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeout("every query worker stayed busy for the whole time limit") from None
        return self._renewed(worker) if worker.path != self.path else worker

    async def _checkout_async(self, deadline: float) -> _Worker:
        """`_checkout` on the event loop (a worker left on an old version is replaced in a thread)."""
        try:
            worker = await self._idle.get_async(max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeout("every query worker stayed busy for the whole time limit") from None
        return await asyncio.to_thread(self._renewed, worker) if worker.path != self.path else worker

    def _renewed(self, worker: _Worker) -> _Worker:
        """A worker on the current version in place of one on an old version."""
        worker.stop()
        try:
            return self._spawn(worker.slot, worker.in_memory, replacement=True)
        except StoreUnavailable:
            self.modes[worker.slot] = None
            raise

    def _checkin(self, worker: _Worker) -> None:
        """Return a worker to the pool (or stop it if the pool is closed)."""
        if self._closed:
            worker.stop()
        else:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when they come back."""
        self._closed = True
        for worker in self._idle.drain():
            worker.stop()
