"""`vnqi load` of a large N-Triples/N-Quads file in blocks on several threads (graph/store/parallel_load.py).

The block sizes are made tiny so that a file of a few hundred lines is cut into many blocks; every load is compared
quad for quad with the same file loaded in one piece.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from api.cli import main
from graph.store import EmbeddedStore
from graph.store import parallel_load as pl
from graph.store.bulk import load_files

GRAPH = "https://w3id.org/vnqi/graph/test/loaded"
OTHER = "https://w3id.org/vnqi/graph/test/other"


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Blocks of a few KB on 3 threads; the list collects the size of every block loaded."""
    monkeypatch.setattr(pl, "MIN_BLOCK_BYTES", 1024)
    monkeypatch.setattr(pl, "THREADS", 3)
    sizes: list[int] = []
    real = pl._load_one

    def spy(native: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.NamedNode, base: str, offset: int,
            block: bytes) -> None:
        sizes.append(len(block))
        real(native, path, fmt, to_graph, base, offset, block)

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


def test_blank_nodes_keep_their_identity_across_the_file(tmp_path: Path, small_blocks: list[int]) -> None:
    path = tmp_path / "blank.nt"
    body = nquads(600).replace(f" <{GRAPH}/a>", "").replace(f" <{GRAPH}/b>", "")
    path.write_text('_:x <urn:vnqi:first> "1" .\n' + body + "<urn:vnqi:last> <urn:vnqi:q> _:x .\n",
                    encoding="utf-8")
    store_path = load(tmp_path, "s", [path], GRAPH)
    store = ox.Store.read_only(str(store_path))
    linked = store.query("ASK { GRAPH ?g { ?b <urn:vnqi:first> \"1\" . <urn:vnqi:last> <urn:vnqi:q> ?b } }")
    assert bool(linked)  # one blank node, as in a parse of the whole file
    assert len(store) == 602


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


def test_small_and_compressed_files_load_in_one_piece(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pl, "THREADS", 3)
    path = tmp_path / "small.nq"
    path.write_text(nquads(30), encoding="utf-8")
    meter = pl.Meter(path, ox.RdfFormat.N_QUADS, None)
    assert pl.load_blocks(ox.Store(), path, ox.RdfFormat.N_QUADS, ox.NamedNode(OTHER), path.as_uri(), meter) is False
    assert meter.bytes == 0


def test_a_store_version_is_written_in_pieces_with_the_same_quads(tmp_path: Path, small_blocks: list[int],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.build_write import write_store

    text = nquads(900).encode()
    pieces: list[bytes] = []
    real = pl.split_lines

    def spy(data: bytes, piece_bytes: int = pl.BLOCK_BYTES):  # type: ignore[no-untyped-def]
        for piece in real(data, piece_bytes):
            pieces.append(piece)
            yield piece

    monkeypatch.setattr(pl, "split_lines", spy)
    path, quads = write_store(tmp_path / "var", text)
    assert quads == 900 and len(pieces) >= 6 and b"".join(pieces) == text
    source = ox.Store()
    source.bulk_load(text, format=ox.RdfFormat.N_QUADS)
    assert quads_of(path) == {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in source}


def test_a_store_version_with_blank_nodes_is_parsed_whole(tmp_path: Path, small_blocks: list[int]) -> None:
    from graph.build_write import write_store

    text = ('_:x <urn:vnqi:first> "1" .\n' + nquads(600) + "<urn:vnqi:last> <urn:vnqi:q> _:x .\n").encode()
    path, quads = write_store(tmp_path / "var", text)
    assert quads == 602
    store = ox.Store.read_only(str(path))
    assert bool(store.query('ASK { ?b <urn:vnqi:first> "1" . <urn:vnqi:last> <urn:vnqi:q> ?b }'))
