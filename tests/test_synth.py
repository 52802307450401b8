"""graph/synth.py: deterministic synthetic data of the domain's shape, kept apart from real data; `vnqi synth`."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.cli import main
from bench import synth as bench_synth
from bench.query_mix import load_queries
from graph import synth

N = 200_000
PREFIXES = """PREFIX vnqi: <https://w3id.org/vnqi/def#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> """


@pytest.fixture(scope="module")
def generated() -> tuple[str, int]:
    """About N synthetic triples."""
    return synth.generate(N)


@pytest.fixture(scope="module")
def graph(generated: tuple[str, int]) -> ox.Store:
    """The synthetic triples in an in-memory store."""
    store = ox.Store()
    store.bulk_load(generated[0].encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """Solutions as tuples of lexical values."""
    return [tuple(t.value for t in s) for s in store.query(PREFIXES + query, use_default_graph_as_union=True)]


def test_deterministic_and_apart(generated: tuple[str, int]) -> None:
    text, count = generated
    assert N <= count < N + 1_000 and text.count("\n") == count
    assert synth.generate(N)[0] == text
    assert synth.generate(20_000, seed=7)[0] != synth.generate(20_000)[0]
    assert text.startswith(synth.generate(20_000)[0][:100_000])  # the first entities do not depend on N
    graphs = set(re.findall(r"(<[^>]+>) \.\n", text))
    assert graphs and all(g.startswith(f"<{synth.VG}") for g in graphs)
    assert bench_synth.generate is synth.generate and bench_synth.data_path(10).name.endswith(f"-v{synth.VERSION}.nq")


def test_laws_articles_and_guidance(graph: ox.Store) -> None:
    counts = rows(graph, """SELECT ?law (COUNT(?a) AS ?n) WHERE { ?law a vnqi:Law ; eli:has_part ?a . ?a a vnqi:Article }
                            GROUP BY ?law""")
    sizes = [int(n) for _, n in counts]
    assert len(sizes) >= 10 and min(sizes) >= 20 and max(sizes) <= 80 and max(sizes) > 50
    detailed = rows(graph, """SELECT ?decree ?art WHERE { ?decree a vnqi:Decree ; vnqi:details ?art .
                              ?art a vnqi:Article ; eli:is_part_of ?law . ?decree vnqi:details ?law }""")
    assert len(detailed) > 20
    assert rows(graph, "SELECT ?c WHERE { ?c a vnqi:Circular ; vnqi:guides ?d . ?d a vnqi:Decree } LIMIT 1")
    chains = rows(graph, """SELECT ?new ?old WHERE { ?new a vnqi:AmendingLaw ; vnqi:amends ?old .
                            ?e vnqi:affectingDocument ?new ; vnqi:affectedDocument ?old } LIMIT 1""")
    assert chains
    assert rows(graph, "SELECT ?d WHERE { ?d a vnqi:Decree ; vnqi:amends/vnqi:amends ?x } LIMIT 1")


def test_standards_programmes_and_labels(graph: ox.Store) -> None:
    assert rows(graph, """SELECT ?q WHERE { ?q a vnqi:TechnicalRegulation ; vnqi:citesStandard ?t .
                          ?t a vnqi:NationalStandard } LIMIT 1""")
    adoptions = rows(graph, """SELECT DISTINCT ?how WHERE { ?t a vnqi:NationalStandard ; ?how ?iso .
                               ?iso a vnqi:InternationalStandard }""")
    assert {h.rsplit("#", 1)[1] for (h,) in adoptions} == {"adoptsIdentical", "adoptsModified", "adoptsNotEquivalent"}
    for cls in ("InternationalStandard", "NationalStandard"):
        assert rows(graph, f"SELECT ?a WHERE {{ ?a a vnqi:{cls} ; vnqi:supersedes ?b . ?b a vnqi:{cls} }} LIMIT 1")
    for cls in ("Programme", "Task", "Ministry", "PublicServiceUnit"):
        assert rows(graph, f"SELECT ?x WHERE {{ ?x a vnqi:{cls} }} LIMIT 1"), cls
    labels = rows(graph, 'SELECT ?l WHERE { ?x a vnqi:Law ; rdfs:label ?l FILTER(LANG(?l) = "vi") } LIMIT 5')
    assert labels and all(re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơưăâêô]", l) for (l,) in labels)


def test_cli_writes_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "synthetic.nq.gz"
    assert main(["synth", "--triples", "5000", "--seed", "3", "-o", str(out)]) == 0
    assert gzip.decompress(out.read_bytes()).decode("utf-8") == synth.generate(5000, 3)[0]
    assert "synthetic quads (seed 3)" in capsys.readouterr().err


def test_every_query_of_the_benchmark_mix_has_an_answer(generated: tuple[str, int]) -> None:
    """A query that matches nothing measures nothing: each SELECT/CONSTRUCT of bench/queries returns something and
    each ASK is true on the synthetic data."""
    store = ox.Store()
    store.load(generated[0].encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    for query in load_queries():
        result = store.query(query.text, use_default_graph_as_union=True)
        answered = bool(result) if isinstance(result, ox.QueryBoolean) else any(True for _ in result)  # type: ignore[arg-type]
        assert answered, f"{query.name} has an empty answer on the synthetic data"
