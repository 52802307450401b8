"""Known-cheap requests in the server's process (graph/inline.py): after a worker answered a request fast, the pool
answers it from its own copy with the worker's very bytes, without a worker; slow, failed, unsure and foreign
requests are never answered there; a new version forgets them; the copy counts in the memory budget."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import sparql_worker
from graph.build import current_store_path
from graph.executor import QueryPool
from graph.inline import KNOWN, InlineQueries
from graph.query_job import NotAcceptable, QueryRequest, QueryTimeout, wire

LAWS = "SELECT ?law WHERE { ?law a <https://w3id.org/vnqi/def#Law> } ORDER BY ?law"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def loaded(inline: InlineQueries, within_s: float = 60) -> InlineQueries:
    """`inline` once its copy is loaded (it loads on a thread of its own)."""
    deadline = time.monotonic() + within_s
    while not inline.ready:
        assert time.monotonic() < deadline, "the in-process copy did not load"
        time.sleep(0.05)
    return inline


@pytest.fixture(scope="module")
def pool(built_var: Path) -> Iterator[QueryPool]:
    """One in-memory worker, time limit 1 s; a worker's answer under 1 s makes a request known."""
    workers = QueryPool(current_store_path(built_var), workers=1, timeout_s=1, in_memory=True, inline_below_s=1.0)
    assert workers.inline is not None
    loaded(workers.inline)
    yield workers
    workers.close()


def without_workers(pool: QueryPool) -> list:
    """Take every idle worker out of the pool: a request that needs one now waits until its time limit."""
    return pool._idle.drain()


def test_a_request_answered_fast_is_answered_in_process_next_time_with_the_same_bytes(pool: QueryPool) -> None:
    """Before a worker answered it, a request needs a worker; after, it is answered with no worker in the pool, with
    the bytes a worker's `execute` gives; the row cap and formats are part of the request."""
    request = QueryRequest(query=LAWS, result_format="csv", graph_format=None, max_rows=3)
    taken = without_workers(pool)
    try:
        with pytest.raises(QueryTimeout):
            pool.run(request)
    finally:
        for worker in taken:
            pool._checkin(worker)
    first = pool.run(request)  # a worker answers it
    taken = without_workers(pool)
    try:
        again = pool.run(request)
        awaited = asyncio.run(pool.run_async(request))
        with pytest.raises(QueryTimeout):  # another row cap is another request: it still needs a worker
            pool.run(QueryRequest(query=LAWS, result_format="csv", graph_format=None, max_rows=4))
    finally:
        for worker in taken:
            pool._checkin(worker)
    store, base = sparql_worker.served(str(pool.path), True)
    direct = sparql_worker.execute(store, wire(request), base)
    assert direct[0] == "ok" and (direct[3], direct[4]) == (True, 3)  # cut at 3 rows
    for answer in (first, again, awaited):
        assert (answer.kind, answer.format, answer.truncated, answer.rows, answer.body) == tuple(direct[1:])


def test_a_slow_a_failed_and_an_unsure_request_are_never_answered_in_process(pool: QueryPool) -> None:
    """A request that ran out of time, one that failed, and texts naming SERVICE, RAND or NOW stay with the workers."""
    with pytest.raises(QueryTimeout):
        pool.run(QueryRequest(query=CROSS_JOIN))
    refused = QueryRequest(query=LAWS, result_format=None, graph_format="turtle")  # no format for a SELECT
    with pytest.raises(NotAcceptable):
        pool.run(refused)
    unsure = [QueryRequest(query=f"SELECT * WHERE {{ BIND({call} AS ?x) }}") for call in ("RAND()", "now()")]
    unsure.append(QueryRequest(query="ASK { } # SERVICE <http://example.org/sparql> would be another server's work"))
    for request in unsure:
        pool.run(_replaced(pool))  # the killed worker's replacement is back
        pool.run(request)
    assert pool.inline is not None
    for request in [QueryRequest(query=CROSS_JOIN), refused, *unsure]:
        assert pool.inline.answer(request) is None


def _replaced(pool: QueryPool) -> QueryRequest:
    """A cheap request, run once a worker is idle again (a killed worker's replacement starts in the background)."""
    worker = pool._idle.get(60)
    pool._checkin(worker)
    return QueryRequest(query="ASK { ?s ?p ?o }")


def test_only_what_was_fast_on_the_current_version_is_remembered(built_var: Path, tmp_path: Path) -> None:
    """A time at or over the threshold, another version, a text too long to remember: not known; at most KNOWN
    requests, the least recently answered forgotten first; a new version forgets them all and loads its own copy."""
    path = current_store_path(built_var)
    inline = loaded(InlineQueries(path, below_s=0.002))
    ask = QueryRequest(query="ASK { ?s ?p ?o }", result_format="tsv")
    inline.observe(path, ask, 0.002)
    inline.observe(tmp_path, ask, 0.0001)
    inline.observe(path, QueryRequest(query="ASK { ?s ?p ?o }" + " " * 5000), 0.0001)
    assert inline.known == 0 and inline.answer(ask) is None
    inline.observe(path, ask, 0.0019)
    assert inline.known == 1 and inline.answer(ask) is not None and inline.answer(ask).body == b"true"
    for n in range(KNOWN):
        inline.observe(path, QueryRequest(query=f"ASK {{ ?s ?p {n} }}"), 0.0001)
    assert inline.known == KNOWN and inline.answer(ask) is None  # the oldest went first
    newer = tmp_path / "version"
    shutil.copytree(path, newer)
    inline.switch(newer)
    assert inline.known == 0 and not inline.ready
    loaded(inline)
    inline.observe(path, ask, 0.0001)  # a worker still on the old version
    assert inline.answer(ask) is None
    inline.observe(newer, ask, 0.0001)
    assert inline.answer(ask).body == b"true"
    inline.close()
    assert inline.answer(ask) is None and not inline.ready


def test_the_copy_counts_in_the_memory_budget_and_zero_switches_it_off(built_var: Path) -> None:
    """No in-process copy when it would not fit beside the workers' copies, with workers on disk, or with 0."""
    path = current_store_path(built_var)
    one = QueryPool(path, workers=1, timeout_s=5, in_memory=True)
    copy_mb = one.copy_mb
    one.close()
    assert copy_mb is not None
    cases = [({"in_memory": True, "memory_mb": 1.5 * copy_mb, "inline_below_s": 0.002}, False),
             ({"in_memory": True, "memory_mb": 2.5 * copy_mb, "inline_below_s": 0.002}, True),
             ({"in_memory": False, "inline_below_s": 0.002}, False),
             ({"in_memory": True, "inline_below_s": 0.0}, False)]
    for options, inline in cases:
        pool = QueryPool(path, workers=1, timeout_s=5, **options)
        try:
            assert (pool.inline is not None) is inline, options
        finally:
            pool.close()


def test_over_http_a_repeated_query_is_known_after_its_first_answer_and_answers_the_same(live_client) -> None:  # type: ignore[no-untyped-def]
    """The server's own copy loads by default; a query answered by a worker becomes known (/ready counts it), and
    its next answer, in process, has the same results and headers."""
    deadline = time.monotonic() + 60
    while not live_client.get("/ready").json()["query_workers"]["in_process"]["ready"]:
        assert time.monotonic() < deadline, "the server's copy did not load"
        time.sleep(0.05)
    query = {"query": LAWS + " LIMIT 4 # test_inline"}
    accept = {"Accept": "application/sparql-results+json"}
    known = live_client.get("/ready").json()["query_workers"]["in_process"]["known"]
    first = live_client.get("/sparql", params=query, headers=accept)
    assert live_client.get("/ready").json()["query_workers"]["in_process"]["known"] == known + 1
    second = live_client.get("/sparql", params=query, headers=accept)
    assert first.status_code == second.status_code == 200
    assert len(first.json()["results"]["bindings"]) == 4 and first.json() == second.json()
    assert first.headers["x-result-rows"] == second.headers["x-result-rows"] == "4"
    assert live_client.get("/ready").json()["query_workers"]["in_process"]["known"] == known + 1
