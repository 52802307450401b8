"""The data graph of one graph/shacl_fast.py validation: Python indexes of its N-Triples lines by subject, by
predicate and by type, terms kept as their N-Triples tokens (for the core constraints), and an in-memory Oxigraph
store of the same lines (for the SPARQL targets and constraints), blank-node labels kept as written."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef

from graph.parts import KeepLabels
from graph.shacl_speed import _prepared

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    """One N-Triples escape sequence."""
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _SIMPLE.get(match.group(3), match.group(0))


@lru_cache(maxsize=200_000)
def literal(token: str) -> tuple[str, str | None, str]:
    """(lexical form, language, datatype IRI) of an N-Triples literal token."""
    end = token.rindex('"')
    lex, rest = token[1:end], token[end + 1:]
    if "\\" in lex:
        lex = _ESCAPE.sub(_unescape, lex)
    if rest.startswith("@"):
        return lex, rest[1:], LANG_STRING
    return lex, None, rest[3:-1] if rest.startswith("^^<") else XSD_STRING


@lru_cache(maxsize=200_000)
def rdflib_term(token: str) -> Node:
    """A token as rdflib (and so pySHACL) parses it."""
    if token[0] == "<":
        return URIRef(token[1:-1])
    if token[0] == "_":
        return BNode(token[2:])
    lex, lang, datatype = literal(token)
    return Literal(lex, lang=lang, datatype=URIRef(datatype) if token.endswith(">") else None)


def token_of(term: Any) -> str:
    """The token of an IRI or blank node from Oxigraph or rdflib."""
    if isinstance(term, (ox.BlankNode, BNode)):
        return f"_:{term.value if isinstance(term, ox.BlankNode) else term}"
    return f"<{term.value if isinstance(term, ox.NamedNode) else term}>"


def is_iri(term: Any) -> bool:
    """Whether a token, Oxigraph or rdflib term is an IRI."""
    if type(term) is str:
        return term[:1] == "<"
    return isinstance(term, (ox.NamedNode, URIRef))


def is_blank(term: Any) -> bool:
    """Whether a token, Oxigraph or rdflib term is a blank node."""
    if type(term) is str:
        return term[:1] == "_"
    return isinstance(term, (ox.BlankNode, BNode))


def literal_kind(term: Any) -> dict[str, str | None]:
    """A literal value's datatype (unless xsd:string or rdf:langString) and language, as ValidationResult takes
    them; nothing for an IRI, a blank node or no value."""
    if term is None or is_iri(term) or is_blank(term):
        return {}
    if type(term) is str:
        _, lang, datatype = literal(term)
    else:
        lang = term.language
        datatype = str(term.datatype.value if isinstance(term, ox.Literal) else term.datatype or XSD_STRING)
    return {"value_datatype": None if datatype in (XSD_STRING, LANG_STRING) else datatype, "value_lang": lang or None}


def text(term: Any) -> str:
    """A token, Oxigraph or rdflib term as graph/validate.py reports it: IRI, lexical form, or _:label."""
    if type(term) is str:  # a token (rdflib terms are str subclasses)
        return term[1:-1] if term[0] == "<" else term if term[0] == "_" else literal(term)[0]
    if isinstance(term, (ox.BlankNode, BNode)):
        return token_of(term)
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


class Data:
    """Triples indexed for validation."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.out: dict[str, dict[str, dict[str, None]]] = {}
        self.by_pred: dict[str, dict[str, None]] = {}
        self.typed: dict[str, dict[str, None]] = {}  # class → its direct instances
        out, by_pred, typed = self.out, self.by_pred, self.typed
        for line in lines:
            s, p, rest = line.split(" ", 2)
            o = rest[:-3] if rest.endswith(" .\n") else rest.rstrip(" .\n")
            out.setdefault(s, {}).setdefault(p, {})[o] = None
            by_pred.setdefault(p, {})[s] = None
            if p == RDF_TYPE:
                typed.setdefault(o, {})[s] = None
        self._supers: dict[str, frozenset[str]] = {}
        self._store: ox.Store | None = None
        self._graph: Graph | None = None

    @property
    def store(self) -> ox.Store:
        """The lines in an in-memory Oxigraph store (extend keeps the blank-node labels; bulk_load renames them)."""
        if self._store is None:
            self._store = ox.Store()
            self._store.extend(ox.parse("".join(self.lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        return self._store

    def values(self, node: str, path: tuple[str, tuple[str, ...]]) -> list[str]:
        """The distinct value nodes of a path from a node."""
        kind, preds = path
        if kind == "inv":
            target = ox.BlankNode(node[2:]) if node[0] == "_" else ox.NamedNode(node[1:-1])
            quads = self.store.quads_for_pattern(None, ox.NamedNode(preds[0][1:-1]), target)
            return list(dict.fromkeys(token_of(q.subject) for q in quads))
        by_pred = self.out.get(node, {})
        if kind == "pred":
            return list(by_pred.get(preds[0], ()))
        return list(dict.fromkeys(v for p in preds for v in by_pred.get(p, ())))

    def types(self, node: str) -> Iterable[str]:
        """The rdf:type objects of a node."""
        return self.out.get(node, {}).get(RDF_TYPE, {}).keys()

    def supers(self, cls: str) -> frozenset[str]:
        """A class and its superclasses (rdfs:subClassOf in the data, transitively)."""
        if cls not in self._supers:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.out.get(todo.pop(), {}).get(SUBCLASS, ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._supers[cls] = frozenset(seen)
        return self._supers[cls]

    def is_instance(self, node: str, cls: str) -> bool:
        """Whether a node is a SHACL instance of a class."""
        return any(cls in self.supers(t) for t in self.types(node))

    def instances(self, cls: str) -> list[str]:
        """The SHACL instances of a class (its subclasses' too)."""
        found: dict[str, None] = {}
        for t, subjects in self.typed.items():
            if cls in self.supers(t):
                found.update(subjects)
        return list(found)

    def subjects_of(self, pred: str) -> Iterable[str]:
        """The subjects of a predicate."""
        return self.by_pred.get(pred, {}).keys()

    def select(self, query: str) -> list[dict[str, Any]]:
        """Solutions of a SELECT on Oxigraph, as dicts of the bound variables."""
        solutions = self.store.query(query)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]  # type: ignore[union-attr]

    def select_rdflib(self, query: str, this: str) -> list[dict[str, Any]]:
        """Solutions of a SELECT with ?this pre-bound, evaluated by rdflib as pySHACL does (Oxigraph is slow on
        a path "p*" ending in a free variable: 0.1 s a node here, 1 ms in rdflib)."""
        if self._graph is None:
            self._graph = Graph().parse(data="".join(self.lines), format="nt", bnode_context=KeepLabels())
        rows = self._graph.query(_prepared(query, None, ()), initBindings={"this": rdflib_term(this)})
        return [{str(k): v for k, v in row.asdict().items()} for row in rows]  # type: ignore[union-attr]
