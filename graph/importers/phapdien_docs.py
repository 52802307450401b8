"""Bộ pháp điển documents (documents.csv) and document relations (doc_relations.csv), exact and heuristic."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from graph.ids import doc_iri
from graph.importers import phapdien_map as M
from graph.importers.common import Row, Summary, csv_rows, reified
from graph.namespaces import CODE, ELI, VG, VNQI

GRAPH = VG[f"data/import/{M.SOURCE}"]
VERIFIED, INFERRED = CODE["fact-status/verified"], CODE["fact-status/inferred"]
UNVERIFIED, CONFLICTING = CODE["fact-status/unverified"], CODE["fact-status/conflicting"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date(text: str) -> bool:
    """Whether `text` is a real calendar date written YYYY-MM-DD."""
    try:
        return bool(DATE.match(text)) and date.fromisoformat(text) is not None
    except ValueError:
        return False


def provenance(g: Graph, node: URIRef, status: URIRef = VERIFIED) -> None:
    """dcterms:source (this import's graph, described in data/sources.ttl) and vnqi:factStatus."""
    g.add((node, DCTERMS.source, GRAPH))
    g.add((node, VNQI.factStatus, status))


def statement(g: Graph, s: URIRef, p: URIRef, o: object, status: URIRef, note: str) -> BNode:
    """A reified statement (stable blank node) giving (s, p, o) its own status and note."""
    node, triples = reified("pd", f"{s} {p} {o} {note}", s, p, o, status, GRAPH, [Literal(note, lang="en")])
    for triple in triples:
        g.add(triple)
    return node


def doc_class(row: Row) -> tuple[str, str | None]:
    """(vnqi class, code:doc-type concept or None) of a document row, from its number, else its type."""
    for pattern, cls, concept in M.NUMBER_RULES:
        if re.search(pattern, row["doc_number"]):
            return cls, concept
    return M.DOC_TYPES[row["doc_type"]][0], None


def add_document(g: Graph, row: Row) -> URIRef:
    """One document: class, labels, number, type, title, dates, issuers, vbpl.vn link."""
    s, number = doc_iri(row["doc_number"]), row["doc_number"]
    cls, concept = doc_class(row)
    g.add((s, RDF.type, VNQI[cls]))
    g.add((s, RDFS.label, Literal(f"{row['doc_type']} {number}", lang="vi")))
    g.add((s, RDFS.label, Literal(f"{M.DOC_TYPES[row['doc_type']][1]} {number}", lang="en")))
    g.add((s, DCTERMS.identifier, Literal(number)))
    if concept:
        g.add((s, ELI.type_document, CODE[f"doc-type/{concept}"]))
    if row["title"]:
        g.add((s, DCTERMS.title, Literal(row["title"], lang="vi")))
    _dates(g, s, row)
    for short in M.ISSUERS.get(row["issuer"], []):
        g.add((s, ELI.passed_by, M.org_iri(short)))
    if row["vbpl_url"]:
        g.add((s, RDFS.seeAlso, URIRef(row["vbpl_url"])))
    provenance(g, s)
    return s


def _dates(g: Graph, s: URIRef, row: Row) -> None:
    """Issue and entry-into-force dates; an entry into force before the issue date is kept but not asserted."""
    issued, effective = row["issue_date"], row["effective_date"]
    if issued:
        g.add((s, ELI.date_document, Literal(issued, datatype=XSD.date)))
    if not effective:
        return
    literal = Literal(effective, datatype=XSD.date)
    if issued and effective < issued:
        statement(g, s, ELI.first_date_entry_in_force, literal, CONFLICTING,
                  f"Bộ pháp điển gives the entry into force {effective}, before the issue date {issued}; "
                  "kept as published (shared/data/vn-phapdien-qi/SOURCE.md, Caveats), not asserted.")
        return
    g.add((s, ELI.first_date_entry_in_force, literal))


def add_organisations(g: Graph) -> None:
    """The issuing ministries that the fact sheet does not describe."""
    for short, (vi, en) in M.ORGANISATIONS.items():
        s = M.org_iri(short)
        g.add((s, RDF.type, VNQI.Ministry))
        g.add((s, RDFS.label, Literal(vi, lang="vi")))
        g.add((s, RDFS.label, Literal(en, lang="en")))
        provenance(g, s)


def documents(g: Graph, path: Path, summary: Summary) -> dict[str, URIRef]:
    """Every row of documents.csv; returns the IRI of each document id (e.g. 'Luật 68/2006/QH11')."""
    ids: dict[str, URIRef] = {}
    for line, row in csv_rows(path, ("id", "doc_type", "doc_number"), summary):
        if row["doc_type"] not in M.DOC_TYPES:
            summary.skip(path, line, f"unknown doc_type {row['doc_type']!r}")
            continue
        if row["issuer"] and row["issuer"] not in M.ISSUERS:
            summary.skip(path, line, f"unknown issuer {row['issuer']!r}")
            continue
        bad = [k for k in ("issue_date", "effective_date") if row[k] and not is_date(row[k])]
        if bad:
            summary.skip(path, line, f"malformed date in {', '.join(bad)}")
            continue
        ids[row["id"]] = add_document(g, row)
        summary.counts["documents"] += 1
    add_organisations(g)
    return ids


def resolve_doc(g: Graph, name: str, ids: dict[str, URIRef], summary: Summary) -> URIRef | None:
    """A relation end: a document of documents.csv, a law named without its number, or a document that a
    title names by type and number only (described here with what the name gives: type and number)."""
    if name in ids:
        return ids[name]
    number = M.LAW_NAMES.get(name.lower())
    if number:
        return doc_iri(number)
    doc_type, _, number = name.rpartition(" ")
    if doc_type not in M.DOC_TYPES or not any(re.search(rx, number) for rx, _, _ in M.NUMBER_RULES):
        return None
    ids[name] = add_document(g, {"doc_type": doc_type, "doc_number": number, "title": "", "issue_date": "",
                                 "effective_date": "", "issuer": "", "vbpl_url": ""})
    summary.counts["documents named only in relations"] += 1
    return ids[name]


def relations(g: Graph, path: Path, ids: dict[str, URIRef], summary: Summary) -> None:
    """Document relations: asserted, each with a statement node giving its status, site label and evidence."""
    for line, row in csv_rows(path, ("subject_doc", "relation_vi", "object_doc", "provenance"), summary):
        subject, obj = resolve_doc(g, row["subject_doc"], ids, summary), resolve_doc(g, row["object_doc"], ids, summary)
        prop = M.RELATIONS.get(row["relation_vi"])
        kind = row["provenance"].split(" ")[0]
        if subject is None or obj is None or prop is None or kind not in (M.EXACT, M.HEURISTIC):
            summary.skip(path, line, "unknown document, relation or provenance")
            continue
        g.add((subject, prop, obj))
        exact = kind == M.EXACT
        how = ("exact: aggregated from Bộ pháp điển article notes" if exact
               else "heuristic: derived from the document title by a regular expression")
        note = (f"{how} ({row['provenance']}): “{row['relation_vi']}”; "
                f"in force from {row['in_force_from'] or 'unknown'}; "
                f"evidence: {row['evidence']}")
        node = statement(g, subject, prop, obj, VERIFIED if exact else INFERRED, note)
        label = BNode(f"{node}-label")
        g.add((node, VNQI.sourceLabel, label))
        g.add((label, RDF.type, VNQI.SiteLabel))
        g.add((label, RDFS.label, Literal(row["relation_vi"], lang="vi")))
        g.add((label, VNQI.site, Literal(M.SITE)))
        g.add((label, VNQI.direction, Literal("X->Y")))
        summary.counts["relations exact" if exact else "relations heuristic"] += 1
