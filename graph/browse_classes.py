"""Classes of the graph: their keys in URLs, their counts (with and without subclasses) and what the ontology says
of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from graph.browse_cache import cached
from graph.browse_summary import section
from graph.errors import NotFound
from graph.namespaces import PREFIXES, VNQI
from graph.query import select
from graph.store.base import Store

CLASS_PREFIXES = {p: ns for p, ns in PREFIXES.items() if p not in ("vnqi", "id", "code", "vg")}
KEY = re.compile(r"(?:([a-z]+):)?([A-Za-z][A-Za-z0-9_-]*)")


def text(node: object) -> str | None:
    """A term's lexical form, or None."""
    return None if node is None else str(node)


@dataclass(frozen=True)
class ClassCount:
    """A class with entities: its IRI, its key in URLs, labels, direct count and count with its subclasses."""

    iri: str
    key: str | None
    label_vi: str | None
    label_en: str | None
    direct: int
    total: int


def class_key(iri: str) -> str | None:
    """The key of a class in /classes/{key}: its local name for vnqi, prefix:local for other known vocabularies."""
    if iri.startswith(str(VNQI)):
        return iri[len(str(VNQI)):]
    for prefix, ns in CLASS_PREFIXES.items():
        if iri.startswith(ns) and KEY.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return None


def class_iri(key: str) -> URIRef:
    """The class IRI of a key ('Law', 'org:Membership'); NotFound for a malformed key or unknown prefix."""
    match = KEY.fullmatch(key)
    if not match or (match[1] and match[1] not in CLASS_PREFIXES):
        raise NotFound(f"no class {key!r}: use a vnqi class name (Law) or prefix:Name (org:Membership)",
                       key="err_bad_class", name=key)
    return URIRef((CLASS_PREFIXES[match[1]] if match[1] else str(VNQI)) + match[2])


def all_classes(store: Store) -> list[ClassCount]:
    """Every class with entities, most populated first (cached per store version)."""
    return cached(store, "all classes", load_classes)


def load_classes(store: Store) -> list[ClassCount]:
    """Every class with entities, most populated first."""
    rows = section(store, "class-all-counts")
    out = [ClassCount(str(r["class"]), class_key(str(r["class"])), text(r.get("label_vi")), text(r.get("label_en")),
                      int(r.get("direct", 0)), int(r["total"])) for r in rows]
    return sorted(out, key=lambda c: (-c.total, c.iri))


def hierarchy(store: Store) -> dict[str, set[str]]:
    """Direct subclasses of each class (cached per store version)."""
    def load(s: Store) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for row in select(s, "class-hierarchy").rows:
            out.setdefault(str(row[1]), set()).add(str(row[0]))
        return out

    return cached(store, "class hierarchy", load)


def with_subclasses(store: Store, cls: URIRef) -> list[URIRef]:
    """The class and all its subclasses, transitively (cycle-safe), the class first."""
    tree = hierarchy(store)
    seen, todo = [str(cls)], [str(cls)]
    while todo:
        for sub in sorted(tree.get(todo.pop(), ())):
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return [URIRef(c) for c in seen]


@dataclass(frozen=True)
class ClassInfo:
    """What the ontology says of a class: declared or not, labels, definitions, direct sub- and superclasses."""

    iri: str
    declared: bool
    labels: dict[str, str]
    definitions: dict[str, str]
    subclasses: list[tuple[str, dict[str, str]]]
    superclasses: list[tuple[str, dict[str, str]]]


def langs(row: dict, vi: str, en: str) -> dict[str, str]:  # type: ignore[type-arg]
    """{'vi': …, 'en': …} from two columns of a row, missing ones left out."""
    return {lang: str(row[col]) for lang, col in (("vi", vi), ("en", en)) if col in row}


def class_info(store: Store, cls: URIRef) -> ClassInfo:
    """The class's description in the ontology (empty when the ontology does not describe it)."""
    rows = select(store, "class-info", **{"class": cls}).dicts()
    first = rows[0] if rows else {}
    related: dict[str, dict[str, tuple[str, dict[str, str]]]] = {"sub": {}, "super": {}}
    for r in rows:
        if "other" in r:
            related[str(r["relation"])][str(r["other"])] = (str(r["other"]), langs(r, "other_vi", "other_en"))
    return ClassInfo(str(cls), bool(first.get("declared") and first["declared"].toPython()),
                     langs(first, "label_vi", "label_en"), langs(first, "def_vi", "def_en"),
                     sorted(related["sub"].values()), sorted(related["super"].values()))
