"""RemoteExecutor: the QueryPool interface over a RemoteStore; the remote service runs (and stops) the query.

The answer is parsed by pyoxigraph and re-serialised in the negotiated format with the row cap, exactly like a
local worker does, so the endpoint's headers and formats do not depend on the backend, and a truncated or
malformed answer (the Oxigraph server's way of ending a timed-out query) is an error, never partial data.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import NotRepresentable, StoreUnavailable
from graph.query_job import NotAcceptable, QueryOutcome, QueryRequest
from graph.sparql_worker import RESULT_FORMATS, Unwritable, _solutions, _triples
from graph.store.remote import FORMS, RemoteStore, parse_answer, query_form
from graph.xml_check import refusal


class RemoteExecutor:
    """Sends each query to the remote service with our time limit (the client also stops waiting after it)."""

    def __init__(self, store: RemoteStore, timeout_s: float = 30.0) -> None:
        self.store = store
        self.timeout_s = timeout_s

    def run(self, request: QueryRequest) -> QueryOutcome:
        """Evaluate remotely; serialise like a worker process would."""
        form = query_form(request.query) or "SELECT"
        wanted = request.graph_format if FORMS[form] == FORMS["CONSTRUCT"] else request.result_format
        if wanted is None:
            raise NotAcceptable("graph" if FORMS[form] == FORMS["CONSTRUCT"] else "results")
        query = f"BASE <{request.base_iri}>\n{request.query}" if request.base_iri else request.query
        media, body = self.store.send_query(query, FORMS[form], request.default_graphs, request.named_graphs,
                                            timeout_s=self.timeout_s)
        result = parse_answer(media, body)
        try:
            return _well_formed(_serialise(result, request, wanted))
        except Unwritable as exc:  # an RDF 1.2 triple term for RDF/XML or JSON-LD
            raise NotRepresentable(str(exc)) from exc
        except SyntaxError as exc:
            raise StoreUnavailable(f"the store sent a malformed or truncated answer: {exc}") from exc

    def switch(self, store_path: object) -> None:
        """A remote store is updated on its own service, not by switching versions."""
        raise StoreUnavailable("updates through vnqi need the embedded store; update the remote service directly")

    def close(self) -> None:
        """Release the store's connections (the store reconnects if used again)."""
        self.store.close()


def _well_formed(outcome: QueryOutcome) -> QueryOutcome:
    """The outcome, or NotRepresentable when it is XML that XML cannot carry (graph/xml_check.py)."""
    refused = refusal(outcome.body, outcome.format)
    if refused is not None:
        raise NotRepresentable(refused)
    return outcome


def _serialise(result: object, request: QueryRequest, fmt: str) -> QueryOutcome:
    """The parsed answer in the requested format, capped at max_rows."""
    if isinstance(result, ox.QueryBoolean):
        if request.result_format is None:
            raise NotAcceptable("results")
        return QueryOutcome("ask", fmt, False, 1, result.serialize(format=RESULT_FORMATS[fmt]))
    if isinstance(result, ox.QuerySolutions):
        if request.result_format is None:
            raise NotAcceptable("results")
        return QueryOutcome("select", fmt, *_solutions(result, fmt, request.max_rows, request.query))
    if request.graph_format is None:
        raise NotAcceptable("graph")
    return QueryOutcome("graph", fmt, *_triples(iter(result), fmt, request.max_rows,  # type: ignore[call-overload]
                                                  request.query))
