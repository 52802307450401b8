"""/sparql: SPARQL 1.1 Protocol query endpoint, service description and (for browsers) the query editor
(api/sparql_editor.py)."""

from __future__ import annotations

import logging
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import Send

from api.deps import get_executor
from api.errors import HttpProblem
from api.negotiation import (
    HTML,
    RDF_FORMATS,
    RESULT_FORMATS,
    Offer,
    accept_of,
    by_name,
    negotiate,
)
from api.plain_route import PlainRoute
from api.protocol import ProtocolRequest, read_protocol
from api.service_description import service_description
from api.sparql_editor import editor_page
from graph.errors import GraphError
from graph.query_job import (
    NotAcceptable,
    QueryOutcome,
    QueryRequest,
    SparqlSyntaxError,
    undeclared_prefix,
)
from graph.sparql_guard import (
    REMEMBERED_CHARS,
    check_services,
    looks_like_update,
    query_form,
    remembered,
)

router = APIRouter(route_class=PlainRoute)  # the endpoint reads the protocol itself (api/protocol.py)
LOG = logging.getLogger("vnqi.sparql")
TEXT_TYPES = ("text/", "application/sparql-results+", "application/ld+json", "application/n-", "application/trig",
              "application/rdf+xml")

_form = remembered(query_form)


@router.get("/sparql", summary="SPARQL 1.1 query endpoint", response_class=Response, operation_id="sparql_get")
@router.post("/sparql", summary="SPARQL 1.1 query endpoint", response_class=Response, operation_id="sparql_post")
async def sparql(request: Request) -> Response:
    """Answer a query (GET or POST), or describe the service / show the editor when there is none."""
    settings = request.app.state.settings
    proto = await read_protocol(request, settings.max_body_bytes)
    if proto.update is not None:
        from api.routes.update import apply_update
        return await apply_update(request, proto)
    accept = accept_of(request)
    if proto.query is None:
        if request.method == "POST":
            raise HttpProblem(400, "no query: send one in the 'query' parameter or as application/sparql-query")
        if proto.format is None and _wants_html(accept):
            return editor_page(request, None)
        return await service_description(request, _graph_offer(proto, accept))
    if request.method == "GET" and proto.format is None and _wants_html(accept):
        return editor_page(request, proto.query)
    if request.method == "GET" and _wants_html(accept):  # the plain form (no JavaScript): errors as a page
        try:
            return await run_query(request, proto, accept)
        except GraphError as exc:
            return editor_page(request, proto.query, exc)
    return await run_query(request, proto, accept)


async def run_query(request: Request, proto: ProtocolRequest, accept: str | None) -> Response:
    """Check, execute in a worker and send the store-serialised results (streamed when large)."""
    settings = request.app.state.settings
    assert proto.query is not None
    check_query(proto.query, tuple(settings.service_allow))
    results, graph = _offers(proto, accept)
    refuse_early(proto.query, results, graph)
    job = QueryRequest(query=proto.query, result_format=results.key if results else None,
                       graph_format=graph.key if graph else None, default_graphs=proto.default_graphs,
                       named_graphs=proto.named_graphs, max_rows=settings.max_rows, base_iri=settings.base_iri)
    executor = get_executor(request)
    try:
        if hasattr(executor, "run_async"):  # worker processes: awaited on the event loop, no thread per request
            outcome = await executor.run_async(job)
        else:  # in process (memory:) or a remote store: a blocking call, off the event loop
            outcome = await run_in_threadpool(executor.run, job)
    except SparqlSyntaxError as exc:
        raise undeclared_prefix(exc, proto.query) from exc
    return _response(outcome, settings.max_rows)


def refuse_early(query: str, results: Offer | None, graph: Offer | None) -> None:
    """NotAcceptable (406) before the query runs when no offered format fits its form (read from its first form
    keyword), instead of after the work; a form not found there is left to the worker."""
    if results is not None and graph is not None:
        return
    form = _form(query)
    if form in ("SELECT", "ASK") and results is None:
        raise NotAcceptable("results")
    if form in ("CONSTRUCT", "DESCRIBE") and graph is None:
        raise NotAcceptable("graph")


def check_query(query: str, allowed: tuple[str, ...]) -> None:
    """400 for an update sent as a query, ServiceNotAllowed for a SERVICE off the allow list (remembered for
    short query texts that passed: clients repeat the same queries)."""
    if len(query) <= REMEMBERED_CHARS:
        _passed_checks(query, allowed)
    else:
        _check(query, allowed)


@lru_cache(maxsize=512)
def _passed_checks(query: str, allowed: tuple[str, ...]) -> bool:
    """_check, remembered when it passes (a refusal raises, and exceptions are not cached)."""
    _check(query, allowed)
    return True


def _check(query: str, allowed: tuple[str, ...]) -> None:
    """The static checks of graph.sparql_guard, before the engine sees the query."""
    if looks_like_update(query):
        raise HttpProblem(400, "this is a SPARQL Update, not a query: send it as 'update=' or "
                               "application/sparql-update")
    check_services(query, allowed)


def _offers(proto: ProtocolRequest, accept: str | None) -> tuple[Offer | None, Offer | None]:
    """Formats for a results form and a graph form: the `format` parameter wins over Accept."""
    if len(proto.format or "") + len(accept or "") > REMEMBERED_CHARS:
        return _offers_for.__wrapped__(proto.format, accept)
    return _offers_for(proto.format, accept)


@lru_cache(maxsize=256)
def _offers_for(format: str | None, accept: str | None) -> tuple[Offer | None, Offer | None]:
    """_offers by value (remembered: a client sends the same Accept header again and again)."""
    if format is not None:
        results, graph = by_name(format, RESULT_FORMATS), by_name(format, RDF_FORMATS)
        if results is None and graph is None:
            raise HttpProblem(400, f"unknown format {format!r}", offered=[o.key for o in RESULT_FORMATS + RDF_FORMATS])
        return results, graph
    return negotiate(accept, RESULT_FORMATS), negotiate(accept, RDF_FORMATS)


def _graph_offer(proto: ProtocolRequest, accept: str | None) -> Offer:
    """The RDF format of the service description; 406 when none fits, 400 for a `format` we do not know."""
    if proto.format is not None:
        _offers(proto, accept)  # 400 for an unknown format name
    offer = by_name(proto.format, RDF_FORMATS) if proto.format is not None else negotiate(accept, RDF_FORMATS)
    if offer is None:
        raise HttpProblem(406, "no acceptable RDF format for the service description",
                          offered=[o.media_type for o in RDF_FORMATS])
    return offer


def _wants_html(accept: str | None) -> bool:
    """True when the client prefers HTML to every results and RDF format (a browser)."""
    best = negotiate(accept, (*RESULT_FORMATS, *RDF_FORMATS, HTML))  # HTML last: */* means data
    return best is HTML


def _response(outcome: QueryOutcome, cap: int) -> Response:
    """The body with its media type and the result-size headers: in one piece when it is whole in memory, else
    streamed as it comes from the query worker, with its length."""
    table = RESULT_FORMATS if outcome.kind in ("select", "ask") else RDF_FORMATS
    offer = next(o for o in table if o.key == outcome.format)
    media_type = offer.media_type + ("; charset=utf-8" if offer.media_type.startswith(TEXT_TYPES) else "")
    headers = {"X-Result-Rows": str(outcome.rows), "Vary": "Accept"}
    if outcome.truncated:
        headers["X-Result-Truncated"] = f"true; limit={cap}"
    if outcome.stream is not None:
        headers["Content-Length"] = str(outcome.stream.size)
        return WorkerStreamResponse(outcome.stream, media_type=media_type, headers=headers)
    return Response(outcome.body, media_type=media_type, headers=headers)


class WorkerStreamResponse(StreamingResponse):
    """A body streamed from a query worker, which may break off (the worker stopped): then a warning is logged and
    the response is left incomplete (the client gets fewer bytes than Content-Length and the connection closes)
    instead of a traceback."""

    async def stream_response(self, send: Send) -> None:
        """Starlette's, without the final message when the body broke off."""
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        try:
            async for piece in self.body_iterator:
                await send({"type": "http.response.body", "body": piece, "more_body": True})
        except GraphError as exc:
            LOG.warning("a streamed SPARQL answer was cut short: %s", exc)
            return
        await send({"type": "http.response.body", "body": b"", "more_body": False})
