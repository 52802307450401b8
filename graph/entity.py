"""One entity as its page needs it: outgoing triples and incoming links (counted and paged per predicate), with
the labels of every linked entity, the statuses of its reified links and the graphs it is stated in; and its RDF
description. A page costs a handful of queries whatever the number of links (labels come with the links)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, Node, URIRef

from graph.errors import NotFound
from graph.namespaces import bind_all
from graph.query import select
from graph.store.base import Store
from graph.sureness import rank

PAGE = 50  # links shown per relation and page
CAP = 500  # incoming links read in one query before switching to per-predicate pages


Memo = Callable[[tuple, Callable[[], Any]], Any] | None  # memo(key, make): make(), or a value kept for that key


def _memo(memo: Memo) -> Callable[[tuple, Callable[[], Any]], Any]:
    """`memo`, or no memory at all."""
    return memo if memo is not None else (lambda key, make: make())


@dataclass(frozen=True)
class Term:
    """A value on the page: an IRI with its labels and identifier, or a literal."""

    node: Node
    labels: tuple[tuple[str, str], ...] = ()  # (lang, label)
    identifier: str | None = None
    ordinal: int | None = None  # vnqi:ordinal: its number in its source's list (fetched for outgoing links)
    document: str | None = None  # for a provision: the document it is part of, and that document's number
    document_id: str | None = None

    @property
    def is_iri(self) -> bool:
        """Whether the value is an IRI (a link)."""
        return isinstance(self.node, URIRef)

    def label(self, lang: str) -> str | None:
        """The label in `lang`, else in the other language."""
        found = dict(self.labels)
        return found.get(lang) or found.get("en" if lang == "vi" else "vi")


@dataclass
class Incoming:
    """The links into the entity by one predicate: their number and one page of linking entities."""

    predicate: str
    total: int
    page: list[Term] = field(default_factory=list)
    after: str = ""  # the IRI this page starts after
    more: str | None = None  # the IRI the next page starts after, when there is one


@dataclass
class EntityData:
    """What the store says about one entity."""

    iri: str
    out: list[tuple[str, Term]]
    incoming: dict[str, Incoming]
    statuses: dict[tuple[str, str, str], tuple[str, dict[str, str]]]  # (s, p, o) → (status IRI, notes by language)
    graphs: list[str]

    def values(self, predicate: str) -> list[Term]:
        """The objects of one outgoing predicate."""
        return [t for p, t in self.out if p == predicate]

    def types(self) -> list[str]:
        """The entity's rdf:type IRIs."""
        return [str(t.node) for t in self.values(str(RDF_TYPE))]


XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _term(row: dict[str, Node], key: str) -> Term:
    """A Term from a row's value and its label_vi, label_en, identifier and ordinal columns."""
    labels = tuple((lang, str(row[f"label_{lang}"])) for lang in ("vi", "en") if f"label_{lang}" in row)
    return Term(row[key], labels, str(row["identifier"]) if "identifier" in row else None, _whole(row.get("ordinal")),
                str(row["document"]) if "document" in row else None,
                str(row["document_id"]) if "document_id" in row else None)


def _whole(value: Node | None) -> int | None:
    """An integer literal's value (None when absent or not written as an integer)."""
    text = str(value).strip() if isinstance(value, Literal) else ""
    return int(text) if re.fullmatch(r"[+-]?[0-9]{1,18}", text) else None


def linking(store: Store, iri: str, predicate: str) -> list[str]:
    """The IRIs of the entities linking to `iri` by `predicate`, in code point order (as SPARQL compares strings;
    sorted here: entity-in-all.rq says why)."""
    return sorted({str(row[-1]) for row in select(store, "entity-in-all", iri=URIRef(iri), p=URIRef(predicate)).rows})


def incoming_page(store: Store, iri: str, predicate: str, after: str = "", memo: Memo = None
                  ) -> tuple[list[Term], str | None]:
    """One page of the entities linking to `iri` by `predicate` after the IRI `after`, and the next page's start
    (`memo` may keep the sorted IRIs for the next pages)."""
    subjects = _memo(memo)(("linking", iri, predicate), lambda: linking(store, iri, predicate))
    chosen = subjects[bisect.bisect_right(subjects, after):][:PAGE + 1]
    page = [named(store, URIRef(s)) for s in chosen[:PAGE]]
    return page, (str(page[-1].node) if len(chosen) > PAGE else None)


def named(store: Store, node: Node) -> Term:
    """A linked entity with its labels and identifier (one small query)."""
    rows = select(store, "entity-label", s=node).dicts()
    return _term({**(rows[0] if rows else {}), "s": node}, "s")


def fetch(store: Store, iri: str, paged: tuple[str, str] | None = None, memo: Memo = None) -> EntityData:
    """Everything the page shows about `iri`; `paged` = (predicate, after) moves one incoming relation's page;
    `memo(key, make)` may keep what a hub's pages share (the counts, the sorted IRIs of a relation).

    Raises NotFound when the store has no triple with `iri` as subject or object."""
    node = URIRef(iri)
    out = [(str(r["p"]), _term(r, "o")) for r in select(store, "entity-out", iri=node).dicts()]
    incoming = _incoming(store, iri, paged, memo)
    if not out and not incoming:
        raise NotFound(f"no entity {iri} in the graph", key="err_no_entity", iri=iri)
    statuses: dict[tuple[str, str, str], tuple[str, dict[str, str]]] = {}
    for r in select(store, "entity-statements", iri=node).dicts():
        key, status = (str(r["s"]), str(r["p"]), str(r["o"])), str(r["status"])
        if key not in statuses or (rank(status), status) < (rank(statuses[key][0]), statuses[key][0]):
            statuses[key] = (status, {})  # of several statements, the surest (one verified suffices), its notes
        if "note" in r and statuses[key][0] == status:
            statuses[key][1].setdefault(getattr(r["note"], "language", None) or "", str(r["note"]))
    graphs = sorted({str(r["g"]) for r in select(store, "entity-graphs", iri=node).dicts()})
    return EntityData(iri, out, incoming, statuses, graphs)


def _incoming(store: Store, iri: str, paged: tuple[str, str] | None, memo: Memo = None) -> dict[str, Incoming]:
    """Incoming links per predicate: their counts, then one query for all of them when they are few (≤ 500,
    ≤ PAGE per predicate, no page asked), else one keyset-paged query per predicate."""
    counts = _memo(memo)(("in-counts", iri), lambda: select(store, "entity-in-counts", iri=URIRef(iri)).dicts())
    sizes = [int(r["n"].toPython()) for r in counts]
    found: dict[str, Incoming] = {}
    if sum(sizes) <= CAP and not paged and all(n <= PAGE for n in sizes):
        for r in select(store, "entity-in", iri=URIRef(iri)).dicts():
            p = str(r["p"])
            found.setdefault(p, Incoming(p, 0)).page.append(_term(r, "s"))
        for item in found.values():
            item.total = len(item.page)
        return found
    for r in counts:
        p = str(r["p"])
        after = paged[1] if paged and paged[0] == p else ""
        page, more = incoming_page(store, iri, p, after, memo)
        found[p] = Incoming(p, int(r["n"].toPython()), page, after, more)
    return found


def description(store: Store, iri: str) -> Graph:
    """The RDF description of `iri`: outgoing triples, its blank nodes, the reified statements on its links
    (incoming links are left out: they belong to the linking entities' descriptions)."""
    graph = Graph()
    bind_all(graph)
    for row in select(store, "entity-describe", iri=URIRef(iri)).dicts():
        subject = row["s"]
        subject = subject if isinstance(subject, (URIRef, BNode)) else URIRef(str(subject))
        graph.add((subject, row["p"], _plain(row["o"])))
    if not len(graph) and not exists(store, iri):
        raise NotFound(f"no entity {iri} in the graph", key="err_no_entity", iri=iri)
    return graph


def _plain(term: Node) -> Node:
    """An xsd:string literal written as a simple literal (the same term in RDF 1.1, lighter to read)."""
    if isinstance(term, Literal) and term.datatype == XSD_STRING:
        return Literal(str(term))
    return term


def display_name(store: Store, iri: str, lang: str) -> str:
    """An entity's label in `lang` (else the other language, its identifier or its IRI): one small query."""
    term = named(store, URIRef(iri))
    return term.label(lang) or term.identifier or iri


def exists(store: Store, iri: str) -> bool:
    """Whether the graph has a triple with `iri` as subject or object."""
    return bool(select(store, "entity-exists", iri=URIRef(iri)).rows)


def note_in(notes: dict[str, str], lang: str) -> str | None:
    """A statement's note in `lang`, else one without a language, else the other one (None without notes)."""
    return notes.get(lang) or notes.get("") or next(iter(notes.values()), None)
