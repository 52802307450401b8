"""Settings, read once (VNQI_ prefix) and passed down; nothing reads the environment elsewhere."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class StoreSettings(BaseSettings):
    """Where the graph is: what every command needs, read without the server's other settings (a bad
    VNQI_WRITE_TOKEN must not stop `vnqi build` or `vnqi load`)."""

    model_config = SettingsConfigDict(env_prefix="VNQI_", env_ignore_empty=True)  # VNQI_VAR_DIR= is unset, not "."

    var_dir: Path | None = None
    store: str | None = None  # "oxigraph:<dir>" or "memory:"; default: the current build under var_dir


class Settings(StoreSettings):
    """Runtime configuration of the HTTP app."""

    root: Path = ROOT
    base_iri: str = "https://w3id.org/vnqi/"
    query_timeout_s: float = 30.0  # a query running longer is stopped (its worker process is killed) → 503
    max_rows: int = 100_000  # results beyond are cut, with the X-Result-Truncated header
    max_body_bytes: int = 1_000_000  # larger request bodies → 413
    query_workers: int = 2  # worker processes running SPARQL queries
    query_in_memory: bool = True  # workers copy the store version into memory (2–3× faster; its size in RAM each)
    query_memory_mb: int = 2048  # what those copies may take in all; a worker whose copy would not fit reads the disk
    query_jemalloc: bool = True  # workers run with jemalloc when libjemalloc2 is installed (graph/worker_allocator.py)
    stream_from_bytes: int = 1 << 20  # larger answers are streamed as they leave the query worker (0: all but empty ones)
    write_token: str | None = None  # enables SPARQL Update and the Graph Store Protocol (Bearer)
    service_allow: list[str] = []  # SERVICE endpoints allowed; empty = SERVICE refused
    warm_up: bool = True  # compute the slow first-use caches of a stored graph in the background at start

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        """Derive var_dir from root and check the base IRI."""
        if self.var_dir is None:
            self.var_dir = self.root / "var"
        if self.write_token is not None and len(self.write_token) < 16:
            raise ValueError("VNQI_WRITE_TOKEN must be at least 16 characters")
        if self.query_timeout_s <= 0 or self.max_rows <= 0 or self.query_workers <= 0:
            raise ValueError("VNQI_QUERY_TIMEOUT_S, VNQI_MAX_ROWS and VNQI_QUERY_WORKERS must be positive")
        for name, value in (("VNQI_QUERY_MEMORY_MB", self.query_memory_mb), ("VNQI_STREAM_FROM_BYTES",
                                                                         self.stream_from_bytes)):
            if value < 0:
                raise ValueError(f"{name} must be 0 or more")
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith("/"):
            raise ValueError("VNQI_BASE_IRI must be an http(s) IRI ending with '/'")
        return self
