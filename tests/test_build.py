"""graph/build.py and the CLI: a build is validated, atomic, and a failed build leaves the old store serving."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from api.cli import main
from graph.build import build, check, current_store_path
from graph.errors import LoadError, ValidationFailed
from graph.load import Sources
from graph.store import EmbeddedStore, open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

BAD_DATA = """@prefix vnqi: <https://w3id.org/vnqi/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/vnqi/id/doc/bad> a vnqi:Law ; dcterms:identifier "Luật không số" .
"""


def quads(path: Path) -> int:
    """Number of quads in a built store directory."""
    store = open_store(f"oxigraph:{path}", read_only=True)
    return int(store.select(COUNT).rows[0][0])  # type: ignore[arg-type]


def test_real_data_conforms_with_zero_violations(checked) -> None:
    _, report = checked
    assert report.violations == (), "\n".join(f"{r.focus} {r.shape} {r.message('en')}" for r in report.violations)
    assert report.conforms


def test_build_then_failed_builds_keep_the_old_store(project_copy: Path, tmp_path: Path) -> None:
    sources, var = Sources.at(project_copy), tmp_path / "var"
    first = build(sources, var, importers=())
    assert current_store_path(var) == first.path and first.quads == quads(first.path)

    broken = project_copy / "data" / "zz-broken.ttl"
    broken.write_text("not turtle at all\n")
    with pytest.raises(LoadError, match="zz-broken.ttl:1"):
        build(sources, var, importers=())
    broken.write_text(BAD_DATA)
    with pytest.raises(ValidationFailed) as failed:
        build(sources, var, importers=())
    assert any(r.focus.endswith("/doc/bad") for r in failed.value.report.violations)  # type: ignore[attr-defined]
    assert current_store_path(var) == first.path
    assert quads(first.path) == first.quads
    assert sorted(p.name for p in (var / "builds").iterdir()) == [first.path.name]


def test_interrupted_store_write_leaves_no_half_build(project_copy: Path, tmp_path: Path, monkeypatch) -> None:
    sources, var = Sources.at(project_copy), tmp_path / "var"
    first = build(sources, var, importers=())

    def crash(path: Path) -> EmbeddedStore:
        path.mkdir(parents=True)
        (path / "half-written").write_text("x")
        raise OSError("disk full (simulated)")

    monkeypatch.setattr("graph.build_write.EmbeddedStore", crash)
    with pytest.raises(OSError, match="disk full"):
        build(sources, var, importers=())
    assert current_store_path(var) == first.path
    assert [p.name for p in (var / "builds").iterdir()] == [first.path.name]


def test_rebuild_switches_and_prunes(project_copy: Path, tmp_path: Path) -> None:
    sources, var = Sources.at(project_copy), tmp_path / "var"
    paths = [build(sources, var, importers=()).path for _ in range(3)]
    assert current_store_path(var) == paths[-1]
    assert sorted(p.name for p in (var / "builds").iterdir()) == sorted(p.name for p in paths[-2:])
    assert os.readlink(var / "current").startswith("builds/")


def test_cli_build_query_validate(project_copy: Path, tmp_path: Path, capsys) -> None:
    var = tmp_path / "var"
    assert main(["--root", str(project_copy), "--var", str(var), "build"]) == 0
    assert "0 violations" in capsys.readouterr().out
    q = "SELECT ?n WHERE { ?d dcterms:identifier ?n . FILTER(?n = '68/2006/QH11') }"
    assert main(["--root", str(project_copy), "--var", str(var), "query", q, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\r\n68/2006/QH11\r\n"

    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_DATA)
    assert main(["--root", str(project_copy), "validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Violation" in out and "vi: " in out and "en: " in out and "does NOT conform" in out


def test_cli_build_refusal_report(project_copy: Path, tmp_path: Path, capsys) -> None:
    (project_copy / "data" / "zz-bad.ttl").write_text(BAD_DATA)
    assert main(["--root", str(project_copy), "--var", str(tmp_path / "var"), "build"]) == 1
    err = capsys.readouterr().err
    assert "data/zz-bad.ttl: <https://w3id.org/vnqi/id/doc/bad>" in err
    assert "build refused" in err and not (tmp_path / "var" / "current").exists()


@pytest.mark.parametrize("argv, message", [
    (["query", "SELECT ?x WHERE { ?x ?y ?z }"], "run `vnqi build` first"),
    (["validate", "/nonexistent/file.ttl"], "file not found"),
    (["query", "SELEC nonsense"], "run `vnqi build` first"),
])
def test_cli_errors_are_messages_not_tracebacks(argv, message, tmp_path: Path, capsys) -> None:
    assert main(["--var", str(tmp_path / "empty"), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_query_syntax_error(project_copy: Path, tmp_path: Path, capsys) -> None:
    var = tmp_path / "var"
    main(["--root", str(project_copy), "--var", str(var), "build"])
    capsys.readouterr()
    assert main(["--root", str(project_copy), "--var", str(var), "query", "SELEC ?x {"]) == 2
    assert "SPARQL syntax error" in capsys.readouterr().err
    assert main(["--root", str(project_copy), "--var", str(var), "query", "SELECT ?x\nWHERE {\n  ?x ?y\n}"]) == 2
    assert "error at 4:" in capsys.readouterr().err  # the user's line, not one after the project prefixes


def test_check_validates_union_of_data_graphs(sources: Sources) -> None:
    dataset, report = check(sources, importers=())
    assert isinstance(dataset, Dataset) and isinstance(report.results, tuple)
    assert not isinstance(dataset, Graph) or len(list(dataset.graphs())) > 5
