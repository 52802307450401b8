"""SPARQL text for a remote service: its media types, and bindings as a VALUES row (never formatted user input)."""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import QueryError
from graph.sparql_guard import _TOKEN
from graph.store.base import Bindings
from graph.store.terms import to_ox

RESULTS_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"
FORMS = {"SELECT": RESULTS_XML, "ASK": RESULTS_XML, "CONSTRUCT": NTRIPLES, "DESCRIBE": NTRIPLES}


def with_values(query: str, bindings: Bindings | None) -> str:
    """The query with a VALUES row binding each variable (terms validated and written by pyoxigraph).

    The row opens the WHERE pattern, so it is joined before any aggregation, like a substitution; Virtuoso also
    refuses a trailing VALUES except after SELECT. Trailing only when the pattern cannot be found (CONSTRUCT WHERE).
    """
    if not bindings:
        return query
    names, terms = [], []
    for name, node in bindings.items():
        term = to_ox(node)
        if isinstance(term, ox.BlankNode):
            raise QueryError("a blank node cannot be bound in a query sent to a remote store")
        names.append(f"?{ox.Variable(name).value}")
        terms.append(str(term))
    values = f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    at = _where_group(query)
    if at is None:
        return f"{query}\n{values}"
    return f"{query[:at]} {values} {query[at:]}"


def _where_group(query: str) -> int | None:
    """The offset just after the '{' opening the WHERE pattern (None for CONSTRUCT WHERE or when not found)."""
    form, depth, template_done = None, 0, False
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group(0)
        if kind == "word" and form is None and text.upper() in FORMS:
            form = text.upper()
        elif kind == "word" and form == "CONSTRUCT" and not template_done and depth == 0 and text.upper() == "WHERE":
            return None  # CONSTRUCT WHERE { … }: the pattern is also the template
        elif kind == "other" and form is not None and text in "{}":
            if text == "{" and depth == 0 and (form != "CONSTRUCT" or template_done):
                return match.end()
            depth += 1 if text == "{" else -1
            template_done = template_done or (form == "CONSTRUCT" and depth == 0)
    return None
