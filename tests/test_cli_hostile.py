"""The CLI on bad input (found by a fuzzing pass): a message and exit 2, nothing published, nothing replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from api.cli import main


@pytest.mark.parametrize("root", ["missing", "empty", "a-file"])
def test_a_root_without_the_ontology_is_refused(tmp_path: Path, root: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """It built, published and switched to an empty graph (deleting the good one), and validated anything."""
    where = tmp_path / root
    if root == "empty":
        where.mkdir()
    elif root == "a-file":
        where.write_text("x", encoding="utf-8")
    var = tmp_path / "var"
    assert main(["--root", str(where), "--var", str(var), "build", "--no-imports"]) == 2
    assert not (var / "current").exists()
    good = tmp_path / "g.nt"
    good.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main(["--root", str(where), "validate", str(good)]) == 2
    assert "no ontology under" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_dump_and_synth_never_replace_a_link_or_a_fifo(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "real.nq"
    out = tmp_path / "out.nq"
    if kind == "symlink":
        target.write_text("old", encoding="utf-8")
        out.symlink_to(target)
        assert main(["synth", "--triples", "2000", "-o", str(out)]) == 0
        assert out.is_symlink() and target.read_text(encoding="utf-8").count("\n") > 1000
    else:
        os.mkfifo(out)
        import threading

        got: list[bytes] = []
        reader = threading.Thread(target=lambda: got.append(out.read_bytes()))
        reader.start()
        assert main(["synth", "--triples", "2000", "-o", str(out)]) == 0
        reader.join(30)
        assert out.exists() and not out.is_file() and got and got[0].count(b"\n") > 1000


@pytest.mark.parametrize("argv", [["synth", "--triples", "0"], ["synth", "--triples", "-5"],
                                  ["synth", "--triples", "99999999999999999999"], ["serve", "--port", "99999"],
                                  ["serve", "--port", "0"]])
def test_out_of_range_numbers_are_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2 and "is not between" in capsys.readouterr().err


def test_an_oxigraph_url_without_a_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "g.nt"
    good.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main(["load", str(good), "--into", "oxigraph:"]) == 2
    assert "needs a directory" in capsys.readouterr().err and sorted(os.listdir(tmp_path)) == ["g.nt"]


@pytest.mark.parametrize("sheet", ["", "- a\n- b\n", "just text\n", "meta: {}\n", "entities: [\n",
                                   "meta: {source_article: x}\nentities: [{id: a}]\n"])
def test_a_malformed_fact_sheet_is_a_message(tmp_path: Path, sheet: str, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "facts.yaml"
    src.write_text(sheet, encoding="utf-8")
    assert main(["import", "facts", "--from", str(src), "--out", str(tmp_path / "f.ttl")]) == 2
    err = capsys.readouterr().err
    assert "not a fact sheet vnqi can read" in err and "Traceback" not in err
