"""The parent's side of a query worker's pipe: wait for an answer and read it, in a thread or on an event loop.

A worker writes each answer as one frame (graph.sparql_worker.respond): the lengths of its pickled header and of
its body, the header, then the body's bytes as they are (large bodies are not pickled, and a small answer is one
write, so the parent wakes up once). Waiting on the event loop (`loop.add_reader`) takes no thread per request,
which was most of the cost of a small query over HTTP.
"""

from __future__ import annotations

import asyncio
import os
import pickle
from collections.abc import AsyncIterator
from multiprocessing.connection import Connection

from graph.sparql_worker import FRAME

CHUNK = 1 << 20


def _answer(head: bytes, body: bytes) -> tuple:
    """("ok", kind, format, truncated, rows, body) or the error tuple as it was sent."""
    header = pickle.loads(head)
    return (*header, body) if header[0] == "ok" else header


def _read(fd: int, size: int) -> bytes:
    """Exactly `size` bytes from a blocking descriptor."""
    chunks = []
    while size:
        chunk = os.read(fd, min(size, CHUNK))
        if not chunk:
            raise EOFError("the query worker closed the pipe in the middle of an answer")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(conn: Connection) -> tuple:
    """The next answer, blocking."""
    fd = conn.fileno()
    head_size, body_size = FRAME.unpack(_read(fd, FRAME.size))
    return _answer(_read(fd, head_size), _read(fd, body_size))


async def readable(conn: Connection, timeout: float) -> bool:
    """Wait on the running loop until `conn` has data (True) or `timeout` seconds pass (False)."""
    if timeout <= 0:
        return conn.poll(0)
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()

    def settle(value: bool) -> None:
        if not ready.done():
            ready.set_result(value)

    fd = conn.fileno()
    loop.add_reader(fd, settle, True)
    timer = loop.call_later(timeout, settle, False)
    try:
        return await ready
    finally:
        timer.cancel()
        loop.remove_reader(fd)


async def _piece(conn: Connection, size: int, stall_s: float) -> bytes:
    """Up to `size` bytes (at most CHUNK) from a non-blocking descriptor, awaiting data on the loop when it runs dry."""
    fd = conn.fileno()
    while True:
        try:
            chunk = os.read(fd, min(size, CHUNK))
        except BlockingIOError:
            if not await readable(conn, stall_s):
                raise TimeoutError("the query worker stopped sending its answer") from None
            continue
        if not chunk:
            raise EOFError("the query worker closed the pipe in the middle of an answer")
        return chunk


async def _read_async(conn: Connection, size: int, stall_s: float) -> bytes:
    """Exactly `size` bytes from a non-blocking descriptor."""
    chunks = []
    while size:
        chunk = await _piece(conn, size, stall_s)
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


async def pieces_async(conn: Connection, size: int, stall_s: float = 30.0) -> AsyncIterator[bytes]:
    """The next `size` bytes of a non-blocking descriptor, piece by piece as they come (a body left by
    `receive_head_async`)."""
    while size:
        chunk = await _piece(conn, size, stall_s)
        size -= len(chunk)
        yield chunk


async def receive_head_async(conn: Connection, stall_s: float = 30.0) -> tuple[tuple, int]:
    """The next answer's header (the answer without its body) and its body's length, the body left on the pipe;
    the descriptor stays non-blocking until `blocking_again` (TimeoutError, an OSError, if the worker stops
    sending for `stall_s` seconds)."""
    os.set_blocking(conn.fileno(), False)
    head_size, body_size = FRAME.unpack(await _read_async(conn, FRAME.size, stall_s))
    return pickle.loads(await _read_async(conn, head_size, stall_s)), body_size


async def receive_body_async(conn: Connection, header: tuple, size: int, stall_s: float = 30.0) -> tuple:
    """The answer whose header `receive_head_async` read, with its body read whole."""
    return (*header, await _read_async(conn, size, stall_s)) if header[0] == "ok" else header


def blocking_again(conn: Connection) -> None:
    """Put the descriptor back in blocking mode after an answer (`run` and `send` expect it), unless it is closed."""
    if not conn.closed:
        os.set_blocking(conn.fileno(), True)
