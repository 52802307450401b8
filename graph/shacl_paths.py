"""SHACL property paths as text and back, for reports: a predicate path is its IRI as it is; a complex path is
written in SPARQL's property path syntax with IRIs in angle brackets (`<a>|<b>`, `^<a>`, `<a>/<b>`, `<a>*`,
`<a>+`, `<a>?`), never as the blank node label of the shapes graph it came from."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

_POSTFIX = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


def path_text(node: Node | None, *graphs: Graph) -> str | None:
    """The path `node` as text, read from the first of `graphs` that describes it; None for no path."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    graph = next((g for g in graphs if (node, None, None) in g), None)
    return node.n3() if graph is None else _text(graph, node, top=True)


def _text(graph: Graph, node: Node, top: bool = False) -> str:
    """One path expression; alternatives and sequences inside another expression are parenthesised."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    choices = graph.value(node, SH.alternativePath)
    if choices is not None:
        return _group("|".join(_text(graph, n) for n in Collection(graph, choices)), top)
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _text(graph, inverse)
    for predicate, mark in _POSTFIX:
        inner = graph.value(node, predicate)
        if inner is not None:
            text = _text(graph, inner)
            wrapped = text.startswith("^") or text.endswith(("*", "+", "?"))  # (^p)+ not ^(p+); (p?)* not p?*
            return (f"({text})" if wrapped else text) + mark
    if (node, RDF.first, None) in graph:
        return _group("/".join(_text(graph, n) for n in Collection(graph, node)), top)
    return node.n3()  # not a SHACL path


def _group(text: str, top: bool) -> str:
    """Alternatives and sequences in parentheses, unless they are the whole path."""
    return text if top else f"({text})"


def path_node(text: str, graph: Graph) -> URIRef | BNode:
    """The path written by `path_text` as RDF in `graph` (predicates, alternatives, inverses, sequences and the
    three repetitions), so that a report's sh:resultPath is a SHACL path again."""
    if text.startswith("_:"):  # a path path_text could not read: its blank node label
        return BNode()
    written = Graph()
    parser = _PathParser(text, written)
    node = parser.expression()
    if not parser.done():
        return BNode()  # not a path this module wrote: an unknown path, and none of its pieces
    for triple in written:
        graph.add(triple)
    return node


class _PathParser:
    """Recursive descent over path_text's own output (IRIs in angle brackets, or one bare IRI)."""

    def __init__(self, text: str, graph: Graph) -> None:
        self.text, self.at, self.graph = text.strip(), 0, graph
        if not self.text.startswith(("<", "^", "(")):  # a predicate path: the IRI as it is
            self.text = f"<{self.text}>"

    def done(self) -> bool:
        """Whether the whole text was read."""
        return self.at == len(self.text)

    def expression(self) -> URIRef | BNode:
        """Alternatives of sequences."""
        return self._list(SH.alternativePath, "|", self._sequence)

    def _sequence(self) -> URIRef | BNode:
        """Steps joined by '/'."""
        return self._list(None, "/", self._unary)

    def _list(self, predicate: URIRef | None, separator: str, item: Callable[[], URIRef | BNode]) -> URIRef | BNode:
        """One item, or items joined by `separator` as an RDF list (under `predicate` for alternatives)."""
        items = [item()]
        while self.text.startswith(separator, self.at):
            self.at += 1
            items.append(item())
        if len(items) == 1:
            return items[0]
        head = BNode()
        Collection(self.graph, head, items)
        if predicate is None:
            return head
        node = BNode()
        self.graph.add((node, predicate, head))
        return node

    def _unary(self) -> URIRef | BNode:
        """An inverse, or a primary with its repetition mark."""
        if self.text.startswith("^", self.at):
            self.at += 1
            return self._wrap(SH.inversePath, self._unary())
        node = self._primary()
        for predicate, mark in _POSTFIX:
            if self.text.startswith(mark, self.at):
                self.at += 1
                return self._wrap(predicate, node)
        return node

    def _primary(self) -> URIRef | BNode:
        """A parenthesised expression or an IRI in angle brackets."""
        if self.text.startswith("(", self.at):
            self.at += 1
            node = self.expression()
            if not self.text.startswith(")", self.at):
                self.at = len(self.text) + 1  # never done: an unclosed parenthesis
            self.at += 1
            return node
        end = self.text.find(">", self.at)
        if not self.text.startswith("<", self.at) or end < 0:
            self.at = len(self.text) + 1  # never done: path_node gives an unknown path
            return BNode()
        iri, self.at = self.text[self.at + 1:end], end + 1
        return URIRef(iri)

    def _wrap(self, predicate: URIRef, inner: URIRef | BNode) -> BNode:
        """A path node holding `inner` under `predicate` (an inverse or a repetition)."""
        node = BNode()
        self.graph.add((node, predicate, inner))
        return node
