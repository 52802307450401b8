"""Impact analysis: from changed documents or provisions to every entity that depends on them, and why.

Walks the dependency graph (graph/dependencies.py) breadth-first from the changed entities: cycle-safe (each entity
is reached once at its shortest distance), depth-limited, and date-aware (an entity not in force on the reference
date is reported as excluded and not walked through). Each affected entity gets its distance, its shortest
explaining paths, and a role from the strength of its strongest path (the weakest step of the path).
"""

from __future__ import annotations

from datetime import date

from graph.dependencies import DependencyGraph, dependency_graph
from graph.errors import QueryError
from graph.ids import doc_iri
from graph.impact_model import Affected, Amendment, Entity, ImpactReport, Step
from graph.query import select
from graph.store.base import Store
from rdflib import URIRef

MAX_PATHS = 3
PART_OF_RULE = "https://w3id.org/vnqi/id/code/impact-rule/is-part-of"


def resolve(store: Store, reference: str) -> str:
    """An entity IRI from an IRI or an official number ('70/2025/QH15'); QueryError when unknown."""
    graph = dependency_graph(store)
    iri = reference if reference.startswith(("http://", "https://")) else str(doc_iri(reference))
    if iri not in graph.entities:
        raise QueryError(f"unknown document or provision: {reference!r}")
    return iri


def amendment_of(store: Store, act: str) -> Amendment:
    """The amendment an amending act in the graph makes: its targets and its effective date."""
    rows = select(store, "amendment-effects", act=URIRef(act)).dicts()
    if not rows:
        raise QueryError(f"{act} amends, replaces or repeals nothing in the graph")
    dates = [r["date"].toPython() for r in rows if "date" in r]
    targets = tuple(sorted({str(r["target"]) for r in rows}))
    types = sorted({str(r["type"]).rsplit("/", 1)[-1] for r in rows})
    return Amendment(targets=targets, effective=max(dates) if dates else None, change="+".join(types), act=act)


def _step(graph: DependencyGraph, source: str, target: str) -> Step:
    """The step source → target of the dependency graph."""
    data = graph.graph.edges[source, target]
    rule = graph.rules.get(data["rule"])
    return Step(source, target, data["rule"], rule.labels if rule else {}, data["strength"], data["status"])


def _implicit_parts(graph: DependencyGraph, targets: tuple[str, ...]) -> None:
    """Link a changed provision the graph does not hold yet to its document (IRI prefix), as 'is part of'."""
    for target in targets:
        if target in graph.graph or "/" not in target:
            continue
        parent = target.rsplit("/", 1)[0]
        while parent and parent not in graph.entities and "/" in parent.split("/id/", 1)[-1]:
            parent = parent.rsplit("/", 1)[0]
        if parent in graph.entities:
            graph.graph.add_edge(target, parent, rule=PART_OF_RULE, strength=graph.rules[PART_OF_RULE].strength,
                                 status=None)


def _walk(graph: DependencyGraph, sources: tuple[str, ...], day: date | None, depth: int, skip: set[str]
          ) -> tuple[dict[str, int], dict[str, list[str]], dict[str, float], dict[str, str]]:
    """BFS layers: distance, shortest-path parents, strongest-path strength, and exclusions with reasons."""
    distance = {s: 0 for s in sources}
    parents: dict[str, list[str]] = {s: [] for s in sources}
    strength = {s: 1.0 for s in sources}
    excluded: dict[str, str] = {}
    frontier = list(sources)
    for level in range(1, depth + 1):
        reached: dict[str, float] = {}
        for node in frontier:
            for _, nxt, data in graph.graph.out_edges(node, data=True):
                if nxt in skip:
                    continue
                if day is not None and not graph.entity(nxt).in_force_on(day):
                    excluded[nxt] = _why_excluded(graph.entity(nxt), day)
                    continue
                if distance.setdefault(nxt, level) == level:
                    parents.setdefault(nxt, []).append(node)
                reached[nxt] = max(reached.get(nxt, 0.0), min(strength[node], data["strength"]))
        frontier = [n for n in reached if reached[n] > strength.get(n, -1.0)]
        for node, value in reached.items():
            strength[node] = max(strength.get(node, 0.0), value)
    return distance, parents, strength, excluded


def _why_excluded(entity: Entity, day: date) -> str:
    """Why an entity is not walked through on `day`."""
    if entity.in_force and entity.in_force > day:
        return f"not yet in force on {day.isoformat()} (from {entity.in_force.isoformat()})"
    return f"no longer in force on {day.isoformat()} (since {entity.ended.isoformat() if entity.ended else '?'})"


def _paths(graph: DependencyGraph, parents: dict[str, list[str]], node: str) -> tuple[tuple[Step, ...], ...]:
    """Up to MAX_PATHS shortest explaining paths ending at `node`."""
    if not parents.get(node):
        return ((),)
    found: list[tuple[Step, ...]] = []
    for parent in parents[node]:
        for prefix in _paths(graph, parents, parent):
            found.append((*prefix, _step(graph, parent, node)))
            if len(found) >= MAX_PATHS:
                return tuple(found)
    return tuple(found)


def impact_of(store: Store, amendment: Amendment, depth: int = 4, on: date | None = None) -> ImpactReport:
    """Every entity affected by `amendment`, as of `on` (default: the amendment's effective date)."""
    if depth < 1 or depth > 10:
        raise QueryError("depth must be between 1 and 10")
    graph = dependency_graph(store)
    _implicit_parts(graph, amendment.targets)
    day = amendment.effective or on
    skip = {amendment.act} if amendment.act else set()
    distance, parents, strength, excluded = _walk(graph, amendment.targets, day, depth, skip)
    affected = [Affected(graph.entity(n), d, round(strength[n], 3), graph.role_of(strength[n]),
                         _paths(graph, parents, n))
                for n, d in distance.items() if d > 0]
    affected.sort(key=lambda a: (a.distance, -a.strength, a.entity.kind, a.entity.label("vi")))
    pending = bool(on and amendment.effective and on < amendment.effective)
    return ImpactReport(amendment, day, depth, tuple(graph.entity(t) for t in amendment.targets), tuple(affected),
                        tuple((graph.entity(n), why) for n, why in sorted(excluded.items()) if n not in distance),
                        pending)
