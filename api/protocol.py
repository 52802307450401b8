"""SPARQL 1.1 Protocol requests: read GET/POST forms into one ProtocolRequest, refusing malformed ones."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from fastapi import Request

from api.errors import HttpProblem
from graph.errors import QueryError
from graph.sparql_guard import iri_ref

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    """What the client asked: one query or one update, the dataset, and a `format` override."""

    query: str | None
    update: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing more than `limit` bytes with 413 without reading it all, and a body that another
    charset would read differently from UTF-8 with 415 (a UTF-16 upload was misread, not refused)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HttpProblem(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpProblem(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    _check_charset(_charset(request.headers.get("content-type", "")), body)
    return body


def _check_charset(charset: str | None, body: bytes) -> None:
    """415 unless the body reads the same as UTF-8: UTF-8 or ASCII declared, or an ASCII-compatible charset over
    ASCII bytes (Apache HttpClient labels its ASCII forms ISO-8859-1); never UTF-16 or UTF-32."""
    if charset in (None, "utf-8", "utf8", "us-ascii", "ascii"):
        return
    if charset.startswith(("utf-16", "utf-32", "ucs-", "utf16", "utf32")) or not body.isascii():
        raise HttpProblem(415, f"unsupported charset {charset!r}: send the body in UTF-8")


def _charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type value, lower case and unquoted (None without one)."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


FORM_CHARSETS = {"utf-8": "utf-8", "utf8": "utf-8", "us-ascii": "utf-8", "ascii": "utf-8", "iso-8859-1": "latin-1",
                 "latin1": "latin-1", "latin-1": "latin-1", "windows-1252": "cp1252", "cp1252": "cp1252"}
# the charsets a form's percent-escapes are read in (HTML forms and Apache HttpClient send these); others: 415


def media_type(request: Request) -> str:
    """The request's Content-Type without parameters."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _one(params: dict[str, list[str]], name: str) -> str | None:
    """The single value of a parameter; 400 if it is repeated."""
    values = params.get(name, [])
    if len(values) > 1:
        raise HttpProblem(400, f"the '{name}' parameter is given {len(values)} times; give it once")
    return values[0] if values else None


def _without_bom(text: str | None) -> str | None:
    """The text without a leading byte order mark (editors on Windows save .rq files with one; the SPARQL grammar
    has no place for it)."""
    return text[1:] if text is not None and text.startswith("\ufeff") else text


def from_params(params: dict[str, list[str]], body_query: str | None = None, body_update: str | None = None
                ) -> ProtocolRequest:
    """Build and check a request from protocol parameters (and a direct POST body)."""
    query = _without_bom(body_query if body_query is not None else _one(params, "query"))
    update = _without_bom(body_update if body_update is not None else _one(params, "update"))
    if body_query is not None and "query" in params:
        raise HttpProblem(400, "a query is given both in the body and in the 'query' parameter")
    if query is not None and update is not None:
        raise HttpProblem(400, "give either a query or an update, not both")
    if query is not None and not query.strip():
        raise HttpProblem(400, "the query is empty")
    return ProtocolRequest(
        query=query,
        update=update,
        default_graphs=_graph_iris(params, "default-graph-uri", "using-graph-uri"),
        named_graphs=_graph_iris(params, "named-graph-uri", "using-named-graph-uri"),
        format=_formats(params),
    )


def _graph_iris(params: dict[str, list[str]], *names: str) -> tuple[str, ...]:
    """The graph IRIs of the dataset parameters `names`; 400 naming the parameter for a value that is not an
    absolute IRI (the engine's own message did not say which parameter it was)."""
    iris = []
    for name in names:
        for value in params.get(name, []):
            try:
                iri_ref(value)
            except QueryError as exc:
                raise HttpProblem(400, f"{name}: {exc}") from exc
            iris.append(value)
    return tuple(dict.fromkeys(iris))  # a graph named twice is still one graph of the dataset (not read twice)


def _formats(params: dict[str, list[str]]) -> str | None:
    """The `format` parameter (or `output`, as Fuseki and scripts written for it name it); repeated (as SPARQLWrapper
    does: format=rdf+xml&format=application/rdf+xml), its values are alternatives in order, kept as one
    comma-separated list for negotiation.by_name."""
    values = params.get("format", []) + params.get("output", [])
    return ",".join(values) if values else None


async def read_protocol(request: Request, max_body: int) -> ProtocolRequest:
    """A GET or POST /sparql request as a ProtocolRequest; 415 for other body types."""
    url_params = query_params(request)
    if request.method == "GET":
        if "update" in url_params:
            raise HttpProblem(400, "updates must be sent with POST (update= form or application/sparql-update)")
        return from_params(url_params)
    kind = media_type(request)
    body = await read_body(request, max_body)
    text = utf8_text(body, "request body")
    if kind == FORM:
        params = _params(text, _charset(request.headers.get("content-type", "")), "form")
        for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri", "format",
                     "output"):  # as a servlet (Fuseki) reads a form POST: the body's values and the URL's
            params[name] = params.get(name, []) + url_params.get(name, [])
        if "query" in url_params and "update" not in params:  # a query in both is given twice: 400
            params["query"] = url_params["query"] + params.get("query", [])
        return from_params(params)
    if kind == QUERY:
        return from_params(url_params, body_query=text)
    if kind == UPDATE:
        return from_params(url_params, body_update=text)
    raise HttpProblem(415, f"unsupported Content-Type {kind or '(none)'!r}; use {FORM}, {QUERY} or {UPDATE}",
                      accepted=[FORM, QUERY, UPDATE])


def query_params(request: Request) -> dict[str, list[str]]:
    """The URL's query parameters, percent-decoded as UTF-8; 400 for bytes that are not (never U+FFFD)."""
    return _params(utf8_text(request.scope["query_string"], "URL"), None, "URL")


def _params(text: str, charset: str | None, where: str) -> dict[str, list[str]]:
    """Percent-decoded parameters, in UTF-8 or the form's declared charset (an ISO-8859-1 form's %E9 is é); 400
    for escapes that charset cannot read, instead of replacement characters in a query or an update."""
    encoding = FORM_CHARSETS.get(charset or "utf-8")
    if encoding is None:
        raise HttpProblem(415, f"unsupported charset {charset!r} for a form: use UTF-8 (or ISO-8859-1)")
    try:
        return parse_qs(text, keep_blank_values=True, encoding=encoding, errors="strict")
    except UnicodeDecodeError as exc:
        raise HttpProblem(400, f"the {where} parameters percent-encode bytes that are not valid {encoding} "
                               f"({exc.object[exc.start:exc.start + 4]!r}): encode the text in UTF-8") from exc


def utf8_text(body: bytes, what: str) -> str:
    """UTF-8 text of the body or the URL's query; 400 when it is not UTF-8."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpProblem(400, f"the {what} is not valid UTF-8 (byte {exc.start})") from exc
