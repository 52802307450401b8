"""The dependency graph of impact analysis, built once per store version from the impact rules."""

from __future__ import annotations

import sys
import threading
import weakref
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from rdflib import Literal, Node

from graph.impact_model import End, Entity
from graph.link_status import Link, change_status, link_doubts
from graph.query import plain_rows, select
from graph.store.base import Store
from graph.sureness import FACT_STATUS

PART_OF_RULE = "https://w3id.org/vnqi/id/code/impact-rule/is-part-of"
PART_RULES = (PART_OF_RULE, "https://w3id.org/vnqi/id/code/impact-rule/has-part")  # provision → its document
FACTS = ("identifier", "in_force", "ended", "status", "start_kind", "end_kind", "issued")  # impact-node-facts.rq
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

    graph: nx.DiGraph
    entities: dict[str, Entity]
    rules: dict[str, Rule]
    roles: list[tuple[float, str, dict[str, str]]]  # (min strength, role IRI, labels), strongest first
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # class or fact-status IRI → labels by language
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ancestors(), remembered

    def entity(self, iri: str) -> Entity:
        """The entity for an IRI (a bare one when the graph does not describe it)."""
        return self.entities.get(iri) or Entity(iri=iri, kind="Resource")

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


def _date(term: Node | None) -> date | None:
    """A Python date from an xsd:date literal (None otherwise)."""
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, date) else None


def _text(term: Node | None) -> str | None:
    """Lexical form or None."""
    return None if term is None else str(term)


def load_entities(store: Store, doubts: dict[Link, str]) -> dict[str, Entity]:
    """Every typed vnqi entity with labels, identifier, validity dates and status (first value wins); `doubts`:
    graph.link_status.link_doubts of the store."""
    kinds: dict[str, str] = {}
    for node, cls in plain_rows(store, "impact-node-types"):
        kinds.setdefault(node, sys.intern(cls.rsplit("#", 1)[-1]))  # type: ignore[union-attr,arg-type]
    labels: dict[str, dict[str, str]] = {}
    for node, label, lang in plain_rows(store, "impact-node-labels"):
        if node in kinds:
            labels.setdefault(node, {}).setdefault(lang, label)  # type: ignore[arg-type]
    facts: dict[str, dict[str, Node]] = {}
    for node, *values in select(store, "impact-node-facts").rows:
        if str(node) in kinds:
            known = facts.setdefault(str(node), {})
            for key, value in zip(FACTS, values):
                if value is not None:
                    known.setdefault(key, value)
    ends = load_ends(store, doubts)
    return {iri: _entity(iri, kind, labels.get(iri, {}), facts.get(iri, {}), ends.get(iri, ()))
            for iri, kind in kinds.items()}


def load_ends(store: Store, doubts: dict[Link, str]) -> dict[str, tuple[End, ...]]:
    """The acts ending each document as a whole (impact-node-ends.rq), one per act, as sure as the act (or effect)
    and the link it rests on."""
    found: dict[str, dict[str, End]] = {}
    for row in select(store, "impact-node-ends").dicts():
        node, act, day = row["node"], row["act"], row.get("date")
        key = (change_status(row, doubts, str(node)) or "").removeprefix(FACT_STATUS)
        end = End(str(act), _date(day), sys.intern(key) if key else None)
        known = found.setdefault(str(node), {})
        if str(act) not in known or (known[str(act)].on is None and end.on is not None):
            known[str(act)] = end
    return {node: tuple(acts.values()) for node, acts in found.items()}


def _kind(value: Node | None) -> str:
    """Which fact gave a validity date ('in-force', 'founded', 'dissolved', 'withdrawn'), interned."""
    return sys.intern(_text(value) or "in-force")


def _entity(iri: str, kind: str, labels: dict[str, str], facts: dict[str, Node], ends: tuple[End, ...]) -> Entity:
    """An Entity from its class name, labels and facts (statuses interned: a handful of values, many entities)."""
    status = (_text(facts.get("status")) or "").removeprefix(FACT_STATUS) or None
    return Entity(iri=iri, kind=kind, labels=labels, identifier=_text(facts.get("identifier")),
                  in_force=_date(facts.get("in_force")), ended=_date(facts.get("ended")),
                  issued=_date(facts.get("issued")), start_kind=_kind(facts.get("start_kind")),
                  end_kind=_kind(facts.get("end_kind")),
                  status=sys.intern(status) if status else None, ends=ends)


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


def build_graph(store: Store) -> DependencyGraph:
    """Edges from impact-edges.rq; a link the data is not sure of (graph/link_status.py) carries its status."""
    rules, roles = load_rules(store)
    doubts = link_doubts(store)  # read once: for the edges and for the acts ending entities
    statuses = {link: status.removeprefix(FACT_STATUS) for link, status in doubts.items()}
    graph = nx.DiGraph()
    for rule_iri, s, p, o in plain_rows(store, "impact-edges"):
        rule = rules[rule_iri]  # type: ignore[index]
        dependent, dependency = (s, o) if rule.subject_depends else (o, s)
        status = statuses.get((s, p, o)) if statuses else None
        if _better(graph.get_edge_data(dependency, dependent), rule.strength, status, rule.iri):
            graph.add_edge(dependency, dependent, rule=rule.iri, strength=rule.strength, status=status)
    return DependencyGraph(graph, load_entities(store, doubts), rules, roles, load_terms(store))


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
