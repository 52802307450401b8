"""/ready: readiness of the server (the store is open and which built version it serves)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.routes.home import quad_count
from graph.build import CURRENT
from graph.build_record import read_record
from graph.store import Store

router = APIRouter(tags=["ops"])


def current_version(var_dir: Path | None) -> str | None:
    """The name of the build var/current points at now (None when there is none)."""
    link = var_dir / CURRENT if var_dir is not None else None
    return link.resolve().name if link is not None and link.exists() else None


def readiness(store: Store, var_dir: Path | None) -> dict[str, Any]:
    """What the server serves: its version, when it was built, its quads, and the version var/current names."""
    path = getattr(store, "path", None)
    record = read_record(Path(path) if path is not None else None)
    return {"status": "ready", "version": Path(path).name if path is not None else None,
            "built": record.get("built"), "quads": quad_count(store), "current": current_version(var_dir)}


@router.get("/ready", summary="Readiness: the store is open; the version served and its size",
            responses={200: {"description": "ready"}, 503: {"description": "no store is open"}})
async def ready(request: Request) -> JSONResponse:
    """200 with the served version (build id), its build time and quads, the progress of the background warm-up
    of the slow first-use caches (`warm`, null when none runs) and how many query workers hold the version in
    memory (`query_workers`: the size of a copy, the budget for copies); 503 while no store is open."""
    store = request.app.state.store
    if store is None or getattr(request.app.state, "executor", None) is None:
        error = request.app.state.store_error or "the store is not open"
        return JSONResponse({"status": "unavailable", "detail": error}, status_code=503, headers={"Retry-After": "5"})
    body = await run_in_threadpool(readiness, store, request.app.state.settings.var_dir)
    progress = request.app.state.warmup
    body["warm"] = progress.as_json() if progress is not None else None
    body["query_workers"] = workers_of(request.app.state.executor)
    return JSONResponse(body)


def workers_of(executor: object) -> dict[str, Any] | None:
    """How the query workers hold the version (graph/worker_memory.py), and how many places have no worker (a
    replacement could not start); None when queries run elsewhere."""
    modes = getattr(executor, "modes", None)
    if modes is None:
        return None
    copy_mb = getattr(executor, "copy_mb", None)
    in_memory, on_disk = modes.count(True), modes.count(False)
    return {"in_memory": in_memory, "on_disk": on_disk, "not_started": len(modes) - in_memory - on_disk,
            "copy_mb": round(copy_mb) if copy_mb and in_memory else None,
            "memory_budget_mb": getattr(executor, "memory_mb", None), "allocator": getattr(executor, "allocator", None)}
