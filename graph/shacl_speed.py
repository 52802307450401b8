"""Speed-ups of pySHACL for this project, scoped to one validation (locked, always undone).

1. rdflib re-parses each SHACL-SPARQL query for every focus node: queries are parsed once.
2. pySHACL re-checks and re-writes the query text with regular expressions for every focus node (14 ms each
   on the ISO catalogue): done once per constraint.
3. A SPARQL constraint of a node shape runs once per focus node with $this pre-bound (10 ms per node and
   constraint in rdflib on the ISO catalogue). When every solution binds ?this through a triple pattern of
   the query's own groups (true of every constraint of the project: no OPTIONAL, MINUS, VALUES or sub-query,
   $this the subject of the first pattern of each group), running the query once with ?this free and grouping
   the solutions by ?this gives the same results. rdflib evaluates such a query in quadratic time, so for
   large focus sets it runs once on an in-memory Oxigraph copy of the data graph (blank-node labels kept).
   tests/test_validate_parts.py compares the results with plain pySHACL on a sample with injected errors.
4. Optionally, only some focus nodes are validated (`only`): the targets of each shape are computed as always,
   then kept only if in `only` (blank nodes included, which pySHACL's own focus_nodes option leaves out). The
   incremental validation uses it for the nodes a chunk describes; the link targets whose types are mixed in
   are not validated there (15,000 results thrown away, 20 s, on the chunk of shared entities).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from pyshacl.shape import Shape
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery

from graph.store.terms import from_ox, to_ox

_LOCK = threading.Lock()
BATCH_FROM = 20  # focus nodes; below this the per-node evaluation of pySHACL is used
# Not run set-at-a-time: constructs whose meaning could change with ?this free, and a path "p*" ending in a
# variable, which Oxigraph evaluates slowly from the free end (20 s for 500 nodes here, 1 ms each in rdflib).
_UNSAFE = re.compile(r"\b(OPTIONAL|MINUS|SERVICE|VALUES|GRAPH|isIRI|isURI|isBlank|BNODE)\b|\{\s*SELECT|\*\s*\?\w",
                     re.IGNORECASE)


@lru_cache(maxsize=512)
def _prepared(query: str, base: str | None, namespaces: tuple[tuple[str, str], ...]):  # type: ignore[no-untyped-def]
    """Parse and translate a SPARQL query once (prepared queries are reusable by design)."""
    return prepareQuery(query, initNs=dict(namespaces), base=base)


def _batchable(component: Any, helper: Any, focus_count: int) -> bool:
    """Whether the constraint may run once for all focus nodes (see the module docstring)."""
    text = helper.select_text
    return (focus_count >= BATCH_FROM and not component.shape.is_property_shape and "$this" in text
            and not _UNSAFE.search(text))


def _store(stores: dict[int, Any], graph: Any) -> Any:
    """An in-memory Oxigraph copy of an rdflib graph (made once per validation)."""
    if id(graph) not in stores:
        store = ox.Store()
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph.triples((None, None, None)))
        stores[id(graph)] = (graph, store)  # the graph is kept so that its id is not reused
    return stores[id(graph)][1]


def _query_text(helper: Any, text: str, graph: Any) -> str:
    """The query with its declared prefixes, then those of the data graph (rdflib resolves those too)."""
    text = helper.apply_prefixes(text)
    extra = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in graph.namespaces()
                    if p and f"PREFIX {p}:" not in text)
    return extra + text


def _solutions(helper: Any, f_v_dict: dict[Any, Any], store: Any, graph: Any) -> dict[Any, list[Any]]:
    """The constraint's violations by focus node, from one query with ?this free."""
    _binds, text = helper.pre_bind_variables(next(iter(f_v_dict)))
    found: dict[Any, list[Any]] = defaultdict(list)
    solutions = store.query(_query_text(helper, text, graph))
    names = [v.value for v in solutions.variables]
    for row in solutions:
        values = {n: from_ox(row[n]) for n in names if row[n] is not None}
        this = values.pop("this", None)
        if this is None:
            continue
        path, value = values.pop("path", None), values.pop("value", None)
        violation = (this, path, value, values)
        if violation not in found[this]:
            found[this].append(violation)
    return found


def _batched_evaluate(original: Any, stores: dict[int, Any]) -> Any:
    """SPARQLBasedConstraint._evaluate_sparql_constraint running large focus sets in one query."""
    def evaluate(self, sparql_constraint, target_graph, f_v_dict):  # type: ignore[no-untyped-def]
        binds, _text = sparql_constraint.pre_bind_variables(next(iter(f_v_dict))) if f_v_dict else ({}, "")
        if not _batchable(self, sparql_constraint, len(f_v_dict)) or set(binds) != {"this"}:
            return original(self, sparql_constraint, target_graph, f_v_dict)
        found = _solutions(sparql_constraint, f_v_dict, _store(stores, target_graph), target_graph)
        kwargs = {"source_constraint": sparql_constraint.node, "extra_messages": sparql_constraint.messages or None}
        reports = []
        for focus in f_v_dict:
            for t, p, v, bound in found.get(focus, ()):
                v = focus if v is None else v
                reports.append(self.make_v_result(target_graph, t or focus, value_node=v, result_path=p,
                                                  bound_vars=(t, p, v, bound), **kwargs))
        return bool(reports), reports  # (non-conformant, reports), as pySHACL's own
    return evaluate


def _restricted(original: Any, only: frozenset[Any]) -> Any:
    """Shape.focus_nodes keeping only the nodes of `only`."""
    def focus_nodes(self, data_graph, debug=False):  # type: ignore[no-untyped-def]
        return {node for node in original(self, data_graph, debug) if node in only}
    return focus_nodes


@contextmanager
def fast_pyshacl(only: frozenset[Any] | None = None) -> Iterator[None]:
    """Apply the speed-ups for the duration of one validation; `only`: the focus nodes to validate (all if None)."""
    query_0, bind_0 = SPARQLProcessor.query, SPARQLQueryHelper.pre_bind_variables
    eval_0, focus_0 = SPARQLBasedConstraint._evaluate_sparql_constraint, Shape.focus_nodes
    bound: dict[tuple[str, str, bool, tuple[str, ...]], tuple[tuple[str, ...], str]] = {}
    stores: dict[int, Any] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]
        if isinstance(strOrQuery, str):
            strOrQuery = _prepared(strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
        return query_0(self, strOrQuery, initBindings, initNs, base, DEBUG)

    def pre_bind(self, thisnode, valuenode=None, extravars=None):  # type: ignore[no-untyped-def]
        # keyed by content: pySHACL makes new helpers for every evaluation, so an id() could be reused
        key = (self.select_text, str(self.shape.node), valuenode is None, tuple(extravars or ()))
        if key not in bound:
            bindings, text = bind_0(self, thisnode, valuenode, extravars)
            bound[key] = (tuple(bindings), text)
        names, text = bound[key]
        values = {"this": thisnode, "value": valuenode, "currentShape": self.shape.node}
        return {name: values[name] for name in names}, text

    with _LOCK:
        SPARQLProcessor.query = query  # type: ignore[method-assign]
        SPARQLQueryHelper.pre_bind_variables = pre_bind  # type: ignore[method-assign]
        batched = _batched_evaluate(eval_0, stores)
        SPARQLBasedConstraint._evaluate_sparql_constraint = batched  # type: ignore[method-assign]
        if only is not None:
            Shape.focus_nodes = _restricted(focus_0, only)  # type: ignore[method-assign]
        try:
            yield
        finally:
            SPARQLProcessor.query = query_0  # type: ignore[method-assign]
            SPARQLQueryHelper.pre_bind_variables = bind_0  # type: ignore[method-assign]
            SPARQLBasedConstraint._evaluate_sparql_constraint = eval_0  # type: ignore[method-assign]
            Shape.focus_nodes = focus_0  # type: ignore[method-assign]
