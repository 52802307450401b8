"""Why impact analysis leaves an entity out on a day: its own validity, else its document's (English text; the
API words it per language from the same facts, api/impact_view.reason)."""

from __future__ import annotations

from datetime import date

from graph.dependencies import DependencyGraph
from graph.impact_model import Entity


def why_excluded(graph: DependencyGraph, entity: Entity, day: date) -> str:
    """Why an entity is not walked through on `day` (its own reason, else that of the nearest ended ancestor)."""
    if entity.ended_on(day):
        return own_reason(entity, day)
    holder = next((graph.entity(a) for a in graph.ancestors(entity.iri) if graph.entity(a).ended_on(day)), entity)
    return f"part of {holder.iri}: {own_reason(holder, day)}"


def own_reason(entity: Entity, day: date) -> str:
    """Why an entity itself is not in force on `day`."""
    if entity.in_force and entity.in_force > day:
        return f"not yet in force on {day.isoformat()} (from {entity.in_force.isoformat()})"
    if not (entity.ended and entity.ended <= day) and entity.ended_by(day):
        end = entity.ended_by(day)[0]
        return f"repealed or replaced by {end.act} from {end.on.isoformat() if end.on else '?'}"
    return f"no longer in force on {day.isoformat()} (since {entity.ended.isoformat() if entity.ended else '?'})"
