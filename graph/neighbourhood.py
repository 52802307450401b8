"""The neighbourhood of an entity for the graph view: the entities linked to it (at most 60) and the links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph.browse_cache import cached
from graph.browse_classes import class_key
from graph.errors import NotFound, QueryError
from graph.query import select
from graph.store.base import Store

LIMIT = 60  # neighbours per expansion; neighbourhood-links.rq asks for LIMIT + 1 (61) to know there are more
IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class Node:
    """An entity: IRI, label (UI language, else the other one, else the IRI's end), class and its label."""

    id: str
    label: str
    cls: str | None
    class_label: str | None


@dataclass(frozen=True)
class Edge:
    """A link: subject, object, property and its label."""

    source: str
    target: str
    prop: str
    label: str


@dataclass(frozen=True)
class Neighbourhood:
    """The centre, its neighbours (centre first) and links; total neighbours and whether some were left out."""

    center: str
    nodes: list[Node]
    edges: list[Edge]
    total: int

    @property
    def truncated(self) -> bool:
        """Whether neighbours were left out."""
        return self.total > len(self.nodes) - 1


def check_iri(iri: str | None) -> URIRef:
    """The IRI asked for; QueryError when missing or not an absolute http(s) IRI."""
    if not iri:
        raise QueryError("give the IRI of an entity: /graph?iri=https://w3id.org/vnqi/id/doc/68-2006-qh11",
                         key="err_give_iri")
    if not IRI.fullmatch(iri):
        raise QueryError(f"{iri[:200]!r} is not an absolute http(s) IRI", key="err_not_iri", iri=iri[:200])
    return URIRef(iri)


def tail(iri: str) -> str:
    """The last segment of an IRI, a label of last resort."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def class_labels(store: Store, lang: str) -> dict[str, str]:
    """Labels of the vnqi classes in `lang` (else the other language)."""
    other = "en" if lang == "vi" else "vi"
    rows = cached(store, "term labels", lambda s: select(s, "term-labels").dicts())
    return {str(r["term"]): str(r.get(f"label_{lang}") or r.get(f"label_{other}") or tail(str(r["term"])))
            for r in rows}


def as_node(row: dict, iri: str, labels: dict[str, str]) -> Node:  # type: ignore[type-arg]
    """A node from a row with label, otherLabel, vtype and type columns."""
    cls = str(row.get("vtype") or row.get("type") or "") or None
    label = str(row.get("label") or row.get("otherLabel") or tail(iri))
    return Node(iri, label, cls, labels.get(cls or "") or (class_key(cls) if cls else None))


def edge(row: dict, center: str, lang: str) -> Edge:  # type: ignore[type-arg]
    """The link of a row: from the centre when ?out, else to it; labelled in `lang`, else the other language."""
    other = "en" if lang == "vi" else "vi"
    prop, n = str(row["p"]), str(row["n"])
    label = str(row.get(f"p_{lang}") or row.get(f"p_{other}") or class_key(prop) or tail(prop))
    return Edge(center, n, prop, label) if row["out"].toPython() else Edge(n, center, prop, label)


def neighbourhood(store: Store, iri: str | None, lang: str = "vi") -> Neighbourhood:
    """The entity's neighbourhood; QueryError for a bad IRI, NotFound for an IRI no data graph mentions."""
    node = check_iri(iri)
    words = {"iri": node, "lang": Literal(lang), "other": Literal("en" if lang == "vi" else "vi")}
    center = select(store, "neighbourhood-center", **words).dicts()
    if not center:
        raise NotFound(f"no entity {str(node)[:200]} in the graph", key="err_no_entity", iri=str(node)[:200])
    labels = class_labels(store, lang)
    rows = select(store, "neighbourhood-links", **words, parts=Literal(False)).dicts()  # other links first
    first = sorted({str(r["n"]) for r in rows})
    if len(first) <= LIMIT:  # room left: its parts and its whole
        rows += [r for r in select(store, "neighbourhood-links", **words, parts=Literal(True)).dicts()
                 if str(r["n"]) not in first]
    order = first + sorted({str(r["n"]) for r in rows} - set(first))
    neighbours = {str(r["n"]): as_node(r, str(r["n"]), labels) for r in rows}
    total = len(neighbours)
    if total > LIMIT:
        neighbours = {k: neighbours[k] for k in order[:LIMIT]}
        total = int(select(store, "neighbourhood-count", iri=node).dicts()[0]["total"])
    links = (edge(r, str(node), lang) for r in rows if str(r["n"]) in neighbours)
    edges = {(e.source, e.prop, e.target): e for e in links}
    nodes = [as_node(center[0], str(node), labels), *sorted(neighbours.values(), key=lambda n: n.id)]
    return Neighbourhood(str(node), nodes, sorted(edges.values(), key=lambda e: (e.label, e.source, e.target)), total)
