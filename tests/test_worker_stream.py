"""Streamed answers of query workers (graph/worker_stream.py): a large body comes off the worker's pipe in pieces,
byte for byte what the worker wrote; the worker goes back to the pool once its body is read, even when nobody reads
the stream (a slow or gone client); an answer that breaks off is an error to the reader and its worker is replaced."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import sparql_worker
from graph.build import current_store_path
from graph.errors import StoreUnavailable
from graph.executor import QueryPool
from graph.query_job import QueryRequest, wire
from graph.worker_stream import BodyStream

NAMED = "FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"  # no store-local blank node ids
LARGE = QueryRequest(query="SELECT ?s ?p ?o WHERE { ?s ?p ?o " + NAMED, result_format="json")
SMALL = QueryRequest(query="SELECT (1 AS ?one) {}")


@pytest.fixture(scope="module")
def pool(built_var: Path) -> Iterator[QueryPool]:
    """One in-memory worker (so that a worker kept busy would show), bodies over 64 KB streamed."""
    workers = QueryPool(current_store_path(built_var), workers=1, timeout_s=10, in_memory=True,
                        stream_from=64 * 1024)
    yield workers
    workers.close()


@pytest.fixture(scope="module")
def direct(built_var: Path) -> bytes:
    """LARGE as the worker's own `execute` answers it on the store it serves (the in-memory copy, with its merge)."""
    store, base = sparql_worker.served(str(current_store_path(built_var)), True)
    answer = sparql_worker.execute(store, wire(LARGE), base)
    assert answer[0] == "ok" and answer[4] > 5_000 and not answer[3]
    return answer[5]


def test_a_large_body_comes_in_pieces_equal_to_the_worker_s_bytes(pool: QueryPool, direct: bytes) -> None:
    """More than one piece, each at most 1 MB, the first before the rest is read; joined, the worker's bytes."""

    async def pieces() -> tuple[int, list[bytes]]:
        outcome = await pool.run_async(LARGE)
        assert outcome.body == b"" and outcome.stream is not None
        assert (outcome.kind, outcome.format, outcome.truncated) == ("select", "json", False)
        assert outcome.rows == direct.count(b'"s":')
        return outcome.stream.size, [piece async for piece in outcome.stream]

    size, got = asyncio.run(pieces())
    assert size == len(direct) > 1 << 20
    assert len(got) > 1 and max(map(len, got)) <= 1 << 20
    assert b"".join(got) == direct


def test_a_small_body_is_whole(pool: QueryPool) -> None:
    """Under the threshold nothing changes: the body is in the outcome, no stream."""
    outcome = asyncio.run(pool.run_async(SMALL))
    assert outcome.stream is None and b'"value":"1"' in outcome.body


def test_an_unread_stream_does_not_keep_the_worker(pool: QueryPool) -> None:
    """Nobody reads the first answer (a client that does not take it): the only worker still answers the next
    query, because the pump drains its pipe; the first stream can still be read whole afterwards."""

    async def two() -> tuple[bytes, bytes]:
        first = await pool.run_async(LARGE)
        second = await asyncio.wait_for(pool.run_async(SMALL), 10)
        return await second.whole(), await first.whole()

    second, first = asyncio.run(two())
    assert b'"value":"1"' in second and len(first) > 1 << 20


def test_a_reader_that_goes_away_leaves_the_worker_in_the_pool(pool: QueryPool, direct: bytes) -> None:
    """One piece taken, then the reader stops (a client disconnects): the worker answers again, in full."""

    async def abandon_then_ask() -> bytes:
        outcome = await pool.run_async(LARGE)
        assert outcome.stream is not None
        pieces = aiter(outcome.stream)
        await anext(pieces)
        await pieces.aclose()
        again = await asyncio.wait_for(pool.run_async(LARGE), 10)
        return await again.whole()

    assert asyncio.run(abandon_then_ask()) == direct


def test_an_answer_that_breaks_off_is_an_error_and_reports_the_failure() -> None:
    """The pipe closes after 100 of 1,000 bytes: the reader gets those bytes, then StoreUnavailable; `finished`
    hears of the EOFError once (the executor then replaces the worker)."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    os.write(writer.fileno(), b"x" * 100)
    writer.close()
    finished: list[BaseException | None] = []

    async def read() -> bytes:
        got = b""
        with pytest.raises(StoreUnavailable, match="in the middle of its answer"):
            async for piece in BodyStream(reader, 1_000, finished.append):
                got += piece
        return got

    assert asyncio.run(read()) == b"x" * 100
    assert len(finished) == 1 and isinstance(finished[0], EOFError)


def test_a_worker_that_stops_sending_is_given_up_after_the_stall_time() -> None:
    """Nothing more comes for `stall_s`: TimeoutError to `finished`, StoreUnavailable to the reader."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    os.write(writer.fileno(), b"y" * 10)
    finished: list[BaseException | None] = []

    async def read() -> None:
        with pytest.raises(StoreUnavailable):
            async for _ in BodyStream(reader, 20, finished.append, stall_s=0.2):
                pass

    asyncio.run(read())
    writer.close()
    assert len(finished) == 1 and isinstance(finished[0], TimeoutError)
    assert os.get_blocking(reader.fileno())  # handed back in blocking mode, as `run` expects


def test_a_pump_cancelled_before_its_first_step_still_reports() -> None:
    """Cancelled at once (a loop shutting down): `finished` hears CancelledError, the reader StoreUnavailable,
    and the descriptor is blocking again."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    finished: list[BaseException | None] = []

    async def cancel_then_read() -> None:
        stream = BodyStream(reader, 10, finished.append)
        stream._pump.cancel()
        with pytest.raises(StoreUnavailable):
            async for _ in stream:
                pass

    asyncio.run(cancel_then_read())
    writer.close()
    assert len(finished) == 1 and isinstance(finished[0], asyncio.CancelledError)
    assert os.get_blocking(reader.fileno())


def test_a_stream_is_read_once() -> None:
    """A second read is an error, not a wait for pieces that will never come."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    os.write(writer.fileno(), b"abc")

    async def twice() -> bytes:
        stream = BodyStream(reader, 3, lambda error: None)
        first = b"".join([piece async for piece in stream])
        with pytest.raises(RuntimeError, match="read only once"):
            async for _ in stream:
                pass
        return first

    assert asyncio.run(twice()) == b"abc"
    writer.close()


def test_a_closed_pool_does_not_replace_a_worker(built_var: Path) -> None:
    """After close, a worker whose stream failed is stopped and no replacement is started."""
    import threading

    pool = QueryPool(current_store_path(built_var), workers=1, timeout_s=10, in_memory=False)
    worker = pool._idle.get_nowait()
    pool.close()
    before = {t.name for t in threading.enumerate()}
    pool._streamed(worker, EOFError("cut"))
    assert not worker.process.is_alive()
    assert "vnqi-query-worker-respawn" not in {t.name for t in threading.enumerate()} - before
