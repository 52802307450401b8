"""The prefixes a CONSTRUCT or DESCRIBE answer in Turtle, TriG or RDF/XML is written with: those the query declares,
as Fuseki's answers are.

They are read from the query's prologue with the guard's tokens (a declaration inside a string or a comment is not
one), kept only when the writer makes a document every client reads with them: an absolute IRI; in RDF/XML a name
XML allows as a namespace prefix (not `xml…`); in Turtle and TriG none when an IRI of the answer ends with a dot
(Oxigraph writes `ex:a\\.`, valid Turtle that rdflib, SPARQLWrapper's parser, does not read).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.sparql_guard import UnclosedString, tokens

WRITTEN_WITH_PREFIXES = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_XML_PREFIX = re.compile(r"(?!xml)[A-Za-z_][A-Za-z0-9_.-]*\Z", re.IGNORECASE)


def declared(query: str, empty: bool = False) -> dict[str, str]:
    """Prefix name → IRI of every `PREFIX name: <absolute IRI>` of the query's prologue, as last declared (a name
    declared last with a relative IRI is left out; the empty name only if `empty`: the writers of answers take no
    empty prefix)."""
    found: dict[str, str] = {}
    stream = tokens(query)
    try:
        for kind, text in stream:
            if kind == "word" and text.upper() == "PREFIX":
                (name_kind, name), (iri_kind, iri) = next(stream, ("", "")), next(stream, ("", ""))
                if name_kind == "word" and name.endswith(":") and (empty or len(name) > 1):
                    found.pop(name[:-1], None)
                    if iri_kind == "iri" and ABSOLUTE.match(iri[1:-1]):
                        found[name[:-1]] = iri[1:-1]
            elif not (kind == "word" and text.upper() == "BASE") and kind != "iri":
                break  # the prologue is over
    except UnclosedString:  # not after the engine has read the query; no prefixes rather than a failed answer
        pass
    return found


def prefixes_for(query: str, fmt: ox.RdfFormat, kept: list) -> dict[str, str]:
    """The prefixes to write `kept` (triples or quads) in `fmt` with; empty for other formats."""
    if fmt not in WRITTEN_WITH_PREFIXES:
        return {}
    prefixes = declared(query)
    if fmt == ox.RdfFormat.RDF_XML:
        return {name: iri for name, iri in prefixes.items() if _XML_PREFIX.match(name)}
    if prefixes and any(isinstance(term, ox.NamedNode) and term.value.endswith(".")
                        for t in kept for term in (t.subject, t.predicate, t.object)):
        return {}
    return prefixes
