"""Bộ pháp điển articles (articles.jsonl): each article as an ELI subdivision of its source document, its
amendment and repeal notes as dated amendment effects, and the Pháp điển cross-links between articles."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from graph.ids import doc_iri, provision_iri, provision_number_slug, slug
from graph.importers import phapdien_map as M
from graph.importers.common import Row, Summary, jsonl_rows
from graph.importers.phapdien_docs import UNVERIFIED, VERIFIED, provenance
from graph.namespaces import CODE, ELI, VNQI

PART = re.compile(r"^Điều (\d+[a-zđ]?)$")
REQUIRED = ("article_code", "anchor", "source", "text")


def article(g: Graph, doc: URIRef, number: str) -> URIRef:
    """An article of a document with its type, number, labels and part-of link (as the fact sheet labels them)."""
    s = provision_iri(doc, ("dieu", number))
    for p, o in ((RDF.type, VNQI.Article), (ELI.is_part_of, doc), (VNQI.number, Literal(number)),
                 (RDFS.label, Literal(f"Điều {number}", lang="vi")),
                 (RDFS.label, Literal(f"Article {number}", lang="en"))):
        g.add((s, p, o))
    g.add((doc, ELI.has_part, s))
    provenance(g, s)
    return s


def add_article(g: Graph, row: Row, number: str) -> URIRef:
    """One codified article: heading, text, Pháp điển code and topic, chapter, source note, vbpl.vn link."""
    doc = doc_iri(row["source"]["doc_number"])
    s = article(g, doc, number)
    if row.get("heading"):
        g.add((s, VNQI.heading, Literal(row["heading"], lang="vi")))
    g.add((s, VNQI.text, Literal(row["text"], lang="vi")))
    g.add((s, VNQI.phapdienCode, Literal(row["article_code"])))
    g.add((s, VNQI.phapdienTopic, Literal(f"{row['demuc']} {row['demuc_title']}")))
    if row.get("chapter"):
        g.add((s, VNQI.phapdienChapter, Literal(row["chapter"], lang="vi")))
    if row.get("source_note"):
        g.add((s, SKOS.note, Literal(row["source_note"], lang="vi")))
    if row["source"].get("vbpl_url"):
        g.add((s, RDFS.seeAlso, URIRef(row["source"]["vbpl_url"])))
    return s


def effects(g: Graph, row: Row, affected: URIRef, summary: Summary) -> None:
    """One AmendmentEffect per (change note, kind). When a note names several amending acts and several kinds,
    Pháp điển does not say which act made which change: those effects are unverified (SOURCE.md, Caveats)."""
    changes = row["changes"]
    ambiguous = len(changes) > 1 and len({k for c in changes for k in c["kinds"]}) > 1
    doc, number = doc_iri(row["source"]["doc_number"]), row["source"]["doc_number"]
    part = PART.match(row["source"]["part"])
    assert part is not None  # checked by articles()
    for change in changes:
        by_doc, by_part = doc_iri(change["by_doc_number"]), PART.match(change.get("by_part") or "")
        for kind in change["kinds"]:
            effect, verb_vi, verb_en = M.CHANGE_KINDS[kind]
            if effect == "repealed" and _partly(row.get("source_note") or ""):
                effect, verb_vi, verb_en = M.PARTLY_REPEALED
            node = URIRef(f"{by_doc}/effect/{slug(number)}-dieu-{provision_number_slug(part.group(1))}-{effect}")
            target = f"{row['source']['part']} {number}"
            for p, o in ((RDF.type, VNQI.AmendmentEffect), (VNQI.effectType, CODE[f"effect-type/{effect}"]),
                         (VNQI.affectingDocument, by_doc), (VNQI.affectedDocument, doc),
                         (VNQI.affectedProvision, affected),
                         (RDFS.label, Literal(f"{change['by_doc_number']} {verb_vi} {target}", lang="vi")),
                         (RDFS.label, Literal(f"{change['by_doc_number']} {verb_en} Article "
                                              f"{part.group(1)} of {number}", lang="en"))):
                g.add((node, p, o))
            if by_part:
                g.add((node, VNQI.affectingProvision, article(g, by_doc, by_part.group(1))))
            if change.get("by_effective_date"):
                g.add((node, VNQI.effectiveDate, Literal(change["by_effective_date"], datatype=XSD.date)))
            g.add((node, SKOS.note, Literal(row["source_note"], lang="vi")))
            provenance(g, node, UNVERIFIED if ambiguous else VERIFIED)
            summary.counts["amendment effects"] += 1


def _partly(note: str) -> bool:
    """Whether every repeal a note names is of some content ("có nội dung bị bãi bỏ"): the kinds of a note's changes
    do not say which act repealed what, so a note that also repeals something wholly keeps its repeals whole."""
    return M.PARTLY in note and note.count("bị bãi bỏ") == note.count(M.PARTLY)


def articles(g: Graph, path: Path, summary: Summary) -> None:
    """Every article row; cross-links resolved to articles of the import, the others kept as anchors."""
    anchors: dict[str, URIRef] = {}
    related: list[tuple[URIRef, list[str]]] = []
    for line, row in jsonl_rows(path, REQUIRED, summary):
        part = PART.match(row["source"].get("part") or "")
        if not part or not row["source"].get("doc_number"):
            summary.skip(path, line, f"source part {row['source'].get('part')!r} is not 'Điều N'")
            continue
        s = add_article(g, row, part.group(1))
        anchors[row["anchor"]] = s
        related.append((s, row.get("related") or []))
        effects(g, row, s, summary)
        summary.counts["articles"] += 1
    for s, targets in related:
        for anchor in targets:
            if anchor in anchors:
                g.add((s, VNQI.relatedContent, anchors[anchor]))
                summary.counts["cross-links resolved"] += 1
            else:  # an article of another đề mục, not in this import: kept as its Pháp điển anchor
                g.add((s, VNQI.phapdienRelatedAnchor, Literal(anchor)))
                summary.counts["cross-links to other topics (kept as anchors)"] += 1
