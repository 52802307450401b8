"""`vnqi query`: a time limit that stops the work, Ctrl-C that stops it, SERVICE refused unless allowed, the
default graph read as /sparql reads it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.cli import main

ROOT = Path(__file__).resolve().parents[1]
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"  # a cube of the graph: hours


def vnqi(*args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *args]


def test_a_query_past_its_timeout_is_stopped(built_var: Path) -> None:
    started = time.monotonic()
    done = subprocess.run(vnqi("--var", str(built_var), "query", ENDLESS, "--timeout", "1.5"), cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    took = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == "vnqi query: error: the query ran longer than 1.5 s and was stopped (--timeout)"
    assert done.stdout == "" and took < 15  # the process ended: the work with it


def test_ctrl_c_stops_a_running_query(built_var: Path) -> None:
    proc = subprocess.Popen(vnqi("--var", str(built_var), "query", ENDLESS), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)  # the interpreter has started and the query runs
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err.strip() == "vnqi query: interrupted" and out == ""


def test_a_query_within_its_timeout_answers(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = "SELECT ?n WHERE { ?d dcterms:identifier ?n . FILTER(?n = '68/2006/QH11') }"
    assert main(["--var", str(built_var), "query", q, "--format", "csv", "--timeout", "60"]) == 0
    assert capsys.readouterr().out == "n\r\n68/2006/QH11\r\n"


def test_a_query_reads_the_merge_of_the_graphs_as_sparql_does(built_var: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The default graph is the RDF merge (graph/worker_merge.py): a triple that two graphs hold counts once, as
    on /sparql; GRAPH still sees every graph's own."""
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    by_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    counts = []
    for q in (everything, by_graph, distinct):
        assert main(["--var", str(built_var), "query", q, "--format", "csv"]) == 0
        counts.append(int(capsys.readouterr().out.split()[1]))
    assert counts[0] == counts[2] < counts[1]
    # A dataset of the query's own (FROM) is read as it is, as on /sparql: the fact sheet's graph alone.
    facts = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/vnqi/graph/data/facts/facts> WHERE { ?s ?p ?o }"
    in_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/vnqi/graph/data/facts/facts> { ?s ?p ?o } }"
    for q in (facts, in_graph):
        assert main(["--var", str(built_var), "query", q, "--format", "csv"]) == 0
        counts.append(int(capsys.readouterr().out.split()[1]))
    assert counts[3] == counts[4] < counts[0]


@pytest.mark.parametrize("allowed, message", [
    ([], "SERVICE is disabled on this endpoint (no outbound requests are made)"),
    (["--allow-service", "http://127.0.0.1:9/other"],
     "SERVICE <http://127.0.0.1:9/sparql> is not allowed; allowed endpoints: http://127.0.0.1:9/other"),
])
def test_service_is_refused_unless_allowed(built_var: Path, capsys: pytest.CaptureFixture[str], allowed: list[str],
                                           message: str) -> None:
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert main(["--var", str(built_var), "query", q, *allowed]) == 2
    assert capsys.readouterr().err.strip() == f"vnqi query: error: {message}"


def test_an_allowed_service_passes_the_guard(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SILENT on a closed port: the engine tries it (the guard let it through) and gives the empty solution."""
    q = "SELECT (COUNT(*) AS ?n) WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert main(["--var", str(built_var), "query", q, "--format", "csv", "--allow-service",
                 "http://127.0.0.1:9/sparql"]) == 0
    assert capsys.readouterr().out == "n\r\n1\r\n"


@pytest.mark.parametrize("value, why", [("0", "more than 0"), ("-1", "more than 0"), ("nan", "more than 0"),
                                        ("soon", "not a number"), ("inf", "less than 1e9"), ("1e10", "less than 1e9")])
def test_a_bad_timeout_is_refused(value: str, why: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["query", "ASK {}", "--timeout", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--timeout" in err and why in err


def test_a_from_list_and_select_star_read_as_on_sparql(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Several FROM graphs that share triples are their merge (graph/worker_dataset.py), and `SELECT *` keeps the
    order of its variables (graph/worker_columns.py), as /sparql answers them."""
    both = ("FROM <https://w3id.org/vnqi/graph/data/facts/facts> "
            "FROM <https://w3id.org/vnqi/graph/data/seed/tdc-2024-article>")
    counts = []
    for q in (f"SELECT (COUNT(*) AS ?n) {both} WHERE {{ ?s ?p ?o }}",
              f"SELECT (COUNT(*) AS ?n) {both} WHERE {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o }} }}"):
        assert main(["--var", str(built_var), "query", q, "--format", "csv"]) == 0
        counts.append(int(capsys.readouterr().out.split()[1]))
    assert counts[0] == counts[1] > 0
    assert main(["--var", str(built_var), "query", "SELECT * { ?s a vnqi:Law ; rdfs:label ?label } LIMIT 1",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "s,label"
