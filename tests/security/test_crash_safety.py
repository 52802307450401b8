"""Crash safety: a build, a version write or an update killed with SIGKILL at a random moment leaves var/current on
the old or the new version — complete, with its build record — and the server starts on it.

Fast (default run): 20 forked writers killed while writing versions in a loop (the write and switch of a build).
Slow: 20 real `vnqi build` processes over a project copy, and 20 updates, killed at random moments."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph.build import current_store_path, write_version
from graph.store import open_store
from tests.security.servers import serve

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 20
EXTRA = b'<https://w3id.org/vnqi/id/test/crash> <http://www.w3.org/2000/01/rdf-schema#label> "crash test" ' \
        b'<https://w3id.org/vnqi/graph/data/test/crash> .\n'


def state(var: Path) -> tuple[str, int]:
    """(version name, quads) of var/current, after checking it is complete and opens; AssertionError if not."""
    path = current_store_path(var)
    record = json.loads((path / "vnqi-build.json").read_text(encoding="utf-8"))
    store = open_store(f"oxigraph:{path}", read_only=True)
    assert len(store) == record["quads"], (path, len(store), record)
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }").rows  # type: ignore[attr-defined]
    del store
    return path.name, record["quads"]


def dump(var: Path) -> bytes:
    """The N-Quads of the current version."""
    return ox.Store.read_only(str(current_store_path(var))).dump(format=ox.RdfFormat.N_QUADS)


def copy_var(built_var: Path, to: Path) -> Path:
    """A private var directory holding a copy of the built version as its current one."""
    to.mkdir()
    current = current_store_path(built_var)
    shutil.copytree(current, to / "builds" / current.name)
    (to / "current").symlink_to(Path("builds") / current.name)
    return to


# A tiny fork server: imports once, then forks one writer per trial ("go" → the writer's pid; "reaped" once it was
# killed). It never opens a store itself, so its children start clean (forking after RocksDB threads hangs).
FORK_SERVER = """
import os, random, sys
from pathlib import Path
from graph.build import write_version
var, blocks = Path(sys.argv[1]), [Path(p).read_bytes() for p in sys.argv[2:]]
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        random.seed(os.getpid())
        while True:
            write_version(var, random.choice(blocks))
    print(pid, flush=True)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""


def test_killed_version_writes_leave_a_complete_current(built_var: Path, tmp_path: Path) -> None:
    var = copy_var(built_var, tmp_path / "var")
    old = dump(var)
    (tmp_path / "old.nq").write_bytes(old)
    (tmp_path / "new.nq").write_bytes(old + EXTRA)
    sizes = {state(var)[1], state(var)[1] + 1}
    server = subprocess.Popen([sys.executable, "-c", FORK_SERVER, str(var), str(tmp_path / "old.nq"),
                               str(tmp_path / "new.nq")], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(20261126)
    seen = set()
    try:
        for _ in range(TRIALS):
            server.stdin.write("go\n")
            server.stdin.flush()
            writer = int(server.stdout.readline())
            time.sleep(rng.uniform(0.0, 1.5))
            os.kill(writer, signal.SIGKILL)
            assert server.stdout.readline().strip() == "reaped"
            name, quads = state(var)
            assert quads in sizes
            seen.add(name)
    finally:
        server.kill()
        server.wait(10)
        server.stdin.close()
        server.stdout.close()
    assert len(seen) > 1, "no trial completed a write: the delays are too short to test anything"
    print(f"\n{TRIALS} writers killed at random moments: {len(seen)} distinct versions current, all complete")
    write_version(var, old)  # the next write cleans up what the killed ones left half-written
    assert len([p for p in (var / "builds").iterdir() if p.is_dir()]) <= 2


def _kill_at_random(cmd: list[str], delay: float, env: dict[str, str] | None = None) -> int | None:
    """Start `cmd`, SIGKILL it after `delay` s (unless it ended); its exit code if it ended first."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        return None


@pytest.mark.slow
def test_killed_builds_leave_a_complete_current_and_the_server_starts(project_copy: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"
    build = [sys.executable, "-m", "api.cli", "--root", str(project_copy), "--var", str(var), "build", "--no-imports"]
    started = time.perf_counter()
    assert subprocess.run(build, cwd=ROOT, capture_output=True, check=False).returncode == 0
    duration = time.perf_counter() - started
    first = state(var)
    data = project_copy / "data" / "facts" / "facts.ttl"
    rng = random.Random(8)
    versions = {first[0]}
    for trial in range(TRIALS):
        if trial % 2:  # every other build changes the data, so old and new versions differ
            data.write_text(data.read_text(encoding="utf-8") + f"\n# trial {trial}\n", encoding="utf-8")
        _kill_at_random(build, rng.uniform(0.2, duration * 1.6))  # about a third of them finish
        versions.add(state(var)[0])
    assert len(versions) > 1
    print(f"\n{TRIALS} builds killed at random moments: {len(versions) - 1} new versions served, never a broken one")
    with serve(var) as (base, _):
        assert httpx.get(base + "/ready").json()["version"] == current_store_path(var).name


UPDATE = ('INSERT DATA {{ GRAPH <https://w3id.org/vnqi/graph/data/test/crash> {{ '
          '<https://w3id.org/vnqi/id/doc/68-2006-qh11> <http://www.w3.org/2000/01/rdf-schema#comment> "trial {n}"@en '
          '}} }}')
UPDATER = ("import sys; from pathlib import Path; from graph.update import update; "
           "update(Path(sys.argv[1]), sys.argv[2])")


@pytest.mark.slow
def test_killed_updates_leave_a_complete_current(built_var: Path, tmp_path: Path) -> None:
    var = copy_var(built_var, tmp_path / "var")
    rng = random.Random(5)
    started = time.perf_counter()
    assert subprocess.run([sys.executable, "-c", UPDATER, str(var), UPDATE.format(n="first")], cwd=ROOT, check=False).returncode == 0
    duration = time.perf_counter() - started
    before = state(var)
    applied = 0
    for trial in range(TRIALS):
        current = state(var)
        code = _kill_at_random([sys.executable, "-c", UPDATER, str(var), UPDATE.format(n=trial)],
                               rng.uniform(0.3, duration * 1.3))  # about a quarter of them finish
        after = state(var)
        assert after == current or after[1] == current[1] + 1, (current, after, code)
        if after != current:
            applied += 1
            logged = [p.read_text(encoding="utf-8") for p in (var / "updates").glob("*.ru")]
            assert any(f'"trial {trial}"' in text for text in logged), \
                f"trial {trial}: the update is in the served version but not in the log a rebuild replays"
    assert state(var)[1] == before[1] + applied
    print(f"\n{TRIALS} updates killed at random moments: {applied} had switched to their new version")
