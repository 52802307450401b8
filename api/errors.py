"""One handler maps GraphError subclasses (by MRO) to HTTP statuses and a JSON problem body."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graph.errors import GraphError, LoadError, QueryError, StoreUnavailable, ValidationFailed

STATUS: dict[type[GraphError], int] = {
    QueryError: 400,
    LoadError: 400,
    ValidationFailed: 422,
    StoreUnavailable: 503,
    GraphError: 500,
}


def status_for(exc: GraphError) -> int:
    """The status of the nearest mapped class in the exception's MRO."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 500


async def graph_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Problem JSON (RFC 9457) for a GraphError; never a traceback."""
    assert isinstance(exc, GraphError)
    status = status_for(exc)
    body = {"type": "about:blank", "title": type(exc).__name__, "status": status, "detail": str(exc)}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def install(app: FastAPI) -> None:
    """Register the single handler."""
    app.add_exception_handler(GraphError, graph_error_handler)
