"""Fuzzing against the app's own OpenAPI document, in process: every operation, a bounded number of generated
cases; never a 5xx, and every answer's status and content type declared by the document.

Schemathesis 3.39 generates the cases of the operations without path parameters; with the installed Hypothesis
(6.170) its generator fails on string path parameters (hypothesis-jsonschema: "'many' object has no attribute
'more'"), so those operations, and the query parameters the routes read without declaring them
(tests/security/test_hostile_input.ROUTES), are fuzzed with Hypothesis strategies here."""

from __future__ import annotations

import re
import warnings
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_hostile_input import BASE, ROUTES

schemathesis.experimental.OPEN_API_3_1.enable()  # FastAPI writes OpenAPI 3.1
EXAMPLES = 60  # per operation or parameter
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CALLS: dict[str, int] = {}
UNDECLARED: set[tuple[str, str, str, str]] = set()  # (method, template, status, content type) answered, not declared
KNOWN: set[tuple[str, str, str, str]] = set()  # every answered content type is declared


def openapi_document(app: FastAPI) -> tuple[dict[str, Any], list[str]]:
    """The app's OpenAPI document, freshly generated, and the warnings FastAPI gave while generating it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app.openapi_schema = None
        document = app.openapi()
    return document, [str(w.message) for w in caught]


def operation_of(document: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]]:
    """(template, operation) of the document matching a concrete method and path (literal paths first)."""
    paths = document["paths"]
    if path in paths and method.lower() in paths[path]:
        return path, paths[path][method.lower()]
    for template, operations in paths.items():
        parts = re.split(r"(\{[^}]+\})", template)
        pattern = "".join("(.+)" if part.startswith("{") else re.escape(part) for part in parts)
        if "{" in template and re.fullmatch(pattern, path) and method.lower() in operations:
            return template, operations[method.lower()]
    raise AssertionError(f"{method} {path}: no operation in the document")


def check(document: dict[str, Any], method: str, path: str, response: Any) -> None:
    """No 5xx (503 is declared: time limit or no store); the status and its content type are declared."""
    template, operation = operation_of(document, method, path)
    CALLS[f"{method} {template}"] = CALLS.get(f"{method} {template}", 0) + 1
    status = str(response.status_code)
    assert response.status_code < 500 or status == "503", (method, path, status, response.text[:300])
    declared = operation["responses"]
    assert status in declared or "default" in declared, (method, template, status, sorted(declared))
    content = declared.get(status, declared.get("default", {})).get("content", {})
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if content and method != "HEAD" and response.content and kind not in content and "*/*" not in content:
        UNDECLARED.add((method, template, status, kind))


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    """The app's document (with its problem responses)."""
    return openapi_document(client.app)[0]  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def api_schema(client: TestClient, document: dict[str, Any]) -> Any:  # `document` first: no warnings after
    """Schemathesis' view of the operations without path parameters."""
    return schemathesis.from_dict(document, app=client.app, endpoint="^[^{]*$")


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@SETTINGS
def test_schemathesis_cases_answer_as_documented(case: Any, client: TestClient) -> None:
    document = client.app.openapi()  # type: ignore[attr-defined]  # cached by the `document` fixture
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url))
    allowed = ("method", "url", "headers", "params", "content", "json", "data", "cookies")
    response = client.request(**{k: v for k, v in kwargs.items() if k in allowed})
    check(document, case.method.upper(), case.formatted_path, response)


SEGMENT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@pytest.mark.parametrize("method,template", [(m, t) for t in ("/id/doc/{x}", "/id/{x}", "/id/std/{x}.ttl")
                                             for m in ("GET", "HEAD")] + [("GET", "/classes/{x}"), ("GET", "/ics/{x}")])
def test_path_parameters_answer_as_documented(client: TestClient, document: dict[str, Any], template: str,
                                              method: str) -> None:

    @given(SEGMENT)
    @SETTINGS
    def run(value: str) -> None:
        path = template.replace("{x}", quote(value, safe=""))
        response = client.request(method, path, headers={"Accept": "text/html"})
        check(document, method, path, response)

    run()


@pytest.mark.parametrize("path", list(ROUTES))
def test_query_parameters_answer_as_documented(client: TestClient, document: dict[str, Any], path: str) -> None:
    names = ROUTES[path]

    @given(st.sampled_from(names), SEGMENT | st.integers().map(str) | st.dates().map(str),
           st.sampled_from(["text/html", "application/json", "*/*", "text/turtle", "text/csv"]))
    @SETTINGS
    def run(name: str, value: str, accept: str) -> None:
        response = client.get(path, params={**BASE.get(path, {}), name: value}, headers={"Accept": accept})
        check(document, "GET", path, response)

    run()


def test_every_operation_is_documented_with_its_errors(document: dict[str, Any]) -> None:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"400", "404", "406", "503"} <= set(operation["responses"]), (method, path)


def test_fuzzing_reached_every_operation(document: dict[str, Any]) -> None:
    """Runs last in this module: each GET operation of the document was called by one of the tests above."""
    wanted = {f"{m.upper()} {p}" for p, ops in document["paths"].items() for m in ops if m == "get"}
    missing = wanted - set(CALLS) - {"GET /docs", "GET /redoc", "GET /openapi.json", "GET /docs/oauth2-redirect"}
    assert not missing, missing
    print(f"\nfuzzing: {sum(CALLS.values())} calls over {len(CALLS)} operations")


def test_operation_ids_are_unique(client: TestClient) -> None:
    document, messages = openapi_document(client.app)  # type: ignore[arg-type]
    assert [m for m in messages if "Duplicate Operation ID" in m] == []
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_answers_content_types_are_declared() -> None:
    """Runs after the fuzzing tests: every content type answered is declared for its status (see KNOWN)."""
    print(f"\nundeclared content types: {sorted(UNDECLARED)}")
    assert UNDECLARED - KNOWN == set(), sorted(UNDECLARED - KNOWN)
    print(f"\nundeclared content types: {sorted(UNDECLARED)}")
