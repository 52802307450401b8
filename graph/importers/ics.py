"""Importer of the International Classification for Standards (shared/data/iso-open-data/ICS-simple.xml) as the
SKOS concept scheme code:ics: fields, groups and sub-groups with their hierarchy (skos:broader), English and
French titles (skos:prefLabel), scopes (skos:scopeNote) and cross-references (skos:related with their note)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.importers import iso_map as M
from graph.importers.common import Summary, Triple, nfc
from graph.namespaces import CODE, VG, VNQI

FILE = "ICS-simple.xml"
GRAPH = VG[f"data/import/{M.OPEN_DATA}"]
SCHEME = CODE["ics"]
LEVELS = {"field": None, "group": "field", "subGroup": "group"}  # element → element naming its parent
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def texts(element: ET.Element, tag: str) -> Iterator[Literal]:
    """Language-tagged text children of `element` named `tag`."""
    for child in element.findall(tag):
        if child.text and child.text.strip():
            yield Literal(nfc(" ".join(child.text.split())), lang=child.get(LANG))


def concept(element: ET.Element, parent_tag: str | None, summary: Summary) -> Iterator[Triple]:
    """One ICS code as a concept of code:ics."""
    code = (element.findtext("identifier") or "").strip()
    s = M.ics_iri(code)
    yield s, RDF.type, SKOS.Concept
    yield s, SKOS.inScheme, SCHEME
    yield s, SKOS.notation, Literal(code)
    for label in texts(element, "title"):
        yield s, SKOS.prefLabel, label
    for note in texts(element, "scope"):
        yield s, SKOS.scopeNote, note
    parent = (element.findtext(parent_tag) or "").strip() if parent_tag else ""
    if parent:
        yield s, SKOS.broader, M.ics_iri(parent)
        yield M.ics_iri(parent), SKOS.narrower, s
    else:
        yield s, SKOS.topConceptOf, SCHEME
        yield SCHEME, SKOS.hasTopConcept, s
    for ref in element.findall("references/reference"):
        other = (ref.findtext("identifier") or "").strip()
        yield s, SKOS.related, M.ics_iri(other)
        for note in texts(ref, "note"):
            yield s, SKOS.note, Literal(f"{other}: {note}", lang=note.language)
        summary.counts["ICS cross-references"] += 1
    yield s, DCTERMS.source, GRAPH
    yield s, VNQI.factStatus, CODE["fact-status/verified"]


def import_ics(source_dir: Path, summary: Summary | None = None) -> Iterator[Triple]:
    """The ICS concepts, in file order; an entry without identifier is reported and skipped."""
    summary = summary if summary is not None else Summary(M.OPEN_DATA)
    root = ET.parse(source_dir / FILE).getroot()
    for number, element in enumerate(root, start=1):
        if element.tag not in LEVELS or not (element.findtext("identifier") or "").strip():
            summary.skip(source_dir / FILE, number, f"ICS entry {number} ({element.tag}) has no identifier")
            continue
        yield from concept(element, LEVELS[element.tag], summary)
        summary.counts[f"ICS {element.tag}s"] += 1
