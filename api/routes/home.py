"""Home page (entry points, counts per class, sources) and /health."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.browse_view import entity_href
from api.deps import StoreDep
from api.i18n import pick_lang, translator
from graph.browse_cache import cached
from graph.browse_classes import all_classes, class_key
from graph.browse_summary import section
from graph.build_record import recorded_quads
from graph.namespaces import ID
from graph.query import select
from graph.store import Store

router = APIRouter()
# Entry points: (UI string, class key); counts include subclasses (laws include amending laws).
ENTRY_CLASSES = (("home_laws", "Law"), ("home_decrees", "Decree"), ("home_circulars", "Circular"),
                 ("home_decisions", "Decision"), ("home_standards", "Standard"),
                 ("home_regulations", "TechnicalRegulation"), ("home_programmes", "Initiative"),
                 ("home_organisations", "org:FormalOrganization"))
PLAN = ID["plan/tdc-2024"]  # the 2024 plan of the seed article (data/seed/tdc-2024-article.ttl)


def direct_counts(store: Store) -> list[dict[str, Any]]:
    """Entities per vnqi class (direct types), most populated first (the version's summary, or computed)."""
    return section(store, "class-counts")


def graph_sizes(store: Store) -> list[dict[str, Any]]:
    """Triples per named graph with the graph's title (the version's summary, or computed)."""
    return section(store, "graph-sizes")


def home_data(store: Store) -> dict[str, Any]:
    """Counts per class (direct), totals with subclasses for the entry points, graphs and the plan's labels."""
    totals = {c.key: c.total for c in all_classes(store)}
    plan = select(store, "list-entry-label", e=PLAN).dicts()
    classes = [{**r, "key": class_key(r["class"])} for r in cached(store, "class counts", direct_counts)]
    return {"classes": classes, "graphs": cached(store, "graph sizes", graph_sizes),
            "entries": [{"string": s, "key": k, "count": totals.get(k, 0)} for s, k in ENTRY_CLASSES],
            "plan": plan[0] if plan else None}


@router.get("/", response_class=HTMLResponse, summary="Home page: entry points and counts per class")
async def home(request: Request) -> HTMLResponse:
    """Entry points, counts per class and the named graphs, in the chosen language."""
    lang = pick_lang(request)
    store = request.app.state.store
    data: dict[str, Any] = {"classes": None, "graphs": None, "entries": [], "plan": None}
    if store is not None:
        data = await run_in_threadpool(home_data, store)
    context = {"lang": lang, "t": translator(lang), **data, "store_error": request.app.state.store_error,
               "plan_iri": str(PLAN), "plan_href": entity_href(request, str(PLAN))}
    response = request.app.state.templates.TemplateResponse(request, "home.html", context,
                                                            status_code=200 if store is not None else 503)
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/health", summary="Liveness and store status")
async def health(store: StoreDep) -> JSONResponse:
    """200 with the number of quads: from the build's record when there is one (counting is O(store size))."""
    quads = await run_in_threadpool(quad_count, store)
    return JSONResponse({"status": "ok", "quads": quads})


def quad_count(store: Store) -> int:
    """Quads of a built version as recorded by the build (vnqi-build.json), else counted."""
    path = getattr(store, "path", None)
    quads = recorded_quads(Path(path)) if path is not None else None
    return len(store) if quads is None else quads
