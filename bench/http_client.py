"""The benchmark's HTTP client: keep-alive HTTP/1.1 on the standard library's http.client.

It is what SPARQLWrapper and rdflib's SPARQLStore, the clients SPARQL users script with, send requests through
(urllib), and it costs less per request than httpx (about 0.3 ms less on this machine), so that the figures of
the servers under test carry as little of the client as possible. One connection per host and port, opened again
after an error or a time-out; the whole body is read. The interface is the part of httpx.Client the benchmark
uses (`post`, `get`, a response with `status_code`, `headers`, `content`, `text`).
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from typing import Self
from urllib.parse import urlsplit


@dataclass
class Reply:
    """A response read whole."""

    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise RuntimeError(f"HTTP {self.status_code}: {self.text[:300]}")


class KeepAliveClient:
    """Requests over one persistent connection per (host, port); TimeoutError after `timeout_s`."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._conns: dict[tuple[str, int], http.client.HTTPConnection] = {}

    def request(self, method: str, url: str, content: bytes | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        """Send and read the whole answer; a connection the server closed is opened again once."""
        parts = urlsplit(url)
        key = (parts.hostname or "127.0.0.1", parts.port or 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            conn = self._conns.get(key) or self._open(key)
            try:
                conn.request(method, target, body=content, headers=headers or {})
                answer = conn.getresponse()
                body = answer.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop(key)
                if attempt == 2:
                    raise
                continue
            except BaseException:  # a time-out included: the answer may still come, on a connection now unusable
                self._drop(key)
                raise
            if answer.will_close:
                self._drop(key)
            return Reply(answer.status, {k.lower(): v for k, v in answer.getheaders()}, body)
        raise AssertionError("unreachable")

    def post(self, url: str, content: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
        return self.request("POST", url, content, headers)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", url, None, headers)

    def _open(self, key: tuple[str, int]) -> http.client.HTTPConnection:
        conn = http.client.HTTPConnection(key[0], key[1], timeout=self.timeout_s)
        self._conns[key] = conn
        return conn

    def _drop(self, key: tuple[str, int]) -> None:
        conn = self._conns.pop(key, None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        for key in list(self._conns):
            self._drop(key)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
