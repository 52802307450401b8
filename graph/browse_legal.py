"""The legal status of every legal document on a day, for class lists to show and filter on, derived as a
document's page derives it (graph/entity_legal.legal_status) when no vnqi:legalStatus is recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef

from graph.browse_cache import cached
from graph.browse_classes import with_subclasses
from graph.entity_legal import CONCEPTS
from graph.namespaces import VNQI
from graph.query import select
from graph.store.base import Store
from graph.timeline import unsure


@dataclass
class Validity:
    """What the status of one document rests on: its dates and the dates of the acts ending it."""

    start: date | None = None
    end: date | None = None
    whole: list[tuple[date, str | None]] = field(default_factory=list)  # (day, status): repealed or replaced
    part: list[tuple[date, str | None]] = field(default_factory=list)  # (day, status): repealed in part

    def status(self, day: date) -> str | None:
        """The status key on `day` (in-force, partly-in-force, expired, not-yet-in-force), None when unknown."""
        if (self.end and self.end <= day) or any(d <= day for d, _ in self.whole):
            return "expired"
        if self.start and self.start > day:
            return "not-yet-in-force"
        if any(d <= day for d, _ in self.part):
            return "partly-in-force"
        return "in-force" if self.start else None

    def unsure(self, day: date) -> bool:
        """Whether the status on `day` rests only on changes the data does not hold as sure, as the page's caveat
        says (graph.entity_legal.unsure_basis): none of them sure, one of them unsure."""
        basis = {"expired": self.whole, "partly-in-force": self.part}.get(self.status(day) or "", [])
        statuses = [status for d, status in basis if d <= day]
        return not any(s and not unsure(s) for s in statuses) and any(unsure(s) for s in statuses)


def _day(term: object) -> date | None:
    """A date from an xsd:date literal, else None."""
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, date) else None


def validities(store: Store) -> dict[str, Validity]:
    """Every document's Validity (list-legal-validity.rq), the earliest start and end when several are given."""
    found: dict[str, Validity] = {}
    for row in select(store, "list-legal-validity").dicts():
        v = found.setdefault(str(row["doc"]), Validity())
        start, end, when = _day(row.get("start")), _day(row.get("end")), _day(row.get("date"))
        if start:
            v.start = min(v.start or start, start)
        if end:
            v.end = min(v.end or end, end)
        if "act" in row and when:
            whole = str(row["target"]) == str(row["doc"]) and not row["partial"].toPython() and \
                str(row["type"]).endswith(("/repealed", "/replaced"))
            part = row["partial"].toPython() or (str(row["target"]) != str(row["doc"]) and
                                                 str(row["type"]).endswith("/repealed"))
            if whole or part:  # as legal_status reads a change: a replaced provision leaves the document in force
                status = str(row["status"]) if "status" in row else None
                (v.whole if whole else v.part).append((when, status))
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
