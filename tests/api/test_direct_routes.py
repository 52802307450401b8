"""Direct routes (api/direct_routes.py): GET and POST /sparql are answered without FastAPI's router, by the same
endpoint and the same error handlers, so every answer is the one the routed app gives (in process and from query
workers, streamed and cut by the row cap); what is not a direct route, or what the direct path could not follow
(a prefix, an earlier route, an added middleware, handlers keyed by status, telemetry), goes through FastAPI."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.testclient import TestClient
from opentelemetry import trace
from rdflib import Graph
from rdflib.compare import isomorphic

from api import direct_routes, errors, middleware
from api.app import create_app
from api.errors import HttpProblem
from api.plain_route import PlainRoute
from api.settings import Settings
from graph.store import EmbeddedStore
from tests.conftest import ROOT


def small_app(before: Callable[[FastAPI], None] = lambda app: None, **options: Any) -> FastAPI:
    """An app with one PlainRoute (/plain) and one APIRoute (/api), installed as create_app installs vnqi's;
    `before` adds routes ahead of the PlainRoute."""
    app = FastAPI(**options)
    before(app)
    errors.install(app)
    direct_routes.install(app)
    middleware.install(app)
    plain = APIRouter(route_class=PlainRoute)

    @plain.get("/plain")
    @plain.post("/plain")
    async def plain_endpoint(request: Request) -> Response:
        fail = request.query_params.get("fail")
        if fail == "problem":
            raise HttpProblem(418, "a teapot")
        if fail == "defect":
            raise RuntimeError("a defect")
        if fail in ("late", "late problem"):
            async def pieces() -> Iterator[bytes]:  # type: ignore[misc]
                yield b"a"
                raise RuntimeError("broke off") if fail == "late" else HttpProblem(418, "too late")
            return StreamingResponse(pieces())
        # Starlette's router puts the matched endpoint in the scope; the direct path does not
        routed = "endpoint" in request.scope
        return JSONResponse({"routed": routed, "app": request.app is app, "method": request.method,
                             "static": request.url_for("plain_endpoint").path}, headers={"x-routed": str(routed)})

    @app.get("/api")
    async def api_endpoint(request: Request) -> dict:
        return {"routed": "endpoint" in request.scope}

    app.include_router(plain)
    return app


@pytest.fixture(scope="module")
def small() -> Iterator[TestClient]:
    with TestClient(small_app(), raise_server_exceptions=False) as client:
        yield client


def test_a_plain_route_is_answered_directly_with_the_app_and_its_router(small: TestClient) -> None:
    for method in ("get", "post"):
        response = getattr(small, method)("/plain")
        assert response.json() == {"routed": False, "app": True, "method": method.upper(), "static": "/plain"}
        assert response.headers["x-content-type-options"] == "nosniff"  # the middleware still wraps it


def test_head_is_answered_directly_as_get_without_a_body(small: TestClient) -> None:
    response = small.head("/plain")
    assert response.status_code == 200 and response.content == b"" and response.headers["x-routed"] == "False"
    assert response.headers["content-type"] == "application/json"


def test_other_routes_methods_and_root_paths_go_through_fastapi(small: TestClient) -> None:
    assert small.get("/api").json() == {"routed": True}
    refused = small.put("/plain")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert refused.headers["content-type"] == "application/problem+json"
    with TestClient(small_app(), root_path="/vnqi") as under_root:
        assert under_root.get("/plain").json()["routed"] is True


def test_errors_go_to_the_apps_handlers(small: TestClient) -> None:
    problem = small.get("/plain?fail=problem")
    assert problem.status_code == 418
    assert problem.json()["detail"] == "a teapot" and problem.headers["content-type"] == "application/problem+json"
    defect = small.get("/plain?fail=defect")
    assert defect.status_code == 500 and "a defect" not in defect.text
    assert defect.json()["detail"] == "the server met an unexpected error; it is in the server's log"


def test_a_defect_is_raised_again_for_the_servers_log() -> None:
    with TestClient(small_app()) as client, pytest.raises(RuntimeError, match="a defect"):
        client.get("/plain?fail=defect")


@pytest.mark.parametrize("fail,error", [("late", RuntimeError), ("late problem", HttpProblem)])
def test_an_error_once_the_response_started_is_not_answered_again(fail: str, error: type) -> None:
    with TestClient(small_app()) as client, pytest.raises(error):  # TestClient fails on a second response start
        client.get("/plain", params={"fail": fail})


def direct_layer(app: FastAPI) -> direct_routes.DirectRoutes | None:
    """The DirectRoutes in the app's built stack (None if it has none)."""
    layer = app.build_middleware_stack()
    while layer is not None and not isinstance(layer, direct_routes.DirectRoutes):
        layer = getattr(layer, "app", None)
    return layer


def test_vnqi_answers_get_and_post_sparql_directly() -> None:
    layer = direct_layer(create_app(Settings(store="memory:")))
    assert layer is not None and set(layer.endpoints) == {("/sparql", "GET"), ("/sparql", "POST")}


def test_a_route_under_a_prefix_or_after_another_of_its_path_is_left_to_the_router() -> None:
    app = FastAPI()
    errors.install(app)
    direct_routes.install(app)
    prefixed, shadowed = APIRouter(route_class=PlainRoute), APIRouter(route_class=PlainRoute)

    @prefixed.get("/p")
    async def under_prefix(request: Request) -> Response:
        return JSONResponse({"routed": "endpoint" in request.scope})

    @app.get("/s")
    async def first(request: Request) -> dict:
        return {"first": True}

    @shadowed.get("/s")
    @shadowed.post("/s")
    async def second(request: Request) -> Response:
        return JSONResponse({"routed": "endpoint" in request.scope})

    app.include_router(prefixed, prefix="/api")
    app.include_router(shadowed)
    with TestClient(app) as client:
        assert client.get("/api/p").json() == {"routed": True}
        assert client.get("/p").status_code == 404
        assert client.get("/s").json() == {"first": True}  # the router's choice: the first route of GET /s
        assert client.post("/s").json() == {"routed": False}  # POST /s is the PlainRoute's alone
    assert set(direct_layer(app).endpoints) == {("/s", "POST")}  # type: ignore[union-attr]


class Raw:
    """A plain ASGI app (a route of it takes every method): it answers any request with "raw"."""

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"raw"})


def page_route(app: FastAPI) -> None:
    @app.get("/{page}")
    async def page(page: str) -> dict:
        return {"page": page}


def other_named_plain(app: FastAPI) -> None:  # a route of another endpoint named as the PlainRoute's
    app.add_api_route("/plain", lambda: {"other": True}, methods=["DELETE"], name="plain_endpoint")


@pytest.mark.parametrize("before,get,post", [
    (page_route, {"page": "plain"}, {"routed": False}),  # GET /{page} matches first; POST only the PlainRoute
    (lambda app: app.add_route("/plain", Raw()), b"raw", b"raw"),  # a route of every method
    (lambda app: app.mount("", Raw()), b"raw", b"raw"),  # a mount at the root
    (other_named_plain, {"routed": True}, {"routed": True}),  # its name is not its own: left to the router
], ids=["path parameter", "any method", "root mount", "shared name"])
def test_a_route_the_router_matches_first_keeps_the_request(before, get, post) -> None:  # type: ignore[no-untyped-def]
    with TestClient(small_app(before)) as client:
        answers = [client.request(method, "/plain") for method in ("GET", "POST")]
    for answer, expected in zip(answers, (get, post), strict=True):
        assert (answer.content if isinstance(expected, bytes) else
                {k: v for k, v in answer.json().items() if k in expected}) == expected


class Stamp:
    """A middleware added with add_middleware: it stamps every response."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        async def stamped(message) -> None:  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-stamp", b"1")]
            await send(message)
        await self.app(scope, receive, stamped)


async def teapot(request: Request, exc: Exception) -> Response:
    return JSONResponse({"teapot": True}, status_code=418)


@pytest.mark.parametrize("change", [
    lambda app: app.add_middleware(Stamp),
    lambda app: app.add_exception_handler(418, teapot),
    lambda app: app.add_exception_handler(KeyError, lambda request, exc: JSONResponse({})),
    lambda app: setattr(app, "debug", True),
], ids=["added middleware", "handler keyed by a status", "handler not a coroutine", "debug"])
def test_what_the_direct_path_could_not_follow_turns_it_off(change) -> None:  # type: ignore[no-untyped-def]
    app = small_app()
    change(app)
    with TestClient(app) as client:
        response = client.get("/plain")
        assert response.json()["routed"] is True
    assert response.headers.get("x-stamp") == ("1" if "Stamp" in str(app.user_middleware) else None)
    assert direct_layer(app).endpoints == {}  # type: ignore[union-attr]


class Tracing(trace.TracerProvider):
    """A tracer provider FastAPI's telemetry takes as configured (its spans are dropped)."""

    def get_tracer(self, *args: Any, **kwargs: Any) -> trace.Tracer:
        return trace.NoOpTracer()


def test_a_request_telemetry_follows_goes_through_the_router() -> None:
    app = small_app(telemetry={"tracer_provider": Tracing()})
    with TestClient(app) as client:
        assert client.get("/plain").json()["routed"] is True


class Odd(Exception):
    """An error whose handler fails."""


async def failing_handler(request: Request, exc: Exception) -> Response:
    raise ValueError("the handler broke")


def test_a_handler_that_fails_is_answered_as_a_defect() -> None:
    app = small_app()
    app.add_exception_handler(Odd, failing_handler)

    @app.router.routes[-1].original_router.get("/odd")  # type: ignore[attr-defined]
    async def odd(request: Request) -> Response:
        raise Odd

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/odd")
    assert ("/odd", "GET") in direct_layer(app).endpoints  # type: ignore[union-attr]
    assert response.status_code == 500 and response.headers["content-type"] == "application/problem+json"
    with TestClient(app) as client, pytest.raises(ValueError, match="the handler broke"):
        client.get("/odd")


# ---------------------------------------------------------------- the same answers as through FastAPI's router

QUERY = "PREFIX vnqi: <https://w3id.org/vnqi/def#> SELECT ?law WHERE { ?law a vnqi:Law } ORDER BY ?law LIMIT 5"
CONSTRUCT = "CONSTRUCT { ?law a <https://w3id.org/vnqi/def#Law> } WHERE { ?law a <https://w3id.org/vnqi/def#Law> }"
SPARQL = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
REQUESTS = [
    ("GET", "/sparql", {"Accept": "application/sparql-results+json"}, None, {"query": QUERY}),
    ("GET", "/sparql", {"Accept": "text/csv"}, None, {"query": QUERY}),
    ("GET", "/sparql", {}, None, {"query": QUERY, "format": "xml"}),
    ("POST", "/sparql", SPARQL, QUERY, None),
    ("POST", "/sparql", FORM, "query=" + QUERY.replace(" ", "+").replace("#", "%23"), None),
    ("POST", "/sparql", {**SPARQL, "Accept": "text/turtle"}, CONSTRUCT, None),
    ("HEAD", "/sparql", {}, None, {"query": QUERY}),
    ("GET", "/sparql", {"Accept": "text/turtle"}, None, None),  # the service description
    ("GET", "/sparql", {"Accept": "text/html"}, None, {"query": QUERY}),  # the editor
    ("GET", "/sparql", {"Accept": "text/html"}, None, {"query": "SELECT * {", "format": "json"}),  # form: error page
    ("POST", "/sparql", SPARQL, "SELECT * {", None),  # syntax error: 400 with line and column
    ("POST", "/sparql", {**SPARQL, "Accept": "image/png"}, QUERY, None),  # 406
    ("POST", "/sparql", {"Content-Type": "text/plain"}, QUERY, None),  # 415
    ("POST", "/sparql", SPARQL, "", None),  # no query
    ("GET", "/sparql", {}, None, {"query": QUERY, "format": "nonsense"}),  # unknown format
    ("POST", "/sparql", {"Content-Type": "application/sparql-update"}, "CLEAR ALL", None),  # no write token
    ("POST", "/sparql", SPARQL, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", None),
    ("PUT", "/sparql", SPARQL, QUERY, None),  # not a direct route: 405 from the router
]


@pytest.fixture(scope="module")
def routed(store: EmbeddedStore) -> Iterator[TestClient]:
    """The app as create_app builds it, but with every request going through FastAPI's router."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(direct_routes, "install", lambda app: None)
        app = create_app(Settings(root=ROOT), store=store)
    with TestClient(app) as client:
        yield client


def body(response) -> object:  # type: ignore[no-untyped-def]
    """The body, parsed where it is JSON or RDF."""
    kind = response.headers.get("content-type", "").split(";")[0]
    if not response.content:  # HEAD
        return b""
    if kind.endswith("json"):
        return json.loads(response.content)
    if kind == "text/turtle":
        return Graph().parse(data=response.content, format="turtle")
    return response.content


@pytest.mark.parametrize("method,path,headers,content,params", REQUESTS,
                         ids=[f"{i:02d}-{r[0]}" for i, r in enumerate(REQUESTS)])
def test_the_answer_is_the_routed_apps(client: TestClient, routed: TestClient, method, path, headers, content,
                                       params) -> None:  # type: ignore[no-untyped-def]
    direct, through = (c.request(method, path, headers=headers, content=content, params=params)
                       for c in (client, routed))
    assert direct.status_code == through.status_code
    assert_same(direct, through)


def assert_same(direct, through) -> None:  # type: ignore[no-untyped-def]
    """The same status, headers that carry meaning and (parsed) body."""
    assert direct.status_code == through.status_code
    same = ("content-type", "content-length", "allow", "vary", "x-result-rows", "x-result-truncated",
            "content-security-policy", "www-authenticate", "retry-after", "access-control-allow-origin")
    assert {h: direct.headers.get(h) for h in same} == {h: through.headers.get(h) for h in same}
    mine, theirs = body(direct), body(through)
    if isinstance(mine, Graph):
        assert isomorphic(mine, theirs) and len(mine) > 0
    else:
        assert mine == theirs


@pytest.fixture(scope="module")
def worker_pair(built_var: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The built store served by query workers, with this path and through the router; answers over 2 kB are
    streamed off the worker's pipe, and the row cap is 50."""
    settings = Settings(root=ROOT, var_dir=built_var, query_workers=1, stream_from_bytes=2000, max_rows=50)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(direct_routes, "install", lambda app: None)
        routed_app = create_app(settings)
    with TestClient(create_app(settings)) as direct, TestClient(routed_app) as through:
        yield direct, through


@pytest.mark.parametrize("content,accept", [
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o",  # cut at 50 (no
     "application/sparql-results+json"),  # blank node: each worker's copy labels them afresh)
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) }", "text/turtle"),  # streamed
    ("PREFIX vnqi: <https://w3id.org/vnqi/def#> SELECT ?law WHERE { ?law a vnqi:Law } ORDER BY ?law", "text/csv"),
    ("SELECT * WHERE { ?s ?p }", "application/sparql-results+json"),  # the worker's syntax error
], ids=["truncated", "streamed", "small", "syntax error"])
def test_a_workers_answer_is_the_routed_apps(worker_pair, content: str, accept: str) -> None:  # type: ignore[no-untyped-def]
    direct, through = (client.post("/sparql", content=content, headers={**SPARQL, "Accept": accept})
                       for client in worker_pair)
    assert_same(direct, through)
    if "isIRI" in content:
        assert direct.headers["x-result-truncated"] == "true; limit=50" and len(direct.content) > 2000
