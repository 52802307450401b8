"""Stores for the contract suite: embedded (memory, disk) and real servers on 127.0.0.1 (Oxigraph, Virtuoso).

A server that is not installed skips its tests with the reason, unless VNQI_REQUIRE_SYSTEM=1 (`make test`): then
it fails. Each server is started once per session on a temporary folder and free ports, and stopped by its pid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from graph.store import EmbeddedStore, open_store
from tests.store.servers import Server, start_or_skip, start_oxigraph, start_virtuoso

KINDS = ("memory", "disk", "oxigraph", "virtuoso")
REMOTE = ("oxigraph", "virtuoso")


def _server(starter: Callable[[Path], Server], folder: Path) -> Iterator[Server]:
    """A started server (skipped or failed when missing, see start_or_skip), stopped at the end."""
    server = start_or_skip(starter, folder)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`oxigraph serve` on a fresh directory, for the whole session."""
    yield from _server(start_oxigraph, tmp_path_factory.mktemp("oxigraph-server"))


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso open source on a private ini, for the whole session."""
    yield from _server(start_virtuoso, tmp_path_factory.mktemp("virtuoso-server"))


@pytest.fixture(scope="session")
def server_url(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """The store URL of a started server by kind (starting it on first use)."""
    return lambda kind: request.getfixturevalue(f"{kind}_server").url


@pytest.fixture(scope="session")
def loaded(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory,
           server_url: Callable[[str], str]) -> Iterator[Callable[[str], object]]:
    """A store of each kind holding the real seed + facts dataset (loaded once per kind and session)."""
    cache: dict[str, object] = {}

    def get(kind: str) -> object:
        if kind not in cache:
            if kind == "memory":
                store: object = EmbeddedStore(None)
            elif kind == "disk":
                store = EmbeddedStore(tmp_path_factory.mktemp("disk-store") / "store")
            else:
                store = open_store(server_url(kind))
            store.replace(dataset)  # type: ignore[attr-defined]
            cache[kind] = store
        return cache[kind]

    yield get
    for store in cache.values():
        store.close()  # type: ignore[attr-defined]


@pytest.fixture(params=KINDS)
def any_store(request: pytest.FixtureRequest, loaded: Callable[[str], object]) -> object:
    """Each kind of store in turn, loaded with the real data."""
    return loaded(request.param)


@pytest.fixture(params=REMOTE)
def remote_kind(request: pytest.FixtureRequest) -> str:
    """Each real remote server in turn."""
    return str(request.param)
