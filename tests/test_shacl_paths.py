"""graph/shacl_paths.py: SHACL property paths written as text for reports (SPARQL property path syntax) and read
back into the same SHACL path structure."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from graph.shacl_paths import path_node, path_text

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://e/> .
ex:plain sh:path ex:p .
ex:alt sh:path [ sh:alternativePath ( ex:a [ sh:inversePath ex:b ] ( ex:c [ sh:zeroOrMorePath ex:d ] ) ) ] .
ex:seq sh:path ( ex:a [ sh:alternativePath ( ex:b ex:c ) ] [ sh:oneOrMorePath [ sh:inversePath ex:e ] ]
                 [ sh:zeroOrOnePath ex:f ] ) .
ex:inv sh:path [ sh:inversePath [ sh:zeroOrMorePath ex:a ] ] .
ex:nested sh:path [ sh:zeroOrMorePath [ sh:zeroOrOnePath ex:a ] ] .
"""
EXPECTED = {
    "plain": "http://e/p",
    "alt": "<http://e/a>|^<http://e/b>|(<http://e/c>/<http://e/d>*)",
    "seq": "<http://e/a>/(<http://e/b>|<http://e/c>)/(^<http://e/e>)+/<http://e/f>?",
    "inv": "^<http://e/a>*",
    "nested": "(<http://e/a>?)*",
}


def described(graph: Graph, node: URIRef | BNode) -> Graph:
    """The path with everything reachable from it (its list cells and nested paths)."""
    out, todo, seen = Graph(), [node], set()
    while todo:
        current = todo.pop()
        if current in seen or isinstance(current, URIRef):
            continue
        seen.add(current)
        for p, o in graph.predicate_objects(current):
            out.add((current, p, o))
            todo.append(o)
    return out


@pytest.mark.parametrize("shape", list(EXPECTED))
def test_paths_are_written_in_sparql_syntax_and_read_back_as_the_same_structure(shape: str) -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    node = shapes.value(URIRef("http://e/" + shape), SH.path)
    text = path_text(node, shapes)
    assert text == EXPECTED[shape]
    rebuilt = Graph()
    back = path_node(text, rebuilt)
    if isinstance(node, URIRef):
        assert back == node
    else:
        assert isomorphic(described(rebuilt, back), described(shapes, node))


def test_no_path_and_text_that_is_no_path() -> None:
    assert path_text(None) is None
    assert path_text(BNode("x")) == "_:x"  # described in none of the graphs: its label, as before
    report = Graph()
    assert isinstance(path_node("<http://e/a>|^(<http://e/b>", report), BNode) and len(report) == 0  # no pieces
    assert isinstance(path_node("_:x", report), BNode)  # what path_text wrote for a path it could not read
