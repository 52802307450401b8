"""One handler maps GraphError subclasses (by MRO) to HTTP statuses and a JSON problem body; routing errors (an
unknown path, a method the path does not allow) get the same body."""

from __future__ import annotations

from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Match

from api.negotiation import RDF_FORMATS, RESULT_FORMATS, offered_types
from graph.errors import (
    GraphError,
    LoadError,
    NotFound,
    NotRepresentable,
    QueryError,
    StoreUnavailable,
    ValidationFailed,
)
from graph.gsp_conditions import PreconditionFailed
from graph.query_job import NotAcceptable, QueryTimeout, SparqlSyntaxError


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
    NotRepresentable: 406,
    ValidationFailed: 422,
    PreconditionFailed: 412,
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
    if isinstance(exc, SparqlSyntaxError) or getattr(exc, "line", None) is not None:  # UnclosedString, UpdateRefused
        return {"line": exc.line, "column": exc.column}  # type: ignore[attr-defined]
    if isinstance(exc, ValidationFailed):
        report = exc.report
        return {"results": [{"focus": r.focus, "shape": r.shape, "severity": r.severity, "path": r.path,
                             "value": r.value, "message": r.messages} for r in report.results]}  # type: ignore[attr-defined]
    if isinstance(exc, NotAcceptable):
        table = RESULT_FORMATS if exc.form == "results" else RDF_FORMATS
        return {"offered": offered_types(table)}
    return {}


def problem_body(status: int, detail: str) -> dict[str, Any]:
    """The members every problem JSON body (RFC 9457) of this app has."""
    return {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}


def problem(exc: GraphError) -> JSONResponse:
    """Problem JSON (RFC 9457) for a GraphError; never a traceback."""
    status = status_for(exc)
    body = {**problem_body(status, str(exc)), "error": type(exc).__name__, **details(exc)}
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=status_headers(status))


def status_headers(status: int) -> dict[str, str] | None:
    """The headers an error status comes with, whatever the body: when to retry a 503, how to authenticate a 401."""
    return {"Retry-After": "5"} if status == 503 else {"WWW-Authenticate": "Bearer"} if status == 401 else None


async def graph_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """The single handler registered for GraphError."""
    assert isinstance(exc, GraphError)
    return problem(exc)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the path answers (HEAD with GET: api.middleware answers it; GET and HEAD for
    static files), and OPTIONS; empty when no route has the path. RFC 9110 §15.5.6: a 405's Allow lists them all."""
    methods: set[str] = set()
    for route in all_routes(request.app.routes):
        if route.matches(request.scope)[0] != Match.NONE:
            methods |= set(getattr(route, "methods", None) or {"GET"})
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods | {"OPTIONS"}) if methods else []


def all_routes(routes: list[Any]) -> Iterator[Any]:
    """Every route, those of included routers too (FastAPI keeps them behind the router; no prefixes here)."""
    for route in routes:
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        yield from all_routes(inner) if inner is not None else (route,)


async def http_error_handler(request: Request, exc: Exception) -> Response:
    """Problem JSON for the router's errors (404, 405 with Allow); OPTIONS on a known path: 204 with Allow."""
    assert isinstance(exc, HTTPException)
    headers, detail = dict(exc.headers or {}), str(exc.detail)
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        if request.method == "OPTIONS" and allowed:
            return Response(status_code=204, headers={**headers, "Allow": ", ".join(allowed)})
        if not allowed:  # OPTIONS on a path no route has
            return await http_error_handler(request, HTTPException(404))
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.method} is not allowed on {request.url.path}: use {headers['Allow']}"
    elif exc.status_code == 404 and detail == HTTPStatus.NOT_FOUND.phrase:
        detail = f"nothing at {request.url.path}"
    return JSONResponse(problem_body(exc.status_code, detail), status_code=exc.status_code,
                        media_type="application/problem+json", headers=headers)


async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Problem JSON for an error no other handler knows (a defect): a 500 with no traceback in the body; Starlette
    raises the error again once this answer is sent, so the server's log has the traceback."""
    return JSONResponse(problem_body(500, "the server met an unexpected error; it is in the server's log"),
                        status_code=500, media_type="application/problem+json")


def install(app: FastAPI) -> None:
    """Register the handlers."""
    app.add_exception_handler(GraphError, graph_error_handler)
    app.add_exception_handler(HTTPException, http_error_handler)
    app.add_exception_handler(Exception, unexpected_error_handler)
