"""Static checks on a SPARQL request before it reaches the engine: SERVICE endpoints and update operations.

A small tokenizer skips comments, strings, IRIs, language tags and prefixed names (`:service`, `ex:from`), so a
keyword inside a literal, an IRI or a name is not mistaken for one in the query.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from graph.errors import QueryError

_TOKEN = re.compile(
    r'(?P<comment>\#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)'
    r'|(?P<word>(?:[A-Za-z_][A-Za-z0-9_\-]*)?:[^\s{}()<>,;.]*|[A-Za-z_][A-Za-z0-9_\-]*|[?$][A-Za-z0-9_]+)'
    r'|(?P<other>\S)',
    re.DOTALL,
)
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


class ServiceNotAllowed(QueryError):
    """The query asks for a SERVICE endpoint that is not on the allow list."""


def tokens(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) tokens of a SPARQL text, without comments."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield kind, match.group(0)


def service_endpoints(query: str) -> list[str]:
    """The endpoint of every SERVICE clause: an IRI, or the raw token when it is a variable or prefixed name."""
    found, stream = [], list(tokens(query))
    for i, (kind, text) in enumerate(stream):
        if kind == "word" and text.upper() == "SERVICE":
            rest = [t for t in stream[i + 1:i + 3] if not (t[0] == "word" and t[1].upper() == "SILENT")]
            if rest:
                found.append(rest[0][1][1:-1] if rest[0][0] == "iri" else rest[0][1])
    return found


def check_services(query: str, allowed: Collection[str]) -> None:
    """Refuse a query whose SERVICE endpoints are not all in `allowed` (no outbound request is made)."""
    for endpoint in service_endpoints(query):
        if endpoint not in allowed:
            if not allowed:
                raise ServiceNotAllowed("SERVICE is disabled on this endpoint (no outbound requests are made)")
            raise ServiceNotAllowed(f"SERVICE <{endpoint}> is not allowed; allowed endpoints: "
                                    + ", ".join(sorted(allowed)))


def declares_dataset(query: str) -> bool:
    """True when the query has a FROM or FROM NAMED clause (the only place the keyword FROM may appear)."""
    return any(kind == "word" and token.upper() == "FROM" for kind, token in tokens(query))


def looks_like_update(text: str) -> bool:
    """True when the first keyword after the prologue is an update operation."""
    for kind, token in tokens(text):
        if kind != "word":
            continue
        word = token.upper()
        if word in ("PREFIX", "BASE") or ":" in token:
            continue
        return word in UPDATE_KEYWORDS
    return False


def has_load(update: str) -> bool:
    """True when an update contains a LOAD operation (which fetches a URL)."""
    return any(kind == "word" and text.upper() == "LOAD" for kind, text in tokens(update))
