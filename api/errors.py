"""One handler maps GraphError subclasses (by MRO) to HTTP statuses and a JSON problem body."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.negotiation import RDF_FORMATS, RESULT_FORMATS, offered_types
from graph.errors import (
    GraphError,
    LoadError,
    NotFound,
    QueryError,
    StoreUnavailable,
    ValidationFailed,
)
from graph.executor import NotAcceptable, QueryTimeout, SparqlSyntaxError


class HttpProblem(GraphError):
    """A protocol-level error raised by a route, with its own status."""

    def __init__(self, status: int, message: str, *, key: str | None = None, params: dict[str, Any] | None = None,
                 **extra: Any) -> None:
        super().__init__(message, key=key, **(params or {}))
        self.status = status
        self.extra = extra


STATUS: dict[type[GraphError], int] = {
    NotFound: 404,
    QueryError: 400,
    LoadError: 400,
    NotAcceptable: 406,
    ValidationFailed: 422,
    QueryTimeout: 503,
    StoreUnavailable: 503,
    GraphError: 500,
}


def status_for(exc: GraphError) -> int:
    """The status of the nearest mapped class in the exception's MRO."""
    if isinstance(exc, HttpProblem):
        return exc.status
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 500


def details(exc: GraphError) -> dict[str, Any]:
    """Extra problem members for the error types that have them."""
    if isinstance(exc, HttpProblem):
        return dict(exc.extra)
    if isinstance(exc, SparqlSyntaxError):
        return {"line": exc.line, "column": exc.column}
    if isinstance(exc, ValidationFailed):
        report = exc.report
        return {"results": [{"focus": r.focus, "shape": r.shape, "severity": r.severity, "path": r.path,
                             "value": r.value, "message": r.messages} for r in report.results]}  # type: ignore[attr-defined]
    if isinstance(exc, NotAcceptable):
        table = RESULT_FORMATS if exc.form == "results" else RDF_FORMATS
        return {"offered": offered_types(table)}
    return {}


def problem(exc: GraphError) -> JSONResponse:
    """Problem JSON (RFC 9457) for a GraphError; never a traceback."""
    status = status_for(exc)
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": str(exc),
            "error": type(exc).__name__, **details(exc)}
    headers = {"Retry-After": "5"} if status == 503 else {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


async def graph_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """The single handler registered for GraphError."""
    assert isinstance(exc, GraphError)
    return problem(exc)


def install(app: FastAPI) -> None:
    """Register the single handler."""
    app.add_exception_handler(GraphError, graph_error_handler)
