"""The build with imports: sources found or skipped, outputs cached and reused, the graphs conform, the CLI.

Runs on a small sources folder cut from shared/data (all documents and relations, 60 articles, ICS and the
committees, 300 catalogue records); the whole corpora are built by the slow test at the end and by
bench/bench_build.py."""

from __future__ import annotations

import csv
import gzip
import shutil
from pathlib import Path

import pytest

from api.cli import main
from graph.build import build, check
from graph.load import Sources
from graph.progress import Progress

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data not found at {DATA}")
KEEP = ("ISO 9001:", "ISO/IEC 17025:", "ISO 17034:", "ISO/IEC 17043:", "ISO 18091:", "ISO Guide 34:")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small copy of the corpora."""
    if not DATA.is_dir():
        pytest.skip(f"shared data not found at {DATA}")
    root = tmp_path_factory.mktemp("sources")
    shutil.copytree(DATA / "iso-open-data", root / "iso-open-data")
    pd = root / "vn-phapdien-qi"
    pd.mkdir()
    for name in ("documents.csv", "doc_relations.csv"):
        shutil.copy(DATA / "vn-phapdien-qi" / name, pd / name)
    lines = (DATA / "vn-phapdien-qi" / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (pd / "articles.jsonl").write_text("".join(lines[:60]), encoding="utf-8")
    (root / "iso-catalogue-relaton").mkdir()
    source = DATA / "iso-catalogue-relaton" / "iso_deliverables_all_compact.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8", newline="") as src, \
            gzip.open(root / "iso-catalogue-relaton" / source.name, "wt", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        rows = [r for r in reader if r["reference"].startswith(KEEP)][:300]
        writer.writerows(rows)
    return root


@pytest.fixture(scope="module")
def var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The var directory of the small build (the update test goes on from the cache test's builds)."""
    return tmp_path_factory.mktemp("small-build") / "var"


@needs_data
def test_build_with_imports_conforms_and_reuses_the_cache(small: Path, var: Path, capsys) -> None:
    sources = Sources.at(Path(__file__).resolve().parents[1])
    first = build(sources, var, sources_dir=small, progress=Progress())
    assert first.report.conforms and {o.importer.name for o in first.imports} == {
        "vn-phapdien-qi", "iso-open-data", "iso-catalogue-relaton", "citations"}
    assert not any(o.cached for o in first.imports)
    err = capsys.readouterr().err
    assert "[import iso-catalogue-relaton]" in err and "[validate]" in err and "[write]" in err
    chunks_first = err.count("validated chunk")
    second = build(sources, var, sources_dir=small, progress=Progress())
    assert all(o.cached for o in second.imports) and second.quads == first.quads
    # only the project's files are validated again (their blank nodes get new labels on every parse)
    assert chunks_first > 1 and capsys.readouterr().err.count("validated chunk") == 1
    assert second.report.violations == () and len(second.report.warnings) == len(first.report.warnings)
    assert sorted(p.name.split("-")[0] for p in (var / "imports").glob("*.nq")) == ["citations", "iso", "iso", "vn"]


@needs_data
def test_update_on_a_build_with_imports_is_validated_incrementally(small: Path, var: Path) -> None:
    from graph.errors import ValidationFailed
    from graph.update import update

    if not (var / "current").exists():
        build(Sources.at(Path(__file__).resolve().parents[1]), var, sources_dir=small)
    note = ('INSERT DATA { GRAPH <https://w3id.org/vnqi/graph/data/facts/facts> { '
            '<https://w3id.org/vnqi/id/org/iso> <http://www.w3.org/2004/02/skos/core#note> "x"@en } }')
    assert update(var, note).is_dir()
    drop = ('DELETE WHERE { GRAPH <https://w3id.org/vnqi/graph/data/import/iso-catalogue-relaton> { '
            '<https://w3id.org/vnqi/id/std/iso-9001-2008> <http://www.w3.org/2000/01/rdf-schema#label> ?l } }')
    with pytest.raises(ValidationFailed) as refused:
        update(var, drop)
    assert any(r.focus.endswith("std/iso-9001-2008") for r in refused.value.report.violations)  # type: ignore[attr-defined]


@needs_data
def test_missing_sources_are_skipped(tmp_path: Path, capsys) -> None:
    dataset, report = check(Sources.at(Path(__file__).resolve().parents[1]), sources_dir=tmp_path / "none",
                            progress=Progress())
    err = capsys.readouterr().err
    assert f"skipped: vn-phapdien-qi not found at {tmp_path / 'none' / 'vn-phapdien-qi'}" in err
    assert "skipped: citations not found" in err and report.conforms


@needs_data
def test_cli_import_prints_counts_and_skipped_rows(small: Path, tmp_path: Path, capsys) -> None:
    shutil.copytree(small / "vn-phapdien-qi", tmp_path / "src" / "vn-phapdien-qi")
    with (tmp_path / "src" / "vn-phapdien-qi" / "documents.csv").open("a", encoding="utf-8") as f:
        f.write("Thông tư 1/2020/TT-X,Thông tư,1/2020/TT-X,,2020-13-45,,,,,\n")
    argv = ["--var", str(tmp_path / "var"), "--sources", str(tmp_path / "src"), "import", "vn-phapdien-qi",
            "--out", str(tmp_path / "pd.nq")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "documents 91" in out and "skipped documents.csv:93: malformed date in issue_date" in out
    assert (tmp_path / "pd.nq").stat().st_size > 100_000  # 60 articles


@pytest.mark.slow
@pytest.mark.timeout(3600)
@needs_data
def test_full_build_conforms(tmp_path: Path) -> None:
    """Seed + facts + every corpus of shared/data, validated (minutes when nothing is cached)."""
    result = build(Sources.at(Path(__file__).resolve().parents[1]), tmp_path / "var", progress=Progress())
    assert result.report.conforms and len(result.imports) == 4 and result.quads > 1_300_000
