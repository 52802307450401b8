"""/classes (every class with its counts) and /classes/{key} (a sorted, filtered, paged list), HTML or JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Literal
from starlette.concurrency import run_in_threadpool

from api.browse_view import (
    base_context,
    choice_param,
    entity_href,
    error_page,
    href_with,
    int_param,
    json_response,
    page,
    pager_context,
    pick,
    wants_json,
)
from api.deps import StoreDep
from api.i18n import human_date, pick_lang
from api.routes import ics
from graph import browse as B
from graph import browse_classes as C
from graph.errors import GraphError, NotFound
from graph.namespaces import CODE
from graph.store.base import Store

router = APIRouter()
router.include_router(ics.router)


def class_json(c: C.ClassCount, lang: str) -> dict[str, Any]:
    """A class with its counts."""
    return {"iri": c.iri, "key": c.key, "label": pick((c.label_vi, c.label_en), lang, c.key or c.iri),
            "href": f"/classes/{c.key}" if c.key else None, "direct": c.direct, "total": c.total}


@router.get("/classes", summary="Every class that has entities, with its counts",
            responses={200: {"content": {"text/html": {}, "application/json": {}}}})
async def classes(request: Request, store: StoreDep) -> Response:
    """Classes (with or without their subclasses' entities), most populated first."""
    json = wants_json(request)
    lang = pick_lang(request)
    rows = [class_json(c, lang) for c in await run_in_threadpool(C.all_classes, store)]
    if json:
        return json_response({"classes": rows})
    return page(request, "classes.html", {**base_context(request), "classes": rows})


def read_list_params(request: Request) -> dict[str, Any]:
    """sort, order, page, q and status of a class list; 400 when malformed."""
    return {"sort": choice_param(request, "sort", B.SORTS), "order": choice_param(request, "order", B.ORDERS),
            "page": int_param(request, "page", 1), "q": (request.query_params.get("q") or "")[:200],
            "status": request.query_params.get("status") or None}


def load_list(store: Store, key: str, lang: str, params: dict[str, Any]) -> dict[str, Any]:
    """The class, its status options and the requested page (blocking); NotFound for an unknown class."""
    cls = C.class_iri(key)
    info = C.class_info(store, cls)
    result = B.list_members(store, cls, lang=lang, **params)
    if not info.declared and result.total == 0 and not params["q"] and not params["status"]:
        raise NotFound(f"no class {key!r} in the graph", key="err_no_class", name=key)
    return {"info": info, "result": result, "statuses": B.status_options(store, cls)}


def member_json(request: Request, m: B.Member, lang: str, statuses: dict[str, str]) -> dict[str, Any]:
    """One entity of a list; its fact status is shown when it is not plainly verified."""
    status = m.status[len(str(CODE)):] if m.status and m.status.startswith(str(CODE)) else None
    fact = m.fact[len(str(CODE)):] if m.fact and m.fact.startswith(str(CODE)) else None
    return {"iri": m.iri, "href": entity_href(request, m.iri), "label": m.label or m.other_label or m.iri,
            "labelLang": lang if m.label else ("en" if lang == "vi" else "vi") if m.other_label else None,
            "identifier": m.identifier, "date": m.date, "status": m.status,
            "statusLabel": statuses.get(status or "", status), "statusUnsure": m.status_unsure, "factStatus": m.fact,
            "factStatusLabel": statuses.get(fact, fact) if fact and fact != "fact-status/verified" else None}


def list_json(request: Request, key: str, lang: str, params: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The list as JSON (also the template's view model)."""
    info, result = data["info"], data["result"]
    labels = {o.key: pick((o.label_vi, o.label_en), lang, o.key) for o in data["statuses"]}
    return {"class": info.iri, "key": key, "label": pick(info.labels, lang, key),
            "definition": pick(info.definitions, lang) or None, "total": result.total, "page": result.page,
            "pages": result.pages, "size": result.size, **{k: params[k] for k in ("sort", "order", "q", "status")},
            "items": [member_json(request, m, lang, labels) for m in result.members],
            "statuses": [{"key": o.key, "property": o.prop, "label": labels[o.key], "count": o.count}
                         for o in data["statuses"]],
            "subclasses": [{"iri": i, "key": C.class_key(i), "label": pick(ls, lang, i)} for i, ls in info.subclasses],
            "superclasses": [{"iri": i, "key": C.class_key(i), "label": pick(ls, lang, i)}
                             for i, ls in info.superclasses]}


@router.get("/classes/{key}", summary="The entities of a class: sorted, filtered and paged",
            responses={200: {"content": {"text/html": {}, "application/json": {}}}})
async def class_list(request: Request, key: str, store: StoreDep) -> Response:
    """?sort=label|identifier|date &order=asc|desc &q=text &status=legal-status/… &page=N (50 a page)."""
    json = wants_json(request)
    lang = pick_lang(request)
    try:
        params = read_list_params(request)
        data = await run_in_threadpool(load_list, store, key, lang, params)
    except GraphError as exc:
        return error_page(request, exc, json)
    view = list_json(request, key, lang, params, data)
    if json:
        return json_response(view)

    def sort_href(sort: str) -> str:
        """Sort by `sort`; the second click on the current sort reverses it."""
        order = "desc" if sort == view["sort"] and view["order"] == "asc" else "asc"
        return href_with(request, sort=sort, order=order, page=1)

    def shown_date(value: str) -> str:
        """A date as the entity pages show it (29/06/2006, 29 June 2006); the JSON keeps the ISO form."""
        return human_date(Literal(value), lang)

    return page(request, "class_list.html", {**base_context(request), "view": view, "sort_href": sort_href,
                                             "shown_date": shown_date,
                                             **pager_context(request, view["page"], view["pages"])})

