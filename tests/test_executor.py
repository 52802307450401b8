"""QueryPool on a real build: `run_async` (the route's path, awaited on an event loop) answers exactly what `run`
and the worker's own `execute` answer, large bodies included; it stops a query at the time limit, replaces a
worker whose request was cancelled, and waits first come, first served when every worker is busy."""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.routes.ops import workers_of
from graph import sparql_worker
from graph.build import current_store_path
from graph.errors import StoreUnavailable
from graph.executor import QueryPool
from graph.query_job import QueryOutcome, QueryRequest, QueryTimeout, wire
from graph.worker_allocator import jemalloc
from graph.worker_memory import BYTES_PER_QUAD, MB, quads_of
from graph.worker_merge import served_path
from graph.worker_queue import IdleWorkers
from graph.worker_wire import receive

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NAMED = "FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"  # same order, no store-local blank node ids
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o " + NAMED
EVERY_TRIPLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o " + NAMED


@pytest.fixture(scope="module")
def pool(built_var: Path) -> Iterator[QueryPool]:
    """Two in-memory workers over the built version, time limit 2 s."""
    workers = QueryPool(current_store_path(built_var), workers=2, timeout_s=2, in_memory=True)
    yield workers
    workers.close()


@pytest.fixture(scope="module")
def served(built_var: Path) -> tuple[ox.Store, ox.NamedNode | None]:
    """The store an in-memory worker answers from, and the graph its merged default graph is gathered beside."""
    return sparql_worker.served(str(current_store_path(built_var)), True)


@pytest.fixture(scope="module")
def built(built_var: Path) -> ox.Store:
    return ox.Store.read_only(str(current_store_path(built_var)))


@pytest.mark.parametrize(("query", "graph_format"), [(ALL, "turtle"), (EVERY_TRIPLE, "ntriples"),
                                                     (EVERY_TRIPLE, "turtle"), ("ASK { ?s ?p ?o }", "turtle")])
def test_async_answers_like_run_and_execute(pool: QueryPool, served: tuple[ox.Store, ox.NamedNode | None], query: str,
                                           graph_format: str) -> None:
    """Same bytes three ways; the whole store in JSON or N-Triples is megabytes, streamed in several pieces."""
    request = QueryRequest(query=query, result_format="json", graph_format=graph_format, max_rows=10_000_000)
    direct = sparql_worker.execute(served[0], wire(request), served[1])
    threaded = pool.run(request)

    async def awaited_and_read() -> tuple[QueryOutcome, bytes]:  # a stream is read on the loop that awaited it
        answer = await pool.run_async(request)
        return answer, await answer.whole()

    awaited, body = asyncio.run(awaited_and_read())
    assert direct[0] == "ok"
    assert (awaited.kind, awaited.format, awaited.truncated, awaited.rows) == tuple(direct[1:5])
    assert body == threaded.body == direct[5]
    assert (awaited.stream is not None) == (len(body) > pool.stream_from)  # over 1 MB: streamed
    if query == EVERY_TRIPLE and graph_format == "ntriples":
        assert len(body) > 1_000_000 and awaited.rows == body.count(b"\n") and awaited.stream is not None


def test_a_request_larger_than_the_pipe_buffer_follows_an_answer_read_on_uvloop(pool: QueryPool) -> None:
    """uvloop's add_reader leaves the worker's descriptor non-blocking; the next request, larger than the socket's
    buffer, was then written with EAGAIN (503 "the query worker stopped") until the mode was restored."""
    import uvloop

    values = " ".join(f"<https://w3id.org/vnqi/id/x/{i}>" for i in range(20_000))  # about 700 kB
    large = QueryRequest(query=f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} }}")

    async def small_then_large() -> list[bytes]:
        answers = [await pool.run_async(QueryRequest(query="ASK {}")) for _ in range(2)]  # each worker once
        answers += [await pool.run_async(large) for _ in range(2)]
        return [answer.body for answer in answers]

    bodies = uvloop.run(small_then_large())
    assert [b'"boolean":true' in body for body in bodies[:2]] == [True, True]
    assert all(b'"value":"20000"' in body for body in bodies[2:]), bodies[2:]
    assert b'"value":"20000"' in pool.run(large).body  # and the blocking path after them


def test_async_time_limit_kills_and_replaces_the_worker(pool: QueryPool) -> None:
    """A cross join stops after the time limit with QueryTimeout; queries are answered again afterwards."""
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        asyncio.run(pool.run_async(QueryRequest(query=CROSS_JOIN)))
    assert 1.9 < time.monotonic() - started < 4
    for _ in range(3):  # more queries than one worker: the replacement answers too
        outcome = asyncio.run(pool.run_async(QueryRequest(query="ASK {}")))
        assert outcome.body == b'{"head":{},"boolean":true}'


def test_cancelled_request_does_not_leave_a_busy_worker_in_the_pool(pool: QueryPool) -> None:
    """Cancelling run_async mid-query (a client gone) kills that worker; the next queries get fresh answers."""

    async def cancel_soon() -> None:
        task = asyncio.ensure_future(pool.run_async(QueryRequest(query=CROSS_JOIN)))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_soon())
    pool.timeout_s = 60  # the next queries may wait for replacements to copy the store into memory
    try:
        for _ in range(4):
            outcome = asyncio.run(pool.run_async(QueryRequest(query="SELECT (1 AS ?one) {}")))
            assert outcome.rows == 1 and b'"value":"1"' in outcome.body
    finally:
        pool.timeout_s = 2


def test_idle_workers_are_handed_out_first_come_first_served() -> None:
    """A thread and a coroutine wait; items go to them in the order they started waiting."""
    idle: IdleWorkers[str] = IdleWorkers()
    got: list[tuple[str, str]] = []
    thread = threading.Thread(target=lambda: got.append(("thread", idle.get(5))))
    thread.start()
    time.sleep(0.1)

    async def coroutine_waits() -> None:
        waiting = asyncio.ensure_future(idle.get_async(5))
        await asyncio.sleep(0.1)
        await asyncio.to_thread(idle.put, "first")
        await asyncio.to_thread(idle.put, "second")
        got.append(("coroutine", await waiting))

    asyncio.run(coroutine_waits())
    thread.join(5)
    assert sorted(got) == [("coroutine", "second"), ("thread", "first")]


def test_idle_workers_time_out_and_pass_on_items_of_cancelled_waiters() -> None:
    """No item within the time limit: queue.Empty in both kinds of wait; a cancelled coroutine keeps nothing."""
    idle: IdleWorkers[str] = IdleWorkers()
    with pytest.raises(queue.Empty):
        idle.get(0.05)
    with pytest.raises(queue.Empty):
        asyncio.run(idle.get_async(0.05))

    async def cancelled_then_served() -> str:
        first = asyncio.ensure_future(idle.get_async(5))
        second = asyncio.ensure_future(idle.get_async(5))
        await asyncio.sleep(0.05)
        first.cancel()
        idle.put("item")
        return await second

    assert asyncio.run(cancelled_then_served()) == "item"
    with pytest.raises(queue.Empty):
        idle.get_nowait()


def test_a_replacement_worker_answers_while_it_loads_its_in_memory_copy(built_var: Path) -> None:
    """A worker started in place of a killed one says ready before its in-memory copy is loaded, answers from the
    on-disk version meanwhile, and answers the same once the copy is in use."""
    import multiprocessing

    parent, child = multiprocessing.Pipe()
    worker = threading.Thread(target=sparql_worker.main, args=(child, str(current_store_path(built_var)), True, True),
                              daemon=True)
    worker.start()
    assert parent.poll(5) and parent.recv()[:2] == ("ready", None)  # no copy measured: it is not made yet
    request = QueryRequest(query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", result_format="csv",
                           graph_format=None, max_rows=10)
    answers = []
    for _ in range(2):
        parent.send(wire(request))
        answers.append(receive(parent))
        time.sleep(1.0)
    parent.close()
    assert answers[0] == answers[1] and answers[0][0] == "ok" and answers[0][-1].startswith(b"n")


def test_preferred_idle_workers_are_handed_out_before_the_others() -> None:
    """Items the queue prefers go to the head of the idle line (every way back goes through `put`, a cancelled
    waiter's hand-back too); a waiting caller still takes an item at once, preferred or not."""
    idle: IdleWorkers[str] = IdleWorkers(first=lambda item: item.startswith("memory"))
    idle.put("disk")
    idle.put("memory")
    idle.put("disk 2")
    assert [idle.get_nowait(), idle.get_nowait(), idle.get_nowait()] == ["memory", "disk", "disk 2"]
    got: list[str] = []
    thread = threading.Thread(target=lambda: got.append(idle.get(5)))
    thread.start()
    time.sleep(0.1)
    idle.put("disk 3")
    thread.join(5)
    assert got == ["disk 3"]


def test_workers_copy_the_version_into_memory_only_while_the_copies_fit_the_budget(built_var: Path,
                                                                                   built: ox.Store) -> None:
    """The budget holds one measured copy and a half: the first worker copies the version, the second reads it on
    disk; both answer the same, the in-memory one is handed out first when both are idle, a replacement keeps its
    place's mode; budget 0: no copy at all."""
    path = current_store_path(built_var)
    one = QueryPool(path, workers=1, timeout_s=5, in_memory=True)
    try:
        assert one.modes == [True] and one.copy_mb is not None and one.copy_mb > 0
        copy_mb = one.copy_mb
    finally:
        one.close()
    estimate = quads_of(path) * BYTES_PER_QUAD / MB
    copied = len(ox.Store.read_only(served_path(str(path))[0]))  # the version, and its merge when it has one
    assert quads_of(path) == copied and estimate * 1.1 < copy_mb  # small versions: a copy is mostly overhead
    over = QueryPool(path, workers=1, timeout_s=5, in_memory=True, memory_mb=estimate * 1.1)
    try:  # the estimate fitted, the measured copy did not: the worker was started again on disk
        assert over.modes == [False] and not over._idle.get_nowait().in_memory
    finally:
        over.close()
    pool = QueryPool(path, workers=2, timeout_s=5, in_memory=True, memory_mb=1.5 * copy_mb)
    count = QueryRequest(query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", result_format="csv", graph_format=None)
    try:
        assert pool.modes == [True, False]
        assert workers_of(pool) == {"in_memory": 1, "on_disk": 1, "not_started": 0, "copy_mb": round(pool.copy_mb),
                                    "memory_budget_mb": 1.5 * copy_mb,
                                    "allocator": "jemalloc" if jemalloc() else "system"}
        first, second = pool._idle.get_nowait(), pool._idle.get_nowait()
        assert (first.in_memory, second.in_memory) == (True, False)
        answers = {}
        for worker in (first, second):
            worker.conn.send(wire(count))
            answers[worker.in_memory] = receive(worker.conn)
        assert answers[True] == answers[False] and answers[True][0] == "ok"
        pool._checkin(second)
        pool._checkin(first)  # back last, handed out first
        assert pool._idle.get_nowait() is first and pool._idle.get_nowait() is second
        pool._checkin(first)
        pool.timeout_s = 0.5
        with pytest.raises(QueryTimeout):
            pool.run(QueryRequest(query=CROSS_JOIN))  # the in-memory worker takes it and is killed
        replacement = pool._idle.get(30)  # the worker on disk is still out: this is the replacement
        assert (replacement.slot, replacement.in_memory) == (first.slot, True) and replacement is not first
        pool._checkin(replacement)
        pool._checkin(second)
    finally:
        pool.close()
    none = QueryPool(path, workers=2, timeout_s=5, in_memory=True, memory_mb=0)
    try:
        assert none.modes == [False, False] and none.run(count).body == pool_answer(answers[True])
    finally:
        none.close()


def pool_answer(response: tuple) -> bytes:
    """The body of a worker's ("ok", …, body) response."""
    return response[-1]


def test_a_version_without_a_build_record_is_counted_and_one_that_cannot_open_is_unavailable(tmp_path: Path) -> None:
    """The estimate of a copy counts the quads of a store that `vnqi build` did not write; a directory that holds
    no store is StoreUnavailable (the server then answers 503 on /ready), not a traceback."""
    store = ox.Store(str(tmp_path / "loaded"))
    store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.Literal("c"),
                      ox.NamedNode("https://example.org/g")))
    del store
    assert quads_of(tmp_path / "loaded") == 1
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "CURRENT").write_text("not a store")
    with pytest.raises(StoreUnavailable, match="cannot be opened"):
        QueryPool(tmp_path / "empty", workers=1, in_memory=True, memory_mb=100)


def test_a_worker_started_across_a_switch_is_labelled_with_the_version_it_opened(built_var: Path, tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch
                                                                                 ) -> None:
    """A switch while a worker starts: the worker keeps the version it was started on as its label, so that the
    next checkout replaces it (it was labelled with the new version, and answered from the old one, before)."""
    import shutil

    from graph import executor

    path = current_store_path(built_var)
    newer = tmp_path / "newer"
    shutil.copytree(path, newer)
    pool = QueryPool(path, workers=1, timeout_s=5)
    real = executor._CTX

    class SwitchingContext:
        """The spawn context, with a switch to the newer version as each worker process is made."""

        def Pipe(self):
            return real.Pipe()

        def Process(self, **kwargs):
            pool.switch(newer)  # the worker's arguments name the version read before
            return real.Process(**kwargs)

    monkeypatch.setattr(executor, "_CTX", SwitchingContext())
    try:
        worker = pool._spawn(0, False)
        assert worker.path == path and pool.path == newer  # labelled with what it opened
        worker.stop()
    finally:
        pool.close()
