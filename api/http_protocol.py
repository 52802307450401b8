"""The HTTP/1.1 protocol `vnqi serve` runs: uvicorn's httptools protocol, answering a request it cannot read with
problem JSON instead of uvicorn's plain-text "Invalid HTTP request received." (400).

- A URL longer than httptools reads (65,535 bytes: a long query sent by GET) → 414 URI Too Long, saying to send
  the query by POST (SPARQL 1.1 Protocol §2.1.2, §2.1.3). The URL is not read further than that.
- Anything else that is not HTTP/1.1 → 400.

The app never sees these requests (there is no request to give it), so the answer is written here, with the
headers every response carries (api.middleware), and the connection is closed as uvicorn does.
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from api.errors import problem_body
from api.middleware import CSP, SECURITY_HEADERS

MAX_URL = 65_535  # httptools.parse_url refuses longer URLs


class UrlTooLong(Exception):
    """Raised in the parser's URL callback: stops reading a URL already over MAX_URL."""


class ProblemHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with problem JSON for requests that cannot be parsed."""

    def on_url(self, url: bytes) -> None:
        """Collect the URL as uvicorn does; stop once it is over MAX_URL (no unbounded buffer)."""
        super().on_url(url)
        if len(self.url) > MAX_URL:
            raise UrlTooLong  # httptools raises a parser error, which uvicorn answers with send_400_response

    def send_400_response(self, msg: str) -> None:
        """Write 414 (URL too long) or 400 as problem JSON and close the connection."""
        url = getattr(self, "url", b"")
        if len(url) > MAX_URL:
            status, detail = 414, (f"the URL is over {MAX_URL:,} bytes: send a query this long by POST (to /sparql "
                                   "as application/sparql-query or form-encoded query=…)")
        else:
            status, detail = 400, "the request is not valid HTTP/1.1: it could not be parsed"
        self.transport.write(problem_bytes(status, detail, self.server_state.default_headers))
        self.transport.close()


def problem_bytes(status: int, detail: str, default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """A whole HTTP/1.1 response with a problem JSON body (RFC 9457) and `Connection: close`."""
    body = json.dumps(problem_body(status, detail), ensure_ascii=False).encode()
    headers = [*default_headers, (b"content-type", b"application/problem+json"),
               (b"content-length", str(len(body)).encode()), (b"connection", b"close"),
               (b"content-security-policy", CSP.encode()),
               *((name.encode(), value.encode()) for name, value in SECURITY_HEADERS)]
    return STATUS_LINE[status] + b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n" + body
