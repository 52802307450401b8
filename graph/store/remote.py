"""RemoteStore: any SPARQL 1.1 Protocol + Graph Store Protocol service, with the EmbeddedStore's return types.

Bindings are sent as a VALUES row of terms validated and written by pyoxigraph (graph/store/remote_query.py), never
string-formatted user input; results are asked for in SPARQL XML / N-Triples (what both Oxigraph and Virtuoso serve
correctly) and parsed by pyoxigraph, so a malformed or truncated answer is an error, never partial data. The
transport (endpoint layout, retries, time limits, HTTP errors) is graph/store/remote_http.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from graph.errors import QueryError, StoreUnavailable
from graph.query_job import SparqlSyntaxError
from graph.sparql_guard import declares_dataset, query_form
from graph.store.base import Bindings, Rows
from graph.store.remote_http import Endpoints, RemoteHttpError, Transport, endpoints
from graph.store.remote_query import (
    FORMS,
    NTRIPLES,
    RESULTS_XML,
    with_values,
)
from graph.store.terms import from_ox, to_ox

__all__ = ["FORMS", "RemoteStore", "parse_answer", "query_form", "with_values"]

RESULT_TYPES = {RESULTS_XML: ox.QueryResultsFormat.XML, "application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "text/tab-separated-values": ox.QueryResultsFormat.TSV}
RDF_TYPES = {NTRIPLES: ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
             "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG}
# Graphs a Virtuoso instance keeps for itself (the last two under its [URIQA] DefaultHost); not vnqi data.
SYSTEM_GRAPHS = re.compile(r"^(http://www\.openlinksw\.com/schemas/virtrdf#|http://www\.w3\.org/ns/ldp#"
                           r"|https?://[^/]+/(sparql|DAV/))$")


class RemoteStore:
    """A SPARQL service addressed by URL; queries see the union of the named graphs as the default graph."""

    def __init__(self, url: str, read_only: bool = False, timeout_s: float = 30.0, retries: int = 3,
                 transport: Transport | None = None, write_timeout_s: float = 3600.0) -> None:
        self.url = url
        self.read_only = read_only
        self.endpoints: Endpoints = endpoints(url)
        self.timeout_s = timeout_s
        self.write_timeout_s = write_timeout_s  # updates and uploads: a bulk MOVE can take minutes
        self.transport = transport or Transport(timeout_s=timeout_s, retries=retries)

    # -------------------------------------------------------------- queries

    def send_query(self, query: str, accept: str, default_graphs: tuple[str, ...] = (),
                   named_graphs: tuple[str, ...] = (), timeout_s: float | None = None) -> tuple[str, bytes]:
        """POST a query (protocol dataset, union default graph, time limit); (media type, body)."""
        params: dict[str, str] = {}
        if self.endpoints.union_param and not (default_graphs or named_graphs or declares_dataset(query)):
            params["union-default-graph"] = ""
        form: dict[str, object] = {"query": query, "default-graph-uri": list(default_graphs),
                                   "named-graph-uri": list(named_graphs)}
        limit = timeout_s or self.timeout_s
        if self.endpoints.profile == "virtuoso":
            form["timeout"] = str(int(limit * 1000))  # Virtuoso stops the query itself (ms)
        try:
            response = self.transport.request("POST", self.endpoints.query, params=params, data=form,
                                              headers={"Accept": accept}, timeout_s=limit + 2)
        except RemoteHttpError as exc:
            if exc.status == 400:
                raise SparqlSyntaxError(str(exc)) from exc
            raise QueryError(f"the store could not evaluate the query: {exc}") from exc
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return media, response.content

    def _results(self, query: str, bindings: Bindings | None, form: str) -> object:
        """Run a query of a known form and parse the answer with pyoxigraph."""
        found = query_form(query)
        if found is not None and FORMS[found] != FORMS[form] and not (form == "CONSTRUCT" and found == "DESCRIBE"):
            raise QueryError(f"expected a {form} query")
        media, body = self.send_query(with_values(query, bindings), FORMS[form])
        return parse_answer(media, body)

    def select(self, query: str, bindings: Bindings | None = None) -> Rows:
        """Run a SELECT query; rows of rdflib terms."""
        result = self._results(query, bindings, "SELECT")
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = tuple(v.value for v in result.variables)
        try:
            rows = tuple(tuple(None if t is None else from_ox(t) for t in sol) for sol in result)
        except SyntaxError as exc:
            raise StoreUnavailable(f"the store sent a malformed or truncated answer: {exc}") from exc
        return Rows(names, rows)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        result = self._results(query, bindings, "ASK")
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT/DESCRIBE query into an rdflib Graph."""
        result = self._results(query, bindings, "CONSTRUCT")
        if not isinstance(result, list):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for q in result:
            graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return graph

    # -------------------------------------------------------------- graphs and updates

    def graph_sizes(self) -> dict[URIRef, int]:
        """Triples per named graph, the service's own system graphs left out."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {g: int(n) for g, n in rows.rows if isinstance(g, URIRef) and not SYSTEM_GRAPHS.match(str(g))}

    def graphs(self) -> list[URIRef]:
        """The named graphs holding triples, sorted."""
        return sorted(self.graph_sizes())

    def __len__(self) -> int:
        """Number of quads in the named graphs (system graphs left out)."""
        return sum(self.graph_sizes().values())

    def update(self, text: str) -> None:
        """Run a SPARQL Update (one request: the service applies it as one operation sequence)."""
        self._writable()
        try:
            self.transport.request("POST", self.endpoints.update, data={"update": text},
                                   timeout_s=self.write_timeout_s)
        except RemoteHttpError as exc:
            raise QueryError(f"the store refused the update: {exc}") from exc

    def put_graph(self, iri: URIRef, graph: Graph) -> None:
        """Replace one named graph (Graph Store Protocol PUT)."""
        triples = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
        self.send_graph("PUT", iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")

    def send_graph(self, method: str, iri: URIRef | str, ntriples: bytes) -> None:
        """PUT (replace) or POST (add) N-Triples to one named graph."""
        self._writable()
        try:
            self.transport.request(method, self.endpoints.gsp, params={"graph": str(iri)}, content=ntriples,
                                   headers={"Content-Type": NTRIPLES}, timeout_s=self.write_timeout_s)
        except RemoteHttpError as exc:
            raise QueryError(f"the store refused the graph {iri}: {exc}") from exc

    def graph_triples(self, iri: URIRef | str) -> Iterator[ox.Triple]:
        """The triples of one named graph, streamed (Graph Store Protocol GET, parsed as they arrive)."""
        response = self.transport.stream("GET", self.endpoints.gsp, params={"graph": str(iri)},
                                         headers={"Accept": NTRIPLES})
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            reader = _Reader(response.iter_bytes())
            for quad in ox.parse(reader, format=RDF_TYPES.get(media, ox.RdfFormat.N_TRIPLES)):
                yield ox.Triple(quad.subject, quad.predicate, quad.object)
        except SyntaxError as exc:
            raise StoreUnavailable(f"the store sent a malformed or truncated graph {iri}: {exc}") from exc
        finally:
            response.close()

    def replace(self, dataset: Dataset) -> None:
        """Replace the whole content by `dataset`: staged in new graphs, then switched in one update."""
        from graph.store.remote_load import replace_all

        replace_all(self, dataset)

    def close(self) -> None:
        """Close the HTTP connections."""
        self.transport.close()

    def _writable(self) -> None:
        if self.read_only:
            raise StoreUnavailable("the store is read-only")


class _Reader:
    """A file-like reader over an iterator of byte chunks (for pyoxigraph's streaming parser)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._rest = b""

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (all when negative)."""
        while size < 0 or len(self._rest) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._rest += chunk
        if size < 0:
            out, self._rest = self._rest, b""
        else:
            out, self._rest = self._rest[:size], self._rest[size:]
        return out


def parse_answer(media: str, body: bytes) -> object:
    """QueryBoolean / QuerySolutions for results, a list of quads for a graph; a bad body is an error."""
    try:
        if media in RESULT_TYPES:
            body = body.replace(b"<bnode>nodeID://", b"<bnode>")  # Virtuoso's blank node labels are not NCNames
            return ox.parse_query_results(body, format=RESULT_TYPES[media])
        if media in RDF_TYPES:
            return list(ox.parse(body, format=RDF_TYPES[media]))
    except SyntaxError as exc:
        raise StoreUnavailable(f"the store sent a malformed or truncated answer: {exc}") from exc
    raise StoreUnavailable(f"the store answered with an unexpected media type {media or '(none)'!r}")
