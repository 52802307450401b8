"""Home page (counts per class, sources) and /health."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from graph.store import Store
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
    """200 with the number of quads: from the build's record when there is one (counting is O(store size))."""
    quads = await run_in_threadpool(quad_count, store)
    return JSONResponse({"status": "ok", "quads": quads})


def quad_count(store: Store) -> int:
    """Quads of a built version as recorded by the build (vnqi-build.json), else counted."""
    record = getattr(store, "path", None) and Path(store.path) / "vnqi-build.json"  # type: ignore[attr-defined]
    if record and record.is_file():
        return int(json.loads(record.read_text(encoding="utf-8"))["quads"])
    return len(store)
