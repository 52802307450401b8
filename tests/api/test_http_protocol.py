"""Requests the HTTP parser cannot read, sent to `vnqi serve` really started on 127.0.0.1 (`live_server`): problem
JSON (414 for a URL over 65,535 bytes, 400 for what is not HTTP/1.1), never uvicorn's plain-text 400."""

from __future__ import annotations

import json
import socket
from http import HTTPStatus
from urllib.parse import quote, urlsplit

import httpx
import pytest

from api.http_protocol import MAX_URL

ASK = "ASK { ?s ?p ?o }"


def raw_exchange(base: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send `request` on a new connection and read the answer until the server closes it."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def padded(length: int) -> str:
    """A GET /sparql target of exactly `length` bytes: ASK followed by a comment padding it."""
    head = "/sparql?query=" + quote(ASK + "\n#")
    return head + "x" * (length - len(head))


def test_a_url_over_the_parser_limit_gets_414_problem_json(live_server: str) -> None:
    target = padded(MAX_URL + 10)
    status, headers, body = raw_exchange(live_server, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                      "Accept: application/sparql-results+json\r\n\r\n".encode())
    assert status == 414
    assert headers["content-type"] == "application/problem+json"
    assert headers["connection"] == "close" and headers["x-content-type-options"] == "nosniff"
    problem = json.loads(body)
    assert problem["status"] == 414 and problem["title"] == HTTPStatus(414).phrase  # "URI Too Long" from Python 3.13
    assert "send a query this long by POST (to /sparql" in problem["detail"]
    assert int(headers["content-length"]) == len(body)


def test_the_same_query_by_post_is_answered(live_server: str) -> None:
    query = ASK + "\n#" + "x" * (MAX_URL + 10)
    answer = httpx.post(live_server + "/sparql", content=query.encode(), timeout=30,
                        headers={"Content-Type": "application/sparql-query",
                                 "Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True


@pytest.mark.parametrize(("length", "status"), [(MAX_URL, 200), (MAX_URL + 1, 414)])
def test_the_limit_is_exact(live_server: str, length: int, status: int) -> None:
    status_got, _, body = raw_exchange(live_server, f"GET {padded(length)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                    "Accept: application/sparql-results+json\r\n"
                                                    "Connection: close\r\n\r\n".encode())
    assert status_got == status
    answer = json.loads(body)
    assert answer == {"head": {}, "boolean": True} if status == 200 else answer["status"] == 414


def test_a_long_url_after_a_good_request_on_the_same_connection(live_server: str) -> None:
    """Keep-alive: the first request is answered, the second (over the limit) gets 414, then the server closes."""
    good = "GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\n\r\n"
    long = f"GET {padded(MAX_URL + 10)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    parts = urlsplit(live_server)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(good.encode())
        first = b""
        while b'"boolean":true}' not in first:
            first += sock.recv(65536)
        sock.sendall(long.encode())
        second = b""
        while chunk := sock.recv(65536):
            second += chunk
    assert first.startswith(b"HTTP/1.1 200 ") and second.startswith(b"HTTP/1.1 414 ")
    assert json.loads(second.partition(b"\r\n\r\n")[2])["status"] == 414


def test_a_huge_url_is_not_read_to_its_end(live_server: str) -> None:
    """8 MB of URL: refused once past the limit; the server answers while the client is still sending."""
    parts = urlsplit(live_server)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"GET /sparql?query=" + b"x" * (MAX_URL + 1000))
        answer = sock.recv(65536)
        with pytest.raises(OSError):  # the server closed the connection: the rest cannot all be sent
            for _ in range(128):
                sock.sendall(b"x" * 65536)
    assert answer.startswith(b"HTTP/1.1 414 ")


@pytest.mark.parametrize("request_bytes", [b"NOT HTTP AT ALL\r\n\r\n", b"GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n"])
def test_what_is_not_http_gets_400_problem_json(live_server: str, request_bytes: bytes) -> None:
    status, headers, body = raw_exchange(live_server, request_bytes)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body) == {"type": "about:blank", "title": "Bad Request", "status": 400,
                                "detail": "the request is not valid HTTP/1.1: it could not be parsed"}
