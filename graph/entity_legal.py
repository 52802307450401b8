"""A legal document's page: its table of contents (chương → điều → khoản → điểm), each provision's state
and changes on a date, and its status (in force, partly in force, no longer in force) from dates and changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef

from graph.entity import EntityData
from graph.entity_docs import document_of
from graph.legal_validity import Validity
from graph.query import select
from graph.store.base import Store
from graph.sureness import doubtful, unsure
from graph.timeline import Change, change_kind, provision_order, state_on, timeline

ELI = "http://data.europa.eu/eli/ontology#"
VNQI = "https://w3id.org/vnqi/def#"
STATUS = "https://w3id.org/vnqi/id/code/legal-status/"
# legal-status concepts → the status keys of the page
STATUS_KEYS = {"con-hieu-luc": "in-force", "het-hieu-luc-mot-phan": "partly-in-force",
               "het-hieu-luc-toan-bo": "expired", "chua-co-hieu-luc": "not-yet-in-force",
               "ngung-hieu-luc": "suspended", "du-thao": "draft"}
CONCEPTS = {key: STATUS + concept for concept, key in STATUS_KEYS.items()}


@dataclass
class Provision:
    """One provision in the table of contents, with its children and, on a date, its state and changes."""

    iri: str
    kind: str
    number: str | None
    labels: dict[str, str]
    heading: str | None
    text: str | None
    chapter: str | None
    parent: str
    children: list[Provision] = field(default_factory=list)
    state: str | None = None
    changes: tuple[Change, ...] = ()
    stale: tuple[Change, ...] = ()  # changes in force since its text's source was current (stale_changes)

    def label(self, lang: str) -> str:
        """The provision's label in `lang` (else the other language, else its IRI's last segment)."""
        return self.labels.get(lang) or self.labels.get("en" if lang == "vi" else "vi") or self.iri.rsplit("/", 1)[-1]


@dataclass
class Section:
    """A chapter of the table of contents: a Chapter provision, or the Pháp điển chapter its articles are filed
    under (text only), or None for provisions outside any chapter."""

    title: str | None
    provision: Provision | None
    items: list[Provision]


def provisions(store: Store, doc: str) -> list[Provision]:
    """Every provision of `doc` as a tree, in natural order (one query)."""
    nodes: dict[str, Provision] = {}
    for r in select(store, "entity-provisions", doc=URIRef(doc)).dicts():
        iri = str(r["provision"])
        if iri in nodes or "kind" not in r or "parent" not in r:
            continue
        labels = {lang: str(r[f"label_{lang}"]) for lang in ("vi", "en") if f"label_{lang}" in r}
        nodes[iri] = Provision(iri, str(r["kind"]).removeprefix(VNQI), _opt(r, "number"), labels,
                               _opt(r, "heading"), _opt(r, "text"), _opt(r, "chapter"), str(r["parent"]))
    roots = []
    for node in sorted(nodes.values(), key=lambda n: provision_order(n.iri)):
        (nodes[node.parent].children if node.parent in nodes else roots).append(node)
    return roots


def sections(roots: list[Provision]) -> list[Section]:
    """The top level grouped into chapters, in document order."""
    out: list[Section] = []
    for node in roots:
        if node.kind == "Chapter":
            out.append(Section(node.label("vi"), node, node.children))
        elif out and out[-1].provision is None and out[-1].title == node.chapter:
            out[-1].items.append(node)
        else:
            out.append(Section(node.chapter, None, [node]))
    return out


def provision_state(store: Store, doc: str, iri: str, day: date) -> str | None:
    """The state of one provision of `doc` on `day` (None when the graph knows nothing of it)."""
    return next((s.state for s in state_on(store, doc, day) if s.iri == iri), None)


def with_states(store: Store, doc: str, roots: list[Provision], day: date, current: dict[str, date]) -> None:
    """Set each provision's state and changes on `day` (graph.timeline.state_on), and the changes its text may not
    have (stale_changes, from the dates its texts are `current` to: texts_current_to)."""
    states = {s.iri: s for s in state_on(store, doc, day)}
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.iri in states:
            node.state, node.changes = states[node.iri].state, states[node.iri].changes
        if node.text:
            node.stale = stale_changes(node.changes, current.get(node.iri), day)
        stack.extend(node.children)


def texts_current_to(store: Store, doc: str) -> dict[str, date]:
    """For the provisions of `doc` whose text comes from a source that says what date it is current to, that date."""
    found = {}
    for row in select(store, "texts-current-to", doc=URIRef(doc)).dicts():
        value = getattr(row.get("to"), "toPython", lambda: None)()
        if type(value) is date:  # an xsd:dateTime (a store loaded without validation) is not compared with dates
            found[str(row["provision"])] = value
    return found


def stale_changes(changes: tuple[Change, ...] | list[Change], current_to: date | None, day: date) -> tuple[Change, ...]:
    """The changes in force on `day` that took effect after the text's source was current: the text shown may not
    have them (a repeal is not one: the provision's state says it)."""
    if current_to is None:
        return ()
    return tuple(c for c in changes if c.on is not None and current_to < c.on <= day and c.effect != "repealed")


def legal_status(data: EntityData, changes: list[Change], day: date, dated: bool) -> str:
    """The document's status on `day`: the recorded vnqi:legalStatus when no date was asked and one is recorded,
    otherwise from its entry into force, end date and the changes in effect by `day`."""
    recorded = recorded_status(data)
    if recorded and not dated:
        return recorded
    validity = Validity(_date(data, ELI + "first_date_entry_in_force"), _date(data, ELI + "date_no_longer_in_force"))
    for c in changes:
        validity.add(change_kind(c.target, data.iri, c.effect, c.partial), c.on, c.status)
    return validity.status(day) or "unknown"


def recorded_status(data: EntityData) -> str | None:
    """The status key of the document's recorded vnqi:legalStatus, if it has one this page knows."""
    recorded = [str(t.node).removeprefix(STATUS) for t in data.values(VNQI + "legalStatus")]
    return STATUS_KEYS.get(recorded[0]) if recorded else None


def unsure_basis(data: EntityData, changes: list[Change], day: date, dated: bool, key: str) -> list[Change]:
    """The changes a derived status rests on, when the data holds none of them as verified, first- or second-hand
    (e.g. the repeal of 132/2008/NĐ-CP reported by an unverified decree): the page says the status is only as sure
    as they are. One verified change suffices for the status, and then there is no caveat (graph.sureness.unsure)."""
    if recorded_status(data) and not dated:
        return []
    basis = status_basis(data, changes, day, key)
    return [c for c in basis if unsure(c.status)] if doubtful([c.status for c in basis]) else []


def status_basis(data: EntityData, changes: list[Change], day: date, key: str) -> list[Change]:
    """The changes a derived status rests on: the repeals or replacements that ended the document, or the partial
    repeals and repealed provisions that make it partly in force (none for other statuses)."""
    kind = {"expired": "whole", "partly-in-force": "part"}.get(key)
    return [c for c in changes if kind and c.on is not None and c.on <= day
            and change_kind(c.target, data.iri, c.effect, c.partial) == kind]


def document_changes(store: Store, iri: str) -> list[Change]:
    """The dated changes of a document, or of one provision (and its sub-provisions) of it."""
    doc = document_of(iri)
    changes = timeline(store, doc)
    return changes if doc == iri else [c for c in changes if c.target == iri or c.target.startswith(iri + "/")]


def _date(data: EntityData, predicate: str) -> date | None:
    """The first xsd:date value of a predicate."""
    for term in data.values(predicate):
        value = getattr(term.node, "toPython", lambda: None)()
        if isinstance(value, date):
            return value
    return None


def _opt(row: dict, key: str) -> str | None:
    """Optional lexical value."""
    return str(row[key]) if key in row else None
