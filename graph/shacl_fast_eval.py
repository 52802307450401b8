"""Evaluation of compiled shapes (graph/shacl_fast_shapes.py) on indexed data (graph/shacl_fast_data.py), with
pySHACL's semantics: each check below mirrors the pySHACL constraint component of the same name (literal datatypes
and comparisons are delegated to rdflib exactly as pySHACL does)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from pyshacl.rdfutil.compare import compare_literal
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from graph.shacl_fast_data import XSD_STRING, Data, literal, rdflib_term, token_of
from graph.shacl_fast_shapes import FastShape
from graph.shacl_speed import _UNSAFE

# Results: (focus, shape, value) with the shape's path, or (focus, shape, path, value) from SPARQL; the focus and
# values of the core constraints are N-Triples tokens, those of SPARQL rows Oxigraph or rdflib terms.
Raw = tuple[str, FastShape, Any]
SparqlRaw = tuple[str, FastShape, Any, Any]
_KINDS = {"<": {SH.IRI, SH.BlankNodeOrIRI, SH.IRIOrLiteral},
          "_": {SH.BlankNode, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral},
          '"': {SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}}


def _datatype_ok(v: str, rule: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent for one value."""
    if v[0] != '"':
        return False
    if rule == XSD.string:  # fast path: a plain or xsd:string literal
        _, lang, datatype = literal(v)
        return lang is None and datatype == XSD_STRING
    lit: Literal = rdflib_term(v)  # type: ignore[assignment]
    if lit.datatype == rule:
        return getattr(lit, "ill_typed", None) is not True and _actual(lit, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype:
        return lit.datatype is not None
    return rule == RDF.langString and bool(lit.language) and _actual(lit, rule)


def _actual(lit: Literal, rule: URIRef) -> bool:
    """pySHACL's _assert_actual_datatype."""
    from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

    return DatatypeConstraintComponent._assert_actual_datatype(None, lit, rule)  # type: ignore[arg-type]


def _min_inclusive_ok(v: str, minimum: Literal) -> bool:
    """pySHACL's MinInclusiveConstraintComponent for one value."""
    if v[0] != '"':
        return False
    lit: Literal = rdflib_term(v)  # type: ignore[assignment]
    if isinstance(minimum.value, str) != isinstance(lit.value, str):
        return False
    try:
        return compare_literal(lit, minimum) >= 0
    except (TypeError, NotImplementedError):
        return False


def _language_ok(v: str, langs: frozenset[str]) -> bool:
    """pySHACL's LanguageInConstraintComponent for one value."""
    lang = literal(v)[1] if v[0] == '"' else None
    return bool(lang) and ("*" in langs or lang.lower() in langs or lang.split("-")[0].lower() in langs)


def _value_ok(kind: str, arg: Any, v: str, data: Data) -> bool:
    """Whether one value node satisfies a value-level constraint."""
    if kind == "class":
        return v[0] != '"' and data.is_instance(v, arg)
    if kind == "datatype":
        return _datatype_ok(v, arg)
    if kind == "nodeKind":
        return arg in _KINDS[v[0]]
    if kind == "pattern":
        return v[0] != "_" and arg.search(v[1:-1] if v[0] == "<" else literal(v)[0]) is not None
    if kind == "in":
        return rdflib_term(v) in arg  # rdflib's term equality, as pySHACL
    if kind == "languageIn":
        return _language_ok(v, arg)
    if kind == "minInclusive":
        return _min_inclusive_ok(v, arg)
    if kind == "or":
        return any(conforms(s, v, data) for s in arg)
    if kind == "not":
        return not conforms(arg, v, data)
    raise ValueError(kind)


def _node_checks(shape: FastShape, f: str, values: Sequence[str], data: Data) -> Iterator[Raw]:
    """The non-SPARQL constraints of a shape on one focus node and its value nodes."""
    for kind, arg in shape.constraints:
        if kind == "minCount" and len(values) < arg or kind == "maxCount" and len(values) > arg or kind == "qualified" and sum(conforms(arg[0], v, data) for v in values) < arg[1]:
            yield f, shape, None
        elif kind == "uniqueLang":
            langs = [lang.lower() for v in values if v[0] == '"' and (lang := literal(v)[1])]
            yield from ((f, shape, None) for lang in dict.fromkeys(langs) if langs.count(lang) > 1)
        elif kind not in ("minCount", "maxCount", "qualified", "uniqueLang", "sparql"):
            yield from ((f, shape, v) for v in values if not _value_ok(kind, arg, v, data))


def evaluate(shape: FastShape, focus: Sequence[str], data: Data) -> Iterator[Raw | SparqlRaw]:
    """Every result of a shape on focus nodes (nested property shapes included)."""
    values_of = {f: [f] if shape.path is None else data.values(f, shape.path) for f in focus}
    for f, values in values_of.items():
        yield from _node_checks(shape, f, values, data)
    for kind, query in shape.constraints:
        if kind == "sparql":
            yield from sparql(shape, query, focus, data)
    if shape.properties:
        nested = list(dict.fromkeys(v for values in values_of.values() for v in values))
        for prop in shape.properties:
            yield from evaluate(prop, nested, data)


def conforms(shape: FastShape, node: str, data: Data) -> bool:
    """Whether a node conforms to a (nested) shape."""
    return next(evaluate(shape, [node], data), None) is None


def sparql(shape: FastShape, query: str, focus: Sequence[str], data: Data) -> Iterator[SparqlRaw]:
    """A SPARQL constraint: once with ?this free on Oxigraph when safe (graph/shacl_speed.py), else once per focus
    node with rdflib, as pySHACL does."""
    wanted = set(focus)
    if _UNSAFE.search(re.sub(r"^PREFIX .*$", "", query, flags=re.MULTILINE)) is None:
        rows = [r | {"this": this} for r in data.select(query) if "this" in r and (this := token_of(r["this"])) in wanted]
    else:
        rows = [r | {"this": f} for f in focus for r in data.select_rdflib(query, this=f)]
    seen = set()
    for row in rows:
        key = (row["this"], row.get("path"), row.get("value"))
        if key not in seen:
            seen.add(key)
            yield row["this"], shape, row.get("path"), row.get("value", row["this"] if shape.path is None else None)
