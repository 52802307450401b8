"""Replacements read in a document's final provisions: "Thông tư này có hiệu lực thi hành kể từ ngày … và thay thế
Thông tư số 01/2010/TT-BKHCN, Thông tư số 09/2011/TT-BKHCN và Thông tư số 27/2011/TT-BKHCN ngày …".

The document the article is in replaces each document the sentence lists right after "thay thế" (vnqi:replaces),
with a statement node (status inferred: read by a pattern, not by a source's list of relations) quoting the
sentence. Only a sentence whose subject is the document itself ("<type> này … thay thế"), with nothing but its own
entry into force between them, is read: "Thông tư này được sửa đổi, bổ sung hoặc thay thế thì …" (how a future
replacement applies) and "Thay thế cụm từ …" (a phrase replaced) are not replacements of a document. A list whose
items carry their own dates ("A ngày …, và B …") is read up to the first dated item: no sentence of the corpus has
one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Literal, URIRef

from graph.citations.tokens import DOCNUM, DOCTYPES
from graph.importers.common import Triple, reified
from graph.namespaces import CODE

TYPES = "|".join(DOCTYPES)
THIS_REPLACES = re.compile(rf"\b(?:{TYPES}) này\s+(?:có hiệu lực[^.;]*?(?:,\s*|\s+và\s+))?thay thế\s+(?:cho\s+)?")
ITEM = re.compile(rf"(?:{TYPES})\s+(?:số\s+)?({DOCNUM})")
SEPARATOR = re.compile(r",\s*|\s+và\s+")


def replaced_numbers(text: str) -> Iterator[tuple[str, str]]:
    """(number, the sentence up to the last number) of each document a text says its own document replaces."""
    for found in THIS_REPLACES.finditer(text):
        at, numbers = found.end(), []
        while (item := ITEM.match(text, at)) is not None:
            numbers.append(item.group(1))
            at = item.end()
            more = SEPARATOR.match(text, at)
            if more is None or ITEM.match(text, more.end()) is None:
                break
            at = more.end()
        yield from ((number, text[found.start():at]) for number in numbers)


def final_provision(document: URIRef, predicate: URIRef, ended: URIRef, sentence: str, article: str, number: str,
                    source: URIRef) -> Iterator[Triple]:
    """document vnqi:replaces (or vnqi:repeals: citations_repeals.py) ended, and the statement node saying where it
    was read (article `article` of the document numbered `number`)."""
    notes = [Literal(f"Read in Article {article} of {number}: “{sentence}”.", lang="en"),
             Literal(f"Đọc tại Điều {article} {number}: “{sentence}”.", lang="vi")]
    yield document, predicate, ended
    yield from reified("cr", f"{document} {predicate} {ended}", document, predicate, ended,
                       CODE["fact-status/inferred"], source, notes)[1]
