"""The amendment an analysis walks from (graph/impact.py): the one an amending act of the graph makes (what it
changes, per target, how; from when; how sure the data is of it), or a hypothetical change to a document."""

from __future__ import annotations

from datetime import date

from rdflib import URIRef

from graph.dependencies import dependency_graph
from graph.errors import NotFound, QueryError
from graph.ids import doc_iri, provision_path, std_iri
from graph.impact_model import Amendment
from graph.impact_names import PROVISIONS
from graph.link_status import change_status, link_doubts
from graph.query import ask, select
from graph.store.base import Store
from graph.sureness import unsure

CHANGES = ("amended", "supplemented", "replaced", "repealed", "partly-repealed", "corrected")


def resolve(store: Store, reference: str) -> str:
    """An entity IRI from an IRI, an official number ('70/2025/QH15') or a standard's code ('ISO 9001:2015');
    NotFound when unknown."""
    graph = dependency_graph(store)
    reference = reference.strip()
    iri = reference if reference.startswith(("http://", "https://")) else str(doc_iri(reference))
    if iri not in graph.entities and not reference.startswith(("http://", "https://")):
        iri = str(std_iri(reference))
    if iri not in graph.entities:
        raise NotFound(f"unknown document or provision: {reference!r}", key="err_unknown_reference",
                       reference=reference)
    return iri


def what_if(store: Store, document: str, provisions: list[str], change: str = "amended",
            effective: date | None = None) -> Amendment:
    """A hypothetical change to known provisions of a document ('dieu-3' or full IRIs), or to the whole document,
    standard edition or technical regulation."""
    if change not in CHANGES:
        raise QueryError(f"unknown change {change!r}: expected one of {', '.join(CHANGES)}", key="err_unknown_change",
                         change=change, choices=", ".join(CHANGES))
    doc = resolve(store, document)
    if not ask(store, "can-change", entity=URIRef(doc)):
        raise NotFound(f"{document} is not a legal document, a provision, a standard edition or a technical "
                       "regulation: a what-if changes one of those", key="err_not_legal_resource", reference=document)
    graph = dependency_graph(store)
    targets = []
    for ref in provisions:
        iri = ref.strip() if ref.strip().startswith(("http://", "https://")) else f"{doc}/{provision_path(ref)}"
        if iri not in graph.entities or not iri.startswith(doc + "/") or graph.entity(iri).kind not in PROVISIONS:
            raise NotFound(f"unknown provision {ref!r} of {document}", key="err_unknown_provision", ref=ref,
                           document=document)
        targets.append(iri)
    return Amendment(targets=tuple(sorted(set(targets))) or (doc,), effective=effective, change=change)


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
