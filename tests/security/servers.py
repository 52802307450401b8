"""A real `vnqi serve` subprocess with chosen settings, for the security and load tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def serve(var: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`vnqi serve` over `var` with VNQI_<NAME> settings; yields (base URL, process) once /health answers."""
    port = free_port()
    env = {**os.environ, **{f"VNQI_{k.upper()}": v for k, v in settings.items()}}
    log_path = var / f"serve-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "api.cli", "--var", str(var), "serve", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if httpx.get(base + "/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"vnqi serve did not start: see {log_path}")
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
