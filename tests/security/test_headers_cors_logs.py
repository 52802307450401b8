"""Security headers on every response, CORS for /sparql reads only, one JSON access-log line per request."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from api.middleware import CSP

PAGE = {"Accept": "text/html"}
QUERY = "SELECT ?s WHERE { ?s a <https://w3id.org/vnqi/def#Law> } LIMIT 2"
ORIGIN = {"Origin": "https://example.org"}


@pytest.mark.parametrize("method,url,headers", [
    ("GET", "/", PAGE), ("GET", "/sparql", PAGE), ("GET", "/sparql?query=SELECT%20*%20{}", {}),
    ("GET", "/validate", PAGE), ("GET", "/impact", PAGE), ("GET", "/health", {}), ("GET", "/ready", {}),
    ("GET", "/static/vnqi.css", {}), ("GET", "/static/nothing-here.js", {}), ("GET", "/no/such/route", {}),
    ("POST", "/sparql", {"Content-Type": "text/plain"}), ("GET", "/search?q=luat", PAGE), ("GET", "/classes", PAGE),
    ("GET", "/static/editor.js%00.png", {}),
])
def test_every_response_carries_the_security_headers(client: TestClient, method: str, url: str,
                                                       headers: dict[str, str]) -> None:
    response = client.request(method, url, headers=headers)
    assert response.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/static/editor.js%00.png", "/static/%00", "/id/law%00", "/sparql%00"])
def test_a_nul_in_the_path_is_a_400_problem(client: TestClient, path: str) -> None:
    got = client.get(path)
    assert got.status_code == 400 and got.headers["content-type"] == "application/problem+json"
    assert "NUL" in got.json()["detail"]


@pytest.mark.parametrize(("path", "escape"), [("/id/doc/68-2006-qh11%0A", "%0A"), ("/classes%0A", "%0A"),
                                              ("/id/doc/68-2006-qh11.ttl%0D", "%0D"), ("/search%09", "%09"),
                                              ("/id/doc/68-2006-qh11%7F", "%7F")])
def test_a_control_character_in_the_path_is_a_400_problem(client: TestClient, path: str, escape: str) -> None:
    """A final newline matched the routes' `$` and served the page without it; every control character is refused."""
    got = client.get(path, headers={"Accept": "text/html"})
    assert got.status_code == 400 and got.json()["detail"] == f"the path holds a control character ({escape})"


def test_sparql_reads_are_open_to_other_origins(client: TestClient) -> None:
    got = client.get("/sparql", params={"query": QUERY},
                     headers={**ORIGIN, "Accept": "application/sparql-results+json"})
    assert got.status_code == 200 and got.headers["access-control-allow-origin"] == "*"
    assert "X-Result-Rows" in got.headers["access-control-expose-headers"]
    posted = client.post("/sparql", data={"query": QUERY}, headers=ORIGIN)
    assert posted.status_code == 200 and posted.headers["access-control-allow-origin"] == "*"
    direct = client.post("/sparql", content=QUERY, headers={**ORIGIN, "Content-Type": "application/sparql-query"})
    assert direct.status_code == 200 and direct.headers["access-control-allow-origin"] == "*"


def test_preflight_allows_reads_without_credentials(client: TestClient) -> None:
    got = client.options("/sparql", headers={**ORIGIN, "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type"})
    assert got.status_code == 204 and got.headers["access-control-allow-origin"] == "*"
    assert set(got.headers["access-control-allow-methods"].replace(" ", "").split(",")) == {"GET", "POST", "OPTIONS"}
    assert "authorization" not in got.headers["access-control-allow-headers"].lower()
    allowed = {h.strip().lower() for h in got.headers["access-control-allow-headers"].split(",")}
    assert {"accept", "content-type", "x-requested-with"} <= allowed  # what YASGUI / jQuery clients ask for


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_preflight_refuses_other_methods(client: TestClient, method: str) -> None:
    got = client.options("/sparql", headers={**ORIGIN, "Access-Control-Request-Method": method})
    assert got.status_code == 403 and "access-control-allow-origin" not in got.headers


def test_writes_are_not_open_to_other_origins(client: TestClient) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for headers, body in (({"Content-Type": "application/sparql-update"}, update),
                          ({"Content-Type": "application/sparql-query", "Authorization": "Bearer x" * 3}, QUERY)):
        got = client.post("/sparql", content=body, headers={**ORIGIN, **headers})
        assert "access-control-allow-origin" not in got.headers
    for method in ("GET", "PUT", "DELETE", "POST"):
        got = client.request(method, "/rdf-graph-store?default", headers=ORIGIN)
        assert "access-control-allow-origin" not in got.headers
    preflight = client.options("/rdf-graph-store?default", headers={**ORIGIN, "Access-Control-Request-Method": "PUT"})
    assert "access-control-allow-origin" not in preflight.headers


def test_other_routes_are_not_cors_enabled(client: TestClient) -> None:
    for url in ("/", "/health", "/validate", "/impact?amendment=70/2025/QH15"):
        assert "access-control-allow-origin" not in client.get(url, headers=ORIGIN).headers


def test_one_json_log_line_per_request_without_query_or_token(client: TestClient,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cr3t-token-value-123456"
    with caplog.at_level(logging.INFO, logger="vnqi.access"):
        got = client.get("/sparql", params={"query": QUERY + " # SECRETQUERY"},
                         headers={"Authorization": f"Bearer {secret}", "Accept": "application/sparql-results+json"})
        client.get("/no/such/route")
    lines = [r.getMessage() for r in caplog.records if r.name == "vnqi.access"]
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["method"] == "GET" and first["path"] == "/sparql" and first["status"] == 200
    assert first["bytes"] == len(got.content) and first["duration_ms"] >= 0
    assert set(first) == {"method", "path", "status", "duration_ms", "bytes"}
    assert second["status"] == 404 and second["path"] == "/no/such/route"
    assert all("SECRETQUERY" not in line and secret not in line for line in lines)


def test_large_responses_are_logged_with_their_size(live_client: TestClient,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 900"
    with caplog.at_level(logging.INFO, logger="vnqi.access"):
        got = live_client.get("/sparql", params={"query": query, "format": "json"})
    assert got.status_code == 200 and len(got.content) > 64 * 1024  # a large body: its size counted as sent
    record = json.loads([r.getMessage() for r in caplog.records if r.name == "vnqi.access"][-1])
    assert record["bytes"] == len(got.content) and got.headers["content-security-policy"] == CSP


def test_ready_names_the_served_version(live_client: TestClient, built_var) -> None:  # type: ignore[no-untyped-def]
    body = live_client.get("/ready").json()
    record = json.loads(((built_var / "current").resolve() / "vnqi-build.json").read_text())
    warm = body.pop("warm")  # the background warm-up of the stored version (tests/test_warmup.py)
    assert set(warm) == {"done", "seconds", "failed"} and warm["failed"] == {}
    assert set(warm["seconds"]) <= {"dependency graph", "entity terms", "search index"}
    workers = body.pop("query_workers")  # two workers, each holding a copy of a few MB: well within the default budget
    assert (workers["in_memory"], workers["on_disk"], workers["not_started"], workers["memory_budget_mb"]) == \
        (2, 0, 0, 2048)
    assert 0 < workers["copy_mb"] < 2048 / 2
    assert body == {"status": "ready", "version": (built_var / "current").resolve().name, "built": record["built"],
                    "quads": record["quads"], "current": (built_var / "current").resolve().name}


def test_ready_on_an_in_memory_store(client: TestClient, store) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/ready").json()
    assert body["status"] == "ready" and body["version"] is None and body["quads"] == len(store)
    assert body["warm"] is None and body["query_workers"] is None  # nothing to warm; queries run in the server


def test_not_ready_without_a_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(var_dir=tmp_path))) as empty:
        got = empty.get("/ready")
        assert got.status_code == 503 and got.json()["status"] == "unavailable" and "vnqi build" in got.json()["detail"]
        assert empty.get("/health").status_code == 503


def test_docs_page_has_the_common_policy_and_only_local_assets(client: TestClient) -> None:
    from api.middleware import CSP

    got = client.get("/docs")
    assert got.status_code == 200 and got.headers["content-security-policy"] == CSP
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in got.text and "http" not in got.text.split("<main>")[1]
    assert client.get("/redoc").status_code == 404


def test_an_unexpected_error_still_gets_the_headers_and_a_log_line(caplog: pytest.LogCaptureFixture,
                                                                   store) -> None:  # type: ignore[no-untyped-def]
    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(), store=store)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as failing, \
            caplog.at_level(logging.INFO, logger="vnqi.access"):
        got = failing.get("/boom")
    assert got.status_code == 500 and got.headers["content-security-policy"] == CSP
    assert "a bug" not in got.text  # no traceback to the client
    record = json.loads([r.getMessage() for r in caplog.records if r.name == "vnqi.access"][-1])
    assert record["status"] == 500 and record["path"] == "/boom"


@pytest.mark.parametrize("url,headers", [("/", PAGE), ("/classes", PAGE), ("/health", {}), ("/static/vnqi.css", {}),
                                         ("/sparql?query=ASK%20%7B%7D", {"Accept": "application/sparql-results+json"}),
                                         ("/no/such/route", {})])
def test_head_answers_as_get_without_a_body(client: TestClient, url: str, headers: dict[str, str]) -> None:
    get, head = client.get(url, headers=headers), client.head(url, headers=headers)
    assert head.status_code == get.status_code and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers.get("content-length") == get.headers.get("content-length")
    assert head.headers["content-security-policy"] == CSP
