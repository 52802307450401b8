"""Structural limits on SPARQL text before it reaches Oxigraph, whose parser and planner recurse once per nesting
level and per chained operator: measured with pyoxigraph 0.5.13 on an 8 MB stack, 3,000 nested groups or 20,000
chained `&&`, `|`, `/`, UNION, OPTIONAL or triple patterns end the process with a segmentation fault. A worker
process survives that (it is replaced), but replacing it costs seconds of loading, and an in-process query or
update would take the server down: such texts are refused up front, far below those depths (tests/security)."""

from __future__ import annotations

import functools

from graph.errors import QueryError
from graph.sparql_guard import tokens

MAX_DEPTH = 128  # nested ( { [
MAX_OPERATORS = 2_000  # chained operators, separators and keywords that build the algebra tree
OPENING, CLOSING = "({[", ")}]"
OPERATORS = {"&", "|", "/", "^", "!", "+", "-", "*", "?", ".", ";", ",", "=", "<", ">"}
KEYWORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "VALUES", "EXISTS", "NOT", "IN"}


class QueryTooComplex(QueryError):
    """The text nests or chains more than the engine can take safely."""


def check_complexity(text: str) -> None:
    """QueryTooComplex when the text nests deeper than MAX_DEPTH or chains more than MAX_OPERATORS operators."""
    depth = deepest = operators = 0
    for kind, token in tokens(text):
        if kind == "other" and token in OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "other" and token in CLOSING:
            depth -= 1
        elif (kind == "other" and token in OPERATORS) or (kind == "word" and token.upper() in KEYWORDS):
            operators += 1
    if deepest > MAX_DEPTH:
        raise QueryTooComplex(f"the query nests {deepest} levels of brackets; at most {MAX_DEPTH} are accepted")
    if operators > MAX_OPERATORS:
        raise QueryTooComplex(f"the query has {operators} operators and separators; at most {MAX_OPERATORS} are "
                              "accepted (list many values with VALUES)")


def check_query_complexity(query: str) -> None:
    """check_complexity, remembered for short texts that pass (clients send the same queries again and again)."""
    if len(query) <= 4096:
        _passes_complexity(query)
    else:
        check_complexity(query)


@functools.lru_cache(maxsize=512)
def _passes_complexity(query: str) -> bool:
    check_complexity(query)  # raises (and is not remembered) for a text that is refused
    return True
