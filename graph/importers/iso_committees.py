"""Importer of the ISO technical committees (shared/data/iso-open-data/iso_technical_committees.jsonl): each
committee with its reference, title, status, creation date, parent committee and Vietnam's participation
(its member body, acronym STAMEQ, as a participating P- or observing O-member)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, XSD

from graph.importers import iso_map as M
from graph.importers.common import Row, Summary, Triple, jsonl_rows
from graph.namespaces import CODE, VG, VNQI

FILE = "iso_technical_committees.jsonl"
GRAPH = VG[f"data/import/{M.OPEN_DATA}"]
VIETNAM_MEMBER = "STAMEQ"  # Vietnam's ISO member body (TĐC), as the file names it
ROLES = {"pMembers": "participating", "oMembers": "observing"}


def participation(row: Row) -> str | None:
    """'participating' or 'observing' when Vietnam's member body is in the committee's member lists."""
    for key, role in ROLES.items():
        if any(m.get("acronym") == VIETNAM_MEMBER for m in row.get(key) or []):
            return role
    return None


def committee(row: Row, references: dict[int, str], summary: Summary) -> Iterator[Triple]:
    """One committee."""
    ref = row["reference"]
    s = M.committee_iri(ref)
    title = (row.get("title") or {}).get("en")
    yield s, RDF.type, VNQI.TechnicalCommittee
    yield s, RDFS.label, Literal(ref, lang="vi")  # no Vietnamese title in the source: the reference, as written
    yield s, RDFS.label, Literal(f"{ref} {title}" if title else ref, lang="en")
    yield s, DCTERMS.identifier, Literal(ref)
    for lang, text in (row.get("title") or {}).items():
        yield s, DCTERMS.title, Literal(text, lang=lang)
    yield s, VNQI.committeeStatus, Literal(row["status"])
    if row.get("creationDate"):
        yield s, VNQI.founded, Literal(row["creationDate"], datatype=XSD.date)
    parent = references.get(row.get("parentId") or -1)
    if parent:
        yield s, ORG.subOrganizationOf, M.committee_iri(parent)
    elif row.get("parentId"):
        summary.counts["parent committees not in the file"] += 1
    role = participation(row)
    if role:
        yield s, VNQI.vietnamParticipation, CODE[f"iso-participation/{role}"]
        summary.counts[f"Vietnam {role}"] += 1
    yield s, DCTERMS.source, GRAPH
    yield s, VNQI.factStatus, CODE["fact-status/verified"]


def import_committees(source_dir: Path, summary: Summary | None = None) -> Iterator[Triple]:
    """Every committee of the file, in file order."""
    summary = summary if summary is not None else Summary(M.OPEN_DATA)
    rows = list(jsonl_rows(source_dir / FILE, ("id", "reference", "status"), summary))
    references = {row["id"]: row["reference"] for _, row in rows}
    for _, row in rows:
        yield from committee(row, references, summary)
        summary.counts["committees"] += 1
