"""/graph?iri= (an entity's neighbourhood drawn with Cytoscape.js, a list of links without JS) and
/graph/neighbourhood?iri=&lang= (the same as JSON, fetched by the page to expand a node)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.browse_view import base_context, entity_href, error_page, page, wants_json
from api.deps import StoreDep
from api.entity_links import incoming_reading
from api.i18n import pick_lang
from graph.entity_terms import Terms, terms_for
from graph.errors import GraphError
from graph.natural_order import natural_key
from graph.neighbourhood import LIMIT, Neighbourhood, neighbourhood

router = APIRouter()


def neighbourhood_json(request: Request, hood: Neighbourhood) -> dict[str, Any]:
    """{"nodes": [{id, label, class, classLabel, href}], "edges": [{source, target, label, property}], …}."""
    return {"center": hood.center,
            "nodes": [{"id": n.id, "label": n.label, "class": n.cls, "classLabel": n.class_label,
                       "href": entity_href(request, n.id)} for n in hood.nodes],
            "edges": [{"source": e.source, "target": e.target, "label": e.label, "property": e.prop}
                      for e in hood.edges],
            "total": hood.total, "shown": len(hood.nodes) - 1, "truncated": hood.truncated, "limit": LIMIT}


@router.get("/graph/neighbourhood", summary="An entity's neighbourhood as JSON (nodes and labelled edges)")
async def graph_json(request: Request, store: StoreDep) -> JSONResponse:
    """At most 60 neighbours (`truncated` and `total` say when there are more); 400 without iri, 404 if unknown."""
    hood = await run_in_threadpool(neighbourhood, store, request.query_params.get("iri"), pick_lang(request))
    return JSONResponse(neighbourhood_json(request, hood))


def relation_rows(data: dict[str, Any], terms: Terms, lang: str) -> list[dict[str, Any]]:
    """The centre's links as rows for the list shown without JavaScript, each read from the centre as on its entity
    page (an incoming link under its inverse: "được hướng dẫn bởi"), and the other node."""
    by_id = {n["id"]: n for n in data["nodes"]}
    rows: dict[tuple[str, str], dict[str, Any]] = {}  # a link stated both ways (has_part and is_part_of) once
    for e in data["edges"]:
        outgoing = e["source"] == data["center"]
        label = e["label"] if outgoing else incoming_reading(terms, e["property"], lang)[1]
        other = by_id[e["target"] if outgoing else e["source"]]
        rows.setdefault((label, other["id"]), {"outgoing": outgoing, "label": label, "node": other})
    return sorted(rows.values(), key=lambda r: (r["label"].casefold(), natural_key(r["node"]["label"])))


@router.get("/graph", summary="An entity's neighbourhood as an interactive graph (HTML) or JSON",
            responses={200: {"content": {"text/html": {}, "application/json": {}}}})
async def graph_page(request: Request, store: StoreDep) -> Response:
    """HTML for browsers (the page fetches /graph/neighbourhood to expand nodes), JSON for Accept: application/json."""
    json = wants_json(request)
    lang = pick_lang(request)
    try:
        hood = await run_in_threadpool(neighbourhood, store, request.query_params.get("iri"), lang)
    except GraphError as exc:
        return error_page(request, exc, json)
    data = neighbourhood_json(request, hood)
    if json:
        return JSONResponse(data)
    terms = await run_in_threadpool(terms_for, store)
    context = {**base_context(request), "data": data, "center": data["nodes"][0],
               "rows": relation_rows(data, terms, lang)}
    return page(request, "graph.html", context)
