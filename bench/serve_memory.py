"""Serving memory of vnqi as deployed: synthetic data plus the ontology modules (so that the impact dependency graph
has its edges, which the suite's data-only version lacks), default settings, sampled while it starts.

    python -m bench.serve_memory --triples 5000000    # writes bench/results/serve-memory.md (about 5 min at 5M)

Writes a store version (graph.build.write_version: bulk load, search index, summaries; no SHACL: the data is
synthetic) under a temporary var directory, serves it with `uvicorn --factory bench.servers:vnqi_app` and the
default settings, samples the summed resident memory of the server's process group every 0.5 s until its
warm-up has ended, then runs four queries and one impact analysis and samples again: the peak and the final sum.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench import synth
from bench.machine import machine
from bench.processes import ROOT, Server, base_env, rss_mb
from graph.build import write_version

ONTOLOGY_GRAPH = "https://w3id.org/vnqi/graph/ontology/"
TARGET_MB = 3072.0


def ontology_nquads() -> bytes:
    """Every ontology module as N-Quads, one named graph per module (as bench_impact loads them)."""
    store = ox.Store()
    for module in sorted((ROOT / "ontology").glob("*.ttl")):
        store.load(path=str(module), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH + module.stem))
    return store.dump(format=ox.RdfFormat.N_QUADS)


class Sampler(threading.Thread):
    """The peak of a process group's summed resident memory, sampled every `every_s` seconds."""

    def __init__(self, pid: int, every_s: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every_s, self.peak = pid, every_s, 0.0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self.stopping.wait(self.every_s)


def measure(args: argparse.Namespace) -> dict:
    """Build, serve, sample; the figures for the report."""
    data, quads, _ = synth.ensure(args.triples, args.seed, args.data_dir)
    var = Path(tempfile.mkdtemp(prefix="vnqi-serve-memory-"))
    started = time.perf_counter()
    path, served_quads = write_version(var, [data.read_bytes(), ontology_nquads()])
    build_s = time.perf_counter() - started
    env = base_env() | {"VNQI_STORE": f"oxigraph:{path}", "VNQI_VAR_DIR": str(var)}
    server = Server("vnqi", "bench.servers:vnqi_app", env, "/health", {}, var / "server.log", 1800)
    sampler: Sampler | None = None
    try:
        threading.Thread(target=server.start, daemon=True).start()
        while server.process is None:
            time.sleep(0.05)
        sampler = Sampler(server.process.pid)
        sampler.start()
        ready = wait_ready(server, 1800)
        with httpx.Client(trust_env=False, timeout=600) as client:
            for _ in range(4):
                client.post(server.url + "/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                            headers={"Accept": "application/sparql-results+json"}).raise_for_status()
            client.get(server.url + "/impact", params={"document": args.document, "format": "json"}).raise_for_status()
        final = rss_mb(server.process.pid)
    finally:
        if sampler is not None:
            sampler.stopping.set()
            sampler.join(5)
        server.stop()
        shutil.rmtree(var, ignore_errors=True)
    return {"data": data, "quads": quads, "served_quads": served_quads, "build_s": build_s, "ready": ready,
            "peak": max(sampler.peak if sampler else 0.0, final), "final": final}


def wait_ready(server: Server, limit_s: float) -> dict:
    """/ready once the server answers and its warm-up has ended."""
    until = time.monotonic() + limit_s
    while time.monotonic() < until:
        if server.process is not None and server.process.poll() is not None:
            raise RuntimeError(f"vnqi exited with {server.process.returncode}; see {server.log_path}")
        try:
            body = httpx.get(server.url + "/ready", timeout=30, trust_env=False).json() if server.port else {}
        except (httpx.HTTPError, ValueError):
            body = {}
        if body.get("warm", {}) and body["warm"].get("done"):
            return body
        time.sleep(1.0)
    raise RuntimeError(f"vnqi did not finish its warm-up within {limit_s:g} s")


def report(r: dict, args: argparse.Namespace) -> str:
    """The Markdown report."""
    m, workers = machine(), r["ready"].get("query_workers") or {}
    verdict = "met" if r["peak"] < TARGET_MB else "missed"
    return "\n".join([
        "# Serving memory with the ontology", "",
        (f"Command: `python -m bench.serve_memory --triples {args.triples}` — run {time.strftime('%Y-%m-%d %H:%M')} "
        f"UTC. Machine: {m['cores']} cores, {m['memory']}, {m['os']}."), "",
        (f"- Data: **synthetic** `{r['data'].name}` ({r['quads']:,} quads) plus the ontology modules: "
        f"{r['served_quads']:,} quads in the version (written in {r['build_s']:.1f} s, no SHACL: synthetic data)."),
        f"- Query workers (`/ready`): {workers.get('in_memory')} in memory (a copy {workers.get('copy_mb')} MB), "
        f"{workers.get('on_disk')} on disk, running with {workers.get('allocator')} malloc; budget "
        f"`VNQI_QUERY_MEMORY_MB` {workers.get('memory_budget_mb')} (the default). Warm-up steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in r["ready"]["warm"]["seconds"].items())
        + ".",
        (f"- Resident memory of the server's process group (app + workers), sampled every 0.5 s from start to after "
        f"four `COUNT(*)` queries and one impact analysis (a what-if on `--document`): peak **{r['peak']:,.0f} MB**, final {r['final']:,.0f} MB."),
        f"- Target (issue 7): peak memory under 3 GB at 5,000,000 triples: **{verdict}**"
        + ("" if args.triples == 5_000_000 else f" (this run: {args.triples:,} triples)") + ".", ""])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=5_000_000)
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    p.add_argument("--document", default="https://w3id.org/vnqi/id/synthetic/doc/1-2000-nd-cp")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "serve-memory.md")
    args = p.parse_args()
    args.out.write_text(report(measure(args), args), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
