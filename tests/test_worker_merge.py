"""The query workers' default graph is the RDF merge of the graphs (graph/worker_merge.py): a triple that several
graphs hold counts once, in SELECT, DESCRIBE and CONSTRUCT alike, while GRAPH and the protocol's datasets are
untouched; a version whose graphs share nothing gets no merged store. On the real build, through workers in memory
and on disk alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph import sparql_worker
from graph.build import current_store_path
from graph.build_record import read_record, write_record
from graph.executor import QueryPool
from graph.query_job import QueryRequest, wire
from graph.worker_memory import quads_of
from graph.worker_merge import (
    MERGED,
    default_dataset,
    gather,
    served_path,
    shares_triples,
    write_merged,
)

EX = "http://example.org/"
SHARED = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("10", datatype=ox.NamedNode(
    "http://www.w3.org/2001/XMLSchema#integer")))
G1, G2, G3 = (ox.NamedNode(EX + g) for g in ("g1", "g2", "g3"))
DISTINCT = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"  # the merge's size


def _store(shared: bool = True) -> ox.Store:
    """g1: the shared triple and two of its own; g2: the shared triple (when `shared`) and one of its own; g3: one;
    the store's own default graph: the shared triple again (when `shared`) and one of its own."""
    store = ox.Store()
    mine = [ox.Triple(ox.NamedNode(EX + f"a{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i))) for i in range(5)]
    quads = [ox.Quad(*SHARED, G1), ox.Quad(*mine[0], G1), ox.Quad(*mine[1], G1), ox.Quad(*mine[2], G2),
             ox.Quad(*mine[3], G3), ox.Quad(*mine[4], ox.DefaultGraph())]
    if shared:
        quads += [ox.Quad(*SHARED, G2), ox.Quad(*SHARED, ox.DefaultGraph())]
    store.extend(quads)
    return store


def _json(store: ox.Store, base: ox.NamedNode | None, query: str, **dataset: list[str]) -> dict:
    """The worker's SPARQL JSON answer, parsed."""
    request = (query, "json", "ntriples", dataset.get("default", []), dataset.get("named", []), 1000, None)
    answer = sparql_worker.execute(store, request, base)
    assert answer[0] == "ok", answer
    return json.loads(answer[5])


def _count(store: ox.Store, base: ox.NamedNode | None, query: str, **dataset: list[str]) -> int:
    """The ?n of a one-row count."""
    return int(_json(store, base, query, **dataset)["results"]["bindings"][0]["n"]["value"])


def test_shared_triples_count_once_in_the_default_graph() -> None:
    store = _store()
    assert shares_triples(store)
    assert _count(store, None, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 8  # the bag Oxigraph gives over the union
    base = gather(store)
    assert base == G1  # the largest named graph
    assert _count(store, base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 6  # 5 own triples + the shared one
    sums = _json(store, base, f"SELECT (SUM(?o) AS ?n) {{ <{EX}s> <{EX}p> ?o }}")
    assert sums["results"]["bindings"][0]["n"]["value"] == "10"


def test_named_graphs_and_given_datasets_are_untouched() -> None:
    store = _store()
    base = gather(store)
    assert _count(store, base, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == 6  # 3 + 2 + 1, each graph whole
    assert _count(store, base, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }}") == 2
    names = _json(store, base, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")["results"]["bindings"]
    assert sorted(b["g"]["value"] for b in names) == [EX + "g1", EX + "g2", EX + "g3"]  # no graph of the merge
    assert _count(store, base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default=[EX + "g2"]) == 2
    assert _count(store, base, f"SELECT (COUNT(*) AS ?n) FROM <{EX}g3> {{ ?s ?p ?o }}") == 1


def test_describe_and_construct_give_each_triple_once() -> None:
    store = _store()
    base = gather(store)
    for query in (f"DESCRIBE <{EX}s>", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ <{EX}s> ?p ?o BIND(<{EX}s> AS ?s) }}"):
        answer = sparql_worker.execute(store, (query, "json", "ntriples", [], [], 1000, None), base)
        lines = answer[5].decode().splitlines()
        assert answer[4] == len(lines) == 1, query
        assert len(Graph().parse(data=answer[5], format="nt")) == 1


def test_blank_nodes_shared_by_graphs_stay_one_node_in_the_merge() -> None:
    """A blank node that two graphs use is one node: gathered beside the base, its triples still join."""
    store = ox.Store()
    b = ox.BlankNode()
    name, kind = ox.NamedNode(EX + "name"), ox.NamedNode(EX + "kind")
    store.extend([ox.Quad(b, name, ox.Literal("x"), G1), ox.Quad(b, name, ox.Literal("x"), G2),
                  ox.Quad(b, kind, ox.Literal("k"), G2), ox.Quad(ox.NamedNode(EX + "a"), name, ox.Literal("y"), G1)])
    base = gather(store)
    assert _count(store, base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 3
    joined = _json(store, base, f"SELECT ?k {{ ?b <{EX}name> \"x\" ; <{EX}kind> ?k }}")["results"]["bindings"]
    assert [row["k"]["value"] for row in joined] == ["k"]


def test_a_version_whose_graphs_share_nothing_keeps_the_union(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "version"))
    store.extend(_store(shared=False).quads_for_pattern(None, None, None, None))
    assert not shares_triples(store)
    assert write_merged(tmp_path / "version", store) is None
    assert not (tmp_path / "version" / MERGED).exists()
    assert served_path(str(tmp_path / "version")) == (str(tmp_path / "version"), None)
    assert default_dataset(None) == {"use_default_graph_as_union": True}
    assert _count(store, None, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 6  # no triple in two graphs


def test_a_version_whose_graphs_share_triples_gets_a_merged_store_beside_it(tmp_path: Path) -> None:
    """The merged store is a backup of the version with the rest of the merge in its default graph; the version
    itself is not changed."""
    version = tmp_path / "version"
    store = ox.Store(str(version))
    store.extend(_store().quads_for_pattern(None, None, None, None))
    before = sorted(map(str, store))
    assert write_merged(version, store) == (G1.value, 1)  # default graph: a4 and the shared one, then a2, a3, a4
    assert sorted(map(str, store)) == before
    del store
    merged = ox.Store.read_only(str(version / MERGED))
    default = sorted(str(q.subject) for q in merged.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert default == [f"<{EX}a{i}>" for i in (2, 3, 4)]  # g2's and g3's own, the default graph's own; not the shared
    assert sorted(map(str, merged.quads_for_pattern(None, None, None, G2))) == sorted(
        map(str, ox.Store.read_only(str(version)).quads_for_pattern(None, None, None, G2)))
    write_record(version, len(before), (G1.value, 1))
    assert (read_record(version)["merge_base"], read_record(version)["merge_quads"]) == (G1.value, 1)
    assert quads_of(version) == len(before) + 1 == len(merged)  # what a worker's copy holds
    path, base = served_path(str(version))
    assert (path, base) == (str(version / MERGED), G1)
    for in_memory in (False, True):
        store, base = sparql_worker.served(str(version), in_memory)
        assert _count(store, base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 6, in_memory
        assert _count(store, base, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == 6, in_memory

    store = _store()
    assert gather(store) == G1
    assert ox.Quad(*SHARED, ox.DefaultGraph()) not in store  # the base holds it: taken out of the gathered rest
    assert ox.Quad(*SHARED, G2) in store  # its named graphs keep it


@pytest.fixture(scope="module")
def pool(built_var: Path) -> Iterator[QueryPool]:
    """One in-memory worker over the real build (seed and fact sheet: the fact sheet repeats some of the seed's
    triples)."""
    workers = QueryPool(current_store_path(built_var), workers=1, timeout_s=30, in_memory=True)
    yield workers
    workers.close()


def test_the_worker_pool_answers_over_the_merge(pool: QueryPool, built_var: Path) -> None:
    on_disk = ox.Store.read_only(str(current_store_path(built_var)))
    quads = len(on_disk)
    distinct = int(next(iter(on_disk.query(DISTINCT)))[0].value)
    assert distinct < quads  # the build's graphs do share triples: the case this is about

    def count(query: str) -> int:
        body = pool.run(QueryRequest(query=query, result_format="json")).body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == distinct
    assert count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == quads
    doubled = ("SELECT (COUNT(*) AS ?n) { { SELECT ?c (COUNT(?s) AS ?all) (COUNT(DISTINCT ?s) AS ?one) "
               "{ ?s a ?c } GROUP BY ?c } FILTER(?all != ?one) }")
    assert count(doubled) == 0


@pytest.mark.parametrize("in_memory", [False, True])
def test_workers_on_disk_and_in_memory_answer_the_same_merge(built_var: Path, in_memory: bool) -> None:
    """A worker reading on disk (a replacement while it loads, or when copies exceed the memory budget) reads the
    merged store too: its counts are those of a copy."""
    store, base = sparql_worker.served(str(current_store_path(built_var)), in_memory)
    on_disk = ox.Store.read_only(str(current_store_path(built_var)))
    distinct = next(iter(on_disk.query(DISTINCT)))[0].value
    assert base is not None
    assert _count(store, base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == int(distinct)


def test_the_worker_request_tuple_is_unchanged() -> None:
    """The pipe's message is the same tuple as before: the merge is the worker's own business."""
    assert wire(QueryRequest(query="ASK {}")) == ("ASK {}", "json", "turtle", [], [], 100_000, None)
