"""A query worker's in-memory copy of a version (graph/worker_copy.py) and the malloc it runs with
(graph/worker_allocator.py), on the real build."""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import worker_copy
from graph.build import current_store_path
from graph.executor import QueryPool
from graph.worker_allocator import in_use, jemalloc, preloading

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


@pytest.mark.parametrize("how", ["sorted", "no sort command", "sort fails", "no temporary file"])
def test_the_in_memory_copy_holds_the_version(built_var: Path, built: ox.Store, monkeypatch: pytest.MonkeyPatch,
                                              how: str) -> None:
    """Sorted through temporary files; loaded as dumped when `sort` is missing or fails; from a dump in memory
    when no temporary file can be written: the same quads every way (blank nodes renamed, so those are counted)."""
    if how == "no sort command":
        monkeypatch.setattr(worker_copy.shutil, "which", lambda name: None)
    elif how == "sort fails":
        monkeypatch.setattr(worker_copy.shutil, "which", lambda name: "/bin/false")
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


def test_preloading_changes_the_environment_only_while_a_process_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LD_PRELOAD", raising=False)
    with preloading("/x/libjemalloc.so.2"):
        assert os.environ["LD_PRELOAD"] == "/x/libjemalloc.so.2"
    assert "LD_PRELOAD" not in os.environ
    monkeypatch.setenv("LD_PRELOAD", "/y/libother.so")
    with preloading("/x/libjemalloc.so.2"):
        assert os.environ["LD_PRELOAD"] == "/x/libjemalloc.so.2 /y/libother.so"
    assert os.environ["LD_PRELOAD"] == "/y/libother.so"
    with preloading(None):
        assert os.environ["LD_PRELOAD"] == "/y/libother.so"


def test_workers_run_with_jemalloc_when_it_is_installed(built_var: Path) -> None:
    """Installed by tools/system-packages.sh (Debian's libjemalloc2): the workers say they run with it; with
    VNQI_QUERY_JEMALLOC=false (use_jemalloc=False) they run with the system's malloc; this process never does."""
    if jemalloc() is None:
        if os.environ.get("VNQI_REQUIRE_SYSTEM") == "1":
            pytest.fail("libjemalloc2 is not installed (VNQI_REQUIRE_SYSTEM=1: run tools/system-packages.sh as root)")
        pytest.skip("libjemalloc2 is not installed")
    path = current_store_path(built_var)
    for use, expected in ((True, "jemalloc"), (False, "system")):
        pool = QueryPool(path, workers=1, timeout_s=5, in_memory=False, use_jemalloc=use)
        try:
            assert pool.allocator == expected
        finally:
            pool.close()
    assert in_use() == "system" and "libjemalloc" not in os.environ.get("LD_PRELOAD", "")
