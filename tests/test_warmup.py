"""The background warm-up of a stored version: every step runs once and fills the cache the pages then use."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph import browse_cache, warmup
from graph.browse_classes import all_classes
from graph.build import current_store_path
from graph.dependencies import dependency_graph
from graph.entity_terms import terms_for
from graph.store import open_store
from graph.store.base import Store


@pytest.fixture()
def stored(built_var: Path) -> Store:
    """The built version on disk, opened as the server opens it."""
    return open_store(f"oxigraph:{current_store_path(built_var)}", read_only=True)


def test_every_step_runs_and_fills_the_caches(stored: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warmup, "LARGE_CLASS", 50)  # the seed and facts have no class of thousands
    large = [c.key for c in all_classes(stored) if c.total >= 50 and c.key]
    assert large, "the built data has classes of 50 entities or more"
    progress = warmup.warm(stored, warmup.Warmup())
    expected = {"dependency graph", "entity terms", "search index"} | {f"class {k} {g}" for k in large for g in
                                                                       ("vi", "en")}
    assert progress.done and progress.failed == {} and set(progress.seconds) == expected
    assert dependency_graph(stored) is dependency_graph(stored) and terms_for(stored) is terms_for(stored)
    values = browse_cache._CACHE[stored][1]
    assert {f"sorted {c.iri} label {g}" for c in all_classes(stored) if c.key in large for g in ("vi", "en")} <= set(values)


def test_a_failing_step_is_recorded_and_the_others_still_run(stored: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(store: Store) -> object:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(warmup, "dependency_graph", broken)
    progress = warmup.warm(stored, warmup.Warmup())
    assert progress.done and progress.failed == {"dependency graph": "RuntimeError: disk gone"}
    assert {"entity terms", "search index"} <= set(progress.seconds)


def test_start_runs_in_the_background(stored: Store) -> None:
    progress = warmup.start(stored)
    deadline = time.monotonic() + 60
    while not progress.done and time.monotonic() < deadline:
        time.sleep(0.05)
    assert progress.done and progress.failed == {} and "dependency graph" in progress.seconds
    assert progress.as_json() == {"done": True, "seconds": progress.seconds, "failed": {}}


def test_stop_runs_no_further_step(stored: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once stopped (the server closes the store), the step under way ends and no other one starts."""
    import threading

    entered, release = threading.Event(), threading.Event()

    def slow(store: Store) -> object:
        entered.set()
        release.wait(30)
        return None

    monkeypatch.setattr(warmup, "dependency_graph", slow)
    progress = warmup.start(stored)
    assert entered.wait(30)
    progress.stopping.set()  # as stop() does first; the step under way then ends
    release.set()
    progress.stop(30)
    assert progress.thread is not None and not progress.thread.is_alive()
    assert progress.done and list(progress.seconds) == ["dependency graph"] and progress.failed == {}


def test_caches_do_not_keep_an_old_version_alive(built_var: Path) -> None:
    """After a write the server opens the new version; the per-version caches must let the old store go (each
    open version holds its own file handles and buffers: the load test's server grew by 340 MiB over 14 writes)."""
    import gc
    import weakref

    from api.entity_cache import cached as view_cached

    old = open_store(f"oxigraph:{current_store_path(built_var)}", read_only=True)
    progress = warmup.warm(old, warmup.Warmup())
    assert progress.failed == {}
    view_cached(("test", "page"), old, lambda: "<html>")
    gone = weakref.ref(old)
    del old, progress
    gc.collect()
    assert gone() is None
