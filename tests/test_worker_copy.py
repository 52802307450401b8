"""A query worker's in-memory copy of a version (graph/worker_copy.py) and the malloc it runs with
(graph/worker_allocator.py), on the real build."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import worker_copy
from graph.build import current_store_path
from graph.executor import QueryPool
from graph.query_job import QueryRequest
from graph.worker_allocator import jemalloc

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VNQI_ARTICLE = "https://w3id.org/vnqi/def#Article"
ARTICLES = f"SELECT ?a WHERE {{ ?a a <{VNQI_ARTICLE}> }}"


@pytest.fixture(scope="module")
def built(built_var: Path) -> ox.Store:
    """The built version, read-only on disk."""
    return ox.Store.read_only(str(current_store_path(built_var)))


def named(store: ox.Store) -> set[ox.Quad]:
    """The quads without blank nodes (a copy renames those: they are counted instead)."""
    return {q for q in store if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def ascending_share(store: ox.Store) -> float:
    """The share of consecutive articles a scan of `?a a vnqi:Article` meets in ascending IRI order."""
    seen = [row["a"].value for row in store.query(ARTICLES, use_default_graph_as_union=True)]
    assert len(seen) == 3000
    return sum(a < b for a, b in itertools.pairwise(seen)) / (len(seen) - 1)


def shuffled_version(path: Path) -> str:
    """A store of 3,000 made-up articles of 60 documents, added in a shuffled order, closed."""
    rng = random.Random(20261126)
    article = "https://example.org/doc/{d}/dieu-{i}"
    quads = [ox.Quad(ox.NamedNode(article.format(d=rng.randrange(60), i=i)), ox.NamedNode(RDF_TYPE),
                     ox.NamedNode(VNQI_ARTICLE), ox.NamedNode("https://example.org/graph")) for i in range(3000)]
    rng.shuffle(quads)
    store = ox.Store(str(path))
    store.extend(quads)
    store.flush()
    del store
    return str(path)


@pytest.mark.parametrize("how", ["sorted", "no sort command", "sort fails", "no file for the sorted lines",
                                 "no temporary file"])
def test_the_in_memory_copy_holds_the_version(built_var: Path, built: ox.Store, monkeypatch: pytest.MonkeyPatch,
                                              how: str) -> None:
    """Sorted through temporary files; loaded as dumped when `sort` is missing or fails, or when no file for its
    output can be made; from a dump in memory when no temporary file can be written: the same quads every way
    (blank nodes renamed, so those are counted)."""
    if how == "no sort command":
        monkeypatch.setattr(worker_copy.shutil, "which", lambda name: None)
    elif how == "sort fails":
        monkeypatch.setattr(worker_copy.shutil, "which", lambda name: "/bin/false")
    elif how == "no file for the sorted lines":
        made = worker_copy.tempfile.TemporaryFile

        def dump_only(*args: object, **kwargs: object) -> object:
            if str(kwargs.get("prefix", "")).startswith("vnqi-copy-sorted-"):
                raise OSError(28, "No space left on device")
            return made(*args, **kwargs)  # type: ignore[call-overload]
        monkeypatch.setattr(worker_copy.tempfile, "TemporaryFile", dump_only)
    elif how == "no temporary file":
        def refuse(*args: object, **kwargs: object) -> None:
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(worker_copy.tempfile, "TemporaryFile", refuse)
    copy = worker_copy.open_version(str(current_store_path(built_var)), True)
    assert len(copy) == len(built) and named(copy) == named(built) and len(named(built)) > 1000


def test_the_sorted_copy_meets_subjects_in_ascending_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of sorting: a scan of the copy meets subjects in ascending IRI order (in long runs), which the
    copy loaded in the dump's order does not."""
    path = shuffled_version(tmp_path / "version")
    assert ascending_share(worker_copy.open_version(path, True)) > 0.95
    monkeypatch.setattr(worker_copy.shutil, "which", lambda name: None)
    assert ascending_share(worker_copy.open_version(path, True)) < 0.75


def test_sort_stops_when_the_worker_is_killed() -> None:
    """`sort` runs under `setpriv --pdeathsig SIGTERM`: a process killed while its child sorts leaves no child
    behind (here the child is `sleep`, started the same way by a process that is then SIGKILLed)."""
    prefix = worker_copy._dying_with_this_process()
    if not prefix:
        pytest.skip("util-linux's setpriv is not installed")
    program = (f"import subprocess; child = subprocess.Popen({[*prefix, 'sleep', '60']!r}); "
               "print(child.pid, flush=True); child.wait()")
    with subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True) as parent:
        assert parent.stdout is not None
        child = Path(f"/proc/{int(parent.stdout.readline())}")
        deadline = time.monotonic() + 5
        while (child / "comm").read_text().strip() != "sleep" and time.monotonic() < deadline:
            time.sleep(0.01)  # setpriv has set the signal once it has become `sleep`
        parent.kill()
    deadline = time.monotonic() + 5
    while process_state(child) not in ("gone", "Z") and time.monotonic() < deadline:
        time.sleep(0.05)  # stopped, then reaped by init
    assert process_state(child) in ("gone", "Z")


def process_state(proc: Path) -> str:
    """A process's state letter from /proc (Z: stopped, not yet reaped), or 'gone'."""
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_workers_run_with_jemalloc_when_it_is_installed(built_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed by tools/system-packages.sh (Debian's libjemalloc2): the workers say they run with it (each starts
    again with it preloaded); with VNQI_QUERY_JEMALLOC=false (use_jemalloc=False) they run with the system's malloc;
    a library that cannot be preloaded leaves a worker that answers with the system's; this process's environment
    is unchanged."""
    if jemalloc() is None:
        if os.environ.get("VNQI_REQUIRE_SYSTEM") == "1":
            pytest.fail("libjemalloc2 is not installed (VNQI_REQUIRE_SYSTEM=1: run tools/system-packages.sh as root)")
        pytest.skip("libjemalloc2 is not installed")
    path, before = current_store_path(built_var), dict(os.environ)
    count = QueryRequest(query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", result_format="csv", graph_format=None)

    def started(use_jemalloc: bool) -> tuple[str | None, bytes]:
        pool = QueryPool(path, workers=1, timeout_s=5, in_memory=False, use_jemalloc=use_jemalloc)
        try:
            return pool.allocator, pool.run(count).body
        finally:
            pool.close()

    with_it, without = started(True), started(False)
    monkeypatch.setattr("graph.executor.jemalloc", lambda: "libvnqi-missing.so.1")
    missing = started(True)
    assert (with_it[0], without[0], missing[0]) == ("jemalloc", "system", "system")
    assert with_it[1] == without[1] == missing[1] and with_it[1].startswith(b"n")
    assert dict(os.environ) == before
