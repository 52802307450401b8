"""Targets of parsed citations: entity IRIs by the project's identifier rules (graph/ids.py).

A provision cited without naming its document is in the containing document, except in a sentence that
amends, repeals or replaces ("Bãi bỏ các quy định tại khoản 3 Điều 3; … Điều 17 Thông tư số 28/2012/TT-BKHCN",
"Thay thế cụm từ … tại Điều 6, Điều 8 … Thông tư số 19/2017/TT-BCA"): there it is in the document named next
in the same sentence. "khoản này" is the clause of the article the text is in ("1.", "2." at line starts).
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import URIRef

from graph.citations.grammar import Citation, DocRef, parse
from graph.citations.mentions import mention_at, mention_kinds
from graph.citations.tokens import tokenize
from graph.ids import doc_iri, provision_iri, std_iri

AMENDING = re.compile(r"\b(Bãi bỏ|bãi bỏ|Thay thế|thay thế|Sửa đổi|sửa đổi|Bổ sung|bổ sung)\b")
SENTENCE_END = re.compile(r"(?<=[.;:])\s*\n|\.\s+(?=[A-ZĐ])")
CLAUSE_LINE = re.compile(r"^\s*(\d+)\.\s", re.MULTILINE)


def target(citation: Citation, document: URIRef, article: str, clause: str | None = None) -> URIRef | None:
    """The IRI a citation denotes, inside `document` (the containing one), `article` (the containing article's
    number) and `clause` (the clause the citation is written in); None when the text does not determine it."""
    if citation.standard:
        return std_iri(citation.standard)
    doc = citation.doc
    if doc is None or doc.kind == "unknown":
        return None
    base = document if doc.kind in ("self", "implicit") else doc_iri(doc.value)
    here = {("dieu", "này"): ("dieu", article), ("khoan", "này"): ("khoan", clause)}
    path = tuple(here.get((kind, n), (kind, n)) for kind, n in citation.path)
    if any(n is None for _kind, n in path):
        return None
    return provision_iri(base, *path) if path else base  # type: ignore[arg-type]


def amended_documents(text: str, citations: list[Citation]) -> list[Citation]:
    """In amending sentences, give provisions with no document the document named next in the sentence."""
    out, starts = [], [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    for c in citations:
        if c.doc is not None and c.doc.kind == "implicit":
            start = max(s for s in starts if s <= c.start)
            end = min(s for s in starts if s > c.start)
            if AMENDING.search(text, start, c.start):
                named = [d for d in citations if c.end <= d.start < end and d.doc is not None
                         and d.doc.kind in ("number", "name")]
                if named:
                    doc = named[0].doc
                    c = replace(c, doc=DocRef(doc.kind, doc.value, doc.doctype))  # type: ignore[union-attr]
        out.append(c)
    return out


def clause_at(text: str, offset: int) -> str | None:
    """Number of the clause ("1.", "2." at a line start) the offset is in, if any."""
    found = [m.group(1) for m in CLAUSE_LINE.finditer(text, 0, offset)]
    return found[-1] if found else None


def mentions_marked(text: str, citations: list[Citation]) -> list[Citation]:
    """The citations, a standard code the text only mentions (in an example, in a replaced document's title)
    marked with how."""
    kinds = mention_kinds(text)
    return [replace(c, mention=mention_at(kinds, c.start)) if c.standard else c for c in citations]


def extract(text: str, document: URIRef, article: str,
            law_names: dict[str, str]) -> list[tuple[Citation, URIRef | None]]:
    """Every citation of an article text with the IRI it denotes (None: kept unresolved)."""
    found = mentions_marked(text, amended_documents(text, parse(text, tokenize(text), law_names)))
    return [(c, target(c, document, article, clause_at(text, c.start))) for c in found]
