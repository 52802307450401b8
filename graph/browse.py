"""Class lists: the entities of a class (cached per store version), filtered, sorted and paged."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from rdflib import URIRef

from graph.browse_cache import cached
from graph.browse_classes import text, with_subclasses
from graph.browse_legal import is_legal, legal_statuses, unsure_statuses
from graph.entity_docs import document_of, numbered
from graph.errors import NotFound, QueryError
from graph.namespaces import CODE, VNQI
from graph.query import plain_rows, select
from graph.query_values import value_rows
from graph.search_text import fold_fast
from graph.store.base import Store

PAGE_SIZE = 50
SORTS = ("label", "identifier", "date")
ORDERS = ("asc", "desc")
STATUS_KEY = re.compile(r"[a-z][a-z0-9-]*/[a-z0-9-]+")


@dataclass(frozen=True)
class Entry:
    """What a class list knows of an entity: labels, identifier, date, legal or standard status, fact status."""

    iri: str
    label_vi: str | None
    label_en: str | None
    identifier: str | None
    date: str | None
    status: str | None
    fact: str | None

    def label(self, lang: str) -> str | None:
        """The label in `lang`."""
        return self.label_vi if lang == "vi" else self.label_en


@dataclass(frozen=True)
class Member:
    """One row of a class list: the entity's label in the UI language and in the other one, and its fields."""

    iri: str
    label: str | None
    other_label: str | None
    identifier: str | None
    date: str | None
    status: str | None
    fact: str | None = None
    status_unsure: bool = False  # a derived status resting only on unverified changes (its page says so too)


@dataclass(frozen=True)
class MemberPage:
    """One page of a class list and the number of entities passing the filters."""

    members: list[Member]
    total: int
    page: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        """Number of pages (at least 1, an empty list has one empty page)."""
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True)
class StatusOption:
    """A status the entities of a class have: its key (code path), property, labels and count."""

    key: str
    prop: str
    label_vi: str | None
    label_en: str | None
    count: int


_DIGITS = re.compile(r"(\d+)")


def normalise_query(q: str) -> str:
    """The text filter as compared: trimmed, case, marks and đ folded (as search does)."""
    return fold_fast(unicodedata.normalize("NFC", q).strip())


def collation_key(text: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """Sort key close to Vietnamese dictionary order: letters without diacritics first (đ as d), numbers by value
    ("ISO 9001" before "ISO 10001", "Điều 2" before "Điều 10"), then as written."""
    lower = text.lower()
    bare = "".join(c for c in unicodedata.normalize("NFD", lower.replace("đ", "d")) if not unicodedata.combining(c))
    return tuple((0, int(part), "") if part.isdecimal() else (1, 0, part) for part in _DIGITS.split(bare) if part), lower


def first(values: set[str]) -> str | None:
    """The smallest of a set of values, or None."""
    return min(values) if values else None


def chosen_name(values: set[str]) -> str | None:
    """Of an entity's names in one language, the one shown everywhere: the last in code point order (the
    descriptive name, as the queries' MAX: "Luật Tiêu chuẩn…" after the importers' "Luật 68/2006/QH11", a title
    after its bare code "ISO 9001:2015"), or None."""
    return max(values) if values else None


def load_entries(store: Store, cls: URIRef) -> list[Entry]:
    """Every entity of the class with its fields (several names: `chosen_name`; several values of another field:
    the smallest), by IRI."""
    fields: dict[str, list[set[str]]] = {}
    for kind in with_subclasses(store, cls):
        variables, rows = value_rows(store, "list-members", type=kind)
        cols = [variables.index(v) for v in ("e", "vi", "en", "id", "d", "st", "fs")]
        for row in rows:
            iri, *values = (row[i] for i in cols)
            slots = fields.setdefault(str(iri), [set() for _ in values])
            for slot, value in zip(slots, values):
                if value is not None:
                    slot.add(value)
    entries = [Entry(iri, chosen_name(vi), chosen_name(en), *(first(v) for v in rest))
               for iri, (vi, en, *rest) in sorted(fields.items())]
    return with_documents(store, entries)


def with_documents(store: Store, entries: list[Entry]) -> list[Entry]:
    """Provisions named with their document's number, as search names them ("Điều 1 68/2006/QH11", "Article 1 of
    68/2006/QH11"): one query for the documents' numbers, only when the list holds a provision."""
    if not any(document_of(e.iri) != e.iri for e in entries):
        return entries
    numbers: dict[str, str] = {}
    for doc, number in plain_rows(store, "document-identifiers"):
        numbers[doc] = min(number, numbers.get(doc, number))  # several numbers: the same one every time
    named = []
    for e in entries:
        doc = document_of(e.iri)
        number = numbers.get(doc) if doc != e.iri else None
        if number:
            e = replace(e, label_vi=numbered(e.label_vi, "vi", number), label_en=numbered(e.label_en, "en", number))
        named.append(e)
    return named


def class_entries(store: Store, cls: URIRef) -> list[Entry]:
    """The class's entities, cached per store version (52,000 entities take seconds to fetch)."""
    return cached(store, f"entries {cls}", lambda s: load_entries(s, cls))


def status_key(status: str | None) -> URIRef | None:
    """The status concept of a filter key ('legal-status/con-hieu-luc'); QueryError if malformed."""
    if status is None:
        return None
    status = status.removeprefix(str(CODE))  # the full IRI a list item gives is accepted too
    if not STATUS_KEY.fullmatch(status):
        raise QueryError(f"status {status!r} is not a status code such as legal-status/con-hieu-luc",
                         key="err_bad_status", status=status)
    return CODE[status]


def matches(entry: Entry, q: str, status: str | None, derived: dict[str, str]) -> bool:
    """Whether the entity passes the text filter (label or identifier) and the status filter (its recorded or
    derived legal status, or its fact status)."""
    if status is not None and status not in (entry.status or derived.get(entry.iri), entry.fact):
        return False
    return not q or any(q in fold_fast(v or "") for v in (entry.label_vi, entry.label_en, entry.identifier))


def ordered(entries: list[Entry], sort: str, lang: str) -> list[Entry]:
    """Entries sorted by label (UI language, else the other), identifier or date; those without one come last."""
    other = "en" if lang == "vi" else "vi"
    if sort == "label":
        keyed = [(collation_key(e.label(lang) or e.label(other) or e.iri), e) for e in entries]
    else:
        keyed = [(collation_key(v), e) for e in entries if (v := e.identifier if sort == "identifier" else e.date)]
    keyed.sort(key=lambda pair: (pair[0], pair[1].iri))
    found = [e for _, e in keyed]
    listed = {e.iri for e in found}
    return found + [e for e in entries if e.iri not in listed]


def member(entry: Entry, lang: str, derived: dict[str, str], doubts: frozenset[str]) -> Member:
    """An entry as a row in the UI language."""
    other = "en" if lang == "vi" else "vi"
    return Member(entry.iri, entry.label(lang), entry.label(other), entry.identifier, entry.date,
                  entry.status or derived.get(entry.iri), entry.fact, not entry.status and entry.iri in doubts)


def derived_statuses(store: Store, cls: URIRef, day: date | None) -> dict[str, str]:
    """The legal statuses on `day` (default today) derived for the legal documents of a list of legal documents or
    of a broader class (vnqi:Document); none for other classes."""
    if not is_legal(store, cls):
        return {}
    day = day or date.today()

    def compute(s: Store) -> dict[str, str]:
        legal = {e.iri for e in class_entries(s, VNQI.LegalDocument)}
        return {iri: status for iri, status in legal_statuses(s, day).items() if iri in legal}
    return cached(store, f"legal document statuses {day.isoformat()}", compute)


def list_members(store: Store, cls: URIRef, *, lang: str, q: str = "", status: str | None = None,
                 sort: str = "label", order: str = "asc", page: int = 1, size: int = PAGE_SIZE,
                 day: date | None = None) -> MemberPage:
    """One page of the class's entities; QueryError for a bad sort, order or status, NotFound past the last page."""
    if sort not in SORTS or order not in ORDERS or page < 1:
        raise QueryError(f"bad sort, order or page: {sort!r}, {order!r}, {page!r}", key="err_bad_sort", sort=sort,
                         order=order, page=page)
    wanted = status_key(status)
    text_q = normalise_query(q)
    entries = cached(store, f"sorted {cls} {sort} {lang}",
                     lambda s: ordered(class_entries(s, cls), sort, lang))
    if order == "desc":  # reversed, those without the sort key still last
        keyed = [e for e in entries if sort == "label" or (e.identifier if sort == "identifier" else e.date)]
        entries = keyed[::-1] + entries[len(keyed):]
    derived = derived_statuses(store, cls, day)
    if text_q or wanted:
        entries = [e for e in entries if matches(e, text_q, str(wanted) if wanted else None, derived)]
    result = MemberPage([], len(entries), page, size)
    if page > result.pages:
        raise NotFound(f"page {page} is past the last page ({result.pages})", key="err_past_last_page", page=page,
                       pages=result.pages)
    chosen = entries[(page - 1) * size: page * size]
    doubts = unsure_statuses(store, day or date.today()) if derived else frozenset()
    return MemberPage([member(e, lang, derived, doubts) for e in chosen], len(entries), page, size)


def status_options(store: Store, cls: URIRef, day: date | None = None) -> list[StatusOption]:
    """The statuses found on the class's entities (legal statuses derived on `day` where none is recorded), with
    their labels and counts (filter options)."""
    counts: dict[tuple[str, str], int] = {}
    derived = derived_statuses(store, cls, day)
    for entry in class_entries(store, cls):
        for prop, value in (("status", entry.status or derived.get(entry.iri)), ("fact", entry.fact)):
            if value and value.startswith(str(CODE)):
                counts[(prop, value)] = counts.get((prop, value), 0) + 1
    rows = cached(store, "status labels", lambda s: select(s, "list-status-labels").dicts())
    labels = {str(r["status"]): r for r in rows}
    return [StatusOption(value[len(str(CODE)):], prop, text(labels.get(value, {}).get("label_vi")),
                         text(labels.get(value, {}).get("label_en")), n) for (prop, value), n in sorted(counts.items())]
