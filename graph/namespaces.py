"""The single place where vnqi's namespaces and SPARQL prefixes are declared."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, XSD

BASE = "https://w3id.org/vnqi/"
VNQI = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
CODE = Namespace(BASE + "id/code/")
VG = Namespace(BASE + "graph/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")

PREFIXES: dict[str, str] = {
    "vnqi": str(VNQI),
    "id": str(ID),
    "code": str(CODE),
    "vg": str(VG),
    "eli": str(ELI),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "time": str(TIME),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
}


def sparql_prologue() -> str:
    """PREFIX declarations for every project prefix, for queries and the editor."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_all(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind the project prefixes on an rdflib Graph or Dataset."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
