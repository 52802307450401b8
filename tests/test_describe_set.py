"""A DESCRIBE answers an RDF graph, a set: each triple once, however many of the dataset's graphs hold it (Oxigraph
writes a CONSTRUCT's triples once, but repeated a DESCRIBE's over a dataset of graphs that share triples), in every
format, under the row cap, and counted once in X-Result-Rows."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from graph import sparql_worker
from graph.worker_cap import capped

A, P, Q = (ox.NamedNode(f"https://example.org/{n}") for n in ("a", "p", "q"))
G1, G2 = ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")
FROM_BOTH = "FROM <https://example.org/g1> FROM <https://example.org/g2>"
DESCRIBE = f"DESCRIBE <https://example.org/a> {FROM_BOTH}"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} {FROM_BOTH} WHERE {{ ?s ?p ?o }}"
RDFLIB = {"ntriples": "nt", "nquads": "nquads", "turtle": "turtle", "trig": "trig", "jsonld": "json-ld",
          "rdfxml": "xml"}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """Two graphs that both hold (a p "shared"); each holds one triple of its own about a."""
    store = ox.Store()
    for graph in (G1, G2):
        store.add(ox.Quad(A, P, ox.Literal("shared"), graph))
        store.add(ox.Quad(A, Q, ox.Literal(graph.value), graph))
    return store


def answer(store: ox.Store, query: str, fmt: str, max_rows: int = 100) -> tuple:
    """The worker's answer: ("ok", kind, format, truncated, rows, body)."""
    response = sparql_worker.execute(store, (query, None, fmt, [], [], max_rows, None))
    assert response[0] == "ok", response
    return response


def test_the_engine_repeats_a_describe_over_graphs_that_share_a_triple(store: ox.Store) -> None:
    """What the worker corrects (if Oxigraph stops repeating, this test says so and the correction can go)."""
    assert len(list(store.query(DESCRIBE))) == 4
    assert len(list(store.query(CONSTRUCT))) == 3


@pytest.mark.parametrize("fmt", sorted(RDFLIB))
@pytest.mark.parametrize("query", [DESCRIBE, CONSTRUCT], ids=["describe", "construct"])
def test_a_graph_answer_holds_each_triple_once(store: ox.Store, query: str, fmt: str) -> None:
    _, kind, _, truncated, rows, body = answer(store, query, fmt)
    parsed = rdflib.Dataset()
    parsed.parse(data=body, format=RDFLIB[fmt])
    triples = {(str(s), str(p), str(o)) for s, p, o, _ in parsed.quads()}
    assert triples == {("https://example.org/a", "https://example.org/p", "shared"),
                       ("https://example.org/a", "https://example.org/q", "https://example.org/g1"),
                       ("https://example.org/a", "https://example.org/q", "https://example.org/g2")}
    assert (kind, truncated, rows) == ("graph", False, 3)
    if fmt in ("ntriples", "nquads"):
        assert body.count(b"\n") == 3  # one line a triple: no line twice


@pytest.mark.parametrize("fmt", ["ntriples", "turtle"])
def test_the_row_cap_counts_different_triples(store: ox.Store, fmt: str) -> None:
    assert answer(store, DESCRIBE, fmt, max_rows=3)[3:5] == (False, 3)  # 4 written, 3 different: not over the cap
    assert answer(store, DESCRIBE, fmt, max_rows=2)[3:5] == (True, 2)


def test_a_set_sink_keeps_lines_split_across_pieces_once() -> None:
    """The store writes in pieces of a few KB: a line cut between two pieces is one line."""

    class Pieces:
        def serialize(self, sink, format) -> None:  # type: ignore[no-untyped-def]
            for piece in (b"<a> <p> <o1> .\n<a> <p", b"> <o2> .\n<a> <p> <o1> .\n", b"<a> <p> <o2> .\n<a> <p> <o3> .\n"):
                sink.write(piece)

    assert capped(Pieces(), ox.RdfFormat.N_TRIPLES, 10, as_set=True) == (  # type: ignore[arg-type]
        False, b"<a> <p> <o1> .\n<a> <p> <o2> .\n<a> <p> <o3> .\n")
    assert capped(Pieces(), ox.RdfFormat.N_TRIPLES, 2, as_set=True) == (  # type: ignore[arg-type]
        True, b"<a> <p> <o1> .\n<a> <p> <o2> .\n")
    assert capped(Pieces(), ox.RdfFormat.N_TRIPLES, 10)[1].count(b"\n") == 5  # a SELECT's rows are a bag: all kept


@pytest.mark.parametrize("fmt", ["ntriples", "nquads"])
def test_a_describe_cut_by_the_cap_ends_with_whole_lines(fmt: str) -> None:
    """The store writes pieces of about 8 KB that end anywhere in a line: the cut answer must not end with the
    start of the next line (it did: '… "shared 999" .\\n<')."""
    store = ox.Store()
    store.bulk_extend([ox.Quad(A, P, ox.Literal(f"shared value number {i}"), graph)
                       for graph in (G1, G2) for i in range(2_000)])
    for cap in (5, 1_000, 1_999):
        _, _, _, truncated, rows, body = answer(store, DESCRIBE, fmt, max_rows=cap)
        assert (truncated, rows) == (True, cap)
        assert body.endswith(b" .\n") and body.count(b"\n") == cap
        assert len(rdflib.Graph().parse(data=body, format="nt")) == cap
    assert answer(store, DESCRIBE, fmt, max_rows=2_000)[3:5] == (False, 2_000)
