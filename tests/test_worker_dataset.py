"""A default graph of several graphs is their RDF merge (SPARQL 1.1 §13.2): a triple that two of them hold, or a
graph named twice, counts once, whether the graphs come from FROM clauses or from `default-graph-uri`; named
graphs are those the query or the protocol names; the worker's store is never written (`memory:` shares it between
threads), on disk or in memory (graph/worker_dataset.py)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import sparql_worker
from graph.build import current_store_path
from graph.worker_dataset import from_clauses

EX = "https://example.org/"
A, P = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p")
G1, G2, G3 = (ox.NamedNode(EX + g) for g in ("g1", "g2", "g3"))
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
NAMED_COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"


@pytest.fixture()
def store() -> ox.Store:
    """g1 and g2 both hold (a p "shared") and one triple of their own; g3 holds one triple of its own."""
    store = ox.Store()
    for graph in (G1, G2):
        store.add(ox.Quad(A, P, ox.Literal("shared"), graph))
        store.add(ox.Quad(A, P, ox.Literal(graph.value), graph))
    store.add(ox.Quad(A, P, ox.Literal("only in g3"), G3))
    return store


def count(store: ox.Store, query: str, default_graphs: list[str] | None = None,
          named_graphs: list[str] | None = None) -> int:
    response = sparql_worker.execute(store, (query, "csv", None, default_graphs or [], named_graphs or [], 100, None))
    assert response[0] == "ok", response
    return int(response[5].split()[1])


@pytest.mark.parametrize(("clauses", "expected"), [
    (f"FROM <{EX}g1> FROM <{EX}g2>", 3),  # the shared triple once (Oxigraph alone: 4)
    (f"FROM <{EX}g1> FROM <{EX}g1>", 2),  # a graph named twice is read once (Oxigraph alone: 4)
    (f"FROM <{EX}g1> FROM <{EX}g2> FROM <{EX}g3>", 4),
    (f"FROM <{EX}g3> FROM <{EX}g1>", 3),  # no shared triple: the union is the merge
    (f"FROM <{EX}g1>", 2),
])
def test_a_default_graph_of_several_graphs_is_their_merge(store: ox.Store, clauses: str, expected: int) -> None:
    assert count(store, COUNT.format(clauses)) == expected
    prefixed = "PREFIX ex: <" + EX + "> " + COUNT.format(clauses.replace(f"<{EX}", "ex:").replace(">", ""))
    assert count(store, prefixed) == expected
    protocol = [iri.strip("<>") for iri in clauses.split() if iri.startswith("<")]
    assert count(store, COUNT.format(""), default_graphs=protocol) == expected


def test_oxigraph_alone_reads_such_a_default_graph_as_a_bag(store: ox.Store) -> None:
    """What the worker corrects (if Oxigraph stops doing this, this test says so and the correction can go)."""
    answer = store.query(COUNT.format(f"FROM <{EX}g1> FROM <{EX}g2>"))
    assert int(next(iter(answer))["n"].value) == 4  # type: ignore[index, union-attr]


def test_named_graphs_are_those_named_and_the_store_is_not_written(store: ox.Store) -> None:
    before = (len(store), sorted(g.value for g in store.named_graphs()))
    both = f"FROM <{EX}g1> FROM <{EX}g2>"
    assert count(store, NAMED_COUNT.format(both)) == 0  # FROM without FROM NAMED: no named graph
    assert count(store, NAMED_COUNT.format(both + f" FROM NAMED <{EX}g3>")) == 1
    assert count(store, NAMED_COUNT.format(""), [G1.value, G2.value], [G3.value, G1.value]) == 3
    refused = sparql_worker.execute(store, (COUNT.format(both), None, "turtle", [], [], 100, None))
    assert refused[:2] == ("error", "not-acceptable")  # checked before the merge is made
    assert (len(store), sorted(g.value for g in store.named_graphs())) == before


def test_a_bad_query_fails_as_it_did_before_any_merge(store: ox.Store) -> None:
    """Errors keep their kind: a syntax error is one, and an IRI the engine refuses is the engine's error."""
    both = f"FROM <{EX}g1> FROM <{EX}g2>"
    assert sparql_worker.execute(store, (f"SELECT * {both} WHERE {{ ?s ?p }}", "csv", None, [], [], 9))[1] == "syntax"
    bad_iri = f"SELECT * FROM <{EX}%zz> FROM <{EX}g2> WHERE {{ ?s ?p ?o }}"
    alone = sparql_worker.execute(ox.Store(), (bad_iri, "csv", None, [], [], 9))
    assert sparql_worker.execute(store, (bad_iri, "csv", None, [], [], 9))[:2] == alone[:2]


def test_a_store_read_on_disk_is_copied_for_the_query(store: ox.Store, tmp_path: Path) -> None:
    written = ox.Store(str(tmp_path / "version"))
    written.extend(store)
    written.flush()
    del written
    on_disk = ox.Store.read_only(str(tmp_path / "version"))
    assert count(on_disk, COUNT.format(f"FROM <{EX}g1> FROM <{EX}g2>")) == 3
    assert count(on_disk, NAMED_COUNT.format(f"FROM <{EX}g1> FROM <{EX}g2> FROM NAMED <{EX}g3>")) == 1


@pytest.mark.parametrize(("query", "expected"), [
    (f"SELECT * FROM <{EX}a> FROM NAMED <{EX}b> {{}}", ([EX + "a"], [EX + "b"])),
    ("PREFIX : <" + EX + "> SELECT * FROM :a FROM :b.c {}", ([EX + "a", EX + "b.c"], [])),
    ('SELECT ?from # FROM <https://example.org/c>\n{ BIND("FROM <x>" AS ?from) }', ([], [])),
    ("PREFIX ex: <" + EX + "> SELECT * { ex:a.from ?p ?o }", ([], [])),  # a name, not FROM
    ("SELECT * FROM <relative> {}", None),  # the engine resolves relative IRIs
    ("PREFIX ex: <" + EX + "> PREFIX ex: <rel/> SELECT * FROM ex:a FROM ex:b {}", None),  # the last ex: is relative
    (f"BASE <{EX}> SELECT * FROM <{EX}a> {{}}", None),
    ("SELECT * FROM ex:a {}", None),  # an undeclared prefix: the engine's error
    ("PREFIX ex: <" + EX + "> SELECT * FROM ex:a\\.b {}", None),  # an escape
])
def test_from_clauses_are_read_with_the_prologue(query: str, expected: tuple | None) -> None:
    assert from_clauses(query) == expected


def test_on_the_real_build_two_sources_that_share_triples_count_each_once(built_var: Path) -> None:
    """The fact sheet and the seed article share triples: counted over both, each is counted once (the review
    that found it: 9 laws where there are 6 over the fact sheet and the Bộ pháp điển)."""
    store, _ = sparql_worker.served(str(current_store_path(built_var)), True)
    facts = "https://w3id.org/vnqi/graph/data/facts/facts"
    seed = "https://w3id.org/vnqi/graph/data/seed/tdc-2024-article"
    both = f"FROM <{facts}> FROM <{seed}>"
    triples = count(store, COUNT.format(both))
    distinct = count(store, f"SELECT (COUNT(*) AS ?n) {both} WHERE {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o }} }}")
    separately = count(store, COUNT.format(f"FROM <{facts}>")) + count(store, COUNT.format(f"FROM <{seed}>"))
    assert triples == distinct < separately  # they do share triples, and each is counted once


def test_a_blank_node_two_graphs_share_stays_one_node(store: ox.Store) -> None:
    """The graphs are copied term for term (a dump and a load would give each graph its own blank nodes)."""
    node = ox.BlankNode()
    store.add(ox.Quad(node, P, ox.Literal("x"), G1))
    store.add(ox.Quad(node, P, ox.Literal("y"), G2))
    join = f'SELECT (COUNT(*) AS ?n) FROM <{EX}g1> FROM <{EX}g2> WHERE {{ ?b <{P.value}> "x", "y" }}'
    assert count(store, join) == 1
