"""Benchmark suite, served part of one size: vnqi and the Oxigraph server up, pyoxigraph in this process; the
query mix, HTTP throughput with N clients (entity page, one SPARQL query) and search."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.http_client import KeepAliveClient
from bench.load_test import entity_paths, wait_warm
from bench.processes import Server, base_env
from bench.query_mix import Query
from bench.sparql_rounds import LIGHT_QUERY
from bench.sparql_targets import MAX_ROWS, http_runner, pyox_runner
from bench.suite_http import (
    oxigraph_entity_requests,
    search,
    sparql_hits,
    sparql_requests,
    sparql_search,
    throughput,
    vnqi_entity_requests,
    vnqi_hits,
    vnqi_search,
)
from bench.suite_mix import run_mix
from bench.suite_proc import OxigraphServer

VNQI, PYOX, OXI = "vnqi HTTP", "pyoxigraph in process", "Oxigraph server HTTP"
VNQI_DISK = "vnqi HTTP, workers on disk"  # VNQI_QUERY_IN_MEMORY=false: the memory-saving setting
ID_BASE = "https://w3id.org/vnqi"  # entity_paths gives /id/…


def start_vnqi(store_path: Path, var: Path, tmp: Path, args: argparse.Namespace, in_memory: bool = True) -> Server:
    """vnqi's app (uvicorn; its query workers hold the version in memory as the default budget allows, or all read
    it on disk) once its warm-up ended."""
    settings = {"store": f"oxigraph:{store_path}", "var_dir": str(var), "max_rows": str(MAX_ROWS),
                "query_timeout_s": str(args.timeout_s), "query_in_memory": str(in_memory).lower()}
    env = base_env() | {f"VNQI_{k.upper()}": v for k, v in settings.items()}
    name = "vnqi" if in_memory else "vnqi (workers on disk)"
    server = Server(name, "bench.servers:vnqi_app", env, "/health", {}, tmp / f"{name.split()[0]}-{in_memory}.log",
                    1800)
    server.start()
    asyncio.run(wait_warm(server.url, 600))
    return server


def run_served(result: dict, data: Path, store_path: Path | None, var: Path, ox_dir: Path | None,
               rdflib: dict | None, queries: list[Query], tmp: Path, args: argparse.Namespace,
               log: Callable[[str], None]) -> None:
    """Fill result['mix'], ['http'], ['search'], ['serving_mb']; every server is stopped at the end."""
    servers: list = []
    try:
        vnqi = oxi = None
        if store_path is not None:
            vnqi = start_vnqi(store_path, var, tmp, args)
            servers.append(vnqi)
            result["workers"] = httpx.get(vnqi.url + "/ready", trust_env=False, timeout=30).json()["query_workers"]
            log(f"vnqi at {vnqi.url}: query workers {result['workers']}")
        if ox_dir is not None:
            try:
                oxi = OxigraphServer(ox_dir, tmp / "oxigraph.log")
                servers.append(oxi)
                oxi.start()
                log(f"Oxigraph server at {oxi.url}")
            except RuntimeError as exc:
                result["problems"].append(f"Oxigraph server: {exc}")
                oxi = None
        disk = None
        if store_path is not None and args.disk_mode:
            disk = start_vnqi(store_path, var, tmp, args, in_memory=False)
            servers.append(disk)
            log(f"vnqi with its workers on disk at {disk.url}")
        timeout = httpx.Timeout(args.timeout_s, connect=10)
        with httpx.Client(trust_env=False, timeout=timeout) as client, KeepAliveClient(args.timeout_s) as keep:
            log("query mix")
            result["mix"] = mix(data, keep, vnqi, oxi, rdflib, queries, args, log, disk)
            if vnqi is not None:
                throughput_runs(result, vnqi, oxi, queries, args, log)
                log("search")
                result["search"].append(search("vnqi /search (JSON)", vnqi_search(client, vnqi.url), vnqi_hits,
                                               args.reps, args.budget_s))
            if oxi is not None:
                result["search"].append(search("Oxigraph server: CONTAINS on labels", sparql_search(
                    client, oxi.url + "/query"), sparql_hits, args.reps, args.budget_s))
        result["serving_mb"] = {s.name: s.rss_mb() for s in servers}
    finally:
        for server in servers:
            server.stop()


def mix(data: Path, client: KeepAliveClient, vnqi: Server | None, oxi: OxigraphServer | None, rdflib: dict | None,
        queries: list[Query], args: argparse.Namespace, log: Callable[[str], None], disk: Server | None = None) -> list:
    """The query mix on the servers up and on pyoxigraph in memory in this process (freed on return)."""
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    runners: dict[str, Callable] = {PYOX: lambda q: pyox_runner(store, q)}
    if vnqi is not None:
        runners[VNQI] = lambda q: http_runner(client, vnqi, "/sparql", q, args.timeout_s)
    if oxi is not None:
        runners[OXI] = lambda q: http_runner(client, oxi, "/query", q, args.timeout_s)
    if disk is not None:
        runners[VNQI_DISK] = lambda q: http_runner(client, disk, "/sparql", q, args.timeout_s)
    return run_mix(queries, runners, rdflib, args.reps, args.warmup, args.budget_s, log)


def throughput_runs(result: dict, vnqi: Server, oxi: OxigraphServer | None, queries: list[Query],
                    args: argparse.Namespace, log: Callable[[str], None]) -> None:
    """Entity pages and one light SPARQL query with each number of clients, vnqi then the Oxigraph server."""
    paths = entity_paths(vnqi.url, 200)
    light = next(q for q in queries if q.name == LIGHT_QUERY)
    plan = [("entity page", "vnqi HTML page", vnqi.url, vnqi_entity_requests(paths))]
    if oxi is not None:
        plan.append(("entity page", "Oxigraph server CONSTRUCT (out + in)", oxi.url,
                     oxigraph_entity_requests([ID_BASE + p for p in paths])))
    plan.append((f"SPARQL {LIGHT_QUERY}", VNQI, vnqi.url, sparql_requests("/sparql", light.text)))
    if oxi is not None:
        plan.append((f"SPARQL {LIGHT_QUERY}", OXI, oxi.url, sparql_requests("/query", light.text)))
    for clients in args.clients:
        for what, target, base, requests in plan:
            load = throughput(what, target, base, requests, clients, args.duration_s)
            log(f"  {what} / {target} / {clients} clients: {load.rps:.0f} req/s p99 {load.p99_ms} ms "
                f"errors {load.errors}")
            result["http"].append(load)
