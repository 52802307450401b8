"""/ics (the top-level ICS fields) and /ics/{code} (a code: broader chain, children, classified entities)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.browse_view import (
    base_context,
    entity_href,
    error_page,
    int_param,
    json_response,
    page,
    pager_context,
    wants_json,
)
from api.deps import StoreDep
from api.i18n import pick_lang
from graph import ics_tree as I
from graph.browse_classes import class_key
from graph.errors import GraphError
from graph.store.base import Store

router = APIRouter()


def concept_json(c: I.IcsConcept, lang: str) -> dict[str, Any]:
    """An ICS code with its title (English for a Vietnamese page: ICS has no Vietnamese titles) and counts."""
    return {"iri": c.iri, "notation": c.notation, "label": c.labels.get(lang) or c.labels.get("en", c.notation),
            "labels": c.labels, "href": f"/ics/{c.notation}", "children": c.children, "classified": c.classified}


@router.get("/ics", summary="The top-level fields of the ICS classification",
            responses={200: {"content": {"text/html": {}, "application/json": {}}}})
async def ics_top(request: Request, store: StoreDep) -> Response:
    """Fields with their number of groups and of classified entities; empty when the ICS is not imported."""
    json = wants_json(request)
    lang = pick_lang(request)
    fields = [concept_json(c, lang) for c in await run_in_threadpool(I.top_fields, store)]
    if json:
        return json_response({"fields": fields})
    return page(request, "ics.html", {**base_context(request), "fields": fields, "view": None})


def load_node(store: Store, code: str, lang: str, page_no: int) -> tuple[I.IcsNode, Any]:
    """The code and one page of its classified entities (blocking)."""
    node = I.node(store, code)
    return node, I.classified(store, code, lang=lang, page=page_no)


def node_json(request: Request, node: I.IcsNode, result: Any, lang: str) -> dict[str, Any]:
    """A code as JSON (also the template's view model)."""
    return {**concept_json(node.concept, lang), "scope": node.scope, "notes": node.notes,
            "broader": [concept_json(c, lang) for c in node.broader],
            "narrower": [concept_json(c, lang) for c in node.narrower],
            "related": [concept_json(c, lang) for c in node.related],
            "direct": node.direct, "page": result.page, "pages": result.pages, "size": result.size,
            "items": [{"iri": m.iri, "href": entity_href(request, m.iri), "identifier": m.identifier,
                       "label": m.label or m.other_label or m.iri, "date": m.date, "class": m.status,
                       "classKey": class_key(m.status) if m.status else None} for m in result.members]}


@router.get("/ics/{code}", summary="An ICS code: its broader chain, children and classified entities",
            responses={200: {"content": {"text/html": {}, "application/json": {}}}})
async def ics_node(request: Request, code: str, store: StoreDep) -> Response:
    """?page=N pages the entities classified directly under the code (50 a page, by identifier)."""
    json = wants_json(request)
    lang = pick_lang(request)
    try:
        page_no = int_param(request, "page", 1)
        node, result = await run_in_threadpool(load_node, store, code, lang, page_no)
    except GraphError as exc:
        return error_page(request, exc, json)
    view = node_json(request, node, result, lang)
    if json:
        return json_response(view)
    return page(request, "ics.html", {**base_context(request), "view": view, "fields": None,
                                      **pager_context(request, view["page"], view["pages"])})
