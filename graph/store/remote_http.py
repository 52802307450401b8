"""The transport of RemoteStore: endpoint layout from the store URL, HTTP with retries, errors mapped to GraphError.

A store URL names a SPARQL 1.1 Protocol service; its layout (where queries, updates and the Graph Store Protocol
live) is read from the URL, never probed over the network:
- `http://host:port` (no path): the Oxigraph server layout — /query, /update, /store; queries ask for the union
  default graph (`union-default-graph` parameter);
- a path ending in `/sparql` (Virtuoso, `http://host:8890/sparql`): queries and updates at that URL, the Graph
  Store Protocol at the sibling `sparql-graph-crud`; Virtuoso's default graph is already the union;
- any other path (a Fuseki dataset `http://host:3030/ds`): queries, updates and GSP all at that URL.
A fragment overrides any part, relative to the URL: `#query=/q&update=/u&gsp=/data&union=param|native`
(the fragment is never sent to the server).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import httpx

from graph.errors import QueryError, StoreUnavailable
from graph.query_job import QueryTimeout


class RemoteTimeout(QueryTimeout):
    """The remote service did not answer, or stopped the query, within the time limit."""


@dataclass(frozen=True)
class Endpoints:
    """Where a service takes queries, updates and Graph Store Protocol requests, and how it unions graphs."""

    query: str
    update: str
    gsp: str
    union_param: bool  # True: ask for the union default graph with `union-default-graph` (Oxigraph)
    profile: str  # "oxigraph", "virtuoso" or "generic": chooses dialect details (timeouts, system graphs)


def endpoints(url: str) -> Endpoints:
    """The endpoint layout of a store URL (see the module docstring)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreUnavailable(f"not an http(s) store URL: {url!r}")
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    path = parts.path.rstrip("/")
    if not path:
        root = base.rstrip("/")
        found = Endpoints(root + "/query", root + "/update", root + "/store", True, "oxigraph")
    elif path.endswith("/sparql"):
        found = Endpoints(base, base, urljoin(base, "sparql-graph-crud"), False, "virtuoso")
    else:
        found = Endpoints(base, base, base, False, "generic")
    return _override(found, base, dict(parse_qsl(parts.fragment)))


def _override(found: Endpoints, base: str, options: dict[str, str]) -> Endpoints:
    """Apply the fragment's overrides."""
    unknown = set(options) - {"query", "update", "gsp", "union", "profile"}
    if unknown:
        raise StoreUnavailable(f"unknown store URL options: {', '.join(sorted(unknown))}")
    if options.get("union", "param") not in ("param", "native"):
        raise StoreUnavailable("store URL option union= must be 'param' or 'native'")
    here = base if base.endswith("/") else base + "/"
    return Endpoints(
        query=urljoin(here, options["query"]) if "query" in options else found.query,
        update=urljoin(here, options["update"]) if "update" in options else found.update,
        gsp=urljoin(here, options["gsp"]) if "gsp" in options else found.gsp,
        union_param=options["union"] == "param" if "union" in options else found.union_param,
        profile=options.get("profile", found.profile))


class Transport:
    """httpx with a time limit per request and retries (exponential backoff) on connection errors only."""

    RETRY_ON = (httpx.ConnectError, httpx.ConnectTimeout)

    def __init__(self, timeout_s: float = 30.0, retries: int = 3, backoff_s: float = 0.2) -> None:
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self._client = self._new_client()

    def request(self, method: str, url: str, *, timeout_s: float | None = None, **kwargs: object) -> httpx.Response:
        """Send, retrying a connection that could not be made; map what fails to GraphError subclasses."""
        timeout = httpx.USE_CLIENT_DEFAULT if timeout_s is None else httpx.Timeout(timeout_s, connect=5.0)
        for attempt in range(self.retries + 1):
            try:
                response = self.client.request(method, url, timeout=timeout, **kwargs)  # type: ignore[arg-type]
            except self.RETRY_ON as exc:
                if attempt == self.retries:
                    raise StoreUnavailable(f"the store at {url} is not reachable: {exc}") from exc
                time.sleep(self.backoff_s * 2**attempt)
                continue
            except httpx.TimeoutException as exc:
                raise RemoteTimeout(f"the store at {url} did not answer within the time limit") from exc
            except httpx.TransportError as exc:
                raise StoreUnavailable(f"the store at {url} failed: {exc}") from exc
            check(response)
            return response
        raise AssertionError("unreachable")

    def stream(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """A response whose body is read later (the caller closes it); errors as in request()."""
        request = self.client.build_request(method, url, **kwargs)  # type: ignore[arg-type]
        for attempt in range(self.retries + 1):
            try:
                response = self.client.send(request, stream=True)
            except self.RETRY_ON as exc:
                if attempt == self.retries:
                    raise StoreUnavailable(f"the store at {url} is not reachable: {exc}") from exc
                time.sleep(self.backoff_s * 2**attempt)
                continue
            except httpx.TimeoutException as exc:
                raise RemoteTimeout(f"the store at {url} did not answer within the time limit") from exc
            if response.status_code >= 400:
                response.read()
                response.close()
            check(response)
            return response
        raise AssertionError("unreachable")

    @property
    def client(self) -> httpx.Client:
        """The connection pool (opened again after close(): closing only releases idle connections)."""
        if self._client.is_closed:
            self._client = self._new_client()
        return self._client

    def _new_client(self) -> httpx.Client:
        return httpx.Client(timeout=httpx.Timeout(self.timeout_s, connect=min(5.0, self.timeout_s)))

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()


def check(response: httpx.Response) -> None:
    """Raise for an error status: 4xx is the request's fault, 502–504 the service's absence, other 5xx an error."""
    status = response.status_code
    if status < 400:
        if response.headers.get("x-sql-state") == "S1TAT":  # Virtuoso's partial "anytime" answer
            raise RemoteTimeout("the store stopped the query at its time limit (partial results refused)")
        return
    text = _message(response)
    if status in (502, 503, 504):
        raise StoreUnavailable(f"the store is unavailable (HTTP {status}): {text}")
    if status in (401, 403):
        raise StoreUnavailable(f"the store refused access (HTTP {status}): {text}")
    if status == 408:
        raise RemoteTimeout(f"the store stopped the query at its time limit: {text}")
    raise RemoteHttpError(status, text)


class RemoteHttpError(QueryError):
    """The service refused or failed a request; `status` is its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _message(response: httpx.Response) -> str:
    """A one-paragraph error text from a response body (HTML stripped to its text)."""
    text = response.text if response.content else response.reason_phrase
    if response.headers.get("content-type", "").startswith("text/html"):
        text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())[:500]
