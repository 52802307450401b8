"""Known-cheap requests in the server's process (graph/inline.py): after a worker answered a request fast from a
store read in the same order as the server's copy, the pool answers it from that copy with the worker's very bytes,
without a worker; slow, failed, cut, large, unsure, other-layout and foreign requests are never answered there, and
one that turns out slow here is forgotten; a new version forgets them; the copy counts in the memory budget."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import sparql_worker
from graph.build import current_store_path
from graph.executor import QueryPool
from graph.inline import KNOWN, UNSURE, InlineQueries
from graph.query_job import (
    NotAcceptable,
    QueryOutcome,
    QueryRequest,
    QueryTimeout,
    wire,
)
from graph.worker_copy import layout, open_version

LAWS = "SELECT ?law WHERE { ?law a <https://w3id.org/vnqi/def#Law> } ORDER BY ?law"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
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
    request = QueryRequest(query=LAWS, result_format="csv", graph_format=None, max_rows=1000)
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
            pool.run(QueryRequest(query=LAWS, result_format="csv", graph_format=None, max_rows=999))
    finally:
        for worker in taken:
            pool._checkin(worker)
    store, base = sparql_worker.served(str(pool.path), True)
    direct = sparql_worker.execute(store, wire(request), base)
    assert direct[0] == "ok" and direct[3] is False and direct[4] > 3  # every law, not cut
    for answer in (first, again, awaited):
        assert (answer.kind, answer.format, answer.truncated, answer.rows, answer.body) == tuple(direct[1:])


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { BIND(RAND() AS ?x) }", "SELECT ?x WHERE { BIND(now() AS ?x) }",
    "SELECT ?x WHERE { BIND(STRUUID() AS ?x) }", "SELECT ?x WHERE { BIND(uuid() AS ?x) }",
    "SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT ?s WHERE { SERVICESILENT<http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT ?s WHERE { #c\rSERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT ?x WHERE { BIND(RAND()AS ?x) }", "SELECT ?s WHERE { ?s <http://example.org/known> ?o }",
])
def test_a_text_naming_anything_that_may_change_the_work_is_unsure_wherever_it_names_it(query: str) -> None:
    """RAND, NOW, UUID, STRUUID and SERVICE, in any case, glued to another word, after a comment or inside a name
    or an IRI: the text goes to a worker (it fails closed: `known` is read as NOW too)."""
    assert UNSURE.search(query)


def test_copies_of_a_version_read_in_the_same_order_and_the_disk_in_another(built_var: Path) -> None:
    """The premise: two in-memory copies of a version, loaded as a worker loads its own, scan every quad in the
    same order and have the same layout; the version on disk reads in another."""
    path = str(current_store_path(built_var))
    one, other = sparql_worker.served(path, True)[0], sparql_worker.served(path, True)[0]

    def scan(store: ox.Store) -> list[str]:  # each load labels blank nodes afresh
        return [re.sub(r"_:\w+", "_:", str(quad)) for quad in store.quads_for_pattern(None, None, None, None)]

    assert scan(one) == scan(other) and len(scan(one)) > 1000 and any("_:" in quad for quad in scan(one))
    assert layout(one) == layout(other) != layout(open_version(sparql_worker.served_path(path)[0], False))


def test_a_slow_a_failed_and_a_cut_request_are_never_answered_in_process_an_ask_is(pool: QueryPool) -> None:
    """A request that ran out of time, one that failed and one whose answer the row cap cut stay with the workers;
    an ASK a worker answered fast from a store of the copy's layout is answered here (it stops where the worker's
    stopped); every answer says the layout of the store that made it."""
    with pytest.raises(QueryTimeout):
        pool.run(QueryRequest(query=CROSS_JOIN))
    _replaced(pool)  # the killed worker's replacement is back (it starts in the background)
    refused = QueryRequest(query=LAWS, result_format=None, graph_format="turtle")  # no format for a SELECT
    with pytest.raises(NotAcceptable):
        pool.run(refused)
    cut = QueryRequest(query=LAWS, result_format="csv", graph_format=None, max_rows=2)
    ask = QueryRequest(query="ASK { ?s a <https://w3id.org/vnqi/def#Law> }")
    assert pool.inline is not None
    deadline = time.monotonic() + 60  # the replacement answers from the disk until its own copy is loaded
    while (answered := pool.run(ask)).layout != pool.inline.layout:
        assert pool.inline.answer(ask) is None, "remembered from an answer of the disk"
        assert time.monotonic() < deadline, "the replacement never answered from its copy"
        time.sleep(0.05)
    assert pool.run(cut).truncated and answered.body
    for request in (QueryRequest(query=CROSS_JOIN), refused, cut):
        assert pool.inline.answer(request) is None
    for _ in range(20):  # known once a worker answered it in under 1 s from the copy's layout
        if pool.inline.answer(ask) is not None:
            break
        pool.run(ask)
    assert pool.inline.answer(ask) == answered


def _replaced(pool: QueryPool) -> None:
    """Once a worker is idle again (a killed worker's replacement starts in the background)."""
    pool._checkin(pool._idle.get(60))


def test_only_what_was_fast_whole_and_small_on_the_current_version_is_remembered(built_var: Path,
                                                                                 tmp_path: Path) -> None:
    """A time at or over the threshold, another version, an answer cut or larger than a streamed one, a request
    too large to remember: not known; at most KNOWN requests, the least recently answered forgotten first; a new
    version forgets them all and loads its own copy."""
    path = current_store_path(built_var)
    inline = loaded(InlineQueries(path, below_s=0.002, largest=1000))
    count = QueryRequest(query=COUNT, result_format="tsv")
    store, base = sparql_worker.served(str(path), True)
    direct = sparql_worker.execute(store, wire(count), base)
    whole = QueryOutcome(*direct[1:], layout=inline.layout)
    inline.observe(path, count, 0.002, whole)
    inline.observe(tmp_path, count, 0.0001, whole)
    disk = layout(open_version(sparql_worker.served_path(str(path))[0], False))
    inline.observe(path, count, 0.0001, QueryOutcome(*direct[1:], layout=disk))  # a replacement reading the disk
    inline.observe(path, count, 0.0001, QueryOutcome(*direct[1:]))  # no layout told
    inline.observe(path, count, 0.0001, QueryOutcome(*direct[1:3], True, *direct[4:], layout=inline.layout))  # cut
    inline.observe(path, count, 0.0001, QueryOutcome(*direct[1:5], b"x" * 1001, layout=inline.layout))  # large
    graphs = QueryRequest(query=COUNT, named_graphs=tuple(f"http://example.org/{'g' * 100}/{n}" for n in range(40)))
    inline.observe(path, graphs, 0.0001, whole)  # its text is short, its graphs are not
    assert inline.known == 0 and inline.answer(count) is None and inline.answer(graphs) is None
    inline.observe(path, count, 0.0019, whole)
    assert inline.known == 1 and inline.answer(count) == whole
    for n in range(KNOWN):
        inline.observe(path, QueryRequest(query=f"SELECT * WHERE {{ ?s ?p {n} }}"), 0.0001, whole)
    assert inline.known == KNOWN and inline.answer(count) is None  # the oldest went first
    newer = tmp_path / "version"
    shutil.copytree(path, newer)
    inline.switch(newer)
    assert inline.known == 0 and not inline.ready
    loaded(inline)
    inline.observe(path, count, 0.0001, whole)  # a worker still on the old version
    assert inline.answer(count) is None
    inline.observe(newer, count, 0.0001, whole)
    assert inline.answer(count) == whole  # the same data, loaded the same way: the same layout
    inline.below_s = 1e-12  # a run here longer than SLACK thresholds: answered, then forgotten
    assert inline.answer(count) == whole and inline.answer(count) is None and inline.known == 0
    inline.close()
    assert inline.answer(count) is None and not inline.ready


def test_one_load_at_a_time_and_the_last_version_wins(built_var: Path, tmp_path: Path) -> None:
    """Versions switched to while a copy loads are not loaded each: the loader ends on the newest."""
    path = current_store_path(built_var)
    versions = []
    for n in range(3):
        versions.append(tmp_path / f"v{n}")
        shutil.copytree(path, versions[-1])
    inline = InlineQueries(versions[0], below_s=0.002, largest=1000)
    loaders = {inline._loader}
    for version in versions[1:]:
        inline.switch(version)
        loaders.add(inline._loader)
    loaded(inline)
    assert inline._copy is not None and inline._copy[0] == versions[-1]
    assert len(loaders - {None}) <= 2  # one running when the switches came (another only if it had ended)
    inline.close()


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


def test_over_http_a_repeated_query_becomes_known_and_answers_the_same(live_client) -> None:  # type: ignore[no-untyped-def]
    """The server's own copy loads by default; a query answered by a worker fast becomes known (/ready counts it;
    on a busy machine it may take a few answers), and its next answer, in process, has the same results and
    headers."""
    def known() -> int:
        return live_client.get("/ready").json()["query_workers"]["in_process"]["known"]

    deadline = time.monotonic() + 60
    while not live_client.get("/ready").json()["query_workers"]["in_process"]["ready"]:
        assert time.monotonic() < deadline, "the server's copy did not load"
        time.sleep(0.05)
    query = {"query": LAWS + " # test_inline"}
    accept = {"Accept": "application/sparql-results+json"}
    before = known()
    answers = []
    while known() == before:
        assert len(answers) < 50, "no worker answered in under 2 ms in 50 tries"
        answers.append(live_client.get("/sparql", params=query, headers=accept))
    assert known() == before + 1
    again = live_client.get("/sparql", params=query, headers=accept)
    assert known() == before + 1
    assert answers[0].status_code == again.status_code == 200
    assert len(again.json()["results"]["bindings"]) > 3 and answers[0].json() == again.json()
    assert answers[0].headers["x-result-rows"] == again.headers["x-result-rows"]
