"""Incremental validation (graph/validate_parts.py, with the fast engine graph/shacl_fast.py by default, or
pySHACL with graph/shacl_speed.py) reports exactly what one plain pySHACL run on the union reports: checked on a
sample of the real imports with injected errors, including errors that only the union shows (two Vietnamese
labels from two graphs) and links whose targets are typed in another graph."""

from __future__ import annotations

import pytest
from pyshacl import validate as plain_pyshacl

import graph.validate_parts as VP
from graph.load import Sources, merged
from graph.parts import Part, parse_lines
from graph.validate import _results

ROOT_SOURCES = Sources.at(VP.ROOT)
ID = "https://w3id.org/vnqi/id/"
V = "https://w3id.org/vnqi/def#"

INJECTED = {
    "cat": [  # a wrong stage, a dangling replacement link, a malformed code (SPARQL constraint)
        f'<{ID}std/iso-9001-2008> <{V}isoStage> "9x.93" .\n',
        f'<{ID}std/iso-9001-2000> <{V}supersedes> <{ID}std/iso-9999-1999> .\n',
        f'<{ID}std/iso-9001-1994> <http://purl.org/dc/terms/identifier> "ISO 9001-1994" .\n',
    ],
    "pd": [  # entry into force before adoption (SPARQL), a citation of a document no graph describes
        (f'<{ID}doc/68-2006-qh11> <http://data.europa.eu/eli/ontology#first_date_entry_in_force> '
         f'"2005-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n'),
        f'<{ID}doc/68-2006-qh11/dieu-1> <{V}cites> <{ID}doc/1-2099-qh99> .\n',
    ],
    "files": [  # a second Vietnamese label for an entity the catalogue labels too: wrong only in the union
        f'<{ID}std/iso-9001-2015> <http://www.w3.org/2000/01/rdf-schema#label> "ISO 9001:2015 (bản khác)"@vi .\n',
    ],
}


def sample(part: Part, name: str, keep: callable) -> Part:  # type: ignore[valid-type]
    """A part with the subjects `keep` accepts, plus the injected lines."""
    out = Part(name)
    for subject, lines in part.by_subject.items():
        if keep(subject):
            out.by_subject[subject] = list(lines)
    for line in INJECTED.get(name, []):
        out.add(line)
    return out


@pytest.fixture(scope="module")
def parts(imports: dict) -> list[Part]:
    """Files, Pháp điển, ISO Open Data and catalogue samples that link to each other."""
    first = {f"<{ID}doc/68-2006-qh11/dieu-{n}>" for n in range(1, 31)}
    files = sample(imports["files"], "files", lambda s: "/std/" in s or "/org/" in s)
    pd = sample(imports["vn-phapdien-qi"][1], "pd", lambda s: s in first or s in (
        f"<{ID}doc/68-2006-qh11>", f"<{ID}doc/35-2018-qh14>", f"<{ID}doc/127-2007-nd-cp>"))
    od = sample(imports["iso-open-data"][1], "od", lambda s: "iso-tc-176" in s or "/ics/03-1" in s)
    cat = sample(imports["iso-catalogue-relaton"][1], "cat", lambda s: s.startswith((
        f"<{ID}std/iso-9001", f"<{ID}std/iso-iec-17025", f"<{ID}org/iso-tc-176", f"<{ID}org/iso-casco")))
    return [files, pd, od, cat]


def key(results) -> set[tuple]:  # type: ignore[no-untyped-def]
    """Comparable form of results (a path that is a blank node, sh:alternativePath, compared as such)."""
    return {(r.focus, r.shape, r.severity, "_:" if (r.path or "").startswith("_:") else r.path, r.value)
            for r in results}


def test_incremental_equals_plain_pyshacl(parts: list[Part], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(VP, "CHUNK_LINES", 400)  # several chunks per part
    shape_files, ontology_files = ROOT_SOURCES.shape_files(), ROOT_SOURCES.ontology_files()
    incremental = VP.validate_parts(parts, shape_files, ontology_files, cache_dir=None, workers=1)

    shapes, ontology = merged(shape_files), merged(ontology_files)
    union = parse_lines(line for p in parts for line in p.lines()) + ontology
    _, report, _ = plain_pyshacl(union, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                 allow_warnings=True, advanced=True)
    reference = tuple(_results(report, shapes))

    assert key(incremental.results) == key(reference)
    shapes_hit = {r.shape.rsplit("#", 1)[1] for r in incremental.violations}
    assert {"StandardShape-stage", "StandardRelationShape-object", "DocumentShape-numbering",
            "DateOrderShape-entryIntoForce", "LegalRelationShape-object", "EntityShape-labelUniqueLang"} <= shapes_hit
    assert len(VP.chunks(parts, VP.type_index(parts))) > 4


def test_chunk_cache_is_reused(parts: list[Part], tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(VP, "CHUNK_LINES", 2000)
    calls: list[int] = []
    shape_files, ontology_files = ROOT_SOURCES.shape_files(), ROOT_SOURCES.ontology_files()
    first = VP.validate_parts(parts[1:3], shape_files, ontology_files, tmp_path, workers=1,
                              on_chunk=lambda n, total: calls.append(n))
    validated = len(calls)
    second = VP.validate_parts(parts[1:3], shape_files, ontology_files, tmp_path, workers=1,
                               on_chunk=lambda n, total: calls.append(n))
    assert validated > 0 and len(calls) == validated and key(first.results) == key(second.results)


def test_engine_choice_and_cache_keys(parts: list[Part], tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """pySHACL stays selectable (argument or VNQI_SHACL_ENGINE), reports the same, and has its own cache entries."""
    monkeypatch.setattr(VP, "CHUNK_LINES", 2000)
    shape_files, ontology_files = ROOT_SOURCES.shape_files(), ROOT_SOURCES.ontology_files()
    runs: dict[str, list[int]] = {"fast": [], "pyshacl": []}
    reports = {}
    for engine in ("fast", "pyshacl"):
        monkeypatch.setenv(VP.ENGINE_ENV, engine)
        reports[engine] = VP.validate_parts(parts[1:3], shape_files, ontology_files, tmp_path, workers=1,
                                            on_chunk=lambda n, total, e=engine: runs[e].append(n))
    assert runs["fast"] and len(runs["pyshacl"]) == len(runs["fast"])  # nothing reused across engines
    assert key(reports["fast"].results) == key(reports["pyshacl"].results)
    assert VP.engine_key(shape_files, ontology_files, "fast") != VP.engine_key(shape_files, ontology_files, "pyshacl")
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        VP.engine_name("other")
