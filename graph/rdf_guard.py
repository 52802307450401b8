"""Untrusted RDF uploads: refuse what would make the parser reach outside the request (SSRF, local files).

rdflib's JSON-LD parser fetches every context given by reference (`"@context": "http://…"`, `"@import"`, scoped
contexts) — from the network or the local file system — while parsing. An upload must carry its contexts inline.
RDF/XML: Python's expat-based SAX parser does not resolve external entities, but it does expand internal ones, and
rdflib's handler is slow on huge texts: a 2 kB "billion laughs" document kept a worker busy for 5 minutes. Only
plain internal entities (the usual `<!ENTITY owl "http://…#">` abbreviations) are accepted, with a bounded expansion.
The other formats never dereference IRIs.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from rdflib import Graph

from graph.errors import LoadError

REFERENCE_KEYS = ("@context", "@import")
# Possessive quantifiers: linear on any text (a long run of spaces made the backtracking version quadratic).
ENTITY = re.compile(r"""<!ENTITY\s++(%\s*+)?(\S++)\s++(?:(SYSTEM|PUBLIC)\b\s*+)?("[^"]*+"|'[^']*+')""")
SURROGATE = re.compile("[\ud800-\udfff]")
REFERENCE = re.compile(r"&([^;&\s]++);")
MAX_EXPANSION = 10  # expanded entity text may be at most this many times the document (and at least 1 MB)


def remote_contexts(node: Any) -> list[str]:
    """Every context reference (a string where a context or an import is expected) in a JSON-LD document."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in REFERENCE_KEYS:
                found += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
            found += remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            found += remote_contexts(item)
    return found


def check_jsonld(text: str) -> None:
    """LoadError if the JSON-LD document is not JSON or refers to a context it does not contain."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise LoadError(f"the uploaded JSON-LD is not JSON: {exc}") from exc
    references = remote_contexts(document)
    if references:
        raise LoadError(f"remote JSON-LD contexts are not fetched ({', '.join(references[:3])}): "
                        "put the context inline in the document")


def check_rdfxml(text: str) -> None:
    """LoadError for external or parameter entities, entities built from other entities, or a large expansion."""
    if "<!ENTITY" not in text:
        return
    declarations = ENTITY.findall(text)
    if len(declarations) != text.count("<!ENTITY"):
        raise LoadError("the uploaded RDF/XML declares an entity that could not be checked: only internal entities "
                        'written as <!ENTITY name "value"> are accepted')
    longest: dict[str, int] = {}
    for parameter, name, external, value in declarations:
        if parameter or external:
            raise LoadError(f"the uploaded RDF/XML declares an external or parameter entity ({name}): not accepted")
        if "&" in value or "%" in value:
            raise LoadError(f"the uploaded RDF/XML declares an entity made of other entities ({name}): not accepted")
        longest[name] = max(longest.get(name, 0), len(value) - 2)
    uses = Counter(REFERENCE.findall(text))  # one pass over the text, however many entities are declared
    expanded = sum(uses[name] * size for name, size in longest.items())
    if expanded > max(MAX_EXPANSION * len(text), 1_000_000):
        raise LoadError(f"the uploaded RDF/XML's entities would expand to {expanded} characters: not accepted")


def parse_untrusted(text: str, fmt: str, graph: Graph | None = None, base: str | None = None) -> Graph:
    """Parse RDF sent by a client into `graph` (a new Graph by default), refusing remote JSON-LD contexts;
    relative IRIs resolve against `base` (rdflib's default is the server's working directory as a file: IRI)."""
    if fmt in ("json-ld", "jsonld", "application/ld+json"):
        check_jsonld(text)
    if fmt in ("xml", "application/rdf+xml"):
        check_rdfxml(text)
    graph = Graph() if graph is None else graph
    graph.parse(data=text, format=fmt, publicID=base)
    check_characters(graph)
    return graph


def check_characters(graph: Graph) -> None:
    """LoadError for a term holding a lone surrogate: an escape such as \\ud800 that parsers decode but that is
    not a Unicode character (RDF terms are sequences of scalar values; it cannot be written back as UTF-8)."""
    for triple in graph:
        for term in triple:
            texts = (term, str(getattr(term, "datatype", None) or ""))
            if any(SURROGATE.search(text) for text in texts):
                raise LoadError(f"the uploaded RDF holds a lone surrogate escape ({ascii(str(term))[:80]}): "
                                "not a Unicode character (for one outside the BMP, write it as \\UXXXXXXXX or "
                                "itself, not as a UTF-16 pair of \\u escapes)")
