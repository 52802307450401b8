"""Field-level facts of the fact sheet: numbers, dates and per-field statuses (rdf:Statement nodes)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from graph.importers import facts_map as M
from graph.namespaces import CODE, VNQI

Entity = dict[str, Any]
FULL_DATE, PARTIAL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$"), re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
STATUS_WORD = re.compile(r"\b(verified_secondary|verified|conflicting|unverified|inferred)\b")
BELIEVED = re.compile(r"\(believed ([^)]+)\)")


class Resolver(Protocol):
    """What field statuses need from the importer's context: the IRI of a referenced entity."""

    def iri(self, target: str, eid: str) -> URIRef:
        """IRI of a referenced entity."""
        ...


def number(e: Entity) -> tuple[str | None, str | None, str | None]:
    """(asserted identifier, believed identifier, qualifier) of identifiers.number ('X (qualifier)')."""
    number = (e.get("identifiers") or {}).get("number")
    m = re.match(r"^(.*?)\s*\(([^)]*)\)$", number or "")
    if not m:
        return number, None, None
    if m.group(2) == "believed":  # "TCVN ISO/IEC 17043:2011 (believed)": only the yearless code is asserted
        return m.group(1).split(":")[0], m.group(1), "believed"
    return m.group(1), None, m.group(2)


def status_concept(word: str) -> URIRef:
    """code:fact-status concept of a status word (verified_secondary -> verified-secondary)."""
    return CODE["fact-status/" + word.replace("_", "-")]


def reify(g: Graph, s: URIRef, p: URIRef, o: Any, status: str, note: str, note_vi: str | None = None) -> None:
    """Add an rdf:Statement node (stable blank-node id) qualifying (s, p, o) with a status and a note (in English,
    and in Vietnamese when given)."""
    node = BNode("st" + hashlib.sha1(f"{s} {p} {o} {note}".encode()).hexdigest()[:16])
    for pred, obj in ((RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, p), (RDF.object, o),
                      (VNQI.factStatus, status_concept(status)), (SKOS.note, Literal(note, lang="en"))):
        g.add((node, pred, obj))
    if note_vi:
        g.add((node, SKOS.note, Literal(note_vi, lang="vi")))


def date_property(e: Entity, key: str) -> URIRef:
    """The property a full date of `key` maps to for the entity's type (eli:date_document, vnqi:withdrawnDate…)."""
    return M.DATES[M.TYPES[e["type"]][1]][key]


def date_field(e: Entity, key: str, value: Any) -> tuple[URIRef, Literal]:
    """(property, literal) of a date field; a partial date becomes vnqi:dateText."""
    table, text = M.DATES[M.TYPES[e["type"]][1]], str(value)
    if table.get(key) is None:
        raise ValueError(f"{e['id']}: date key {key!r} is not mapped for type {e['type']!r}")
    if FULL_DATE.match(text) and _calendar_date(text):
        return table[key], Literal(text, datatype=XSD.date)
    if PARTIAL_DATE.match(text):
        return VNQI.dateText, Literal(text)
    raise ValueError(f"{e['id']}: date {key}={text!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD")


def _calendar_date(text: str) -> bool:
    """Whether YYYY-MM-DD names a day of the calendar (not 2020-13-45 or 2021-02-29)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def field_triples(ctx: Resolver, e: Entity, field: str) -> list[tuple[URIRef, Any]]:
    """The asserted (predicate, object) pairs that a field_status key qualifies."""
    head, _, targets = field.partition(" ")
    section, _, key = head.partition(".")
    if section == "labels":
        return [(RDFS.label, Literal(e["labels"][key], lang=key))] if e["labels"].get(key) else []
    if section == "identifiers" and key == "number":
        return [(DCTERMS.identifier, Literal(number(e)[0]))] if number(e)[0] else []
    if section == "dates":
        return [date_field(e, key, e["dates"][key])] if e["dates"].get(key) else []
    if section == "relations" and key in M.PREDICATES:
        wanted = [t.strip() for t in targets.split("/")] if targets else None
        hits = [r["target_id"] for r in e["relations"]
                if r["predicate"] == key and (wanted is None or r["target_id"] in wanted)]
        if not hits or (wanted and len(hits) != len(wanted)):
            raise ValueError(f"{e['id']}: field_status {field!r} names no matching relation")
        return [(M.PREDICATES[key], ctx.iri(t, e["id"])) for t in hits]
    raise ValueError(f"{e['id']}: cannot map field_status key {field!r}")


def field_status(g: Graph, ctx: Resolver, e: Entity, s: URIRef) -> None:
    """Statement nodes for field_status entries; believed values are never asserted."""
    for field, text in (e.get("field_status") or {}).items():
        word, note = STATUS_WORD.search(str(text)), f"field_status {field}: {text}"
        if not word:
            raise ValueError(f"{e['id']}: no status word in field_status {field!r}")
        triples, believed = field_triples(ctx, e, field), BELIEVED.search(str(text))
        for p, o in triples:
            reify(g, s, p, o, word.group(1), note)
        if not triples and believed:
            section, _, key = field.partition(".")
            value = believed.group(1)
            if section not in ("dates", "identifiers"):
                raise ValueError(f"{e['id']}: a believed value is only supported for dates and identifiers")
            p, o = date_field(e, key, value) if section == "dates" else (DCTERMS.identifier, Literal(value))
            reify(g, s, p, o, word.group(1), f"{note}. Believed {value}, unverified: not asserted as a fact.")
        elif not triples:
            g.add((s, SKOS.note, Literal(note, lang="en")))
