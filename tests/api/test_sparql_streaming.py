"""Large /sparql answers are streamed by `vnqi serve` really started on 127.0.0.1 (`live_server`): the body comes
as the query worker sends it, with its exact Content-Length and the result-size headers; HEAD gives the same
headers without the body; clients that hang up in the middle leave the server answering."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.middleware import VnqiMiddleware
from api.routes.sparql import WorkerStreamResponse
from api.settings import ROOT, Settings
from graph import executor, sparql_worker
from graph.build import current_store_path
from graph.errors import StoreUnavailable
from graph.worker_merge import default_dataset
from graph.worker_stream import BodyStream

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"
JSON = "application/sparql-results+json"


def _path(query: str) -> str:
    return "/sparql?" + urlencode({"query": query}, quote_via=quote)


def test_a_large_result_is_streamed_with_its_length_and_row_count(live_server: str, built_var: Path) -> None:
    """Over 1 MB of SPARQL JSON: Content-Length is the body's length, X-Result-Rows its rows, and the solutions
    are those pyoxigraph gives on the store a worker serves (its in-memory copy of the version, with the merged
    default graph of graph/worker_merge.py), in the same order."""
    with httpx.stream("GET", live_server + _path(QUERY), headers={"Accept": JSON}, timeout=30) as response:
        pieces = list(response.iter_raw())
    body = b"".join(pieces)
    assert response.status_code == 200 and response.headers["content-type"] == f"{JSON}; charset=utf-8"
    assert int(response.headers["content-length"]) == len(body) > 1 << 20
    assert "transfer-encoding" not in response.headers
    store, base = sparql_worker.served(str(current_store_path(built_var)), True)
    expected = json.loads(store.query(QUERY, **default_dataset(base)).serialize(format=ox.QueryResultsFormat.JSON))
    got = json.loads(body)
    assert got == expected and int(response.headers["x-result-rows"]) == len(got["results"]["bindings"]) > 5000
    assert "x-result-truncated" not in response.headers


def test_head_of_a_large_result_has_its_headers_and_no_body(live_server: str) -> None:
    """HEAD answers as GET would, Content-Length included, and the server sends no byte after the headers (read
    off the socket until the server closes it)."""
    get = httpx.get(live_server + _path(QUERY), headers={"Accept": JSON}, timeout=30)
    host, port = urlsplit(live_server).hostname, urlsplit(live_server).port
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(f"HEAD {_path(QUERY)} HTTP/1.1\r\nHost: {host}\r\nAccept: {JSON}\r\n"
                     "Connection: close\r\n\r\n".encode())
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, after = raw.partition(b"\r\n\r\n")
    fields = dict(line.split(": ", 1) for line in head.decode().split("\r\n")[1:])
    assert head.startswith(b"HTTP/1.1 200") and after == b""
    assert fields["content-length"] == get.headers["content-length"] == str(len(get.content))
    assert fields["x-result-rows"] == get.headers["x-result-rows"]


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


@pytest.fixture()
def streams(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the bodies the query pools stream during a test."""
    sizes: list[int] = []

    class Counted(BodyStream):
        def __init__(self, conn, size, finished, stall_s: float = 30.0) -> None:  # type: ignore[no-untyped-def]
            sizes.append(size)
            super().__init__(conn, size, finished, stall_s)

    monkeypatch.setattr(executor, "BodyStream", Counted)
    return sizes


@pytest.mark.parametrize(("query", "accept"), [
    (QUERY, JSON), (QUERY, "application/sparql-results+xml"), (QUERY, "text/csv"),
    (QUERY, "text/tab-separated-values"), ("ASK { ?s ?p ?o }", JSON),
    (CONSTRUCT, "application/n-triples"), (CONSTRUCT, "text/turtle"), (CONSTRUCT, "application/ld+json"),
    (CONSTRUCT, "application/rdf+xml"), (CONSTRUCT, "application/trig"), (CONSTRUCT, "application/n-quads"),
])
def test_streamed_answers_equal_whole_ones_in_every_format(clients: tuple[TestClient, TestClient], query: str,
                                                           accept: str, streams: list[int]) -> None:
    """With every answer streamed (VNQI_STREAM_FROM_BYTES=0), the same status, bytes and headers as in one piece,
    the cap's truncation header included (2,000 rows of more); only the first app streamed."""
    streamed = clients[0].get(_path(query), headers={"Accept": accept})
    assert streams == [len(streamed.content)]
    whole = clients[1].get(_path(query), headers={"Accept": accept})
    assert len(streams) == 1
    assert streamed.status_code == whole.status_code == 200
    assert streamed.content == whole.content and len(streamed.content) > 0
    for name in ("content-type", "content-length", "x-result-rows", "x-result-truncated"):
        assert streamed.headers.get(name) == whole.headers.get(name), name
    assert whole.headers.get("x-result-truncated") == (None if query.startswith("ASK") else "true; limit=2000")


def test_an_answer_cut_short_is_left_incomplete_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    """A streamed body that breaks off (its worker stopped) sends what it had, never the final message (so the
    server closes the connection short of Content-Length), logs a warning instead of a traceback, and the access
    log says the response was not complete."""

    async def body() -> AsyncIterator[bytes]:
        yield b"abc"
        raise StoreUnavailable("the query worker stopped in the middle of its answer")

    app = VnqiMiddleware(WorkerStreamResponse(body(), media_type="text/plain", headers={"Content-Length": "10"}))
    messages: list[dict] = []
    scope = {"type": "http", "asgi": {"spec_version": "2.3"}, "method": "GET", "path": "/sparql",
             "query_string": b"", "headers": []}

    async def receive() -> dict:
        await asyncio.Event().wait()  # no disconnect
        return {}

    async def send(message: dict) -> None:
        messages.append(message)

    with caplog.at_level(logging.INFO, logger="vnqi.access"), caplog.at_level(logging.INFO, logger="vnqi.sparql"):
        asyncio.run(app(scope, receive, send))
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"]
    assert messages[1]["body"] == b"abc" and messages[1]["more_body"] is True
    warnings = [r.getMessage() for r in caplog.records if r.name == "vnqi.sparql"]
    assert warnings == ["a streamed SPARQL answer was cut short: the query worker stopped in the middle of its answer"]
    access = json.loads([r.getMessage() for r in caplog.records if r.name == "vnqi.access"][-1])
    assert (access["status"], access["bytes"], access["complete"]) == (200, 3, False)
