"""graph/load.py: one named graph per file; syntax errors name the file and line."""

from pathlib import Path

import pytest
from rdflib import URIRef

from graph.errors import LoadError
from graph.load import Sources, files_by_graph, graph_iri, load_dataset, parse_file


def test_one_named_graph_per_file(sources: Sources, dataset) -> None:
    files = sources.ontology_files() + sources.shape_files() + sources.data_files()
    names = {str(c.identifier) for c in dataset.graphs() if len(c)}
    assert names == set(files_by_graph(sources, sources.data.parent))
    assert len(names) == len(files)


def test_graph_iri_from_path(tmp_path: Path) -> None:
    f = tmp_path / "data" / "seed" / "article.ttl"
    assert graph_iri(f, tmp_path / "data", "data") == URIRef("https://w3id.org/vnqi/graph/data/seed/article")


def test_bad_turtle_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\nex:x ex:y ex:z .\n')
    with pytest.raises(LoadError) as err:
        parse_file(bad)
    assert str(err.value).startswith(f"{bad}:3:")


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    odd = tmp_path / "x.csv"
    odd.write_text("a,b\n")
    with pytest.raises(LoadError, match="unsupported file type"):
        parse_file(odd)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not found"):
        parse_file(tmp_path / "nope.ttl")


def test_broken_data_file_stops_the_load(project_copy: Path) -> None:
    (project_copy / "data" / "broken.ttl").write_text("this is not turtle\n")
    with pytest.raises(LoadError, match=r"broken\.ttl:1:"):
        load_dataset(Sources.at(project_copy))
