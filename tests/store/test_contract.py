"""One contract for every store: embedded (memory, disk), the Oxigraph server and Virtuoso give the same answers
on the real seed + facts data, and fail the same way."""

from __future__ import annotations

import uuid

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.errors import QueryError
from graph.namespaces import VG
from graph.query import select
from graph.store.base import Rows
from tests.store.rdfcompare import norm, same_graph

VNQI_GRAPHS = str(VG)
ALL_QUADS = f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?g), "{VNQI_GRAPHS}") && !isBlank(?s) && !isBlank(?o)) }}"""
LAW = URIRef("https://w3id.org/vnqi/id/doc/68-2006-qh11")
LABELS = "SELECT ?doc ?label WHERE { ?doc <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


def as_set(rows: Rows) -> set[tuple[object, ...]]:
    """Rows as a set of tuples of rdflib terms (order and duplicates left out)."""
    return {tuple(norm(t) for t in row) for row in rows.rows}


def reference_quads(dataset: Dataset) -> set[tuple[object, ...]]:
    """Every quad of the dataset without blank nodes, as (g, s, p, o)."""
    return {(g, s, p, norm(o)) for s, p, o, g in dataset.quads()
            if g != DATASET_DEFAULT_GRAPH_ID and not isinstance(s, BNode) and not isinstance(o, BNode)}


def test_every_quad_comes_back_with_its_datatype(any_store: object, dataset: Dataset) -> None:
    rows = any_store.select(ALL_QUADS)  # type: ignore[attr-defined]
    got, want = as_set(rows), reference_quads(dataset)
    assert rows.variables == ("g", "s", "p", "o")
    assert len(rows.rows) == len(want)
    assert got == want, f"only in the store: {sorted(got - want)[:5]}; missing: {sorted(want - got)[:5]}"


@pytest.mark.parametrize("name", ["class-counts", "graph-sizes"])
def test_named_queries_agree_with_the_embedded_store(any_store: object, store: object, name: str) -> None:
    expected = {row for row in select(store, name).rows if str(row[0]).startswith(VNQI_GRAPHS) or name != "graph-sizes"}
    got = {row for row in select(any_store, name).rows if str(row[0]).startswith(VNQI_GRAPHS) or name != "graph-sizes"}
    assert expected and got == expected


def test_bindings_select_and_ask(any_store: object, store: object) -> None:
    expected = as_set(store.select(LABELS, {"doc": LAW}))  # type: ignore[attr-defined]
    assert any(isinstance(l, Literal) and l.language == "vi" for _, l in expected)
    assert as_set(any_store.select(LABELS, {"doc": LAW})) == expected  # type: ignore[attr-defined]
    hostile = Literal('" } UNION { ?doc ?p ?label } #')
    assert any_store.select(LABELS, {"label": hostile}).rows == ()  # type: ignore[attr-defined]
    ask = "ASK { ?doc <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    assert any_store.ask(ask, {"doc": LAW}) is True  # type: ignore[attr-defined]
    assert any_store.ask(ask, {"doc": URIRef("https://w3id.org/vnqi/id/doc/none")}) is False  # type: ignore[attr-defined]
    with pytest.raises(QueryError, match="not a valid IRI"):
        any_store.select(LABELS, {"doc": URIRef("x> } ; DROP ALL ; SELECT * { <y")})  # type: ignore[attr-defined]


def test_construct_graphs_are_isomorphic(any_store: object, dataset: Dataset) -> None:
    shapes = next(g for g in dataset.graphs() if "/shapes/" in str(g.identifier))
    assert any(isinstance(o, BNode) for o in shapes.objects())
    got = any_store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{shapes.identifier}> {{ ?s ?p ?o }} }}")  # type: ignore[attr-defined]
    expected = Graph()
    for triple in shapes:
        expected.add(triple)
    difference = same_graph(got, expected)
    assert difference is None, difference


def test_named_graphs_are_listed(any_store: object, dataset: Dataset) -> None:
    expected = {g.identifier for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}
    assert len(expected) > 20
    assert set(any_store.graphs()) == expected  # type: ignore[attr-defined]


def test_replace_one_graph_and_update(any_store: object) -> None:
    iri = URIRef(f"urn:vnqi:test:{uuid.uuid4().hex}")
    a, p = URIRef("urn:vnqi:test:a"), URIRef("urn:vnqi:test:p")
    first, second = Graph(), Graph()
    first.add((a, p, Literal("Đo lường", lang="vi")))
    first.add((a, p, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    second.add((a, p, Literal("Tiêu chuẩn và Quy chuẩn kỹ thuật", lang="vi")))
    query = f"SELECT ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    try:
        any_store.put_graph(iri, first)  # type: ignore[attr-defined]
        assert {r[0] for r in any_store.select(query).rows} == {o for _, _, o in first}  # type: ignore[attr-defined]
        any_store.put_graph(iri, second)  # type: ignore[attr-defined]
        assert {r[0] for r in any_store.select(query).rows} == {o for _, _, o in second}  # type: ignore[attr-defined]
        assert iri in any_store.graphs()  # type: ignore[attr-defined]
        any_store.update(f'INSERT DATA {{ GRAPH <{iri}> {{ <{a}> <{p}> "Hà Nội"@vi }} }}')  # type: ignore[attr-defined]
        got = {r[0] for r in any_store.select(query).rows}  # type: ignore[attr-defined]
        assert got == {Literal("Tiêu chuẩn và Quy chuẩn kỹ thuật", lang="vi"), Literal("Hà Nội", lang="vi")}
    finally:
        any_store.update(f"DROP SILENT GRAPH <{iri}>")  # type: ignore[attr-defined]
    assert iri not in any_store.graphs()  # type: ignore[attr-defined]


def test_syntax_errors(any_store: object) -> None:
    with pytest.raises(QueryError, match="(?i)syntax"):
        any_store.select("SELEC ?s WHERE {")  # type: ignore[attr-defined]
    with pytest.raises(QueryError):
        any_store.update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> ")  # type: ignore[attr-defined]
    with pytest.raises(QueryError, match="expected a SELECT"):
        any_store.select("ASK { ?s ?p ?o }")  # type: ignore[attr-defined]
