"""Smoke test of the SPARQL benchmark harness (marked `bench`: the default run deselects it).

Run with: .venv/bin/python -m pytest -m bench tests/bench  (needs `pip install -e '.[bench]'`).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is not an installed package: import it from the checkout
    sys.path.insert(0, str(ROOT))

from bench import synth
from bench.query_mix import load_queries

pytestmark = pytest.mark.bench


@pytest.mark.timeout(900)
def test_harness_writes_a_row_per_query(tmp_path: Path) -> None:
    """The whole harness at 20,000 triples, 2 repetitions: exit 0 and one latency row per query of the mix."""
    pytest.importorskip("rdflib_endpoint", reason="pip install -e '.[bench]'")
    out = tmp_path / "sparql.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_sparql", "--triples", "20000", "--reps", "2", "--warmup", "1",
         "--duration-s", "1", "--data-dir", str(tmp_path / "data"), "--out", str(out)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=850, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    table = out.read_text(encoding="utf-8").split("## Latency per query", 1)[1].split("\n## ", 1)[0]
    names = [q.name for q in load_queries()]
    assert len(names) >= 6
    for name in names:
        row = [line for line in table.splitlines() if line.startswith(f"| {name} |")]
        assert len(row) == 1, f"no latency row for {name}"
        cells = [c.strip() for c in row[0].strip("|").split("|")]
        assert re.fullmatch(r"[\d.,]+", cells[2]) and re.fullmatch(r"[\d.,]+", cells[3]), row[0]
        assert cells[8].startswith("yes"), f"engines disagree on {name}: {row[0]}"
    assert "| **geometric mean** |" in table


def test_synthetic_data_is_typed_labelled_and_marked(tmp_path: Path) -> None:
    """Deterministic; every entity typed and labelled; every document marked synthetic and unverified."""
    text, count = synth.generate(20_000)
    assert count >= 20_000 and text.count("\n") == count
    assert synth.generate(20_000)[0] == text
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    prefix = "PREFIX vnqi: <https://w3id.org/vnqi/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "

    def ask(query: str) -> bool:
        return bool(store.query(prefix + query, use_default_graph_as_union=True))

    assert not ask("ASK { GRAPH ?g { ?s ?p ?o } FILTER(!STRSTARTS(STR(?g), 'https://w3id.org/vnqi/graph/synthetic/')) }")
    assert not ask("ASK { ?s ?p ?o FILTER(isIRI(?s) && !STRSTARTS(STR(?s), 'https://w3id.org/vnqi/id/synthetic/')) }")
    assert not ask("ASK { ?s ?p ?o FILTER NOT EXISTS { ?s a ?type } }")
    assert not ask("ASK { ?s a ?t FILTER NOT EXISTS { ?s rdfs:label ?l FILTER(lang(?l) = 'vi') } }")
    assert not ask("""ASK { ?doc eli:type_document ?any
                       FILTER NOT EXISTS { ?doc skos:note "SYNTHETIC benchmark data — not real"@en ;
                                                vnqi:factStatus <https://w3id.org/vnqi/id/code/fact-status/unverified> } }""")

