"""Named SELECT queries whose answers are wanted as plain strings, in bulk (tens of thousands of rows).

Converting each term to rdflib costs several microseconds (a class list of 52,000 standards: about 400,000 terms);
on the embedded store the solutions are read as pyoxigraph values directly. Other stores go through `select`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Node

from graph.errors import QueryError
from graph.query import named_query, select
from graph.store.base import Store
from graph.store.terms import to_ox


def value_rows(store: Store, name: str, **bindings: Node) -> tuple[tuple[str, ...], Iterator[tuple[str | None, ...]]]:
    """(variables, rows of lexical values or None) of the named query with `bindings`."""
    native = getattr(store, "native", None)
    if not isinstance(native, ox.Store):
        rows = select(store, name, **bindings)
        return rows.variables, (tuple(None if t is None else str(t) for t in row) for row in rows.rows)
    subs = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
    try:
        result = native.query(named_query(name), use_default_graph_as_union=True, substitutions=subs or None)
    except (SyntaxError, RuntimeError) as exc:
        raise QueryError(str(exc)) from exc
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"{name} is not a SELECT query")
    names = tuple(v.value for v in result.variables)
    return names, (tuple(None if t is None else t.value for t in solution) for solution in result)
