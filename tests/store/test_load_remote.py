"""`vnqi load` / `vnqi dump` against real servers: streamed in through staging graphs, back out the same; a bad
file leaves the graphs as they were and no staging graph behind."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from api.cli import main
from graph.store import open_store
from tests.store.rdfcompare import same_graph

FACTS = URIRef("https://w3id.org/vnqi/graph/data/facts/facts")


@pytest.fixture()
def test_graphs(remote_kind: str, server_url: Callable[[str], str]) -> Iterator[tuple[str, list[URIRef]]]:
    """A server URL and two fresh graph IRIs, dropped afterwards."""
    url = server_url(remote_kind)
    run = uuid.uuid4().hex
    graphs = [URIRef(f"urn:vnqi:test:load:{run}:facts"), URIRef(f"urn:vnqi:test:load:{run}:shapes")]
    yield url, graphs
    store = open_store(url)
    store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    store.close()


def test_load_and_dump_through_a_server(dataset: Dataset, tmp_path: Path,
                                        test_graphs: tuple[str, list[URIRef]]) -> None:
    url, (facts_iri, shapes_iri) = test_graphs
    shapes = next(g for g in dataset.graphs() if "/shapes/" in str(g.identifier))
    trig = Dataset()
    for source, iri in ((dataset.graph(FACTS), facts_iri), (shapes, shapes_iri)):
        target = trig.graph(iri)
        for triple in source:
            target.add(triple)
    (tmp_path / "two.trig").write_bytes(trig.serialize(format="trig", encoding="utf-8"))
    assert main(["load", str(tmp_path / "two.trig"), "--into", url]) == 0
    out = tmp_path / "dump.nq"
    assert main(["dump", "--from", url, "-o", str(out)]) == 0
    back = Dataset()
    back.parse(out, format="nquads")
    for source, iri in ((dataset.graph(FACTS), facts_iri), (shapes, shapes_iri)):
        difference = same_graph(back.graph(iri), source)
        assert difference is None, difference


def test_a_bad_file_leaves_the_server_as_it_was(tmp_path: Path, test_graphs: tuple[str, list[URIRef]],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    url, (graph, _) = test_graphs
    good, bad = tmp_path / "good.nt", tmp_path / "bad.ttl.gz"
    good.write_text('<urn:a> <urn:b> "Tiêu chuẩn"@vi .\n', encoding="utf-8")
    assert main(["load", str(good), "--into", url, "--graph", str(graph)]) == 0
    bad.write_bytes(gzip.compress(b'@prefix : <urn:> .\n:a :b "new" .\n:a :b "broken .\n'))
    assert main(["load", str(good), str(bad), "--into", url, "--graph", str(graph)]) == 2
    assert f"{bad}:3: " in capsys.readouterr().err
    store = open_store(url)
    rows = store.select(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    assert [str(r[0]) for r in rows] == ["Tiêu chuẩn"]
    assert not [g for g in store.graphs() if str(g).startswith("urn:vnqi:staging:")]
    newer = tmp_path / "newer.nt"
    newer.write_text('<urn:a> <urn:b> "Quy chuẩn"@vi .\n<urn:a> <urn:b> "Đo lường"@vi .\n', encoding="utf-8")
    assert main(["load", str(newer), "--into", url, "--graph", str(graph)]) == 0  # staged, then moved in place
    rows = store.select(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    assert sorted(str(r[0]) for r in rows) == ["Quy chuẩn", "Đo lường"]
    assert not [g for g in store.graphs() if str(g).startswith("urn:vnqi:staging:")]
    store.close()
