"""The dependency graph of impact analysis, built once per store version from the impact rules."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from graph.impact_entities import load_entities
from graph.impact_model import Entity
from graph.link_status import link_doubts
from graph.query import plain_rows, select
from graph.store.base import Store
from graph.sureness import FACT_STATUS

PART_OF_RULE = "https://w3id.org/vnqi/id/code/impact-rule/is-part-of"
PART_RULES = (PART_OF_RULE, "https://w3id.org/vnqi/id/code/impact-rule/has-part")  # provision → its document
_CACHE: weakref.WeakKeyDictionary[Store, DependencyGraph] = weakref.WeakKeyDictionary()  # goes with its store
_BUILDING = threading.Lock()


@dataclass(frozen=True)
class Rule:
    """An impact rule: its strength and how a step through it reads."""

    iri: str
    strength: float
    labels: dict[str, str]
    subject_depends: bool = True  # the subject of the rule's property depends on its object (else the reverse)


@dataclass
class DependencyGraph:
    """Edges dependency → dependent (networkx), the entities, the rules and the roles."""

    graph: nx.DiGraph  # SharedDiGraph: read only
    entities: Mapping[str, Entity]  # graph.impact_entities.EntityTable
    rules: dict[str, Rule]
    roles: list[tuple[float, str, dict[str, str]]]  # (min strength, role IRI, labels), strongest first
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # class or fact-status IRI → labels by language
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ancestors(), remembered

    def entity(self, iri: str) -> Entity:
        """The entity for an IRI (a bare one when the graph does not describe it)."""
        return self.entities[iri] if iri in self.entities else Entity(iri=iri, kind="Resource")

    def term_label(self, iri: str, lang: str) -> str:
        """A class or concept label in `lang` (the other language, then the IRI's last segment, otherwise)."""
        labels = self.terms.get(iri, {})
        return labels.get(lang) or next(iter(labels.values()), None) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def holders(self, iri: str) -> list[Entity]:
        """The entity and what it is part of, nearest first: what its validity on a day depends on."""
        return [self.entity(iri)] + [self.entity(a) for a in self.ancestors(iri)]

    def ancestors(self, iri: str) -> tuple[str, ...]:
        """What a provision is part of, nearest first, its document last (through is-part-of or has-part links,
        either of which may carry the edge); empty for a document or an entity that is part of nothing.
        Remembered per entity: impact analysis asks for every entity it reaches."""
        known = self.parents.get(iri)
        if known is not None:
            return known
        chain: list[str] = []
        node = iri
        while node in self.graph:
            parent = next((t for _, t, rule in self.graph.out_edges(node, data="rule") if rule in PART_RULES), None)
            if parent is None or parent == iri or parent in chain:
                break
            chain.append(parent)
            node = parent
        self.parents[iri] = tuple(chain)
        return self.parents[iri]

    def document_of(self, iri: str) -> str | None:
        """The document a provision is part of (its last ancestor), None for a document."""
        chain = self.ancestors(iri)
        return chain[-1] if chain else None

    def role_of(self, strength: float) -> str:
        """The role whose minimum strength `strength` reaches."""
        return next(iri for minimum, iri, _ in self.roles if strength >= minimum)


def load_rules(store: Store) -> tuple[dict[str, Rule], list[tuple[float, str, dict[str, str]]]]:
    """Impact rules and roles from the ontology graph."""
    rules, roles = {}, []
    for row in select(store, "impact-rules").dicts():
        labels = {lang: str(row[f"label_{lang}"]) for lang in ("vi", "en") if f"label_{lang}" in row}
        if str(row["kind"]) == "rule":
            rules[str(row["iri"])] = Rule(str(row["iri"]), float(row["strength"].toPython()), labels,
                                          str(row["side"]) == "subject")
        else:
            roles.append((float(row["strength"].toPython()), str(row["iri"]), labels))
    return rules, sorted(roles, reverse=True)


def load_terms(store: Store) -> dict[str, dict[str, str]]:
    """Labels of the vnqi classes and fact-status concepts, by IRI."""
    terms: dict[str, dict[str, str]] = {}
    for row in select(store, "term-labels").dicts():
        labels = {lang: str(row[f"label_{lang}"]) for lang in ("vi", "en") if f"label_{lang}" in row}
        terms.setdefault(str(row["term"]), labels)
    return terms


def _better(current: dict | None, strength: float, status: str | None, rule: str) -> bool:
    """True when a new edge beats the current one: stronger, or as strong and verified where it is not, or (a
    full tie) of the smaller rule IRI, so that the result does not depend on the store's row order."""
    if current is None or strength > current["strength"]:
        return True
    if strength != current["strength"]:
        return False
    if (status is None) != (current["status"] is None):
        return status is None
    return (rule, status or "") < (current["rule"], current["status"] or "")


class SharedDiGraph(nx.DiGraph):
    """A DiGraph built once and only read: its nodes share one empty attribute dict and its edges the attribute
    dicts of equal values (a rule, its strength, a status: a few dozen), instead of one dict each. At 5M
    synthetic quads (604,505 nodes, 647,232 edges) the per-node and per-edge dicts held ~160 MB."""

    node_attr_dict_factory = staticmethod(lambda: _NO_ATTRIBUTES)

    def link(self, dependency: str, dependent: str, data: dict) -> None:
        """The edge dependency → dependent with `data` (shared: never updated in place, replaced)."""
        self.add_edge(dependency, dependent)
        self._succ[dependency][dependent] = self._pred[dependent][dependency] = data


_NO_ATTRIBUTES: dict = {}


def build_graph(store: Store) -> DependencyGraph:
    """Edges from impact-edges.rq; a link the data is not sure of (graph/link_status.py) carries its status. Nodes
    that are entities are keyed by the entity table's own IRI strings (one string per IRI, not two)."""
    rules, roles = load_rules(store)
    doubts = link_doubts(store)  # read once: for the edges and for the acts ending entities
    statuses = {link: status.removeprefix(FACT_STATUS) for link, status in doubts.items()}
    entities = load_entities(store, doubts)
    graph = SharedDiGraph()
    shared: dict[tuple[str, float, str | None], dict] = {}
    for rule_iri, s, p, o in plain_rows(store, "impact-edges"):
        rule = rules[rule_iri]  # type: ignore[index]
        dependent, dependency = (s, o) if rule.subject_depends else (o, s)
        status = statuses.get((s, p, o)) if statuses else None
        if _better(graph.get_edge_data(dependency, dependent), rule.strength, status, rule.iri):
            data = shared.setdefault((rule.iri, rule.strength, status),
                                     {"rule": rule.iri, "strength": rule.strength, "status": status})
            graph.link(entities.canonical(dependency), entities.canonical(dependent), data)  # type: ignore
    return DependencyGraph(graph, entities, rules, roles, load_terms(store))


def dependency_graph(store: Store) -> DependencyGraph:
    """The dependency graph of this store object (a store version), built on first use and cached. Built once:
    concurrent first requests wait for that build instead of each starting their own (at 1.3M quads a build takes
    about 13 s alone; 32 at once took over a minute each under load — bench/load_test.py)."""
    cached = _CACHE.get(store)
    if cached is not None:
        return cached
    with _BUILDING:
        cached = _CACHE.get(store)
        if cached is None:
            cached = _CACHE[store] = build_graph(store)
    return cached
