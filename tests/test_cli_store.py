"""`vnqi load` / `vnqi dump`: every format in, the same dataset out; a bad file changes nothing; gzip both ways."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from api.cli import main
from graph.store import open_store
from tests.store.rdfcompare import norm, same_graph

FACTS = URIRef("https://w3id.org/vnqi/graph/data/facts/facts")
TARGET = "https://w3id.org/vnqi/graph/test/loaded"
BLANK = Literal("(blank node)")
FORMATS = {"nt": "nt", "ttl": "turtle", "rdf": "xml", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


def named_graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    """The non-empty named graphs of a dataset, by IRI."""
    return {g.identifier: g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}


def shape_of(graph: Graph) -> Counter[tuple[object, ...]]:
    """The triples with every blank node as one placeholder and literals normalised (fast, order-free)."""
    return Counter(tuple(BLANK if isinstance(t, BNode) else norm(t) for t in triple) for triple in graph)


def same_datasets(left: Dataset, right: Dataset) -> None:
    """Same graph names, and the same triples in each (blank nodes as placeholders)."""
    a, b = named_graphs(left), named_graphs(right)
    assert set(a) == set(b)
    different = [iri for iri in a if shape_of(a[iri]) != shape_of(b[iri])]
    assert not different, f"graphs differ: {different[:3]}"


def graph_of(store_url: str, iri: str) -> Graph:
    """One named graph of a store, as an rdflib Graph."""
    return open_store(store_url).construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")


def test_round_trip_load_dump(dataset: Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "all.nq.gz"
    source.write_bytes(gzip.compress(dataset.serialize(format="nquads", encoding="utf-8")))
    url = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(source), "--into", url]) == 0
    err = capsys.readouterr().err
    assert "triples/s" in err and "all.nq.gz" in err
    for fmt in ("nquads", "trig"):
        out = tmp_path / f"dump.{fmt}.gz"
        assert main(["dump", "--from", url, "--format", fmt, "-o", str(out)]) == 0
        back = Dataset()
        back.parse(data=gzip.decompress(out.read_bytes()).decode("utf-8"), format=fmt)
        same_datasets(back, dataset)


@pytest.mark.parametrize("suffix", [*FORMATS, "ttl.gz"])
def test_every_format_into_one_graph(dataset: Dataset, tmp_path: Path, suffix: str) -> None:
    facts = dataset.graph(FACTS)
    fmt = FORMATS[suffix.removesuffix(".gz")]
    data = (facts if fmt not in ("trig", "nquads") else _as_default_graph(facts)).serialize(format=fmt,
                                                                                              encoding="utf-8")
    path = tmp_path / f"facts.{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    url = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(path), "--into", url, "--graph", TARGET]) == 0
    assert same_graph(graph_of(url, TARGET), facts) is None


def _as_default_graph(graph: Graph) -> Dataset:
    """A dataset holding `graph` in its default graph (its triples go to --graph)."""
    out = Dataset()
    for triple in graph:
        out.add(triple)
    return out


def test_a_bad_file_changes_nothing(dataset: Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"oxigraph:{tmp_path / 'store'}"
    good = tmp_path / "good.ttl"
    good.write_bytes(dataset.graph(FACTS).serialize(format="turtle", encoding="utf-8"))
    assert main(["load", str(good), "--into", url, "--graph", TARGET]) == 0
    before = len(open_store(url))
    other = tmp_path / "other.nt"
    other.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    bad = tmp_path / "bad.nt"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n" * 3 + '<urn:a> <urn:b> "unterminated .\n', encoding="utf-8")
    capsys.readouterr()
    for args in (["--graph", TARGET], []):  # a graph with data (staged) and an empty one (loaded in place)
        assert main(["load", str(other), str(bad), "--into", url, *args]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].startswith(f"vnqi load: error: {bad}:4: ") and "Traceback" not in "\n".join(err)
    assert same_graph(graph_of(url, TARGET), dataset.graph(FACTS)) is None
    store = open_store(url)
    assert len(store) == before
    assert [str(g) for g in store.graphs()] == [TARGET]  # no staging graph left, nothing from other.nt


@pytest.mark.parametrize("damage", ["corrupt", "truncated", "not-gzip"])
def test_a_damaged_gzip_file_is_a_message_and_changes_nothing(dataset: Dataset, tmp_path: Path, damage: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """zlib.error escaped as a traceback (found by a CLI fuzzing pass); the graph loaded before stays whole."""
    url = f"oxigraph:{tmp_path / 'store'}"
    good = tmp_path / "good.ttl"
    good.write_bytes(dataset.graph(FACTS).serialize(format="turtle", encoding="utf-8"))
    assert main(["load", str(good), "--into", url, "--graph", TARGET]) == 0
    packed = gzip.compress(b"<urn:a> <urn:b> <urn:c> .\n" * 20_000)
    bad = tmp_path / "bad.nt.gz"
    if damage == "corrupt":
        bad.write_bytes(packed[:20] + bytes(b ^ 0x5A for b in packed[20:200]) + packed[200:])
    elif damage == "truncated":
        bad.write_bytes(packed[: len(packed) // 2])
    else:
        bad.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    capsys.readouterr()
    assert main(["load", str(bad), "--into", url, "--graph", TARGET]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"vnqi load: error: {bad}" in err
    assert same_graph(graph_of(url, TARGET), dataset.graph(FACTS)) is None


def test_loading_again_replaces_the_graph(tmp_path: Path) -> None:
    url = f"oxigraph:{tmp_path / 'store'}"
    first, second = tmp_path / "v1.nt", tmp_path / "v2.nt"
    first.write_text("<urn:a> <urn:b> \"một\"@vi .\n<urn:a> <urn:b> \"hai\"@vi .\n", encoding="utf-8")
    second.write_text("<urn:a> <urn:b> \"ba\"@vi .\n", encoding="utf-8")
    assert main(["load", str(first), "--into", url, "--graph", TARGET]) == 0
    assert main(["load", str(second), "--into", url, "--graph", TARGET]) == 0
    assert {str(o) for o in graph_of(url, TARGET).objects()} == {"ba"}


def test_unknown_suffix_and_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    assert main(["load", str(odd), "--into", "memory:"]) == 2
    assert "unknown RDF file type '.csv'" in capsys.readouterr().err
    assert main(["load", str(tmp_path / "missing.ttl"), "--into", "memory:"]) == 2
    assert "missing.ttl: file not found" in capsys.readouterr().err


def test_dataset_files_replace_their_graphs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"oxigraph:{tmp_path / 'store'}"
    other = "https://w3id.org/vnqi/graph/test/other"
    first = tmp_path / "first.nt"
    first.write_text('<urn:a> <urn:b> "cũ"@vi .\n', encoding="utf-8")
    assert main(["load", str(first), "--into", url, "--graph", TARGET]) == 0
    quads = tmp_path / "quads.nq"
    quads.write_text(f'<urn:a> <urn:b> "mới"@vi <{TARGET}> .\n<urn:a> <urn:b> "khác"@vi <{other}> .\n'
                     '<urn:a> <urn:b> "mặc định"@vi .\n', encoding="utf-8")
    assert main(["load", str(quads), "--into", url, "--graph", "https://w3id.org/vnqi/graph/test/default"]) == 0
    store = open_store(url)
    state = sorted((str(r[0]), str(r[1])) for r in store.select("SELECT ?g ?o { GRAPH ?g { ?s ?p ?o } }").rows)
    assert state == [("https://w3id.org/vnqi/graph/test/default", "mặc định"), (TARGET, "mới"), (other, "khác")]
    del store
    bad = tmp_path / "bad.nq"
    bad.write_text(f'<urn:a> <urn:b> "x" <{TARGET}> .\n<urn:a> <urn:b> "y" <urn:new> .\n<urn:a> <urn:b> .\n',
                   encoding="utf-8")
    assert main(["load", str(bad), "--into", url]) == 2
    assert f"{bad}:3: " in capsys.readouterr().err
    store = open_store(url)
    assert sorted((str(r[0]), str(r[1])) for r in store.select("SELECT ?g ?o { GRAPH ?g { ?s ?p ?o } }").rows) == state


@pytest.mark.parametrize(("graph", "message"), [("not an iri", "--graph: 'not an iri' is not an absolute IRI"),
                                                ("relative", "--graph: 'relative' is not an absolute IRI"),
                                                ("", "--graph: '' is not an absolute IRI")])
def test_a_bad_graph_name_is_named_as_such(tmp_path: Path, graph: str, message: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """It was blamed on the input file ("ok.nt: Invalid IRI code point"), and an empty one was ignored."""
    data = tmp_path / "ok.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main(["load", str(data), "--into", f"oxigraph:{tmp_path / 'store'}", "--graph", graph]) == 2
    assert capsys.readouterr().err.strip() == f"vnqi load: error: {message} (e.g. https://example.org/graph/1)"


def test_a_file_name_that_gives_no_graph_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"!!!.nt" and "???.nt" both loaded into vg:load/, the second replacing the first."""
    data = tmp_path / "!!!.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main(["load", str(data), "--into", f"oxigraph:{tmp_path / 'store'}"]) == 2
    assert "its name gives no graph name: pass --graph IRI" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["other files", "a build"])
def test_load_refuses_a_directory_that_is_not_a_store_or_is_a_build(tmp_path: Path, kind: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """RocksDB files were written among a project's files, and into a published build (never written again)."""
    target = tmp_path / "dir"
    target.mkdir()
    (target / ("notes.txt" if kind == "other files" else "vnqi-build.json")).write_text("{}", encoding="utf-8")
    if kind == "a build":
        (target / "CURRENT").write_text("MANIFEST-000001\n", encoding="utf-8")
    data = tmp_path / "ok.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    before = sorted(p.name for p in target.iterdir())
    assert main(["load", str(data), "--into", f"oxigraph:{target}"]) == 2
    err = capsys.readouterr().err
    assert ("not an Oxigraph store" if kind == "other files" else "published build") in err
    assert sorted(p.name for p in target.iterdir()) == before


def test_a_load_drops_the_staging_graphs_of_a_killed_one(tmp_path: Path) -> None:
    """A load killed with SIGKILL left its staging graphs in the store for good; the next load removes them."""
    import pyoxigraph as ox

    path = tmp_path / "store"
    left = ox.Store(str(path))
    left.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c"),
                     ox.NamedNode("urn:vnqi:staging:dead:0")))
    left.flush()
    del left
    data = tmp_path / "ok.nt"
    data.write_text("<urn:a> <urn:b> <urn:d> .\n", encoding="utf-8")
    assert main(["load", str(data), "--into", f"oxigraph:{path}"]) == 0
    store = ox.Store.read_only(str(path))
    assert [g.value for g in store.named_graphs()] == ["https://w3id.org/vnqi/graph/load/ok"]


@pytest.mark.parametrize("suffix", ["nq", "trig"])
def test_a_dump_leaves_out_the_staging_graphs_of_a_killed_load(tmp_path: Path, suffix: str) -> None:
    """Before the next load removes them, a killed load's staging graphs are still in the store: not in a dump."""
    import pyoxigraph as ox

    path = tmp_path / "store"
    left = ox.Store(str(path))
    kept = [ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c", language="vi"),
                    ox.NamedNode("https://w3id.org/vnqi/graph/load/ok")),
            ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:d"), ox.DefaultGraph())]
    for quad in [*kept, ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:e"),
                                ox.NamedNode("urn:vnqi:staging:dead:0"))]:
        left.add(quad)
    left.flush()
    del left
    out = tmp_path / f"out.{suffix}"
    assert main(["dump", "--from", f"oxigraph:{path}", "-o", str(out)]) == 0
    fmt = ox.RdfFormat.N_QUADS if suffix == "nq" else ox.RdfFormat.TRIG
    assert sorted(map(str, ox.parse(path=str(out), format=fmt))) == sorted(map(str, kept))
    assert [g.value for g in ox.Store.read_only(str(path)).named_graphs()].count("urn:vnqi:staging:dead:0") == 1


def test_dump_takes_its_format_from_the_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`-o x.trig` wrote N-Quads (which `vnqi load x.trig` could not read); a --format that contradicts the name is
    refused."""
    data = tmp_path / "ok.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(data), "--into", store]) == 0
    assert main(["dump", "--from", store, "-o", str(tmp_path / "x.trig")]) == 0
    text = (tmp_path / "x.trig").read_text(encoding="utf-8")
    assert "{" in text and Dataset().parse(data=text, format="trig")
    assert main(["load", str(tmp_path / "x.trig"), "--into", f"oxigraph:{tmp_path / 'again'}"]) == 0
    assert main(["dump", "--from", store, "--format", "nquads", "-o", str(tmp_path / "y.trig")]) == 2
    assert "--format nquads does not match the file name y.trig: name it ….nq" in capsys.readouterr().err
    assert not (tmp_path / "y.trig").exists()


def test_a_query_file_may_start_with_a_byte_order_mark(tmp_path: Path, built_var: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Editors on Windows write one: it read as "error at 1:10: expected CONSTRUCT"."""
    query = tmp_path / "q.rq"
    query.write_bytes("\ufeffSELECT (1 AS ?one) WHERE {}".encode())
    assert main(["--var", str(built_var), "query", f"@{query}", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "one\r\n1\r\n"
