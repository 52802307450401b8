"""Shared fixtures: the real project loaded once, validated, in an in-memory store."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset

from api.app import create_app
from api.settings import Settings
from graph.build import build, check
from graph.load import Sources
from graph.store import EmbeddedStore
from graph.validate import ValidationReport

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sources() -> Sources:
    """The project's real ontology, shapes and data."""
    return Sources.at(ROOT)


@pytest.fixture(scope="session")
def checked(sources: Sources) -> tuple[Dataset, ValidationReport]:
    """The real dataset and its validation report (computed once)."""
    return check(sources, importers=())


@pytest.fixture(scope="session")
def dataset(checked: tuple[Dataset, ValidationReport]) -> Dataset:
    """The real dataset, one named graph per file."""
    return checked[0]


@pytest.fixture(scope="session")
def store(dataset: Dataset) -> EmbeddedStore:
    """An in-memory store holding the real dataset."""
    mem = EmbeddedStore(None)
    mem.replace(dataset)
    return mem


@pytest.fixture(scope="session")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    """The HTTP app over the in-memory store."""
    app = create_app(Settings(root=ROOT), store=store)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _fresh_cookies(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts without cookies on the shared clients (a page asked with ?lang= keeps it in a cookie)."""
    yield
    for name in ("client", "live_client"):
        if name in request.fixturenames:
            request.getfixturevalue(name).cookies.clear()


@pytest.fixture(scope="session")
def built_var(tmp_path_factory: pytest.TempPathFactory, sources: Sources) -> Path:
    """A var directory holding a real build of the project (on disk, as `vnqi build` writes it)."""
    var = tmp_path_factory.mktemp("var")
    build(sources, var, importers=())
    return var


@pytest.fixture(scope="session")
def cited_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build of the project's files with the Bộ pháp điển import and its citations (laws get their articles,
    and articles their citations). The importers' outputs and their validation reports are cached by content beside
    pytest's temporary folders, so that a later session reuses them (as `vnqi build` does under var/imports/)."""
    from graph.build import DEFAULT_SOURCES

    source = DEFAULT_SOURCES / "vn-phapdien-qi"
    if not source.is_dir():
        pytest.skip(f"the Bộ pháp điển corpus is not at {source}: laws would have no articles")
    var = tmp_path_factory.mktemp("cited-var")
    cache = tmp_path_factory.getbasetemp().parent / "vnqi-browser-imports"
    cache.mkdir(exist_ok=True)
    (var / "imports").symlink_to(cache, target_is_directory=True)
    started = time.perf_counter()
    result = build(Sources.at(ROOT), var, importers=("vn-phapdien-qi", "citations"))
    cached = ", ".join(f"{o.importer.name}{' (cached)' if o.cached else ''}" for o in result.imports)
    print(f"\nbuild with citations: {result.quads} quads ({cached}) in {time.perf_counter() - started:.1f} s")
    return var


@pytest.fixture(scope="session")
def live_client(built_var: Path) -> Iterator[TestClient]:
    """The HTTP app over the built on-disk store, with real query worker processes (short time limit)."""
    settings = Settings(root=ROOT, var_dir=built_var, query_timeout_s=3, max_rows=1000, query_workers=2)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@contextlib.contextmanager
def serve_locally(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server for `handler` on 127.0.0.1; yields its base URL and stops it after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture()
def local_http():  # type: ignore[no-untyped-def]
    """serve_locally, for tests that need their own HTTP peer on 127.0.0.1."""
    return serve_locally


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve_var(var: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`vnqi serve` really started on 127.0.0.1 over `var` with VNQI_<NAME> settings; yields (base URL, process,
    log file) once /health answers, and stops it after."""
    port = free_port()
    env = {**os.environ, **{f"VNQI_{k.upper()}": v for k, v in settings.items()}}
    cmd = [sys.executable, "-m", "api.cli", "--var", str(var), "serve", "--host", "127.0.0.1", "--port", str(port)]
    log_path = var / f"serve-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, proc, log_path)
            yield base, proc, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def _wait_healthy(base: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float = 90) -> None:
    """Until /health answers 200; RuntimeError if the server exits first or takes over `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"vnqi serve exited with {proc.returncode}: see {log}")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"vnqi serve did not answer /health within {timeout_s:.0f} s: see {log}")


@pytest.fixture(scope="session")
def live_server(built_var: Path) -> Iterator[str]:
    """`vnqi serve` really started on 127.0.0.1 over the built store; yields its base URL, stops it after."""
    with serve_var(built_var, query_timeout_s="5") as (base, _, _):
        yield base


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of ontology/ and data/ to break on purpose."""
    for part in ("ontology", "data"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


# --- The real corpora (shared/data), imported once per session ---------------------------------------------------

DATA = SHARED / "data"


@pytest.fixture(scope="session")
def imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The outputs of the importers of shared/data (cached in a session var directory), by source name; the
    citations importer runs with the documents and standards of the files and the other imports as known."""
    from graph.build import known_entities, split
    from graph.importers.cache import run_cached
    from graph.importers.registry import IMPORTERS
    from graph.load import load_dataset
    from graph.parts import part_from_graph, part_from_nquads

    if not DATA.is_dir():
        pytest.skip(f"shared data not found at {DATA}")
    var = tmp_path_factory.mktemp("imports-var")
    parts = [part_from_graph("files", split(load_dataset(Sources.at(ROOT)))[0])]
    out: dict[str, object] = {"files": parts[0]}
    for importer in IMPORTERS:
        known = known_entities(parts) if importer.uses_known else frozenset()
        output = run_cached(importer, DATA, var, known)
        part = part_from_nquads(str(importer.graph), output.path)
        parts.append(part)
        out[importer.name] = (output, part)
    out["known"] = known_entities(parts)
    return out
