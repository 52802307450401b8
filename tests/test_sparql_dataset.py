"""graph/sparql_guard.with_dataset: the protocol's using-graph-uri / using-named-graph-uri written as USING clauses."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.sparql_guard import DatasetConflict, with_dataset

G1, G2, N = "http://example.org/g1", "http://example.org/g2", "http://example.org/n"
USING = f"USING <{G1}> USING <{G2}> USING NAMED <{N}>"


@pytest.mark.parametrize("update, expected", [
    ("INSERT { ?s <http://example.org/p> 1 } WHERE { ?s ?p ?o }",
     f"INSERT {{ ?s <http://example.org/p> 1 }} {USING} WHERE {{ ?s ?p ?o }}"),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } where { { SELECT ?s WHERE { ?s ?p ?o } } ?s ?p ?o }",
     f"DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 2 }} {USING} where {{ {{ SELECT ?s WHERE {{ ?s ?p ?o }} }} ?s ?p ?o }}"),
    ("DELETE WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } }",
     f"DELETE {{ GRAPH ?g {{ ?s <http://example.org/p> ?o }} }} {USING} WHERE {{ GRAPH ?g {{ ?s <http://example.org/p> ?o }} }}"),
    ('INSERT DATA { <http://example.org/s> <http://example.org/p> "WHERE { USING WITH }" }',
     'INSERT DATA { <http://example.org/s> <http://example.org/p> "WHERE { USING WITH }" }'),
    ("# WHERE USING WITH\nCLEAR SILENT GRAPH <http://example.org/where>", None),
])
def test_using_clauses_go_before_each_where(update: str, expected: str | None) -> None:
    rewritten = with_dataset(update, [G1, G2], [N])
    assert rewritten == (expected if expected is not None else update)
    ox.Store().update(rewritten)  # still valid SPARQL Update


def test_each_operation_of_a_request_gets_the_dataset() -> None:
    update = ("PREFIX ex: <http://example.org/>\nINSERT { ?s ex:q 1 } WHERE { ?s ex:p ?o } ;\n"
              "INSERT DATA { ex:a ex:p ex:b } ;\nDELETE { ?s ex:q 1 } WHERE { ?s ex:q 1 }")
    rewritten = with_dataset(update, [G1], [])
    assert rewritten.count(f"USING <{G1}> WHERE") == 2
    ox.Store().update(rewritten)


def test_the_dataset_really_scopes_the_where_clause() -> None:
    store = ox.Store()
    store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <http://example.org/a> a <http://example.org/C> }} "
                 f"GRAPH <{G2}> {{ <http://example.org/b> a <http://example.org/C> }} }}")
    store.update(with_dataset("INSERT { GRAPH <http://example.org/out> { ?s <http://example.org/seen> true } } "
                              "WHERE { ?s a <http://example.org/C> }", [G2], []))
    seen = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode("http://example.org/seen"), None)}
    assert seen == {"http://example.org/b"}


@pytest.mark.parametrize("update", [
    "WITH <http://example.org/g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p 1 } USING <http://example.org/g> WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } using named <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_an_update_with_its_own_dataset_conflicts(update: str) -> None:
    with pytest.raises(DatasetConflict):
        with_dataset(update, [], [N])


@pytest.mark.parametrize("iri", ["relative", "http://example.org/a> } ; DROP ALL ; <urn:x", "http://example.org/a b",
                                 "http://example.org/{x}", 'http://example.org/"', ""])
def test_only_absolute_iris_without_forbidden_characters_are_written(iri: str) -> None:
    with pytest.raises(QueryError):
        with_dataset("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", [iri], [])
    with pytest.raises(QueryError):
        with_dataset("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", [], [iri])


def test_no_parameters_leave_the_update_alone() -> None:
    update = "WITH <http://example.org/g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }"
    assert with_dataset(update, [], []) is update
