"""What every write (SPARQL Update, Graph Store Protocol) shares: the Bearer token check, the audit log entry
of each attempt, and the switch of the app to the new store version."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from api.deps import get_store
from api.errors import HttpProblem, status_for
from graph import warmup
from graph.audit import append, audit_path, fingerprint
from graph.build import current_store_path
from graph.errors import GraphError
from graph.store import EmbeddedStore, open_store
from graph.update import Change

Run = Callable[[], Awaitable[tuple[Change | None, dict[str, Any]]]]


def presented_token(request: Request) -> str | None:
    """The Bearer token of the request, if any."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return given.strip() if scheme.lower() == "bearer" and given.strip() else None


def authorise(request: Request) -> None:
    """403 unless a write token is configured; 401 unless the request carries it (compared in constant time)."""
    token = request.app.state.settings.write_token
    if token is None:
        raise HttpProblem(403, "this endpoint is read-only: writes are disabled (no write token configured)")
    given = presented_token(request) or ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HttpProblem(401, "a valid Bearer token is required for writes")


def _check_store(request: Request) -> None:
    """Writes make new versions of the embedded on-disk store: refused (501) over a memory or remote store."""
    store = get_store(request)
    if not isinstance(store, EmbeddedStore) or store.path is None:
        raise HttpProblem(501, "writes are supported on the embedded store built under var/ only (this server "
                               "serves an in-memory or remote store)")


def switch_to(request: Request) -> None:
    """Serve the newest version: reopen the store read-only and move the query workers to it. The current link is
    read again (not `change.path`): when two writes finish close together, the later version wins."""
    settings = request.app.state.settings
    current = current_store_path(settings.var_dir)
    request.app.state.store = open_store(f"oxigraph:{current}", read_only=True)
    request.app.state.executor.switch(current)
    if request.app.state.warmup is not None:  # the old version's caches are no longer worth computing
        request.app.state.warmup.stop(0)
    if settings.warm_up:  # the new version's first-use caches, as at start
        request.app.state.warmup = warmup.start(request.app.state.store)


async def _audit(request: Request, entry: dict[str, Any]) -> None:
    """Append one entry about this request to var/audit.log (fsynced, off the event loop)."""
    var_dir = request.app.state.settings.var_dir
    client = request.client.host if request.client else None
    record = {"token": fingerprint(presented_token(request)), "client": client, **entry}
    await run_in_threadpool(append, audit_path(var_dir), record)


async def audited(request: Request, operation: str, graphs: Sequence[str], run: Run
                  ) -> tuple[Change | None, dict[str, Any]]:
    """Authorise, run the write and record the attempt, accepted or refused (with its status and reason).

    `run` returns the change (None when nothing was written) and extra members for the log entry (its
    "status" at least), which are returned with it."""
    entry: dict[str, Any] = {"operation": operation, "graphs": list(graphs)}
    if request.app.state.settings.write_token is None:
        authorise(request)  # writes are disabled: refused, and nothing to audit (no token can be tried)
    try:
        authorise(request)
        _check_store(request)
        change, extra = await run()
    except GraphError as exc:
        await _audit(request, {**entry, "outcome": "refused", "status": status_for(exc), "reason": str(exc)[:500]})
        raise
    except Exception as exc:
        await _audit(request, {**entry, "outcome": "refused", "status": 500, "reason": type(exc).__name__})
        raise
    if change is not None:
        switch_to(request)
        entry.update(graphs=list(graphs) or list(change.graphs), added=change.added, removed=change.removed,
                     version=change.path.name)
    else:
        entry.update(added=0, removed=0)
    await _audit(request, {**entry, **extra, "outcome": "accepted"})
    return change, extra
