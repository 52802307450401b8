"""Content negotiation of /sparql: tables of Accept header → chosen media type (or 406), for the results forms
(SELECT, ASK), the graph forms (CONSTRUCT, DESCRIBE) and the service description; browsers get the editor page;
the `format` parameter wins over Accept; an unknown format is a 400. Every body chosen is parsed to prove it is
really in the announced format.
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
from rdflib.namespace import DCTERMS, RDF

from api.negotiation import (
    HTML,
    RDF_FORMATS,
    RESULT_FORMATS,
    by_name,
    negotiate,
    parse_accept,
)

LAW = "https://w3id.org/vnqi/id/doc/68-2006-qh11"
SELECT = f"SELECT ?n WHERE {{ <{LAW}> <{DCTERMS.identifier}> ?n }}"
ASK = f"ASK {{ <{LAW}> <{DCTERMS.identifier}> \"68/2006/QH11\" }}"
CONSTRUCT = f"CONSTRUCT {{ <{LAW}> <{DCTERMS.identifier}> ?n }} WHERE {{ <{LAW}> <{DCTERMS.identifier}> ?n }}"
TRIPLE = (URIRef(LAW), DCTERMS.identifier, Literal("68/2006/QH11"))
SD = "http://www.w3.org/ns/sparql-service-description#"

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NT = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
TRIG = "application/trig"
NQUADS = "application/n-quads"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"  # Firefox
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
          "application/signed-exchange;v=b3;q=0.7")
RDFLIB = {TURTLE: "turtle", NT: "nt", JSONLD: "json-ld", RDFXML: "xml", TRIG: "trig", NQUADS: "nquads"}
SRX = "{http://www.w3.org/2005/sparql-results#}"


def url(**params: str) -> str:
    return "/sparql?" + urlencode(params, quote_via=quote)


def solutions(response) -> list[dict[str, str]]:
    """The solutions of a SELECT response in whatever results format it announces."""
    kind = response.headers["content-type"].split(";")[0]
    if kind == JSON:
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(response.content)["results"]["bindings"]]
    if kind == XML:
        root = ET.fromstring(response.content)
        return [{b.get("name"): b[0].text for b in r.findall(SRX + "binding")}
                for r in root.find(SRX + "results").findall(SRX + "result")]
    if kind == CSV:
        return list(csv.DictReader(io.StringIO(response.text)))
    assert kind == TSV, kind
    header, *rows = response.text.rstrip("\n").split("\n")
    names = [n.removeprefix("?") for n in header.split("\t")]
    return [{n: json.loads(v) for n, v in zip(names, row.split("\t"))} for row in rows]


def answer(response) -> bool:
    """The boolean of an ASK response in JSON or XML."""
    kind = response.headers["content-type"].split(";")[0]
    if kind == JSON:
        return json.loads(response.content)["boolean"]
    assert kind == XML, kind
    return ET.fromstring(response.content).find(SRX + "boolean").text == "true"


def triples(response) -> set[tuple]:
    """The triples of an RDF response (quads' graph dropped) parsed by rdflib in the announced format."""
    kind = response.headers["content-type"].split(";")[0]
    if kind in (TRIG, NQUADS):
        ds = Dataset()
        ds.parse(data=response.content, format=RDFLIB[kind])
        return {q[:3] for q in ds.quads((None, None, None, None))}
    return set(Graph().parse(data=response.content, format=RDFLIB[kind]))


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


# ------------------------------------------------------------------------------------------------ results forms

SELECT_TABLE = [
    (None, JSON),
    ("", JSON),
    ("*/*", JSON),
    (JSON, JSON),
    ("application/json", JSON),
    (XML, XML),
    ("application/xml", XML),
    ("text/xml", XML),
    (CSV, CSV),
    (TSV, TSV),
    ("TEXT/CSV", CSV),  # media types are case-insensitive
    (f"{JSON}; charset=utf-8", JSON),  # parameters other than q are ignored
    ("application/*", JSON),  # wildcard: our order breaks the tie
    ("text/*", CSV),
    (f"{CSV};q=0.5, {XML}", XML),  # q-values
    (f"{CSV}, {XML};q=0.9", CSV),
    (f"{CSV}, {JSON}", CSV),  # equal q and specificity: the client's order
    (f"{TSV}, {CSV}", TSV),
    (f"{JSON};q=0, */*", XML),  # q=0 excludes a type that */* would allow
    (f"{TSV};q=0.8, text/*;q=0.9", CSV),  # the most specific range gives a type its q
    (f"*/*;q=0.1, {TSV}", TSV),
    (f"{CSV};q=abc, {XML};q=0.1", XML),  # an unreadable q is 0
    (f"{CSV};q=2", CSV),  # q is clamped to 1
    (BROWSER, XML),  # a browser POSTing: application/xml;q=0.9 beats */*;q=0.8
    (CHROME, XML),
    (TURTLE, 406),
    ("application/pdf", 406),
    ("image/*", 406),
    ("text/html", 406),  # POST: HTML is not a results format
    ("*/*;q=0", 406),
    ("garbage", 406),  # no valid media range at all: nothing acceptable
]


@pytest.mark.parametrize(("accept", "expected"), SELECT_TABLE)
def test_select_accept_table(client: TestClient, accept: str | None, expected: str | int) -> None:
    headers = {"Content-Type": "application/sparql-query", **({"Accept": accept} if accept is not None else {})}
    r = client.post("/sparql", content=SELECT, headers=headers)
    if expected == 406:
        assert problem(r, 406)["offered"] == [o.media_type for o in RESULT_FORMATS]
        return
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == f"{expected}; charset=utf-8"
    assert r.headers["vary"] == "Accept"
    assert solutions(r) == [{"n": "68/2006/QH11"}]


@pytest.mark.parametrize(("accept", "expected"), [
    (None, JSON), ("*/*", JSON), (JSON, JSON), (XML, XML), ("application/xml", XML), (BROWSER, XML),
    (TURTLE, 406), (f"{JSON};q=0, {XML};q=0", 406)])
def test_ask_accept_table(client: TestClient, accept: str | None, expected: str | int) -> None:
    headers = {"Content-Type": "application/sparql-query", **({"Accept": accept} if accept is not None else {})}
    r = client.post("/sparql", content=ASK, headers=headers)
    if expected == 406:
        assert problem(r, 406)["offered"] == [o.media_type for o in RESULT_FORMATS]
        return
    assert r.headers["content-type"] == f"{expected}; charset=utf-8"
    assert answer(r) is True


# ------------------------------------------------------------------------------------------------ graph forms

GRAPH_TABLE = [
    (None, TURTLE),
    ("*/*", TURTLE),
    (TURTLE, TURTLE),
    ("application/x-turtle", TURTLE),
    (NT, NT),
    ("text/plain", NT),
    (JSONLD, JSONLD),
    ("application/json", JSONLD),
    (RDFXML, RDFXML),
    ("application/xml", RDFXML),
    ("text/xml", RDFXML),
    (TRIG, TRIG),
    (NQUADS, NQUADS),
    ("text/n3", TURTLE),  # older names clients still send (Jena's, Fuseki's): Turtle is N3 too
    ("application/x-trig", TRIG),
    ("text/x-nquads", NQUADS),
    ("text/*", TURTLE),
    ("application/*", NT),  # our order among the application/ types
    (f"{TURTLE};q=0.2, {RDFXML};q=0.8", RDFXML),
    (f"{TURTLE};q=0, */*", NT),
    (f"{JSON}, {JSONLD};q=0.5", JSONLD),  # a results type in the header does not count for a graph
    (BROWSER, RDFXML),
    (JSON, 406),
    (CSV, 406),
    ("text/html", 406),
    ("image/png", 406),
]


@pytest.mark.parametrize(("accept", "expected"), GRAPH_TABLE)
@pytest.mark.parametrize("query", [CONSTRUCT, f"DESCRIBE <{LAW}>"], ids=["construct", "describe"])
def test_graph_accept_table(client: TestClient, query: str, accept: str | None, expected: str | int) -> None:
    headers = {"Content-Type": "application/sparql-query", **({"Accept": accept} if accept is not None else {})}
    r = client.post("/sparql", content=query, headers=headers)
    if expected == 406:
        assert problem(r, 406)["offered"] == [o.media_type for o in RDF_FORMATS]
        return
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == f"{expected}; charset=utf-8"
    got = triples(r)
    assert TRIPLE in got
    if query == CONSTRUCT:
        assert got == {TRIPLE}
    else:
        assert (URIRef(LAW), RDF.type, URIRef("https://w3id.org/vnqi/def#Law")) in got


# ------------------------------------------------------------------------------------------------ format=

@pytest.mark.parametrize(("query", "fmt", "accept", "expected"), [
    (SELECT, "json", CSV, JSON),
    (SELECT, "xml", JSON, XML),
    (SELECT, "csv", JSON, CSV),
    (SELECT, "tsv", None, TSV),
    (SELECT, "text/csv", XML, CSV),  # a media type is a format name too
    (SELECT, XML, CSV, XML),
    (SELECT, "JSON", None, JSON),
    (SELECT, "json", TURTLE, JSON),  # Accept would have made it a 406
    (SELECT, "turtle", JSON, 406),  # a graph format for a results form
    (CONSTRUCT, "ntriples", TURTLE, NT),
    (CONSTRUCT, "jsonld", None, JSONLD),
    (CONSTRUCT, "rdfxml", JSON, RDFXML),
    (CONSTRUCT, "trig", None, TRIG),
    (CONSTRUCT, "nquads", None, NQUADS),
    (CONSTRUCT, "text/turtle", NT, TURTLE),
    # The names clients give in `format` (SPARQLWrapper: xml and json for a CONSTRUCT too, rdf+xml, json-ld, n3).
    (CONSTRUCT, "xml", None, RDFXML),
    (CONSTRUCT, "rdf+xml", None, RDFXML),
    (CONSTRUCT, "rdf", TURTLE, RDFXML),
    (CONSTRUCT, "json", None, JSONLD),
    (CONSTRUCT, "json-ld", None, JSONLD),
    (CONSTRUCT, "n3", None, TURTLE),
    (CONSTRUCT, "ttl", None, TURTLE),
    (CONSTRUCT, "nt", None, NT),
    (CONSTRUCT, "application/ld+json,application/x-json+ld", None, JSONLD),  # a list: the first known wins
    (SELECT, "json-ld", None, 406),
    (CONSTRUCT, "csv", TURTLE, 406),  # a results format for a graph form
    (SELECT, "srj", XML, JSON),  # the results formats' file extensions, as Jena names them
    (SELECT, "srx", JSON, XML),
])
def test_format_parameter_wins_over_accept(client: TestClient, query: str, fmt: str, accept: str | None,
                                           expected: str | int) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    r = client.get(url(query=query, format=fmt), headers=headers)
    if expected == 406:
        problem(r, 406)
        return
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == f"{expected}; charset=utf-8"
    if query == SELECT:
        assert solutions(r) == [{"n": "68/2006/QH11"}]
    else:
        assert triples(r) == {TRIPLE}


@pytest.mark.parametrize(("query", "output", "expected"), [(SELECT, "xml", XML), (SELECT, "csv", CSV),
                                                          (CONSTRUCT, "json", JSONLD), (CONSTRUCT, "ntriples", NT)])
def test_output_parameter_is_format_as_fuseki_names_it(client: TestClient, query: str, output: str,
                                                       expected: str) -> None:
    r = client.get(url(query=query, output=output), headers={"Accept": TURTLE if query == SELECT else JSON})
    assert r.status_code == 200 and r.headers["content-type"] == f"{expected}; charset=utf-8"


def test_format_parameter_in_a_form_post(client: TestClient) -> None:
    r = client.post("/sparql", content=urlencode({"query": SELECT, "format": "csv"}),
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON})
    assert r.headers["content-type"] == f"{CSV}; charset=utf-8" and solutions(r) == [{"n": "68/2006/QH11"}]
    r = client.post(url(format="tsv"), content=SELECT, headers={"Content-Type": "application/sparql-query"})
    assert r.headers["content-type"] == f"{TSV}; charset=utf-8" and solutions(r) == [{"n": "68/2006/QH11"}]


@pytest.mark.parametrize("fmt", ["bogus", "", "application/pdf", "sparql"])
def test_unknown_format_is_400(client: TestClient, fmt: str) -> None:
    body = problem(client.get(url(query=SELECT, format=fmt)), 400)
    assert "unknown format" in body["detail"]
    assert {"json", "xml", "csv", "tsv", "turtle", "jsonld"} <= set(body["offered"])
    # The same for the service description (no query).
    assert "unknown format" in problem(client.get(url(format=fmt)), 400)["detail"]


@pytest.mark.parametrize(("query", "formats", "expected"), [
    (SELECT, ["csv", "json"], CSV),  # repeated values are alternatives, in order
    (SELECT, ["bogus", "tsv"], TSV),  # the first one known wins
    (CONSTRUCT, ["rdf+xml", "application/rdf+xml"], RDFXML),  # what SPARQLWrapper sends for RDFXML
    (CONSTRUCT, ["json-ld", "application/ld+json,application/x-json+ld"], JSONLD),  # … and for JSONLD
    (CONSTRUCT, ["csv", "turtle"], TURTLE),  # the first one known for this query form
    (CONSTRUCT, ["csv", "tsv"], 406),  # known, but no graph format among them
    (SELECT, ["bogus", "nope"], 400),
])
def test_repeated_format_values_are_alternatives(client: TestClient, query: str, formats: list[str],
                                                 expected: str | int) -> None:
    r = client.get("/sparql?" + urlencode({"query": query, "format": formats}, doseq=True, quote_via=quote))
    if isinstance(expected, int):
        problem(r, expected)
        return
    assert r.headers["content-type"] == f"{expected}; charset=utf-8"
    if query == SELECT:
        assert solutions(r) == [{"n": "68/2006/QH11"}]
    else:
        assert triples(r) == {TRIPLE}


# ------------------------------------------------------------------------------------------------ browsers

@pytest.mark.parametrize("accept", [BROWSER, CHROME, "text/html", "application/xhtml+xml",
                                    "text/html;q=0.9, */*;q=0.1"])
def test_browser_get_with_a_query_gets_the_editor(client: TestClient, accept: str) -> None:
    r = client.get(url(query=SELECT), headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<html" in r.text and "68-2006-qh11" in r.text  # the editor, holding the query


@pytest.mark.parametrize("accept", [BROWSER, "text/html"])
def test_browser_get_without_a_query_gets_the_editor(client: TestClient, accept: str) -> None:
    r = client.get("/sparql", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html") and "<html" in r.text


@pytest.mark.parametrize(("accept", "fmt"), [
    ("*/*", None), (None, None), ("text/html;q=0.5, application/sparql-results+json", None), (BROWSER, "json"),
    ("text/html", "csv")])
def test_data_clients_and_format_do_not_get_the_editor(client: TestClient, accept: str | None, fmt: str | None) -> None:
    """*/* means data (HTML is our last choice), and an explicit format wins over a browser's Accept."""
    params = {"query": SELECT, **({"format": fmt} if fmt else {})}
    r = client.get(url(**params), headers={"Accept": accept} if accept is not None else {})
    assert r.status_code == 200
    assert not r.headers["content-type"].startswith("text/html")
    assert solutions(r) == [{"n": "68/2006/QH11"}]


def test_browser_post_gets_data_not_the_editor(client: TestClient) -> None:
    r = client.post("/sparql", content=urlencode({"query": SELECT}),
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": BROWSER})
    assert r.headers["content-type"] == f"{XML}; charset=utf-8" and solutions(r) == [{"n": "68/2006/QH11"}]


# ------------------------------------------------------------------------------------------------ service description

@pytest.mark.parametrize(("accept", "fmt", "expected"), [
    (None, None, TURTLE), ("*/*", None, TURTLE), (TURTLE, None, TURTLE), (NT, None, NT), (JSONLD, None, JSONLD),
    (RDFXML, None, RDFXML), (TRIG, None, TRIG), ("application/json", None, JSONLD),
    (NQUADS, None, NQUADS),
    (TURTLE, "ntriples", NT), ("text/html", "turtle", TURTLE), (JSON, None, 406), ("text/csv", None, 406),
    (None, "json", JSONLD), (None, "csv", 406)])
def test_service_description_table(client: TestClient, accept: str | None, fmt: str | None,
                                   expected: str | int) -> None:
    r = client.get(url(format=fmt) if fmt else "/sparql", headers={"Accept": accept} if accept is not None else {})
    if expected == 406:
        assert problem(r, 406)["offered"] == [o.media_type for o in RDF_FORMATS]
        return
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected
    got = Graph()
    for t in triples(r):
        got.add(t)
    service = URIRef("http://testserver/sparql#service")
    assert (service, RDF.type, URIRef(SD + "Service")) in got
    assert (service, URIRef(SD + "endpoint"), URIRef("http://testserver/sparql")) in got
    names = set(got.objects(None, URIRef(SD + "name")))
    assert URIRef("https://w3id.org/vnqi/graph/data/facts/facts") in names
    named = set(got.objects(None, URIRef(SD + "namedGraph")))
    assert named and named == set(got.subjects(RDF.type, URIRef(SD + "NamedGraph")))  # each typed, as sd: says


# ------------------------------------------------------------------------------------------------ the function itself

def test_parse_accept() -> None:
    assert parse_accept(None) == [("*/*", 1.0, 0)]
    assert parse_accept("  ") == [("*/*", 1.0, 0)]
    assert parse_accept("Text/CSV;Q=0.5, bogus, application/json ; q=0") == [
        ("text/csv", 0.5, 0), ("application/json", 0.0, 2)]


@pytest.mark.parametrize(("accept", "offers", "expected"), [
    (None, RESULT_FORMATS, "json"), (None, RDF_FORMATS, "turtle"), ("text/html", RESULT_FORMATS, None),
    ("*/*", (*RESULT_FORMATS, HTML), "json"), ("text/html", (*RESULT_FORMATS, HTML), "html"),
    (BROWSER, (*RESULT_FORMATS, *RDF_FORMATS, HTML), "html"), ("application/json", RDF_FORMATS, "jsonld"),
])
def test_negotiate(accept: str | None, offers: tuple, expected: str | None) -> None:
    chosen = negotiate(accept, offers)
    assert (chosen.key if chosen else None) == expected


def test_by_name() -> None:
    assert by_name("JSON", RESULT_FORMATS).key == "json"
    assert by_name(" text/csv ", RESULT_FORMATS).key == "csv"
    assert by_name("turtle", RESULT_FORMATS) is None
    assert by_name("application/n-triples", RDF_FORMATS).key == "ntriples"
    assert by_name("xml", RESULT_FORMATS).key == "xml" and by_name("xml", RDF_FORMATS).key == "rdfxml"
    assert by_name("json", RESULT_FORMATS).key == "json" and by_name("json", RDF_FORMATS).key == "jsonld"
    assert by_name("bogus, text/tab-separated-values", RESULT_FORMATS).key == "tsv"
    assert by_name("", RESULT_FORMATS) is None and by_name(",", RDF_FORMATS) is None


@pytest.mark.parametrize("path", ["/impact?amendment=70/2025/QH15", "/search?q=luat", "/classes",
                                  "/timeline?document=05/2007/QH12", "/sparql?query=ASK%7B%7D"])
def test_an_unknown_format_parameter_is_400_and_no_acceptable_type_406_everywhere(client: TestClient,
                                                                                   path: str) -> None:
    """/sparql answered an unknown format= with 400 and /impact, /search, lists and the timeline with 406."""
    bad = client.get(path + "&format=xlsx" if "?" in path else path + "?format=xlsx")
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
    assert "unknown format 'xlsx'" in bad.json()["detail"] and bad.json()["offered"]
    refused = client.get(path, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.json()["offered"]


@pytest.mark.parametrize(("query", "accept", "offered"), [
    (SELECT, "image/png", RESULT_FORMATS), ("ASK {}", TURTLE, RESULT_FORMATS),
    (CONSTRUCT, CSV, RDF_FORMATS), (f"DESCRIBE <{LAW}>", "image/png", RDF_FORMATS),
])
def test_a_form_no_accepted_format_fits_is_406_before_it_runs(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                               query: str, accept: str, offered: tuple) -> None:
    """The query's form is read from its first form keyword: when no format the client accepts fits it, the 406
    comes before the query runs (it ran to the end first, then was refused)."""
    from graph.inprocess import InProcessExecutor

    def must_not_run(self: object, request: object) -> None:
        raise AssertionError("the query ran")

    monkeypatch.setattr(InProcessExecutor, "run", must_not_run)
    r = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert problem(r, 406)["offered"] == [o.media_type for o in offered]
