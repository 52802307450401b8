"""Search benchmark: p50/p95 of a query mix on the full imported graph, index build time and size.

The graph is a real `vnqi build` (seed + fact sheet + every importer of ../shared/data) in a var directory
(built first when it has none). The index is the version's search.sqlite; it is also rebuilt once into a
temporary file to time the build alone. Queries run in process through graph.search (what /search calls),
each warmed up, then timed --reps times; the page cost is search + class facets, as the HTML page needs both.

    .venv/bin/python -m bench.bench_search --var bench/data/search-var --out bench/results/search.md
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graph.build import build, current_store_path
from graph.build_record import recorded_quads
from graph.errors import StoreUnavailable
from graph.load import Sources
from graph.progress import Progress
from graph.search import SEARCH_FILE, index_for
from graph.search_build import build_index
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
# (kind, query, classes, the IRI that must rank first or None)
MIX: list[tuple[str, str, tuple[str, ...], str | None]] = [
    ("identifier", "68/2006/QH11", (), "https://w3id.org/vnqi/id/doc/68-2006-qh11"),
    ("identifier", "TCVN ISO 9001:2015", (), "https://w3id.org/vnqi/id/std/tcvn-iso-9001-2015"),
    ("identifier", "ISO/IEC 17025:2017", (), "https://w3id.org/vnqi/id/std/iso-iec-17025-2017"),
    ("identifier", "127/2007/NĐ-CP", (), "https://w3id.org/vnqi/id/doc/127-2007-nd-cp"),
    ("number", "17034", (), None),
    ("number", "9001", (), None),
    ("number", "14001", (), None),
    ("label vi", "tiêu chuẩn đo lường", (), None),
    ("label vi, no marks", "tieu chuan do luong", (), None),
    ("label vi", "Bộ Khoa học và Công nghệ", (), "https://w3id.org/vnqi/id/org/most"),
    ("label vi, no marks", "luat chat luong san pham hang hoa", (), "https://w3id.org/vnqi/id/doc/05-2007-qh12"),
    ("label en", "quality management systems", (), None),
    ("label en", "road vehicles", (), None),
    ("text", "nhận thức trong quản lý", (), None),
    ("text", "hàng hóa nhập khẩu", (), None),
    ("broad", "iso", (), None),
    ("broad", "luật", (), None),
    ("broad", "requirements", (), None),
    ("class filter", "iso", ("InternationalStandard",), None),
    ("class filter", "luat", ("Law", "Decree"), None),
]
SUGGEST = ["tcvn iso 9", "quan l", "iso 1", "bo khoa h", "68/20", "road veh"]


def ensure_build(var: Path) -> Path:
    """The current version under `var`, built with every importer first if there is none."""
    try:
        return current_store_path(var)
    except StoreUnavailable:
        print(f"building the full graph into {var} (a few minutes)…", file=sys.stderr)
        build(Sources.at(ROOT), var, progress=Progress(sys.stderr))
        return current_store_path(var)


def timed(fn: Callable[[], object], reps: int) -> list[float]:
    """Milliseconds of `reps` calls after one warm-up call."""
    fn()
    out = []
    for _ in range(reps):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run(var: Path, reps: int) -> tuple[str, bool]:
    """The report (Markdown) and whether every expected first hit was first."""
    version = ensure_build(var)
    store = EmbeddedStore(version, read_only=True)
    index = index_for(store)
    assert index.path == version / SEARCH_FILE, "the build wrote no search index"
    with tempfile.TemporaryDirectory(prefix="vnqi-bench-search-") as tmp:
        figures = build_index(store, Path(tmp) / SEARCH_FILE)
    size_mb = (version / SEARCH_FILE).stat().st_size / 1e6
    ok, rows, page_all, search_all = True, [], [], []
    for kind, q, classes, first in MIX:
        results = index.search(q, types=classes)
        top = results.hits[0].iri if results.hits else None
        good = first is None or top == first
        ok &= good
        search_ms = timed(lambda q=q, classes=classes: index.search(q, types=classes), reps)
        page_ms = timed(lambda q=q, classes=classes: (index.search(q, types=classes), index.facets(q)), reps)
        search_all += search_ms
        page_all += page_ms
        rows.append(f"| {kind} | `{q}`{' type=' + ','.join(classes) if classes else ''} | {results.total} | "
                    f"{'✓' if first and good else '✗ ' + str(top) if first else ''} | {statistics.median(search_ms):.2f} | "
                    f"{pct(search_ms, 95):.2f} | {statistics.median(page_ms):.2f} | {pct(page_ms, 95):.2f} |")
    suggest_all: list[float] = []
    for q in SUGGEST:
        suggest_all += timed(lambda q=q: index.suggest(q), reps)
    return report(version, figures, size_mb, rows, search_all, page_all, suggest_all, reps), ok


def report(version: Path, figures: dict[str, float], size_mb: float, rows: list[str], search_all: list[float],
           page_all: list[float], suggest_all: list[float], reps: int) -> str:
    """The Markdown report."""
    quads = recorded_quads(version)
    when = (f"{time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, {os.cpu_count()} cores, load "
            f"average at the end {os.getloadavg()[0]:.1f}; `.venv/bin/python -m bench.bench_search`.")
    what = (f"Full imported graph ({quads} quads: seed + fact sheet + every importer of `../shared/data`), index "
            f"`{SEARCH_FILE}` of the built version: **{int(figures['entities'])} entities, {size_mb:.1f} MB, built in "
            f"{figures['seconds']:.1f} s wall, {figures['cpu']:.1f} s CPU** (three named queries on the store, "
            f"folding, SQLite inserts, FTS5 optimize; timed again alone into a temporary file). In process "
            f"(graph.search), one warm-up then {reps} timed runs per query. Target: p50 under 20 ms.")
    head = [
        "# Search benchmark", "", when, "", what, "",
        "| query mix | p50 ms | p95 ms |", "|---|---:|---:|",
        f"| search ({len(MIX)} queries) | {statistics.median(search_all):.2f} | {pct(search_all, 95):.2f} |",
        f"| search + class facets (the HTML page) | {statistics.median(page_all):.2f} | {pct(page_all, 95):.2f} |",
        f"| suggest ({len(SUGGEST)} prefixes) | {statistics.median(suggest_all):.2f} | {pct(suggest_all, 95):.2f} |", "",
        "| kind | query | hits | expected first | search p50 | search p95 | +facets p50 | +facets p95 |",
        "|---|---|---:|---|---:|---:|---:|---:|",
    ]
    return "\n".join(head + rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--var", type=Path, default=ROOT / "bench" / "data" / "search-var")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "search.md")
    args = parser.parse_args(argv)
    text, ok = run(args.var, args.reps)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
