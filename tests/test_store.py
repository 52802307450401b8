"""graph/store: bound parameters, union default graph, same return types, clear errors."""

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from graph.errors import QueryError, StoreUnavailable
from graph.store import EmbeddedStore, open_store

EX = "http://example.org/"


@pytest.fixture()
def small() -> EmbeddedStore:
    ds = Dataset()
    g1 = ds.graph(URIRef(EX + "g1"))
    g1.add((URIRef(EX + "a"), URIRef(EX + "p"), Literal("tiêu chuẩn", lang="vi")))
    g2 = ds.graph(URIRef(EX + "g2"))
    g2.add((URIRef(EX + "b"), URIRef(EX + "p"), URIRef(EX + "a")))
    store = EmbeddedStore(None)
    store.replace(ds)
    return store


def test_default_graph_is_union(small: EmbeddedStore) -> None:
    rows = small.select("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert [r["s"] for r in rows.dicts()] == [URIRef(EX + "a"), URIRef(EX + "b")]


def test_bindings_are_substituted_not_formatted(small: EmbeddedStore) -> None:
    q = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    expected = [{"s": URIRef(EX + "a"), "o": Literal("tiêu chuẩn", lang="vi")}]
    assert small.select(q, {"s": URIRef(EX + "a")}).dicts() == expected
    hostile = URIRef(EX + "a> } ; DROP ALL ; SELECT * { <x")
    with pytest.raises(QueryError, match="not a valid IRI"):
        small.select(q, {"s": hostile})
    injected = Literal('" } UNION { ?s ?p ?o } #')
    assert small.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": injected}).rows == ()


def test_bound_variable_must_be_projected(small: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="projection"):
        small.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef(EX + "a")})


def test_ask_and_construct(small: EmbeddedStore) -> None:
    assert small.ask("ASK { ?s ?p ?o }") is True
    g = small.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(g, Graph) and len(g) == 2


def test_wrong_form_and_syntax(small: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="syntax"):
        small.select("SELEC ?s WHERE {")
    with pytest.raises(QueryError, match="expected a SELECT"):
        small.select("ASK { ?s ?p ?o }")


def test_open_store_urls(tmp_path: Path) -> None:
    assert len(open_store("memory:")) == 0
    with pytest.raises(StoreUnavailable, match="vnqi build"):
        open_store(f"oxigraph:{tmp_path / 'missing'}", read_only=True)
    with pytest.raises(StoreUnavailable, match="unsupported store URL"):
        open_store("ftp://x")
