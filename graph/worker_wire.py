"""The parent's side of a query worker's pipe: wait for an answer and read it, in a thread or on an event loop.

A worker writes each answer as one frame (graph.sparql_worker.respond): the lengths of its pickled header and of
its body, the header, then the body's bytes as they are (large bodies are not pickled, and a small answer is one
write, so the parent wakes up once and reads it whole in one read). Waiting on the event loop (`loop.add_reader`)
takes no thread per request, which was most of the cost of a small query over HTTP. On the loop, every read waits
until the descriptor is readable, so it never blocks, whatever the descriptor's mode: uvloop's `add_reader` makes
it non-blocking (libuv's poll handles do), and `blocking_again` restores the mode `run` and `Connection.send` need
(a request larger than the socket's buffer failed with EAGAIN without it).
"""

from __future__ import annotations

import asyncio
import os
import pickle
from collections.abc import AsyncIterator
from multiprocessing.connection import Connection

from graph.sparql_worker import FRAME

CHUNK = 1 << 20
FIRST_READ = 1 << 16  # the first read of an answer: a small answer whole (a 1 MB read buffer costs an mmap)


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


async def _read_some(conn: Connection, size: int, stall_s: float, ready: bool = False) -> bytes:
    """Between 1 and `size` bytes (at most CHUNK), once the descriptor is readable (`ready`: known to be), so that
    the read does not block in either mode. TimeoutError (an OSError) if the worker sends nothing for `stall_s`
    seconds, EOFError if it closed the pipe."""
    if not ready and not await readable(conn, stall_s):
        raise TimeoutError("the query worker stopped sending its answer")
    chunk = os.read(conn.fileno(), min(size, CHUNK))
    if not chunk:
        raise EOFError("the query worker closed the pipe in the middle of an answer")
    return chunk


async def _read_async(conn: Connection, size: int, stall_s: float) -> bytes:
    """Exactly `size` bytes."""
    chunks = []
    while size:
        chunk = await _read_some(conn, size, stall_s)
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


async def pieces_async(conn: Connection, size: int, stall_s: float = 30.0) -> AsyncIterator[bytes]:
    """The next `size` bytes on the pipe, piece by piece as they come (a body left by `receive_head_async`)."""
    while size:
        chunk = await _read_some(conn, size, stall_s)
        size -= len(chunk)
        yield chunk


async def receive_head_async(conn: Connection, stall_s: float = 30.0) -> tuple[tuple, int, bytes]:
    """The next answer's header (the answer without its body), its body's length and the body's first bytes: one
    read once `conn` is readable takes all of a small answer (three reads took it before); the rest of a larger
    body is left on the pipe."""
    data = await _read_some(conn, FIRST_READ, stall_s, ready=True)  # one answer at a time: nothing follows its body
    if len(data) < FRAME.size:
        data += await _read_async(conn, FRAME.size - len(data), stall_s)
    head_size, body_size = FRAME.unpack_from(data)
    end = FRAME.size + head_size
    if len(data) < end:
        data += await _read_async(conn, end - len(data), stall_s)
    return pickle.loads(data[FRAME.size:end]), body_size, data[end:]


async def receive_body_async(conn: Connection, header: tuple, size: int, first: bytes = b"",
                             stall_s: float = 30.0) -> tuple:
    """The answer whose header `receive_head_async` read (with the body's `first` bytes), its body read whole."""
    if header[0] != "ok":
        return header
    assert len(first) <= size, "the worker's frame is shorter than what followed it"
    return (*header, first + await _read_async(conn, size - len(first), stall_s) if len(first) < size else first)


def blocking_again(conn: Connection) -> None:
    """Put the descriptor back in blocking mode after an answer (`run` and `send` expect it), unless it is closed."""
    if not conn.closed:
        os.set_blocking(conn.fileno(), True)
