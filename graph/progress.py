"""Progress of a long job, stage by stage (load, import <source>, validate, write), with counts and seconds."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Prints one line when a stage starts and one when it ends, on stderr (read when printing) or the given
    stream; `Progress(None)` is silent."""

    def __init__(self, stream: TextIO | None | str = "stderr") -> None:
        self.stream = stream
        self.timings: list[tuple[str, float, str]] = []

    def note(self, text: str) -> None:
        """A free line (e.g. 'skipped: <source> not found at <path>')."""
        if self.stream is not None:
            stream = sys.stderr if self.stream == "stderr" else self.stream
            print(text, file=stream, flush=True)  # type: ignore[arg-type]

    @contextmanager
    def stage(self, name: str) -> Iterator[dict[str, str]]:
        """Time a stage; the caller may put a result text in the yielded dict under 'done'."""
        self.note(f"[{name}] …")
        info: dict[str, str] = {}
        started = time.perf_counter()
        yield info
        seconds = time.perf_counter() - started
        self.timings.append((name, seconds, info.get("done", "")))
        self.note(f"[{name}] {info.get('done', 'done')} ({seconds:.1f} s)")


SILENT = Progress(None)
