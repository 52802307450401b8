"""Static checks on a SPARQL request before it reaches the engine: SERVICE endpoints and update operations.

A small tokenizer skips comments, strings, IRIs, language tags and prefixed names (`:service`, `ex:from`), so a
keyword inside a literal, an IRI or a name is not mistaken for one in the query.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator
from typing import TypeVar

from graph.errors import QueryError

# Linear time on any text (a 1 MB body is tokenized in milliseconds): every quantifier is possessive. Prefixed names
# take PN_LOCAL's escapes (`ex:a\\,\\'`) and IRIs their \\u escapes, as the engine reads them; a quote that opens
# no string the engine would close on the same line (or, for a long string, at all) is an `open` token, and the
# text is refused (fail closed): otherwise it could hide a SERVICE or a LOAD that the engine sees.
_NAME = r"[\w\-\u00B7\u0300-\u036F\u203F\u2040]"  # PN_CHARS: a name's letters, digits, marks and joiners
_LOCAL = r'(?:[^\s{}()<>,;.\\"\'\#]|\\[_~.\-!$&\'()*+,;=/?\#@%])'  # a local name's character or escape
# Dots inside a prefix or a local name belong to it ("ex:a.from", "select.a:"), not at its end (the grammar's
# PN_PREFIX and PN_LOCAL): a run of dots is taken only when a name character follows. A dotted name with no colon
# after it is one match (so that a long "a.a.a…" is read once, not again from each of its letters), which `tokens`
# splits into its words and dots, as the engine reads them ("a.SERVICE" is `a`, `.`, `SERVICE`).
_DOTTED = r"[^\W\d](?:" + _NAME + r"|\.++(?=" + _NAME + r"))*+"
_TOKEN = re.compile(
    r'(?P<comment>\#[^\r\n]*+)'  # the engine ends a comment at either
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*+"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*+\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*+"|\'(?:[^\'\\\n\r]|\\.)*+\')'
    r'|(?P<open>["\'])'
    r'|(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>)'
    r'|(?P<langtag>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)'
    r'|(?P<word>(?:' + _DOTTED + r')?:(?:' + _LOCAL + r'|\.++(?=' + _LOCAL + r'))*+'
    r'|' + _DOTTED + r'|[?$]' + _NAME + r'++)'
    r'|(?P<other>\S)',
    re.DOTALL,
)
_DOTS = re.compile(r"(\.+)")
T = TypeVar("T")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
REMEMBERED_CHARS = 4096  # what is read from query texts up to this size is remembered (clients repeat queries)
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


class ServiceNotAllowed(QueryError):
    """The query asks for a SERVICE endpoint that is not on the allow list."""


class UnclosedString(QueryError):
    """A quote that opens no string the SPARQL grammar would close: refused before the engine sees the text; its
    line and column (1-based) are those of the quote."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(f"SPARQL syntax error: a string opened on line {line} (column {column}) is not closed")
        self.line, self.column = line, column


def scan(text: str) -> Iterator[re.Match[str]]:
    """The token matches of a SPARQL text, comments included; UnclosedString at a quote that opens no string."""
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "open":
            line_start = text.rfind("\n", 0, match.start()) + 1
            raise UnclosedString(text.count("\n", 0, match.start()) + 1, match.start() - line_start + 1)
        yield match


def tokens(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) tokens of a SPARQL text, without comments; a dotted name without a colon as its words and dots."""
    for match in scan(query):
        kind, text = match.lastgroup or "other", match.group(0)
        if kind == "word" and "." in text and ":" not in text:
            for part in _DOTS.split(text):
                yield from (("other", ".") for _ in part) if part.startswith(".") else (("word", part),)
        elif kind != "comment":
            yield kind, text


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword after the prologue (None if there is none)."""
    for kind, text in tokens(query):
        if kind == "word" and text.upper() in QUERY_FORMS:
            return text.upper()
    return None


def service_endpoints(query: str) -> list[str]:
    """The endpoint of every SERVICE clause: an IRI, or the raw token when it is a variable or prefixed name. The
    engine reads a keyword glued to what follows (`SERVICESILENT<…>`, `SERVICEex:g {…}`), so SERVICESILENT is read
    as SERVICE SILENT, and a name that starts with SERVICE before a `{` as a clause with itself as endpoint (refused)."""
    found, stream = [], list(tokens(query))
    for i, (kind, text) in enumerate(stream):
        if kind != "word" or not text.upper().startswith("SERVICE"):
            continue
        if text.upper() not in ("SERVICE", "SERVICESILENT"):
            if stream[i + 1:i + 2] == [("other", "{")]:  # a name never stands before a group: a glued clause
                found.append(text)
            continue
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
    """True when an update contains a LOAD operation (which fetches a URL): a name that starts with LOAD counts, as
    the engine reads a keyword glued to what follows (`LOADSILENT<…>`)."""
    return any(kind == "word" and text.upper().startswith("LOAD") for kind, text in tokens(update))


# --- The protocol's dataset for updates (using-graph-uri / using-named-graph-uri) --------------------------------

_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


class DatasetConflict(QueryError):
    """using-graph-uri / using-named-graph-uri are given for an update that has its own USING or WITH."""


def iri_ref(iri: str) -> str:
    """`<iri>` for an IRI a client sent, refused unless it is absolute and has no character that ends an IRIREF."""
    import pyoxigraph as ox

    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"{iri!r} is not an absolute IRI: {exc}") from exc
    if _NOT_IN_IRI.search(iri):
        raise QueryError(f"{iri!r} contains a character not allowed in an IRI")
    return str(node)


def with_dataset(update: str, default_graphs: Collection[str], named_graphs: Collection[str]) -> str:
    """The update with `USING <g>` / `USING NAMED <g>` before the WHERE of each operation that has one (SPARQL 1.1
    Protocol §2.2.3: the parameters are its dataset); `DELETE WHERE {P}` becomes `DELETE {P} USING … WHERE {P}`.
    DatasetConflict when the update has USING or WITH itself (the protocol makes that an error)."""
    clause = " ".join([f"USING {iri_ref(g)}" for g in default_graphs]
                      + [f"USING NAMED {iri_ref(g)}" for g in named_graphs])
    if not clause:
        return update
    stream = [m for m in scan(update) if m.lastgroup != "comment"]
    out, last, depth, previous = [], 0, 0, ""
    for i, match in enumerate(stream):
        text = match.group(0)
        if match.lastgroup == "other" and text in "{}":
            depth += 1 if text == "{" else -1
        elif depth == 0 and match.lastgroup == "word" and text.upper() in ("USING", "WITH"):
            raise DatasetConflict(f"the update has its own {text.upper()} clause: using-graph-uri and "
                                  "using-named-graph-uri cannot be given with it")
        elif depth == 0 and match.lastgroup == "word" and text.upper() == "WHERE":
            pattern = _block(update, stream, i + 1) if previous == "DELETE" else ""
            out.append(update[last:match.start()] + (f"{pattern} " if pattern else "") + clause + " ")
            last = match.start()
        previous = text.upper()
    return "".join(out) + update[last:]


def _block(text: str, stream: list[re.Match[str]], start: int) -> str:
    """The text of the braced block opening at stream[start] ('' when there is none or it is not closed)."""
    if start >= len(stream) or stream[start].group(0) != "{":
        return ""
    depth = 0
    for match in stream[start:]:
        token = match.group(0)
        if match.lastgroup == "other" and token in "{}":
            depth += 1 if token == "{" else -1
            if depth == 0:
                return text[stream[start].start():match.end()]
    return ""


def remembered(read: Callable[[str], T]) -> Callable[[str], T]:
    """`read` of a query text, remembered for texts up to REMEMBERED_CHARS (longer ones are read each time)."""
    cached = functools.lru_cache(maxsize=256)(read)
    return lambda query: cached(query) if len(query) <= REMEMBERED_CHARS else read(query)
