"""A real `vnqi serve` subprocess with chosen settings, for the security and load tests."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import serve_var


@contextlib.contextmanager
def serve(var: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`vnqi serve` over `var` with VNQI_<NAME> settings; yields (base URL, process) once /health answers."""
    with serve_var(var, **settings) as (base, proc, _):
        yield base, proc

