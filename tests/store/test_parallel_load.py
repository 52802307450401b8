"""`vnqi load` of a large N-Triples/N-Quads file in blocks on several threads (graph/store/parallel_load.py).

The block sizes are made tiny so that a file of a few hundred lines is cut into many blocks; every load is compared
quad for quad with the same file loaded in one piece.
"""

from __future__ import annotations

import gzip
import os
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.cli import main
from graph.store import EmbeddedStore
from graph.store import parallel_load as pl
from graph.store.bulk import load_files
from graph.store.bulk_embedded import EmbeddedLoad

GRAPH = "https://w3id.org/vnqi/graph/test/loaded"
OTHER = "https://w3id.org/vnqi/graph/test/other"


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Blocks of a few KB on 3 threads; the list collects the size of every block loaded."""
    monkeypatch.setattr(pl, "MIN_BLOCK_BYTES", 1024)
    monkeypatch.setattr(pl, "THREADS", 3)
    sizes: list[int] = []
    real = pl._load_one

    def spy(native: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.NamedNode, base: str, text: bytes,
            offset: int, line_offsets: list[int] | None) -> None:
        sizes.append(len(text))
        real(native, path, fmt, to_graph, base, text, offset, line_offsets)

    monkeypatch.setattr(pl, "_load_one", spy)
    return sizes


def nquads(n: int) -> str:
    """n quads over two named graphs and the default graph, with Vietnamese literals and typed values."""
    lines = []
    for i in range(n):
        graph = ("", f" <{GRAPH}/a>", f" <{GRAPH}/b>")[i % 3]
        obj = (f'"Điều {i} — tiêu chuẩn"@vi', f'"{i}"^^<http://www.w3.org/2001/XMLSchema#integer>',
               f"<urn:vnqi:test:{i + 1}>")[i % 3]
        lines.append(f"<urn:vnqi:test:{i}> <urn:vnqi:p{i % 5}> {obj}{graph} .\n")
    return "".join(lines)


def quads_of(path: Path) -> set[tuple[str, ...]]:
    """Every quad of the store at `path`, as strings."""
    store = ox.Store.read_only(str(path))
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}


def load(tmp_path: Path, name: str, files: list[Path], graph: str | None = None) -> Path:
    """Load files into a fresh embedded store named `name`; its path."""
    store = EmbeddedStore(tmp_path / name)
    load_files(store, files, graph)
    del store
    return tmp_path / name


def test_blocks_end_at_line_ends_and_cover_the_file(tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    text = nquads(200).encode() + b"<urn:a> <urn:b> \"" + b"x" * 5000 + b"\" .\n" + b"<urn:a> <urn:b> <urn:c> ."
    path.write_bytes(text)
    parts = list(pl.blocks(path, 1024))
    assert b"".join(block for _, block in parts) == text
    assert [offset for offset, _ in parts] == [sum(len(b) for _, b in parts[:i]) for i in range(len(parts))]
    assert all(block.endswith(b"\n") for _, block in parts[:-1])
    assert max(len(block) for _, block in parts) > 5000  # the long line is one block, not cut


def test_nquads_in_blocks_equal_the_file_loaded_whole(tmp_path: Path, small_blocks: list[int]) -> None:
    path = tmp_path / "data.nq"
    path.write_text(nquads(900), encoding="utf-8")
    parallel = load(tmp_path, "parallel", [path], GRAPH)
    assert len(small_blocks) >= 6 and sum(small_blocks) == path.stat().st_size  # about two blocks a thread
    pl.THREADS = 1  # restored by monkeypatch
    whole = load(tmp_path, "whole", [path], GRAPH)
    assert len(quads_of(parallel)) == 900
    assert quads_of(parallel) == quads_of(whole)


def test_ntriples_in_blocks_replace_a_graph_with_data(tmp_path: Path, small_blocks: list[int]) -> None:
    old = tmp_path / "old.nt"
    old.write_text('<urn:a> <urn:b> "cũ"@vi .\n', encoding="utf-8")
    EmbeddedStore(tmp_path / "s")  # created empty
    load(tmp_path, "s", [old], GRAPH)
    new = tmp_path / "new.nt"
    new.write_text(nquads(600).replace(f" <{GRAPH}/a>", "").replace(f" <{GRAPH}/b>", ""), encoding="utf-8")
    load(tmp_path, "s", [new], GRAPH)
    assert small_blocks, "the file was not loaded in blocks"
    got = quads_of(tmp_path / "s")
    assert len(got) == 600 and {g for *_, g in got} == {f"<{GRAPH}>"}
    assert ("<urn:a>", "<urn:b>", '"cũ"@vi', f"<{GRAPH}>") not in got


def blank_file(tmp_path: Path) -> Path:
    """An N-Quads file whose first and last lines share a blank node (in two graphs), another in the middle."""
    path = tmp_path / "blank.nq"
    lines = nquads(600).splitlines(keepends=True)
    lines.insert(300, '_:y <urn:vnqi:first> "2" .\n')
    path.write_text('_:x <urn:vnqi:first> "1" .\n' + "".join(lines) + f"<urn:vnqi:last> <urn:vnqi:q> _:x <{OTHER}> .\n"
                    + "<urn:vnqi:last> <urn:vnqi:q> _:y .\n", encoding="utf-8")
    return path


def one_piece_spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files loaded in one piece (EmbeddedLoad._one) during the test."""
    whole: list[str] = []
    one_piece = EmbeddedLoad._one

    def spy(self: EmbeddedLoad, reader: object, path: Path, *rest: object) -> int:
        whole.append(path.name)
        return one_piece(self, reader, path, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(EmbeddedLoad, "_one", spy)
    return whole


def assert_blank_nodes_kept(store_path: Path) -> None:
    """Each label is one node, as in a parse of the whole file, and nothing is loaded twice."""
    store = ox.Store.read_only(str(store_path))
    linked = "ASK { ?b <urn:vnqi:first> \"%s\" . <urn:vnqi:last> <urn:vnqi:q> ?b }"
    assert all(bool(store.query(linked % n, use_default_graph_as_union=True)) for n in (1, 2))
    assert len(list(store.query("SELECT DISTINCT ?b { ?b <urn:vnqi:first> ?v }", use_default_graph_as_union=True))) == 2
    assert len(store) == 604


def test_blank_node_lines_are_gathered_into_one_parse(tmp_path: Path, small_blocks: list[int],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    whole = one_piece_spy(monkeypatch)
    path = blank_file(tmp_path)
    assert_blank_nodes_kept(load(tmp_path, "s", [path], GRAPH))
    assert whole == [] and len(small_blocks) >= 6  # in blocks, and no second reading
    assert sum(small_blocks) == path.stat().st_size  # every byte loaded once: the blank-node lines last


def test_too_many_blank_node_lines_read_the_file_whole(tmp_path: Path, small_blocks: list[int],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pl, "BLANK_LIMIT", 40)
    whole = one_piece_spy(monkeypatch)
    assert_blank_nodes_kept(load(tmp_path, "s", [blank_file(tmp_path)], GRAPH))
    assert whole == ["blank.nq"]  # blocks were tried, undone, then the file was read in one piece


@pytest.mark.parametrize("where", [0, 301, 302, 450])  # blank-node lines, the line after one, another
def test_a_syntax_error_names_the_line_of_the_file_when_blank_lines_are_taken_out(
        tmp_path: Path, small_blocks: list[int], capsys: pytest.CaptureFixture[str], where: int) -> None:
    path = blank_file(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[where] = lines[where].replace(" .\n", " oops .\n") if where != 450 else "<urn:a> <urn:b> .\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["load", str(path), "--into", f"oxigraph:{tmp_path / 'store'}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"vnqi load: error: {path}:{where + 1}: "), err  # a blank-node line, or a line after one
    assert len(ox.Store.read_only(str(tmp_path / "store"))) == 0


def test_a_failed_load_into_a_store_with_data_leaves_it_as_it_was(tmp_path: Path, small_blocks: list[int],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    url = f"oxigraph:{tmp_path / 'store'}"
    kept = tmp_path / "kept.nq"
    kept.write_text(f'<urn:a> <urn:b> "giữ"@vi <{GRAPH}> .\n<urn:a> <urn:b> "khác"@vi <{OTHER}> .\n',
                    encoding="utf-8")
    assert main(["load", str(kept), "--into", url]) == 0
    before = quads_of(tmp_path / "store")
    lines = nquads(800).replace(f" <{GRAPH}/a>", "").replace(f" <{GRAPH}/b>", "").splitlines(keepends=True)
    lines[650] = "<urn:a> <urn:b> .\n"
    bad = tmp_path / "bad.nt"
    bad.write_text("".join(lines), encoding="utf-8")
    for args in (["--graph", GRAPH], ["--graph", f"{GRAPH}/new"]):  # a graph with data (staged), an empty one
        assert main(["load", str(bad), "--into", url, *args]) == 2
        assert f"{bad}:651: " in capsys.readouterr().err
        assert quads_of(tmp_path / "store") == before
    assert small_blocks


def loaders() -> list[threading.Thread]:
    """The load threads still alive (other tests of the run may leave threads of their own)."""
    return [t for t in threading.enumerate() if t.name.startswith("vnqi-load-")]


def test_an_error_in_a_worker_thread_reaches_the_caller_and_stops_the_others() -> None:
    done: list[int] = []

    def work(n: int) -> None:
        if n == 3:
            raise RuntimeError("piece 3 failed")
        time.sleep(0.01)
        done.append(n)

    with pytest.raises(RuntimeError, match="piece 3 failed"):
        pl.run_pieces(iter(range(1000)), work, threads=3)
    assert len(done) < 20 and not loaders()


def test_an_interrupt_waits_for_the_running_pieces_and_starts_no_new_one() -> None:
    done: list[int] = []

    def work(n: int) -> None:
        if n == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C: KeyboardInterrupt in the calling thread, in join()
        time.sleep(0.05)
        done.append(n)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's own, whatever ran before
    try:
        with pytest.raises(KeyboardInterrupt):
            pl.run_pieces(iter(range(1000)), work, threads=3)
    finally:
        signal.signal(signal.SIGINT, previous)
    finished = len(done)
    time.sleep(0.2)
    assert len(done) == finished < 20  # nothing ran after the caller got the interrupt
    assert not loaders()


@pytest.mark.parametrize("suffix", ["nq", "nt"])
def test_a_syntax_error_in_a_late_block_names_its_line_and_leaves_nothing(
        tmp_path: Path, small_blocks: list[int], capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    good = nquads(800) if suffix == "nq" else nquads(800).replace(f" <{GRAPH}/a>", "").replace(f" <{GRAPH}/b>", "")
    lines = good.splitlines(keepends=True)
    lines[700] = '<urn:a> <urn:b> "unterminated .\n'
    path = tmp_path / f"bad.{suffix}"
    path.write_text("".join(lines), encoding="utf-8")
    url = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(path), "--into", url]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"vnqi load: error: {path}:701: "), err
    assert "line 701" in err
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert len(store) == 0 and list(store.named_graphs()) == []


def test_small_compressed_and_missing_files_load_in_one_piece(tmp_path: Path, small_blocks: list[int],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    small = tmp_path / "small.nq"
    small.write_text(nquads(3), encoding="utf-8")  # under two blocks of 1 KB
    packed = tmp_path / "big.nq.gz"
    packed.write_bytes(gzip.compress(nquads(900).encode()))
    url = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(small), str(packed), "--into", url]) == 0
    assert small_blocks == []  # neither was cut into blocks
    assert len(quads_of(tmp_path / "store")) == 901  # small.nq's two named-graph quads are also in big.nq.gz
    assert main(["load", str(tmp_path / "missing.nt"), "--into", url]) == 2
    assert "missing.nt: file not found" in capsys.readouterr().err


def test_a_store_version_is_written_in_pieces_with_the_same_quads(tmp_path: Path, small_blocks: list[int],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.build_write import write_store

    body = nquads(900).splitlines(keepends=True)
    body[100:100] = ['_:x <urn:vnqi:first> "1" <urn:vnqi:g> .\n', '_:y <urn:vnqi:first> "2" .\n']
    body[700:700] = ["<urn:vnqi:last> <urn:vnqi:q> _:x <urn:vnqi:h> .\n", '<urn:vnqi:last> <urn:vnqi:q> _:y .\n']
    text = "".join(body).encode()
    pieces: list[bytes] = []
    real = pl.split_quads

    def spy(data: bytes, piece_bytes: int = pl.BLOCK_BYTES):  # type: ignore[no-untyped-def]
        for piece in real(data, piece_bytes):
            pieces.append(piece)
            yield piece

    monkeypatch.setattr(pl, "split_quads", spy)
    path, quads = write_store(tmp_path / "var", text)
    assert quads == 904 and len(pieces) >= 6
    assert sorted(b"".join(pieces).splitlines()) == sorted(text.splitlines())  # every line once
    assert pieces[-1].count(b"\n") == 4 and all(b"_:" not in p for p in pieces[:-1])  # blank nodes: one parse
    source = ox.Store()
    source.bulk_load(text, format=ox.RdfFormat.N_QUADS)
    got = ox.Store.read_only(str(path))
    assert quads_of(path) - {q for q in quads_of(path) if "_:" in q[0] + q[2]} == \
        {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in source
         if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    linked = "ASK { ?b <urn:vnqi:first> \"%s\" . <urn:vnqi:last> <urn:vnqi:q> ?b }"  # over every graph
    assert all(bool(got.query(linked % n, use_default_graph_as_union=True)) for n in (1, 2))  # one node per label
    assert len(list(got.query("SELECT DISTINCT ?b { ?b <urn:vnqi:first> ?v }", use_default_graph_as_union=True))) == 2
