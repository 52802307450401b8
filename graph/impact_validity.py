"""Why impact analysis leaves an entity out on a day: its own validity, else that of the nearest provision or
document it is part of. One decision (`exclusion`), worded in English here and per language by the API
(api/impact_view.reason)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.dependencies import DependencyGraph
from graph.impact_model import Entity


@dataclass(frozen=True)
class Exclusion:
    """Why: `code` (not-yet-in-force, repealed, no-longer-in-force) of `holder` (the entity itself or an ancestor
    not in force), from `since`, by `act` (for a repeal)."""

    code: str
    holder: str
    since: date | None
    act: str | None = None


def exclusion(graph: DependencyGraph, entity: Entity, day: date) -> Exclusion:
    """Why an entity (known not to be passable on `day`) is left out: its own reason, else the nearest ancestor's."""
    holder = entity
    if not entity.ended_on(day):
        holder = next((graph.entity(a) for a in graph.ancestors(entity.iri) if graph.entity(a).ended_on(day)), entity)
    if holder.in_force and holder.in_force > day:
        return Exclusion("not-yet-in-force", holder.iri, holder.in_force)
    ended = holder.ended_by(day)
    if ended and not (holder.ended and holder.ended <= day):
        return Exclusion("repealed", holder.iri, ended[0].on, ended[0].act)
    return Exclusion("no-longer-in-force", holder.iri, holder.ended)


def why_excluded(graph: DependencyGraph, entity: Entity, day: date) -> str:
    """The exclusion in English."""
    why = exclusion(graph, entity, day)
    since = why.since.isoformat() if why.since else "?"
    if why.code == "not-yet-in-force":
        text = f"not yet in force on {day.isoformat()} (from {since})"
    elif why.code == "repealed":
        text = f"repealed or replaced by {why.act} from {since}"
    else:
        text = f"no longer in force on {day.isoformat()} (since {since})"
    return text if why.holder == entity.iri else f"part of {why.holder}: {text}"
