"""The state of a document on a date (which provisions are in force, as amended by what) and its timeline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rdflib import URIRef

from graph.link_status import change_status, link_doubts
from graph.query import select
from graph.store.base import Store

EFFECT = "https://w3id.org/vnqi/id/code/effect-type/"


def change_kind(target: str, document: str, effect: str, partial: bool) -> str | None:
    """How a change bears on its document's status: 'whole' (a repeal or replacement of the document), 'part' (a
    partial repeal, or a repealed provision), None (an amendment, a correction, a replaced provision)."""
    if target == document and effect in ("repealed", "replaced") and not partial:
        return "whole"
    return "part" if partial or effect == "partly-repealed" or (target != document and effect == "repealed") \
        else None


@dataclass(frozen=True)
class Change:
    """One dated change to a document or one of its provisions."""

    target: str
    act: str
    act_id: str | None
    effect: str  # amended, supplemented, replaced, repealed, partly-repealed, corrected
    on: date | None
    applied: bool | None
    partial: bool = False  # a repeal of part of the document (vnqi:repealsPartOf without effects)
    status: str | None = None  # the fact status of the change in the data (its effect's, else its act's)


@dataclass(frozen=True)
class ProvisionState:
    """A provision on a date: in force as enacted, as amended, added, partly repealed, repealed, not yet added, or
    not yet in force (the document itself is not)."""

    iri: str
    kind: str
    number: str | None
    label: str | None
    parent: str
    state: str
    changes: tuple[Change, ...]


def timeline(store: Store, document: str) -> list[Change]:
    """Every change to the document and its provisions, oldest first (undated last)."""
    rows = select(store, "document-timeline", doc=URIRef(document)).dicts()
    doubts = link_doubts(store, o=document)
    changes = [Change(str(r["target"]), str(r["act"]), str(r["act_id"]) if "act_id" in r else None,
                      str(r["type"]).removeprefix(EFFECT), r["date"].toPython() if "date" in r else None,
                      bool(r["applied"].toPython()) if "applied" in r else None,
                      bool(r["partial"].toPython()) if "partial" in r else False,
                      change_status(r, doubts, document)) for r in rows]
    unique = {(c.target, c.act, c.effect, c.on, c.partial): c for c in changes}  # one row per change, whatever the joins
    return sorted(unique.values(), key=lambda c: (c.on is None, c.on or date.max, provision_order(c.target), c.act))


def in_force_since(store: Store, document: str) -> date | None:
    """The day the document entered into force, when the graph states it."""
    rows = select(store, "document-in-force", doc=URIRef(document)).dicts()
    return rows[0]["since"].toPython() if rows and "since" in rows[0] else None


INSERTED = re.compile(r"^(khoan|diem)-|-\d+[a-z]+$")  # a clause or point; dieu-6a, dieu-6dd (6đ): a letter


def inserted(iri: str) -> bool:
    """Whether a provision was inserted by its "supplemented" change: a clause or a point (khoản 5, điểm e are
    added), or an article or chapter whose number carries a letter (Điều 6a between 6 and 7). An article with a
    plain number existed before and had content added (Bộ pháp điển: "có nội dung được bổ sung"): Điều 24 of
    127/2007/NĐ-CP, in force since 2007, was shown as not yet added before 2018."""
    return INSERTED.search(iri.rsplit("/", 1)[-1]) is not None


def _state(changes: list[Change], day: date, new: bool = True) -> str:
    """State of one provision on `day` from its changes up to that day (`new`: it was inserted by its "supplemented"
    change, see `inserted`). A repeal next to another effect of the same act on the provision (Bộ pháp điển's
    "amended, supplemented, partly repealed") does not end it, as in impact analysis (impact-node-ends.rq): the
    state no longer depended on which of one day's changes sorted last."""
    done = [c for c in changes if c.on is not None and c.on <= day]
    future = [c for c in changes if c.on is None or c.on > day]
    counted = [c for c in done if c.effect != "repealed" or not any(
        o.act == c.act and o.effect != "repealed" for o in changes)]
    if counted and counted[-1].effect == "repealed":
        return "repealed"
    if done and all(c.effect == "partly-repealed" for c in done):
        return "partly-repealed"  # with other changes too, it reads "amended" (whatever sorted last)
    if new and not done and future and all(c.effect == "supplemented" for c in future):
        return "not-yet-added"
    if any(c.effect == "supplemented" for c in done):
        return "added" if new and len(done) == 1 else "amended"
    return "amended" if done else "in-force"


def state_on(store: Store, document: str, day: date, within: tuple[str, ...] = ()) -> list[ProvisionState]:
    """Every known provision of the document (or provision) with its state on `day` and the changes that made it
    so; all of them repealed once an act repealing or replacing it, or what it is part of (`within`), has taken
    effect."""
    changes = timeline(store, document)
    since = in_force_since(store, document)
    by_target: dict[str, list[Change]] = {}
    for change in changes:
        by_target.setdefault(change.target, []).append(change)
    outer = [c for holder in within for c in timeline(store, holder) if c.target == holder]
    whole = tuple(c for c in by_target.get(document, []) + outer
                  if change_kind(c.target, c.target, c.effect, c.partial) == "whole" and c.on and c.on <= day)
    states = []
    for row in select(store, "document-provisions", doc=URIRef(document)).dicts():
        iri = str(row["provision"])
        own = by_target.get(iri, [])
        state = ("not-yet-in-force" if since is not None and day < since else "repealed" if whole
                 else _state(own, day, inserted(iri)))
        states.append(ProvisionState(iri, str(row["kind"]).rsplit("#", 1)[-1], _opt(row, "number"),
                                     _opt(row, "label"), str(row["parent"]), state,
                                     tuple(c for c in own if c.on is None or c.on <= day) + whole))
    return sorted({s.iri: s for s in states}.values(), key=lambda s: provision_order(s.iri))


def _opt(row: dict, key: str) -> str | None:
    """Optional lexical value."""
    return str(row[key]) if key in row else None


def provision_order(iri: str) -> list[tuple[int, str]]:
    """Natural order of provision IRIs (dieu-2 < dieu-10 < dieu-10a)."""
    return [(int(n) if n else 0, rest) for n, rest in re.findall(r"-(\d*)([a-z]*)", iri.rsplit("/id/", 1)[-1])]
