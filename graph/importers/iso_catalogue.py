"""Importer of the ISO deliverables catalogue (shared/data/iso-catalogue-relaton, 61,637 records).

Each record becomes a deliverable: an edition (vnqi:InternationalStandard or vnqi:InternationalGuide, published
or withdrawn), a project (vnqi:StandardProject: under development or deleted) or, where the catalogue gives no
document type, a vnqi:Document. Editions belong to their work (vnqi:StandardWork, the code without the year);
replaces / replaced-by links between editions are resolved to entities, amendments and corrigenda link to the
edition they amend, and every other target is kept as its reference text. Titles en/fr, edition, publication
month (vnqi:dateText: the catalogue gives year and month only), stage and status, committee and ICS codes.
Yields triples (the catalogue is large); ISO attribution: data/sources.ttl.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, XSD

from graph.ids import std_iri
from graph.importers import iso_map as M
from graph.importers.common import Row, Summary, Triple, csv_rows
from graph.namespaces import CODE, ELI, VG, VNQI

FILE = "iso_deliverables_all_compact.csv.gz"
GRAPH = VG[f"data/import/{M.CATALOGUE}"]
STATUS = CODE["fact-status/verified-secondary"]  # ISO's catalogue facts, read through Relaton's copy
REQUIRED = ("reference", "edition")


def record_class(row: Row) -> str:
    """vnqi class of a record: edition, project or plain document."""
    status = M.stage_status(row["stage_code"])
    if status in ("under-development", "deleted"):
        return "StandardProject"
    return M.DOCTYPES[row["doctype"]]


def record_iri(row: Row, cls: str) -> URIRef:
    """IRI of a record: the reference's slug; projects under it, at …/project (a yearless project reference
    such as 'ISO 1003' would otherwise be the IRI of the work)."""
    iri = std_iri(row["reference"])
    return URIRef(f"{iri}/project") if cls == "StandardProject" else iri


def common(s: URIRef) -> Iterator[Triple]:
    """Source and status of every entity of the catalogue."""
    yield s, DCTERMS.source, GRAPH
    yield s, VNQI.factStatus, STATUS


def record(row: Row, cls: str, s: URIRef, summary: Summary) -> Iterator[Triple]:
    """The triples of one record, except its links to other records."""
    ref = row["reference"]
    yield s, RDF.type, VNQI[cls]
    yield s, RDFS.label, Literal(ref, lang="vi")  # no Vietnamese title in the source: the code, as written
    yield s, RDFS.label, Literal(f"{ref} {row['title_en']}".strip(), lang="en")
    yield s, DCTERMS.identifier, Literal(ref)
    for lang in ("en", "fr"):
        title = row[f"title_{lang}"]
        if title and title not in M.PLACEHOLDER_TITLES:
            yield s, DCTERMS.title, Literal(title, lang=lang)
        elif title:
            summary.counts["placeholder titles left out"] += 1
    if cls in M.DOC_TYPE_CONCEPT:
        yield s, ELI.type_document, CODE[f"doc-type/{M.DOC_TYPE_CONCEPT[cls]}"]
    yield s, VNQI.edition, Literal(int(row["edition"]))
    yield from published(row, cls, s, summary)
    status = M.stage_status(row["stage_code"])
    if status:
        yield s, VNQI.standardStatus, M.status_iri(status)
        yield s, VNQI.isoStage, Literal(row["stage_code"])
        summary.counts[f"deliverables {status}"] += 1
    else:
        summary.counts["deliverables without stage"] += 1
    for code in filter(None, row["ics"].split(";")):
        yield s, DCTERMS.subject, M.ics_iri(code)
    if row["iso_id"]:
        yield s, RDFS.seeAlso, URIRef(f"https://www.iso.org/standard/{row['iso_id']}.html")
    yield from common(s)


def published(row: Row, cls: str, s: URIRef, summary: Summary) -> Iterator[Triple]:
    """Publication date: a full date as dcterms:issued, a month or year as vnqi:dateText (never a made-up day).
    The catalogue's date of a project is not a publication: it is left out and counted."""
    date = row["published"]
    if not date:
        return
    if cls == "StandardProject":
        summary.counts["project dates left out"] += 1
    elif len(date) == 10:
        yield s, DCTERMS.issued, Literal(date, datatype=XSD.date)
    else:
        yield s, VNQI.dateText, Literal(date)


def committee(reference: str, seen: set[str]) -> Iterator[Triple]:
    """A committee named by a record, described once: an ISO/IEC committee, or an outside body (e.g. CIE)."""
    if reference in seen:
        return
    seen.add(reference)
    s = M.committee_iri(reference)
    yield s, RDF.type, VNQI.TechnicalCommittee if "/" in reference else VNQI.InternationalOrganization
    yield s, RDF.type, ORG.Organization  # what vnqi:committee points to (shape StandardShape-committee)
    yield s, RDFS.label, Literal(reference, lang="vi")
    yield s, RDFS.label, Literal(reference, lang="en")
    yield s, DCTERMS.identifier, Literal(reference)
    yield from common(s)


def links(row: Row, s: URIRef, cls: str, index: dict[str, tuple[str, URIRef]],
          summary: Summary) -> Iterator[Triple]:
    """Replaces / replaced-by between editions as links, amendments to what they amend, the rest as text."""
    edition = cls in M.DOC_TYPE_CONCEPT
    for key, forward in (("replaces", True), ("replaced_or_amended_by", False)):
        for target in filter(None, row[key].split(";")):
            other = index.get(target)
            if other and edition and other[0] in M.DOC_TYPE_CONCEPT:
                if not forward and M.amended_base(target) == row["reference"]:
                    yield s, VNQI.hasAmendment, other[1]
                elif forward and M.amended_base(row["reference"]) == target:
                    yield s, VNQI.amendmentOf, other[1]
                else:
                    yield s, VNQI.supersedes if forward else VNQI.supersededBy, other[1]
                summary.counts["replacement links resolved"] += 1
            else:
                yield s, VNQI.replacesReference if forward else VNQI.replacedByReference, Literal(target)
                summary.counts["replacement links kept as references"] += 1


def work(row: Row, s: URIRef, cls: str, works: set[str]) -> Iterator[Triple]:
    """The work of an edition (code without the year), described once, and the edition's link to it."""
    code = M.work_code(row["reference"]) if cls in M.DOC_TYPE_CONCEPT else None
    if code is None:
        return
    w = std_iri(code)
    yield s, VNQI.editionOf, w
    if code not in works:
        works.add(code)
        yield w, RDF.type, VNQI.StandardWork
        yield w, RDFS.label, Literal(code, lang="vi")
        yield w, RDFS.label, Literal(code, lang="en")
        yield w, DCTERMS.identifier, Literal(code)
        yield from common(w)


def read(path: Path, summary: Summary) -> list[tuple[Row, str, URIRef]]:
    """Every well-formed record with its class and IRI; malformed rows are reported and skipped."""
    out = []
    for line, row in csv_rows(path, REQUIRED, summary):
        if row["doctype"] not in M.DOCTYPES or not row["edition"].isdigit():
            summary.skip(path, line, f"unknown doctype {row['doctype']!r} or edition {row['edition']!r}")
            continue
        cls = record_class(row)
        out.append((row, cls, record_iri(row, cls)))
    return out


def import_catalogue(source_dir: Path, summary: Summary | None = None) -> Iterator[Triple]:
    """The triples of the whole catalogue, in file order (deterministic)."""
    summary = summary if summary is not None else Summary(M.CATALOGUE)
    rows = read(source_dir / FILE, summary)
    index = {row["reference"]: (cls, s) for row, cls, s in rows}
    committees: set[str] = set()
    works: set[str] = set()
    for row, cls, s in rows:
        yield from record(row, cls, s, summary)
        yield from links(row, s, cls, index, summary)
        yield from work(row, s, cls, works)
        if row["committee"]:
            yield s, VNQI.committee, M.committee_iri(row["committee"])
            yield from committee(row["committee"], committees)
        summary.counts["deliverables"] += 1
    summary.counts["works"] = len(works)
    summary.counts["committees named"] = len(committees)
