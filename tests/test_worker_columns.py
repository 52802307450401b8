"""`SELECT *` answers its columns in their order of first appearance in the query (Fuseki, GraphDB and Virtuoso do;
Oxigraph sorts them by name), in every results format, each value still under its own variable."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from graph import sparql_worker
from graph.worker_columns import reordered, star_order

S, P = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")


@pytest.fixture(scope="module")
def data() -> ox.Store:
    store = ox.Store()
    for i in range(5):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), P, ox.Literal(f"tab\there, line\nthere {i}")))
    return store


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * { ?s ?p ?o }", ["s", "p", "o"]),
    ("SELECT DISTINCT * WHERE { ?s ?p ?o BIND(1 AS ?z) BIND(2 AS ?a) }", ["s", "p", "o", "z", "a"]),
    ("SELECT REDUCED * { $s ?p ?o }", ["s", "p", "o"]),
    ("PREFIX select: <https://example.org/> SELECT * { ?s select:p ?o }", ["s", "o"]),
    ("SELECT * { { SELECT ?p ?s { ?s ?p ?o } } }", ["p", "s"]),  # the subquery's projection
    ('SELECT * { ?s ?p ?o FILTER(?o != "?a") } # ?b', ["s", "p", "o"]),  # strings and comments are no variables
    ("SELECT * { ?s ?p ?o BIND(?o-1 AS ?z) }", ["s", "p", "o", "z"]),  # ?o-1 is ?o minus 1
])
def test_select_star_columns_follow_the_query(data: ox.Store, query: str, expected: list[str]) -> None:
    answer = sparql_worker.execute(data, (query, "json", None, [], [], 100, None))
    assert json.loads(answer[5])["head"]["vars"] == expected


def test_explicit_projections_and_other_forms_are_left_as_the_engine_gives_them() -> None:
    names = ["a", "b", "c"]
    assert star_order("SELECT ?c ?a ?b { ?c ?a ?b }", names) is None
    assert star_order("SELECT * { ?a ?b ?c }", names) is None  # already in that order: nothing to do
    assert star_order("ASK { SELECT * { ?c ?b ?a } }", names) == ["c", "b", "a"]  # (never asked: no columns)
    assert star_order("SELECT * { ?c ?b ?a }", ["a"]) is None
    assert star_order('SELECT * { ?c ?b ?a "', names) is None  # an unclosed string: the engine's error


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_every_value_stays_under_its_variable(data: ox.Store, fmt: str) -> None:
    """The rows of `SELECT *` equal those of the explicit `SELECT ?s ?p ?o`, column for column (a tab and a line
    break inside a term included), also when the row cap cuts them."""
    for cap, truncated in ((100, False), (3, True)):
        star = sparql_worker.execute(data, ("SELECT * { ?s ?p ?o } ORDER BY ?s", fmt, None, [], [], cap, None))
        explicit = sparql_worker.execute(data, ("SELECT ?s ?p ?o { ?s ?p ?o } ORDER BY ?s", fmt, None, [], [],
                                                 cap, None))
        assert star[3:] == explicit[3:] and star[3] is truncated
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(star[5].decode())))
        assert rows[0] == ["s", "p", "o"] and rows[1] == ["https://example.org/s0", P.value, "tab\there, line\nthere 0"]


def test_reordered_moves_whole_columns() -> None:
    tsv = b'?o\t?s\n"a\\tb"\t<x>\n\t<y>\n'
    assert reordered(tsv, ["o", "s"], ["s", "o"]) == b'?s\t?o\n<x>\t"a\\tb"\n<y>\t\n'


def test_over_http_the_csv_header_follows_the_query(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.splitlines()[0] == "s,p,o"
