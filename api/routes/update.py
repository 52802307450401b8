"""SPARQL Update through /sparql, only with the configured write token (Bearer); validated and atomic."""

from __future__ import annotations

import hmac

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.errors import HttpProblem
from api.protocol import ProtocolRequest
from graph.build import current_store_path
from graph.sparql_guard import check_services
from graph.store import open_store
from graph.update import update


def authorise(request: Request) -> None:
    """403 unless a write token is configured and the request carries it as a Bearer token."""
    token = request.app.state.settings.write_token
    if token is None:
        raise HttpProblem(403, "this endpoint is read-only: SPARQL Update is disabled (no write token configured)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HttpProblem(401, "a valid Bearer token is required for updates")


async def apply_update(request: Request, proto: ProtocolRequest) -> Response:
    """Apply one update to a copy, validate it, switch to the new version and reopen the store and workers."""
    authorise(request)
    if proto.default_graphs or proto.named_graphs:
        raise HttpProblem(400, "using-graph-uri / using-named-graph-uri are not supported; use WITH/USING in the update")
    settings = request.app.state.settings
    assert proto.update is not None and settings.var_dir is not None
    check_services(proto.update, settings.service_allow)  # no outbound request unless allowed, as for queries
    path = await run_in_threadpool(update, settings.var_dir, proto.update, settings.base_iri)
    request.app.state.store = open_store(f"oxigraph:{current_store_path(settings.var_dir)}", read_only=True)
    request.app.state.executor.switch(path)
    return JSONResponse({"status": "applied", "version": path.name}, status_code=200)
