"""How sure the data is of a link: one between acts that a change rests on (55/2025/NĐ-CP replaces 28/2023/NĐ-CP,
a link the fact sheet only believes), so that a status derived from the change says so even when the act is sure,
or one an impact path goes through. Judged per graph (statement-doubts.rq), by the one rule of graph.sureness."""

from __future__ import annotations

from graph.browse_cache import cached
from graph.query import select
from graph.store.base import Store
from graph.sureness import unsure

Link = tuple[str, str, str]  # (subject, predicate, object): an act, its relation, a document


def _doubts(store: Store) -> dict[Link, str]:
    """Links whose every statement (statement-doubts.rq: per asserting graph) is unsure → the status IRI to show."""
    statuses: dict[Link, set[str]] = {}
    for row in select(store, "statement-doubts").dicts():
        link = (str(row["s"]), str(row["p"]), str(row["o"]))
        statuses.setdefault(link, set()).add(str(row["status"]))
    return {link: min(found) for link, found in statuses.items() if all(unsure(s) for s in found)}


def link_doubts(store: Store) -> dict[Link, str]:
    """The unsure links of the store version and their fact-status IRI (cached per version)."""
    return cached(store, "link doubts", _doubts)


def with_link(status: str | None, doubts: dict[Link, str], act: str, rel: object, doc: str) -> str | None:
    """A change's status with its link's: the link's when the link is unsure and the change's own (its effect's,
    else its act's) is not; the change's own otherwise. `rel` is unbound (None) for a change read from an effect."""
    if rel is None or unsure(status):
        return status
    return doubts.get((act, str(rel), doc), status)
