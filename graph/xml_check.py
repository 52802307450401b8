"""What Oxigraph's XML writers (SPARQL XML results, RDF/XML) can write that is not well-formed XML, found in the
bytes they wrote: a control character XML 1.0 cannot carry (in a literal), or an element named "oxprefix:" (a
predicate IRI that could not be split into a namespace and an XML name, such as one ending in a digit)."""

from __future__ import annotations

import re

NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|<oxprefix:[\s>]")


def xml_problem(body: bytes) -> str | None:
    """Why `body` is not well-formed XML, in words; None when none of those two faults is in it."""
    found = NOT_XML.search(body)
    if found is None:
        return None
    if len(found.group(0)) == 1:
        return f"a literal holds the control character U+{ord(found.group(0)):04X}, which XML 1.0 cannot carry"
    return "a predicate IRI cannot be split into an XML namespace and name"
