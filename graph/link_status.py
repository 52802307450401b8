"""How sure the data is of a link: one between acts that a change rests on (55/2025/NĐ-CP replaces 28/2023/NĐ-CP,
a link the fact sheet only believes), so that a status derived from the change says so even when the act is sure,
or one an impact path goes through. Judged per graph (statement-doubts.rq), by the one rule of graph.sureness."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import URIRef

from graph.query import select
from graph.store.base import Store
from graph.sureness import unsure

Link = tuple[str, str, str]  # (subject, predicate, object): an act, its relation, a document


def link_doubts(store: Store, **bound: str) -> dict[Link, str]:
    """Links whose every statement (per asserting graph) is unsure → the status IRI to show; `s=` or `o=` binds
    the query to one act's or one document's links (a page, an amendment), none reads them all (a build)."""
    statuses: dict[Link, set[str]] = {}
    rows = select(store, "statement-doubts", **{name: URIRef(iri) for name, iri in bound.items()}).dicts()
    for row in rows:
        link = (str(row.get("s", bound.get("s"))), str(row["p"]), str(row.get("o", bound.get("o"))))
        statuses.setdefault(link, set()).add(str(row["status"]))
    return {link: min(found) for link, found in statuses.items() if all(unsure(s) for s in found)}


def change_status(row: Mapping[str, object], doubts: dict[Link, str], doc: str) -> str | None:
    """The status of a change read from a row with ?status, ?act and ?rel (the link a change without effects rests
    on, unbound for an effect), as sure as that link: the link's status when it is unsure and the change's own
    (its effect's, else its act's) is not."""
    status = str(row["status"]) if row.get("status") is not None else None
    if row.get("rel") is None or unsure(status):
        return status
    return doubts.get((str(row["act"]), str(row["rel"]), doc), status)
