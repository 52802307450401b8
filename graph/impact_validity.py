"""Why impact analysis leaves an entity out on a day: its own validity, else that of the nearest provision or
document it is part of. One decision (`exclusion`), worded in English here and per language by the API
(api/impact_view.reason)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.dependencies import DependencyGraph
from graph.impact_model import End, Entity
from graph.store.base import Store
from graph.timeline import state_on

START_CODES = {"founded": "not-yet-founded"}  # by the fact that gave the date (impact-node-facts.rq)
END_CODES = {"dissolved": "dissolved", "withdrawn": "withdrawn"}
ENGLISH = {"not-yet-in-force": "not yet in force on {day} (from {since})",
           "not-yet-founded": "not yet founded on {day} (founded {since})",
           "not-yet-issued": "not yet issued on {day} (issued {since})",
           "repealed": "repealed or replaced by {act} from {since}",
           "no-longer-in-force": "no longer in force on {day} (since {since})",
           "dissolved": "dissolved as of {day} (on {since})",
           "withdrawn": "withdrawn as of {day} (on {since})"}


@dataclass(frozen=True)
class Exclusion:
    """Why: `code` (not-yet-in-force, not-yet-founded, not-yet-issued, repealed, no-longer-in-force, dissolved,
    withdrawn) of `holder` (the entity itself or an ancestor not in force), from `since`, by `act` (a repeal)."""

    code: str
    holder: str
    since: date | None
    act: str | None = None


def exclusion(graph: DependencyGraph, entity: Entity, day: date) -> Exclusion:
    """Why an entity (known not to be passable on `day`) is left out: its own reason, else the nearest ancestor's."""
    holder = next((h for h in graph.holders(entity.iri) if h.ended_on(day)), entity)
    if holder.in_force and holder.in_force > day:
        return Exclusion(START_CODES.get(holder.start_kind, "not-yet-in-force"), holder.iri, holder.in_force)
    if not holder.in_force and holder.issued and holder.issued > day:
        return Exclusion("not-yet-issued", holder.iri, holder.issued)
    ended = holder.ended_by(day)
    if ended and not (holder.ended and holder.ended <= day):
        return Exclusion("repealed", holder.iri, ended[0].on, ended[0].act)
    return Exclusion(END_CODES.get(holder.end_kind, "no-longer-in-force"), holder.iri, holder.ended)


def why_excluded(graph: DependencyGraph, entity: Entity, day: date) -> str:
    """The exclusion in English."""
    why = exclusion(graph, entity, day)
    since = why.since.isoformat() if why.since else "?"
    text = ENGLISH[why.code].format(day=day.isoformat(), since=since, act=why.act)
    return text if why.holder == entity.iri else f"part of {why.holder}: {text}"


def doubtful(graph: DependencyGraph, targets: tuple[str, ...], day: date) -> tuple[tuple[str, End], ...]:
    """The changed targets of a what-if that an unsure act may have ended by `day` (itself or a document it is part
    of), each with the first such act: a change to a text that may no longer be in force."""
    found = []
    for iri in targets:
        doubts = next(filter(None, (h.doubts_on(day) for h in graph.holders(iri))), ())
        if doubts:
            found.append((iri, doubts[0]))
    return tuple(found)


def inactive(store: Store, graph: DependencyGraph, targets: tuple[str, ...], day: date) -> tuple[tuple[str, str], ...]:
    """The changed targets of a what-if that are not in force on `day`, each with why: an exclusion code, or the
    provision's state on its document's timeline ('not-yet-added', 'repealed')."""
    found: list[tuple[str, str]] = []
    states: dict[str, dict[str, str]] = {}  # one timeline per document, however many of its provisions change
    for iri in targets:
        if any(holder.ended_on(day) for holder in graph.holders(iri)):
            found.append((iri, exclusion(graph, graph.entity(iri), day).code))
            continue
        document = graph.document_of(iri)
        if document and document != iri:
            if document not in states:
                states[document] = {s.iri: s.state for s in state_on(store, document, day)}
            if states[document].get(iri) in ("not-yet-added", "repealed"):
                found.append((iri, states[document][iri]))
    return tuple(found)
