"""The CLI on bad input (found by a fuzzing pass): a message and exit 2, nothing published, nothing replaced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import main

ROOT = Path(__file__).resolve().parents[1]


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


def _vnqi(*args: str) -> list[str]:
    """The installed command line (a separate process: its standard streams are the test's to break)."""
    return [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())", *args]


def test_a_reader_that_leaves_early_stops_the_writer_quietly() -> None:
    """`vnqi synth | head -c 10` exited 0 with its output cut (a short write hid the broken pipe), and `dump |
    head` printed 'error: [Errno 32] Broken pipe'; now both stop at once with 141, as if killed by SIGPIPE."""
    with subprocess.Popen(_vnqi("synth", "--triples", "300000"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=ROOT) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(10) == b"<https://w"
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(60) == 141 and "Traceback" not in err and "Broken pipe" not in err


def test_a_closed_standard_output_is_a_message() -> None:
    """`vnqi synth >&-` raised AttributeError ('NoneType' object has no attribute 'buffer')."""
    done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *_vnqi("synth", "--triples", "10")],
                          capture_output=False, stderr=subprocess.PIPE, cwd=ROOT, timeout=60, check=False)
    err = done.stderr.decode()
    assert done.returncode == 2 and "vnqi synth: error: [Errno 9] standard output is closed" in err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_dumping_a_new_memory_store_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It wrote an empty file and exited 0."""
    out = tmp_path / "d.nq"
    assert main(["dump", "--from", "memory:", "-o", str(out)]) == 2
    assert "nothing to dump" in capsys.readouterr().err and not out.exists()


def test_an_empty_setting_is_no_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """VNQI_VAR_DIR= meant the working directory (a build would write var/ contents there)."""
    from api.cli import default_var
    from api.settings import Settings

    for name in ("VNQI_VAR_DIR", "VNQI_STORE", "VNQI_WRITE_TOKEN"):
        monkeypatch.setenv(name, "")
    assert default_var(tmp_path) == tmp_path / "var"
    settings = Settings(root=tmp_path)
    assert (settings.var_dir, settings.store, settings.write_token) == (tmp_path / "var", None, None)
