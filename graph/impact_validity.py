"""Why impact analysis leaves an entity out on a day: its own validity, else its document's (English text; the
API words it per language from the same facts, api/impact_view.reason)."""

from __future__ import annotations

from datetime import date

from graph.dependencies import DependencyGraph
from graph.impact_model import Entity


def why_excluded(graph: DependencyGraph, entity: Entity, day: date) -> str:
    """Why an entity is not walked through on `day` (its own reason, else its document's)."""
    if entity.ended_on(day):
        return own_reason(entity, day)
    document = graph.entity(graph.document_of(entity.iri) or entity.iri)
    return f"its document {document.iri}: {own_reason(document, day)}"


def own_reason(entity: Entity, day: date) -> str:
    """Why an entity itself is not in force on `day`."""
    if entity.in_force and entity.in_force > day:
        return f"not yet in force on {day.isoformat()} (from {entity.in_force.isoformat()})"
    if not (entity.ended and entity.ended <= day) and entity.ended_by(day):
        end = entity.ended_by(day)[0]
        return f"repealed or replaced by {end.act} from {end.on.isoformat() if end.on else '?'}"
    return f"no longer in force on {day.isoformat()} (since {entity.ended.isoformat() if entity.ended else '?'})"
