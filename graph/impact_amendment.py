"""The amendment an amending act of the graph makes: what it changes (per target, how), from when, and how sure
the data is of it (graph/impact.py walks from it)."""

from __future__ import annotations

from rdflib import URIRef

from graph.dependencies import dependency_graph
from graph.errors import QueryError
from graph.impact_model import Amendment
from graph.link_status import change_status, link_doubts
from graph.query import select
from graph.store.base import Store
from graph.sureness import unsure


def amendment_of(store: Store, act: str) -> Amendment:
    """The amendment an amending act in the graph makes: its targets and its effective date."""
    rows = select(store, "amendment-effects", act=URIRef(act)).dicts()
    if not rows:
        raise QueryError(f"{act} amends, replaces or repeals nothing in the graph", key="err_amends_nothing", act=act)
    dates = [r["date"].toPython() for r in rows if "date" in r]
    targets = tuple(sorted({str(r["target"]) for r in rows}))
    types = sorted({str(r["type"]).rsplit("/", 1)[-1] for r in rows})
    per_target: dict[str, set[str]] = {}
    for r in rows:
        per_target.setdefault(str(r["target"]), set()).add(str(r["type"]).rsplit("/", 1)[-1])
    effective, issued = max(dates) if dates else None, dependency_graph(store).entity(act).issued
    return Amendment(targets=targets, effective=effective, change="+".join(types), act=act,
                     status=_unsure(store, act, rows),
                     issued_after=issued if effective and issued and effective < issued else None,
                     changes=tuple((t, "+".join(sorted(kinds))) for t, kinds in sorted(per_target.items())),
                     partial_list=any(not r["listed"].toPython()
                                      for r in select(store, "act-effects-listed", act=URIRef(act)).dicts()))


def _unsure(store: Store, act: str, rows: list[dict]) -> str | None:
    """The fact status of an amendment whose every change is unsure (graph.sureness.unsure: its effect's, else its
    act's status, as amendment-effects.rq gives it, and that of the link it rests on), e.g. 'unverified'; None when
    any change is verified (first- or second-hand) or carries no status."""
    doubts = link_doubts(store, s=act)
    statuses = sorted({(change_status({"act": act, **r}, doubts, str(r["target"])) or "").rsplit("/", 1)[-1]
                       for r in rows})
    doubtful = [s for s in statuses if unsure(s)]
    return doubtful[0] if doubtful and len(doubtful) == len(statuses) else None
