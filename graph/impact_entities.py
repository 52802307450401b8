"""The entities of the dependency graph, held as columns: an Entity is made when one is asked for.

Every typed vnqi entity is described (at 5M synthetic quads, 604,505 of them, nine in ten of them clauses, points and
articles); as Entity objects with their label dicts they held ~855 MB of the server's memory, most of the app's
own. Columns of plain values (labels and identifiers as strings, dates as day numbers, statuses as shared strings,
the acts ending a document only where there are some) hold the same facts in a fraction of it.
"""

from __future__ import annotations

import functools
import re
import sys
from array import array
from collections.abc import Iterator, Mapping
from datetime import date

from graph.impact_model import End, Entity
from graph.link_status import Link, change_status, link_doubts
from graph.query import plain_rows, select
from graph.store.base import Store
from graph.sureness import FACT_STATUS

FACTS = ("identifier", "in_force", "ended", "status", "start_kind", "end_kind", "issued", "rank")  # the .rq's columns
_DATES = {"in_force": 0, "ended": 1, "issued": 2}  # column of each date in EntityTable._days
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")  # an xsd:date, its time zone left aside
MADE = 1 << 13  # Entities made from rows and kept (~1 KB each): an impact walk asks for the same ones again
_NONE = 0  # no date: day numbers (date.toordinal) start at 1


class EntityTable(Mapping[str, Entity]):
    """Entities by IRI, read-only once loaded; `table[iri]` builds the Entity from its row."""

    def __init__(self) -> None:
        self._row: dict[str, int] = {}
        self._iri: list[str] = []
        self._kind: list[str] = []
        self._labels: list[tuple[str | None, str | None]] = []  # (vi, en)
        self._identifier: list[str | None] = []
        self._status: list[str | None] = []
        self._kinds: list[tuple[str, str]] = []  # (start kind, end kind): a handful of shared tuples
        self._days = array("l")  # in force, ended, issued: three day numbers a row
        self._ranks = array("b")  # the rank of the fact each kept date came from (impact-node-facts.rq's ?rank)
        self._ends: dict[int, tuple[End, ...]] = {}
        self._made = functools.lru_cache(maxsize=MADE)(self._entity)

    def add(self, iri: str, kind: str) -> None:
        """A new entity of class `kind` (the first class given for an IRI wins)."""
        if iri in self._row:
            return
        self._row[iri] = len(self._iri)
        for column, value in ((self._iri, iri), (self._kind, sys.intern(kind)), (self._labels, (None, None)),
                              (self._identifier, None), (self._status, None), (self._kinds, _IN_FORCE)):
            column.append(value)  # type: ignore[attr-defined]
        self._days.extend((_NONE, _NONE, _NONE))
        self._ranks.extend((0, 0, 0))

    def label(self, iri: str, lang: str, text: str) -> None:
        """Keep the first label in `lang` ('vi' or 'en') of a listed entity."""
        row = self._row.get(iri)
        if row is None:
            return
        vi, en = self._labels[row]
        if lang == "vi" and vi is None:
            self._labels[row] = (text, en)
        elif lang == "en" and en is None:
            self._labels[row] = (vi, text)

    def facts(self, iri: str, values: dict[str, str]) -> None:
        """Keep the first value of each fact (FACTS) of a listed entity, a date from a fact of a better (lower)
        rank replacing one from a worse; dates that are not days are left out."""
        row = self._row.get(iri)
        if row is None:
            return
        if "identifier" in values and self._identifier[row] is None:
            self._identifier[row] = values["identifier"]
        if "status" in values and self._status[row] is None:
            self._status[row] = sys.intern(values["status"].removeprefix(FACT_STATUS)) or None
        rank = int(values.get("rank") or 1)
        for name, column in _DATES.items():
            day, at = _day(values.get(name)), 3 * row + column
            if day is not None and (self._days[at] == _NONE or rank < self._ranks[at]):
                self._days[at], self._ranks[at] = day.toordinal(), rank
                if name != "issued":
                    self._kind_of(row, name, values)

    def _kind_of(self, row: int, name: str, values: dict[str, str]) -> None:
        """Which fact gave the date just kept (start_kind with in_force, end_kind with ended)."""
        start, end = self._kinds[row]
        if name == "in_force":
            start = values.get("start_kind") or "in-force"
        else:
            end = values.get("end_kind") or "in-force"
        self._kinds[row] = _shared((start, end))

    def ends(self, iri: str, ends: tuple[End, ...]) -> None:
        """The acts ending a listed entity as a whole."""
        row = self._row.get(iri)
        if row is not None and ends:
            self._ends[row] = ends

    def canonical(self, iri: str) -> str:
        """The table's own string for a listed IRI (so that other structures share it), else `iri` itself."""
        row = self._row.get(iri)
        return iri if row is None else self._iri[row]

    def __getitem__(self, iri: str) -> Entity:
        return self._made(iri)

    def _entity(self, iri: str) -> Entity:
        """The Entity of a row (KeyError for an IRI the table does not list)."""
        row = self._row[iri]
        vi, en = self._labels[row]
        labels = {lang: text for lang, text in (("vi", vi), ("en", en)) if text is not None}
        in_force, ended, issued = (_date(d) for d in self._days[3 * row: 3 * row + 3])
        start_kind, end_kind = self._kinds[row]
        return Entity(iri=self._iri[row], kind=self._kind[row], labels=labels, identifier=self._identifier[row],
                      in_force=in_force, ended=ended, issued=issued, status=self._status[row],
                      start_kind=start_kind, end_kind=end_kind, ends=self._ends.get(row, ()))

    def __contains__(self, iri: object) -> bool:
        return iri in self._row

    def __iter__(self) -> Iterator[str]:
        return iter(self._iri)

    def __len__(self) -> int:
        return len(self._iri)


_IN_FORCE = ("in-force", "in-force")
_KIND_PAIRS: dict[tuple[str, str], tuple[str, str]] = {_IN_FORCE: _IN_FORCE}


def _shared(pair: tuple[str, str]) -> tuple[str, str]:
    """One tuple object for each (start kind, end kind) pair, its strings interned."""
    return _KIND_PAIRS.setdefault(pair, (sys.intern(pair[0]), sys.intern(pair[1])))


def _day(text: str | None) -> date | None:
    """A date from an xsd:date's lexical form (impact-node-facts.rq returns only those), None if it is not a day."""
    found = _ISO_DAY.fullmatch(text) if text is not None else None
    if found is None:
        return None
    try:
        return date.fromisoformat(found.group(1))
    except ValueError:
        return None


def _date(day: int) -> date | None:
    return None if day == _NONE else date.fromordinal(day)


def load_entities(store: Store, doubts: dict[Link, str] | None = None) -> EntityTable:
    """Every typed vnqi entity with its labels, identifier, validity dates, status and the acts ending it (first
    value wins); `doubts`: graph.link_status.link_doubts of the store (read here when not given)."""
    table = EntityTable()
    for node, cls in plain_rows(store, "impact-node-types"):
        table.add(node, cls.rsplit("#", 1)[-1])  # type: ignore[arg-type,union-attr]
    for node, label, lang in plain_rows(store, "impact-node-labels"):
        table.label(node, lang, label)  # type: ignore[arg-type]
    for node, *values in plain_rows(store, "impact-node-facts"):
        table.facts(node, {key: value for key, value in zip(FACTS, values) if value is not None})  # type: ignore
    for node, ends in load_ends(store, link_doubts(store) if doubts is None else doubts).items():
        table.ends(node, ends)
    return table


def load_ends(store: Store, doubts: dict[Link, str]) -> dict[str, tuple[End, ...]]:
    """The acts ending each document as a whole (impact-node-ends.rq), one per act, as sure as the act (or effect)
    and the link it rests on."""
    found: dict[str, dict[str, End]] = {}
    for row in select(store, "impact-node-ends").dicts():
        node, act, day = row["node"], row["act"], row.get("date")
        key = (change_status(row, doubts, str(node)) or "").removeprefix(FACT_STATUS)
        end = End(str(act), _day(str(day)) if day is not None and _is_day(day) else None,
                  sys.intern(key) if key else None)
        known = found.setdefault(str(node), {})
        if str(act) not in known or (known[str(act)].on is None and end.on is not None):
            known[str(act)] = end
    return {node: tuple(acts.values()) for node, acts in found.items()}


def _is_day(term: object) -> bool:
    """True for an xsd:date literal (the only kind of date an end takes)."""
    return str(getattr(term, "datatype", "")) == "http://www.w3.org/2001/XMLSchema#date"
