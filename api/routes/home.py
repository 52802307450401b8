"""Home page (counts per class, sources) and /health."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.i18n import pick_lang, translator
from graph.query import select

router = APIRouter()


@router.get("/", response_class=HTMLResponse, summary="Home page with counts per class")
async def home(request: Request) -> HTMLResponse:
    """Counts per class and the named graphs, in the chosen language."""
    lang = pick_lang(request)
    store = request.app.state.store
    classes = graphs = None
    if store is not None:
        classes = (await run_in_threadpool(select, store, "class-counts")).dicts()
        graphs = (await run_in_threadpool(select, store, "graph-sizes")).dicts()
    context = {"lang": lang, "t": translator(lang), "classes": classes, "graphs": graphs,
               "store_error": request.app.state.store_error}
    response = request.app.state.templates.TemplateResponse(request, "home.html", context,
                                                            status_code=200 if store is not None else 503)
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/health", summary="Liveness and store status")
async def health(store: StoreDep) -> JSONResponse:
    """200 with the number of quads when the store answers."""
    quads = await run_in_threadpool(len, store)
    return JSONResponse({"status": "ok", "quads": quads})
