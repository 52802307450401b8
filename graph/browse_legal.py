"""The legal status of every legal document on a day, for class lists to show and filter on, derived as a
document's page derives it (graph/entity_legal.legal_status) when no vnqi:legalStatus is recorded."""

from __future__ import annotations

from datetime import date

from rdflib import Literal, URIRef

from graph.browse_cache import cached
from graph.browse_classes import with_subclasses
from graph.entity_legal import CONCEPTS
from graph.legal_validity import Validity
from graph.link_status import change_status, link_doubts
from graph.namespaces import VNQI
from graph.query import select
from graph.store.base import Store
from graph.timeline import change_kind


def _day(term: object) -> date | None:
    """A date from an xsd:date literal, else None."""
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, date) else None


def validities(store: Store) -> dict[str, Validity]:
    """Every document's Validity (list-legal-validity.rq), the earliest start and end when several are given."""
    found: dict[str, Validity] = {}
    doubts = link_doubts(store)
    for row in select(store, "list-legal-validity").dicts():
        v = found.setdefault(str(row["doc"]), Validity())
        start, end, when = _day(row.get("start")), _day(row.get("end")), _day(row.get("date"))
        if start:
            v.start = min(v.start or start, start)
        if end:
            v.end = min(v.end or end, end)
        if "act" in row:
            kind = change_kind(str(row["target"]), str(row["doc"]), str(row["type"]).rsplit("/", 1)[-1],
                               bool(row["partial"].toPython()))
            v.add(kind, when, change_status(row, doubts, str(row["doc"])))
    return found


def legal_statuses(store: Store, day: date) -> dict[str, str]:
    """Entity IRI → legal-status concept IRI on `day` (cached per store version and day)."""
    def compute(s: Store) -> dict[str, str]:
        keys = {iri: v.status(day) for iri, v in cached(s, "legal validities", validities).items()}
        return {iri: CONCEPTS[key] for iri, key in keys.items() if key}
    return cached(store, f"legal statuses {day.isoformat()}", compute)


def unsure_statuses(store: Store, day: date) -> frozenset[str]:
    """The entities whose derived status on `day` rests only on unsure changes (cached per store version and day)."""
    return cached(store, f"unsure legal statuses {day.isoformat()}", lambda s: frozenset(
        iri for iri, v in cached(s, "legal validities", validities).items() if v.unsure(day)))


def is_legal(store: Store, cls: URIRef) -> bool:
    """Whether a class list may hold legal documents (vnqi:LegalDocument, a subclass or a superclass of it): its
    legal documents show derived statuses."""
    return cls in cached(store, "legal classes", lambda s: frozenset(with_subclasses(s, VNQI.LegalDocument))) or \
        VNQI.LegalDocument in with_subclasses(store, cls)
