"""The OpenAPI document states the error answers every operation may give: the problem JSON (RFC 9457) that the
single GraphError handler (api/errors.py) returns, with the statuses it maps, so that clients and fuzzers
(tests/security/test_fuzz_openapi.py) can check answers against it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "detail": {"type": "string"}, "error": {"type": "string"}},
}
READ_ERRORS = {"400": "Malformed request (the detail says what)", "404": "No such entity, document or page",
               "406": "No acceptable format (the problem lists the offered ones)",
               "503": "No graph is loaded, or the query ran past the time limit"}
WRITE_ERRORS = {"401": "A valid Bearer token is required", "403": "Writes are disabled",
                "413": "The request body is too large", "415": "Unsupported Content-Type",
                "422": "The result would not conform to the shapes"}


def problem_response(description: str) -> dict[str, Any]:
    """An OpenAPI response whose body is a problem document (a browser may get an HTML page instead)."""
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}},
                        "text/html": {"schema": {"type": "string"}}}}


def add_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the problem responses on every operation (in place; idempotent)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            errors = READ_ERRORS if method in ("get", "head") else {**READ_ERRORS, **WRITE_ERRORS}
            for status, description in errors.items():
                operation.setdefault("responses", {}).setdefault(status, problem_response(description))
    return schema


def install(app: FastAPI) -> None:
    """Make app.openapi() return the document with the problem responses."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        return add_problems(generate())

    app.openapi = openapi  # type: ignore[method-assign]


def answers(*media_types: str, description: str = "The answer, in the negotiated format") -> dict[int | str, Any]:
    """`responses=` for a route whose 200 answer comes in several negotiated media types."""
    return {200: {"description": description, "content": {t: {} for t in media_types}}}
