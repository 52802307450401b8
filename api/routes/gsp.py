"""/rdf-graph-store: SPARQL 1.1 Graph Store HTTP Protocol (direct identification: ?graph=<IRI> or ?default).

GET and HEAD are open like /sparql. PUT, POST and DELETE need the write token; each is turned into an equivalent
SPARQL Update (graph/gsp.py), validated against the shapes, switched to atomically, logged for rebuilds and
audited. `?default` is the store's own default graph (not the union that /sparql queries see by default).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from api.deps import get_store
from api.errors import HttpProblem
from api.negotiation import RDF_FORMATS, accept_of, negotiate
from api.protocol import media_type, query_params, read_body
from api.write import audited
from graph import gsp
from graph.build import kind_of
from graph.errors import NotFound
from graph.gsp_conditions import Conditions, NotModified
from graph.namespaces import PREFIXES
from graph.store import Store
from graph.store.remote import RemoteStore
from graph.update import Change

router = APIRouter(tags=["graph store"])
OFFERS = tuple(o for o in RDF_FORMATS if o.key not in ("trig", "nquads"))  # one graph: no dataset formats
OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
             "rdfxml": ox.RdfFormat.RDF_XML}
TEXT = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


def target_of(request: Request) -> gsp.Target:
    """The graph named by the query string: `graph=<IRI>` or `default` (exactly one of them); a POST to the
    graph store itself (neither) gets a new graph, named under the base IRI (graph/data/upload/<uuid>)."""
    params = query_params(request)
    graphs, default = params.get("graph", []), "default" in params
    if request.method == "POST" and not graphs and not default:
        return f"{request.app.state.settings.base_iri}graph/data/upload/{uuid.uuid4().hex}"
    if len(graphs) + default != 1:
        raise HttpProblem(400, "name exactly one graph: ?graph=<absolute IRI> or ?default")
    if default:
        return gsp.DEFAULT
    return gsp.graph_node(graphs[0]).value


def _name(target: gsp.Target) -> str:
    """How a target is written in messages and the audit log ("" is the default graph)."""
    return "" if target is gsp.DEFAULT else target


@router.get("/rdf-graph-store", summary="SPARQL 1.1 Graph Store HTTP Protocol (GET)", response_class=Response,
           operation_id="graph_store_get")
@router.head("/rdf-graph-store", summary="SPARQL 1.1 Graph Store HTTP Protocol (HEAD)", response_class=Response,
            operation_id="graph_store_head")  # documented; api.middleware answers every HEAD as a GET without body
@router.put("/rdf-graph-store", summary="SPARQL 1.1 Graph Store HTTP Protocol (PUT)", response_class=Response,
           operation_id="graph_store_put")
@router.post("/rdf-graph-store", summary="SPARQL 1.1 Graph Store HTTP Protocol (POST)", response_class=Response,
            operation_id="graph_store_post")
@router.delete("/rdf-graph-store", summary="SPARQL 1.1 Graph Store HTTP Protocol (DELETE)", response_class=Response,
              operation_id="graph_store_delete")
async def graph_store(request: Request) -> Response:
    """Read (GET, HEAD) or write (PUT replaces, POST merges, DELETE drops) one graph; POST to the store itself
    creates a new graph (201 with its location)."""
    target = target_of(request)
    if request.method in ("GET", "HEAD"):  # HEAD reaches here as GET (api.middleware); never as a write
        return await read(request, target)
    return await write(request, target)


async def read(request: Request, target: gsp.Target) -> Response:
    """The graph's triples in the negotiated format; 404 when it does not exist, 406 when no format fits."""
    offer = negotiate(accept_of(request), OFFERS)
    if offer is None:
        raise HttpProblem(406, "no acceptable RDF format for a graph", offered=[o.media_type for o in OFFERS])
    try:
        body = await run_in_threadpool(_serialize, get_store(request), target, OX_FORMAT[offer.key],
                                       conditions_of(request))
    except NotModified:
        return Response(status_code=304, headers={"Vary": "Accept"})
    kind = offer.media_type + ("; charset=utf-8" if offer.media_type in TEXT else "")
    return Response(body, media_type=kind, headers={"Vary": "Accept"})  # HEAD: api.middleware drops the body


def conditions_of(request: Request) -> Conditions:
    """The request's If-Match and If-None-Match (their field lines joined, as lists)."""
    return Conditions(", ".join(request.headers.getlist("if-match")) or None,
                      ", ".join(request.headers.getlist("if-none-match")) or None)


def _serialize(store: Store, target: gsp.Target, fmt: ox.RdfFormat, conditions: Conditions) -> bytes:
    """The target graph of the served store in `fmt` if the conditions hold; NotFound when it holds no triple."""
    if isinstance(store, RemoteStore):  # a remote service: its own Graph Store Protocol, streamed
        if target is gsp.DEFAULT:
            raise HttpProblem(501, "the default graph of a remote store is not served here: ask the service itself")
        if URIRef(target) not in store.graph_sizes():
            raise NotFound(f"no graph named <{target}> in the store")
        conditions.check(True, reading=True)
        return gsp.well_formed(ox.serialize(store.graph_triples(target), format=fmt,
                                            **gsp.prefixes_for(fmt, PREFIXES)), fmt)
    native = store.native  # type: ignore[attr-defined]
    if not gsp.exists(native, target):
        raise NotFound(f"no graph named <{target}> in the store")
    conditions.check(True, reading=True)
    return gsp.serialize(native, target, fmt, PREFIXES)


async def write(request: Request, target: gsp.Target) -> Response:
    """Authorise, parse the body, apply the write as a new version and answer 201 (graph created) or 204."""
    settings = request.app.state.settings
    method = request.method

    async def run() -> tuple[Change | None, dict[str, Any]]:
        if target is not gsp.DEFAULT and kind_of(target) != "data":
            raise HttpProblem(403, f"<{target}> is an ontology or shapes graph, which is read-only: change the "
                                   "files and run `vnqi build`")
        lines = await upload(request, target) if method in ("PUT", "POST") else []
        if method == "POST" and not lines:  # nothing to merge: no new version, if the conditions hold
            conditions_of(request).check(gsp.exists(get_store(request).native, target),  # type: ignore[attr-defined]
                                         reading=False)
            return None, {"status": 204, "created": False}
        written = await run_in_threadpool(gsp.write, settings.var_dir, method, target, lines, settings.base_iri,
                                          conditions_of(request))
        return written.change, {"status": 201 if written.created else 204, "created": written.created}

    change, extra = await audited(request, f"gsp-{method.lower()}", [_name(target)], run)
    if extra["status"] == 201 and change is not None:
        location = str(request.url.replace(query=urlencode({"graph": target})))
        return JSONResponse({"status": "created", "graph": target, "version": change.path.name}, status_code=201,
                            headers={"Location": location})
    return Response(status_code=204)


async def upload(request: Request, target: gsp.Target) -> list[str]:
    """The uploaded triples as N-Triples lines: 415 for an unknown type, 413 over the limit, 400 if malformed."""
    kind = media_type(request)
    if kind not in gsp.FORMATS:
        raise HttpProblem(415, f"unsupported Content-Type {kind or '(none)'!r} for a graph",
                          accepted=sorted(gsp.FORMATS))
    body = await read_body(request, request.app.state.settings.max_body_bytes)
    base = request.app.state.settings.base_iri if target is gsp.DEFAULT else target
    try:
        return await run_in_threadpool(gsp.parse, body, kind, base)
    except gsp.RdfSyntaxError as exc:
        raise HttpProblem(400, str(exc), line=exc.line, column=exc.column) from exc
