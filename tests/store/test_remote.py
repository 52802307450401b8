"""RemoteStore transport: endpoint layouts, retries on connection errors only, time limits, broken answers, and a
service that goes away."""

from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from rdflib import URIRef

from graph.errors import QueryError, StoreUnavailable
from graph.query_job import QueryRequest, QueryTimeout, SparqlSyntaxError
from graph.store import open_store
from graph.store.remote import RemoteStore, with_values
from graph.store.remote_executor import RemoteExecutor
from graph.store.remote_http import Transport, endpoints
from tests.store.servers import free_port, start_or_skip, start_oxigraph

XML_ROW = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/>'
           b'</head><results><result><binding name="s"><uri>http://example.org/a</uri></binding></result>'
           b'</results></sparql>')


def handler(status: int, body: bytes, media: str, hits: list[str], delay: float = 0.0,
            headers: dict[str, str] | None = None) -> type[BaseHTTPRequestHandler]:
    """A peer answering every POST with `status`, `body` and `media` (after `delay`), counting requests in `hits`."""

    class Peer(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            hits.append(self.path)
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting (the time-limit test)

        def log_message(self, *args: object) -> None:
            """Quiet."""

    return Peer


def test_endpoint_layouts() -> None:
    ox = endpoints("http://127.0.0.1:7878")
    assert (ox.query, ox.update, ox.gsp, ox.union_param, ox.profile) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store", True, "oxigraph")
    virtuoso = endpoints("http://h:8890/sparql")
    assert (virtuoso.query, virtuoso.update, virtuoso.gsp, virtuoso.union_param) == (
        "http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud", False)
    fuseki = endpoints("http://h:3030/ds#query=query&update=/ds/update&gsp=data&union=native")
    assert (fuseki.query, fuseki.update, fuseki.gsp, fuseki.union_param) == (
        "http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data", False)
    with pytest.raises(StoreUnavailable, match="unknown store URL options: nope"):
        endpoints("http://h:1/ds#nope=1")
    assert isinstance(open_store("https://example.org/sparql", read_only=True), RemoteStore)


def test_bindings_are_validated_values_never_formatted_text() -> None:
    query = with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": URIRef("http://example.org/a")})
    assert query == "SELECT ?s WHERE { VALUES (?o) { (<http://example.org/a>) }  ?s ?p ?o }"
    with pytest.raises(QueryError, match="not a valid IRI"):
        with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": URIRef("http://x> } ; DROP ALL ; #")})


def test_service_down_is_store_unavailable_after_retries() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}", transport=Transport(retries=2, backoff_s=0.05))
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="not reachable"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert time.monotonic() - started >= 0.05 + 0.1  # two retries with exponential backoff


@pytest.mark.parametrize(("status", "error"), [(400, SparqlSyntaxError), (404, QueryError), (500, QueryError),
                                               (503, StoreUnavailable)])
def test_http_errors_are_not_retried(local_http: Callable, status: int, error: type) -> None:  # type: ignore[type-arg]
    hits: list[str] = []
    with local_http(handler(status, b"error at 1:1: expected SELECT", "text/plain", hits)) as base:
        store = RemoteStore(base, transport=Transport(retries=3, backoff_s=0.01))
        with pytest.raises(error):
            store.select("SELECT * WHERE { ?s ?p ?o }")
    assert len(hits) == 1 and hits[0] == "/query?union-default-graph="


def test_truncated_or_partial_answers_are_errors(local_http: Callable) -> None:  # type: ignore[type-arg]
    hits: list[str] = []
    media = "application/sparql-results+xml"
    with local_http(handler(200, XML_ROW, media, hits)) as base:
        rows = RemoteStore(base).select("SELECT ?s WHERE { ?s ?p ?o }")
        assert rows.dicts() == [{"s": URIRef("http://example.org/a")}]
    with local_http(handler(200, XML_ROW[:150], media, hits)) as base, \
            pytest.raises(StoreUnavailable, match="malformed or truncated"):
        RemoteStore(base).select("SELECT ?s WHERE { ?s ?p ?o }")
    with local_http(handler(200, XML_ROW, media, hits, headers={"X-SQL-State": "S1TAT"})) as base, \
            pytest.raises(QueryTimeout):
        RemoteStore(base + "/sparql").select("SELECT ?s WHERE { ?s ?p ?o }")


def test_time_limit(local_http: Callable) -> None:  # type: ignore[type-arg]
    hits: list[str] = []
    with local_http(handler(200, XML_ROW, "application/sparql-results+xml", hits, delay=3.0)) as base:
        executor = RemoteExecutor(RemoteStore(base, timeout_s=0.3), timeout_s=0.3)
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            executor.run(QueryRequest("SELECT ?s WHERE { ?s ?p ?o }"))
        assert time.monotonic() - started < 2.9
    assert len(hits) == 1


def test_executor_caps_rows_and_serialises(local_http: Callable) -> None:  # type: ignore[type-arg]
    hits: list[str] = []
    with local_http(handler(200, XML_ROW, "application/sparql-results+xml", hits)) as base:
        outcome = RemoteExecutor(RemoteStore(base)).run(QueryRequest("SELECT ?s WHERE { ?s ?p ?o }",
                                                                     result_format="csv", max_rows=0))
    assert (outcome.kind, outcome.format, outcome.truncated, outcome.rows, outcome.body) == \
        ("select", "csv", True, 0, b"s\r\n")


def test_executor_never_sends_xml_that_xml_cannot_carry(local_http: Callable) -> None:  # type: ignore[type-arg]
    """The remote service answers a literal with U+0001 (JSON can carry it): asked for XML, the executor refuses
    (NotRepresentable, a 406) instead of writing a document no XML parser reads; JSON is answered."""
    from graph.errors import NotRepresentable

    body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"a\\u0001b"}}]}}'
    hits: list[str] = []
    with local_http(handler(200, body, "application/sparql-results+json", hits)) as base:
        executor = RemoteExecutor(RemoteStore(base))
        with pytest.raises(NotRepresentable, match="U\\+0001"):
            executor.run(QueryRequest("SELECT ?x WHERE { ?x ?p ?o }", result_format="xml"))
        outcome = executor.run(QueryRequest("SELECT ?x WHERE { ?x ?p ?o }", result_format="json"))
    assert b"a\\u0001b" in outcome.body


@pytest.mark.parametrize("fmt", ["rdfxml", "jsonld"])
def test_executor_refuses_triple_terms_in_rdf_xml_and_json_ld(local_http: Callable, fmt: str) -> None:  # type: ignore[type-arg]
    """A CONSTRUCT answered with an RDF 1.2 triple term, asked for RDF/XML or JSON-LD (which cannot carry it):
    NotRepresentable (a 406), as on the embedded store, not a 500; N-Triples carries it."""
    from graph.errors import NotRepresentable

    body = b"<urn:x> <urn:p> <<( <urn:a> <urn:b> <urn:c> )>> .\n"
    hits: list[str] = []
    with local_http(handler(200, body, "application/n-triples", hits)) as base:
        executor = RemoteExecutor(RemoteStore(base))
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        with pytest.raises(NotRepresentable, match="triple terms"):
            executor.run(QueryRequest(construct, result_format=None, graph_format=fmt))
        outcome = executor.run(QueryRequest(construct, result_format=None, graph_format="ntriples"))
    assert outcome.body == body


def test_a_server_that_stops(tmp_path: Path) -> None:
    server = start_or_skip(start_oxigraph, tmp_path)
    store = RemoteStore(server.url, transport=Transport(retries=1, backoff_s=0.01))
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "Chất lượng"@vi } }')
    assert store.ask("ASK { <urn:a> <urn:b> ?o }") is True
    server.stop()
    with pytest.raises(StoreUnavailable, match="not reachable"):
        store.ask("ASK { <urn:a> <urn:b> ?o }")
    read_only = RemoteStore(server.url, read_only=True)
    with pytest.raises(StoreUnavailable, match="read-only"):
        read_only.update("CLEAR ALL")
