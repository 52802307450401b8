"""SPARQL Update through /sparql, only with the configured write token (Bearer); validated, atomic and audited."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.errors import HttpProblem
from api.protocol import ProtocolRequest
from api.write import audited
from graph.sparql_guard import check_services, with_dataset
from graph.update import Change, transact

NOTHING_CHANGED = ("nothing changed. In an update the default graph is the store's own default graph, not the union "
                   "of the named graphs that queries read: name the graphs to match or change with GRAPH (or WITH, "
                   "USING)")


async def apply_update(request: Request, proto: ProtocolRequest) -> Response:
    """Apply one update to a copy, validate it, switch to the new version and reopen the store and workers.

    using-graph-uri / using-named-graph-uri (the protocol's dataset) are written into each operation as USING /
    USING NAMED, so the logged update means the same when a rebuild replays it."""
    settings = request.app.state.settings
    assert proto.update is not None and settings.var_dir is not None

    async def run() -> tuple[Change, dict[str, Any]]:
        text = with_dataset(proto.update or "", proto.default_graphs, proto.named_graphs)
        check_services(text, settings.service_allow)  # no outbound request unless allowed, as for queries
        change = await run_in_threadpool(transact, settings.var_dir, text, settings.base_iri,
                                         settings.query_timeout_s)
        return change, {"status": 200}

    change, _ = await audited(request, "sparql-update", (), run)
    if change is None:
        raise HttpProblem(500, "the update produced no version")
    body: dict[str, Any] = {"status": "applied", "version": change.path.name, "added": change.added,
                            "removed": change.removed, "graphs": list(change.graphs)}
    if not change.added and not change.removed:
        body["note"] = NOTHING_CHANGED
    return JSONResponse(body, status_code=200)
