"""A large /sparql answer sent in one piece against streamed (docs/decisions.md 46), on one store version.

    python -m bench.large_answer    # serves var/'s current build twice; writes bench/results/large-answer.md

Two vnqi servers over the same version, side by side: `VNQI_STREAM_FROM_BYTES` huge (each answer is read whole
into the server, then sent, as before decision 46) and the default (answers over 1 MB are passed on as they leave
the query worker). Once both have warmed up, each query is asked of both in interleaved rounds (a keep-alive
`http.client` connection, the whole body read): time to the first body byte, time to the last, and how much the
server process itself (not its query workers) grew while answering, sampled every 2 ms. Medians of `--rounds`.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.machine import machine
from bench.processes import ROOT, Server, base_env
from bench.serve_memory import wait_ready
from graph.build import current_store_path

QUERIES = {  # name: (query, Accept)
    "select-100k-json": ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100000", "application/sparql-results+json"),
    "select-100k-tsv": ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100000", "text/tab-separated-values"),
    "construct-100k-ntriples": ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 100000", "application/n-triples"),
}
MODES = {"one piece": str(1 << 62), "streamed": str(1 << 20)}


def own_rss_mb(pid: int) -> float:
    """Resident memory of one process (not its children), MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def ask(conn: http.client.HTTPConnection, pid: int, query: str, accept: str) -> tuple[float, float, float, int]:
    """(ms to the first body byte, ms to the last, server growth MB, body bytes) of one GET."""
    before, peak, done = own_rss_mb(pid), [0.0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], own_rss_mb(pid))
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    conn.request("GET", "/sparql?" + urlencode({"query": query}, quote_via=quote), headers={"Accept": accept})
    response = conn.getresponse()
    first = response.read(1)
    first_s = time.perf_counter() - started
    size = len(first) + len(response.read())
    last_s = time.perf_counter() - started
    done.set()
    sampler.join()
    if response.status != 200:
        raise RuntimeError(f"{query!r} answered {response.status}")
    return 1000 * first_s, 1000 * last_s, max(peak[0] - before, 0.0), size


def measure(args: argparse.Namespace) -> dict[tuple[str, str], list[tuple[float, float, float, int]]]:
    """Start both servers, wait for their warm-up, run the interleaved rounds; the samples by (query, mode)."""
    path = current_store_path(args.var)
    servers = {mode: Server(f"vnqi ({mode})", "bench.servers:vnqi_app",
                            base_env() | {"VNQI_STORE": f"oxigraph:{path}", "VNQI_VAR_DIR": str(args.var),
                                          "VNQI_STREAM_FROM_BYTES": value},
                            "/health", {}, Path(f"/tmp/vnqi-large-answer-{mode.replace(' ', '-')}.log"), 900)
               for mode, value in MODES.items()}
    samples: dict[tuple[str, str], list[tuple[float, float, float, int]]] = {}
    try:
        for server in servers.values():
            server.start()
            wait_ready(server, 900)
        conns = {mode: http.client.HTTPConnection("127.0.0.1", s.port, timeout=120) for mode, s in servers.items()}
        for name, (query, accept) in QUERIES.items():
            for round_ in range(args.rounds + 1):  # the first round warms up
                for mode, server in servers.items():
                    sample = ask(conns[mode], server.process.pid, query, accept)
                    if round_:
                        samples.setdefault((name, mode), []).append(sample)
    finally:
        for server in servers.values():
            server.stop()
    return samples


def report(samples: dict, args: argparse.Namespace, seconds: float) -> str:
    """The Markdown table."""
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on `{current_store_path(args.var).name}`, {seconds:.0f} s"
    lines = ["# A large /sparql answer: in one piece against streamed", "",
             f"Command: `python -m bench.large_answer --rounds {args.rounds}` — run {when}.",
             "", __doc__.split("\n\n", 2)[2].strip(), "",
             "| query | body | mode | first byte (ms) | last byte (ms) | server process growth (MB) |",
             "|---|---|---|---|---|---|"]
    for (name, mode), rows in samples.items():
        first, last, grew, size = (statistics.median(column) for column in zip(*rows, strict=True))
        lines.append(f"| {name} | {size / 1e6:.1f} MB | {mode} | {first:.0f} | {last:.0f} | {grew:.0f} |")
    m = machine()
    machine_line = f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory']}, {m['os']}; Python {m['python']}."
    return "\n".join([*lines, "", machine_line, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var", type=Path, default=ROOT / "var")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "large-answer.md")
    args = parser.parse_args()
    started = time.perf_counter()
    text = report(measure(args), args, time.perf_counter() - started)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
