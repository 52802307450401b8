"""The default graph the query workers answer over: the RDF merge of the store's graphs, each triple once.

SPARQL's default graph is the RDF merge of the graphs it is made of, a set. Oxigraph 0.5 (pyoxigraph 0.5.13, the
newest release) evaluates the union default graph, and a default graph of several graphs, as a bag: a triple that
two named graphs hold comes back twice (oxigraph/oxigraph#1919, fixed upstream after that release). vnqi keeps one
named graph per source, and sources agree on some triples (an ISO committee's type and name in the ISO catalogue
and in ISO Open Data: 2,478 triples of the 1.35 M), so counts over the union came out too high.

When a version's graphs share a triple, its build writes beside it the store the query workers read
(`merged/`): a backup of the version (hard links to its files: no copy of the data) whose own default graph holds
the triples of every graph that the largest named graph does not hold (70,446 triples at 1.35 M quads, 2.4 s).
A query without a dataset of its own then takes [the largest graph, that default graph] as its default graph: two
disjoint graphs whose union is the merge; named graphs (`GRAPH`) are those of the version. When no triple is
shared, the union is already the merge and is used as it is, on the version itself. The version is not changed:
the Graph Store Protocol, updates and the pages read it as before.

Imports nothing but pyoxigraph, the standard library and the build record's reader: a worker starts fast.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from graph.build_record import MERGE_BASE, read_record

QUERIES = Path(__file__).resolve().parent / "queries" / "worker"
MERGED = "merged"  # the directory, inside a version, of the store the workers read when the graphs share triples
UNION = {"use_default_graph_as_union": True}


@cache
def _query(name: str) -> str:
    """The text of graph/queries/worker/<name>.rq."""
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def shares_triples(store: ox.Store) -> bool:
    """Whether a triple sits in two graphs of the store (two named graphs, or its default graph and a named one)."""
    return bool(store.query(_query("shared-triples")))


def gather(store: ox.Store) -> ox.NamedNode:
    """Make `store`'s own default graph the rest of the merge beside its largest named graph; that graph."""
    base = next(iter(store.query(_query("largest-graph"))))[0]
    base_only = {ox.Variable("base"): base}
    store.extend([ox.Quad(s, p, o, ox.DefaultGraph())
                  for s, p, o, _ in store.query(_query("rest-of-merge"), substitutions=base_only)])
    for s, p, o, _ in list(store.query(_query("default-in-base"), substitutions=base_only)):
        store.remove(ox.Quad(s, p, o, ox.DefaultGraph()))
    return base


def write_merged(version: Path, store: ox.Store) -> tuple[str, int] | None:
    """The merged store of a version just written (`store`, open on it), when its graphs share triples: the IRI of
    its base graph and how many more triples it holds than the version, for the build record; None when there is
    none to write."""
    if not shares_triples(store):
        return None
    store.backup(str(version / MERGED))
    merged = ox.Store(str(version / MERGED))
    base = gather(merged)
    merged.flush()
    return base.value, _in_default(merged) - _in_default(store)


def _in_default(store: ox.Store) -> int:
    """The triples of a store's own default graph."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def served_path(version: str) -> tuple[str, ox.NamedNode | None]:
    """The store a worker reads for a version (its merged store, if it has one) and that store's base graph."""
    base = read_record(Path(version)).get(MERGE_BASE)
    merged = Path(version) / MERGED
    if isinstance(base, str) and merged.is_dir():
        return str(merged), ox.NamedNode(base)
    return version, None


def default_dataset(base: ox.NamedNode | None) -> dict:
    """Query options for a query without a dataset of its own: the merge beside `base`, else the union."""
    if base is None:
        return UNION
    return {"default_graph": [base, ox.DefaultGraph()]}
