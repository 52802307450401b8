"""Limits of /sparql on a real build with worker processes (`live_client`: time limit 3 s, row cap 1000):
the time limit really stops the work, other queries go on meanwhile, results are capped with a header, large
bodies are refused, and SERVICE makes no outbound request unless the endpoint is allowed.
"""

from __future__ import annotations

import csv
import io

import json
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.app import create_app
from api.settings import Settings
from graph.build import current_store_path
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 3  # live_client's query_timeout_s
CAP = 1000  # live_client's max_rows
FACTS = "https://w3id.org/vnqi/graph/data/facts/facts"
DIRECT = {"Content-Type": "application/sparql-query"}
JSON = {"Accept": "application/sparql-results+json"}
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
ORDERED = ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } "
           "ORDER BY ?s ?p ?o")
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def built(built_var: Path) -> ox.Store:
    """The store the live client serves, opened read-only here: the second route to the exact answers."""
    return ox.Store.read_only(str(current_store_path(built_var)))


def count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))[0].value)


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return json.loads(response.content)["results"]["bindings"]


# ------------------------------------------------------------------------------------------------ time limit

def test_time_limit_stops_the_query_while_other_queries_go_on(live_client: TestClient, built: ox.Store) -> None:
    """A cross join answers 503 after the time limit (its worker is killed); a short query sent while it runs is
    answered at once by the other worker; the same client gets exact answers right after."""
    done: dict[str, tuple[float, object]] = {}

    def run(name: str, query: str) -> None:
        r = live_client.post("/sparql", content=query, headers={**DIRECT, **JSON})
        done[name] = (time.monotonic(), r)

    started = time.monotonic()
    slow = threading.Thread(target=run, args=("slow", CROSS_JOIN))
    slow.start()
    time.sleep(0.3)  # the slow query holds one worker now
    run("short", 'ASK { ?d <http://purl.org/dc/terms/identifier> "68/2006/QH11" }')
    slow.join(TIMEOUT + 10)
    assert not slow.is_alive()

    short_at, short = done["short"]
    assert short.status_code == 200 and json.loads(short.content)["boolean"] is True
    assert short_at - started < 1.5, short_at - started
    slow_at, r = done["slow"]
    assert slow_at - short_at > TIMEOUT - 1.5  # the short one was answered long before the slow one ended
    assert TIMEOUT - 0.1 <= slow_at - started < TIMEOUT + 2, slow_at - started
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json" and r.headers["retry-after"] == "5"
    body = r.json()
    assert body["error"] == "QueryTimeout" and f"{TIMEOUT} s" in body["detail"]

    # The killed worker was replaced: exact answers right after, and quickly.
    laws = count(built, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/vnqi/def#Law> }")
    for _ in range(3):  # more queries than one worker: both workers answer
        started = time.monotonic()
        r = live_client.get("/sparql", params={"query": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE "
                                                        "{ ?d a <https://w3id.org/vnqi/def#Law> }"}, headers=JSON)
        assert rows(r) == [{"n": {"type": "literal", "value": str(laws),
                                  "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
        assert time.monotonic() - started < 2


def test_the_service_description_names_the_graphs_without_holding_up_other_requests(
        live_client: TestClient, built: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """GET /sparql without a query lists exactly the graphs a query finds; it reads them off the event loop, so a
    store slow to list them (a remote one) does not hold up a query sent meanwhile."""
    store = live_client.app.state.store
    listed = store.graphs()
    monkeypatch.setattr(store, "graphs", lambda: time.sleep(1.5) or listed)
    done: dict[str, tuple[float, object]] = {}

    def describe() -> None:
        r = live_client.get("/sparql", headers={"Accept": "application/n-triples"})
        done["description"] = (time.monotonic(), r)

    started = time.monotonic()
    slow = threading.Thread(target=describe)
    slow.start()
    time.sleep(0.3)
    r = live_client.post("/sparql", content="ASK {}", headers={**DIRECT, **JSON})
    answered = time.monotonic()
    slow.join(10)
    assert r.status_code == 200 and answered - started < 1.2, answered - started
    at, description = done["description"]
    assert description.status_code == 200 and at - started >= 1.5
    got = Graph().parse(data=description.text, format="nt")
    names = {str(name) for name in got.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#name"))}
    in_store = {g.value for g in built.named_graphs() if next(built.quads_for_pattern(None, None, None, g), None)}
    assert names == in_store and len(names) > 5


def test_the_defaults_are_the_documented_limits(built_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without VNQI_* settings: queries stopped after 30 s, 100,000 rows, 1 MB bodies, read-only, SERVICE refused;
    the running server's query workers get that time limit."""
    for name in ("VNQI_QUERY_TIMEOUT_S", "VNQI_MAX_ROWS", "VNQI_MAX_BODY_BYTES", "VNQI_WRITE_TOKEN",
                 "VNQI_SERVICE_ALLOW"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(root=ROOT, var_dir=built_var, query_workers=1, query_in_memory=False, warm_up=False)
    assert (settings.query_timeout_s, settings.max_rows, settings.max_body_bytes) == (30.0, 100_000, 1_000_000)
    assert settings.write_token is None and settings.service_allow == []
    with TestClient(create_app(settings)) as client:
        assert client.app.state.executor.timeout_s == 30.0
        assert client.post("/sparql", content="CLEAR ALL",
                           headers={"Content-Type": "application/sparql-update"}).status_code == 403


# ------------------------------------------------------------------------------------------------ row cap

def test_select_is_capped_with_the_truncation_header(live_client: TestClient, built: ox.Store) -> None:
    total = count(built, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert total > CAP
    r = live_client.post("/sparql", content=ALL, headers={**DIRECT, **JSON})
    assert len(rows(r)) == CAP
    assert r.headers["x-result-truncated"] == f"true; limit={CAP}"
    assert r.headers["x-result-rows"] == str(CAP)


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_cap_in_every_results_format(live_client: TestClient, accept: str) -> None:
    r = live_client.post("/sparql", content=ALL, headers={**DIRECT, "Accept": accept})
    assert r.status_code == 200 and r.headers["x-result-truncated"] == f"true; limit={CAP}"
    if accept.endswith("xml"):
        n = len(ET.fromstring(r.content).find(SRX + "results").findall(SRX + "result"))
    elif accept == "text/csv":  # quoted CSV values may hold newlines: parse, do not count lines
        n = len(list(csv.reader(io.StringIO(r.content.decode("utf-8"), newline="")))) - 1
    else:
        n = len(r.content.rstrip(b"\n").split(b"\n")) - 1  # header line; TSV escapes newlines in values
    assert n == CAP


def test_truncated_rows_are_the_first_rows(live_client: TestClient) -> None:
    """The capped answer is exactly the first max_rows solutions, terms intact (datatypes, languages)."""
    capped = live_client.post("/sparql", content=ORDERED, headers={**DIRECT, **JSON})
    limited = live_client.post("/sparql", content=ORDERED + f" LIMIT {CAP}", headers={**DIRECT, **JSON})
    assert capped.headers["x-result-truncated"] == f"true; limit={CAP}"
    assert "x-result-truncated" not in limited.headers
    assert rows(capped) == rows(limited)
    assert any("xml:lang" in b["o"] for b in rows(capped)) and any("datatype" in b["o"] for b in rows(capped))


@pytest.mark.parametrize(("limit", "expected", "truncated"), [(CAP - 1, CAP - 1, False), (CAP, CAP, False),
                                                              (CAP + 1, CAP, True), (10, 10, False)])
def test_cap_boundary(live_client: TestClient, limit: int, expected: int, truncated: bool) -> None:
    r = live_client.post("/sparql", content=f"{ALL} LIMIT {limit}", headers={**DIRECT, **JSON})
    assert len(rows(r)) == expected and r.headers["x-result-rows"] == str(expected)
    assert ("x-result-truncated" in r.headers) is truncated


def test_construct_is_capped_likewise(live_client: TestClient, built: ox.Store) -> None:
    in_facts = count(built, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{FACTS}> {{ ?s ?p ?o }} }}")
    assert in_facts > CAP
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{FACTS}> {{ ?s ?p ?o }} }}"
    for accept, fmt in (("application/n-triples", "nt"), ("text/turtle", "turtle")):
        r = live_client.post("/sparql", content=query, headers={**DIRECT, "Accept": accept})
        assert r.status_code == 200
        assert r.headers["x-result-truncated"] == f"true; limit={CAP}" and r.headers["x-result-rows"] == str(CAP)
        assert len(Graph().parse(data=r.content, format=fmt)) == CAP
    r = live_client.post("/sparql", content=query + " LIMIT 10", headers={**DIRECT, "Accept": "application/n-triples"})
    assert "x-result-truncated" not in r.headers and r.headers["x-result-rows"] == "10"
    assert len(Graph().parse(data=r.content, format="nt")) == 10



def test_a_result_far_over_the_cap_is_cut_as_it_is_written(live_client: TestClient, built: ox.Store) -> None:
    """A cross join of the whole store (its square: far more rows than the worker could write within the time
    limit) comes back at once, cut at the cap, as SELECT in JSON and TSV and as CONSTRUCT in N-Triples: the store's
    serialiser is stopped at the cap instead of writing the whole result first."""
    assert len(built) ** 2 > 1000 * CAP
    cross = "WHERE { ?a ?b ?c . ?d ?e ?f }"
    started = time.monotonic()
    r = live_client.post("/sparql", content="SELECT * " + cross, headers={**DIRECT, **JSON})
    assert r.status_code == 200, r.text
    assert r.headers["x-result-truncated"] == f"true; limit={CAP}" and r.headers["x-result-rows"] == str(CAP)
    assert len(rows(r)) == CAP and all(set(row) == set("abcdef") for row in rows(r))
    r = live_client.post("/sparql", content="SELECT * " + cross, headers={**DIRECT, "Accept": "text/tab-separated-values"})
    lines = r.text.splitlines()
    assert r.status_code == 200 and len(lines) == CAP + 1 and lines[0] == "?a\t?b\t?c\t?d\t?e\t?f"
    r = live_client.post("/sparql", content="CONSTRUCT { ?a ?b ?f } " + cross,
                         headers={**DIRECT, "Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["x-result-truncated"] == f"true; limit={CAP}"
    assert len(r.content.splitlines()) == CAP and len(Graph().parse(data=r.content, format="nt")) > 0
    assert time.monotonic() - started < TIMEOUT


# ------------------------------------------------------------------------------------------------ body size

def test_oversize_body_is_413(live_client: TestClient) -> None:
    limit = live_client.app.state.settings.max_body_bytes
    exact = "ASK {} #" + "x" * (limit - len("ASK {} #"))
    assert len(exact.encode()) == limit
    r = live_client.post("/sparql", content=exact, headers=DIRECT)
    assert r.status_code == 200 and json.loads(r.content)["boolean"] is True
    r = live_client.post("/sparql", content=exact + "x", headers=DIRECT)
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    assert str(limit) in r.json()["detail"]
    form = "query=" + "x" * limit
    assert live_client.post("/sparql", content=form,
                            headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 413


def test_oversize_chunked_body_is_413(live_client: TestClient) -> None:
    """Without a Content-Length the body is counted while it is read."""
    limit = live_client.app.state.settings.max_body_bytes

    def chunks() -> Iterator[bytes]:
        yield b"ASK {} #"
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    r = live_client.post("/sparql", content=chunks(), headers=DIRECT)
    assert r.request.headers.get("transfer-encoding") == "chunked"
    assert r.status_code == 413


# ------------------------------------------------------------------------------------------------ SERVICE

@pytest.fixture()
def listener() -> Iterator[socket.socket]:
    """A TCP socket listening on 127.0.0.1 that nobody should connect to."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock
    sock.close()


def no_connection(sock: socket.socket) -> bool:
    sock.settimeout(0.3)
    try:
        conn, _ = sock.accept()
    except (TimeoutError, socket.timeout):
        return True
    conn.close()
    return False


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{ep}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{ep}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{ep}> AS ?where) SERVICE ?where {{ ?s ?p ?o }} }}",
    "PREFIX e: <{ep}/>\nSELECT * WHERE {{ SERVICE e:x {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_without_an_outbound_request(live_client: TestClient, listener: socket.socket,
                                                       template: str) -> None:
    endpoint = "http://127.0.0.1:{}/sparql".format(listener.getsockname()[1])
    r = live_client.post("/sparql", content=template.format(ep=endpoint), headers=DIRECT)
    assert r.status_code == 400 and r.json()["error"] == "ServiceNotAllowed"
    assert "no outbound requests" in r.json()["detail"]
    assert no_connection(listener), "the refused SERVICE endpoint was contacted"


class _Endpoint(BaseHTTPRequestHandler):
    """A tiny SPARQL endpoint answering every query with one solution ?n = "remote-42"."""

    seen: list[tuple[str, str, str]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
        self.seen.append((self.command, self.headers.get("content-type", ""), body))
        answer = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "value": "remote-42"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture()
def remote_endpoint(local_http) -> Iterator[str]:
    _Endpoint.seen = []
    with local_http(_Endpoint) as base:
        yield f"{base}/sparql"


def test_service_to_an_allowed_endpoint_reaches_it(store: EmbeddedStore, remote_endpoint: str,
                                                   listener: socket.socket) -> None:
    other = "http://127.0.0.1:{}/sparql".format(listener.getsockname()[1])
    app = create_app(Settings(root=ROOT, service_allow=[remote_endpoint]), store=store)
    query = (f"SELECT ?d ?n WHERE {{ ?d <http://purl.org/dc/terms/identifier> \"68/2006/QH11\" "
             f"SERVICE <{remote_endpoint}> {{ ?x <http://example.org/p> ?n }} }}")
    with TestClient(app) as c:
        r = c.post("/sparql", content=query, headers={**DIRECT, **JSON})
        assert rows(r) == [{"d": {"type": "uri", "value": "https://w3id.org/vnqi/id/doc/68-2006-qh11"},
                            "n": {"type": "literal", "value": "remote-42"}}]
        assert len(_Endpoint.seen) == 1
        method, content_type, body = _Endpoint.seen[0]
        assert method == "POST" and content_type == "application/sparql-query" and "example.org/p" in body
        # Another endpoint is still refused, naming the allowed ones, and is not contacted.
        r = c.post("/sparql", content=f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}", headers=DIRECT)
        assert r.status_code == 400 and r.json()["error"] == "ServiceNotAllowed"
        assert r.json()["detail"] == f"SERVICE <{other}> is not allowed; allowed endpoints: {remote_endpoint}"
    assert no_connection(listener)
    assert len(_Endpoint.seen) == 1
