"""Interoperability: real SPARQL clients against `vnqi serve` really started on 127.0.0.1 (`live_server`).

SPARQLWrapper (GET and POST, JSON/XML/CSV results, CONSTRUCT converted to an rdflib Graph), rdflib's SPARQLStore
(Graph(store).query) and a curl-style raw POST with httpx all get exact answers: the same as the dataset read
with rdflib (a second route that does not go through the server or Oxigraph).
"""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

# SPARQLWrapper converts RDF into an rdflib ConjunctiveGraph, which rdflib 7 deprecates (not our code).
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

LAW = "https://w3id.org/vnqi/id/doc/68-2006-qh11"
VNQI_LAW = URIRef("https://w3id.org/vnqi/def#Law")
IDENTIFIERS = "PREFIX dcterms: <http://purl.org/dc/terms/>\nSELECT ?d ?n WHERE { ?d dcterms:identifier ?n }"
LAW_NUMBERS = (f"PREFIX dcterms: <http://purl.org/dc/terms/>\nCONSTRUCT {{ ?d dcterms:identifier ?n }} "
               f"WHERE {{ ?d a <{VNQI_LAW}> ; dcterms:identifier ?n }}")
COUNT_LAWS = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{VNQI_LAW}> }}"


@pytest.fixture(scope="module")
def endpoint(live_server: str) -> str:
    return live_server + "/sparql"


@pytest.fixture(scope="module")
def identifiers(dataset: Dataset) -> set[tuple[str, str]]:
    """(document, number) of every dcterms:identifier in the dataset, read with rdflib."""
    found = {(str(s), str(o)) for s, _, o, _ in dataset.quads((None, DCTERMS.identifier, None, None))}
    assert (LAW, "68/2006/QH11") in found
    return found


@pytest.fixture(scope="module")
def law_numbers(dataset: Dataset) -> Graph:
    """The graph LAW_NUMBERS should give, built from the dataset with rdflib."""
    expected = Graph()
    for law, _, _, _ in dataset.quads((None, RDF.type, VNQI_LAW, None)):
        for s, p, o, _ in dataset.quads((law, DCTERMS.identifier, None, None)):
            expected.add((s, p, o))
    assert (URIRef(LAW), DCTERMS.identifier, Literal("68/2006/QH11")) in expected
    return expected


def wrapper(endpoint: str, query: str, fmt: str | None = None, method: str = GET,
            request_method: str = URLENCODED) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setMethod(method)
    client.setRequestMethod(request_method)
    if fmt is not None:
        client.setReturnFormat(fmt)
    return client


# ------------------------------------------------------------------------------------------------ SPARQLWrapper

@pytest.mark.parametrize(("method", "request_method"), [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_sparqlwrapper_json(endpoint: str, identifiers: set, method: str, request_method: str) -> None:
    result = wrapper(endpoint, IDENTIFIERS, JSON, method, request_method).query()
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+json")
    doc = result.convert()
    assert doc["head"]["vars"] == ["d", "n"]
    rows = [(b["d"]["value"], b["n"]["value"]) for b in doc["results"]["bindings"]]
    assert len(rows) == len(identifiers) and set(rows) == identifiers


def test_sparqlwrapper_xml(endpoint: str, identifiers: set) -> None:
    document = wrapper(endpoint, IDENTIFIERS, XML).queryAndConvert()  # an xml.dom.minidom Document
    rows = []
    for result in document.getElementsByTagName("result"):
        values = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
        rows.append((values["d"], values["n"]))
    assert len(rows) == len(identifiers) and set(rows) == identifiers


def test_sparqlwrapper_csv(endpoint: str, identifiers: set) -> None:
    body = wrapper(endpoint, IDENTIFIERS, CSV).queryAndConvert()
    rows = [(r["d"], r["n"]) for r in csv.DictReader(io.StringIO(body.decode("utf-8")))]
    assert len(rows) == len(identifiers) and set(rows) == identifiers
    assert ("https://w3id.org/vnqi/id/doc/1131-qd-ttg", "1131/QĐ-TTg") in rows  # UTF-8 kept


def test_sparqlwrapper_ask_and_count(endpoint: str, dataset: Dataset) -> None:
    ask = wrapper(endpoint, f'ASK {{ <{LAW}> <{DCTERMS.identifier}> "68/2006/QH11" }}', JSON).queryAndConvert()
    assert ask == {"head": {}, "boolean": True}
    laws = {s for s, _, _, _ in dataset.quads((None, RDF.type, VNQI_LAW, None))}
    doc = wrapper(endpoint, COUNT_LAWS, JSON).queryAndConvert()
    assert doc["results"]["bindings"][0]["n"]["value"] == str(len(laws))


@pytest.mark.parametrize("fmt", [None, XML, RDFXML, JSONLD])
def test_sparqlwrapper_construct_to_rdflib_graph(endpoint: str, law_numbers: Graph, fmt: str | None) -> None:
    """CONSTRUCT converted to an rdflib Graph: with the default return format (XML → RDF/XML) and JSON-LD."""
    graph = wrapper(endpoint, LAW_NUMBERS, fmt).queryAndConvert()
    assert isinstance(graph, Graph)
    assert isomorphic(graph, law_numbers)


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (N3, "n3")])
def test_sparqlwrapper_construct_as_text(endpoint: str, law_numbers: Graph, fmt: str, rdflib_format: str) -> None:
    body = wrapper(endpoint, LAW_NUMBERS, fmt).queryAndConvert()
    assert isomorphic(Graph().parse(data=body, format=rdflib_format), law_numbers)


def test_sparqlwrapper_describe(endpoint: str, dataset: Dataset) -> None:
    expected = Graph()
    for s, p, o, _ in dataset.quads((URIRef(LAW), None, None, None)):
        expected.add((s, p, o))
    graph = wrapper(endpoint, f"DESCRIBE <{LAW}>").queryAndConvert()
    assert isomorphic(graph, expected)


def test_sparqlwrapper_sees_syntax_errors_as_bad_queries(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed, match="SparqlSyntaxError"):
        wrapper(endpoint, "SELECT ?s WHERE { ?s ", JSON).query()


# ------------------------------------------------------------------------------------------------ rdflib SPARQLStore

def test_rdflib_sparqlstore(endpoint: str, identifiers: set, law_numbers: Graph, dataset: Dataset) -> None:
    graph = Graph(SPARQLStore(query_endpoint=endpoint))
    rows = {(str(r.d), str(r.n)) for r in graph.query(IDENTIFIERS)}
    assert rows == identifiers
    assert graph.query(f'ASK {{ <{LAW}> <{DCTERMS.identifier}> "68/2006/QH11" }}').askAnswer is True
    assert isomorphic(graph.query(LAW_NUMBERS).graph, law_numbers)
    laws = {s for s, _, _, _ in dataset.quads((None, RDF.type, VNQI_LAW, None))}
    [(count,)] = list(graph.query(COUNT_LAWS))
    assert count == Literal(len(laws))
    # Triple patterns through the store API: rdflib writes the SELECT itself.
    assert set(graph.objects(URIRef(LAW), DCTERMS.identifier)) == {Literal("68/2006/QH11")}


# ------------------------------------------------------------------------------------------------ raw HTTP

def test_curl_style_post_direct(endpoint: str, identifiers: set) -> None:
    """What `curl -H 'Content-Type: application/sparql-query' -H 'Accept: text/csv' --data-binary @q.rq` does."""
    r = httpx.post(endpoint, content=IDENTIFIERS.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}, timeout=10)
    assert r.status_code == 200 and r.http_version == "HTTP/1.1"
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["x-result-rows"] == str(len(identifiers)) and "x-result-truncated" not in r.headers
    rows = [(row["d"], row["n"]) for row in csv.DictReader(io.StringIO(r.text))]
    assert set(rows) == identifiers


def test_curl_style_errors_are_problem_json(endpoint: str) -> None:
    r = httpx.post(endpoint, content=b"ASK {", headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["error"] == "SparqlSyntaxError" and r.json()["line"] == 1
    r = httpx.put(endpoint, content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert r.status_code == 405
    r = httpx.post(endpoint, content=b"ASK {}", headers={"Content-Type": "text/plain"}, timeout=10)
    assert r.status_code == 415 and "application/sparql-query" in r.json()["accepted"]


def test_a_large_result_read_as_a_stream_arrives_whole(endpoint: str) -> None:
    """A result of many read chunks arrives whole and parses (the server sends the body the worker serialised in
    one response: docs/decisions.md 30)."""
    with httpx.stream("POST", endpoint, content=b"SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "application/sparql-results+json"}, timeout=30) as r:
        assert r.status_code == 200
        body = r.read()
    assert len(body) > 64 * 1024
    doc = json.loads(body)
    assert len(doc["results"]["bindings"]) == int(r.headers["x-result-rows"])
