"""/sparql against the W3C SPARQL 1.1 Protocol test suite (sparql/sparql11/protocol/manifest.ttl of w3c/rdf-tests).

One test per manifest case, named after it (test_<case>). The manifest's data (kasei.us data0..3.rdf) is not in
our store, so the dataset cases use our own named graphs instead, keeping the shape of each request:
  - vg:data/facts/facts  holds id:doc/68-2006-qh11 a vnqi:Law (and in no other graph);
  - vg:data/seed/tdc-2024-article holds id:event/tdc-hoi-nghi-2023/ket-qua-1 a vnqi:Result (and in no other graph);
  - vg:data/sources holds vg:data/seed/tdc-2024-article a vnqi:SourceGraph (and in no other graph).
Every answer is parsed (JSON, XML, CSV, TSV, rdflib for RDF) and compared with what the dataset itself holds
(read with rdflib, a second route that does not go through Oxigraph). Update cases that need a write token are in
test_sparql_update.py; the ones refused before any token is looked at are here.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from graph.namespaces import VG, VNQI

FACTS = str(VG["data/facts/facts"])
SEED = str(VG["data/seed/tdc-2024-article"])
SOURCES = str(VG["data/sources"])
LAW = "https://w3id.org/vnqi/id/doc/68-2006-qh11"
RESULT1 = "https://w3id.org/vnqi/id/event/tdc-hoi-nghi-2023/ket-qua-1"
BASE = "https://w3id.org/vnqi/"  # Settings.base_iri: the base of relative IRIs in queries

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
SRX = "{http://www.w3.org/2005/sparql-results#}"
DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
IDENTIFIERS = "PREFIX dcterms: <http://purl.org/dc/terms/>\nSELECT ?d ?n WHERE { ?d dcterms:identifier ?n }"
ASK_TWO_DEFAULT = f"ASK {{ <{LAW}> a <{VNQI.Law}> . <{RESULT1}> a <{VNQI.Result}> }}"
ASK_TWO_NAMED = f"ASK {{ GRAPH ?g1 {{ <{LAW}> a <{VNQI.Law}> }} GRAPH ?g2 {{ <{RESULT1}> a <{VNQI.Result}> }} }}"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


# ------------------------------------------------------------------------------------------------ helpers

def url(**params: str | list[str]) -> str:
    """/sparql with the protocol parameters URL-encoded (a list repeats the parameter)."""
    return "/sparql?" + urlencode(params, doseq=True, quote_via=quote) if params else "/sparql"


def results_json(response) -> dict:
    """The SPARQL JSON results document of a successful response."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == f"{JSON}; charset=utf-8"
    return json.loads(response.content)


def boolean(response) -> bool:
    """The answer of an ASK query, from SPARQL JSON or SPARQL XML."""
    assert response.status_code == 200, response.text
    kind = response.headers["content-type"].split(";")[0]
    if kind == JSON:
        doc = json.loads(response.content)
        assert set(doc) == {"head", "boolean"}
        return doc["boolean"]
    assert kind == XML, kind
    root = ET.fromstring(response.content)
    assert root.tag == SRX + "sparql"
    return {"true": True, "false": False}[root.find(SRX + "boolean").text]


def bindings(response) -> list[dict[str, str]]:
    """Each solution as {variable: lexical value}, whatever results format the response is in."""
    assert response.status_code == 200, response.text
    kind = response.headers["content-type"].split(";")[0]
    if kind == JSON:
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(response.content)["results"]["bindings"]]
    if kind == XML:
        root = ET.fromstring(response.content)
        return [{b.get("name"): b[0].text or "" for b in r.findall(SRX + "binding")}
                for r in root.find(SRX + "results").findall(SRX + "result")]
    if kind == "text/csv":
        return [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(io.StringIO(response.text))]
    assert kind == "text/tab-separated-values", kind
    lines = response.text.split("\n")
    assert lines[-1] == ""
    names = [v.removeprefix("?") for v in lines[0].split("\t")]
    return [{n: _tsv_value(v) for n, v in zip(names, line.split("\t")) if v} for line in lines[1:-1]]


def _tsv_value(term: str) -> str:
    """The lexical value of a TSV term (N-Triples syntax, numbers bare)."""
    if term.startswith("<"):
        return term[1:-1]
    if term.startswith('"'):
        return json.loads(term[: term.rindex('"') + 1])
    return term


def problem(response, status: int, error: str | None = None) -> dict:
    """The problem JSON body of an error response, checked."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    if error is not None:
        assert body["error"] == error, body
    return body


def quads(dataset: Dataset, s=None, p=None, o=None, graph: str | None = None) -> list[tuple]:
    """Quads of the dataset matching a pattern, read with rdflib (optionally in one named graph)."""
    if graph is None:
        return list(dataset.quads((s, p, o, None)))
    named = dataset.graph(URIRef(graph))
    return [(*t, named.identifier) for t in named.triples((s, p, o))]


def graph_names(response) -> set[str]:
    return {b["g"] for b in bindings(response)}


# ------------------------------------------------------------------------------------------------ W3C: queries

def test_query_post_form(client: TestClient) -> None:
    """query_post_form: URL-encoded POST of ASK {} (default-graph-uri in the URL) → 2xx, true."""
    r = client.post(url(**{"default-graph-uri": FACTS}), content="query=ASK%20%7B%7D", headers=FORM)
    assert boolean(r) is True
    # The dataset parameters may also travel in the form body, and they are used.
    body = urlencode({"query": f"ASK {{ <{LAW}> a <{VNQI.Law}> }}", "default-graph-uri": SEED})
    assert boolean(client.post("/sparql", content=body, headers=FORM)) is False
    body = urlencode({"query": f"ASK {{ <{LAW}> a <{VNQI.Law}> }}", "default-graph-uri": FACTS})
    assert boolean(client.post("/sparql", content=body, headers=FORM)) is True


@pytest.mark.parametrize("name", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["foo", "http://example.org/a b", ""])
def test_a_dataset_parameter_that_is_no_iri_is_named_in_the_400(client: TestClient, name: str, value: str) -> None:
    body = problem(client.get("/sparql", params={"query": "ASK {}", name: value}), 400, "HttpProblem")
    assert body["detail"].startswith(f"{name}: {value!r} is not an absolute IRI")


def test_a_leading_byte_order_mark_is_not_part_of_the_query(client: TestClient) -> None:
    """A .rq file saved with a UTF-8 BOM runs as the same query, sent directly, in a form or in the URL."""
    query = "\ufeffASK { ?s ?p ?o }"
    assert boolean(client.post("/sparql", content=query.encode("utf-8"), headers=DIRECT)) is True
    assert boolean(client.post("/sparql", content=urlencode({"query": query}), headers=FORM)) is True
    assert boolean(client.get(url(query=query))) is True


def test_a_form_post_may_carry_its_query_in_the_url(client: TestClient) -> None:
    """POST form-encoded with the query in the URL and nothing (or only the dataset) in the body: answered, as
    Fuseki does, instead of "no query"; its parameters are read as a servlet reads them, the URL's and the body's
    together: a query in both places is given twice (400, as with two in the body), dataset IRIs add up."""
    r = client.post(url(query=f"ASK {{ <{LAW}> a <{VNQI.Law}> }}"), content="", headers=FORM)
    assert boolean(r) is True
    r = client.post(url(query=f"ASK {{ <{LAW}> a <{VNQI.Law}> }}"), content=urlencode({"default-graph-uri": SEED}),
                    headers=FORM)
    assert boolean(r) is False  # the body's dataset is used with the URL's query
    r = client.post(url(query="ASK { FILTER(false) }"), content=urlencode({"query": "ASK {}"}), headers=FORM)
    assert r.status_code == 400 and "'query' parameter is given 2 times" in r.json()["detail"]
    ask_law = f"ASK {{ <{LAW}> a <{VNQI.Law}> }}"
    assert boolean(client.post(url(**{"default-graph-uri": SEED}), content=urlencode({"query": ask_law}),
                               headers=FORM)) is False  # the URL's dataset counts with the body's query
    assert boolean(client.post(url(**{"default-graph-uri": SEED}), headers=FORM, content=urlencode(
        {"query": ask_law, "default-graph-uri": FACTS}))) is True  # both: the merge of the two graphs
    # An update in the body is the request, whatever the URL says (this endpoint refuses writes: 403, not a 400
    # for "both a query and an update").
    r = client.post(url(query="ASK {}"), content=urlencode({"update": "CLEAR ALL"}), headers=FORM)
    assert r.status_code == 403, r.text


def test_query_get(client: TestClient) -> None:
    """query_get: GET ?query=ASK {}&default-graph-uri=… → 2xx, true."""
    assert boolean(client.get(url(query="ASK {}", **{"default-graph-uri": FACTS}))) is True


def test_query_post_direct(client: TestClient) -> None:
    """query_post_direct: POST ASK {} as application/sparql-query → 2xx, true."""
    assert boolean(client.post("/sparql", content="ASK {}", headers=DIRECT)) is True
    # A charset parameter on the media type is fine when it says UTF-8.
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query; charset=UTF-8"})
    assert boolean(r) is True


def test_query_dataset_default_graph(client: TestClient) -> None:
    """query_dataset_default_graph (SPARQL 1.1 protocol suite, earlier edition): one default-graph-uri."""
    ask = f"ASK {{ <{LAW}> a <{VNQI.Law}> }}"
    assert boolean(client.get(url(query=ask, **{"default-graph-uri": FACTS}))) is True
    assert boolean(client.get(url(query=ask, **{"default-graph-uri": SEED}))) is False
    assert boolean(client.get(url(query=ask))) is True  # no dataset given: the union of every graph


def test_query_dataset_default_graphs_get(client: TestClient) -> None:
    """query_dataset_default_graphs_get: two default-graph-uri in a GET; the default graph is their merge."""
    both = client.get(url(query=ASK_TWO_DEFAULT, **{"default-graph-uri": [FACTS, SEED]}))
    assert boolean(both) is True
    one = client.get(url(query=ASK_TWO_DEFAULT, **{"default-graph-uri": [FACTS]}))
    assert boolean(one) is False


def test_query_dataset_default_graphs_post(client: TestClient, dataset: Dataset) -> None:
    """query_dataset_default_graphs_post: two default-graph-uri in the URL of a direct POST."""
    r = client.post(url(**{"default-graph-uri": [FACTS, SEED]}), content=ASK_TWO_DEFAULT, headers=DIRECT)
    assert boolean(r) is True
    r = client.post(url(**{"default-graph-uri": [SEED]}), content=ASK_TWO_DEFAULT, headers=DIRECT)
    assert boolean(r) is False
    # The default graph is exactly the merge of the two graphs: count its triples.
    expected = {q[:3] for q in quads(dataset, graph=FACTS)} | {q[:3] for q in quads(dataset, graph=SOURCES)}
    r = client.post(url(**{"default-graph-uri": [FACTS, SOURCES]}), content=COUNT, headers=DIRECT)
    assert bindings(r) == [{"n": str(len(expected))}]


def test_query_dataset_named_graphs_post(client: TestClient) -> None:
    """query_dataset_named_graphs_post: two named-graph-uri in the URL of a direct POST; GRAPH ?g sees only them."""
    named = url(**{"named-graph-uri": [FACTS, SEED]})
    assert boolean(client.post(named, content=ASK_TWO_NAMED, headers=DIRECT)) is True
    assert graph_names(client.post(named, content=GRAPHS, headers=DIRECT)) == {FACTS, SEED}


def test_query_dataset_named_graphs_get(client: TestClient) -> None:
    """query_dataset_named_graphs_get: the same in a GET."""
    assert boolean(client.get(url(query=ASK_TWO_NAMED, **{"named-graph-uri": [FACTS, SEED]}))) is True
    assert boolean(client.get(url(query=ASK_TWO_NAMED, **{"named-graph-uri": [FACTS]}))) is False
    assert graph_names(client.get(url(query=GRAPHS, **{"named-graph-uri": [SEED]}))) == {SEED}


def test_query_dataset_full(client: TestClient, dataset: Dataset) -> None:
    """query_dataset_full: default-graph-uri and named-graph-uri together make the whole dataset."""
    ask = (f"ASK {{ <{SEED}> a <{VNQI.SourceGraph}> "
           f"GRAPH ?g1 {{ <{LAW}> a <{VNQI.Law}> }} GRAPH ?g2 {{ <{RESULT1}> a <{VNQI.Result}> }} }}")
    full = url(**{"default-graph-uri": SOURCES, "named-graph-uri": [FACTS, SEED]})
    assert boolean(client.post(full, content=ask, headers=DIRECT)) is True
    assert graph_names(client.post(full, content=GRAPHS, headers=DIRECT)) == {FACTS, SEED}
    assert bindings(client.post(full, content=COUNT, headers=DIRECT)) == [
        {"n": str(len(quads(dataset, graph=SOURCES)))}]
    swapped = url(**{"default-graph-uri": FACTS, "named-graph-uri": [SOURCES, SEED]})
    assert boolean(client.post(swapped, content=ask, headers=DIRECT)) is False


def test_query_multiple_dataset(client: TestClient, dataset: Dataset) -> None:
    """query_multiple_dataset: a dataset in the query (FROM) and in the protocol: the protocol's is used.

    (The manifest encodes the second named-graph-uri inside the first one's value, %26named-graph-uri%3D; the
    intent, two named graphs, is sent here as two parameters.)"""
    ask = (f"ASK FROM <{SOURCES}> {{ GRAPH ?g1 {{ <{LAW}> a <{VNQI.Law}> }} "
           f"GRAPH ?g2 {{ <{RESULT1}> a <{VNQI.Result}> }} }}")
    r = client.post(url(**{"named-graph-uri": [FACTS, SEED]}), content=ask, headers=DIRECT)
    assert boolean(r) is True
    # FROM / FROM NAMED of the query are replaced wholly by the protocol's dataset.
    r = client.post(url(**{"default-graph-uri": SOURCES}), content=f"SELECT (COUNT(*) AS ?n) FROM <{FACTS}> "
                    "WHERE { ?s ?p ?o }", headers=DIRECT)
    assert bindings(r) == [{"n": str(len(quads(dataset, graph=SOURCES)))}]
    r = client.post(url(**{"named-graph-uri": FACTS}), content=f"SELECT DISTINCT ?g FROM NAMED <{SEED}> "
                    "WHERE { GRAPH ?g { ?s ?p ?o } }", headers=DIRECT)
    assert graph_names(r) == {FACTS}
    r = client.post(url(**{"default-graph-uri": FACTS}), content=f"SELECT DISTINCT ?g FROM NAMED <{SEED}> "
                    "WHERE { GRAPH ?g { ?s ?p ?o } }", headers=DIRECT)
    assert graph_names(r) == set(), "the protocol's dataset (no named graph) must replace FROM NAMED"


@pytest.mark.parametrize(("accept", "media_type"), [
    (JSON, JSON), (XML, XML), ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values")])
def test_query_content_type_select(client: TestClient, accept: str, media_type: str) -> None:
    """query_content_type_select: SELECT (1 AS ?value) {} answers in a tabular results format."""
    r = client.post(url(**{"default-graph-uri": FACTS}), content="SELECT (1 AS ?value) {}",
                    headers={**DIRECT, "Accept": accept})
    assert r.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert bindings(r) == [{"value": "1"}]
    assert r.headers["x-result-rows"] == "1"
    if media_type == JSON:
        assert json.loads(r.content)["results"]["bindings"][0]["value"]["datatype"] == str(Literal(1).datatype)


@pytest.mark.parametrize("accept", [JSON, XML, None])
def test_query_content_type_ask(client: TestClient, accept: str | None) -> None:
    """query_content_type_ask: ASK {} answers in a boolean results format (XML or JSON)."""
    headers = {**DIRECT, **({"Accept": accept} if accept else {})}
    r = client.post(url(**{"default-graph-uri": FACTS}), content="ASK {}", headers=headers)
    assert r.headers["content-type"].split(";")[0] == (accept or JSON)
    assert boolean(r) is True


def test_query_content_type_describe(client: TestClient, dataset: Dataset) -> None:
    """query_content_type_describe: DESCRIBE answers in an RDF format (empty for an unknown resource)."""
    r = client.post(url(**{"default-graph-uri": FACTS}), content="DESCRIBE <http://example.org/>", headers=DIRECT)
    assert r.status_code == 200 and r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(Graph().parse(data=r.text, format="turtle")) == 0
    # Describing a real resource gives its triples (those in FACTS: it is the only graph of the dataset here).
    r = client.post(url(**{"default-graph-uri": FACTS}), content=f"DESCRIBE <{LAW}>",
                    headers={**DIRECT, "Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/n-triples; charset=utf-8"
    expected = Graph()
    for s, p, o, _ in quads(dataset, s=URIRef(LAW), graph=FACTS):
        expected.add((s, p, o))
    assert len(expected) > 5
    assert isomorphic(Graph().parse(data=r.text, format="nt"), expected)


def test_query_content_type_construct(client: TestClient) -> None:
    """query_content_type_construct: CONSTRUCT { <s> <p> 1 } WHERE {} answers in an RDF format.

    The relative IRIs are resolved against the service's base (Settings.base_iri)."""
    r = client.post(url(**{"default-graph-uri": FACTS}), content="CONSTRUCT { <s> <p> 1 } WHERE {}", headers=DIRECT)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    got = Graph().parse(data=r.text, format="turtle")
    assert set(got) == {(URIRef(BASE + "s"), URIRef(BASE + "p"), Literal(1))}


def test_query_base_is_overridden_by_base_clause(client: TestClient) -> None:
    """A BASE in the query wins over the service's base."""
    r = client.post("/sparql", content="BASE <http://example.org/x/> CONSTRUCT { <s> <p> 1 } WHERE {}",
                    headers={**DIRECT, "Accept": "application/n-triples"})
    got = Graph().parse(data=r.text, format="nt")
    assert set(got) == {(URIRef("http://example.org/x/s"), URIRef("http://example.org/x/p"), Literal(1))}


# ------------------------------------------------------------------------------------------------ W3C: bad queries

@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_bad_query_method(client: TestClient, method: str) -> None:
    """bad_query_method: a query with a method other than GET or POST → 4xx (405, Allow: GET, POST)."""
    r = client.request(method, url(query="ASK {}", **{"default-graph-uri": FACTS}), headers=FORM)
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["allow"].split(",")} == {"GET", "HEAD", "POST", "OPTIONS"}


def test_bad_multiple_queries(client: TestClient) -> None:
    """bad_multiple_queries: two query parameters → 4xx."""
    body = problem(client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"), 400, "HttpProblem")
    assert "'query'" in body["detail"] and "2 times" in body["detail"]
    r = client.post("/sparql", content="query=ASK%20%7B%7D&query=ASK%20%7B%7D", headers=FORM)
    problem(r, 400, "HttpProblem")
    r = client.post(url(query="ASK {}"), content="ASK {}", headers=DIRECT)  # in the URL and in the body
    problem(r, 400, "HttpProblem")


def test_bad_query_wrong_media_type(client: TestClient) -> None:
    """bad_query_wrong_media_type: POST ASK {} as text/plain → 4xx (415, with the accepted types)."""
    body = problem(client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}), 415)
    assert body["accepted"] == ["application/x-www-form-urlencoded", "application/sparql-query",
                                "application/sparql-update"]
    assert "text/plain" in body["detail"]


def test_bad_query_missing_form_type(client: TestClient) -> None:
    """bad_query_missing_form_type: a URL-encoded body without its Content-Type → 4xx (415)."""
    r = client.post("/sparql", content=b"query=ASK%20%7B%7D")
    assert "content-type" not in r.request.headers
    assert "(none)" in problem(r, 415)["detail"]


def test_bad_query_missing_direct_type(client: TestClient) -> None:
    """bad_query_missing_direct_type: a SPARQL body without application/sparql-query → 4xx (415)."""
    r = client.post("/sparql", content=b"ASK {}")
    assert "content-type" not in r.request.headers
    problem(r, 415)


def test_bad_query_non_utf8(client: TestClient) -> None:
    """bad_query_non_utf8: direct POST in UTF-16 (with a BOM) → 4xx (415 when the charset says so, else 400)."""
    body = "ASK {}".encode("utf-16")
    assert body[:2] in (b"\xff\xfe", b"\xfe\xff")
    r = client.post("/sparql", content=body, headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert "UTF-8" in problem(r, 415, "HttpProblem")["detail"]
    r = client.post("/sparql", content=body, headers={"Content-Type": "application/sparql-query"})
    assert "UTF-8" in problem(r, 400, "HttpProblem")["detail"]
    form = "query=ASK {}".encode("utf-16")
    problem(client.post("/sparql", content=form, headers=FORM), 400, "HttpProblem")


def test_bad_query_syntax(client: TestClient) -> None:
    """bad_query_syntax: GET ?query=ASK { → 4xx (400, with the position of the error)."""
    body = problem(client.get("/sparql?query=ASK%20%7B"), 400, "SparqlSyntaxError")
    assert (body["line"], body["column"]) == (1, 6)
    body = problem(client.post("/sparql", content="SELECT ?s\nWHERE { ?s ?p }", headers=DIRECT), 400,
                   "SparqlSyntaxError")
    assert body["line"] == 2
    body = problem(client.get("/sparql", params={"query": 'SELECT * WHERE { ?s ?p "abc }'}), 400, "UnclosedString")
    assert (body["line"], body["column"]) == (1, 24)  # the quote that opens no string (refused before the engine)
    body = problem(client.post("/sparql", content='SELECT *\nWHERE { ?s ?p "abc }', headers=DIRECT), 400,
                   "UnclosedString")
    assert (body["line"], body["column"]) == (2, 15) and "line 2 (column 15)" in body["detail"]


def test_an_undeclared_prefix_is_named(client: TestClient) -> None:
    """A prefixed name whose prefix the query does not declare: the message names it and the PREFIX line to add
    (with the IRI when it is one of the project's prefixes), at the position Oxigraph gives."""
    body = problem(client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s a foo:Bar ;\n rdfs:label ?o }"}),
                   400, "SparqlSyntaxError")
    assert (body["line"], body["column"]) == (2, 15)
    assert body["detail"] == ("SPARQL syntax error: error at 2:15: the prefix 'foo:' of foo:Bar is not declared; "
                              "declare it with PREFIX foo: <…>")
    body = problem(client.get("/sparql", params={"query": "SELECT * WHERE { ?s rdfs:label ?o }"}), 400,
                   "SparqlSyntaxError")
    assert body["detail"].endswith("the prefix 'rdfs:' of rdfs:label is not declared; "
                                   "add PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>")


def test_naming_an_undeclared_prefix_after_a_long_word_is_quick() -> None:
    """The prefixed name is looked for in the text just before the error, not on the whole line: after a word of
    200,000 letters an unbounded search took minutes, holding the event loop (found in review)."""
    import threading

    from graph.query_job import SparqlSyntaxError, undeclared_prefix

    query = 'SELECT * { ?s ?p "' + "a" * 200_000 + '" . ?s a foo:Bar }'
    column = query.index("foo:Bar") + len("foo:Bar") + 1
    exc = SparqlSyntaxError(f"error at 1:{column}: expected one of Prefix not found, ['%']")
    named: list[str] = []
    worker = threading.Thread(target=lambda: named.append(str(undeclared_prefix(exc, query))), daemon=True)
    worker.start()
    worker.join(10)
    assert named == [(f"SPARQL syntax error: error at 1:{column}: the prefix 'foo:' of foo:Bar is not declared; "
                      "declare it with PREFIX foo: <…>")]


# ------------------------------------------------------------------------------------------------ W3C: bad updates
# (refused by the protocol layer, before any write token is looked at; the others are in test_sparql_update.py)

def test_bad_update_get(client: TestClient) -> None:
    """bad_update_get: GET ?update=CLEAR ALL → 4xx (400)."""
    body = problem(client.get("/sparql?update=CLEAR%20ALL"), 400, "HttpProblem")
    assert "POST" in body["detail"]


def test_bad_multiple_updates(client: TestClient) -> None:
    """bad_multiple_updates: two update parameters → 4xx (400)."""
    r = client.post("/sparql", content="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", headers=FORM)
    assert "'update'" in problem(r, 400, "HttpProblem")["detail"]


def test_bad_update_wrong_media_type(client: TestClient) -> None:
    """bad_update_wrong_media_type: POST CLEAR NAMED as text/plain → 4xx (415)."""
    problem(client.post("/sparql", content="CLEAR NAMED", headers={"Content-Type": "text/plain"}), 415)


def test_bad_update_missing_form_type(client: TestClient) -> None:
    """bad_update_missing_form_type: update=CLEAR%20NAMED without a Content-Type → 4xx (415)."""
    problem(client.post("/sparql", content=b"update=CLEAR%20NAMED"), 415)


def test_bad_update_non_utf8(client: TestClient) -> None:
    """bad_update_non_utf8: direct POST of an update in UTF-16 → 4xx (415: the charset is refused)."""
    r = client.post("/sparql", content="CLEAR NAMED".encode("utf-16"),
                    headers={"Content-Type": "application/sparql-update; charset=UTF-16"})
    problem(r, 415, "HttpProblem")


def test_update_on_a_read_only_endpoint_is_forbidden(client: TestClient) -> None:
    """Without a configured write token every update is refused with 403, form or direct."""
    direct = {"Content-Type": "application/sparql-update"}
    for content, headers in (("update=CLEAR%20ALL", FORM), ("CLEAR ALL", direct)):
        assert "read-only" in problem(client.post("/sparql", content=content, headers=headers), 403)["detail"]
    assert boolean(client.get(url(query=f"ASK {{ <{LAW}> a <{VNQI.Law}> }}"))) is True


# ------------------------------------------------------------------------------------------------ exact answers

@pytest.mark.parametrize("accept", [JSON, XML, "text/csv", "text/tab-separated-values"])
def test_identifiers_in_every_results_format(client: TestClient, dataset: Dataset, accept: str) -> None:
    """SELECT ?d ?n WHERE { ?d dcterms:identifier ?n }: the same rows as the dataset holds, in every format."""
    expected = sorted((str(s), str(o)) for s, _, o, _ in quads(dataset, p=DCTERMS.identifier))
    r = client.get(url(query=IDENTIFIERS), headers={"Accept": accept})
    rows = sorted((b["d"], b["n"]) for b in bindings(r))
    assert rows == expected
    assert (LAW, "68/2006/QH11") in rows and ("https://w3id.org/vnqi/id/doc/1131-qd-ttg", "1131/QĐ-TTg") in rows
    assert r.headers["x-result-rows"] == str(len(expected))
    assert "x-result-truncated" not in r.headers
    assert r.headers["vary"] == "Accept"


def test_count_matches_the_dataset(client: TestClient, dataset: Dataset) -> None:
    """COUNT of the laws and of the quads of one graph, against rdflib's count of the same data."""
    laws = {s for s, _, _, _ in quads(dataset, p=RDF.type, o=VNQI.Law)}
    r = client.get(url(query=f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{VNQI.Law}> }}"))
    assert results_json(r)["results"]["bindings"] == [
        {"n": {"type": "literal", "value": str(len(laws)), "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    r = client.get(url(query=f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SEED}> {{ ?s ?p ?o }} }}"))
    assert bindings(r) == [{"n": str(len(quads(dataset, graph=SEED)))}]


def test_from_clause_is_honoured(client: TestClient, dataset: Dataset) -> None:
    """Without a protocol dataset, the query's FROM / FROM NAMED define it (the union is only the fallback)."""
    r = client.get(url(query=f"SELECT (COUNT(*) AS ?n) FROM <{SOURCES}> WHERE {{ ?s ?p ?o }}"))
    assert bindings(r) == [{"n": str(len(quads(dataset, graph=SOURCES)))}]
    r = client.get(url(query=f"SELECT DISTINCT ?g FROM NAMED <{SEED}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"))
    assert graph_names(r) == {SEED}
    r = client.get(url(query=f"SELECT (COUNT(*) AS ?n) FROM NAMED <{SEED}> WHERE {{ ?s ?p ?o }}"))
    assert bindings(r) == [{"n": "0"}]  # FROM NAMED alone: an empty default graph (SPARQL 1.1 Query 13.2)


def test_no_dataset_means_union_default_graph_and_every_named_graph(client: TestClient, dataset: Dataset) -> None:
    names = {str(g.identifier) for g in dataset.graphs() if len(g) and isinstance(g.identifier, URIRef)}
    names.discard("urn:x-rdflib:default")
    assert graph_names(client.get(url(query=GRAPHS))) == names
    ask = client.get(url(query=f"ASK {{ <{LAW}> a <{VNQI.Law}> . <{SEED}> a <{VNQI.SourceGraph}> }}"))
    assert boolean(ask) is True


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"), ("application/n-quads", "nquads")])
def test_construct_in_every_rdf_format(client: TestClient, dataset: Dataset, accept: str, rdflib_format: str) -> None:
    """CONSTRUCT of every law's number: parsed by rdflib, isomorphic to the graph built from the dataset."""
    expected = Graph()
    for law, _, _, _ in quads(dataset, p=RDF.type, o=VNQI.Law):
        for s, p, o, _ in quads(dataset, s=law, p=DCTERMS.identifier):
            expected.add((s, p, o))
    assert (URIRef(LAW), DCTERMS.identifier, Literal("68/2006/QH11")) in expected
    query = (f"CONSTRUCT {{ ?d <{DCTERMS.identifier}> ?n }} WHERE {{ ?d a <{VNQI.Law}> ; "
             f"<{DCTERMS.identifier}> ?n }}")
    r = client.post("/sparql", content=query, headers={**DIRECT, "Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == accept
    if rdflib_format in ("trig", "nquads"):
        got_ds = Dataset()
        got_ds.parse(data=r.content, format=rdflib_format)
        got = Graph()
        for s, p, o, _ in got_ds.quads((None, None, None, None)):
            got.add((s, p, o))
    else:
        got = Graph().parse(data=r.content, format=rdflib_format)
    assert isomorphic(got, expected)
    assert r.headers["x-result-rows"] == str(len(expected))


# ------------------------------------------------------------------------------------------------ other refusals

def test_update_sent_as_a_query_is_refused(client: TestClient) -> None:
    for text in ("INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
                 "PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\n# comment\nclear all"):
        body = problem(client.post("/sparql", content=text, headers=DIRECT), 400, "HttpProblem")
        assert "SPARQL Update" in body["detail"]


def test_query_and_update_together_are_refused(client: TestClient) -> None:
    r = client.post("/sparql", content="query=ASK%20%7B%7D&update=CLEAR%20ALL", headers=FORM)
    assert "not both" in problem(r, 400)["detail"]


def test_empty_or_missing_query(client: TestClient) -> None:
    assert "empty" in problem(client.get("/sparql?query=%20%0A"), 400)["detail"]
    assert "no query" in problem(client.post("/sparql", content="", headers=FORM), 400)["detail"]
    assert "empty" in problem(client.post("/sparql", content=" ", headers=DIRECT), 400)["detail"]


def test_invalid_dataset_iri_is_a_client_error(client: TestClient) -> None:
    r = client.get(url(query="ASK {}", **{"default-graph-uri": "not an iri"}))
    problem(r, 400)


def test_evaluation_error_is_a_client_error_not_a_crash(client: TestClient) -> None:
    """A query the engine refuses at evaluation (a bound variable re-bound by BIND) is a 400, not a 500."""
    r = client.get(url(query="SELECT * WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }"))
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"


# ------------------------------------------------------------------------------------------------ review findings

def test_a_405_lists_every_method_of_the_path_and_options_answers(client: TestClient) -> None:
    """The router's 405 named only the first route of the path (`allow: POST` on the graph store) in a
    non-problem body; OPTIONS was a 405 too (RFC 9110 §15.5.6, §9.3.7)."""
    body = problem(client.request("PATCH", "/rdf-graph-store?default"), 405)
    allowed = {m.strip() for m in client.request("PATCH", "/rdf-graph-store?default").headers["allow"].split(",")}
    assert allowed == {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"}, body
    options = client.options("/sparql")
    assert options.status_code == 204 and options.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert problem(client.get("/no/such/page"), 404)["detail"] == "nothing at /no/such/page"


def test_accept_given_on_several_lines_is_one_list(client: TestClient) -> None:
    """RFC 9110 §5.3: `Accept: text/csv` and `Accept: text/turtle` mean `text/csv, text/turtle`; the second line
    was ignored (406 for a CONSTRUCT)."""
    r = client.get(url(query="CONSTRUCT { <urn:a> <urn:b> <urn:c> } WHERE {}"),
                   headers=[("Accept", "text/csv"), ("Accept", "text/turtle")])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=r.text, format="turtle"),
                      Graph().add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"))))


def test_percent_escapes_are_read_in_the_forms_charset_never_replaced(client: TestClient) -> None:
    """%E9 in an ISO-8859-1 form (Apache HttpClient's default) became U+FFFD, in queries and updates alike."""
    query = 'SELECT ?x WHERE { BIND("caf%E9" AS ?x) }'
    latin1 = client.post("/sparql", content="query=" + query.replace(" ", "+"), headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=ISO-8859-1", "Accept": JSON})
    assert bindings(latin1) == [{"x": "café"}]
    assert "not valid utf-8" in problem(client.post("/sparql", content="query=" + query.replace(" ", "+"),
                                                    headers=FORM), 400)["detail"]
    assert "not UTF-8" in problem(client.get("/sparql?query=" + query.replace(" ", "+")), 400)["detail"]
    assert "not UTF-8" in problem(client.get("/rdf-graph-store?graph=urn:caf%E9"), 400)["detail"]


@pytest.mark.parametrize("path", ["/timeline?document=68%2F2006%2FQH11%E9", "/search?q=caf%E9", "/classes/Law?q=%FF"])
def test_every_page_refuses_query_escapes_that_are_not_utf8(client: TestClient, path: str) -> None:
    """/timeline and /search read %E9 as U+FFFD (Starlette's lenient decoding) and answered 200."""
    assert "not UTF-8" in problem(client.get(path), 400)["detail"]
    assert client.get("/search?q=caf%C3%A9").status_code == 200


@pytest.mark.parametrize("executor", ["in process", "worker"])
def test_results_xml_cannot_carry_are_406_not_malformed_xml(client: TestClient, live_client: TestClient,
                                                             executor: str) -> None:
    """A control character in a literal, or a predicate IRI with no XML name (it ends in a digit): Oxigraph's XML
    writers would send a document no XML parser reads; the endpoint answers 406 naming the formats to ask for,
    and those formats carry the same results."""
    http = client if executor == "in process" else live_client
    select = 'SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }'  # a SPARQL \u escape
    body = problem(http.post("/sparql", content=select, headers={**DIRECT, "Accept": XML}), 406, "NotRepresentable")
    assert "U+0001" in body["detail"] and "JSON, CSV or TSV" in body["detail"]
    body = problem(http.post("/sparql", content=select.replace("0001", "FFFF"), headers={**DIRECT, "Accept": XML}),
                   406, "NotRepresentable")
    assert "U+FFFF" in body["detail"]  # not a control character, but no XML 1.0 character either
    r = http.post("/sparql", content=select, headers={**DIRECT, "Accept": JSON})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == [{"x": {"type": "literal", "value": "a\x01b"}}]
    construct = "CONSTRUCT { <urn:a> <http://example.org/1> 1 } WHERE {}"
    body = problem(http.post("/sparql", content=construct, headers={**DIRECT, "Accept": "application/rdf+xml"}), 406,
                   "NotRepresentable")
    assert "XML namespace and name" in body["detail"] and "Turtle, N-Triples or JSON-LD" in body["detail"]
    r = http.post("/sparql", content=construct, headers={**DIRECT, "Accept": "text/turtle"})
    assert set(Graph().parse(data=r.text, format="turtle")) == {
        (URIRef("urn:a"), URIRef("http://example.org/1"), Literal(1))}
    r = http.post("/sparql", content=construct.replace("/1>", "/p>"), headers={**DIRECT, "Accept": "application/rdf+xml"})
    assert set(Graph().parse(data=r.text, format="xml")) == {(URIRef("urn:a"), URIRef("http://example.org/p"), Literal(1))}


@pytest.mark.parametrize("executor", ["in process", "worker"])
@pytest.mark.parametrize("accept", ["application/rdf+xml", "application/ld+json"])
def test_triple_terms_in_rdf_xml_or_json_ld_are_406_not_dropped(client: TestClient, live_client: TestClient,
                                                                executor: str, accept: str) -> None:
    """An RDF 1.2 triple term in a CONSTRUCT: Oxigraph's RDF/XML writer dropped the triple (an empty document,
    200) and its JSON-LD writer failed (400); both are 406 naming the formats that carry it, and those do."""
    http = client if executor == "in process" else live_client
    construct = "CONSTRUCT { <urn:x> <urn:p> <<( <urn:a> <urn:b> <urn:c> )>> } WHERE {}"
    body = problem(http.post("/sparql", content=construct, headers={**DIRECT, "Accept": accept}), 406,
                   "NotRepresentable")
    assert body["detail"].endswith("ask for Turtle, N-Triples, TriG or N-Quads")
    r = http.post("/sparql", content=construct, headers={**DIRECT, "Accept": "application/n-triples"})
    assert r.status_code == 200 and r.text.strip() == "<urn:x> <urn:p> <<( <urn:a> <urn:b> <urn:c> )>> ."


@pytest.mark.parametrize("executor", ["in process", "worker"])
def test_a_construct_in_turtle_or_rdf_xml_uses_the_query_s_prefixes(client: TestClient, live_client: TestClient,
                                                                    executor: str) -> None:
    """The prefixes the query declares name the IRIs of a Turtle, TriG or RDF/XML answer (as Fuseki's do); the
    triples are the same; a relative prefix IRI, or a declaration inside a comment, changes nothing else."""
    http = client if executor == "in process" else live_client
    query = ("PREFIX ex: <http://example.org/>\nPREFIX rel: <relative/>\n# PREFIX c: <http://example.org/c>\n"
             "CONSTRUCT { ex:a ex:p ex:b } WHERE {}")
    expected = {(URIRef("http://example.org/a"), URIRef("http://example.org/p"), URIRef("http://example.org/b"))}
    for accept, rdflib_format, declared in (("text/turtle", "turtle", "@prefix ex: <http://example.org/> ."),
                                            ("application/trig", "trig", "@prefix ex: <http://example.org/> ."),
                                            ("application/rdf+xml", "xml", 'xmlns:ex="http://example.org/"')):
        r = http.post("/sparql", content=query, headers={**DIRECT, "Accept": accept})
        assert r.status_code == 200 and declared in r.text, (accept, r.text)
        assert "relative" not in r.text and "example.org/c" not in r.text  # the commented declaration is none
        graph = Dataset() if rdflib_format == "trig" else Graph()
        graph.parse(data=r.text, format=rdflib_format)
        assert set(graph.triples((None, None, None))) == expected, accept



@pytest.mark.parametrize(("query", "accept", "not_written"), [
    ("PREFIX xmlns: <http://e/> CONSTRUCT { <http://e/s> xmlns:p <http://e/o> } WHERE {}", "application/rdf+xml",
     "xmlns:xmlns"),  # XML reserves the names starting with xml: such a document is not XML
    ("PREFIX xml: <http://e/> CONSTRUCT { <http://e/s> xml:p <http://e/o> } WHERE {}", "application/rdf+xml",
     'xmlns:xml="http://e/"'),
    ("PREFIX e: <http://e/> CONSTRUCT { e:s e:p ?o } WHERE { BIND(IRI('http://e/a.') AS ?o) }", "text/turtle",
     "@prefix"),  # e:a\. is Turtle, which rdflib does not read: no prefixes then
    ('PREFIX e: <http://e/> CONSTRUCT { e:s e:p "PREFIX z: <http://e/>" } WHERE {}', "text/turtle", "@prefix z:"),
])
def test_prefixes_an_answer_could_not_be_read_with_are_not_written(client: TestClient, query: str, accept: str,
                                                                  not_written: str) -> None:
    """Found in review: prefixes taken as the query declares them made RDF/XML that is not XML and Turtle rdflib
    does not read; each answer parses, with rdflib, to the same triples as its N-Triples."""
    r = client.post("/sparql", content=query, headers={**DIRECT, "Accept": accept})
    assert r.status_code == 200 and not_written not in r.text, r.text
    nt = client.post("/sparql", content=query, headers={**DIRECT, "Accept": "application/n-triples"})
    expected = set(Graph().parse(data=nt.text, format="nt"))
    assert set(Graph().parse(data=r.text, format="xml" if "xml" in accept else "turtle")) == expected
