"""`SELECT *` answers its columns in the order its variables first appear in the query, as Fuseki, GraphDB and
Virtuoso do; Oxigraph sorts them by name (`?s ?p ?o` came back as o, p, s), which broke scripts that read CSV or
TSV columns by position."""

from __future__ import annotations

from collections.abc import Iterator

from graph.sparql_guard import UnclosedString, remembered, tokens

MODIFIERS = ("DISTINCT", "REDUCED")


def star_order(query: str, names: list[str]) -> list[str] | None:
    """The engine's column `names` in their order of first appearance in the text of `query` when it is a `SELECT *`
    (names the text does not show keep the engine's order, after the others); None when it is no `SELECT *` or the
    order is already that."""
    if len(names) < 2:
        return None
    seen = _star_variables(query)
    if seen is None:
        return None
    order = [name for name in seen if name in names] + [name for name in names if name not in seen]
    return order if order != names else None


def _read_star_variables(query: str) -> tuple[str, ...] | None:
    """The variables of a `SELECT *` in their order of first appearance (a variable ends before a '-', which the
    guard's names allow and SPARQL's variables do not: `?x-1` is ?x minus 1); None for any other query (remembered:
    clients repeat the same queries, and every SELECT asks)."""
    stream = tokens(query)
    try:
        if not _select_star(stream):
            return None
        return tuple(dict.fromkeys(text[1:].split("-")[0] for kind, text in stream
                                   if kind == "word" and text[:1] in "?$"))
    except UnclosedString:
        return None


_star_variables = remembered(_read_star_variables)


def _select_star(stream: Iterator[tuple[str, str]]) -> bool:
    """Whether the query's first SELECT projects `*` (the stream is read up to that token)."""
    for kind, text in stream:
        if kind == "word" and text.upper() == "SELECT":
            for kind_after, after in stream:
                if not (kind_after == "word" and after.upper() in MODIFIERS):
                    return after == "*"
    return False


def reordered(tsv: bytes, names: list[str], order: list[str]) -> bytes:
    """TSV results (a header, then one line a row, each ending with a newline) with their columns in `order` (a
    tab inside a term is written escaped, so every tab separates two columns)."""
    where = [names.index(name) for name in order]
    lines = tsv.split(b"\n")[:-1]
    return b"".join(b"\t".join(fields[i] for i in where) + b"\n" for fields in (line.split(b"\t") for line in lines))
