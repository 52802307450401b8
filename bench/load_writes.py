"""Writes in the load test: one writer sends SPARQL updates (each a new graph of one triple) for the whole run;
afterwards every accepted write is looked for in the served graph. A write the server accepted (2xx) and that is
then missing is a lost write.

The writes go to graphs under https://w3id.org/vnqi/graph/data/loadtest/ with one rdfs:comment each, which the
shapes accept; they are test writes on the var directory under test, never on the project's own data.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx

GRAPH = "https://w3id.org/vnqi/graph/data/loadtest/"
SUBJECT = "https://w3id.org/vnqi/id/loadtest/"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


@dataclass
class Writes:
    """Writes sent, accepted (their numbers) and found again after the run."""

    sent: int = 0
    accepted: list[str] = field(default_factory=list)
    found: int = 0

    @property
    def lost(self) -> int:
        """Accepted writes missing from the served graph after the run."""
        return len(self.accepted) - self.found


def update_text(tag: str) -> str:
    """The update of write `tag`: one triple in its own graph."""
    return (f"INSERT DATA {{ GRAPH <{GRAPH}{tag}> {{ <{SUBJECT}{tag}> <{COMMENT}> "
            f"\"load test write {tag}, not data\"@en }} }}")


async def writer(http: httpx.AsyncClient, stats, until: float, token: str, every_s: float,  # type: ignore[no-untyped-def]
                 writes: Writes) -> None:
    """Send one write at a time (the server applies them one by one), pausing `every_s` between them."""
    run = f"{int(time.time())}-"
    while time.monotonic() < until - 1:
        tag = f"{run}{writes.sent}"
        writes.sent += 1
        started = time.perf_counter()
        try:
            got = await http.post("/sparql", content=update_text(tag).encode(), timeout=300,
                                  headers={"Content-Type": "application/sparql-update",
                                           "Authorization": f"Bearer {token}"})
            stats.add("write", got.status_code, time.perf_counter() - started)
            if got.is_success:
                writes.accepted.append(tag)
        except httpx.HTTPError as exc:
            stats.add("write", 0, time.perf_counter() - started)
            stats.errors.append(f"write {tag}: {type(exc).__name__} {exc}")
        await asyncio.sleep(every_s)


def verify(base: str, writes: Writes) -> Writes:
    """Count the accepted writes present in the graph the server serves now."""
    for tag in writes.accepted:
        ask = f"ASK {{ GRAPH <{GRAPH}{tag}> {{ <{SUBJECT}{tag}> <{COMMENT}> ?c }} }}"
        got = httpx.post(base + "/sparql", data={"query": ask}, timeout=60,
                         headers={"Accept": "application/sparql-results+json"})
        writes.found += bool(got.is_success and got.json().get("boolean"))
    return writes


def write_line(writes: Writes | None) -> str:
    """The report's sentence on writes."""
    if writes is None:
        return "No writes (no write token given)."
    return (f"Writes: {writes.sent} sent one at a time by one writer, {len(writes.accepted)} accepted, "
            f"**{writes.lost} lost** (accepted but missing from the served graph afterwards).")
