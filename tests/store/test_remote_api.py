"""The HTTP app works unchanged on a remote store: the same answers as over the embedded store (`client`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from api.app import create_app
from api.settings import Settings
from graph.store import EmbeddedStore
from tests.conftest import ROOT
from tests.store.servers import free_port

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
QUERY = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
         "SELECT ?label WHERE { <https://w3id.org/vnqi/id/doc/68-2006-qh11> rdfs:label ?label }")


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote_client(request: pytest.FixtureRequest, loaded: Callable[[str], object],
                  server_url: Callable[[str], str]) -> Iterator[TestClient]:
    """The app configured with VNQI_STORE-style settings pointing at a loaded real server."""
    loaded(request.param)
    settings = Settings(root=ROOT, store=server_url(request.param), query_timeout_s=10)
    with TestClient(create_app(settings)) as test_client:
        test_client.kind = request.param  # type: ignore[attr-defined]
        yield test_client


def bindings(body: bytes) -> set[frozenset[tuple[str, str]]]:
    """SPARQL JSON results as a set of solutions (variable, value) — order left out."""
    doc = json.loads(body)
    return {frozenset((k, v["value"]) for k, v in b.items()) for b in doc["results"]["bindings"]}


def test_sparql_query(remote_client: TestClient, client: TestClient) -> None:
    headers = {"Accept": "application/sparql-results+json"}
    got = remote_client.post("/sparql", data={"query": QUERY}, headers=headers)
    want = client.post("/sparql", data={"query": QUERY}, headers=headers)
    assert got.status_code == want.status_code == 200
    assert got.headers["x-result-rows"] == want.headers["x-result-rows"]
    assert bindings(got.content) == bindings(want.content) and len(bindings(want.content)) >= 2


def test_sparql_construct_and_errors(remote_client: TestClient, client: TestClient) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/vnqi/graph/data/facts/facts> { ?s ?p ?o } }"
    got = remote_client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    want = client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert got.status_code == want.status_code == 200
    assert isomorphic(Graph().parse(data=got.text, format="turtle"), Graph().parse(data=want.text, format="turtle"))
    bad = remote_client.get("/sparql", params={"query": "SELEC ?x"}, headers={"Accept": "application/json"})
    assert bad.status_code == 400 and bad.json()["error"] == "SparqlSyntaxError"


def test_health_and_home(remote_client: TestClient, store: EmbeddedStore) -> None:
    health = remote_client.get("/health")
    assert health.status_code == 200 and health.json()["quads"] == len(store) > 8000
    home = remote_client.get("/", headers=BROWSER)
    assert home.status_code == 200 and "Luật" in home.text


@pytest.mark.parametrize("path", ["/id/doc/68-2006-qh11.ttl", "/impact?amendment=70/2025/QH15",
                                  "/search?q=68/2006/QH11", "/classes"])
def test_pages_answer_as_on_the_embedded_store(remote_client: TestClient, client: TestClient, path: str) -> None:
    want = client.get(path, headers={"Accept": "application/json, text/turtle;q=0.9, text/html;q=0.5"})
    got = remote_client.get(path, headers={"Accept": "application/json, text/turtle;q=0.9, text/html;q=0.5"})
    assert got.status_code == want.status_code == 200, got.text[:500]
    kind = want.headers["content-type"].split(";")[0]
    if kind == "text/turtle":
        assert isomorphic(Graph().parse(data=got.text, format="turtle"), Graph().parse(data=want.text, format="turtle"))
    elif kind == "application/json" and path.startswith("/impact"):
        assert impact_view(got.json()) == impact_view(want.json())
    elif kind == "application/json":
        assert got.json() == want.json()


def impact_view(body: dict) -> dict:
    """An impact report without the order of tied paths, which follows the store's result order."""
    groups = {g["role"]: {e["iri"]: (e["distance"], e["strength"], e["uncertain"],
                                     frozenset(p["text"] for p in e["paths"])) for e in g["entities"]}
              for g in body["groups"]}
    return {**{k: v for k, v in body.items() if k != "groups"}, "groups": groups}


def test_a_service_that_is_down_is_a_503() -> None:
    settings = Settings(root=ROOT, store=f"http://127.0.0.1:{free_port()}", query_timeout_s=2)
    with TestClient(create_app(settings)) as down:
        health = down.get("/health")
        assert health.status_code == 503 and health.json()["error"] == "StoreUnavailable"
        assert "not reachable" in health.json()["detail"] and health.headers["retry-after"] == "5"
        query = down.get("/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
        assert query.status_code == 503 and query.json()["error"] == "StoreUnavailable"


def test_shutdown_stops_the_warm_up_and_closes_the_connections(loaded: Callable[[str], object],
                                                                server_url: Callable[[str], str]) -> None:
    """The app opened the remote store, so the app closes it, once the warm-up has stopped using it."""
    loaded("oxigraph")
    app = create_app(Settings(root=ROOT, store=server_url("oxigraph"), query_timeout_s=10))
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        store, progress = app.state.store, app.state.warmup
        assert progress is not None and not store.transport._client.is_closed
    assert progress.stopping.is_set() and progress.thread is not None and not progress.thread.is_alive()
    assert store.transport._client.is_closed and app.state.store is None
