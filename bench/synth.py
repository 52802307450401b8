"""Synthetic benchmark data on disk: graph/synth.py's generator, cached in bench/data/ (never real data).

`python -m bench.synth --triples 1000000` writes bench/data/synthetic-<N>-seed<S>-v<VERSION>.nq once and reuses it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from graph.synth import DEFAULT_SEED, SYN, VERSION, VG, Generator, generate, slug

__all__ = ["DATA_DIR", "DEFAULT_SEED", "SYN", "VERSION", "VG", "Generator", "data_path", "ensure", "generate", "main",
           "slug"]

DATA_DIR = Path(__file__).resolve().parent / "data"

def data_path(triples: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"synthetic-{triples}-seed{seed}-v{VERSION}.nq"


def ensure(triples: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA_DIR) -> tuple[Path, int, float | None]:
    """The data file (written if missing): (path, quads, seconds to generate or None when reused)."""
    path = data_path(triples, seed, data_dir)
    if path.exists():
        with path.open("rb") as fh:
            count = sum(1 for _ in fh)
        return path, count, None
    started = time.perf_counter()
    text, count = generate(triples, seed)
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".nq.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path, count, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write synthetic vnqi-shaped N-Quads (benchmark data, not real)")
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = p.parse_args(argv)
    path, count, seconds = ensure(args.triples, args.seed, args.data_dir)
    how = f"generated in {seconds:.1f} s" if seconds is not None else "reused"
    print(f"{path}: {count} quads ({how})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
