"""/timeline: a document's provisions and their state on a date, and its dated changes (JSON or HTML)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.errors import status_for
from api.i18n import STRINGS, error_message, pick_lang, translator
from api.impact_request import parse_date
from api.impact_view import entity_json
from api.negotiation import HTML, Offer, accept_of, choose
from api.openapi_problems import answers
from graph.dependencies import DependencyGraph, dependency_graph
from graph.errors import GraphError, NotFound, QueryError
from graph.impact_amendment import resolve
from graph.impact_names import name
from graph.query import ask
from graph.store.base import Store
from graph.timeline import Change, ProvisionState, state_on, timeline

router = APIRouter()
TIMELINE_FORMATS = (Offer("json", "application/json"), HTML)


def change_json(graph: DependencyGraph, change: Change, day: date, lang: str) -> dict[str, Any]:
    """One dated change, and whether it is in effect on `day`."""
    return {"target": change.target, "targetName": name(graph, change.target, lang), "act": change.act,
            "actIdentifier": change.act_id, "actName": name(graph, change.act, lang), "effect": change.effect,
            "effectLabel": STRINGS.get(f"change_{change.effect}", {}).get(lang, change.effect),
            "date": change.on.isoformat() if change.on else None,
            "applied": change.applied, "partial": change.partial, "inEffect": bool(change.on and change.on <= day)}


def provision_json(graph: DependencyGraph, state: ProvisionState, day: date, lang: str) -> dict[str, Any]:
    """A provision with its state on `day` and the changes that made it so; its label in `lang` when it has one
    ("Article 12" on the English page, which read "Điều 12")."""
    entity = graph.entity(state.iri)
    label = entity.labels.get(lang) or state.label
    return {"iri": state.iri, "kind": state.kind, "number": state.number, "label": label,
            "parent": state.parent, "state": state.state, "stateLabel": STRINGS[f"state_{state.state}"][lang],
            "changes": [change_json(graph, c, day, lang) for c in state.changes]}


def document_timeline(store: Store, reference: str, day: date, lang: str) -> dict[str, Any]:
    """The document, its provisions on `day` and its changes, oldest first (blocking)."""
    doc = resolve(store, reference)
    if not ask(store, "is-legal-resource", entity=URIRef(doc)):
        raise NotFound(f"{reference} is neither a legal document nor a provision: it has no timeline",
                       key="err_no_timeline", reference=reference)
    graph = dependency_graph(store)
    entity, holders = graph.entity(doc), graph.holders(doc)  # a provision, then what it is part of
    return {"document": {**entity_json(graph, entity, lang),
                         "inForce": entity.in_force.isoformat() if entity.in_force else None,
                         "ended": entity.ended.isoformat() if entity.ended else None,
                         "inForceOn": all(h.in_force_on(day) and not h.ended_by(day) for h in holders),  # as its page
                         "endUncertain": any(h.doubts_on(day) for h in holders)},
            "on": day.isoformat(), "lang": lang,
            "provisions": [provision_json(graph, s, day, lang)
                           for s in state_on(store, doc, day, graph.ancestors(doc))],
            "changes": [change_json(graph, c, day, lang) for c in timeline(store, doc)]}


def read(request: Request) -> tuple[str, date]:
    """The document reference and the date (`on`, or `at` as on entity pages; today when not given); 400 when
    missing, malformed, or given twice with different values."""
    document = (request.query_params.get("document") or "").strip()
    if not document:
        raise QueryError("give a document: /timeline?document=05/2007/QH12&on=2026-02-01", key="err_give_document")
    on, at = request.query_params.get("on"), request.query_params.get("at")
    if on and at and on != at:
        raise QueryError(f"two dates given (on={on}, at={at}): give one", key="err_two_dates", on=on, at=at)
    name = "on" if on else "at"
    return document, parse_date(on or at, name) or date.today()


@router.get("/timeline", summary="A document's provisions on a date and its dated changes",
            responses=answers("application/json", "text/html"))
async def document_history(request: Request, store: StoreDep) -> Response:
    """JSON (default) or an HTML page (Accept text/html or format=html)."""
    offer = choose(request.query_params.get("format"), accept_of(request), TIMELINE_FORMATS,
                   "the timeline")
    lang = pick_lang(request)
    if offer is not HTML:
        document, day = read(request)
        return JSONResponse(await run_in_threadpool(document_timeline, store, document, day, lang))
    context: dict[str, Any] = {"lang": lang, "t": translator(lang), "view": None, "error": None,
                               "document": request.query_params.get("document", ""),
                               "on": request.query_params.get("on", "")}
    status = 200
    try:
        if context["document"]:
            document, day = read(request)
            context["view"] = await run_in_threadpool(document_timeline, store, document, day, lang)
    except GraphError as exc:
        if status_for(exc) >= 500:
            raise
        context["error"], status = error_message(exc, lang), status_for(exc)
    return request.app.state.templates.TemplateResponse(request, "timeline.html", context, status_code=status)
