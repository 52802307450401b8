"""Test stores for the browse and graph view tests: the real seed + facts data plus extra named graphs (the real
ICS and a real slice of the ISO catalogue, or an entity with a hostile label)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable
from pathlib import Path

from fastapi.testclient import TestClient
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from api.app import create_app
from api.settings import Settings
from graph.namespaces import CODE, ID, VG, VNQI
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
HOSTILE_IRI = ID["doc/test-hostile-label"]


def store_with(dataset: Dataset, graphs: dict[URIRef, Iterable[tuple]]) -> EmbeddedStore:  # type: ignore[type-arg]
    """An in-memory store of `dataset` (left untouched) plus the given named graphs."""
    extra = Dataset()
    for quad in dataset.quads((None, None, None, None)):
        extra.add(quad)  # type: ignore[arg-type]
    for name, triples in graphs.items():
        graph = extra.graph(name)
        for triple in triples:
            graph.add(triple)
    store = EmbeddedStore(None)
    store.replace(extra)
    return store


def hostile_triples() -> list[tuple]:  # type: ignore[type-arg]
    """A law whose only label is markup, linked to a real law (graph view, class list)."""
    return [(HOSTILE_IRI, RDF.type, VNQI.Law), (HOSTILE_IRI, RDFS.label, Literal(HOSTILE, lang="vi")),
            (HOSTILE_IRI, VNQI.factStatus, CODE["fact-status/unverified"]),
            (HOSTILE_IRI, VNQI.amends, ID["doc/68-2006-qh11"])]


def catalogue_slice(folder: Path, ics: str) -> Path:
    """The real catalogue's records classified under `ics`, written as a catalogue file in `folder`."""
    source = DATA / "iso-catalogue-relaton" / "iso_deliverables_all_compact.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [row for row in reader if ics in row[header.index("ics")].split(";")]
    with gzip.open(folder / source.name, "wt", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return folder


def ics_graphs(tmp: Path) -> dict[URIRef, list[tuple]]:  # type: ignore[type-arg]
    """The ICS import and the catalogue records of ICS 03.120.10 (real data, importers' own output)."""
    from graph.importers.ics import import_ics
    from graph.importers.iso_catalogue import import_catalogue

    return {VG["data/import/iso-open-data"]: list(import_ics(DATA / "iso-open-data")),
            VG["data/import/iso-catalogue-relaton"]: list(import_catalogue(catalogue_slice(tmp, "03.120.10")))}


def client_for(store: EmbeddedStore) -> TestClient:
    """A TestClient over `store` (use as a context manager)."""
    return TestClient(create_app(Settings(root=ROOT), store=store))
