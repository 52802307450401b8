"""HTTP middleware installed on every app (security headers, request logs, CORS, HEAD as GET): one place.

Pure ASGI (not BaseHTTPMiddleware): it only looks at the response start message and counts body bytes, so
streaming responses, client disconnects and the query time limit behave as without it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders

from api.errors import HttpProblem, problem
from api.i18n import lang_cookie

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ACCESS_LOG = logging.getLogger("vnqi.access")

# No inline script or style anywhere (templates, static JS); YASGUI and Cytoscape style elements through the CSSOM,
# which CSP does not govern. One exception, allowed by its hash rather than with 'unsafe-inline': YASR's table
# plugin (column-resizer) injects one fixed <style> element (".grip-resizable{table-layout:fixed;} …"); blocking
# it leaves the column handles unstyled and logs a CSP error. A new YASGUI version with another text fails
# tests/security/test_csp_browser.py, which runs the editor in Chromium.
YASR_GRIP_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' " + YASR_GRIP_STYLE + "; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
SECURITY_HEADERS = (("x-content-type-options", "nosniff"), ("referrer-policy", "strict-origin-when-cross-origin"),
                    ("x-frame-options", "DENY"), ("cross-origin-opener-policy", "same-origin"))

CORS_PATH = "/sparql"
CORS_METHODS = "GET, POST, OPTIONS"
# X-Requested-With: jQuery-based clients send it; not Authorization: a browser never sends a write token cross-origin
CORS_HEADERS = "Accept, Content-Type, X-Requested-With"
CORS_EXPOSE = "X-Result-Rows, X-Result-Truncated"
UPDATE_TYPE = "application/sparql-update"


def cors_read(scope: Scope, headers: Headers) -> bool:
    """True for a /sparql read: GET, or POST carrying no credentials and not an update body.

    A form-encoded `update=` cannot be told apart without reading the body, but it needs the Bearer token, which
    a cross-origin browser cannot send (the preflight does not allow Authorization): the update is refused (401)
    before it could be read, and no write is ever CORS-enabled.
    """
    if scope["path"] != CORS_PATH or "authorization" in headers:
        return False
    if scope["method"] in ("GET", "HEAD"):
        return True
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    return scope["method"] == "POST" and kind != UPDATE_TYPE


def is_preflight(scope: Scope, headers: Headers) -> bool:
    """An OPTIONS request of a browser asking whether it may send a cross-origin request."""
    return scope["method"] == "OPTIONS" and "access-control-request-method" in headers


class VnqiMiddleware:
    """Security headers on every response, CORS for /sparql reads, one JSON access-log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap `send` to add headers and count bytes; log when the response is over (or failed)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        started, seen = time.perf_counter(), {"status": 0, "bytes": 0, "complete": False}
        cors = cors_read(scope, headers)
        head = scope["method"] == "HEAD"  # answered as GET without the body (RFC 9110 §9.3.2), on every route

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                message["headers"] = raw = list(message.get("headers", ()))
                if add_headers(raw, scope["path"], cors):  # a page, not data
                    keep_lang(MutableHeaders(scope=message), scope, headers)
            elif message["type"] == "http.response.body":
                if head:
                    if message.get("more_body", False):
                        return
                    message = {"type": "http.response.body", "body": b"", "more_body": False}
                seen["bytes"] += len(message.get("body", b""))
                seen["complete"] = not message.get("more_body", False)
            await send(message)

        try:
            if (control := CONTROL.search(scope["path"])) is not None:  # no route or file has one
                await problem(HttpProblem(400, control_message(control.group(0))))(scope, receive, send_with_headers)
            elif not utf8_query(scope.get("query_string", b"")):  # Starlette would read it with U+FFFD in place
                await problem(HttpProblem(400, "the URL's query percent-encodes bytes that are not UTF-8: encode "
                                               "the text in UTF-8"))(scope, receive, send_with_headers)
            elif scope["path"] == CORS_PATH and is_preflight(scope, headers):
                await preflight(headers, send_with_headers)
            else:
                await self.app({**scope, "method": "GET"} if head else scope, receive, send_with_headers)
        finally:
            log_request(scope, seen["status"] or 500, seen["bytes"], started, bool(seen["complete"]))


# A control character in a path: %00 made StaticFiles raise (a 500); a final %0A was dropped by the routes' `$`,
# which matches before a last newline, so /id/doc/x%0A served /id/doc/x.
CONTROL = re.compile("[\x00-\x1f\x7f]")


def control_message(char: str) -> str:
    """Why a path with a control character is refused, naming it (NUL for %00)."""
    name = "a NUL character" if char == "\x00" else "a control character"
    return f"the path holds {name} (%{ord(char):02X})"


HIGH_ESCAPE = re.compile(rb"%[89a-fA-F][0-9a-fA-F]")  # a percent-escape of a byte over 0x7F


def utf8_query(raw: bytes) -> bool:
    """Whether a URL's query, percent-decoded, is UTF-8 (every route reads its parameters so); ASCII without an
    escape of a byte over 0x7F needs no decoding (1 µs instead of 40 on a 1 KB query)."""
    if raw.isascii() and not HIGH_ESCAPE.search(raw):
        return True
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


RawHeaders = list[tuple[bytes, bytes]]
CSP_HEADER = (b"content-security-policy", CSP.encode())
VARY_HEADER = (b"vary", b"Accept, Accept-Language, Cookie")  # pages follow Accept and the language (?lang=, cookie, header)
SECURITY_RAW = tuple((name.encode(), value.encode()) for name, value in SECURITY_HEADERS)
CORS_RAW = ((b"access-control-allow-origin", b"*"),
            (b"access-control-expose-headers", CORS_EXPOSE.encode()))  # `*` for every origin: no Vary: Origin needed


def add_headers(raw: RawHeaders, path: str, cors: bool) -> bool:
    """Add the security headers (and CORS headers for a /sparql read) to a response start message's header list,
    in place and on raw bytes (this runs on every response); whether the response is an HTML page."""
    names = {name.lower() for name, _ in raw}
    set_headers = (CSP_HEADER, *CORS_RAW) if cors else (CSP_HEADER,)  # these replace a route's own
    if names.intersection(name for name, _ in set_headers):
        replaced = {name for name, _ in set_headers}
        raw[:] = [(name, value) for name, value in raw if name.lower() not in replaced]
    raw.extend(set_headers)
    if b"vary" not in names and not path.startswith("/static/"):
        raw.append(VARY_HEADER)
    raw.extend(header for header in SECURITY_RAW if header[0] not in names)
    return any(name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in raw)


def keep_lang(response: MutableHeaders, scope: Scope, request: Headers) -> None:
    """A page asked with ?lang= keeps that language in a cookie for the next pages (unless the route set it)."""
    cookie = lang_cookie(scope.get("query_string", b""), request.get("cookie"))
    if cookie and not any(v.startswith("lang=") for v in response.getlist("set-cookie")):
        response.append("set-cookie", cookie)


async def preflight(headers: Headers, send: Send) -> None:
    """Answer a CORS preflight for /sparql: reads only (GET/POST with Accept and Content-Type)."""
    method = headers.get("access-control-request-method", "").upper()
    allowed = method in ("GET", "POST")
    response = [(b"content-length", b"0")]
    if allowed:
        response += [(b"access-control-allow-origin", b"*"), (b"access-control-allow-methods", CORS_METHODS.encode()),
                     (b"access-control-allow-headers", CORS_HEADERS.encode()), (b"access-control-max-age", b"600")]
    await send({"type": "http.response.start", "status": 204 if allowed else 403, "headers": response})
    await send({"type": "http.response.body", "body": b""})


def log_request(scope: Scope, status: int, size: int, started: float, complete: bool = True) -> None:
    """One JSON line: method, path (no query string, no body, no header), status, duration, bytes sent, and
    `"complete": false` for a response whose body was never finished (a stream cut short, a client gone)."""
    if not ACCESS_LOG.isEnabledFor(logging.INFO):
        return
    record = {"method": scope["method"], "path": scope["path"], "status": status,
              "duration_ms": round((time.perf_counter() - started) * 1000, 1), "bytes": size}
    if not complete:
        record["complete"] = False
    ACCESS_LOG.info(json.dumps(record, ensure_ascii=False))


def configure_access_log(stream: Any = None) -> None:
    """Send the access log, one JSON object a line, to stderr (used by `vnqi serve`; tests use caplog)."""
    if any(getattr(h, "vnqi", False) for h in ACCESS_LOG.handlers):
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.vnqi = True  # type: ignore[attr-defined]
    ACCESS_LOG.addHandler(handler)
    ACCESS_LOG.setLevel(logging.INFO)
    ACCESS_LOG.propagate = False


def install(app: FastAPI) -> None:
    """Wrap `app`'s whole middleware stack, Starlette's ServerErrorMiddleware included, so that even a 500 page
    gets the headers and a log line (`add_middleware` would place it inside that one)."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: VnqiMiddleware(build())  # type: ignore[method-assign]
