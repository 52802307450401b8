"""What Oxigraph's XML writers (SPARQL XML results, RDF/XML) can write that is not well-formed XML, found in the
bytes they wrote: a character XML 1.0 cannot carry (a control character, U+FFFE or U+FFFF, in a literal), or an
element named "oxprefix:" (a predicate IRI that could not be split into a namespace and an XML name, such as one
ending in a digit)."""

from __future__ import annotations

import re

NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]|<oxprefix:[\s>]")
INSTEAD = {"xml": "JSON, CSV or TSV", "rdfxml": "Turtle, N-Triples or JSON-LD"}  # what to ask for, by format


def xml_problem(body: bytes) -> str | None:
    """Why `body` is not well-formed XML, in words; None when none of those faults is in it."""
    found = NOT_XML.search(body)
    if found is None:
        return None
    if not found.group(0).startswith(b"<"):
        char = found.group(0).decode("utf-8")
        return f"a literal holds the character U+{ord(char):04X}, which XML 1.0 cannot carry"
    return "a predicate IRI cannot be split into an XML namespace and name"


def refusal(body: bytes, fmt: str) -> str | None:
    """The message refusing an answer in `fmt` ('xml' results or 'rdfxml') that XML cannot carry, else None."""
    why = xml_problem(body) if fmt in INSTEAD else None
    return None if why is None else f"the results cannot be written as XML: {why}; ask for {INSTEAD[fmt]}"
