"""Large /sparql answers are streamed by `vnqi serve` really started on 127.0.0.1 (`live_server`): the body comes
as the query worker sends it, with its exact Content-Length and the result-size headers; HEAD gives the same
headers without the body; clients that hang up in the middle leave the server answering."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ROOT, Settings
from graph.build import current_store_path

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"
JSON = "application/sparql-results+json"


def _path(query: str) -> str:
    return "/sparql?" + urlencode({"query": query}, quote_via=quote)


def test_a_large_result_is_streamed_with_its_length_and_row_count(live_server: str, built_var: Path) -> None:
    """Over 1 MB of SPARQL JSON: Content-Length is the body's length, X-Result-Rows its rows, and the solutions
    are those pyoxigraph gives on the same version, in the same order."""
    with httpx.stream("GET", live_server + _path(QUERY), headers={"Accept": JSON}, timeout=30) as response:
        pieces = list(response.iter_raw())
    body = b"".join(pieces)
    assert response.status_code == 200 and response.headers["content-type"] == f"{JSON}; charset=utf-8"
    assert int(response.headers["content-length"]) == len(body) > 1 << 20
    assert "transfer-encoding" not in response.headers
    store = ox.Store.read_only(str(current_store_path(built_var)))
    expected = json.loads(store.query(QUERY, use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.JSON))
    got = json.loads(body)
    assert got == expected and int(response.headers["x-result-rows"]) == len(got["results"]["bindings"]) > 5000
    assert "x-result-truncated" not in response.headers


def test_head_of_a_large_result_has_its_headers_and_no_body(live_server: str) -> None:
    """HEAD answers as GET would, Content-Length included, with an empty body."""
    get = httpx.get(live_server + _path(QUERY), headers={"Accept": JSON}, timeout=30)
    head = httpx.head(live_server + _path(QUERY), headers={"Accept": JSON}, timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))
    assert head.headers["x-result-rows"] == get.headers["x-result-rows"]


def test_clients_that_hang_up_in_the_middle_leave_the_server_answering(live_server: str) -> None:
    """Four clients read the headers and a few bytes of a large answer, then close: more than the two query
    workers, so a worker left busy would show as the next queries waiting out the time limit."""
    host, port = urlsplit(live_server).hostname, urlsplit(live_server).port
    request = f"GET {_path(QUERY)} HTTP/1.1\r\nHost: {host}\r\nAccept: {JSON}\r\n\r\n".encode()
    for _ in range(4):
        with socket.create_connection((host, port), timeout=30) as sock:
            sock.sendall(request)
            assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    for _ in range(4):
        answer = httpx.get(live_server + _path("ASK {}"), headers={"Accept": JSON}, timeout=30)
        assert answer.status_code == 200 and answer.json() == {"head": {}, "boolean": True}
    assert time.monotonic() - started < 3  # the time limit is 5 s
    full = httpx.get(live_server + _path(QUERY), headers={"Accept": JSON}, timeout=30)
    assert int(full.headers["content-length"]) == len(full.content) and json.loads(full.content)["results"]


@pytest.fixture(scope="module")
def clients(built_var: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The app twice over the built store with real query workers: every answer streamed, and none."""
    base = {"root": ROOT, "var_dir": built_var, "query_timeout_s": 5, "max_rows": 2000, "query_workers": 1}
    with TestClient(create_app(Settings(**base, stream_from_bytes=0))) as streamed, \
            TestClient(create_app(Settings(**base, stream_from_bytes=1 << 40))) as whole:
        yield streamed, whole


@pytest.mark.parametrize(("query", "accept"), [
    (QUERY, JSON), (QUERY, "application/sparql-results+xml"), (QUERY, "text/csv"),
    (QUERY, "text/tab-separated-values"), ("ASK { ?s ?p ?o }", JSON),
    (CONSTRUCT, "application/n-triples"), (CONSTRUCT, "text/turtle"), (CONSTRUCT, "application/ld+json"),
])
def test_streamed_answers_equal_whole_ones_in_every_format(clients: tuple[TestClient, TestClient], query: str,
                                                           accept: str) -> None:
    """With every answer streamed (VNQI_STREAM_FROM_BYTES=0), the same status, bytes and headers as in one piece,
    the cap's truncation header included (2,000 rows of more)."""
    streamed, whole = (client.get(_path(query), headers={"Accept": accept}) for client in clients)
    assert streamed.status_code == whole.status_code == 200
    assert streamed.content == whole.content and len(streamed.content) > 0
    for name in ("content-type", "content-length", "x-result-rows", "x-result-truncated"):
        assert streamed.headers.get(name) == whole.headers.get(name), name
    assert whole.headers.get("x-result-truncated") == (None if query.startswith("ASK") else "true; limit=2000")
