"""A large answer of a query worker, passed on piece by piece as it comes off the pipe (issue 3: streamed results).

The worker evaluates and serialises the whole (capped) result before it writes its frame, because the result-size
headers need the row count before the first byte; the body then leaves the pipe in pieces of at most 1 MB. A pump
task drains the pipe as fast as the worker writes, whatever the HTTP client's pace, so a slow client never holds a
worker: the worker goes back to the pool once the last piece is read, and pieces the client has not taken yet wait
in memory. A consumer that goes away (a client gone) leaves the pump to drain the pipe and drop the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from multiprocessing.connection import Connection

from graph.errors import StoreUnavailable
from graph.worker_wire import blocking_again, pieces_async

_END = object()


class BodyStream:
    """The `size` bytes of a body left on `conn`, as an async iterable read once; `finished(None)` once they are
    all read (the worker may take a new query), `finished(exc)` if reading them failed or was cancelled, even
    before it began."""

    def __init__(self, conn: Connection, size: int, finished: Callable[[BaseException | None], None],
                 first: bytes = b"", stall_s: float = 30.0) -> None:
        self.size = size
        self._first = first  # the body's first bytes, read off the pipe with its header
        self._pieces: asyncio.Queue[object] = asyncio.Queue()
        self._abandoned = self._taken = False
        self._pump = asyncio.get_running_loop().create_task(self._drain(conn, stall_s))
        self._pump.add_done_callback(lambda task: self._settle(task, conn, finished))

    async def _drain(self, conn: Connection, stall_s: float) -> None:
        """Read every piece into the queue (dropped once abandoned)."""
        if self._first:
            self._pieces.put_nowait(self._first)
        async for piece in pieces_async(conn, self.size - len(self._first), stall_s):
            if not self._abandoned:
                self._pieces.put_nowait(piece)

    def _settle(self, task: asyncio.Task[None], conn: Connection,
                finished: Callable[[BaseException | None], None]) -> None:
        """When the pump is over, however (cancelled before its first step too): end the queue, tell `finished`."""
        error = asyncio.CancelledError() if task.cancelled() else task.exception()
        blocking_again(conn)
        self._pieces.put_nowait(_END if error is None else error)
        finished(error)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """The pieces in order; StoreUnavailable if the worker's answer broke off (the response is then cut short,
        which a client sees against the Content-Length)."""
        if self._taken:
            raise RuntimeError("a streamed body can be read only once")
        self._taken = True
        try:
            while (piece := await self._pieces.get()) is not _END:
                if isinstance(piece, BaseException):
                    raise StoreUnavailable("the query worker stopped in the middle of its answer") from piece
                assert isinstance(piece, bytes)
                yield piece
        finally:
            self._abandoned = True
            while not self._pieces.empty():  # free what the client will not take
                self._pieces.get_nowait()
