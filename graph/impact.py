"""Impact analysis: from changed documents or provisions to every entity that depends on them, and why.

Walks the dependency graph (graph/dependencies.py) breadth-first from the changed entities: cycle-safe (each entity
is reached once at its shortest distance), depth-limited, and date-aware (an entity not in force on the reference
date is reported as excluded and not walked through). Each affected entity gets its distance, its shortest
explaining paths (plus its strongest path when that one is stronger), and a role from the strength of its strongest
path (the weakest step of the path).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.dependencies import (
    PART_OF_RULE,
    PART_RULES,
    DependencyGraph,
    dependency_graph,
)
from graph.errors import QueryError
from graph.impact_model import Affected, Amendment, End, ImpactReport, Step
from graph.impact_validity import doubtful, inactive, why_excluded
from graph.natural_order import natural_key
from graph.store.base import Store

MAX_PATHS = 3
MAX_DEPTH = 10
CONTAINS_RULE = "https://w3id.org/vnqi/id/code/impact-rule/contains"


Edges = dict[tuple[str, str], dict[str, Any]]


def _implicit_parts(graph: DependencyGraph, targets: tuple[str, ...]) -> Edges:
    """'Is part of' links from changed provisions the graph does not hold yet to their document (IRI prefix).

    They belong to this analysis only: the cached dependency graph is shared by concurrent requests.
    """
    rule = graph.rules.get(PART_OF_RULE)
    extra: Edges = {}
    for target in targets:
        if rule is None or target in graph.graph or "/" not in target:
            continue
        parent = target.rsplit("/", 1)[0]
        while parent and parent not in graph.entities and "/" in parent.split("/id/", 1)[-1]:
            parent = parent.rsplit("/", 1)[0]
        if parent in graph.entities:
            extra[(target, parent)] = {"rule": rule.iri, "strength": rule.strength, "status": None}
    return extra


def _contained(graph: DependencyGraph, targets: tuple[str, ...]) -> Edges:
    """'Contains' links from each changed entity to the clauses and points it holds, and on down (this analysis
    only): when an article changes, what cites one of its clauses may be affected too."""
    rule = graph.rules.get(CONTAINS_RULE)
    links: Edges = {}
    todo, seen = list(targets), set(targets)
    while rule is not None and todo:
        whole = todo.pop()
        for part, _, via in graph.graph.in_edges(whole, data="rule") if whole in graph.graph else ():
            if via in PART_RULES and part not in seen:
                seen.add(part)
                todo.append(part)
                links[(whole, part)] = {"rule": rule.iri, "strength": rule.strength, "status": None}
    return links


@dataclass
class _Walk:
    """What the breadth-first walk finds."""

    distance: dict[str, int]
    parents: dict[str, list[str]]  # parents on shortest paths
    strength: dict[str, float]  # strength of the strongest path found
    extra: Edges = field(default_factory=dict)  # links of this analysis only (see _implicit_parts)
    best: dict[str, str] = field(default_factory=dict)  # parent on the strongest path
    excluded: dict[str, str] = field(default_factory=dict)  # entity → why it was not walked through
    doubts: dict[str, tuple[End, ...]] = field(default_factory=dict)  # walked through, but maybe ended (unverified)

    def out_edges(self, graph: DependencyGraph, node: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The links from `node`: the dependency graph's and this analysis's own."""
        if node in graph.graph:
            yield from graph.graph.out_edges(node, data=True)
        yield from ((s, t, data) for (s, t), data in self.extra.items() if s == node)


def _step(graph: DependencyGraph, walk: _Walk, source: str, target: str) -> Step:
    """The step source → target."""
    data = walk.extra.get((source, target)) or graph.graph.edges[source, target]
    rule = graph.rules.get(data["rule"])
    return Step(source, target, data["rule"], rule.labels if rule else {}, data["strength"], data["status"])


def _walk(graph: DependencyGraph, sources: tuple[str, ...], day: date | None, depth: int, skip: set[str]) -> _Walk:
    """BFS layers: distances, shortest-path parents, strongest paths, and exclusions with reasons. The parts of
    the changed entities (in force on the day) start at distance 0 with them, each behind a 'contains' step."""
    walk = _Walk({s: 0 for s in sources}, {s: [] for s in sources}, {s: 1.0 for s in sources},
                 _implicit_parts(graph, sources))
    for (whole, part), data in _contained(graph, sources).items():
        if part not in walk.distance and whole in walk.distance and (day is None or _passable(graph, part, day, walk)):
            walk.extra[(whole, part)] = data
            walk.distance[part], walk.parents[part] = 0, [whole]
            walk.strength[part], walk.best[part] = min(walk.strength[whole], data["strength"]), whole
    frontier = sorted(walk.distance)  # sorted walks: ties resolve the same way whatever the store's row order
    for level in range(1, depth + 1):
        reached: dict[str, tuple[float, str]] = {}
        for node in frontier:
            for _, nxt, data in sorted(walk.out_edges(graph, node), key=lambda edge: edge[1]):
                if skip and (nxt in skip or graph.document_of(nxt) in skip):
                    continue  # the amending act and its own provisions: its text is not affected by what it does
                if day is not None and not _passable(graph, nxt, day, walk):
                    continue
                if walk.distance.setdefault(nxt, level) == level:
                    walk.parents.setdefault(nxt, []).append(node)
                value = min(walk.strength[node], data["strength"])
                if value > reached.get(nxt, (0.0, ""))[0]:
                    reached[nxt] = (value, node)
        frontier = sorted(n for n, (value, _) in reached.items() if value > walk.strength.get(n, -1.0))
        for node in frontier:
            walk.strength[node], walk.best[node] = reached[node]
    return walk


def _passable(graph: DependencyGraph, iri: str, day: date, walk: _Walk) -> bool:
    """Whether the walk goes through an entity on `day`: not when it, or what it is part of (its article, its
    document), is not yet or no longer in force (its dates, or a sure act ending it: a repeal of the provision, of the document),
    recorded as excluded; yes, with a doubt recorded, when only unsure acts say it has ended (as its page says)."""
    holders = graph.holders(iri)  # the clause, its article, …
    if any(holder.ended_on(day) for holder in holders):
        walk.excluded[iri] = why_excluded(graph, graph.entity(iri), day)
        return False
    doubts = tuple(end for holder in holders for end in holder.doubts_on(day))
    if doubts:
        walk.doubts[iri] = doubts
    return True


def _paths(graph: DependencyGraph, walk: _Walk, node: str) -> tuple[tuple[Step, ...], ...]:
    """Up to MAX_PATHS shortest explaining paths ending at `node`."""
    if not walk.parents.get(node):
        return ((),)
    found: list[tuple[Step, ...]] = []
    for parent in walk.parents[node]:
        for prefix in _paths(graph, walk, parent):
            found.append((*prefix, _step(graph, walk, parent, node)))
            if len(found) >= MAX_PATHS:
                return tuple(found)
    return tuple(found)


def _strongest(graph: DependencyGraph, walk: _Walk, node: str) -> tuple[Step, ...]:
    """The path along which `node` got its strength (parents on strongest paths, back to a changed entity)."""
    steps: list[Step] = []
    while node in walk.best:
        steps.append(_step(graph, walk, walk.best[node], node))
        node = walk.best[node]
    return tuple(reversed(steps))


def _explain(graph: DependencyGraph, walk: _Walk, node: str) -> tuple[tuple[Step, ...], ...]:
    """The shortest paths, and the strongest path after them when every shortest path is weaker."""
    shortest = _paths(graph, walk, node)
    best_shortest = max(min((s.strength for s in path), default=1.0) for path in shortest)
    if best_shortest >= walk.strength[node]:
        return shortest
    return (*shortest, _strongest(graph, walk, node))


def impact_of(store: Store, amendment: Amendment, depth: int = 4, on: date | None = None) -> ImpactReport:
    """Every entity affected by `amendment`, as of `on` (default: the amendment's effective date)."""
    if depth < 1 or depth > MAX_DEPTH:
        raise QueryError(f"depth must be between 1 and {MAX_DEPTH}")
    graph = dependency_graph(store)
    day = on or amendment.effective
    skip = {amendment.act} if amendment.act else set()
    walk = _walk(graph, amendment.targets, day, depth, skip)
    affected = [Affected(graph.entity(n), d, round(walk.strength[n], 3), graph.role_of(walk.strength[n]),
                         _explain(graph, walk, n), walk.doubts.get(n, ()))
                for n, d in walk.distance.items() if d > 0]
    affected.sort(key=lambda a: (a.distance, -a.strength, a.entity.kind, natural_key(a.entity.label("vi"))))
    pending = bool(on and amendment.effective and on < amendment.effective)
    idle = inactive(store, graph, amendment.targets, day) if day and not amendment.act else ()
    unsure_ends = doubtful(graph, amendment.targets, day) if day and not amendment.act else ()
    return ImpactReport(amendment, day, depth, tuple(graph.entity(t) for t in amendment.targets), tuple(affected),
                        tuple((graph.entity(n), why) for n, why in sorted(walk.excluded.items())
                              if n not in walk.distance), pending, idle, unsure_ends)
