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


TASK = "<http://example.org/t> a <https://w3id.org/vnqi/def#Task> ."  # breaks the Task shapes (no label, …)


@pytest.mark.parametrize(("name", "text"), [
    ("t.ttl", TASK + "\n"),
    ("t.trig", "<http://example.org/g> { " + TASK + " }\n"),
    ("t.nq", TASK.replace(" a ", " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ").removesuffix(" .")
     + " <http://example.org/g> .\n"),
    ("t.jsonld", ('{"@graph": [{"@id": "http://example.org/t", "@type": "https://w3id.org/vnqi/def#Task"}], '
                  '"@id": "http://example.org/g"}')),
])
def test_validate_reads_the_named_graphs_of_a_file(tmp_path: Path, name: str, text: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A task inside a named graph of a TriG, N-Quads or JSON-LD file was not validated ("conforms", exit 0): the
    union of a file's graphs is, as /validate does, so every form gives the same violations."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "http://example.org/t" in out and "0 violation" not in out


@pytest.mark.parametrize(("name", "text", "message"), [
    ("remote.jsonld", '{"@context": "http://127.0.0.1:9/ctx", "@id": "http://example.org/t"}', "remote"),
    ("bomb.rdf", ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                  '<r>&b;</r>'), "entit"),
    ("latin1.ttl", None, "not valid UTF-8 (byte 33)"),
    ("adir.ttl", "", "is a directory"),
])
def test_validate_refuses_what_validate_over_http_refuses(tmp_path: Path, name: str, text: str | None, message: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """No remote JSON-LD context fetched, no XML entity expanded (a "billion laughs" file hung it), strict UTF-8,
    a directory named as such: a message naming the file and exit 2."""
    path = tmp_path / name
    if name == "adir.ttl":
        path.mkdir()
    elif text is None:
        path.write_bytes(b'<urn:a> <urn:b> "caf\xe9" .\n'.replace(b"<urn:a>", b"<urn:aaaaaaaaaaaaaa>"))
    else:
        path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and message in err and "Traceback" not in err


def test_a_damaged_corpus_is_a_message_and_leaves_no_temporary_file(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A truncated .csv.gz of the ISO catalogue raised EOFError (a traceback, exit 1) and left a .tmp file."""
    from graph.importers.registry import IMPORTERS

    importer = next(i for i in IMPORTERS if i.name == "iso-catalogue-relaton")
    folder = importer.folder(tmp_path / "src")
    folder.mkdir(parents=True)
    real = importer.folder(ROOT.parent / "shared" / "data")
    if not real.is_dir():
        pytest.skip(f"no ISO catalogue at {real}")
    for file in importer.files:  # the real files, the compressed one cut in half
        whole = (real / file).read_bytes()
        (folder / file).write_bytes(whole[: len(whole) // 2] if file.endswith(".gz") else whole)
    var = tmp_path / "var"
    status = main(["--var", str(var), "--sources", str(tmp_path / "src"), "import", importer.name])
    err = capsys.readouterr().err
    assert status == 2 and "damaged or cut short" in err and importer.name in err and "Traceback" not in err
    assert not list((var / "imports").glob("*.tmp")) and not list((var / "imports").glob("*.nq"))


def test_an_interrupted_command_says_so_and_exits_130(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C printed a traceback."""
    from api import cli

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "validate", interrupted)
    assert main(["validate", "x.ttl"]) == 130
    assert capsys.readouterr().err == "vnqi validate: interrupted\n"


def test_an_import_writes_its_output_and_metadata_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The output and its metadata are written beside their places and renamed (the metadata's temporary name once
    equalled the output's, and the import failed); `import citations` runs with only the corpus it reads."""
    import json

    real = ROOT.parent / "shared" / "data" / "vn-phapdien-qi"
    if not real.is_dir():
        pytest.skip(f"no Bộ pháp điển data at {real}")
    src = tmp_path / "src"
    (src / real.name).mkdir(parents=True)
    for file in real.iterdir():
        if file.is_file():
            (src / real.name / file.name).write_bytes(file.read_bytes())
    var = tmp_path / "var"
    assert main(["--var", str(var), "--sources", str(src), "import", "citations"]) == 0
    names = sorted(p.name.rsplit("-", 1)[0] + p.suffix for p in (var / "imports").iterdir())
    assert names == ["citations.json", "citations.nq", "vn-phapdien-qi.json", "vn-phapdien-qi.nq"]
    for meta in (var / "imports").glob("*.json"):
        triples = json.loads(meta.read_text(encoding="utf-8"))["triples"]
        lines = meta.with_suffix(".nq").read_text(encoding="utf-8").splitlines()
        assert triples > 1000 and len(lines) == triples and lines[0].endswith(" .")
    assert "triples in" in capsys.readouterr().out


def test_validate_reads_a_file_that_starts_with_a_byte_order_mark(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Strict UTF-8 refused it ("Bad syntax"): the mark is read as the start of the text."""
    path = tmp_path / "bom.ttl"
    path.write_bytes("\ufeff".encode() + (TASK + "\n").encode())
    assert main(["validate", str(path)]) == 1
    assert "http://example.org/t" in capsys.readouterr().out
