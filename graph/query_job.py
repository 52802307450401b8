"""A SPARQL query job as the executors pass it: the request, its outcome, the errors it can end in, and the plain
tuples a query worker reads and writes (graph/sparql_worker.py)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from graph.errors import GraphError, NotRepresentable, QueryError
from graph.namespaces import PREFIXES

_POSITION = re.compile(r"error at (\d+):(\d+)")
_PREFIXED_END = re.compile(r"([A-Za-z][\w.-]*)?:[^\s{}()<>\"',;]*$")  # a prefixed name ending where Oxigraph stopped
NAME_TAIL = 256  # characters before the error's position searched for that name: a bound on the regex's work


class QueryTimeout(GraphError):
    """The query ran longer than the time limit and was stopped."""


class NotAcceptable(GraphError):
    """No offered format fits the Accept header for this query form ('results' or 'graph')."""

    def __init__(self, form: str) -> None:
        super().__init__(f"no acceptable format for {form}")
        self.form = form


class SparqlSyntaxError(QueryError):
    """A malformed query, with its line and column when the parser gives them."""

    def __init__(self, message: str) -> None:
        super().__init__(f"SPARQL syntax error: {message}")
        self.line, self.column = position(message)


def undeclared_prefix(exc: SparqlSyntaxError, query: str) -> SparqlSyntaxError:
    """`exc` said plainly when it is a prefixed name whose prefix the query does not declare: Oxigraph lists every
    character it could have read there instead, and the position it gives is just after the name."""
    if "Prefix not found" not in str(exc) or exc.line is None or exc.column is None:
        return exc
    lines = query.split("\n")
    before = lines[exc.line - 1][: exc.column - 1] if exc.line <= len(lines) else ""
    name = _PREFIXED_END.search(before[-NAME_TAIL:])  # unbounded, a long word before it costs quadratic time
    if name is None:
        return exc
    prefix = name.group(1) or ""
    iri = PREFIXES.get(prefix)
    fix = f"add PREFIX {prefix}: <{iri}>" if iri else f"declare it with PREFIX {prefix}: <…>"
    return SparqlSyntaxError(f"error at {exc.line}:{exc.column}: the prefix '{prefix}:' of {name.group(0)} is not "
                             f"declared; {fix}")


def position(message: str) -> tuple[int | None, int | None]:
    """The line and column of Oxigraph's syntax error message ("error at 2:22: …"), else (None, None)."""
    found = _POSITION.search(message)
    return (int(found.group(1)), int(found.group(2))) if found else (None, None)


class SizedStream(Protocol):
    """A body of known length that arrives in pieces (graph/worker_stream.BodyStream)."""

    size: int

    def __aiter__(self) -> AsyncIterator[bytes]: ...


@dataclass(frozen=True)
class QueryRequest:
    """One query with the formats negotiated for each possible form and the dataset of the protocol."""

    query: str
    result_format: str | None = "json"
    graph_format: str | None = "turtle"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 100_000
    base_iri: str | None = None  # resolves the query's relative IRIs (a BASE in the query wins)


@dataclass(frozen=True)
class QueryOutcome:
    """Serialised results: the form, the format, whether the cap cut them, how many rows, the bytes (or, for a large
    body of a query worker, `stream`: its `size` bytes as they come off the worker's pipe, `body` then empty)."""

    kind: str
    format: str
    truncated: bool
    rows: int
    body: bytes
    stream: SizedStream | None = None

    async def whole(self) -> bytes:
        """The body in one piece, streamed or not (a stream is read once)."""
        return self.body if self.stream is None else b"".join([piece async for piece in self.stream])


def wire(request: QueryRequest) -> tuple:
    """The request as the plain tuple the worker expects."""
    return (request.query, request.result_format, request.graph_format, list(request.default_graphs),
            list(request.named_graphs), request.max_rows, request.base_iri)


def outcome(response: tuple) -> QueryOutcome:
    """A worker response as an outcome, or the matching exception."""
    if response[0] == "ok":
        return QueryOutcome(*response[1:])
    _, kind, message = response
    if kind == "syntax":
        raise SparqlSyntaxError(message)
    if kind == "not-acceptable":
        raise NotAcceptable(message)
    if kind == "not-representable":
        raise NotRepresentable(message)
    raise QueryError(f"the query could not be evaluated: {message}")
